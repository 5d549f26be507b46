// SPDX-License-Identifier: GPL-2.0
/*
 * Every status of the data format's kernel half, provoked and checked:
 * client names (set, refused, refused while writing, per format), the
 * state machine (begin twice, finish and cancel without a session, writes
 * without one), the medium (not blank, closed, write-protected, none, too
 * small for the declared stream, a stream not in whole sectors), the lock
 * (another owner, unlock and eject during a burn, read-only files), the
 * write speed answers, and format support (IsRecorderSupported,
 * IsCurrentMediaSupported, Media*Blank, SupportedMediaTypes) including
 * drives that cannot write.
 */
#include "burn.h"
#include "kselftest_harness.h"

FIXTURE(err) {
	struct emu emu;
	int fd;
	int fd2;
	unsigned char *img;
};

FIXTURE_SETUP(err)
{
	static const char *const knobs[] = { "capacity_sectors=20000", NULL };

	self->fd = -1;
	self->fd2 = -1;
	self->img = NULL;
	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new(&self->emu, "cdr80", knobs));
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);
	self->fd2 = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd2);
	self->img = burn_pattern(1000, 7);
	ASSERT_NE(NULL, self->img);
}

FIXTURE_TEARDOWN(err)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->fd2 >= 0)
		close(self->fd2);
	free(self->img);
	emu_del(&self->emu);
}

static int set_name_fmt(int fd, __u32 format, const char *name, __u32 *st)
{
	struct discburn_client_name cn = { .size = sizeof(cn), .format = format };
	int ret;

	memcpy(cn.client_name, name, strnlen(name, sizeof(cn.client_name)));
	ret = ioctl(fd, DISCBURN_IOC_SET_CLIENT_NAME, &cn) ? -errno : 0;
	*st = cn.status;
	return ret;
}

TEST_F(err, begin_without_a_client_name)
{
	struct discburn_data_begin b;

	burn_begin_init(&b, 0, 0);
	EXPECT_EQ(-EINVAL, _burn_begin(self->fd, &b));
	EXPECT_EQ(DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID, b.status);
	EXPECT_EQ(0, burn_locked(self->fd2));
}

TEST_F(err, client_name_refused_per_format)
{
	char long_name[65];
	__u32 st;

	memset(long_name, 'a', 64);
	long_name[64] = 0;
	EXPECT_EQ(-EINVAL, set_name_fmt(self->fd, DISCBURN_FORMAT_DATA, "", &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID, st);
	EXPECT_EQ(-EINVAL, set_name_fmt(self->fd, DISCBURN_FORMAT_DATA, "a/b", &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID, st);
	EXPECT_EQ(-EINVAL, set_name_fmt(self->fd, DISCBURN_FORMAT_DATA, long_name, &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID, st);
	EXPECT_EQ(-EINVAL, set_name_fmt(self->fd, DISCBURN_FORMAT_RAW, "\xe9t\xe9", &st));
	EXPECT_EQ(DISCBURN_E_DF2RAW_CLIENT_NAME_IS_NOT_VALID, st);
	EXPECT_EQ(-EINVAL, set_name_fmt(self->fd, DISCBURN_FORMAT_ERASE, "tab\tname", &st));
	EXPECT_EQ(DISCBURN_E_ERASE_CLIENT_NAME_IS_NOT_VALID, st);
	long_name[63] = 0;
	EXPECT_EQ(0, set_name_fmt(self->fd, DISCBURN_FORMAT_DATA, long_name, &st));
	EXPECT_EQ(0, set_name_fmt(self->fd, DISCBURN_FORMAT_DATA, "Kiosk 1.2, step: 3; a_b-c", &st));
}

TEST_F(err, client_name_kept_while_writing)
{
	struct discburn_session_finish f;
	struct discburn_owner o;
	__u32 st;

	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 100 * SECTOR, 65536));
	EXPECT_EQ(-EBUSY, set_name_fmt(self->fd, DISCBURN_FORMAT_DATA, "other", &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS, st);
	EXPECT_EQ(-EBUSY, set_name_fmt(self->fd, DISCBURN_FORMAT_RAW, "other", &st));
	EXPECT_EQ(DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS, st);
	EXPECT_EQ(-EBUSY, set_name_fmt(self->fd, DISCBURN_FORMAT_ERASE, "other", &st));
	EXPECT_EQ(DISCBURN_E_ERASE_RECORDER_IN_USE, st);
	ASSERT_EQ(0, _rec_owner(self->fd2, &o));
	EXPECT_STREQ("selftest", (char *)o.client_name);
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0));
	/* after the burn the name may change again */
	EXPECT_EQ(0, set_name_fmt(self->fd, DISCBURN_FORMAT_DATA, "other", &st));
}

struct finisher {
	int fd;
	int ret;
};

static void *finish_thread(void *arg)
{
	struct discburn_session_finish f;
	struct finisher *fi = arg;

	fi->ret = burn_finish(fi->fd, &f, 0);
	return NULL;
}

TEST_F(err, calls_during_a_waiting_finish_answer_at_once)
{
	struct finisher fi = { .fd = self->fd, .ret = 1 };
	struct discburn_data_begin b;
	pthread_t th;
	double t0;
	__u32 st;

	/* 1x CD: the finish waits seconds for the drive */
	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "1"));
	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 1000 * SECTOR, 65536));
	ASSERT_EQ(0, pthread_create(&th, NULL, finish_thread, &fi));
	st_msleep(200);
	t0 = st_now();
	EXPECT_EQ(-EBUSY, set_name_fmt(self->fd, DISCBURN_FORMAT_DATA, "other", &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS, st);
	burn_begin_init(&b, 0, 0);
	EXPECT_EQ(-EBUSY, _burn_begin(self->fd, &b));
	EXPECT_EQ(DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS, b.status);
	EXPECT_GT(1.0, st_now() - t0);
	EXPECT_EQ(1, fi.ret) TH_LOG("the finish had already returned");
	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "0"));
	pthread_join(th, NULL);
	EXPECT_EQ(0, fi.ret);
}

TEST_F(err, begin_twice_is_write_in_progress)
{
	struct discburn_session_finish f;
	struct discburn_data_begin b;
	__u32 st;

	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	burn_begin_init(&b, 0, 0);
	EXPECT_EQ(-EBUSY, _burn_begin(self->fd, &b));
	EXPECT_EQ(DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS, b.status);
	/* another file: the recorder is locked by the first */
	ASSERT_EQ(0, burn_set_name(self->fd2, "second", NULL));
	EXPECT_EQ(-EBUSY, _burn_begin(self->fd2, &b));
	EXPECT_EQ(DISCBURN_E_RECORDER_LOCKED, b.status);
	ASSERT_EQ(0, burn_cancel(self->fd, NULL));
	EXPECT_EQ(-ECANCELED, burn_finish(self->fd, &f, 0));
}

TEST_F(err, nothing_to_finish_or_cancel)
{
	struct discburn_session_cancel c = { .size = sizeof(c) };
	struct discburn_session_finish f;
	__u32 st;

	EXPECT_EQ(-ENOENT, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_E_DF2DATA_WRITE_NOT_IN_PROGRESS, f.status);
	EXPECT_EQ(-ENOENT, burn_cancel(self->fd, &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_WRITE_NOT_IN_PROGRESS, st);
	c.format = DISCBURN_FORMAT_RAW;
	EXPECT_EQ(-1, ioctl(self->fd, DISCBURN_IOC_SESSION_CANCEL, &c));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(DISCBURN_E_DF2RAW_WRITE_NOT_IN_PROGRESS, c.status);
	/* an eraser with nothing to cancel is told so, without failing */
	c.format = DISCBURN_FORMAT_ERASE;
	EXPECT_EQ(0, ioctl(self->fd, DISCBURN_IOC_SESSION_CANCEL, &c));
	EXPECT_EQ(DISCBURN_S_WRITE_NOT_IN_PROGRESS, c.status);
	EXPECT_EQ(-1, write(self->fd, self->img, SECTOR));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(err, stream_not_in_whole_sectors)
{
	struct discburn_session_finish f;
	struct discburn_data_begin b;
	__u32 st;

	ASSERT_EQ(0, burn_set_name(self->fd, "selftest", NULL));
	burn_begin_init(&b, 0, 3 * SECTOR + 1);
	EXPECT_EQ(-EINVAL, _burn_begin(self->fd, &b));
	EXPECT_EQ(DISCBURN_E_DF2DATA_STREAM_NOT_SUPPORTED, b.status);

	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 10 * SECTOR + 100, 4096));
	EXPECT_EQ(-EINVAL, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_E_DF2DATA_STREAM_NOT_SUPPORTED, f.status);
	EXPECT_EQ(0, burn_locked(self->fd2));
}

TEST_F(err, stream_too_large_for_the_medium)
{
	static const char *const small[] = { "capacity_sectors=800", NULL };
	struct discburn_session_finish f;
	__u32 st;
	int ret;

	close(self->fd);
	close(self->fd2);
	self->fd = self->fd2 = -1;
	emu_del(&self->emu);
	ASSERT_EQ(0, emu_new(&self->emu, "cdr80", small));
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);

	/* declared: refused before anything is written */
	EXPECT_EQ(-ENOSPC, burn_begin(self->fd, 0, 900 * SECTOR, &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA, st);
	EXPECT_EQ(0, emu_stat(&self->emu, "writes"));

	/* undeclared: the write that does not fit fails, and so the session */
	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	ret = burn_write_all(self->fd, self->img, 1000 * SECTOR, 65536);
	EXPECT_EQ(-ENOSPC, ret);
	EXPECT_EQ(-ENOSPC, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_E_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA, f.status);
}

TEST_F(err, medium_not_blank_closed_protected_absent)
{
	struct discburn_session_finish f;
	__u32 st;

	ASSERT_EQ(0, emu_knob(&self->emu, "write_protect", "1"));
	EXPECT_EQ(-EROFS, burn_begin(self->fd, 0, 0, &st));
	EXPECT_EQ(DISCBURN_E_RECORDER_MEDIA_WRITE_PROTECTED, st);
	EXPECT_EQ(0, burn_locked(self->fd2));
	ASSERT_EQ(0, emu_knob(&self->emu, "write_protect", "0"));

	/* appendable: MEDIA_NOT_BLANK unless appending */
	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 300 * SECTOR, 65536));
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(-EEXIST, burn_begin(self->fd, 0, 0, &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_MEDIA_NOT_BLANK, st);

	/* closed: INVALID_MEDIA_STATE even when appending */
	ASSERT_EQ(0, burn_begin(self->fd, DISCBURN_DATA_APPEND | DISCBURN_DATA_FORCE_CLOSE,
				0, &st));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 300 * SECTOR, 65536));
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(-EINVAL, burn_begin(self->fd, DISCBURN_DATA_APPEND, 0, &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_INVALID_MEDIA_STATE, st);

	ASSERT_EQ(0, emu_knob(&self->emu, "medium", "none"));
	EXPECT_EQ(-ENOMEDIUM, burn_begin(self->fd, 0, 0, &st));
	EXPECT_EQ(DISCBURN_E_RECORDER_MEDIA_NO_MEDIA, st);
	EXPECT_EQ(0, burn_locked(self->fd2));
}

TEST_F(err, another_owner_unlock_eject_read_only)
{
	struct discburn_eject ej = { .size = sizeof(ej) };
	struct discburn_data_begin b;
	struct discburn_session_finish f;
	__u32 st;
	int ro;

	ASSERT_EQ(0, _rec_lock(self->fd2, "Someone Else", 0, NULL));
	EXPECT_EQ(-EBUSY, burn_begin(self->fd, 0, 0, &st));
	EXPECT_EQ(DISCBURN_E_RECORDER_LOCKED, st);
	ASSERT_EQ(0, _rec_unlock(self->fd2, 0, NULL));

	ro = rec_open(&self->emu, O_RDONLY);
	ASSERT_LE(0, ro);
	burn_begin_init(&b, 0, 0);
	EXPECT_EQ(-1, ioctl(ro, DISCBURN_IOC_DATA_BEGIN, &b));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(DISCBURN_E_ACCESS_DENIED, b.status);
	close(ro);

	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	EXPECT_EQ(-EBUSY, _rec_unlock(self->fd, 0, &st));
	EXPECT_EQ(DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS, st);
	EXPECT_EQ(-1, ioctl(self->fd, DISCBURN_IOC_EJECT, &ej));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS, ej.status);
	EXPECT_EQ(-1, ioctl(self->fd2, DISCBURN_IOC_EJECT, &ej));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(DISCBURN_E_RECORDER_LOCKED, ej.status);
	ASSERT_EQ(0, burn_cancel(self->fd, NULL));
	EXPECT_EQ(-ECANCELED, burn_finish(self->fd, &f, 0));
}

TEST_F(err, write_speed_answers)
{
	struct discburn_session_finish f;
	struct discburn_data_begin b;

	ASSERT_EQ(0, burn_set_name(self->fd, "selftest", NULL));
	/* the fastest: nothing to adjust */
	burn_begin_init(&b, 0, 0);
	ASSERT_EQ(0, _burn_begin(self->fd, &b));
	EXPECT_EQ(0, b.status);
	EXPECT_LT(0, b.current_speed);
	ASSERT_EQ(0, burn_cancel(self->fd, NULL));
	burn_finish(self->fd, &f, 0);

	/* 1 sector/s: no drive offers that */
	burn_begin_init(&b, 0, 0);
	b.write_speed = 1;
	ASSERT_EQ(0, _burn_begin(self->fd, &b));
	EXPECT_EQ(DISCBURN_S_SPEEDADJUSTED, b.status);
	ASSERT_EQ(0, burn_cancel(self->fd, NULL));
	burn_finish(self->fd, &f, 0);

	/* the emulator's speeds are all CLV: pure CAV is adjusted */
	burn_begin_init(&b, DISCBURN_DATA_PURE_CAV, 0);
	ASSERT_EQ(0, _burn_begin(self->fd, &b));
	EXPECT_EQ(DISCBURN_S_ROTATIONADJUSTED, b.status);
	ASSERT_EQ(0, burn_cancel(self->fd, NULL));
	burn_finish(self->fd, &f, 0);

	burn_begin_init(&b, DISCBURN_DATA_PURE_CAV, 0);
	b.write_speed = 1;
	ASSERT_EQ(0, _burn_begin(self->fd, &b));
	EXPECT_EQ(DISCBURN_S_BOTHADJUSTED, b.status);
	/* a successful burn reports the adjusted status as its result */
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 300 * SECTOR, 65536));
	EXPECT_EQ(0, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_S_BOTHADJUSTED, f.status);
}

static int support(int fd, __u32 format, struct discburn_format_support *fs)
{
	memset(fs, 0, sizeof(*fs));
	fs->size = sizeof(*fs);
	fs->format = format;
	return ioctl(fd, DISCBURN_IOC_GET_FORMAT_SUPPORT, fs) ? -errno : 0;
}

TEST_F(err, format_support_answers)
{
	struct discburn_session_finish f;
	struct discburn_format_support fs;
	__u32 st;

	ASSERT_EQ(0, support(self->fd, DISCBURN_FORMAT_DATA, &fs));
	EXPECT_EQ(DISCBURN_SUPPORT_RECORDER | DISCBURN_SUPPORT_MEDIA |
		  DISCBURN_SUPPORT_PHYSICALLY_BLANK | DISCBURN_SUPPORT_HEURISTICALLY_BLANK,
		  fs.flags);
	EXPECT_EQ(DISCBURN_MEDIA_CDR, fs.physical_type);
	EXPECT_TRUE(fs.media_types & (1ULL << DISCBURN_MEDIA_CDR));
	EXPECT_TRUE(fs.media_types & (1ULL << DISCBURN_MEDIA_CDRW));
	EXPECT_TRUE(fs.media_types & (1ULL << DISCBURN_MEDIA_DVDPLUSR));
	EXPECT_TRUE(fs.media_types & (1ULL << DISCBURN_MEDIA_BDRE));
	EXPECT_FALSE(fs.media_types & (1ULL << DISCBURN_MEDIA_CDROM));

	ASSERT_EQ(0, support(self->fd, DISCBURN_FORMAT_RAW, &fs));
	EXPECT_TRUE(fs.flags & DISCBURN_SUPPORT_MEDIA);
	EXPECT_EQ((1ULL << DISCBURN_MEDIA_CDR) | (1ULL << DISCBURN_MEDIA_CDRW), fs.media_types);
	ASSERT_EQ(0, support(self->fd, DISCBURN_FORMAT_ERASE, &fs));
	EXPECT_TRUE(fs.flags & DISCBURN_SUPPORT_RECORDER);
	EXPECT_FALSE(fs.flags & DISCBURN_SUPPORT_MEDIA);

	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 300 * SECTOR, 65536));
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0));
	ASSERT_EQ(0, support(self->fd, DISCBURN_FORMAT_DATA, &fs));
	EXPECT_EQ(DISCBURN_SUPPORT_RECORDER | DISCBURN_SUPPORT_MEDIA, fs.flags);
	ASSERT_EQ(0, support(self->fd, DISCBURN_FORMAT_RAW, &fs));
	EXPECT_FALSE(fs.flags & DISCBURN_SUPPORT_MEDIA);

	ASSERT_EQ(0, emu_knob(&self->emu, "medium", "none"));
	ASSERT_EQ(0, support(self->fd, DISCBURN_FORMAT_DATA, &fs));
	EXPECT_EQ(DISCBURN_SUPPORT_RECORDER, fs.flags);
	EXPECT_EQ(DISCBURN_MEDIA_UNKNOWN, fs.physical_type);
}

FIXTURE(drive_kind) {
	struct emu emu;
	int fd;
};

FIXTURE_VARIANT(drive_kind) {
	const char *drive;
	const char *medium;
	__u32 status;		/* of DATA_BEGIN */
	int recorder;		/* IsRecorderSupported */
};

FIXTURE_VARIANT_ADD(drive_kind, reader_with_cdr) {
	.drive = "rom", .medium = "cdr80",
	.status = DISCBURN_E_DF2DATA_RECORDER_NOT_SUPPORTED, .recorder = 0,
};
FIXTURE_VARIANT_ADD(drive_kind, dvd_writer_with_bdr) {
	.drive = "dvd", .medium = "bdr",
	.status = DISCBURN_E_DF2DATA_MEDIA_IS_NOT_SUPPORTED, .recorder = 1,
};
FIXTURE_VARIANT_ADD(drive_kind, cd_writer_with_dvdplusr) {
	.drive = "cd", .medium = "dvdplusr",
	.status = DISCBURN_E_DF2DATA_MEDIA_IS_NOT_SUPPORTED, .recorder = 1,
};

FIXTURE_SETUP(drive_kind)
{
	char knob[32];
	const char *const knobs[] = { knob, NULL };

	self->fd = -1;
	EMU_SKIP_WITHOUT_EMU();
	if (!emu_has_knob("drive"))
		SKIP(return, "discburn_emu has no drive knob");
	snprintf(knob, sizeof(knob), "drive=%s", variant->drive);
	ASSERT_EQ(0, emu_new(&self->emu, variant->medium, knobs));
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(drive_kind)
{
	if (self->fd >= 0)
		close(self->fd);
	emu_del(&self->emu);
}

TEST_F(drive_kind, begin_is_refused)
{
	struct discburn_format_support fs;
	__u32 st;

	ASSERT_EQ(0, support(self->fd, DISCBURN_FORMAT_DATA, &fs));
	EXPECT_EQ(variant->recorder, !!(fs.flags & DISCBURN_SUPPORT_RECORDER));
	EXPECT_FALSE(fs.flags & DISCBURN_SUPPORT_MEDIA);
	EXPECT_GT(0, burn_begin(self->fd, 0, 0, &st));
	EXPECT_EQ(variant->status, st);
	EXPECT_EQ(0, burn_locked(self->fd));
}

TEST_HARNESS_MAIN
