// SPDX-License-Identifier: GPL-2.0
/*
 * discburn's guard, the BPF half (Documentation/guard.rst): while a
 * recorder is locked, refuse with EBUSY every command-sending ioctl and
 * every write(2) on its srN, sgN and bsg nodes from any process but the
 * lock's owner. Everything else goes through unchanged.
 *
 * What is locked comes from discburn.ko's tracepoint discburn_guard_lock,
 * which fires in the locking task before the lock ioctl returns; the raw
 * tracepoint program below keeps the node map in step with it. The LSM
 * programs only look the node up. Kernel types are declared here with the
 * two fields used (CO-RE relocates them against the running kernel's BTF),
 * so the object builds without a vmlinux.h.
 */
#include <stdbool.h>
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "guard.h"

#define EBUSY		16
#define MAY_WRITE	0x2
#define S_IFMT		00170000
#define S_IFBLK		0060000
#define S_IFCHR		0020000

struct inode {
	unsigned short i_mode;
	__u32 i_rdev;
} __attribute__((preserve_access_index));

struct file {
	struct inode *f_inode;
} __attribute__((preserve_access_index));

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 3 * GUARD_MAX_RECORDERS);
	__type(key, struct guard_node);
	__type(value, struct guard_owner);
} nodes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, GUARD_MAX_RECORDERS);
	__type(key, __u32);
	__type(value, struct guard_recorder);
} recorders SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, GUARD_STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} refusals SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &which);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline void node_set(__u32 rdev, __u32 kind, __u32 index,
				     __u32 tgid)
{
	struct guard_node k = { .rdev = rdev, .kind = kind };
	struct guard_owner v = { .index = index, .tgid = tgid };

	if (rdev)
		bpf_map_update_elem(&nodes, &k, &v, BPF_ANY);
}

static __always_inline void node_clear(__u32 rdev, __u32 kind)
{
	struct guard_node k = { .rdev = rdev, .kind = kind };

	if (rdev)
		bpf_map_delete_elem(&nodes, &k);
}

/* A lock (tgid > 0) or a release (tgid 0) of recorder @index */
SEC("raw_tp/discburn_guard_lock")
int BPF_PROG(guard_lock_event, int index, __u32 sr, __u32 sg, __u32 bsg, int tgid)
{
	__u32 i = index;
	struct guard_recorder *r = bpf_map_lookup_elem(&recorders, &i);

	count(GUARD_STAT_EVENTS);
	if (!r)
		return 0;
	node_clear(r->sr, GUARD_BLOCK);
	node_clear(r->sg, GUARD_CHAR);
	node_clear(r->bsg, GUARD_CHAR);
	r->sr = r->sg = r->bsg = r->tgid = 0;
	if (tgid <= 0)
		return 0;
	node_set(sr, GUARD_BLOCK, i, tgid);
	node_set(sg, GUARD_CHAR, i, tgid);
	node_set(bsg, GUARD_CHAR, i, tgid);
	r->sr = sr;
	r->sg = sg;
	r->bsg = bsg;
	r->tgid = tgid;
	return 0;
}

/*
 * Does ioctl @cmd send a command to the drive (or reset it)? SG_IO and
 * sg's reset; the SCSI_IOCTL_* that send; every CDROM_* (0x53xx) but the
 * cached capability mask and the SCSI address queries; the block ioctls
 * that write. The rest (sg's and the block layer's settings and queries)
 * touch no drive.
 */
static __always_inline bool sends_commands(__u32 cmd)
{
	switch (cmd) {
	case 0x2285:		/* SG_IO (sg, srN, bsg) */
	case 0x2284:		/* SG_SCSI_RESET */
	case 1:			/* SCSI_IOCTL_SEND_COMMAND */
	case 2:			/* SCSI_IOCTL_TEST_UNIT_READY */
	case 3:			/* SCSI_IOCTL_BENCHMARK_COMMAND */
	case 4:			/* SCSI_IOCTL_SYNC */
	case 5:			/* SCSI_IOCTL_START_UNIT */
	case 6:			/* SCSI_IOCTL_STOP_UNIT */
	case 0x1277:		/* BLKDISCARD */
	case 0x127d:		/* BLKSECDISCARD */
	case 0x127f:		/* BLKZEROOUT */
		return true;
	case 0x5331:		/* CDROM_GET_CAPABILITY: a cached mask */
	case 0x5382:		/* SCSI_IOCTL_GET_IDLUN */
	case 0x5385:		/* SCSI_IOCTL_PROBE_HOST */
	case 0x5386:		/* SCSI_IOCTL_GET_BUS_NUMBER */
	case 0x5387:		/* SCSI_IOCTL_GET_PCI */
		return false;
	}
	return (cmd >> 8) == 0x53;	/* CDROM_*, SCSI_IOCTL_DOOR(UN)LOCK */
}

/* 0, or -EBUSY when @file is a locked recorder's node and we do not own it */
static __always_inline int guard_check(struct file *file, __u32 op, __u32 cmd)
{
	struct guard_refusal *rf;
	struct guard_owner *o;
	struct guard_node k;
	struct inode *inode;
	__u32 tgid, mode;
	__u64 id;

	inode = BPF_CORE_READ(file, f_inode);
	mode = BPF_CORE_READ(inode, i_mode) & S_IFMT;
	if (mode == S_IFBLK)
		k.kind = GUARD_BLOCK;
	else if (mode == S_IFCHR)
		k.kind = GUARD_CHAR;
	else
		return 0;
	k.rdev = BPF_CORE_READ(inode, i_rdev);
	o = bpf_map_lookup_elem(&nodes, &k);
	if (!o)
		return 0;
	id = bpf_get_current_pid_tgid();
	tgid = id >> 32;
	if (tgid == o->tgid) {
		count(GUARD_STAT_OWNER_PASSED);
		return 0;
	}
	count(GUARD_STAT_REFUSED);
	rf = bpf_ringbuf_reserve(&refusals, sizeof(*rf), 0);
	if (!rf) {
		count(GUARD_STAT_LOST);
		return -EBUSY;
	}
	rf->pid = (__u32)id;
	rf->tgid = tgid;
	rf->owner = o->tgid;
	rf->index = o->index;
	rf->rdev = k.rdev;
	rf->kind = k.kind;
	rf->op = op;
	rf->cmd = cmd;
	bpf_get_current_comm(rf->comm, sizeof(rf->comm));
	bpf_ringbuf_submit(rf, 0);
	return -EBUSY;
}

SEC("lsm/file_ioctl")
int BPF_PROG(guard_ioctl, struct file *file, unsigned int cmd, unsigned long arg,
	     int ret)
{
	if (ret)
		return ret;
	return sends_commands(cmd) ? guard_check(file, GUARD_OP_IOCTL, cmd) : 0;
}

SEC("lsm/file_ioctl_compat")
int BPF_PROG(guard_ioctl_compat, struct file *file, unsigned int cmd,
	     unsigned long arg, int ret)
{
	if (ret)
		return ret;
	return sends_commands(cmd) ? guard_check(file, GUARD_OP_IOCTL32, cmd) : 0;
}

/* write(2), writev, pwrite, aio, io_uring: sg's v3 interface and srN */
SEC("lsm/file_permission")
int BPF_PROG(guard_permission, struct file *file, int mask, int ret)
{
	if (ret)
		return ret;
	return mask & MAY_WRITE ? guard_check(file, GUARD_OP_WRITE, 0) : 0;
}
