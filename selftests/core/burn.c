// SPDX-License-Identifier: GPL-2.0
/*
 * Data burning from the kernel (IDiscFormat2Data's kernel half), on every
 * medium the emulator offers: the stream reads back identical from
 * /dev/srN, the session takes and drops the lock under the client name,
 * a second session lands at the next writable address, overwritable
 * media need ForceOverwrite, ForceMediaToBeClosed closes the disc, test
 * writes leave it as it was, verification passes (and finds a corrupted
 * sector), progress says what happens, erase makes a disc blank, and sr
 * reads the disc again after every burn.
 */
#include "burn.h"
#include "kselftest_harness.h"

#define IMG_SECTORS	3000

FIXTURE(burn) {
	struct emu emu;
	int fd;
	int fd2;
	unsigned char *img;
};

FIXTURE_VARIANT(burn) {
	const char *medium;
	int write_once;		/* sequential: appendable after a session */
	int cd_or_dvdr;		/* test write allowed */
	int erasable;
	__u32 append_flags;	/* what keeps it appendable */
};

FIXTURE_VARIANT_ADD(burn, cdr80) {
	.medium = "cdr80", .write_once = 1, .cd_or_dvdr = 1,
};
FIXTURE_VARIANT_ADD(burn, cdrw) {
	.medium = "cdrw", .write_once = 1, .cd_or_dvdr = 1, .erasable = 1,
};
FIXTURE_VARIANT_ADD(burn, dvdr) {
	.medium = "dvdr", .write_once = 1, .cd_or_dvdr = 1,
};
FIXTURE_VARIANT_ADD(burn, dvdplusr) {
	.medium = "dvdplusr", .write_once = 1, .append_flags = DISCBURN_DATA_NO_DVD_COMPAT,
};
FIXTURE_VARIANT_ADD(burn, bdr) {
	.medium = "bdr", .write_once = 1,
};
FIXTURE_VARIANT_ADD(burn, dvdplusrw) {
	.medium = "dvdplusrw", .erasable = 1,
};
FIXTURE_VARIANT_ADD(burn, bdre) {
	.medium = "bdre", .erasable = 1,
};

FIXTURE_SETUP(burn)
{
	static const char *const knobs[] = { "capacity_sectors=40000", NULL };

	self->fd = -1;
	self->fd2 = -1;
	self->img = NULL;
	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new(&self->emu, variant->medium, knobs));
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);
	self->fd2 = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd2);
	self->img = burn_pattern(IMG_SECTORS, 0x5eed);
	ASSERT_NE(NULL, self->img);
}

FIXTURE_TEARDOWN(burn)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->fd2 >= 0)
		close(self->fd2);
	free(self->img);
	emu_del(&self->emu);
}

/* One whole burn of @img; returns the session's start LBA. */
static __s32 burn_one(struct __test_metadata *_metadata, int fd, __u32 flags,
		      const unsigned char *img, size_t len, __u32 verify)
{
	struct discburn_session_finish f;
	struct discburn_data_begin b;

	ASSERT_EQ(0, burn_set_name(fd, "selftest", NULL));
	burn_begin_init(&b, flags, len);
	b.verify = verify;
	ASSERT_EQ(0, _burn_begin(fd, &b)) TH_LOG("begin: status 0x%08x", b.status);
	EXPECT_EQ(0, b.status);
	ASSERT_EQ(0, burn_write_all(fd, img, len, 65536));
	ASSERT_EQ(0, burn_finish(fd, &f, 0)) TH_LOG("finish: status 0x%08x lba %d",
						    f.status, (int)f.failed_lba);
	EXPECT_EQ(0, f.status);
	EXPECT_EQ(len, f.bytes);
	EXPECT_EQ(-1, (int)f.failed_lba);
	EXPECT_LE((__s32)b.start_lba + (__s32)(len / SECTOR) - 1, (__s32)f.last_written_lba);
	return (__s32)b.start_lba;
}

TEST_F(burn, image_reads_back_identical)
{
	size_t len = IMG_SECTORS * SECTOR;
	struct discburn_progress p;
	char state[32];
	__s32 start;

	start = burn_one(_metadata, self->fd, 0, self->img, len, DISCBURN_VERIFY_NONE);
	EXPECT_EQ(0, start);
	EXPECT_EQ(1, burn_read_equals(&self->emu, start, self->img, len));

	ASSERT_EQ(0, burn_progress(self->fd2, &p));
	EXPECT_EQ(DISCBURN_FORMAT_DATA, p.format);
	EXPECT_EQ(DISCBURN_SESSION_DONE, p.state);
	EXPECT_EQ(DISCBURN_ACTION_COMPLETED, p.action);
	EXPECT_EQ(0, p.result);
	EXPECT_EQ(len, p.bytes_read);
	EXPECT_LE(len, p.bytes_written);
	EXPECT_LT(0, p.writes);
	EXPECT_EQ(getpid(), (pid_t)p.owner_pid);

	/* the session took the lock and gave it back */
	EXPECT_EQ(0, burn_locked(self->fd2));
	ASSERT_EQ(0, core_attr(&self->emu, "state", state, sizeof(state)));
	EXPECT_STREQ("idle", state);
}

TEST_F(burn, begin_takes_the_lock_under_the_client_name)
{
	struct discburn_session_finish f;
	struct discburn_media_info mi;
	struct discburn_data_begin b;
	struct discburn_owner o;
	char state[32];
	__u32 st;

	ASSERT_EQ(0, burn_set_name(self->fd, "Kiosk Burner 3", NULL));
	burn_begin_init(&b, 0, 0);
	ASSERT_EQ(0, _burn_begin(self->fd, &b));
	ASSERT_EQ(0, _rec_owner(self->fd2, &o));
	EXPECT_EQ(1, o.locked);
	EXPECT_EQ(0, o.mine);
	EXPECT_STREQ("Kiosk Burner 3", (char *)o.client_name);
	EXPECT_EQ(getpid(), (pid_t)o.pid);
	ASSERT_EQ(0, core_attr(&self->emu, "state", state, sizeof(state)));
	EXPECT_STREQ("writing", state);
	EXPECT_EQ(-EBUSY, _rec_media(self->fd2, &mi));
	EXPECT_EQ(DISCBURN_E_RECORDER_LOCKED, mi.status);

	ASSERT_EQ(0, burn_cancel(self->fd, &st));
	EXPECT_EQ(-ECANCELED, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_E_REQUEST_CANCELLED, f.status);
	EXPECT_EQ(0, burn_locked(self->fd2));
	EXPECT_EQ(0, _rec_media(self->fd2, &mi));
}

TEST_F(burn, lock_taken_before_is_kept_after_the_burn)
{
	struct discburn_owner o;

	ASSERT_EQ(0, _rec_lock(self->fd, "Explicit Owner", 0, NULL));
	burn_one(_metadata, self->fd, 0, self->img, 300 * SECTOR, DISCBURN_VERIFY_NONE);
	ASSERT_EQ(0, _rec_owner(self->fd2, &o));
	EXPECT_EQ(1, o.locked);
	EXPECT_STREQ("Explicit Owner", (char *)o.client_name);
	ASSERT_EQ(0, _rec_unlock(self->fd, 0, NULL));
}

TEST_F(burn, second_session_at_the_next_writable_address)
{
	size_t len1 = 1000 * SECTOR, len2 = 700 * SECTOR;
	struct discburn_session_finish f;
	struct discburn_media_info mi;
	struct discburn_data_begin b;
	__s32 start;
	__u32 st;

	burn_one(_metadata, self->fd, variant->append_flags, self->img, len1,
		 DISCBURN_VERIFY_NONE);
	ASSERT_EQ(0, _rec_media(self->fd, &mi));
	if (!variant->write_once) {
		/* overwritable: the second burn overwrites, but only when asked */
		EXPECT_EQ(-EEXIST, burn_begin(self->fd, 0, 0, &st));
		EXPECT_EQ(DISCBURN_E_DF2DATA_MEDIA_NOT_BLANK, st);
		start = burn_one(_metadata, self->fd, DISCBURN_DATA_FORCE_OVERWRITE,
				 self->img + len1, len2, DISCBURN_VERIFY_NONE);
		EXPECT_EQ(0, start);
		EXPECT_EQ(1, burn_read_equals(&self->emu, 0, self->img + len1, len2));
		return;
	}
	EXPECT_TRUE(mi.media_state & DISCBURN_MEDIA_STATE_APPENDABLE)
		TH_LOG("media state 0x%x", mi.media_state);
	EXPECT_EQ(-EEXIST, burn_begin(self->fd, 0, 0, &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_MEDIA_NOT_BLANK, st);

	ASSERT_EQ(0, burn_set_name(self->fd, "selftest", NULL));
	burn_begin_init(&b, DISCBURN_DATA_APPEND | variant->append_flags, len2);
	ASSERT_EQ(0, _burn_begin(self->fd, &b)) TH_LOG("status 0x%08x", b.status);
	EXPECT_EQ(mi.next_writable_address, b.start_lba);
	EXPECT_LT(1000, (__s32)b.start_lba);
	ASSERT_EQ(0, burn_write_all(self->fd, self->img + len1, len2, 32768));
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0)) TH_LOG("status 0x%08x", f.status);
	EXPECT_EQ(1, burn_read_equals(&self->emu, b.start_lba, self->img + len1, len2));
	EXPECT_EQ(1, burn_read_equals(&self->emu, 0, self->img, len1));
	ASSERT_EQ(0, _rec_media(self->fd, &mi));
	/* the count includes the empty session an appendable disc offers */
	EXPECT_EQ(2, mi.sessions - !!(mi.media_state & DISCBURN_MEDIA_STATE_APPENDABLE));
}

TEST_F(burn, cancelled_burn_leaves_a_disc_that_takes_another_session)
{
	struct discburn_session_finish f;
	struct discburn_media_info mi;
	struct discburn_data_begin b;
	__u32 st;

	if (!variant->write_once)
		SKIP(return, "overwritable media start again from 0");
	ASSERT_EQ(0, burn_begin(self->fd, variant->append_flags, 0, &st));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 1000 * SECTOR, 65536));
	ASSERT_EQ(0, burn_cancel(self->fd, &st));
	EXPECT_EQ(-ECANCELED, burn_finish(self->fd, &f, 0));
	ASSERT_EQ(0, _rec_media(self->fd, &mi));
	EXPECT_TRUE(mi.media_state & DISCBURN_MEDIA_STATE_APPENDABLE)
		TH_LOG("media state 0x%x", mi.media_state);
	EXPECT_FALSE(mi.media_state & DISCBURN_MEDIA_STATE_NON_EMPTY_SESSION)
		TH_LOG("media state 0x%x", mi.media_state);

	ASSERT_EQ(0, burn_set_name(self->fd, "selftest", NULL));
	burn_begin_init(&b, DISCBURN_DATA_APPEND | variant->append_flags, 0);
	ASSERT_EQ(0, _burn_begin(self->fd, &b)) TH_LOG("status 0x%08x", b.status);
	EXPECT_EQ(mi.next_writable_address, b.start_lba);
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 500 * SECTOR, 65536));
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0)) TH_LOG("status 0x%08x", f.status);
	EXPECT_EQ(1, burn_read_equals(&self->emu, b.start_lba, self->img, 500 * SECTOR));
}

TEST_F(burn, force_close_finalizes_the_disc)
{
	struct discburn_media_info mi;
	__u32 st;

	if (!variant->write_once)
		SKIP(return, "overwritable media are never closed");
	burn_one(_metadata, self->fd, DISCBURN_DATA_FORCE_CLOSE, self->img,
		 400 * SECTOR, DISCBURN_VERIFY_NONE);
	ASSERT_EQ(0, _rec_media(self->fd, &mi));
	EXPECT_TRUE(mi.media_state & DISCBURN_MEDIA_STATE_FINALIZED)
		TH_LOG("media state 0x%x", mi.media_state);
	EXPECT_EQ(2, mi.disc_status);
	EXPECT_EQ(-EINVAL, burn_begin(self->fd, DISCBURN_DATA_APPEND, 0, &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_INVALID_MEDIA_STATE, st);
}

TEST_F(burn, test_write_leaves_the_disc_as_it_was)
{
	struct discburn_session_finish f;
	struct discburn_media_info mi;
	__u32 st;

	if (!variant->cd_or_dvdr) {
		EXPECT_EQ(-EOPNOTSUPP, burn_begin(self->fd, DISCBURN_DATA_TEST_WRITE, 0, &st));
		EXPECT_EQ(DISCBURN_E_DF2DATA_MEDIA_IS_NOT_SUPPORTED, st);
		return;
	}
	ASSERT_EQ(0, burn_begin(self->fd, DISCBURN_DATA_TEST_WRITE, 0, &st));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 600 * SECTOR, 65536));
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0)) TH_LOG("status 0x%08x", f.status);
	EXPECT_LT(0, emu_stat(&self->emu, "sectors_written"));
	ASSERT_EQ(0, _rec_media(self->fd, &mi));
	EXPECT_EQ(0, mi.disc_status);
	EXPECT_TRUE(mi.media_state & DISCBURN_MEDIA_STATE_BLANK);
}

TEST_F(burn, verification_full_and_quick_pass)
{
	__s32 start;

	start = burn_one(_metadata, self->fd, variant->append_flags, self->img,
			 1200 * SECTOR, DISCBURN_VERIFY_FULL);
	EXPECT_EQ(1, burn_read_equals(&self->emu, start, self->img, 1200 * SECTOR));
	if (!variant->write_once)
		return;
	burn_one(_metadata, self->fd, DISCBURN_DATA_APPEND | variant->append_flags,
		 self->img + 1200 * SECTOR, 1500 * SECTOR, DISCBURN_VERIFY_QUICK);
}

TEST_F(burn, verification_finds_the_corrupted_sector)
{
	struct discburn_session_finish f;
	struct discburn_data_begin b;
	char lba[16];

	if (!emu_has_knob("corrupt_read_lba"))
		SKIP(return, "discburn_emu has no corrupt_read_lba");
	ASSERT_EQ(0, burn_set_name(self->fd, "selftest", NULL));
	burn_begin_init(&b, 0, 0);
	b.verify = DISCBURN_VERIFY_FULL;
	ASSERT_EQ(0, _burn_begin(self->fd, &b));
	snprintf(lba, sizeof(lba), "%d", (int)b.start_lba + 777);
	ASSERT_EQ(0, emu_knob(&self->emu, "corrupt_read_lba", lba));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 1000 * SECTOR, 65536));
	EXPECT_EQ(-EIO, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_E_BURN_VERIFICATION_FAILED, f.status);
	EXPECT_EQ((int)b.start_lba + 777, (int)f.failed_lba);
	EXPECT_EQ(0, burn_locked(self->fd2));
}

TEST_F(burn, progress_while_writing)
{
	struct discburn_session_finish f;
	struct discburn_data_begin b;
	struct discburn_progress p, q;
	size_t half = IMG_SECTORS / 2 * SECTOR;

	ASSERT_EQ(0, burn_set_name(self->fd, "selftest", NULL));
	burn_begin_init(&b, 0, IMG_SECTORS * SECTOR);
	b.ring_kib = 1024;
	ASSERT_EQ(0, _burn_begin(self->fd, &b));
	EXPECT_EQ(1024, b.ring_kib);
	ASSERT_EQ(0, burn_progress(self->fd2, &p));
	EXPECT_EQ(DISCBURN_SESSION_READY, p.state);
	EXPECT_EQ(DISCBURN_ACTION_WRITING_DATA, p.action);
	EXPECT_EQ(1024 * 1024, p.ring_total);
	EXPECT_EQ(b.start_lba, p.start_lba);
	EXPECT_EQ(IMG_SECTORS, p.sector_count);
	EXPECT_EQ((__s32)b.start_lba - 1, (__s32)p.last_written_lba);

	ASSERT_EQ(0, burn_write_all(self->fd, self->img, half, 65536));
	ASSERT_EQ(0, burn_progress(self->fd2, &q));
	EXPECT_EQ(DISCBURN_SESSION_WRITING, q.state);
	EXPECT_EQ(half, q.bytes_read);
	EXPECT_EQ((__s32)b.start_lba + (__s32)(half / SECTOR) - 1, (__s32)q.last_read_lba);
	EXPECT_LE(q.ring_used, q.ring_total);
	EXPECT_LE((__s32)q.last_written_lba, (__s32)q.last_read_lba);
	EXPECT_LT(p.seq, q.seq);
	EXPECT_LE(p.elapsed_ns, q.elapsed_ns);

	ASSERT_EQ(0, burn_write_all(self->fd, self->img + half, half, 65536));
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0));
	ASSERT_EQ(0, burn_progress(self->fd2, &p));
	EXPECT_EQ(DISCBURN_SESSION_DONE, p.state);
	/* the last sector of the caller's stream, not of the padding */
	EXPECT_EQ((__s32)b.start_lba + IMG_SECTORS - 1, (__s32)p.last_read_lba);
	EXPECT_LE((__s32)q.last_written_lba, (__s32)p.last_written_lba);
	EXPECT_EQ(0, p.remaining_ns);
	EXPECT_EQ(0, p.ring_used);
}

TEST_F(burn, erase_makes_the_disc_blank)
{
	struct discburn_format_support fs = { .size = sizeof(fs),
					      .format = DISCBURN_FORMAT_DATA };
	struct discburn_media_info mi;
	__u32 st;

	burn_one(_metadata, self->fd, variant->append_flags, self->img, 800 * SECTOR,
		 DISCBURN_VERIFY_NONE);
	if (!variant->erasable) {
		EXPECT_EQ(-EMEDIUMTYPE, burn_erase(self->fd, 0, &st));
		EXPECT_EQ(DISCBURN_E_ERASE_MEDIA_IS_NOT_SUPPORTED, st);
		return;
	}
	ASSERT_EQ(0, ioctl(self->fd, DISCBURN_IOC_GET_FORMAT_SUPPORT, &fs));
	EXPECT_FALSE(fs.flags & DISCBURN_SUPPORT_HEURISTICALLY_BLANK);
	ASSERT_EQ(0, burn_erase(self->fd, 0, &st)) TH_LOG("status 0x%08x", st);
	EXPECT_EQ(0, st);
	EXPECT_EQ(0, burn_locked(self->fd2));
	ASSERT_EQ(0, ioctl(self->fd, DISCBURN_IOC_GET_FORMAT_SUPPORT, &fs));
	EXPECT_TRUE(fs.flags & DISCBURN_SUPPORT_HEURISTICALLY_BLANK);
	ASSERT_EQ(0, _rec_media(self->fd, &mi));
	if (variant->write_once) {
		EXPECT_EQ(0, mi.disc_status);
		EXPECT_TRUE(fs.flags & DISCBURN_SUPPORT_PHYSICALLY_BLANK);
	}
	/* and the disc takes a new burn without ForceOverwrite */
	burn_one(_metadata, self->fd, 0, self->img, 500 * SECTOR, DISCBURN_VERIFY_NONE);
	EXPECT_EQ(1, burn_read_equals(&self->emu, 0, self->img, 500 * SECTOR));
}

/* Wait (up to 10 s) until the drive has seen no command for 300 ms. */
static int emu_wait_quiet(const struct emu *e)
{
	long long before = emu_stat(e, "commands"), now;

	for (int i = 0; i < 33; i++) {
		st_msleep(300);
		now = emu_stat(e, "commands");
		if (now < 0)
			return -1;
		if (now == before)
			return 0;
		before = now;
	}
	return -1;
}

/*
 * sr learns of a new disc from GET EVENT STATUS and from the unit attention
 * TEST UNIT READY meets; after ten media changes that only the first saw it
 * stops believing GET EVENT STATUS. Every burn changes the disc without a
 * unit attention, so discburn must tell sr itself: else after a dozen
 * discs sr keeps the blank disc's capacity and a burn does not read back.
 */
TEST(sr_rereads_the_disc_after_every_burn)
{
	static const char *const knobs[] = { "capacity_sectors=40000", NULL };
	size_t len = 64 * SECTOR;
	unsigned char *img;
	struct emu e;
	__s32 start;
	int i, fd;

	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new(&e, "dvdplusr", knobs));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);
	img = burn_pattern(64, 0x5eed);
	ASSERT_NE(NULL, img);
	for (i = 0; i < 12; i++) {
		ASSERT_EQ(0, emu_knob(&e, "medium", "dvdplusr"));
		burn_one(_metadata, fd, 0, img, len, DISCBURN_VERIFY_NONE);
		/*
		 * Releasing the lock's claim on srN makes the block layer check
		 * for events: let that check run before the next disc goes in,
		 * as it does when a person changes discs.
		 */
		ASSERT_EQ(0, emu_wait_quiet(&e));
	}
	ASSERT_EQ(0, emu_knob(&e, "medium", "dvdplusr"));
	start = burn_one(_metadata, fd, 0, img, len, DISCBURN_VERIFY_NONE);
	EXPECT_EQ(1, burn_read_equals(&e, start, img, len));
	free(img);
	close(fd);
	emu_del(&e);
}

TEST_HARNESS_MAIN
