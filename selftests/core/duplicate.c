// SPDX-License-Identifier: GPL-2.0
/*
 * Duplication: one stream written into the kernel once and burnt by
 * several recorders at once (DISCBURN_IOC_STREAM_JOIN), each at its own
 * pace, each disc reading back identical; a member that is unplugged or
 * cancelled drops out with its own status while the others finish; the
 * slowest member holds the stream back, the ring never grows; joins that
 * make no sense are refused.
 */
#include "burn.h"
#include "kselftest_harness.h"

#define NDRIVES	3
#define IMG	3000

static const char *const media[NDRIVES] = { "cdr80", "dvdplusr", "bdr" };

FIXTURE(dup) {
	struct emu emu[NDRIVES];
	int fd[NDRIVES];
	unsigned char *img;
};

FIXTURE_SETUP(dup)
{
	static const char *const knobs[] = { "capacity_sectors=40000", NULL };
	int i;

	for (i = 0; i < NDRIVES; i++)
		self->fd[i] = -1;
	self->img = NULL;
	EMU_SKIP_WITHOUT_EMU();
	for (i = 0; i < NDRIVES; i++) {
		ASSERT_EQ(0, emu_new(&self->emu[i], media[i], knobs));
		self->fd[i] = rec_open(&self->emu[i], O_RDWR);
		ASSERT_LE(0, self->fd[i]);
	}
	self->img = burn_pattern(IMG, 77);
	ASSERT_NE(NULL, self->img);
}

FIXTURE_TEARDOWN(dup)
{
	int i;

	for (i = 0; i < NDRIVES; i++) {
		if (self->fd[i] >= 0)
			close(self->fd[i]);
		emu_del(&self->emu[i]);
	}
	free(self->img);
}

static int join(int fd, int lead, __u32 *status)
{
	struct discburn_stream_join j = { .size = sizeof(j), .fd = lead };
	int ret = ioctl(fd, DISCBURN_IOC_STREAM_JOIN, &j) ? -errno : 0;

	if (status)
		*status = j.status;
	return ret;
}

/* Begin on every drive; the others join drive 0's stream. */
static void begin_all(struct __test_metadata *_metadata, int *fd, __u32 ring_kib)
{
	struct discburn_data_begin b;
	__u32 st;
	int i;

	for (i = 0; i < NDRIVES; i++) {
		ASSERT_EQ(0, burn_set_name(fd[i], "Duplicator", NULL));
		burn_begin_init(&b, DISCBURN_DATA_NO_DVD_COMPAT, IMG * SECTOR);
		b.ring_kib = ring_kib;
		ASSERT_EQ(0, _burn_begin(fd[i], &b)) TH_LOG("drive %d: 0x%08x", i, b.status);
	}
	for (i = 1; i < NDRIVES; i++)
		ASSERT_EQ(0, join(fd[i], fd[0], &st)) TH_LOG("drive %d: 0x%08x", i, st);
}

TEST_F(dup, one_stream_three_discs)
{
	struct discburn_session_finish f;
	struct discburn_progress p;
	int i;

	begin_all(_metadata, self->fd, 0);
	/* the stream goes in once, through any member's file */
	ASSERT_EQ(0, burn_write_all(self->fd[0], self->img, IMG / 2 * SECTOR, 65536));
	ASSERT_EQ(0, burn_write_all(self->fd[2], self->img + IMG / 2 * SECTOR,
				    IMG / 2 * SECTOR, 65536));
	for (i = 0; i < NDRIVES; i++) {
		ASSERT_EQ(0, burn_finish(self->fd[i], &f, 0)) TH_LOG("drive %d: 0x%08x",
								   i, f.status);
		EXPECT_EQ(IMG * SECTOR, f.bytes);
		ASSERT_EQ(0, burn_progress(self->fd[i], &p));
		EXPECT_EQ(DISCBURN_SESSION_DONE, p.state);
		EXPECT_LE(IMG * SECTOR, p.bytes_written);
		EXPECT_EQ(1, burn_read_equals(&self->emu[i], 0, self->img, IMG * SECTOR))
			TH_LOG("drive %d (%s)", i, media[i]);
		EXPECT_EQ(0, burn_locked(self->fd[i]));
	}
}

TEST_F(dup, slowest_member_holds_the_ring)
{
	struct discburn_session_finish f;
	struct discburn_progress p;
	int i;

	/* 1x DVD+R is slower than the others: the smallest ring fills */
	ASSERT_EQ(0, emu_knob(&self->emu[1], "write_speed", "1"));
	begin_all(_metadata, self->fd, 1);
	ASSERT_EQ(0, burn_write_all(self->fd[0], self->img, IMG * SECTOR, 65536));
	ASSERT_EQ(0, burn_progress(self->fd[0], &p));
	EXPECT_GE(p.ring_total, p.ring_used);
	for (i = 0; i < NDRIVES; i++) {
		EXPECT_EQ(0, burn_finish(self->fd[i], &f, 0)) TH_LOG("drive %d", i);
		EXPECT_EQ(1, burn_read_equals(&self->emu[i], 0, self->img, IMG * SECTOR));
	}
}

struct dropper {
	struct emu *emu;
	int fd;
	int unplug;
};

static void *drop_later(void *arg)
{
	struct dropper *d = arg;

	st_msleep(300);
	if (d->unplug)
		emu_power(d->emu, 0);
	else
		burn_cancel(d->fd, NULL);
	return NULL;
}

static void drop_one(struct __test_metadata *_metadata, FIXTURE_DATA(dup) *self,
		     int unplug)
{
	struct dropper d = { .emu = &self->emu[1], .fd = self->fd[1], .unplug = unplug };
	struct discburn_session_finish f;
	struct discburn_progress p;
	pthread_t th;
	int ret;

	/* the member that goes is the slow one: the others must not wait for it */
	ASSERT_EQ(0, emu_knob(&self->emu[1], "write_speed", "1"));
	begin_all(_metadata, self->fd, 1);
	ASSERT_EQ(0, pthread_create(&th, NULL, drop_later, &d));
	ret = burn_write_all(self->fd[0], self->img, IMG * SECTOR, 65536);
	pthread_join(th, NULL);
	ASSERT_EQ(0, ret);
	EXPECT_EQ(0, burn_finish(self->fd[0], &f, 0)) TH_LOG("0x%08x", f.status);
	EXPECT_EQ(0, burn_finish(self->fd[2], &f, 0)) TH_LOG("0x%08x", f.status);
	EXPECT_EQ(1, burn_read_equals(&self->emu[0], 0, self->img, IMG * SECTOR));
	EXPECT_EQ(1, burn_read_equals(&self->emu[2], 0, self->img, IMG * SECTOR));
	if (!unplug) {
		/* the others finished without the one that left */
		ASSERT_EQ(0, burn_progress(self->fd[1], &p));
		EXPECT_GT(IMG * SECTOR, p.bytes_written);
	}
	ret = burn_finish(self->fd[1], &f, 0);
	if (unplug) {
		EXPECT_EQ(-ENODEV, ret);
	} else {
		EXPECT_EQ(-ECANCELED, ret);
		EXPECT_EQ(DISCBURN_E_REQUEST_CANCELLED, f.status);
		EXPECT_EQ(0, burn_locked(self->fd[1]));
	}
}

TEST_F(dup, unplugged_member_drops_out)
{
	drop_one(_metadata, self, 1);
}

TEST_F(dup, cancelled_member_drops_out)
{
	drop_one(_metadata, self, 0);
}

TEST_F(dup, joins_that_make_no_sense)
{
	struct discburn_session_finish f;
	__u32 st;
	int i;

	EXPECT_EQ(-ENOENT, join(self->fd[1], self->fd[0], &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_WRITE_NOT_IN_PROGRESS, st);
	ASSERT_EQ(0, burn_begin(self->fd[1], 0, 0, NULL));
	/* not a recorder, a recorder without a session, itself */
	EXPECT_EQ(-EINVAL, join(self->fd[1], 0, &st));
	EXPECT_EQ(DISCBURN_E_INVALIDARG, st);
	EXPECT_EQ(-EINVAL, join(self->fd[1], self->fd[0], &st));
	EXPECT_EQ(-EINVAL, join(self->fd[1], self->fd[1], &st));
	/* once a stream has data, nobody joins it */
	ASSERT_EQ(0, burn_begin(self->fd[0], 0, 0, NULL));
	ASSERT_EQ(0, burn_write_all(self->fd[0], self->img, 16 * SECTOR, 16 * SECTOR));
	EXPECT_EQ(-EBUSY, join(self->fd[1], self->fd[0], &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS, st);
	for (i = 0; i < 2; i++) {
		burn_cancel(self->fd[i], NULL);
		burn_finish(self->fd[i], &f, 0);
	}
}

TEST_HARNESS_MAIN
