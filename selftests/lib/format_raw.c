// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_format_raw (IDiscFormat2RawCD) with discburn_raw_image
 * (IRawCDImageCreator) against a fresh emulated CD recorder per test: an
 * audio session built by the image creator, written in each sector type
 * from the disc's own lead-in, reads back bit-exact (READ CD) with the TOC
 * the image laid out; the same from MSF 95:00:00 through a file
 * (WriteMedia, the surplus lead-in skipped); progress in order, the result
 * last; the put_ClientName matrix (valid, empty, 64 bytes, forbidden
 * bytes, during a write, while prepared) and every other member's status
 * (NO_RECORDER_SPECIFIED, MEDIA_IS_PREPARED, MEDIA_IS_NOT_PREPARED,
 * STREAM_LEADIN_TOO_SHORT, STREAM_NOT_SUPPORTED, NOT_ENOUGH_SPACE,
 * MEDIA_IS_NOT_BLANK, MEDIA_IS_NOT_SUPPORTED, RECORDER_NOT_SUPPORTED,
 * WRITE_NOT_IN_PROGRESS); cancel from the callback at random points, kill
 * -9 of the writer and unplug mid-write, each leaving the lock released;
 * an underrun with BUFE off fails with LOSS_OF_STREAMING and succeeds with
 * BUFE on; MCN and ISRC as READ SUB-CHANNEL serves them.
 */
#include <linux/cdrom.h>
#include <scsi/sg.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "lib.h"

#define ST(x) DISCBURN_STATUS(DISCBURN_##x)
#define MCN "4006381333931"
#define ISRC2 "FIBAR9900312"

/* PCM of @sectors sectors, byte i a function of i and @seed, in a /tmp file */
static int pcm_file(size_t bytes, unsigned int seed, unsigned char **copy)
{
	unsigned char *buf = malloc(bytes);
	size_t i;
	int fd;

	if (!buf)
		return -1;
	for (i = 0; i < bytes; i++)
		buf[i] = (unsigned char)(i * 131 + seed * 17 + (i >> 11));
	fd = lib_file(buf, bytes);
	if (copy)
		*copy = buf;
	else
		free(buf);
	return fd;
}

/* READ CD of @n audio sectors from @lba through SG_IO on srN */
static int read_cd(const struct emu *e, int32_t lba, int n, unsigned char *buf, int sub)
{
	unsigned char cdb[12] = { 0xbe, 0x04 }, sense[32];
	struct sg_io_hdr io = { .interface_id = 'S' };
	int fd, ret;

	fd = open(e->srdev, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	cdb[2] = (unsigned char)(lba >> 24);
	cdb[3] = (unsigned char)(lba >> 16);
	cdb[4] = (unsigned char)(lba >> 8);
	cdb[5] = (unsigned char)lba;
	cdb[8] = (unsigned char)n;
	cdb[9] = 0x10;
	cdb[10] = (unsigned char)sub;
	io.cmd_len = sizeof(cdb);
	io.cmdp = cdb;
	io.dxfer_direction = SG_DXFER_FROM_DEV;
	io.dxferp = buf;
	io.dxfer_len = n * (2352 + (sub == 2 ? 16 : sub ? 96 : 0));
	io.sbp = sense;
	io.mx_sb_len = sizeof(sense);
	io.timeout = 20000;
	ret = ioctl(fd, SG_IO, &io) ? -errno : (io.status ? -EIO : 0);
	close(fd);
	return ret;
}

/* READ SUB-CHANNEL format @fmt (2 MCN, 3 ISRC of @track), 24 bytes */
static int read_subchannel(const struct emu *e, int fmt, int track, unsigned char *r)
{
	unsigned char cdb[10] = { 0x42, 0, 0x40, (unsigned char)fmt, 0, 0,
				  (unsigned char)track, 0, 24 }, sense[32];
	struct sg_io_hdr io = { .interface_id = 'S' };
	int fd, ret;

	fd = open(e->srdev, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	memset(r, 0, 24);
	io.cmd_len = sizeof(cdb);
	io.cmdp = cdb;
	io.dxfer_direction = SG_DXFER_FROM_DEV;
	io.dxferp = r;
	io.dxfer_len = 24;
	io.sbp = sense;
	io.mx_sb_len = sizeof(sense);
	io.timeout = 20000;
	ret = ioctl(fd, SG_IO, &io) ? -errno : (io.status ? -EIO : 0);
	close(fd);
	return ret;
}

static int toc_lba(const struct emu *e, int track, int32_t *lba, int *ctrl)
{
	struct cdrom_tocentry te = { .cdte_track = (unsigned char)track,
				     .cdte_format = CDROM_LBA };
	int fd = open(e->srdev, O_RDONLY | O_NONBLOCK), ret;

	if (fd < 0)
		return -errno;
	ret = ioctl(fd, CDROMREADTOCENTRY, &te) ? -errno : 0;
	close(fd);
	*lba = te.cdte_addr.lba;
	if (ctrl)
		*ctrl = te.cdte_ctrl;
	return ret;
}

struct events {
	int n;
	struct discburn_write_progress ev[2048];
	struct discburn_format_raw *raw;
	int32_t cancel_at;		/* cancel once last_written_lba reaches it */
	int put_name_ret;		/* put_ClientName from the callback */
	int prepared_ret;		/* put_Recorder from the callback */
	struct emu *unplug;		/* power the drive off at cancel_at instead */
	bool done;
};

static int on_progress(struct discburn_format_raw *raw, const struct discburn_write_progress *p,
		       void *userdata)
{
	struct events *e = userdata;

	if (e->n < (int)(sizeof(e->ev) / sizeof(e->ev[0])))
		e->ev[e->n++] = *p;
	if (p->state != DISCBURN_SESSION_DONE && !e->put_name_ret)
		e->put_name_ret = discburn_format_raw_put_client_name(raw, "During Write");
	if (e->cancel_at != INT32_MIN && p->last_written_lba >= e->cancel_at &&
	    p->state != DISCBURN_SESSION_DONE && !e->done) {
		e->done = true;
		if (e->unplug) {
			emu_power(e->unplug, 0);
			return 0;
		}
		return 1;
	}
	return 0;
}

FIXTURE(raw) {
	struct emu emu;
	struct discburn_ctx *ctx;
	struct discburn_recorder *rec;
	struct discburn_format_raw *raw;
	unsigned char *pcm1, *pcm2;
	int fd1, fd2;
};

FIXTURE_VARIANT(raw) {
	uint32_t type;
};

FIXTURE_VARIANT_ADD(raw, pq_only) { .type = DISCBURN_RAW_SUBCODE_PQ_ONLY };
FIXTURE_VARIANT_ADD(raw, is_cooked) { .type = DISCBURN_RAW_SUBCODE_IS_COOKED };
FIXTURE_VARIANT_ADD(raw, is_raw) { .type = DISCBURN_RAW_SUBCODE_IS_RAW };

#define LEN1 (700 * 2352 + 1234)	/* 701 sectors, the last padded */
#define LEN2 (400 * 2352)

FIXTURE_SETUP(raw)
{
	int ret;

	self->fd1 = self->fd2 = -1;
	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ret = emu_new(&self->emu, "cdr80", NULL);
	ASSERT_EQ(0, ret) TH_LOG("emulated cdr80: %s", strerror(-ret));
	ASSERT_EQ(0, discburn_new(&self->ctx));
	discburn_set_log_fn(self->ctx, lib_quiet_log, NULL);
	ASSERT_EQ(0, discburn_recorder_new_from_index(self->ctx, self->emu.index, &self->rec));
	ASSERT_EQ(0, discburn_format_raw_new(self->ctx, &self->raw));
	ASSERT_EQ(0, discburn_format_raw_put_recorder(self->raw, self->rec));
	ASSERT_EQ(0, discburn_format_raw_put_client_name(self->raw, "Raw Lib Test"));
	ASSERT_EQ(0, discburn_format_raw_put_requested_sector_type(self->raw, variant->type));
	self->fd1 = pcm_file(LEN1, 1, &self->pcm1);
	self->fd2 = pcm_file(LEN2, 2, &self->pcm2);
	ASSERT_LE(0, self->fd1);
	ASSERT_LE(0, self->fd2);
}

FIXTURE_TEARDOWN(raw)
{
	discburn_format_raw_unref(self->raw);
	discburn_recorder_unref(self->rec);
	discburn_unref(self->ctx);
	emu_del(&self->emu);
	free(self->pcm1);
	free(self->pcm2);
	if (self->fd1 >= 0)
		close(self->fd1);
	if (self->fd2 >= 0)
		close(self->fd2);
}

/* Two audio tracks (701 and 400 sectors, 2 s of silence between), ISRC, MCN */
static struct discburn_raw_image *two_tracks(struct __test_metadata *_metadata,
					     FIXTURE_DATA(raw) *self, uint32_t type,
					     int32_t leadin)
{
	struct discburn_raw_image *img;

	lseek(self->fd1, 0, SEEK_SET);
	lseek(self->fd2, 0, SEEK_SET);
	EXPECT_EQ(0, discburn_raw_image_new(self->ctx, &img));
	EXPECT_EQ(0, discburn_raw_image_put_resulting_image_type(img, type));
	EXPECT_EQ(0, discburn_raw_image_put_disable_gapless_audio(img, true));
	EXPECT_EQ(0, discburn_raw_image_add_track(img, DISCBURN_CD_SECTOR_AUDIO, self->fd1, NULL));
	EXPECT_EQ(0, discburn_raw_image_add_track(img, DISCBURN_CD_SECTOR_AUDIO, self->fd2, NULL));
	EXPECT_EQ(0, discburn_raw_image_put_media_catalog_number(img, MCN));
	EXPECT_EQ(0, discburn_raw_image_track_put_isrc(img, 2, ISRC2));
	if (leadin)
		EXPECT_EQ(0, discburn_raw_image_put_leadin_sectors(img, leadin));
	return img;
}

/* The disc holds the two tracks: TOC and every audio sector */
static void check_disc(struct __test_metadata *_metadata, FIXTURE_DATA(raw) *self)
{
	unsigned char *got = malloc(25 * 2352), zero[2352] = { 0 };
	int32_t lba, t1, t2, out;
	int ctrl, n, i;

	ASSERT_NE(NULL, got);
	ASSERT_EQ(0, toc_lba(&self->emu, 1, &t1, &ctrl));
	EXPECT_EQ(0, t1);
	EXPECT_EQ(0, ctrl & 0x04);
	ASSERT_EQ(0, toc_lba(&self->emu, 2, &t2, NULL));
	EXPECT_EQ(701 + 150, t2);
	ASSERT_EQ(0, toc_lba(&self->emu, CDROM_LEADOUT, &out, NULL));
	EXPECT_EQ(701 + 150 + 400, out);
	for (lba = 0; lba < out; lba += n) {
		n = out - lba < 25 ? out - lba : 25;
		ASSERT_EQ(0, read_cd(&self->emu, lba, n, got, 0)) TH_LOG("LBA %d", lba);
		for (i = 0; i < n; i++) {
			int32_t l = lba + i;
			const unsigned char *want = zero;
			size_t len = 2352;

			if (l < 701) {
				want = self->pcm1 + (size_t)l * 2352;
				if ((size_t)l * 2352 + len > LEN1)
					len = LEN1 - (size_t)l * 2352;
			} else if (l >= t2) {
				want = self->pcm2 + (size_t)(l - t2) * 2352;
			}
			ASSERT_EQ(0, memcmp(got + i * 2352, want, len)) TH_LOG("LBA %d", l);
			if (len < 2352)
				ASSERT_EQ(0, memcmp(got + i * 2352 + len, zero, 2352 - len));
		}
	}
	free(got);
}

TEST_F(raw, audio_session_from_the_lead_in_reads_back_bit_exact)
{
	struct discburn_exclusive_owner o;
	struct discburn_raw_stream *s;
	struct discburn_raw_image *img;
	static struct events e;
	int32_t start = 0, last = 0;
	uint32_t *types;
	size_t n;
	int ret, i, writing = 0;

	memset(&e, 0, sizeof(e));
	e.cancel_at = INT32_MIN;
	discburn_format_raw_set_progress_fn(self->raw, on_progress, &e);
	ret = discburn_format_raw_prepare_media(self->raw);
	ASSERT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	ASSERT_EQ(0, discburn_format_raw_get_start_of_next_session(self->raw, &start));
	ASSERT_EQ(0, discburn_format_raw_get_last_possible_start_of_leadout(self->raw, &last));
	EXPECT_GT(-4500, start);
	EXPECT_LT(300000, last);
	ASSERT_EQ(0, discburn_format_raw_get_supported_sector_types(self->raw, &types, &n));
	EXPECT_EQ(3, n);
	free(types);
	ASSERT_EQ(0, discburn_recorder_get_owner(self->rec, &o));
	EXPECT_TRUE(o.locked);
	EXPECT_STREQ("Raw Lib Test", o.name);
	/* the name cannot change between prepare and release */
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_PREPARED),
		  discburn_format_raw_put_client_name(self->raw, "Other"));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_PREPARED),
		  discburn_format_raw_put_recorder(self->raw, self->rec));

	img = two_tracks(_metadata, self, variant->type, -start);
	ASSERT_EQ(0, discburn_raw_image_put_start_of_leadout_limit(img, last));
	ASSERT_EQ(0, discburn_raw_image_create_result(img, &s));
	ret = discburn_format_raw_write_media_stream(self->raw, discburn_raw_stream_read, s,
						     discburn_raw_stream_get_size(s),
						     discburn_raw_stream_get_leadin_sectors(s));
	ASSERT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	EXPECT_EQ(ST(E_DF2RAW_WRITE_IN_PROGRESS), e.put_name_ret);
	ASSERT_GE(e.n, 2);
	for (i = 0; i < e.n; i++) {
		EXPECT_EQ(DISCBURN_FORMAT_RAW, e.ev[i].format);
		writing += e.ev[i].action == DISCBURN_RAW_ACTION_WRITING;
		if (i)
			EXPECT_GE(e.ev[i].last_written_lba, e.ev[i - 1].last_written_lba);
	}
	EXPECT_GE(writing, 1);
	EXPECT_EQ(DISCBURN_SESSION_DONE, e.ev[e.n - 1].state);
	EXPECT_EQ(0, e.ev[e.n - 1].result);
	EXPECT_EQ(discburn_raw_stream_get_size(s), e.ev[e.n - 1].bytes_read);
	/* still prepared: a second write finds the disc written */
	ret = discburn_format_raw_write_media_stream(self->raw, discburn_raw_stream_read, s, 0,
						     -start);
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_NOT_BLANK), ret);
	ASSERT_EQ(0, discburn_format_raw_release_media(self->raw));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_NOT_PREPARED), discburn_format_raw_release_media(self->raw));
	ASSERT_EQ(0, discburn_recorder_get_owner(self->rec, &o));
	EXPECT_FALSE(o.locked);
	discburn_raw_stream_unref(s);
	discburn_raw_image_unref(img);
	check_disc(_metadata, self);
}

TEST_F(raw, stream_file_from_95_00_00_is_skipped_to_the_lead_in)
{
	struct discburn_raw_stream *s;
	struct discburn_raw_image *img;
	int fd, ret;
	char path[] = "/tmp/discburn-raw-XXXXXX";

	img = two_tracks(_metadata, self, variant->type, 0);
	ASSERT_EQ(0, discburn_raw_image_create_result(img, &s));
	EXPECT_EQ(22650, discburn_raw_stream_get_leadin_sectors(s));
	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	unlink(path);
	ASSERT_EQ(0, discburn_raw_stream_write_to_fd(s, fd));
	EXPECT_EQ((off_t)discburn_raw_stream_get_size(s), lseek(fd, 0, SEEK_CUR));
	lseek(fd, 0, SEEK_SET);
	ASSERT_EQ(0, discburn_format_raw_prepare_media(self->raw));
	ret = discburn_format_raw_write_media(self->raw, fd);
	ASSERT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	ASSERT_EQ(0, discburn_format_raw_release_media(self->raw));
	close(fd);
	discburn_raw_stream_unref(s);
	discburn_raw_image_unref(img);
	check_disc(_metadata, self);
}

TEST_F(raw, mcn_and_isrc_as_read_sub_channel_serves_them)
{
	struct discburn_raw_stream *s;
	struct discburn_raw_image *img;
	unsigned char r[24], q[2352 + 96];
	unsigned int adr = 0, b;
	int32_t start;
	int ret;

	if (variant->type != DISCBURN_RAW_SUBCODE_IS_COOKED)
		SKIP(return, "one sector type is enough: is_cooked asks");
	ASSERT_EQ(0, discburn_format_raw_prepare_media(self->raw));
	ASSERT_EQ(0, discburn_format_raw_get_start_of_next_session(self->raw, &start));
	img = two_tracks(_metadata, self, variant->type, -start);
	ASSERT_EQ(0, discburn_raw_image_create_result(img, &s));
	ret = discburn_format_raw_write_media_stream(self->raw, discburn_raw_stream_read, s,
						     discburn_raw_stream_get_size(s), -start);
	ASSERT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	ASSERT_EQ(0, discburn_format_raw_release_media(self->raw));
	discburn_raw_stream_unref(s);
	discburn_raw_image_unref(img);
	/* what was written: LBA 75 (absolute 225) carries an MCN frame in Q */
	ASSERT_EQ(0, read_cd(&self->emu, 75, 1, q, 1));
	for (b = 4; b < 8; b++)
		adr = adr << 1 | ((q[2352 + b] >> 6) & 1);
	EXPECT_EQ(2, adr) TH_LOG("Q of LBA 75 is ADR %u", adr);
	/* READ SUB-CHANNEL: MCN (format 2) and track 2's ISRC (format 3) */
	ASSERT_EQ(0, read_subchannel(&self->emu, 2, 0, r));
	EXPECT_EQ(0x80, r[8] & 0x80) TH_LOG("MCVAL not set: the drive reports no MCN");
	EXPECT_EQ(0, memcmp(r + 9, MCN, 13)) TH_LOG("MCN '%.13s'", r + 9);
	ASSERT_EQ(0, read_subchannel(&self->emu, 3, 2, r));
	EXPECT_EQ(0x80, r[8] & 0x80) TH_LOG("TCVAL not set: the drive reports no ISRC");
	EXPECT_EQ(0, memcmp(r + 9, ISRC2, 12)) TH_LOG("ISRC '%.12s'", r + 9);
}

/* ---- statuses, cancel, kill, unplug, underrun: one sector type is enough ---- */

FIXTURE(rawst) {
	struct emu emu;
	struct discburn_ctx *ctx;
	struct discburn_recorder *rec;
	struct discburn_format_raw *raw;
	int fd1;
};

static void rawst_open(struct __test_metadata *_metadata, FIXTURE_DATA(rawst) *self,
		       const char *const *knobs)
{
	int ret = emu_new(&self->emu, "cdr80", knobs);

	ASSERT_EQ(0, ret) TH_LOG("emulated cdr80: %s", strerror(-ret));
	ASSERT_EQ(0, discburn_recorder_new_from_index(self->ctx, self->emu.index, &self->rec));
	ASSERT_EQ(0, discburn_format_raw_new(self->ctx, &self->raw));
	ASSERT_EQ(0, discburn_format_raw_put_recorder(self->raw, self->rec));
	ASSERT_EQ(0, discburn_format_raw_put_client_name(self->raw, "Raw Status"));
}

FIXTURE_SETUP(rawst)
{
	self->fd1 = -1;
	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, discburn_new(&self->ctx));
	discburn_set_log_fn(self->ctx, lib_quiet_log, NULL);
	self->fd1 = pcm_file(3000 * 2352, 3, NULL);
	ASSERT_LE(0, self->fd1);
}

FIXTURE_TEARDOWN(rawst)
{
	discburn_format_raw_unref(self->raw);
	discburn_recorder_unref(self->rec);
	discburn_unref(self->ctx);
	emu_del(&self->emu);
	if (self->fd1 >= 0)
		close(self->fd1);
}

static struct discburn_raw_stream *one_track(FIXTURE_DATA(rawst) *self, int32_t leadin)
{
	struct discburn_raw_image *img;
	struct discburn_raw_stream *s = NULL;

	lseek(self->fd1, 0, SEEK_SET);
	if (discburn_raw_image_new(self->ctx, &img))
		return NULL;
	discburn_raw_image_add_track(img, DISCBURN_CD_SECTOR_AUDIO, self->fd1, NULL);
	if (leadin)
		discburn_raw_image_put_leadin_sectors(img, leadin);
	discburn_raw_image_create_result(img, &s);
	discburn_raw_image_unref(img);
	return s;
}

TEST_F(rawst, client_name_matrix_and_every_status)
{
	struct discburn_format_raw *other;
	struct discburn_raw_stream *s;
	char name[80];
	int32_t start, lba;
	int ret;

	rawst_open(_metadata, self, NULL);
	/* put_ClientName: valid, empty, 64 bytes, forbidden bytes */
	EXPECT_EQ(0, discburn_format_raw_put_client_name(self->raw, "Kiosk 2.0, a:b;c_d-e"));
	EXPECT_EQ(ST(E_DF2RAW_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_raw_put_client_name(self->raw, ""));
	memset(name, 'x', 64);
	name[64] = '\0';
	EXPECT_EQ(ST(E_DF2RAW_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_raw_put_client_name(self->raw, name));
	EXPECT_EQ(ST(E_DF2RAW_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_raw_put_client_name(self->raw, "no/slash"));
	EXPECT_EQ(ST(E_DF2RAW_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_raw_put_client_name(self->raw, "no\x80high"));
	EXPECT_STREQ("Kiosk 2.0, a:b;c_d-e", discburn_format_raw_get_client_name(self->raw));

	/* prepare needs a recorder and a name */
	ASSERT_EQ(0, discburn_format_raw_new(self->ctx, &other));
	EXPECT_EQ(ST(E_DF2RAW_NO_RECORDER_SPECIFIED), discburn_format_raw_prepare_media(other));
	ASSERT_EQ(0, discburn_format_raw_put_recorder(other, self->rec));
	EXPECT_EQ(ST(E_DF2RAW_CLIENT_NAME_IS_NOT_VALID), discburn_format_raw_prepare_media(other));
	discburn_format_raw_unref(other);

	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_NOT_PREPARED),
		  discburn_format_raw_get_start_of_next_session(self->raw, &lba));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_NOT_PREPARED), discburn_format_raw_write_media(self->raw, 0));
	EXPECT_EQ(ST(E_DF2RAW_WRITE_NOT_IN_PROGRESS), discburn_format_raw_cancel_write(self->raw));
	ASSERT_EQ(0, discburn_format_raw_prepare_media(self->raw));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_PREPARED), discburn_format_raw_prepare_media(self->raw));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_PREPARED),
		  discburn_format_raw_put_client_name(self->raw, "Changed"));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_PREPARED),
		  discburn_format_raw_put_requested_sector_type(self->raw,
								DISCBURN_RAW_SUBCODE_IS_RAW));
	EXPECT_EQ(0, discburn_format_raw_put_requested_sector_type(self->raw,
								   DISCBURN_RAW_SUBCODE_IS_COOKED));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_PREPARED),
		  discburn_format_raw_put_buffer_underrun_free_disabled(self->raw, true));
	EXPECT_EQ(ST(E_DF2RAW_WRITE_NOT_IN_PROGRESS), discburn_format_raw_cancel_write(self->raw));
	ASSERT_EQ(0, discburn_format_raw_get_start_of_next_session(self->raw, &start));

	/* a stream whose lead-in begins after the disc's */
	s = one_track(self, -start - 1000);
	ASSERT_NE(NULL, s);
	ret = discburn_format_raw_write_media_stream(self->raw, discburn_raw_stream_read, s,
						     discburn_raw_stream_get_size(s),
						     discburn_raw_stream_get_leadin_sectors(s));
	EXPECT_EQ(ST(E_DF2RAW_STREAM_LEADIN_TOO_SHORT), ret);
	/* declared sizes that are not whole sectors or do not fit */
	ret = discburn_format_raw_write_media_stream(self->raw, discburn_raw_stream_read, s,
						     2448 * 30000 + 5, 0);
	EXPECT_EQ(ST(E_DF2RAW_STREAM_NOT_SUPPORTED), ret);
	ret = discburn_format_raw_write_media_stream(self->raw, discburn_raw_stream_read, s,
						     2448ULL * 500000, 0);
	EXPECT_EQ(ST(E_DF2RAW_NOT_ENOUGH_SPACE), ret);
	discburn_raw_stream_unref(s);
	EXPECT_EQ(ST(E_INVALIDARG), discburn_format_raw_write_media2(self->raw, 0, -5));
	ASSERT_EQ(0, discburn_format_raw_release_media(self->raw));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_NOT_PREPARED), discburn_format_raw_release_media(self->raw));
}

TEST_F(rawst, media_and_drives_refused)
{
	static const char *const rom[] = { "drive=rom", NULL };
	struct discburn_format_raw *other;
	bool yes = true;

	rawst_open(_metadata, self, NULL);
	ASSERT_EQ(0, emu_knob(&self->emu, "medium", "dvdplusr"));
	st_msleep(200);
	EXPECT_EQ(0, discburn_format_raw_is_current_media_supported(self->raw, NULL, &yes));
	EXPECT_FALSE(yes);
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_NOT_SUPPORTED), discburn_format_raw_prepare_media(self->raw));
	ASSERT_EQ(0, emu_knob(&self->emu, "medium", "none"));
	EXPECT_EQ(ST(E_RECORDER_MEDIA_NO_MEDIA), discburn_format_raw_prepare_media(self->raw));
	discburn_format_raw_unref(self->raw);
	self->raw = NULL;
	discburn_recorder_unref(self->rec);
	self->rec = NULL;
	emu_del(&self->emu);

	/* a drive that cannot write: put_Recorder refuses it */
	ASSERT_EQ(0, emu_new(&self->emu, "cdr80", rom));
	ASSERT_EQ(0, discburn_recorder_new_from_index(self->ctx, self->emu.index, &self->rec));
	ASSERT_EQ(0, discburn_format_raw_new(self->ctx, &other));
	EXPECT_EQ(0, discburn_format_raw_is_recorder_supported(other, self->rec, &yes));
	EXPECT_FALSE(yes);
	EXPECT_EQ(ST(E_DF2RAW_RECORDER_NOT_SUPPORTED),
		  discburn_format_raw_put_recorder(other, self->rec));
	discburn_format_raw_unref(other);
}

TEST_F(rawst, written_disc_is_not_blank)
{
	struct discburn_raw_stream *s;
	int32_t start;
	int ret;

	rawst_open(_metadata, self, NULL);
	ASSERT_EQ(0, discburn_format_raw_prepare_media(self->raw));
	ASSERT_EQ(0, discburn_format_raw_get_start_of_next_session(self->raw, &start));
	s = one_track(self, -start);
	ret = discburn_format_raw_write_media_stream(self->raw, discburn_raw_stream_read, s,
						     discburn_raw_stream_get_size(s), -start);
	ASSERT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	discburn_raw_stream_unref(s);
	ASSERT_EQ(0, discburn_format_raw_release_media(self->raw));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_NOT_BLANK), discburn_format_raw_prepare_media(self->raw));
}

/* Cancel (or unplug) once the drive has taken sectors up to @at */
static int burn_until(struct __test_metadata *_metadata, FIXTURE_DATA(rawst) *self, int32_t at,
		      bool unplug)
{
	struct discburn_raw_stream *s;
	static struct events e;
	int32_t start;
	int ret;

	memset(&e, 0, sizeof(e));
	e.cancel_at = at;
	e.unplug = unplug ? &self->emu : NULL;
	discburn_format_raw_set_progress_fn(self->raw, on_progress, &e);
	ret = discburn_format_raw_prepare_media(self->raw);
	if (ret)
		return ret;
	discburn_format_raw_get_start_of_next_session(self->raw, &start);
	s = one_track(self, -start);
	ret = discburn_format_raw_write_media_stream(self->raw, discburn_raw_stream_read, s,
						     discburn_raw_stream_get_size(s), -start);
	discburn_raw_stream_unref(s);
	EXPECT_EQ(DISCBURN_SESSION_DONE, e.ev[e.n - 1].state);
	EXPECT_EQ(ret, e.ev[e.n - 1].result);
	return ret;
}

TEST_F(rawst, cancel_at_random_points_leaves_it_prepared_then_released)
{
	struct discburn_exclusive_owner o;
	int round, ret;

	srand((unsigned int)getpid());
	for (round = 0; round < 3; round++) {
		/* somewhere in the lead-in, the program area or the lead-out */
		int32_t at = -11000 + rand() % (11000 + 3000 + 6000);
		const char *const slow[] = { "write_speed=48", NULL };

		rawst_open(_metadata, self, slow);
		ret = burn_until(_metadata, self, at, false);
		EXPECT_EQ(ST(E_REQUEST_CANCELLED), ret) TH_LOG("cancel at LBA %d: 0x%08x", at, ret);
		ASSERT_EQ(0, discburn_recorder_get_owner(self->rec, &o));
		EXPECT_TRUE(o.locked);
		EXPECT_EQ(0, discburn_format_raw_release_media(self->raw));
		ASSERT_EQ(0, discburn_recorder_get_owner(self->rec, &o));
		EXPECT_FALSE(o.locked);
		discburn_format_raw_unref(self->raw);
		self->raw = NULL;
		discburn_recorder_unref(self->rec);
		self->rec = NULL;
		emu_del(&self->emu);
	}
}

TEST_F(rawst, unplug_mid_write)
{
	int ret;

	rawst_open(_metadata, self, (const char *const[]){ "write_speed=48", NULL });
	ret = burn_until(_metadata, self, 500, true);
	EXPECT_EQ(ST(E_DEVICE_NOT_CONNECTED), ret) TH_LOG("0x%08x", ret);
	EXPECT_NE(0, discburn_format_raw_release_media(self->raw));
}

TEST_F(rawst, kill_9_of_the_writer_releases_the_drive)
{
	struct discburn_exclusive_owner o;
	int status, i;
	pid_t child;

	rawst_open(_metadata, self, (const char *const[]){ "write_speed=24", NULL });
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		struct discburn_format_raw *raw;
		struct discburn_recorder *rec;
		struct discburn_raw_stream *s;
		int32_t start;

		/* its own open file: the lock is the file's, not the process's */
		if (discburn_recorder_new_from_index(self->ctx, self->emu.index, &rec) ||
		    discburn_format_raw_new(self->ctx, &raw) ||
		    discburn_format_raw_put_recorder(raw, rec) ||
		    discburn_format_raw_put_client_name(raw, "Raw Child") ||
		    discburn_format_raw_prepare_media(raw))
			_exit(2);
		discburn_format_raw_get_start_of_next_session(raw, &start);
		s = one_track(self, -start);
		discburn_format_raw_write_media_stream(raw, discburn_raw_stream_read, s,
						       discburn_raw_stream_get_size(s), -start);
		_exit(3);
	}
	for (i = 0; i < 200; i++) {
		if (!discburn_recorder_get_owner(self->rec, &o) && o.locked && o.pid == child)
			break;
		st_msleep(25);
	}
	ASSERT_TRUE(o.locked) TH_LOG("the child never prepared");
	st_msleep(300 + rand() % 1500);
	kill(child, SIGKILL);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	for (i = 0; i < 400; i++) {
		if (!discburn_recorder_get_owner(self->rec, &o) && !o.locked)
			break;
		st_msleep(25);
	}
	EXPECT_FALSE(o.locked) TH_LOG("still locked by pid %d", (int)o.pid);
}

/* A source that stalls once, long enough to empty the drive's buffer */
struct stall {
	struct discburn_raw_stream *s;
	uint64_t at;
	uint64_t pos;
	bool stalled;
};

static ssize_t stall_read(void *userdata, void *buf, size_t len)
{
	struct stall *st = userdata;
	ssize_t n;

	if (!st->stalled && st->pos >= st->at) {
		st->stalled = true;
		st_msleep(4000);
	}
	if (len > 64 * 2448)
		len = 64 * 2448;
	n = discburn_raw_stream_read(st->s, buf, len);
	if (n > 0)
		st->pos += (uint64_t)n;
	return n;
}

static int underrun(struct __test_metadata *_metadata, FIXTURE_DATA(rawst) *self, bool bufe)
{
	const char *const knobs[] = { "write_speed=16", bufe ? "bufe=1" : "bufe=0",
				      "buffer_kib=256", NULL };
	struct stall st = { 0 };
	int32_t start;
	int ret;

	rawst_open(_metadata, self, knobs);
	ASSERT_EQ(0, discburn_format_raw_put_buffer_underrun_free_disabled(self->raw, !bufe));
	ASSERT_EQ(0, discburn_format_raw_prepare_media(self->raw));
	discburn_format_raw_get_start_of_next_session(self->raw, &start);
	st.s = one_track(self, -start);
	/* stall in the program area */
	st.at = (uint64_t)(-start + 500) * 2448;
	ret = discburn_format_raw_write_media_stream(self->raw, stall_read, &st,
						     discburn_raw_stream_get_size(st.s), -start);
	discburn_raw_stream_unref(st.s);
	discburn_format_raw_release_media(self->raw);
	return ret;
}

TEST_F_TIMEOUT(rawst, underrun_with_bufe_off_loses_streaming, 300)
{
	int ret = underrun(_metadata, self, false);

	EXPECT_EQ(ST(E_LOSS_OF_STREAMING), ret) TH_LOG("0x%08x", ret);
}

TEST_F_TIMEOUT(rawst, underrun_with_bufe_on_survives, 300)
{
	int ret = underrun(_metadata, self, true);

	EXPECT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
}

TEST_HARNESS_MAIN
