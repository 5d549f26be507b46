// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded fuzzer for everything user space can reach: random sequences of
 * our ioctls (random numbers, sizes and contents, bad pointers), write(),
 * read() and poll() on /dev/discburnN (also during a data session the
 * fuzzer began), generic-netlink requests with random commands, flags and
 * attributes, configfs writes of random values to the emulator's knobs
 * (power and tray included) and random CDBs through SG_IO to the
 * emulator's sg node in every data direction.
 *
 * The kernel must answer all of it with errors or results: the VM runner
 * fails the program on any splat, and after the run the recorder must
 * still answer, unlock and go away cleanly.
 *
 * DISCBURN_FUZZ_SEED (default 1) and DISCBURN_FUZZ_CALLS (default 20000,
 * the short run of `make check`; `make fuzz` asks for 10^6) choose the run;
 * the seed and the counts per kind are logged so a failure can be replayed.
 */
#include <poll.h>
#include <scsi/sg.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "../core/core.h"
#include "../core/burn.h"
#include "kselftest_harness.h"

#define BUF_MAX		(65536 + 4096)

enum { K_IOCTL, K_RW, K_SGIO, K_NETLINK, K_CONFIGFS, K_REOPEN, K_BURN, K_NR };
static const char *const kind_names[K_NR] = {
	"ioctl", "read/write/poll", "SG_IO", "netlink", "configfs", "reopen",
	"session begin",
};

static const unsigned char emu_opcodes[] = {
	0x00, 0x01, 0x03, 0x04, 0x08, 0x12, 0x15, 0x1a, 0x1b, 0x1e, 0x23, 0x25,
	0x28, 0x2a, 0x2b, 0x2e, 0x35, 0x42, 0x43, 0x46, 0x4a, 0x51, 0x52, 0x53,
	0x54, 0x55, 0x5a, 0x5b, 0x5c, 0x5d, 0xa0, 0xa1, 0xa8, 0xaa, 0xac, 0xad,
	0xb6, 0xbb, 0xbd, 0xbe,
};

static const char *const knobs[] = {
	"medium", "capacity_sectors", "write_speed", "buffer_kib", "bufe",
	"busy_on_full", "max_transfer_kib", "store", "tray", "write_protect",
	"fail_write_lba", "fail_write_nth", "fail_sense", "unplug_write_nth",
	"vendor", "product", "revision", "power", "store_limit_mib", "drive",
	"corrupt_read_lba", "reorder_writes",
};

static const char *const words[] = {
	"0", "1", "2", "-1", "7", "48", "4096", "65536", "4294967295",
	"4294967296", "18446744073709551615", "cdr80", "cdrw", "dvdplusr",
	"dvdr", "dvdplusrw", "bdr", "bdre", "none", "open", "closed", "checksum",
	"memory", "3/0c/00", "5/24/00", "x", "", " ", "\n", "1 2", "0x10",
	"DISCBURN", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "\xff\xfe", "%s%n",
};

/* the struct each of our ioctls takes, by number (DISCBURN_IOC_BASE + n) */
static const size_t ioc_sizes[] = {
	sizeof(struct discburn_identity), sizeof(struct discburn_profiles),
	sizeof(struct discburn_features), sizeof(struct discburn_mode_pages),
	sizeof(struct discburn_capabilities), sizeof(struct discburn_write_speeds),
	sizeof(struct discburn_media_info), sizeof(struct discburn_lock),
	sizeof(struct discburn_unlock), sizeof(struct discburn_owner),
	sizeof(struct discburn_eject), sizeof(struct discburn_client_name),
	sizeof(struct discburn_format_support), sizeof(struct discburn_data_begin),
	sizeof(struct discburn_session_finish), sizeof(struct discburn_session_cancel),
	sizeof(struct discburn_progress), sizeof(struct discburn_erase),
	sizeof(struct discburn_raw_prepare), sizeof(struct discburn_raw_write),
	sizeof(struct discburn_raw_release), sizeof(struct discburn_stream_join),
};
#define NR_IOCS	(sizeof(ioc_sizes) / sizeof(ioc_sizes[0]))

static __u64 rng_state;

static __u64 rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static __u32 below(__u32 n)
{
	return n ? (__u32)(rnd() % n) : 0;
}

static void fill(unsigned char *p, size_t len)
{
	size_t i;

	switch (below(4)) {
	case 0:
		memset(p, 0, len);
		break;
	case 1:
		memset(p, 0xff, len);
		break;
	default:
		for (i = 0; i < len; i++)
			p[i] = (unsigned char)rnd();
	}
}

/* a length around the interesting edges */
static size_t rnd_len(size_t max)
{
	static const size_t edges[] = { 0, 1, 4, 8, 16, 64, 255, 256, 2048, 2352,
					2448, 4095, 4096, 4097, 32768, 65536 };

	if (below(3))
		return edges[below(sizeof(edges) / sizeof(edges[0]))] % (max + 1);
	return below(max + 1);
}

FIXTURE(fuzz) {
	struct emu emu;
	int fd, sg;
	struct nl_sock *nl;
	int family;
	unsigned char *buf;
	unsigned long counts[K_NR];
	unsigned long errors[K_NR];
	__u64 seed;
	unsigned long calls;
};

/* (Re)open /dev/discburnN and sgN of the drive, wherever a power cycle put them */
static void open_nodes(FIXTURE_DATA(fuzz) *self)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->sg >= 0)
		close(self->sg);
	self->fd = -1;
	self->sg = -1;
	/* the drive may be unplugged (power=0) right now: then both stay -1 */
	emu_read_nodes(&self->emu, true);
	if (!self->emu.sr[0])
		return;
	if (self->emu.index >= 0)
		self->fd = rec_open(&self->emu, (below(4) ? O_RDWR : O_RDONLY) |
				    (below(8) ? O_NONBLOCK : 0));
	if (self->emu.sgdev[0])
		self->sg = open(self->emu.sgdev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

FIXTURE_SETUP(fuzz)
{
	const char *s;
	struct timeval tv = { .tv_sec = 5 };

	self->fd = -1;
	self->sg = -1;
	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	s = getenv("DISCBURN_FUZZ_SEED");
	self->seed = s ? strtoull(s, NULL, 0) : 1;
	s = getenv("DISCBURN_FUZZ_CALLS");
	self->calls = s ? strtoul(s, NULL, 0) : 20000;
	rng_state = self->seed * 0x9E3779B97F4A7C15ULL + 1;
	self->buf = mmap(NULL, BUF_MAX, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	ASSERT_NE(MAP_FAILED, self->buf);
	ASSERT_EQ(0, emu_new(&self->emu, "dvdplusr", NULL));
	open_nodes(self);
	ASSERT_LE(0, self->fd);
	ASSERT_LE(0, self->sg);
	self->nl = nl_socket_alloc();
	ASSERT_NE(NULL, self->nl);
	nl_socket_disable_seq_check(self->nl);
	ASSERT_EQ(0, genl_connect(self->nl));
	self->family = genl_ctrl_resolve(self->nl, DISCBURN_FAMILY_NAME);
	ASSERT_LT(0, self->family);
	setsockopt(nl_socket_get_fd(self->nl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

FIXTURE_TEARDOWN(fuzz)
{
	int i;

	for (i = 0; i < K_NR; i++)
		if (self->counts[i])
			TH_LOG("%-16s %8lu calls, %8lu errors", kind_names[i], self->counts[i],
			       self->errors[i]);
	if (self->nl)
		nl_socket_free(self->nl);
	if (self->fd >= 0)
		close(self->fd);
	if (self->sg >= 0)
		close(self->sg);
	if (self->buf && self->buf != MAP_FAILED)
		munmap(self->buf, BUF_MAX);
	emu_del(&self->emu);
}

/* An ioctl: ours (mostly) or a random number, a struct of random size. */
static int do_ioctl(FIXTURE_DATA(fuzz) *self)
{
	unsigned char *b = self->buf;
	unsigned long req;
	size_t len;
	__u32 size, nr;
	void *arg;

	if (self->fd < 0)
		return 0;
	nr = below(NR_IOCS + 2);
	if (below(10))
		req = _IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + nr);
	else
		req = (unsigned long)(__u32)rnd();
	/* mostly the struct's own size, so the handlers behind the checks run */
	if (nr < NR_IOCS && below(3))
		len = ioc_sizes[nr] + (below(4) ? 0 : below(16)) - (below(4) ? 0 : below(16));
	else
		len = rnd_len(4096 + 64);
	if (len > 4096 + 64)
		len = 4096 + 64;
	if (below(2)) {
		/* zeros with a few random bytes: valid flags, names, offsets */
		int k, nk = below(4);

		memset(b, 0, len + 8);
		for (k = 0; k < nk && len > 4; k++)
			b[4 + below(len - 4)] = (unsigned char)rnd();
	} else {
		fill(b, len + 8);
	}
	/* the size field: what the struct says, or junk */
	size = below(5) ? (__u32)len : (__u32)rnd();
	memcpy(b, &size, sizeof(size));
	switch (below(20)) {
	case 0:
		arg = NULL;
		break;
	case 1:
		arg = (void *)(unsigned long)rnd();
		break;
	case 2:
		/* a struct that ends where the mapping ends */
		arg = b + BUF_MAX - (len < 8 ? 8 : len);
		memcpy(arg, &size, sizeof(size));
		break;
	default:
		arg = b;
	}
	return ioctl(self->fd, req, arg);
}

static int do_rw(FIXTURE_DATA(fuzz) *self)
{
	struct pollfd p = { .fd = self->fd, .events = POLLIN | POLLOUT };
	size_t len = rnd_len(65536);

	if (self->fd < 0)
		return 0;
	switch (below(4)) {
	case 0:
		return read(self->fd, self->buf, len);
	case 1:
		return poll(&p, 1, 0);
	default:
		fill(self->buf, len);
		return write(self->fd, self->buf, len);
	}
}

static int do_sgio(FIXTURE_DATA(fuzz) *self)
{
	static const int dirs[] = { SG_DXFER_NONE, SG_DXFER_TO_DEV, SG_DXFER_FROM_DEV,
				    SG_DXFER_TO_FROM_DEV };
	static const unsigned char lens[] = { 6, 10, 12, 16 };
	unsigned char cdb[16], sense[64];
	struct sg_io_hdr io = { .interface_id = 'S' };

	if (self->sg < 0)
		return 0;
	fill(cdb, sizeof(cdb));
	if (below(4))
		cdb[0] = emu_opcodes[below(sizeof(emu_opcodes))];
	if (below(2)) {
		/* small transfer lengths reach the handlers more often */
		cdb[7] = 0;
		cdb[8] = (unsigned char)below(64);
	}
	io.cmd_len = lens[below(4)];
	io.cmdp = cdb;
	io.dxfer_direction = dirs[below(4)];
	io.dxfer_len = io.dxfer_direction == SG_DXFER_NONE ? 0 : rnd_len(65536);
	io.dxferp = io.dxfer_len ? self->buf : NULL;
	if (io.dxfer_direction == SG_DXFER_TO_DEV)
		fill(self->buf, io.dxfer_len);
	io.sbp = sense;
	io.mx_sb_len = sizeof(sense);
	io.timeout = 20000;
	if (ioctl(self->sg, SG_IO, &io))
		return -1;
	return io.status || io.host_status || io.driver_status ? -1 : 0;
}

static int do_netlink(FIXTURE_DATA(fuzz) *self)
{
	unsigned char payload[96];
	struct nl_msg *msg;
	int i, n, ret;

	msg = nlmsg_alloc();
	if (!msg)
		return -1;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, self->family, 0,
			 below(3) ? 0 : NLM_F_DUMP,
			 below(2) ? DISCBURN_CMD_GET_RECORDER : (__u8)below(12), (__u8)below(3))) {
		nlmsg_free(msg);
		return -1;
	}
	n = below(5);
	for (i = 0; i < n; i++) {
		size_t len = below(sizeof(payload) + 1);

		fill(payload, len);
		/* the u32 index at its size and in range, or anything */
		if (below(2)) {
			__u32 idx = below(2) ? below(4) : (__u32)rnd();

			len = 4;
			memcpy(payload, &idx, 4);
		}
		if (nla_put(msg, below(2) ? 1 : below(24), len, payload))
			break;
	}
	ret = nl_send_auto(self->nl, msg);
	nlmsg_free(msg);
	if (ret < 0)
		return -1;
	/* the answer, a dump or the error; SO_RCVTIMEO bounds the wait */
	ret = nl_recvmsgs_default(self->nl);
	/* what is left of it (an ACK after a reply) must not meet the next one */
	while (recv(nl_socket_get_fd(self->nl), payload, sizeof(payload), MSG_DONTWAIT) >= 0)
		;
	return ret < 0 ? -1 : 0;
}

static int do_configfs(FIXTURE_DATA(fuzz) *self)
{
	const char *knob = knobs[below(sizeof(knobs) / sizeof(knobs[0]))];
	char path[PATH_MAX + 64], val[64];

	snprintf(path, sizeof(path), "%s/%s", self->emu.dir, knob);
	if (below(3))
		snprintf(val, sizeof(val), "%s", words[below(sizeof(words) / sizeof(words[0]))]);
	else
		snprintf(val, sizeof(val), "%llu", (unsigned long long)(rnd() >> below(64)));
	/* power cycles are rare: each one re-creates the nodes */
	if (!strcmp(knob, "power") && below(8))
		return 0;
	return st_write(path, val);
}

TEST_F_TIMEOUT(fuzz, random_calls_leave_the_kernel_sound, 7200)
{
	struct discburn_identity id = { .size = sizeof(id) };
	unsigned long i;
	char path[PATH_MAX + 16];

	TH_LOG("seed %llu, %lu calls", (unsigned long long)self->seed, self->calls);
	for (i = 0; i < self->calls; i++) {
		__u32 r = below(100);
		int kind, ret;

		kind = r < 45 ? K_IOCTL : r < 60 ? K_RW : r < 82 ? K_SGIO :
		       r < 90 ? K_NETLINK : r < 97 ? K_CONFIGFS : r < 99 ? K_REOPEN : K_BURN;
		switch (kind) {
		case K_IOCTL:
			ret = do_ioctl(self);
			break;
		case K_RW:
			ret = do_rw(self);
			break;
		case K_SGIO:
			ret = do_sgio(self);
			break;
		case K_NETLINK:
			ret = do_netlink(self);
			break;
		case K_CONFIGFS:
			ret = do_configfs(self);
			break;
		case K_BURN:
			/* a real data session, so the calls around it meet one */
			ret = self->fd >= 0 ? burn_begin(self->fd, 0, 0, NULL) : 0;
			break;
		default:
			open_nodes(self);
			ret = 0;
		}
		self->counts[kind]++;
		self->errors[kind] += ret < 0;
		/* an unplugged drive stays unplugged a little while, then returns */
		if ((self->fd < 0 || self->sg < 0) && below(50) == 0) {
			snprintf(path, sizeof(path), "%s/power", self->emu.dir);
			st_write(path, "1");
			st_msleep(200);
			open_nodes(self);
		}
	}

	/* whatever state it was left in, the drive is still ours to use */
	snprintf(path, sizeof(path), "%s/power", self->emu.dir);
	st_write(path, "1");
	for (i = 0; i < 100; i++) {
		open_nodes(self);
		if (self->fd >= 0)
			break;
		st_msleep(100);
	}
	ASSERT_LE(0, self->fd) TH_LOG("the recorder is gone after the run");
	ASSERT_EQ(0, ioctl(self->fd, DISCBURN_IOC_GET_IDENTITY, &id)) TH_LOG("identity: %m");
}

TEST_HARNESS_MAIN
