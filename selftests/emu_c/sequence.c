// SPDX-License-Identifier: GPL-2.0
/*
 * Command sequences a tool would never send still leave the drive model
 * consistent: CLOSE TRACK/SESSION while an SAO cue sheet is active is
 * refused (5/2C/00) and the cue stays writable, a WRITE under a cue sheet
 * that is not at the next writable address (back or forward) is refused
 * (5/21/02), a 100th track is refused, a second cue sheet is refused.
 */
#include "emu_c.h"
#include "kselftest_harness.h"

FIXTURE(seq) {
	struct emu d;
	int fd;
	unsigned char *buf;
};

FIXTURE_SETUP(seq)
{
	self->fd = -1;
	self->buf = NULL;
	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new_drive(&self->d, "cdr80", NULL));
	self->fd = ec_open_sg(&self->d);
	ASSERT_LE(0, self->fd);
	self->buf = calloc(1, 64 * 2352);
	ASSERT_NE(NULL, self->buf);
}

FIXTURE_TEARDOWN(seq)
{
	free(self->buf);
	if (self->fd >= 0)
		close(self->fd);
	emu_del(&self->d);
}

static void cue_entry(unsigned char *e, int ctl_adr, int tno, int idx, int form, int lba)
{
	int n = lba + 150;

	e[0] = ctl_adr;
	e[1] = tno;
	e[2] = idx;
	e[3] = form;
	e[4] = 0;
	e[5] = n / 4500;
	e[6] = n % 4500 / 75;
	e[7] = n % 75;
}

/* One MODE1 data track: pregap -150, start 0, lead-out at 300 */
static struct sgres send_cue_one_track(int fd)
{
	unsigned char cue[32], cdb[10] = { 0x5d };

	cue_entry(&cue[0], 0x41, 0, 0, 0x14, -150);
	cue_entry(&cue[8], 0x41, 1, 0, 0x10, -150);
	cue_entry(&cue[16], 0x41, 1, 1, 0x10, 0);
	cue_entry(&cue[24], 0x41, 0xaa, 1, 0x14, 300);
	cdb[8] = sizeof(cue);
	return ec_sgio(fd, cdb, 10, SG_DXFER_TO_DEV, cue, sizeof(cue), 0);
}

static int toc_has(const struct emu *d, const char *what)
{
	char path[PATH_MAX + 8], buf[8192];

	snprintf(path, sizeof(path), "%s/toc", d->dir);
	if (st_read_text(path, buf, sizeof(buf)))
		return 0;
	return !!strstr(buf, what);
}

/* Issue 13: three CLOSE TRACKs under a cue sheet drove ntracks below the cue's */
TEST_F(seq, close_during_sao_cue_is_refused)
{
	struct sgres r;
	int i, lba;

	r = ec_page5(self->fd, 2, 0, 4, 8, 0);
	ASSERT_EQ(0, r.status);
	r = send_cue_one_track(self->fd);
	ASSERT_EQ(0, r.status) TH_LOG("cue sheet: %x/%02x/%02x", r.key, r.asc, r.ascq);
	for (i = 0; i < 3; i++) {
		r = ec_close(self->fd, 1, 1);
		EXPECT_EQ(SK3(5, 0x2c, 0), SGRES_SENSE(r));
	}
	r = ec_close(self->fd, 2, 0);
	EXPECT_EQ(SK3(5, 0x2c, 0), SGRES_SENSE(r));
	EXPECT_EQ(1, emu_stat(&self->d, "tracks"));

	/* the cue sheet is still the plan: pregap and track, then SYNC ends it */
	for (lba = -150; lba < 300; lba += 50) {
		r = ec_write10(self->fd, lba, 50, self->buf, 2048);
		ASSERT_EQ(0, r.status) TH_LOG("WRITE %d: %x/%02x/%02x", lba, r.key, r.asc,
					      r.ascq);
	}
	r = ec_sync(self->fd);
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(1, emu_stat(&self->d, "tracks"));
	EXPECT_EQ(1, emu_stat(&self->d, "sessions"));
	EXPECT_TRUE(toc_has(&self->d, "track 1 session 1 start 0 blocks 300"));
	r = ec_write10(self->fd, -150, 1, self->buf, 2048);
	EXPECT_NE(0, r.status);
}

TEST_F(seq, write_outside_the_cue_is_refused)
{
	struct sgres r;

	ASSERT_EQ(0, ec_page5(self->fd, 2, 0, 4, 8, 0).status);
	ASSERT_EQ(0, send_cue_one_track(self->fd).status);
	r = ec_write10(self->fd, 300, 1, self->buf, 2048);
	EXPECT_EQ(SK3(5, 0x21, 2), SGRES_SENSE(r));
	r = ec_write10(self->fd, 250, 60, self->buf, 2048);
	EXPECT_NE(0, r.status);
	r = send_cue_one_track(self->fd);
	EXPECT_EQ(SK3(5, 0x2c, 0), SGRES_SENSE(r));
	EXPECT_EQ(1, emu_stat(&self->d, "tracks"));
}

/* Disc-At-Once is one uninterrupted run: no gap, no going back */
TEST_F(seq, sao_write_skipping_ahead_or_back_is_refused)
{
	struct sgres r;

	ASSERT_EQ(0, ec_page5(self->fd, 2, 0, 4, 8, 0).status);
	ASSERT_EQ(0, send_cue_one_track(self->fd).status);
	r = ec_write10(self->fd, -149, 10, self->buf, 2048);
	EXPECT_EQ(SK3(5, 0x21, 2), SGRES_SENSE(r));
	ASSERT_EQ(0, ec_write10(self->fd, -150, 50, self->buf, 2048).status);
	/* forward over 50 sectors of the pregap, into the track, and back */
	r = ec_write10(self->fd, -50, 50, self->buf, 2048);
	EXPECT_EQ(SK3(5, 0x21, 2), SGRES_SENSE(r));
	r = ec_write10(self->fd, 0, 50, self->buf, 2048);
	EXPECT_EQ(SK3(5, 0x21, 2), SGRES_SENSE(r));
	r = ec_write10(self->fd, -150, 50, self->buf, 2048);
	EXPECT_EQ(SK3(5, 0x21, 2), SGRES_SENSE(r));
	EXPECT_EQ(50, emu_stat(&self->d, "sectors_written"));
	/* where the last WRITE ended, the run goes on to the lead-out */
	ASSERT_EQ(0, ec_write10(self->fd, -100, 50, self->buf, 2048).status);
	ASSERT_EQ(0, ec_write10(self->fd, -50, 50, self->buf, 2048).status);
	ASSERT_EQ(0, ec_write10(self->fd, 0, 50, self->buf, 2048).status);
	EXPECT_EQ(200, emu_stat(&self->d, "sectors_written"));
}

/* A CD holds 99 tracks; the 100th WRITE is refused and nothing overflows */
TEST_F(seq, hundredth_tao_track_is_refused)
{
	struct sgres r;
	int i, lba = 0;

	ASSERT_EQ(0, ec_page5(self->fd, 1, 3, 4, 8, 0).status);
	for (i = 0; i < 99; i++) {
		r = ec_write10(self->fd, lba, 1, self->buf, 2048);
		ASSERT_EQ(0, r.status) TH_LOG("track %d: %x/%02x/%02x", i + 1, r.key,
					      r.asc, r.ascq);
		ASSERT_EQ(0, ec_sync(self->fd).status);
		lba += 300 + 2 + 150;
	}
	EXPECT_EQ(99, emu_stat(&self->d, "tracks"));
	r = ec_write10(self->fd, lba, 1, self->buf, 2048);
	EXPECT_NE(0, r.status);
	r = ec_close(self->fd, 1, 0xff);
	EXPECT_EQ(0, r.status);
	r = ec_close(self->fd, 2, 0);
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(99, emu_stat(&self->d, "tracks"));
	EXPECT_EQ(1, emu_stat(&self->d, "sessions"));
	EXPECT_TRUE(toc_has(&self->d, "status complete"));
	r = ec_write10(self->fd, lba, 1, self->buf, 2048);
	EXPECT_NE(0, r.status);
}

TEST_HARNESS_MAIN
