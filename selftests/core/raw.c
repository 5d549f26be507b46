// SPDX-License-Identifier: GPL-2.0
/*
 * Raw CD (IDiscFormat2RawCD's kernel half): a Disc-At-Once session of
 * one audio track, lead-in with its TOC in Q, pregap and lead-out, built
 * here sector by sector in each of the three sector types, prepared,
 * written and released; the disc's TOC and the audio read back. The
 * stream may begin earlier than the medium's lead-in (the kernel skips
 * the surplus, as IMAPI's WriteMedia does from MSF 95:00:00) but not
 * later (STREAM_LEADIN_TOO_SHORT). Every status of prepare, write and
 * release, the client name while prepared, cancel, and the lock and door
 * released when the file closes.
 */
#include <linux/cdrom.h>
#include <scsi/sg.h>

#include "burn.h"
#include "kselftest_harness.h"

#define AUDIO_SECTORS	900
#define LEADOUT		6750

struct rawgen {
	__u32 type;		/* DISCBURN_RAW_SUBCODE_* */
	__u32 bytes;		/* per sector */
	__s32 first;		/* LBA of the stream's first sector */
	__s32 leadout;		/* LBA of the lead-out */
};

static __u8 bcd(unsigned int v)
{
	return (v / 10) << 4 | (v % 10);
}

static void msf_bcd(__s32 lba, __u8 *m, int absolute)
{
	unsigned int n = absolute ? (lba >= -150 ? lba + 150 : lba + 450150) : lba;

	m[0] = bcd(n / 4500);
	m[1] = bcd(n / 75 % 60);
	m[2] = bcd(n % 75);
}

static void q_crc(__u8 *q)
{
	unsigned int crc = 0;
	int i, b;

	for (i = 0; i < 10; i++) {
		crc ^= q[i] << 8;
		for (b = 0; b < 8; b++)
			crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
	}
	crc = ~crc & 0xffff;
	q[10] = crc >> 8;
	q[11] = crc;
}

/* The audio of a program-area sector: says which sector it is */
static void audio_sector(__u8 *p, __s32 lba)
{
	__u32 x = lba * 2654435761u + 12345;
	int i;

	for (i = 0; i < 2352; i++) {
		x = x * 1103515245 + 12345;
		p[i] = x >> 24;
	}
	memcpy(p, &lba, sizeof(lba));
}

/* One stream sector at @lba: main channel and subcode of @g's type */
static void raw_sector(const struct rawgen *g, __s32 lba, __u8 *out)
{
	static const __u8 points[] = { 0xa0, 0xa1, 0xa2, 0x01 };
	__u8 q[12] = { 0 };
	int p = 0, b;

	memset(out, 0, g->bytes);
	q[0] = 0x01;				/* audio, ADR 1 */
	if (lba < -150) {
		/* lead-in: the TOC, each entry in three sectors */
		__u8 point = points[((lba - g->first) / 3) % 4];

		q[1] = 0;
		q[2] = point;
		msf_bcd(lba, &q[3], 1);
		if (point == 0xa0 || point == 0xa1)
			q[7] = 0x01;		/* track 1; A0: disc type 00 */
		else if (point == 0xa2)
			msf_bcd(g->leadout, &q[7], 1);
		else
			msf_bcd(0, &q[7], 1);
	} else if (lba < 0) {
		/* the pregap: index 0, relative time counting down */
		q[1] = 0x01;
		q[2] = 0x00;
		msf_bcd(-lba - 1, &q[3], 0);
		msf_bcd(lba, &q[7], 1);
		p = 1;
	} else if (lba < g->leadout) {
		audio_sector(out, lba);
		q[1] = 0x01;
		q[2] = 0x01;
		msf_bcd(lba, &q[3], 0);
		msf_bcd(lba, &q[7], 1);
	} else {
		q[1] = 0xaa;
		q[2] = 0x01;
		msf_bcd(lba - g->leadout, &q[3], 0);
		msf_bcd(lba, &q[7], 1);
		p = (lba - g->leadout) >= 150 && ((lba - g->leadout) / 19) % 2;
	}
	q_crc(q);
	if (g->type == DISCBURN_RAW_SUBCODE_PQ_ONLY) {
		memcpy(out + 2352, q, 12);
		out[2352 + 15] = p ? 0x80 : 0;
		return;
	}
	/* 96 bytes: P in bit 7, Q in bit 6, R-W zero (packed and raw alike) */
	for (b = 0; b < 96; b++)
		out[2352 + b] = (p ? 0x80 : 0) | ((q[b / 8] >> (7 - b % 8)) & 1) << 6;
}

/* Write the stream from @g->first to the end of the lead-out. */
static int raw_stream(int fd, const struct rawgen *g)
{
	const __s32 end = g->leadout + LEADOUT;
	const int per = 64;
	__u8 *buf = malloc((size_t)per * g->bytes);
	__s32 lba = g->first;
	int ret = 0, i;

	if (!buf)
		return -ENOMEM;
	while (lba < end && !ret) {
		int n = end - lba < per ? end - lba : per;

		for (i = 0; i < n; i++)
			raw_sector(g, lba + i, buf + (size_t)i * g->bytes);
		ret = burn_write_all(fd, buf, (size_t)n * g->bytes, (size_t)n * g->bytes);
		lba += n;
	}
	free(buf);
	return ret;
}

static int set_raw_name(int fd, const char *name, __u32 *st)
{
	struct discburn_client_name cn = { .size = sizeof(cn), .format = DISCBURN_FORMAT_RAW };
	int ret;

	snprintf((char *)cn.client_name, sizeof(cn.client_name), "%s", name);
	ret = ioctl(fd, DISCBURN_IOC_SET_CLIENT_NAME, &cn) ? -errno : 0;
	if (st)
		*st = cn.status;
	return ret;
}

static int raw_prepare(int fd, __u32 type, struct discburn_raw_prepare *rp)
{
	memset(rp, 0, sizeof(*rp));
	rp->size = sizeof(*rp);
	rp->sector_type = type;
	rp->write_speed = DISCBURN_SPEED_FASTEST;
	return ioctl(fd, DISCBURN_IOC_RAW_PREPARE, rp) ? -errno : 0;
}

static int raw_write(int fd, __u32 leadin, __u64 bytes, struct discburn_raw_write *rw)
{
	memset(rw, 0, sizeof(*rw));
	rw->size = sizeof(*rw);
	rw->leadin_sectors = leadin;
	rw->stream_bytes = bytes;
	return ioctl(fd, DISCBURN_IOC_RAW_WRITE, rw) ? -errno : 0;
}

static int raw_release(int fd, __u32 *st)
{
	struct discburn_raw_release rr = { .size = sizeof(rr) };
	int ret = ioctl(fd, DISCBURN_IOC_RAW_RELEASE, &rr) ? -errno : 0;

	if (st)
		*st = rr.status;
	return ret;
}

/* READ CD of @n audio sectors from @lba through SG_IO on srN */
static int read_cd_audio(const struct emu *e, __s32 lba, int n, __u8 *buf)
{
	__u8 cdb[12] = { 0xbe, 0x04 }, sense[32];
	struct sg_io_hdr io = { .interface_id = 'S' };
	int fd, ret;

	fd = open(e->srdev, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	cdb[2] = lba >> 24;
	cdb[3] = lba >> 16;
	cdb[4] = lba >> 8;
	cdb[5] = lba;
	cdb[8] = n;
	cdb[9] = 0x10;		/* user data */
	io.cmd_len = sizeof(cdb);
	io.cmdp = cdb;
	io.dxfer_direction = SG_DXFER_FROM_DEV;
	io.dxferp = buf;
	io.dxfer_len = n * 2352;
	io.sbp = sense;
	io.mx_sb_len = sizeof(sense);
	io.timeout = 20000;
	ret = ioctl(fd, SG_IO, &io) ? -errno : (io.status ? -EIO : 0);
	close(fd);
	return ret;
}

FIXTURE(raw) {
	struct emu emu;
	int fd;
	int fd2;
};

FIXTURE_VARIANT(raw) {
	__u32 type;
	__u32 bytes;
};

FIXTURE_VARIANT_ADD(raw, pq_only) { .type = DISCBURN_RAW_SUBCODE_PQ_ONLY, .bytes = 2368 };
FIXTURE_VARIANT_ADD(raw, is_cooked) { .type = DISCBURN_RAW_SUBCODE_IS_COOKED, .bytes = 2448 };
FIXTURE_VARIANT_ADD(raw, is_raw) { .type = DISCBURN_RAW_SUBCODE_IS_RAW, .bytes = 2448 };

FIXTURE_SETUP(raw)
{
	self->fd = -1;
	self->fd2 = -1;
	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new(&self->emu, "cdr80", NULL));
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);
	self->fd2 = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd2);
	ASSERT_EQ(0, set_raw_name(self->fd, "Raw Kiosk", NULL));
}

FIXTURE_TEARDOWN(raw)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->fd2 >= 0)
		close(self->fd2);
	emu_del(&self->emu);
}

static void check_disc(struct __test_metadata *_metadata, const struct emu *e)
{
	struct cdrom_tocentry te = { .cdte_track = 1, .cdte_format = CDROM_LBA };
	__u8 *got = malloc(16 * 2352), *want = malloc(2352);
	int fd, i;

	ASSERT_NE(NULL, got);
	ASSERT_NE(NULL, want);
	fd = open(e->srdev, O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, CDROMREADTOCENTRY, &te)) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(0, te.cdte_addr.lba);
	EXPECT_EQ(0, te.cdte_ctrl & 0x04);	/* audio */
	te.cdte_track = CDROM_LEADOUT;
	ASSERT_EQ(0, ioctl(fd, CDROMREADTOCENTRY, &te));
	EXPECT_EQ(AUDIO_SECTORS, te.cdte_addr.lba);
	close(fd);
	ASSERT_EQ(0, read_cd_audio(e, AUDIO_SECTORS - 16, 16, got));
	for (i = 0; i < 16; i++) {
		audio_sector(want, AUDIO_SECTORS - 16 + i);
		EXPECT_EQ(0, memcmp(want, got + i * 2352, 2352)) TH_LOG("sector %d", i);
	}
	free(got);
	free(want);
}

TEST_F(raw, session_written_from_the_lead_in_start)
{
	struct discburn_session_finish f;
	struct discburn_raw_prepare rp;
	struct discburn_raw_write rw;
	struct discburn_progress p;
	struct rawgen g = { .type = variant->type, .bytes = variant->bytes,
			    .leadout = AUDIO_SECTORS };
	__u32 st;

	ASSERT_EQ(0, raw_prepare(self->fd, variant->type, &rp)) TH_LOG("0x%08x", rp.status);
	EXPECT_GT(-4500, (__s32)rp.start_of_next_session);
	EXPECT_LT(300000, (__s32)rp.last_possible_start_of_leadout);
	EXPECT_TRUE(rp.sector_types & (1U << variant->type));
	EXPECT_EQ(1, burn_locked(self->fd2));
	ASSERT_EQ(0, burn_progress(self->fd2, &p));
	EXPECT_EQ(DISCBURN_FORMAT_RAW, p.format);
	EXPECT_EQ(DISCBURN_SESSION_PREPARED, p.state);
	/* StartLba is the lead-in; LastWrittenLba the sector before it, not -1 */
	EXPECT_EQ(rp.start_of_next_session, p.start_lba);
	EXPECT_EQ((__s32)rp.start_of_next_session - 1, (__s32)p.last_written_lba);

	/* the name cannot change between prepare and release */
	EXPECT_EQ(-EBUSY, set_raw_name(self->fd, "other", &st));
	EXPECT_EQ(DISCBURN_E_DF2RAW_MEDIA_IS_PREPARED, st);

	g.first = (__s32)rp.start_of_next_session;
	ASSERT_EQ(0, raw_write(self->fd, -g.first, 0, &rw)) TH_LOG("0x%08x", rw.status);
	EXPECT_EQ(0, rw.skip_sectors);
	EXPECT_EQ(rp.start_of_next_session, rw.start_lba);
	EXPECT_EQ(variant->bytes, rw.sector_bytes);
	EXPECT_EQ(0, rw.chunk_bytes % variant->bytes);
	ASSERT_EQ(0, raw_stream(self->fd, &g));
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0)) TH_LOG("0x%08x", f.status);
	EXPECT_EQ(0, f.status);
	ASSERT_EQ(0, burn_progress(self->fd2, &p));
	EXPECT_EQ(DISCBURN_SESSION_PREPARED, p.state);
	EXPECT_EQ(AUDIO_SECTORS + LEADOUT - 1, (__s32)p.last_written_lba);

	/* still prepared: the lock is held until release; the disc is written */
	EXPECT_EQ(1, burn_locked(self->fd2));
	EXPECT_EQ(-EEXIST, raw_write(self->fd, 0, 0, &rw));
	EXPECT_EQ(DISCBURN_E_DF2RAW_MEDIA_IS_NOT_BLANK, rw.status);
	ASSERT_EQ(0, raw_release(self->fd, &st));
	EXPECT_EQ(0, burn_locked(self->fd2));
	ASSERT_EQ(0, burn_progress(self->fd2, &p));
	EXPECT_EQ(DISCBURN_SESSION_DONE, p.state);
	check_disc(_metadata, &self->emu);
}

TEST_F(raw, stream_from_95_00_00_is_skipped_to_the_lead_in)
{
	struct discburn_session_finish f;
	struct discburn_raw_prepare rp;
	struct discburn_raw_write rw;
	struct rawgen g = { .type = variant->type, .bytes = variant->bytes,
			    .first = -DISCBURN_RAW_DEFAULT_LEADIN, .leadout = AUDIO_SECTORS };

	ASSERT_EQ(0, raw_prepare(self->fd, variant->type, &rp));
	ASSERT_EQ(0, raw_write(self->fd, 0, 0, &rw)) TH_LOG("0x%08x", rw.status);
	EXPECT_EQ(DISCBURN_RAW_DEFAULT_LEADIN + (__s32)rp.start_of_next_session,
		  (__s32)rw.skip_sectors);
	ASSERT_EQ(0, raw_stream(self->fd, &g));
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0)) TH_LOG("0x%08x", f.status);
	EXPECT_EQ((__u64)(AUDIO_SECTORS + LEADOUT + DISCBURN_RAW_DEFAULT_LEADIN) *
		  variant->bytes, f.bytes);
	ASSERT_EQ(0, raw_release(self->fd, NULL));
	check_disc(_metadata, &self->emu);
}

FIXTURE(rawerr) {
	struct emu emu;
	int fd;
};

FIXTURE_SETUP(rawerr)
{
	self->fd = -1;
	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new(&self->emu, "cdr80", NULL));
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(rawerr)
{
	if (self->fd >= 0)
		close(self->fd);
	emu_del(&self->emu);
}

TEST_F(rawerr, statuses_of_prepare_write_release)
{
	struct discburn_session_finish f;
	struct discburn_raw_prepare rp;
	struct discburn_raw_write rw;
	__u32 st;

	EXPECT_EQ(-EINVAL, raw_prepare(self->fd, 0, &rp));
	EXPECT_EQ(DISCBURN_E_DF2RAW_CLIENT_NAME_IS_NOT_VALID, rp.status);
	EXPECT_EQ(-ENOENT, raw_write(self->fd, 0, 0, &rw));
	EXPECT_EQ(DISCBURN_E_DF2RAW_MEDIA_IS_NOT_PREPARED, rw.status);
	EXPECT_EQ(-ENOENT, raw_release(self->fd, &st));
	EXPECT_EQ(DISCBURN_E_DF2RAW_MEDIA_IS_NOT_PREPARED, st);
	EXPECT_EQ(-1, ioctl(self->fd, DISCBURN_IOC_RAW_PREPARE, &(struct discburn_raw_prepare){
		.size = sizeof(rp), .sector_type = 4 }));
	EXPECT_EQ(EINVAL, errno);

	ASSERT_EQ(0, set_raw_name(self->fd, "Raw Errors", NULL));
	ASSERT_EQ(0, raw_prepare(self->fd, 0, &rp));
	EXPECT_EQ(-EBUSY, raw_prepare(self->fd, 0, &rp));
	EXPECT_EQ(DISCBURN_E_DF2RAW_MEDIA_IS_PREPARED, rp.status);
	EXPECT_EQ(-ENOENT, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_E_DF2RAW_WRITE_NOT_IN_PROGRESS, f.status);
	EXPECT_EQ(-EINVAL, raw_write(self->fd, 1000, 0, &rw));
	EXPECT_EQ(DISCBURN_E_DF2RAW_STREAM_LEADIN_TOO_SHORT, rw.status);
	EXPECT_EQ(-EINVAL, raw_write(self->fd, 0, 2448 * 100 + 1, &rw));
	EXPECT_EQ(DISCBURN_E_DF2RAW_STREAM_NOT_SUPPORTED, rw.status);
	EXPECT_EQ(-ENOSPC, raw_write(self->fd, 0, 2448ULL * 500000, &rw));
	EXPECT_EQ(DISCBURN_E_DF2RAW_NOT_ENOUGH_SPACE, rw.status);

	/* writing: release refused; a stream not in whole sectors fails */
	ASSERT_EQ(0, raw_write(self->fd, 0, 0, &rw));
	EXPECT_EQ(-EBUSY, raw_write(self->fd, 0, 0, &rw));
	EXPECT_EQ(DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS, rw.status);
	EXPECT_EQ(-EBUSY, raw_release(self->fd, &st));
	EXPECT_EQ(DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS, st);
	ASSERT_EQ(2448 + 7, write(self->fd, (char[2448 + 7]){ 0 }, 2448 + 7));
	EXPECT_EQ(-EINVAL, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_E_DF2RAW_STREAM_NOT_SUPPORTED, f.status);
	EXPECT_EQ(0, raw_release(self->fd, &st));
}

TEST_F(rawerr, cancel_leaves_it_prepared)
{
	struct discburn_session_cancel c = { .size = sizeof(c), .format = DISCBURN_FORMAT_RAW };
	struct discburn_session_finish f;
	struct discburn_raw_prepare rp;
	struct discburn_raw_write rw;

	ASSERT_EQ(0, set_raw_name(self->fd, "Raw Cancel", NULL));
	EXPECT_EQ(-1, ioctl(self->fd, DISCBURN_IOC_SESSION_CANCEL, &c));
	EXPECT_EQ(DISCBURN_E_DF2RAW_WRITE_NOT_IN_PROGRESS, c.status);
	ASSERT_EQ(0, raw_prepare(self->fd, 0, &rp));
	EXPECT_EQ(-1, ioctl(self->fd, DISCBURN_IOC_SESSION_CANCEL, &c));
	EXPECT_EQ(DISCBURN_E_DF2RAW_WRITE_NOT_IN_PROGRESS, c.status);
	ASSERT_EQ(0, raw_write(self->fd, 0, 0, &rw));
	ASSERT_EQ(0, burn_write_all(self->fd, (unsigned char[2448 * 20]){ 0 }, 2448 * 20,
				    2448 * 20));
	EXPECT_EQ(0, ioctl(self->fd, DISCBURN_IOC_SESSION_CANCEL, &c));
	EXPECT_EQ(-ECANCELED, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_E_REQUEST_CANCELLED, f.status);
	EXPECT_EQ(0, raw_release(self->fd, NULL));
	EXPECT_EQ(0, burn_locked(self->fd));
}

TEST_F(rawerr, medium_and_drive_refused)
{
	static const char *const rom[] = { "drive=rom", NULL };
	struct discburn_session_finish f;
	struct discburn_raw_prepare rp;
	struct discburn_progress p;
	int r;

	ASSERT_EQ(0, set_raw_name(self->fd, "Raw Media", NULL));
	ASSERT_EQ(0, emu_knob(&self->emu, "medium", "dvdplusr"));
	EXPECT_EQ(-EMEDIUMTYPE, raw_prepare(self->fd, 0, &rp));
	EXPECT_EQ(DISCBURN_E_DF2RAW_MEDIA_IS_NOT_SUPPORTED, rp.status);
	EXPECT_EQ(0, burn_locked(self->fd));
	ASSERT_EQ(0, emu_knob(&self->emu, "medium", "none"));
	EXPECT_EQ(-ENOMEDIUM, raw_prepare(self->fd, 0, &rp));
	EXPECT_EQ(DISCBURN_E_RECORDER_MEDIA_NO_MEDIA, rp.status);
	ASSERT_EQ(0, emu_knob(&self->emu, "medium", "cdr80"));
	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, NULL));
	r = burn_finish(self->fd, &f, 0);
	burn_progress(self->fd, &p);
	ASSERT_EQ(0, r) TH_LOG("status 0x%x sense 0x%x lba %d", f.status, p.sense,
			       (int)p.failed_lba);
	EXPECT_EQ(-EEXIST, raw_prepare(self->fd, 0, &rp));
	EXPECT_EQ(DISCBURN_E_DF2RAW_MEDIA_IS_NOT_BLANK, rp.status);
	if (!emu_has_knob("drive"))
		return;
	close(self->fd);
	emu_del(&self->emu);
	ASSERT_EQ(0, emu_new(&self->emu, "cdr80", rom));
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, set_raw_name(self->fd, "Raw Media", NULL));
	EXPECT_EQ(-EOPNOTSUPP, raw_prepare(self->fd, 0, &rp));
	EXPECT_EQ(DISCBURN_E_DF2RAW_RECORDER_NOT_SUPPORTED, rp.status);
}

TEST_F(rawerr, close_while_prepared_releases)
{
	struct discburn_raw_prepare rp;
	int fd2 = rec_open(&self->emu, O_RDWR);

	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, set_raw_name(self->fd, "Raw Close", NULL));
	ASSERT_EQ(0, raw_prepare(self->fd, 0, &rp));
	EXPECT_EQ(1, burn_locked(fd2));
	close(self->fd);
	self->fd = -1;
	EXPECT_LE(0, burn_wait_unlocked(fd2, 1.0));
	close(fd2);
}

TEST_HARNESS_MAIN
