// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl ABI of /dev/discburnN, checked for every ioctl: a struct shorter
 * than the first version is EINVAL, a longer one with a non-zero tail is
 * E2BIG, a longer one with a zero tail is accepted, non-zero reserved fields
 * and unknown flags are EINVAL, bad pointers are EFAULT, and out-fields
 * never echo what user space put there.
 */
#include <stddef.h>
#include <sys/mman.h>

#include "burn.h"
#include "kselftest_harness.h"

struct abi_op {
	const char *name;
	unsigned int cmd;
	size_t size;
	/* offset and size of a reserved field, 0 if the struct has none */
	size_t rsv_off;
	size_t rsv_len;
	/* offset of a flags field that rejects unknown bits, 0 if none */
	size_t flags_off;
	/* errno a valid request ends with on this fixture's blank CD-R, 0 if none */
	int fails_with;
};

#define OP(_cmd, _s) .name = #_cmd, .cmd = _cmd, .size = sizeof(struct _s)
#define RSV(_s, _f) .rsv_off = offsetof(struct _s, _f), \
	.rsv_len = sizeof(((struct _s *)0)->_f)

static const struct abi_op ops[] = {
	{ OP(DISCBURN_IOC_GET_IDENTITY, discburn_identity) },
	{ OP(DISCBURN_IOC_GET_PROFILES, discburn_profiles) },
	{ OP(DISCBURN_IOC_GET_FEATURES, discburn_features),
	  RSV(discburn_features, __reserved) },
	{ OP(DISCBURN_IOC_GET_MODE_PAGES, discburn_mode_pages),
	  RSV(discburn_mode_pages, __reserved) },
	{ OP(DISCBURN_IOC_GET_CAPABILITIES, discburn_capabilities),
	  RSV(discburn_capabilities, __reserved) },
	{ OP(DISCBURN_IOC_GET_WRITE_SPEEDS, discburn_write_speeds) },
	{ OP(DISCBURN_IOC_GET_MEDIA_INFO, discburn_media_info),
	  RSV(discburn_media_info, __reserved) },
	{ OP(DISCBURN_IOC_LOCK, discburn_lock), RSV(discburn_lock, __reserved),
	  .flags_off = offsetof(struct discburn_lock, flags) },
	{ OP(DISCBURN_IOC_UNLOCK, discburn_unlock), RSV(discburn_unlock, __reserved),
	  .flags_off = offsetof(struct discburn_unlock, flags) },
	{ OP(DISCBURN_IOC_GET_OWNER, discburn_owner), RSV(discburn_owner, __reserved) },
	{ OP(DISCBURN_IOC_EJECT, discburn_eject), RSV(discburn_eject, __reserved),
	  .flags_off = offsetof(struct discburn_eject, flags) },
	{ OP(DISCBURN_IOC_SET_CLIENT_NAME, discburn_client_name),
	  RSV(discburn_client_name, __reserved) },
	{ OP(DISCBURN_IOC_GET_FORMAT_SUPPORT, discburn_format_support),
	  RSV(discburn_format_support, __reserved) },
	{ OP(DISCBURN_IOC_DATA_BEGIN, discburn_data_begin),
	  RSV(discburn_data_begin, __reserved),
	  .flags_off = offsetof(struct discburn_data_begin, flags) },
	{ OP(DISCBURN_IOC_SESSION_FINISH, discburn_session_finish),
	  RSV(discburn_session_finish, __reserved),
	  .flags_off = offsetof(struct discburn_session_finish, flags) },
	{ OP(DISCBURN_IOC_SESSION_CANCEL, discburn_session_cancel),
	  RSV(discburn_session_cancel, __reserved) },
	{ OP(DISCBURN_IOC_GET_PROGRESS, discburn_progress),
	  RSV(discburn_progress, __reserved) },
	{ OP(DISCBURN_IOC_ERASE, discburn_erase), RSV(discburn_erase, __reserved),
	  .flags_off = offsetof(struct discburn_erase, flags), .fails_with = EMEDIUMTYPE },
	{ OP(DISCBURN_IOC_RAW_PREPARE, discburn_raw_prepare),
	  RSV(discburn_raw_prepare, __reserved),
	  .flags_off = offsetof(struct discburn_raw_prepare, flags) },
	{ OP(DISCBURN_IOC_RAW_WRITE, discburn_raw_write), RSV(discburn_raw_write, __reserved),
	  .flags_off = offsetof(struct discburn_raw_write, flags) },
	{ OP(DISCBURN_IOC_RAW_RELEASE, discburn_raw_release),
	  RSV(discburn_raw_release, __reserved),
	  .flags_off = offsetof(struct discburn_raw_release, flags) },
	{ OP(DISCBURN_IOC_STREAM_JOIN, discburn_stream_join),
	  RSV(discburn_stream_join, __reserved),
	  .flags_off = offsetof(struct discburn_stream_join, flags), .fails_with = ENOENT },
};

static void set_name(int fd)
{
	struct discburn_client_name cn = { .size = sizeof(cn) };

	cn.format = DISCBURN_FORMAT_DATA;
	strcpy((char *)cn.client_name, "abi test");
	ioctl(fd, DISCBURN_IOC_SET_CLIENT_NAME, &cn);
}

/* A session to finish or cancel; appending, so that it works on every round. */
static int begin(int fd)
{
	struct discburn_data_begin b = { .size = sizeof(b) };

	set_name(fd);
	b.flags = DISCBURN_DATA_APPEND;
	b.write_speed = DISCBURN_SPEED_FASTEST;
	return ioctl(fd, DISCBURN_IOC_DATA_BEGIN, &b) ? -errno : 0;
}

static int prepare_raw(int fd)
{
	struct discburn_raw_prepare rp = { .size = sizeof(rp) };

	set_name(fd);
	rp.write_speed = DISCBURN_SPEED_FASTEST;
	return ioctl(fd, DISCBURN_IOC_RAW_PREPARE, &rp) ? -errno : 0;
}

/* Whatever session the file has: cancelled, collected, released. */
static void end_session(int fd)
{
	struct discburn_session_cancel c = { .size = sizeof(c) };
	struct discburn_session_finish f = { .size = sizeof(f) };
	struct discburn_raw_release r = { .size = sizeof(r) };

	ioctl(fd, DISCBURN_IOC_SESSION_CANCEL, &c);
	ioctl(fd, DISCBURN_IOC_SESSION_FINISH, &f);
	ioctl(fd, DISCBURN_IOC_RAW_RELEASE, &r);
}

/* Fill in a request that the kernel accepts; @extra bytes of zero tail. */
static void valid_request(const struct abi_op *op, void *buf, size_t extra)
{
	memset(buf, 0, op->size + extra);
	*(__u32 *)buf = op->size + extra;
	if (op->cmd == DISCBURN_IOC_LOCK)
		strcpy((char *)((struct discburn_lock *)buf)->client_name, "abi test");
	if (op->cmd == DISCBURN_IOC_EJECT)
		((struct discburn_eject *)buf)->flags = DISCBURN_EJECT_CLOSE_TRAY;
	if (op->cmd == DISCBURN_IOC_SET_CLIENT_NAME) {
		((struct discburn_client_name *)buf)->format = DISCBURN_FORMAT_DATA;
		strcpy((char *)((struct discburn_client_name *)buf)->client_name, "abi");
	}
	if (op->cmd == DISCBURN_IOC_GET_FORMAT_SUPPORT)
		((struct discburn_format_support *)buf)->format = DISCBURN_FORMAT_DATA;
	if (op->cmd == DISCBURN_IOC_DATA_BEGIN) {
		((struct discburn_data_begin *)buf)->flags = DISCBURN_DATA_APPEND;
		((struct discburn_data_begin *)buf)->write_speed = DISCBURN_SPEED_FASTEST;
	}
}

/* Bring the recorder into the state @op needs to succeed. */
static int prepare(const struct emu *e, int fd, const struct abi_op *op)
{
	/* raw sessions want a blank disc; data ones before may have written */
	if ((op->cmd == DISCBURN_IOC_RAW_PREPARE || op->cmd == DISCBURN_IOC_RAW_WRITE ||
	     op->cmd == DISCBURN_IOC_RAW_RELEASE) && emu_knob(e, "medium", "cdr80"))
		return -EIO;
	if (op->cmd == DISCBURN_IOC_UNLOCK)
		return _rec_lock(fd, "abi test", 0, NULL);
	if (op->cmd == DISCBURN_IOC_DATA_BEGIN || op->cmd == DISCBURN_IOC_ERASE ||
	    op->cmd == DISCBURN_IOC_RAW_PREPARE)
		set_name(fd);
	if (op->cmd == DISCBURN_IOC_SESSION_FINISH || op->cmd == DISCBURN_IOC_SESSION_CANCEL)
		return begin(fd);
	if (op->cmd == DISCBURN_IOC_RAW_WRITE || op->cmd == DISCBURN_IOC_RAW_RELEASE)
		return prepare_raw(fd);
	return 0;
}

static void cleanup(int fd, const struct abi_op *op)
{
	if (op->cmd == DISCBURN_IOC_LOCK)
		_rec_unlock(fd, 0, NULL);
	if (op->cmd == DISCBURN_IOC_DATA_BEGIN || op->cmd == DISCBURN_IOC_SESSION_CANCEL ||
	    op->cmd == DISCBURN_IOC_RAW_PREPARE || op->cmd == DISCBURN_IOC_RAW_WRITE)
		end_session(fd);
}

/* The ioctl of a valid request did what this fixture expects of it. */
static void expect_accepted(struct __test_metadata *_metadata, const struct abi_op *op,
			    int ret, const unsigned char *buf)
{
	if (op->fails_with) {
		EXPECT_EQ(-1, ret) TH_LOG("%s", op->name);
		EXPECT_EQ(op->fails_with, errno) TH_LOG("%s: %s", op->name, strerror(errno));
		return;
	}
	EXPECT_EQ(0, ret) TH_LOG("%s: %s", op->name, strerror(errno));
	EXPECT_EQ(0, ((const __u32 *)buf)[1]) TH_LOG("%s status", op->name);
}

FIXTURE(abi) {
	struct emu emu;
	int fd;
	unsigned char buf[4096];
};

FIXTURE_SETUP(abi)
{
	self->fd = -1;
	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, emu_new(&self->emu, "cdr80", NULL));
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(abi)
{
	if (self->fd >= 0)
		close(self->fd);
	emu_del(&self->emu);
}

TEST_F(abi, short_struct_is_einval)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct abi_op *op = &ops[i];
		__u32 sizes[] = { 0, 4, op->size - 4 };
		size_t j;

		for (j = 0; j < 3; j++) {
			valid_request(op, self->buf, 0);
			*(__u32 *)self->buf = sizes[j];
			errno = 0;
			EXPECT_EQ(-1, ioctl(self->fd, op->cmd, self->buf))
				TH_LOG("%s size %u", op->name, sizes[j]);
			EXPECT_EQ(EINVAL, errno) TH_LOG("%s size %u", op->name, sizes[j]);
		}
	}
}

TEST_F(abi, long_struct_nonzero_tail_is_e2big)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct abi_op *op = &ops[i];

		valid_request(op, self->buf, 16);
		self->buf[op->size + 9] = 1;
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, op->cmd, self->buf)) TH_LOG("%s", op->name);
		EXPECT_EQ(E2BIG, errno) TH_LOG("%s", op->name);
	}
}

TEST_F(abi, long_struct_zero_tail_is_accepted)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct abi_op *op = &ops[i];

		ASSERT_EQ(0, prepare(&self->emu, self->fd, op)) TH_LOG("%s", op->name);
		valid_request(op, self->buf, 64);
		self->buf[op->size + 64] = 0xA5;	/* beyond the given size */
		expect_accepted(_metadata, op, ioctl(self->fd, op->cmd, self->buf), self->buf);
		EXPECT_EQ(op->size + 64, ((__u32 *)self->buf)[0]) TH_LOG("%s", op->name);
		EXPECT_EQ(0xA5, self->buf[op->size + 64]) TH_LOG("%s wrote past size", op->name);
		cleanup(self->fd, op);
	}
}

TEST_F(abi, exact_size_is_accepted)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct abi_op *op = &ops[i];

		ASSERT_EQ(0, prepare(&self->emu, self->fd, op));
		valid_request(op, self->buf, 0);
		expect_accepted(_metadata, op, ioctl(self->fd, op->cmd, self->buf), self->buf);
		cleanup(self->fd, op);
	}
}

TEST_F(abi, struct_larger_than_a_page_is_e2big)
{
	unsigned char *big;
	size_t i;

	big = calloc(1, 8192);
	ASSERT_NE(NULL, big);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct abi_op *op = &ops[i];

		valid_request(op, big, 0);
		*(__u32 *)big = 4097;	/* zero tail, but more than a page */
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, op->cmd, big)) TH_LOG("%s", op->name);
		EXPECT_EQ(E2BIG, errno) TH_LOG("%s", op->name);
	}
	free(big);
}

TEST_F(abi, nonzero_reserved_is_einval)
{
	size_t i, b;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct abi_op *op = &ops[i];

		if (!op->rsv_len)
			continue;
		for (b = 0; b < op->rsv_len; b++) {
			ASSERT_EQ(0, prepare(&self->emu, self->fd, op));
			valid_request(op, self->buf, 0);
			self->buf[op->rsv_off + b] = 0x40;
			errno = 0;
			EXPECT_EQ(-1, ioctl(self->fd, op->cmd, self->buf))
				TH_LOG("%s byte %zu", op->name, b);
			EXPECT_EQ(EINVAL, errno) TH_LOG("%s byte %zu", op->name, b);
			if (op->cmd == DISCBURN_IOC_UNLOCK)
				_rec_unlock(self->fd, 0, NULL);
			end_session(self->fd);
		}
	}
}

TEST_F(abi, unknown_flags_are_einval)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct abi_op *op = &ops[i];

		if (!op->flags_off)
			continue;
		ASSERT_EQ(0, prepare(&self->emu, self->fd, op));
		valid_request(op, self->buf, 0);
		*(__u32 *)(self->buf + op->flags_off) |= 0x80000000u;
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, op->cmd, self->buf)) TH_LOG("%s", op->name);
		EXPECT_EQ(EINVAL, errno) TH_LOG("%s", op->name);
		if (op->cmd == DISCBURN_IOC_UNLOCK)
			_rec_unlock(self->fd, 0, NULL);
		end_session(self->fd);
	}
}

TEST_F(abi, mode_pages_request_type_above_3_is_einval)
{
	struct discburn_mode_pages m = { .size = sizeof(m), .request_type = 4 };

	EXPECT_EQ(-1, ioctl(self->fd, DISCBURN_IOC_GET_MODE_PAGES, &m));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(DISCBURN_E_INVALIDARG, m.status);
}

TEST_F(abi, bad_pointer_is_efault)
{
	void *none;
	size_t i;

	none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, none);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct abi_op *op = &ops[i];

		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, op->cmd, NULL)) TH_LOG("%s", op->name);
		EXPECT_EQ(EFAULT, errno) TH_LOG("%s NULL", op->name);
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, op->cmd, none)) TH_LOG("%s", op->name);
		EXPECT_EQ(EFAULT, errno) TH_LOG("%s PROT_NONE", op->name);
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, op->cmd, (void *)-4096L)) TH_LOG("%s", op->name);
		EXPECT_EQ(EFAULT, errno) TH_LOG("%s kernel address", op->name);
	}
	munmap(none, 4096);
}

TEST_F(abi, struct_crossing_into_unmapped_page_is_efault)
{
	unsigned char *pages;
	size_t i;

	pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, pages);
	ASSERT_EQ(0, mprotect(pages + 4096, 4096, PROT_NONE));
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct abi_op *op = &ops[i];
		unsigned char *p = pages + 4096 - 8;	/* size + status only */

		memset(p, 0, 8);
		*(__u32 *)p = op->size;
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, op->cmd, p)) TH_LOG("%s", op->name);
		EXPECT_EQ(EFAULT, errno) TH_LOG("%s", op->name);
	}
	munmap(pages, 8192);
}

TEST_F(abi, out_fields_do_not_echo_input)
{
	struct discburn_profiles p;
	struct discburn_owner o;
	__u32 i;

	memset(&p, 0x5a, sizeof(p));
	p.size = sizeof(p);
	ASSERT_EQ(0, ioctl(self->fd, DISCBURN_IOC_GET_PROFILES, &p));
	ASSERT_LT(0, p.count);
	for (i = p.count; i < DISCBURN_MAX_PROFILES; i++)
		ASSERT_EQ(0, p.profiles[i]);

	memset(&o, 0x5a, sizeof(o));
	o.size = sizeof(o);
	o.__reserved = 0;
	ASSERT_EQ(0, ioctl(self->fd, DISCBURN_IOC_GET_OWNER, &o));
	EXPECT_EQ(0, o.locked);
	EXPECT_EQ(0, o.pid);
	EXPECT_EQ(0, o.client_name[0]);
	EXPECT_EQ(0, o.client_name[63]);
}

TEST_F(abi, unknown_ioctl_is_enotty)
{
	unsigned char buf[64] = { 64 };

	EXPECT_EQ(-1, ioctl(self->fd, _IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 200), buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 1,
					     struct discburn_profiles), buf));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(abi, random_structs_do_not_hurt)
{
	struct discburn_owner o;
	unsigned int round;
	size_t i, j;

	srand(0xdb);
	for (round = 0; round < 200; round++) {
		for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			const struct abi_op *op = &ops[i];

			if (op->cmd == DISCBURN_IOC_EJECT)
				continue;	/* keep the medium in */
			for (j = 0; j < op->size + 32; j++)
				self->buf[j] = rand();
			/* mostly plausible sizes, sometimes anything */
			*(__u32 *)self->buf = rand() % 4 ? op->size + rand() % 33 - 16 :
						(__u32)rand();
			ioctl(self->fd, op->cmd, self->buf);
		}
	}
	/* whatever happened, the file still works and no lock is left behind */
	end_session(self->fd);
	_rec_unlock(self->fd, 0, NULL);
	ASSERT_EQ(0, _rec_owner(self->fd, &o));
	EXPECT_EQ(0, o.locked);
}

TEST_HARNESS_MAIN
