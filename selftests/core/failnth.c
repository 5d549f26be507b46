// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures, one at a time, in every ioctl, the netlink command
 * and every configfs commit (the iommufd selftests' fail-nth pattern).
 *
 * For an operation, write N to /proc/thread-self/fail-nth and run it: the
 * N-th fault-injection site this thread reaches (a slab allocation or a
 * page allocation, failslab and fail_page_alloc armed for every gfp) fails.
 * Reading fail-nth back says whether it was reached: 0 yes, else the
 * operation ran to the end without meeting an N-th site, and the loop
 * stops there, with that untouched run required to succeed. Each failure
 * must give a clean error or a success, and leave the recorder as it was:
 * unlocked, no session, every ioctl working; after the loop a real burn
 * still reads back. The VM runner fails the run on a splat, the debug
 * lane on a kmemleak report.
 *
 * Needs CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC and the debugfs
 * knobs: the debug kernel of `make check-debug`. Skips elsewhere.
 */
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "burn.h"

#define FAILNTH_MAX	20000	/* sites one operation may have, at most */
#define RING_KIB	256	/* the smallest ring: fewer page sites */

static int nth_fd = -1;

static const char *const fault_knobs[][2] = {
	{ "/sys/kernel/debug/failslab/ignore-gfp-wait", "N" },
	{ "/sys/kernel/debug/failslab/verbose", "0" },
	{ "/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N" },
	{ "/sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem", "N" },
	{ "/sys/kernel/debug/fail_page_alloc/min-order", "0" },
	{ "/sys/kernel/debug/fail_page_alloc/verbose", "0" },
};

static char saved_knobs[ARRAY_SIZE(fault_knobs)][32];

/*
 * Allocation failures with this kernel function on the stack are not
 * injected: a bug of the kernel's own, not of the code under test, that
 * the loop would otherwise hit every time.
 *  - scsi_alloc_sdev(): on 6.12, when its budget map (an sbitmap) cannot
 *    be allocated it puts a scsi_device it has not initialised yet
 *    (kobject_put() warning, refcount underflow, BUG); reached by
 *    powering on an emulated drive.
 */
static const char kernel_bug[] = "scsi_alloc_sdev";	/* one range per injector */

static const char *const reject_knobs[] = {
	"/sys/kernel/debug/failslab/reject-start",
	"/sys/kernel/debug/failslab/reject-end",
	"/sys/kernel/debug/fail_page_alloc/reject-start",
	"/sys/kernel/debug/fail_page_alloc/reject-end",
};

static char saved_reject[ARRAY_SIZE(reject_knobs)][32];

/* [start, end) of kernel function @name, from /proc/kallsyms; 0 or -errno. */
static int kallsyms_range(const char *name, unsigned long *start, unsigned long *end)
{
	unsigned long addr, next = ~0UL;
	char line[256], sym[128], type;
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f)
		return -errno;
	*start = 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx %c %127s", &addr, &type, sym) == 3 &&
		    (type == 't' || type == 'T') && !strcmp(sym, name))
			*start = addr;
	rewind(f);
	while (*start && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx %c %127s", &addr, &type, sym) == 3 &&
		    addr > *start && addr < next)
			next = addr;
	fclose(f);
	if (!*start || next == ~0UL)
		return -ENOENT;
	*end = next;
	return 0;
}

/* Keep the injectors away from the kernel bug above; 0 or -errno. */
static int faults_reject_kernel_bug(void)
{
	unsigned long start = 0, end = 0;
	char val[32];
	size_t i;
	int ret;

	ret = kallsyms_range(kernel_bug, &start, &end);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(reject_knobs); i++) {
		ret = st_read(reject_knobs[i], saved_reject[i], sizeof(saved_reject[i]));
		if (ret)
			return ret;
		snprintf(val, sizeof(val), "%#lx", i % 2 ? end : start);
		ret = st_write(reject_knobs[i], val);
		if (ret)
			return ret;
	}
	return 0;
}

/* Arm the injectors for every allocation; 0, or -errno when they are absent. */
static int faults_arm(void)
{
	char path[64];
	size_t i;
	int ret;

	snprintf(path, sizeof(path), "/proc/self/task/%d/fail-nth", gettid());
	nth_fd = open(path, O_RDWR | O_CLOEXEC);
	if (nth_fd < 0)
		return -errno;
	for (i = 0; i < ARRAY_SIZE(fault_knobs); i++) {
		ret = st_read(fault_knobs[i][0], saved_knobs[i], sizeof(saved_knobs[i]));
		if (ret)
			return ret;
		ret = st_write(fault_knobs[i][0], fault_knobs[i][1]);
		if (ret)
			return ret;
	}
	return 0;
}

static void faults_disarm(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(reject_knobs); i++)
		if (saved_reject[i][0])
			st_write(reject_knobs[i], saved_reject[i]);
	for (i = 0; i < ARRAY_SIZE(fault_knobs); i++)
		if (saved_knobs[i][0])
			st_write(fault_knobs[i][0], saved_knobs[i]);
	if (nth_fd >= 0)
		close(nth_fd);
	nth_fd = -1;
}

/* The fd is opened once: opening it would itself pass injection sites. */
static void nth_set(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(nth_fd, buf, len, 0) != len)
		abort();
}

static unsigned int nth_left(void)
{
	char buf[16] = "";

	if (pread(nth_fd, buf, sizeof(buf) - 1, 0) <= 0)
		abort();
	return strtoul(buf, NULL, 10);
}

/* Brackets in the kernel log: tools/vm/splat-scan forgives the allocation
 * failure reports printed between them (the failures asked for). */
static void kmsg(const char *what)
{
	char line[128];

	snprintf(line, sizeof(line), "discburn-failnth: %s", what);
	st_write("/dev/kmsg", line);
}

struct ctx {
	struct emu e;
	int fd;			/* /dev/discburnN */
	int fd2;		/* a second recorder's, for STREAM_JOIN */
	struct emu e2;
	unsigned char *data;	/* a few sectors of stream */
	struct nl_sock *mon;	/* subscribed to the events group */
	int family;
	const char *medium;	/* the operation's */
};

struct op {
	const char *name;
	const char *medium;
	int (*prepare)(struct ctx *c);
	int (*run)(struct ctx *c);	/* under fail-nth: 0 or -errno */
	void (*cleanup)(struct ctx *c);
	bool allocates;		/* must meet at least one injection site */
};

#define DATA_SECTORS	64

static int ioc(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

/* ---- read-only ioctls ---- */

#define SIZED(type, var)	type var; memset(&var, 0, sizeof(var)); var.size = sizeof(var)

static int run_identity(struct ctx *c)
{
	SIZED(struct discburn_identity, x);
	return ioc(c->fd, DISCBURN_IOC_GET_IDENTITY, &x);
}

static int run_profiles(struct ctx *c)
{
	SIZED(struct discburn_profiles, x);
	return ioc(c->fd, DISCBURN_IOC_GET_PROFILES, &x);
}

static int run_features(struct ctx *c)
{
	SIZED(struct discburn_features, x);
	return ioc(c->fd, DISCBURN_IOC_GET_FEATURES, &x);
}

static int run_mode_pages(struct ctx *c)
{
	SIZED(struct discburn_mode_pages, x);
	return ioc(c->fd, DISCBURN_IOC_GET_MODE_PAGES, &x);
}

static int run_capabilities(struct ctx *c)
{
	SIZED(struct discburn_capabilities, x);
	return ioc(c->fd, DISCBURN_IOC_GET_CAPABILITIES, &x);
}

static int run_write_speeds(struct ctx *c)
{
	SIZED(struct discburn_write_speeds, x);
	return ioc(c->fd, DISCBURN_IOC_GET_WRITE_SPEEDS, &x);
}

static int run_media_info(struct ctx *c)
{
	SIZED(struct discburn_media_info, x);
	return ioc(c->fd, DISCBURN_IOC_GET_MEDIA_INFO, &x);
}

static int run_owner(struct ctx *c)
{
	SIZED(struct discburn_owner, x);
	return ioc(c->fd, DISCBURN_IOC_GET_OWNER, &x);
}

static int run_format_support(struct ctx *c)
{
	SIZED(struct discburn_format_support, x);
	x.format = DISCBURN_FORMAT_DATA;
	return ioc(c->fd, DISCBURN_IOC_GET_FORMAT_SUPPORT, &x);
}

static int run_progress(struct ctx *c)
{
	struct discburn_progress p;

	return burn_progress(c->fd, &p);
}

static int run_client_name(struct ctx *c)
{
	return burn_set_name(c->fd, "failnth client", NULL);
}

static int run_open_close(struct ctx *c)
{
	int fd = rec_open(&c->e, O_RDWR);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* ---- the lock ---- */

static void unlock_all(struct ctx *c)
{
	_rec_unlock(c->fd, 0, NULL);
}

static int run_lock(struct ctx *c)
{
	return _rec_lock(c->fd, "failnth", 0, NULL);
}

static int prep_lock(struct ctx *c)
{
	return _rec_lock(c->fd, "failnth", 0, NULL);
}

static int run_unlock(struct ctx *c)
{
	return _rec_unlock(c->fd, 0, NULL);
}

static int run_eject(struct ctx *c)
{
	SIZED(struct discburn_eject, x);
	return ioc(c->fd, DISCBURN_IOC_EJECT, &x);
}

static void reload(struct ctx *c)
{
	SIZED(struct discburn_eject, x);

	_rec_unlock(c->fd, 0, NULL);
	x.flags = DISCBURN_EJECT_CLOSE_TRAY;
	ioc(c->fd, DISCBURN_IOC_EJECT, &x);
}

/* ---- data sessions ---- */

static int begin(struct ctx *c, int fd)
{
	struct discburn_data_begin b;
	int ret = burn_set_name(fd, "failnth", NULL);

	if (ret)
		return ret;
	burn_begin_init(&b, 0, 0);
	b.ring_kib = RING_KIB;
	return _burn_begin(fd, &b);
}

static int prep_name(struct ctx *c)
{
	return burn_set_name(c->fd, "failnth", NULL);
}

static int run_begin(struct ctx *c)
{
	struct discburn_data_begin b;

	burn_begin_init(&b, 0, 0);
	b.ring_kib = RING_KIB;
	return _burn_begin(c->fd, &b);
}

/* Whatever state the file is in, back to IDLE and unlocked. */
static void end_session(struct ctx *c)
{
	struct discburn_session_finish f;
	struct discburn_progress p;

	burn_cancel(c->fd, NULL);
	burn_finish(c->fd, &f, 0);
	if (!burn_progress(c->fd, &p) && p.state == DISCBURN_SESSION_PREPARED) {
		SIZED(struct discburn_raw_release, r);
		ioc(c->fd, DISCBURN_IOC_RAW_RELEASE, &r);
	}
	unlock_all(c);
}

static int prep_begin(struct ctx *c)
{
	return begin(c, c->fd);
}

static int run_write(struct ctx *c)
{
	ssize_t n = write(c->fd, c->data, DATA_SECTORS * SECTOR);

	if (n < 0)
		return -errno;
	return n == DATA_SECTORS * SECTOR ? 0 : -EIO;
}

static int prep_written(struct ctx *c)
{
	int ret = begin(c, c->fd);

	return ret ? ret : run_write(c);
}

static int run_finish(struct ctx *c)
{
	struct discburn_session_finish f;

	return burn_finish(c->fd, &f, 0);
}

/* A session may have written or reserved: a fresh disc for the next round. */
static void end_and_reinsert(struct ctx *c)
{
	end_session(c);
	emu_knob(&c->e, "medium", c->medium);
}

static int run_cancel(struct ctx *c)
{
	return burn_cancel(c->fd, NULL);
}

static int run_erase(struct ctx *c)
{
	return burn_erase(c->fd, 0, NULL);
}

static int prep_join(struct ctx *c)
{
	int ret = begin(c, c->fd);

	return ret ? ret : begin(c, c->fd2);
}

static int run_join(struct ctx *c)
{
	SIZED(struct discburn_stream_join, j);
	j.fd = c->fd;
	return ioc(c->fd2, DISCBURN_IOC_STREAM_JOIN, &j);
}

static void end_join(struct ctx *c)
{
	struct discburn_session_finish f;

	burn_cancel(c->fd2, NULL);
	burn_finish(c->fd2, &f, 0);
	_rec_unlock(c->fd2, 0, NULL);
	emu_knob(&c->e2, "medium", c->medium);
	end_and_reinsert(c);
}

/* ---- raw sessions ---- */

static int raw_name(struct ctx *c)
{
	SIZED(struct discburn_client_name, cn);
	cn.format = DISCBURN_FORMAT_RAW;
	strcpy((char *)cn.client_name, "failnth raw");
	return ioc(c->fd, DISCBURN_IOC_SET_CLIENT_NAME, &cn);
}

static int run_raw_prepare(struct ctx *c)
{
	SIZED(struct discburn_raw_prepare, rp);
	rp.sector_type = DISCBURN_RAW_SUBCODE_PQ_ONLY;
	return ioc(c->fd, DISCBURN_IOC_RAW_PREPARE, &rp);
}

static int prep_raw_prepared(struct ctx *c)
{
	int ret = raw_name(c);

	return ret ? ret : run_raw_prepare(c);
}

static int run_raw_write(struct ctx *c)
{
	SIZED(struct discburn_raw_write, rw);
	rw.ring_kib = RING_KIB;
	return ioc(c->fd, DISCBURN_IOC_RAW_WRITE, &rw);
}

static int run_raw_release(struct ctx *c)
{
	SIZED(struct discburn_raw_release, r);
	return ioc(c->fd, DISCBURN_IOC_RAW_RELEASE, &r);
}

/* ---- netlink ---- */

static int nl_get(struct ctx *c, bool dump)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_msg *msg;
	int ret = -ENOMEM;

	if (!sk)
		return -ENOMEM;
	if (genl_connect(sk)) {
		ret = -ECONNREFUSED;
		goto out;
	}
	msg = nlmsg_alloc();
	if (!msg)
		goto out;
	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0,
		    dump ? NLM_F_DUMP : 0, DISCBURN_CMD_GET_RECORDER, DISCBURN_FAMILY_VERSION);
	if (!dump)
		nla_put_u32(msg, DISCBURN_A_RECORDER_INDEX, c->e.index);
	ret = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (ret < 0)
		goto out;
	ret = nl_recvmsgs_default(sk);
	ret = ret < 0 ? -EIO : 0;
out:
	nl_socket_free(sk);
	return ret;
}

static int run_nl_do(struct ctx *c)
{
	return nl_get(c, false);
}

static int run_nl_dump(struct ctx *c)
{
	return nl_get(c, true);
}

static int run_nl_subscribe(struct ctx *c)
{
	struct nl_sock *sk = nl_socket_alloc();
	int grp, ret = -ENOMEM;

	if (!sk)
		return ret;
	ret = -ECONNREFUSED;
	if (genl_connect(sk))
		goto out;
	grp = genl_ctrl_resolve_grp(sk, DISCBURN_FAMILY_NAME, DISCBURN_MCGRP_EVENTS);
	ret = grp < 0 ? -ENOENT : nl_socket_add_membership(sk, grp) ? -EIO : 0;
out:
	nl_socket_free(sk);
	return ret;
}

/* ---- configfs (the emulator's) ---- */

static char cfs_dir[PATH_MAX];

static int run_cfs_mkdir(struct ctx *c)
{
	snprintf(cfs_dir, sizeof(cfs_dir), EMU_CFS "/failnth%d", getpid());
	return mkdir(cfs_dir, 0755) ? -errno : 0;
}

static void cfs_rmdir(struct ctx *c)
{
	char path[PATH_MAX + 8];

	snprintf(path, sizeof(path), "%s/power", cfs_dir);
	st_write(path, "0");
	rmdir(cfs_dir);
}

static int prep_cfs(struct ctx *c)
{
	char path[PATH_MAX + 8];
	int ret = run_cfs_mkdir(c);

	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/medium", cfs_dir);
	return st_write(path, "cdr80");
}

/* Every knob, one commit each, of the value it shows (so that it takes it). */
static const char *const cfs_knobs[] = {
	"drive", "vendor", "product", "revision", "medium", "capacity_sectors",
	"write_speed", "buffer_kib", "bufe", "busy_on_full", "max_transfer_kib",
	"store", "store_limit_mib", "tray", "write_protect", "fail_write_lba",
	"corrupt_read_lba", "fail_write_nth", "fail_sense", "fail_timeout_nth",
	"unplug_write_nth", "reorder_writes",
};

static char cfs_values[ARRAY_SIZE(cfs_knobs)][64];

static int prep_cfs_knobs(struct ctx *c)
{
	char path[PATH_MAX + 32];
	size_t i;
	int ret = prep_cfs(c);

	for (i = 0; !ret && i < ARRAY_SIZE(cfs_knobs); i++) {
		snprintf(path, sizeof(path), "%s/%s", cfs_dir, cfs_knobs[i]);
		ret = st_read(path, cfs_values[i], sizeof(cfs_values[i]));
	}
	return ret;
}

static int run_cfs_knobs(struct ctx *c)
{
	char path[PATH_MAX + 32];
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cfs_knobs); i++) {
		snprintf(path, sizeof(path), "%s/%s", cfs_dir, cfs_knobs[i]);
		ret = st_write(path, cfs_values[i]);
		if (ret)
			return ret;
	}
	return 0;
}

static int run_cfs_power(struct ctx *c)
{
	char path[PATH_MAX + 8];

	snprintf(path, sizeof(path), "%s/power", cfs_dir);
	return st_write(path, "1");
}

#define A 1	/* allocates */
static const struct op ops[] = {
	{ "open_release", "dvdplusr", NULL, run_open_close, NULL, A },
	{ "GET_IDENTITY", "dvdplusr", NULL, run_identity, NULL, 0 },
	{ "GET_PROFILES", "dvdplusr", NULL, run_profiles, NULL, 0 },
	{ "GET_FEATURES", "dvdplusr", NULL, run_features, NULL, 0 },
	{ "GET_MODE_PAGES", "dvdplusr", NULL, run_mode_pages, NULL, 0 },
	{ "GET_CAPABILITIES", "dvdplusr", NULL, run_capabilities, NULL, 0 },
	{ "GET_WRITE_SPEEDS", "dvdplusr", NULL, run_write_speeds, NULL, 0 },
	{ "GET_MEDIA_INFO", "cdr80", NULL, run_media_info, NULL, 0 },
	{ "GET_OWNER", "dvdplusr", NULL, run_owner, NULL, 0 },
	{ "GET_FORMAT_SUPPORT", "dvdplusr", NULL, run_format_support, NULL, 0 },
	{ "GET_PROGRESS", "dvdplusr", prep_written, run_progress, end_and_reinsert, 0 },
	{ "SET_CLIENT_NAME", "dvdplusr", NULL, run_client_name, NULL, 0 },
	{ "LOCK", "dvdplusr", NULL, run_lock, unlock_all, A },
	{ "UNLOCK", "dvdplusr", prep_lock, run_unlock, unlock_all, 0 },
	{ "EJECT", "dvdplusr", prep_lock, run_eject, reload, 0 },
	{ "DATA_BEGIN", "dvdplusr", prep_name, run_begin, end_and_reinsert, A },
	{ "DATA_BEGIN_cd", "cdr80", prep_name, run_begin, end_and_reinsert, A },
	{ "write", "dvdplusr", prep_begin, run_write, end_and_reinsert, 0 },
	{ "SESSION_FINISH", "dvdplusr", prep_written, run_finish, end_and_reinsert, 0 },
	{ "SESSION_CANCEL", "dvdplusr", prep_written, run_cancel, end_and_reinsert, 0 },
	{ "ERASE", "cdrw", NULL, run_erase, end_and_reinsert, 0 },
	{ "STREAM_JOIN", "dvdplusr", prep_join, run_join, end_join, 0 },
	{ "RAW_PREPARE", "cdr80", raw_name, run_raw_prepare, end_and_reinsert, 0 },
	{ "RAW_WRITE", "cdr80", prep_raw_prepared, run_raw_write, end_and_reinsert, A },
	{ "RAW_RELEASE", "cdr80", prep_raw_prepared, run_raw_release, end_and_reinsert, 0 },
	{ "netlink_get_recorder_do", "dvdplusr", NULL, run_nl_do, NULL, A },
	{ "netlink_get_recorder_dump", "dvdplusr", NULL, run_nl_dump, NULL, A },
	{ "netlink_subscribe", "dvdplusr", NULL, run_nl_subscribe, NULL, A },
	{ "configfs_mkdir", "dvdplusr", NULL, run_cfs_mkdir, cfs_rmdir, A },
	{ "configfs_knobs", "dvdplusr", prep_cfs_knobs, run_cfs_knobs, cfs_rmdir, A },
	{ "configfs_power", "dvdplusr", prep_cfs, run_cfs_power, cfs_rmdir, A },
};

FIXTURE(failnth) {
	struct ctx c;
	bool armed;
};

FIXTURE_VARIANT(failnth) {
	const struct op *op;
};

#define OP_VARIANT(i, id)						\
	FIXTURE_VARIANT_ADD(failnth, id) { .op = &ops[i] }

OP_VARIANT(0, open_release);
OP_VARIANT(1, GET_IDENTITY);
OP_VARIANT(2, GET_PROFILES);
OP_VARIANT(3, GET_FEATURES);
OP_VARIANT(4, GET_MODE_PAGES);
OP_VARIANT(5, GET_CAPABILITIES);
OP_VARIANT(6, GET_WRITE_SPEEDS);
OP_VARIANT(7, GET_MEDIA_INFO);
OP_VARIANT(8, GET_OWNER);
OP_VARIANT(9, GET_FORMAT_SUPPORT);
OP_VARIANT(10, GET_PROGRESS);
OP_VARIANT(11, SET_CLIENT_NAME);
OP_VARIANT(12, LOCK);
OP_VARIANT(13, UNLOCK);
OP_VARIANT(14, EJECT);
OP_VARIANT(15, DATA_BEGIN);
OP_VARIANT(16, DATA_BEGIN_cd);
OP_VARIANT(17, write);
OP_VARIANT(18, SESSION_FINISH);
OP_VARIANT(19, SESSION_CANCEL);
OP_VARIANT(20, ERASE);
OP_VARIANT(21, STREAM_JOIN);
OP_VARIANT(22, RAW_PREPARE);
OP_VARIANT(23, RAW_WRITE);
OP_VARIANT(24, RAW_RELEASE);
OP_VARIANT(25, netlink_get_recorder_do);
OP_VARIANT(26, netlink_get_recorder_dump);
OP_VARIANT(27, netlink_subscribe);
OP_VARIANT(28, configfs_mkdir);
OP_VARIANT(29, configfs_knobs);
OP_VARIANT(30, configfs_power);

FIXTURE_SETUP(failnth)
{
	static const char *const knobs[] = { "write_speed=0", NULL };
	struct ctx *c = &self->c;
	int grp;

	memset(c, 0, sizeof(*c));
	c->fd = c->fd2 = -1;
	c->medium = variant->op->medium;
	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new(&c->e, variant->op->medium, knobs));
	c->fd = rec_open(&c->e, O_RDWR);
	ASSERT_LE(0, c->fd);
	if (variant->op->run == run_join) {
		ASSERT_EQ(0, emu_new(&c->e2, variant->op->medium, knobs));
		c->fd2 = rec_open(&c->e2, O_RDWR);
		ASSERT_LE(0, c->fd2);
	}
	c->data = burn_pattern(DATA_SECTORS, 7);
	ASSERT_NE(NULL, c->data);
	/* A listener, so that the event multicasts allocate too. */
	c->mon = nl_socket_alloc();
	ASSERT_NE(NULL, c->mon);
	ASSERT_EQ(0, genl_connect(c->mon));
	nl_socket_set_nonblocking(c->mon);
	c->family = genl_ctrl_resolve(c->mon, DISCBURN_FAMILY_NAME);
	ASSERT_LT(0, c->family);
	grp = genl_ctrl_resolve_grp(c->mon, DISCBURN_FAMILY_NAME, DISCBURN_MCGRP_EVENTS);
	ASSERT_LE(0, grp);
	ASSERT_EQ(0, nl_socket_add_membership(c->mon, grp));
	ASSERT_EQ(0, faults_arm());
	self->armed = true;
	if (variant->op->run == run_cfs_power && faults_reject_kernel_bug())
		SKIP(return, "the kernel has no fault-injection stack filter to keep off scsi_alloc_sdev()'s bug");
	kmsg("begin");
}

FIXTURE_TEARDOWN(failnth)
{
	struct ctx *c = &self->c;

	if (self->armed) {
		nth_set(0);
		kmsg("end");
		faults_disarm();
	}
	if (c->mon)
		nl_socket_free(c->mon);
	free(c->data);
	if (c->fd2 >= 0)
		close(c->fd2);
	if (c->fd >= 0)
		close(c->fd);
	emu_del(&c->e2);
	emu_del(&c->e);
}

/* The events the round queued: read them so the socket never fills. */
static void drain(struct ctx *c)
{
	unsigned char buf[16384];

	while (recv(nl_socket_get_fd(c->mon), buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/*
 * After a round: unlocked, no session running (GET_PROGRESS shows the
 * recorder's last one, DONE, until the next begins), the ioctls answering.
 * A session's end is over when its lock is gone, which its worker does just
 * after SESSION_FINISH returned: give that a few seconds.
 */
static int healthy(struct ctx *c)
{
	struct discburn_progress p;
	struct discburn_owner o;
	double t0 = st_now();
	int ret;

	do {
		ret = 0;
		if (_rec_owner(c->fd, &o) || o.locked)
			ret = -1;
		else if (burn_progress(c->fd, &p) || (p.state != DISCBURN_SESSION_IDLE &&
							       p.state != DISCBURN_SESSION_DONE))
			ret = -2;
		else if (run_identity(c))
			ret = -3;
		if (!ret)
			return 0;
		st_msleep(10);
	} while (st_now() - t0 < 10);
	return ret;
}

TEST_F_TIMEOUT(failnth, every_allocation_failure_is_clean, 14400)
{
	const struct op *op = variant->op;
	struct ctx *c = &self->c;
	unsigned int nth, injected = 0, succeeded = 0, left = 0;
	int ret = 0, errs[8] = { 0 }, nerrs = 0, i;
	char errstr[128];
	struct discburn_session_finish f;
	struct discburn_data_begin b;

	for (nth = 1; nth <= FAILNTH_MAX; nth++) {
		if (op->prepare)
			ASSERT_EQ(0, op->prepare(c)) TH_LOG("%s: prepare before fault %u", op->name, nth);
		nth_set(nth);
		ret = op->run(c);
		left = nth_left();
		nth_set(0);
		if (op->cleanup)
			op->cleanup(c);
		drain(c);
		if (left)	/* no N-th site: this run saw no failure */
			break;
		injected++;
		if (!ret) {
			succeeded++;
		} else {
			for (i = 0; i < nerrs && errs[i] != ret; i++)
				;
			if (i == nerrs && nerrs < (int)ARRAY_SIZE(errs))
				errs[nerrs++] = ret;
			/* A clean error is an errno, not a bogus value. */
			ASSERT_TRUE(ret < 0 && ret > -4096) TH_LOG("%s: fault %u gave %d", op->name, nth, ret);
		}
		ASSERT_EQ(0, healthy(c)) TH_LOG("%s: the recorder is not back to idle after fault %u (ret %d)",
					       op->name, nth, ret);
	}
	ASSERT_NE(0, left) TH_LOG("%s: more than %u injection sites", op->name, FAILNTH_MAX);
	ASSERT_EQ(0, ret) TH_LOG("%s: fails without any fault injected", op->name);
	/* Where the call must allocate, a loop that injected nothing is broken. */
	if (op->allocates)
		ASSERT_LT(0, injected) TH_LOG("%s: no allocation was ever reached", op->name);
	/* And after all of that, a real burn on a fresh DVD+R reads back. */
	ASSERT_EQ(0, emu_knob(&c->e, "medium", "dvdplusr"));
	ASSERT_EQ(0, burn_set_name(c->fd, "failnth", NULL));
	burn_begin_init(&b, 0, DATA_SECTORS * SECTOR);
	ASSERT_EQ(0, _burn_begin(c->fd, &b)) TH_LOG("%s: 0x%08x", op->name, b.status);
	ASSERT_EQ(0, burn_write_all(c->fd, c->data, DATA_SECTORS * SECTOR, 65536));
	ASSERT_EQ(0, burn_finish(c->fd, &f, 0)) TH_LOG("%s: 0x%08x", op->name, f.status);
	ret = burn_read_equals(&c->e, b.start_lba, c->data, DATA_SECTORS * SECTOR);
	if (ret != 1) {
		char path[PATH_MAX], size[32] = "?";

		snprintf(path, sizeof(path), "/sys/block/%s/size", c->e.sr);
		st_read(path, size, sizeof(size));
		TH_LOG("%s: read-back of LBA %d+%d: %s (%s), %s has %s 512-byte sectors",
		       op->name, b.start_lba, DATA_SECTORS, ret ? "read error" : "differs",
		       strerror(errno), c->e.sr, size);
	}
	ASSERT_EQ(1, ret);
	for (i = 0, errstr[0] = '\0'; i < nerrs; i++)
		snprintf(errstr + strlen(errstr), sizeof(errstr) - strlen(errstr), " %s",
			 strerrorname_np(-errs[i]) ?: "?");
	TH_LOG("%s: %u allocation sites failed one by one: %u still succeeded, the rest gave%s",
	       op->name, injected, succeeded, nerrs ? errstr : " nothing else");
}

/*
 * One skip for the whole program where the kernel cannot inject faults.
 * DISCBURN_FAILNTH_ONLY / DISCBURN_FAILNTH_EXCLUDE (comma-separated
 * operation names) choose the loops as -v / -V would, for runners that
 * cannot pass arguments (selftests/run): make check-debug runs the long
 * configfs_power loop in a boot of its own.
 */
int main(int argc, char **argv)
{
	const char *only = getenv("DISCBURN_FAILNTH_ONLY");
	const char *excl = getenv("DISCBURN_FAILNTH_EXCLUDE");
	char *args[2 + 2 * ARRAY_SIZE(ops) * 2];
	char *list[2] = { NULL, NULL };
	int n = 0, i;

	if (access("/proc/self/fail-nth", F_OK) ||
	    access("/sys/kernel/debug/failslab", F_OK) ||
	    access("/sys/kernel/debug/fail_page_alloc", F_OK)) {
		printf("1..0 # SKIP no fail-nth, failslab or fail_page_alloc: the debug kernel of make check-debug has them\n");
		return KSFT_SKIP;
	}
	if (!only && !excl)
		return test_harness_run(argc, argv);
	args[n++] = argv[0];
	for (i = 0; i < 2; i++) {
		const char *env = i ? excl : only;
		char *name, *save = NULL;

		if (!env)
			continue;
		list[i] = strdup(env);
		if (!list[i])
			return KSFT_FAIL;
		for (name = strtok_r(list[i], ",", &save); name;
		     name = strtok_r(NULL, ",", &save)) {
			if (n + 2 >= (int)ARRAY_SIZE(args))
				break;
			args[n++] = i ? "-V" : "-v";
			args[n++] = name;
		}
	}
	args[n] = NULL;
	i = test_harness_run(n, args);
	free(list[0]);
	free(list[1]);
	return i;
}
