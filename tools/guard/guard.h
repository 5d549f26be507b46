/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the guard's BPF program (guard.bpf.c) and its loader
 * (discburn-guard.c): map layouts and the refusal record.
 */
#ifndef _DISCBURN_GUARD_H
#define _DISCBURN_GUARD_H

#define GUARD_MAX_RECORDERS	256	/* DISCBURN_MAX_RECORDERS */

/* What a node is: the same numbers mean different devices per kind */
enum guard_kind {
	GUARD_BLOCK = 1,	/* srN */
	GUARD_CHAR = 2,		/* sgN, bsg */
};

/* Key of the node map: a device number (the kernel's dev_t) and its kind */
struct guard_node {
	__u32 rdev;
	__u32 kind;
};

/* Value of the node map: whose lock covers the node */
struct guard_owner {
	__u32 index;		/* N of /dev/discburnN */
	__u32 tgid;		/* the owner's thread group, never 0 */
};

/* The recorder map, indexed by N: what the lock put in the node map */
struct guard_recorder {
	__u32 sr;
	__u32 sg;
	__u32 bsg;
	__u32 tgid;		/* 0: not locked */
};

/* How a command was tried */
enum guard_op {
	GUARD_OP_IOCTL = 1,
	GUARD_OP_IOCTL32 = 2,	/* a 32-bit process's ioctl */
	GUARD_OP_WRITE = 3,	/* write(2) and friends: sg's v3 interface, srN */
};

/* One refusal, sent to the loader through the ring buffer */
struct guard_refusal {
	__u32 pid;
	__u32 tgid;
	__u32 owner;
	__u32 index;
	__u32 rdev;
	__u32 kind;
	__u32 op;
	__u32 cmd;
	char comm[16];
};

/* Counters, an array map of these indices */
enum guard_stat {
	GUARD_STAT_REFUSED,
	GUARD_STAT_OWNER_PASSED,	/* the owner's own commands let through */
	GUARD_STAT_EVENTS,		/* lock and release events seen */
	GUARD_STAT_LOST,		/* refusal records the ring had no room for */
	GUARD_STAT_MAX,
};

#endif /* _DISCBURN_GUARD_H */
