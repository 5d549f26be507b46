// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the raw image creator on the host, its stream read back
 * sector by sector: the lead-in's TOC in Q (tracks, A0, A1, A2, each
 * three times, CRCs valid, CONTROL per track), CD-TEXT packs cycled in
 * the lead-in's R-W, track 1's pause counting down, silent and gapless
 * pauses, audio bit-exact with the PCM given (WAV header skipped, last
 * sector padded), indexes, MCN and ISRC frames once every 100 sectors,
 * P over the pauses and at the end, the lead-out; the three sector types
 * (16-byte P-Q carries the same Q); a Mode 1 data track's sectors
 * scrambled with EDC/ECC; the first track number; SCMS; WAVs of other
 * formats and AIFF refused; and every status of the IMAPI2 range.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

#define ST(x) DISCBURN_STATUS(DISCBURN_##x)

static void quiet(struct discburn_ctx *ctx, int priority, const char *file, int line,
		  const char *fn, const char *format, va_list args)
{
}

/* A file of @len bytes of PCM: byte i of track @seed is a function of both. */
static int pcm_file(size_t len, unsigned int seed, uint8_t **copy)
{
	uint8_t *buf = malloc(len ? len : 1);
	int fd = memfd_create("pcm", MFD_CLOEXEC);
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 31 + seed * 7 + (i >> 9));
	if (fd >= 0 && write(fd, buf, len) != (ssize_t)len) {
		close(fd);
		fd = -1;
	}
	lseek(fd, 0, SEEK_SET);
	if (copy)
		*copy = buf;
	else
		free(buf);
	return fd;
}

/* A WAV file: header of the given format, then @len bytes of @data */
static int wav_file(unsigned int tag, unsigned int ch, unsigned int rate, unsigned int bits,
		    const uint8_t *data, uint32_t len)
{
	uint8_t h[44] = "RIFF____WAVEfmt ";
	int fd = memfd_create("wav", MFD_CLOEXEC);
	uint32_t v;

#define LE32(p, x) do { v = (x); memcpy(p, &v, 4); } while (0)
	LE32(h + 4, 36 + len);
	LE32(h + 16, 16);
	h[20] = (uint8_t)tag;
	h[21] = 0;
	h[22] = (uint8_t)ch;
	h[23] = 0;
	LE32(h + 24, rate);
	LE32(h + 28, rate * ch * bits / 8);
	h[32] = (uint8_t)(ch * bits / 8);
	h[33] = 0;
	h[34] = (uint8_t)bits;
	h[35] = 0;
	memcpy(h + 36, "data", 4);
	LE32(h + 40, len);
	if (write(fd, h, 44) != 44 || (len && write(fd, data, len) != (ssize_t)len)) {
		close(fd);
		return -1;
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

struct img_fx {
	struct discburn_ctx *ctx;
	struct discburn_raw_image *img;
};

static uint8_t *read_all(struct discburn_raw_stream *s, uint64_t *len)
{
	uint64_t size = discburn_raw_stream_get_size(s), got = 0;
	uint8_t *buf = malloc(size);

	/* odd read sizes: the stream must not care */
	while (buf && got < size) {
		size_t want = (size_t)(got % 3 ? 100000 : 777);
		ssize_t n;

		if (want > size - got)
			want = (size_t)(size - got);
		n = discburn_raw_stream_read(s, buf + got, want);
		if (n <= 0)
			break;
		got += (uint64_t)n;
	}
	*len = got;
	return buf;
}

/* Q and P of the sector at @lba of a stream beginning at @first */
static void sector_q(const uint8_t *buf, uint32_t bytes, int32_t first, int32_t lba,
		     uint8_t q[12], bool *p)
{
	const uint8_t *sub = buf + (uint64_t)(lba - first) * bytes + 2352;

	if (bytes == 2368) {
		memcpy(q, sub, 12);
		*p = sub[15] & 0x80;
		return;
	}
	discburn_subcode_q_of_pw(sub, q);
	*p = sub[0] & 0x80;
}

static unsigned int bcd2(uint8_t v)
{
	return (v >> 4) * 10 + (v & 15);
}

static int32_t q_abs(const uint8_t *q)
{
	return discburn_msf_to_lba(bcd2(q[7]), bcd2(q[8]), bcd2(q[9]));
}

FIXTURE(img) {
	struct discburn_ctx *ctx;
	struct discburn_raw_image *img;
};

FIXTURE_SETUP(img)
{
	ASSERT_EQ(0, discburn_new(&self->ctx));
	discburn_set_log_fn(self->ctx, quiet, NULL);
	ASSERT_EQ(0, discburn_raw_image_new(self->ctx, &self->img));
}

FIXTURE_TEARDOWN(img)
{
	discburn_raw_image_unref(self->img);
	discburn_unref(self->ctx);
}

TEST_F(img, audio_session_with_every_feature_reads_back)
{
	/* track 1: 400 sectors and a bit, as WAV; track 2: 500 sectors raw PCM */
	const uint32_t len1 = 400 * 2352 + 1000, len2 = 500 * 2352;
	struct discburn_raw_track_info ti = { .size = sizeof(ti) };
	uint8_t *pcm1, *pcm2, *buf, q[12];
	struct discburn_raw_stream *s;
	int fd1, fd2, raw1, i;
	int32_t n1, n2, lba, first, leadout, since_mcn = 0, since_isrc = 0;
	bool p, seen_pt[3] = { 0 }, seen_a[3] = { 0 };
	unsigned int mcn_frames = 0, isrc_frames = 0, idx2 = 0;
	uint64_t len;

	raw1 = pcm_file(len1, 1, &pcm1);
	ASSERT_LE(0, raw1);
	fd1 = wav_file(1, 2, 44100, 16, pcm1, len1);
	ASSERT_LE(0, fd1);
	fd2 = pcm_file(len2, 2, &pcm2);
	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, discburn_raw_image_put_disable_gapless_audio(self->img, true));
	ASSERT_EQ(0, discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd1, &n1));
	ASSERT_EQ(0, discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd2, &n2));
	close(fd1);	/* the image keeps its own */
	close(fd2);
	EXPECT_EQ(1, n1);
	EXPECT_EQ(2, n2);
	ASSERT_EQ(0, discburn_raw_image_put_media_catalog_number(self->img, "4006381333931"));
	ASSERT_EQ(0, discburn_raw_image_track_put_isrc(self->img, 2, "FI-BAR-99-00312"));
	ASSERT_EQ(0, discburn_raw_image_track_add_index(self->img, 2, 200));
	ASSERT_EQ(0, discburn_raw_image_put_cdtext(self->img, 0, DISCBURN_CDTEXT_TITLE, "Raw Test"));
	ASSERT_EQ(0, discburn_raw_image_put_cdtext(self->img, 1, DISCBURN_CDTEXT_TITLE, "One"));
	ASSERT_EQ(0, discburn_raw_image_put_cdtext(self->img, 2, DISCBURN_CDTEXT_TITLE, "Two"));
	ASSERT_EQ(0, discburn_raw_image_get_track_info(self->img, 2, &ti));
	/* track 1: 401 sectors from 0; track 2's silent pause, then 500 sectors */
	EXPECT_EQ(401, ti.pregap_start_lba);
	EXPECT_EQ(551, ti.starting_lba);
	EXPECT_EQ(150, ti.pregap_sectors);
	EXPECT_EQ(500, ti.sector_count);
	EXPECT_EQ(2, ti.index_count);
	EXPECT_EQ(200, ti.indexes[1]);
	EXPECT_STREQ("FIBAR9900312", ti.isrc);
	leadout = discburn_raw_image_get_start_of_leadout(self->img);
	EXPECT_EQ(1051, leadout);

	ASSERT_EQ(0, discburn_raw_image_create_result(self->img, &s));
	EXPECT_EQ(2448, discburn_raw_stream_get_sector_bytes(s));
	EXPECT_EQ(22650, discburn_raw_stream_get_leadin_sectors(s));
	first = -22650;
	EXPECT_EQ((uint64_t)(22650 + 1051 + 6750) * 2448, discburn_raw_stream_get_size(s));
	buf = read_all(s, &len);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(discburn_raw_stream_get_size(s), len);
	EXPECT_EQ(0, discburn_raw_stream_read(s, q, 12));

	for (lba = first; lba < leadout + 6750; lba++) {
		const uint8_t *main_ch = buf + (uint64_t)(lba - first) * 2448;

		sector_q(buf, 2448, first, lba, q, &p);
		ASSERT_TRUE(discburn_q_crc_ok(q)) TH_LOG("LBA %d", lba);
		if (lba < -150) {
			ASSERT_EQ(0x01, q[0] & 0x0f) TH_LOG("LBA %d", lba);
			ASSERT_EQ(0, q[1]);
			ASSERT_FALSE(p);
			EXPECT_EQ(lba, discburn_msf_to_lba(bcd2(q[3]), bcd2(q[4]), bcd2(q[5])));
			switch (q[2]) {
			case 0x01:
				EXPECT_EQ(0, q_abs(q));
				EXPECT_EQ(0x0, q[0] >> 4 & 0x4);
				seen_pt[1] = true;
				break;
			case 0x02:
				EXPECT_EQ(551, q_abs(q));
				seen_pt[2] = true;
				break;
			case 0xA0:
				EXPECT_EQ(0x01, q[7]);
				EXPECT_EQ(0x00, q[8]);
				seen_a[0] = true;
				break;
			case 0xA1:
				EXPECT_EQ(0x02, q[7]);
				seen_a[1] = true;
				break;
			case 0xA2:
				EXPECT_EQ(leadout, q_abs(q));
				seen_a[2] = true;
				break;
			default:
				ASSERT_TRUE(false) TH_LOG("LBA %d: point %02x", lba, q[2]);
			}
			continue;
		}
		if (lba >= leadout) {
			EXPECT_EQ(0xAA, q[1]) TH_LOG("LBA %d", lba);
			EXPECT_EQ((uint32_t)(lba - leadout) % 75, bcd2(q[5]));
			EXPECT_EQ(lba, q_abs(q));
			EXPECT_EQ(discburn_p_leadout((uint32_t)(lba - leadout)), p) TH_LOG("LBA %d", lba);
			continue;
		}
		/* the program area and its pauses */
		since_mcn++;
		since_isrc++;
		if ((q[0] & 0x0f) == 2) {
			char mcn[14];

			EXPECT_EQ(0x40, q[1]);
			EXPECT_EQ(0x06, q[2]);
			EXPECT_EQ(0x10, q[7]);
			ASSERT_TRUE(discburn_mcn_normalize("4006381333931", mcn));
			mcn_frames++;
			since_mcn = 0;
			continue;
		}
		if ((q[0] & 0x0f) == 3) {
			EXPECT_LE(551, lba) TH_LOG("ISRC of track 2 before it");
			EXPECT_EQ(0x59, q[1]);
			EXPECT_EQ(0x20, q[8]);
			isrc_frames++;
			since_isrc = 0;
			continue;
		}
		ASSERT_EQ(1, q[0] & 0x0f) TH_LOG("LBA %d", lba);
		EXPECT_EQ(lba, q_abs(q)) TH_LOG("LBA %d", lba);
		if (lba < 0) {
			EXPECT_EQ(0x01, q[1]);
			EXPECT_EQ(0x00, q[2]);
			EXPECT_EQ((uint32_t)(-lba - 1),
				  discburn_msf_to_lba(bcd2(q[3]), bcd2(q[4]), bcd2(q[5])) + 150);
			EXPECT_EQ(lba > -150, p) TH_LOG("LBA %d", lba);
			for (i = 0; i < 2352; i++)
				ASSERT_EQ(0, main_ch[i]);
		} else if (lba < 401) {
			size_t off = (size_t)lba * 2352, n = off < len1 ? len1 - off : 0;

			EXPECT_EQ(0x01, q[1]);
			EXPECT_EQ(0x01, q[2]);
			EXPECT_EQ(lba == 0, p) TH_LOG("LBA %d", lba);
			if (n > 2352)
				n = 2352;
			ASSERT_EQ(0, memcmp(main_ch, pcm1 + off, n)) TH_LOG("LBA %d", lba);
			for (i = (int)n; i < 2352; i++)
				ASSERT_EQ(0, main_ch[i]) TH_LOG("LBA %d byte %d", lba, i);
		} else if (lba < 551) {
			EXPECT_EQ(0x02, q[1]);
			EXPECT_EQ(0x00, q[2]) TH_LOG("LBA %d", lba);
			EXPECT_EQ((uint32_t)(551 - lba - 1),
				  discburn_msf_to_lba(bcd2(q[3]), bcd2(q[4]), bcd2(q[5])) + 150);
			EXPECT_EQ(lba > 401, p);
			for (i = 0; i < 2352; i++)
				ASSERT_EQ(0, main_ch[i]);
		} else {
			EXPECT_EQ(0x02, q[1]);
			EXPECT_EQ(lba - 551 >= 200 ? 0x02 : 0x01, q[2]) TH_LOG("LBA %d", lba);
			if (q[2] == 0x02 && !idx2)
				idx2 = (unsigned int)lba;

			EXPECT_EQ((uint32_t)(lba - 551),
				  discburn_msf_to_lba(bcd2(q[3]), bcd2(q[4]), bcd2(q[5])) + 150);
			EXPECT_EQ(lba == 551 || lba >= leadout - 150, p) TH_LOG("LBA %d", lba);
			ASSERT_EQ(0, memcmp(main_ch, pcm2 + (size_t)(lba - 551) * 2352, 2352));
		}
		EXPECT_GE(101, since_mcn) TH_LOG("LBA %d: no MCN for %d sectors", lba, since_mcn);
		if (lba > 551 + 2) {
			EXPECT_GE(101, since_isrc) TH_LOG("LBA %d: no ISRC", lba);
		}
	}
	EXPECT_TRUE(seen_pt[1] && seen_pt[2] && seen_a[0] && seen_a[1] && seen_a[2]);
	EXPECT_LE(9, mcn_frames);
	EXPECT_LE(4, isrc_frames);
	EXPECT_EQ(551 + 200, idx2);	/* a transition: never an MCN or ISRC frame */

	/* the lead-in's R-W: the CD-TEXT packs, four a sector, CRCs valid */
	if (buf) {
		uint8_t sym[96], pack[18];
		int k, b, texts = 0;

		for (lba = first; lba < first + 10; lba++) {
			const uint8_t *sub = buf + (uint64_t)(lba - first) * 2448 + 2352;

			for (i = 0; i < 96; i++)
				sym[i] = sub[i] & 0x3f;
			for (k = 0; k < 4; k++) {
				const uint8_t *y = sym + 24 * k;

				for (b = 0; b < 6; b++) {
					pack[3 * b] = (uint8_t)(y[4 * b] << 2 | y[4 * b + 1] >> 4);
					pack[3 * b + 1] = (uint8_t)(y[4 * b + 1] << 4 | y[4 * b + 2] >> 2);
					pack[3 * b + 2] = (uint8_t)(y[4 * b + 2] << 6 | y[4 * b + 3]);
				}
				EXPECT_EQ(0x80, pack[0] & 0xF0) TH_LOG("LBA %d pack %d", lba, k);
				EXPECT_EQ((uint16_t)~discburn_crc16(pack, 16),
					  (uint16_t)(pack[16] << 8 | pack[17]));
				texts += pack[0] == 0x80 && pack[1] == 0 && pack[2] == 0 &&
					 !memcmp(pack + 4, "Raw Test", 8);
			}
		}
		EXPECT_LE(1, texts);
	}
	/* no R-W past the lead-in */
	for (i = 0; i < 96; i++)
		EXPECT_EQ(0, buf[(uint64_t)(100 - first) * 2448 + 2352 + i] & 0x3f);
	discburn_raw_stream_unref(s);
	free(buf);
	free(pcm1);
	free(pcm2);
	close(raw1);
}

TEST_F(img, gapless_tracks_run_on_and_pq_only_carries_the_same_q)
{
	struct discburn_raw_image *img2;
	struct discburn_raw_stream *s, *s2;
	struct discburn_raw_track_info ti = { .size = sizeof(ti) };
	uint8_t *buf, *buf2, *pcm1, *pcm2, q[12], q2[12];
	uint64_t len, len2;
	int fd1, fd2, lba;
	bool p, p2;

	fd1 = pcm_file(600 * 2352, 3, &pcm1);
	fd2 = pcm_file(400 * 2352, 4, &pcm2);
	ASSERT_EQ(0, discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd1, NULL));
	ASSERT_EQ(0, discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd2, NULL));
	ASSERT_EQ(0, discburn_raw_image_get_track_info(self->img, 2, &ti));
	EXPECT_EQ(600, ti.starting_lba);
	EXPECT_EQ(450, ti.pregap_start_lba);
	EXPECT_EQ(1000, discburn_raw_image_get_start_of_leadout(self->img));
	ASSERT_EQ(0, discburn_raw_image_put_leadin_sectors(self->img, 11634 + 150));
	ASSERT_EQ(0, discburn_raw_image_new(self->ctx, &img2));
	lseek(fd1, 0, SEEK_SET);
	lseek(fd2, 0, SEEK_SET);
	ASSERT_EQ(0, discburn_raw_image_add_track(img2, DISCBURN_CD_SECTOR_AUDIO, fd1, NULL));
	ASSERT_EQ(0, discburn_raw_image_add_track(img2, DISCBURN_CD_SECTOR_AUDIO, fd2, NULL));
	ASSERT_EQ(0, discburn_raw_image_put_leadin_sectors(img2, 11634 + 150));
	ASSERT_EQ(0, discburn_raw_image_put_resulting_image_type(img2, DISCBURN_RAW_SUBCODE_PQ_ONLY));
	ASSERT_EQ(0, discburn_raw_image_create_result(self->img, &s));
	ASSERT_EQ(0, discburn_raw_image_create_result(img2, &s2));
	EXPECT_EQ(2368, discburn_raw_stream_get_sector_bytes(s2));
	buf = read_all(s, &len);
	buf2 = read_all(s2, &len2);
	ASSERT_EQ((uint64_t)(11784 + 1000 + 6750) * 2448, len);
	ASSERT_EQ((uint64_t)(11784 + 1000 + 6750) * 2368, len2);
	for (lba = -11784; lba < 1000 + 6750; lba++) {
		const uint8_t *m = buf + (uint64_t)(lba + 11784) * 2448;

		sector_q(buf, 2448, -11784, lba, q, &p);
		sector_q(buf2, 2368, -11784, lba, q2, &p2);
		ASSERT_EQ(0, memcmp(q, q2, 12)) TH_LOG("LBA %d", lba);
		ASSERT_EQ(p, p2);
		ASSERT_EQ(0, memcmp(m, buf2 + (uint64_t)(lba + 11784) * 2368, 2352));
		if (lba >= 0 && lba < 600) {
			ASSERT_EQ(0, memcmp(m, pcm1 + (size_t)lba * 2352, 2352)) TH_LOG("LBA %d", lba);
		} else if (lba >= 600 && lba < 1000) {
			ASSERT_EQ(0, memcmp(m, pcm2 + (size_t)(lba - 600) * 2352, 2352));
		}
		/* the pause of track 2 over the end of track 1's audio */
		if (lba >= 450 && lba < 600 && (q[0] & 0x0f) == 1) {
			EXPECT_EQ(0x02, q[1]) TH_LOG("LBA %d", lba);
			EXPECT_EQ(0x00, q[2]) TH_LOG("LBA %d", lba);
		}
	}
	discburn_raw_stream_unref(s);
	discburn_raw_stream_unref(s2);
	discburn_raw_image_unref(img2);
	free(buf);
	free(buf2);
	free(pcm1);
	free(pcm2);
	close(fd1);
	close(fd2);
}

TEST_F(img, mode1_data_track_is_scrambled_with_edc_and_ecc)
{
	uint8_t *user, *buf, want[2352], q[12], got[2352];
	struct discburn_raw_stream *s;
	int fd, fd2, lba;
	uint64_t len;
	bool p;

	fd = pcm_file(350 * 2048, 5, &user);
	fd2 = pcm_file(300 * 2352, 6, NULL);
	ASSERT_EQ(0, discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_MODE1, fd, NULL));
	/* audio after data: a post-gap and a pause of at least 2 s */
	ASSERT_EQ(0, discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd2, NULL));
	EXPECT_EQ(ST(E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED),
		  discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_MODE1, fd, NULL));
	EXPECT_EQ(350 + 150 + 150 + 300, discburn_raw_image_get_start_of_leadout(self->img));
	ASSERT_EQ(0, discburn_raw_image_put_leadin_sectors(self->img, 300));
	ASSERT_EQ(0, discburn_raw_image_create_result(self->img, &s));
	buf = read_all(s, &len);
	ASSERT_NE(NULL, buf);
	for (lba = -300; lba < 500; lba++) {
		const uint8_t *m = buf + (uint64_t)(lba + 300) * 2448;

		sector_q(buf, 2448, -300, lba, q, &p);
		if (lba < -150) {
			if (q[2] == 0x01) {
				EXPECT_EQ(0x41, q[0]);
			}
			if (q[2] == 0x02) {
				EXPECT_EQ(0x21, q[0]);	/* audio, copy permitted */
			}
		} else if ((q[0] & 0x0f) == 1) {
			EXPECT_EQ(0x41, q[0]) TH_LOG("LBA %d", lba);
		}
		discburn_sector_data(want, lba, DISCBURN_SECTOR_MODE1,
				     lba >= 0 && lba < 350 ? user + (size_t)lba * 2048 : NULL,
				     NULL, true);
		ASSERT_EQ(0, memcmp(want, m, 2352)) TH_LOG("LBA %d", lba);
		memcpy(got, m, 2352);
		discburn_scramble(got);
		EXPECT_EQ(1, got[15]);
	}
	discburn_raw_stream_unref(s);
	free(buf);
	free(user);
	close(fd);
	close(fd2);
}

TEST_F(img, first_track_number_and_scms)
{
	struct discburn_raw_stream *s;
	uint8_t *buf, q[12];
	int fd = pcm_file(300 * 2352, 7, NULL), lba, n;
	unsigned int toggles = 0, last = 0xFF;
	uint64_t len;
	bool p;

	ASSERT_EQ(0, discburn_raw_image_put_starting_track_number(self->img, 5));
	ASSERT_EQ(ST(E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED),
		  discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_MODE1, fd, NULL));
	ASSERT_EQ(0, discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd, &n));
	EXPECT_EQ(5, n);
	ASSERT_EQ(ST(E_RAW_IMAGE_TRACKS_ALREADY_ADDED),
		  discburn_raw_image_put_starting_track_number(self->img, 1));
	ASSERT_EQ(0, discburn_raw_image_track_put_digital_audio_copy_setting(
			     self->img, 5, DISCBURN_CD_COPY_SCMS));
	ASSERT_EQ(0, discburn_raw_image_track_put_audio_has_preemphasis(self->img, 5, true));
	ASSERT_EQ(ST(E_INVALIDARG), discburn_raw_image_track_put_isrc(self->img, 1, "FIBAR9900312"));
	ASSERT_EQ(0, discburn_raw_image_put_leadin_sectors(self->img, 400));
	ASSERT_EQ(0, discburn_raw_image_create_result(self->img, &s));
	buf = read_all(s, &len);
	for (lba = -400; lba < 300; lba++) {
		sector_q(buf, 2448, -400, lba, q, &p);
		if (lba < -150) {
			if (q[2] == 0xA0 || q[2] == 0xA1) {
				EXPECT_EQ(0x05, q[7]);
			} else if (q[2] != 0xA2) {
				EXPECT_EQ(0x05, q[2]);
			}
			continue;
		}
		EXPECT_EQ(0x05, q[1]);
		EXPECT_EQ(0x1, q[0] >> 4 & 0x1);	/* pre-emphasis */
		if (last != 0xFF && (q[0] >> 4 & 0x2) != last)
			toggles++;
		last = q[0] >> 4 & 0x2;
	}
	EXPECT_LE(100, toggles);	/* groups of 4 sectors */
	discburn_raw_stream_unref(s);
	free(buf);
	close(fd);
}

TEST_F(img, wav_of_other_formats_and_aiff_refused)
{
	uint8_t pcm[4000] = { 0 };
	int fd;

	fd = wav_file(1, 2, 48000, 16, pcm, sizeof(pcm));
	EXPECT_EQ(ST(E_INVALIDARG),
		  discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd, NULL));
	close(fd);
	fd = wav_file(1, 1, 44100, 16, pcm, sizeof(pcm));
	EXPECT_EQ(ST(E_INVALIDARG),
		  discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd, NULL));
	close(fd);
	fd = wav_file(1, 2, 44100, 24, pcm, sizeof(pcm));
	EXPECT_EQ(ST(E_INVALIDARG),
		  discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd, NULL));
	close(fd);
	fd = wav_file(3, 2, 44100, 16, pcm, sizeof(pcm));	/* float */
	EXPECT_EQ(ST(E_INVALIDARG),
		  discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd, NULL));
	close(fd);
	fd = memfd_create("aiff", MFD_CLOEXEC);
	ASSERT_EQ(12, write(fd, "FORM\0\0\0\0AIFF", 12));
	lseek(fd, 0, SEEK_SET);
	EXPECT_EQ(ST(E_INVALIDARG),
		  discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd, NULL));
	close(fd);
	EXPECT_EQ(0, discburn_raw_image_get_number_of_existing_tracks(self->img));
	fd = wav_file(1, 2, 44100, 16, pcm, sizeof(pcm));
	EXPECT_EQ(0, discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd, NULL));
	close(fd);
	EXPECT_EQ(ST(E_INVALIDARG),
		  discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, -1, NULL));
}

TEST_F(img, every_status)
{
	struct discburn_raw_stream *s;
	int fd = pcm_file(1000 * 2352, 8, NULL), i;
	int32_t n;

	EXPECT_EQ(ST(E_RAW_IMAGE_NO_TRACKS), discburn_raw_image_create_result(self->img, &s));
	EXPECT_EQ(ST(E_RAW_IMAGE_TOO_MANY_TRACKS),
		  discburn_raw_image_put_starting_track_number(self->img, 100));
	EXPECT_EQ(ST(E_RAW_IMAGE_TOO_MANY_TRACKS),
		  discburn_raw_image_put_starting_track_number(self->img, 0));
	EXPECT_EQ(ST(E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED),
		  discburn_raw_image_add_track(self->img, 1 /* MODE_ZERO */, fd, NULL));
	EXPECT_EQ(ST(E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED),
		  discburn_raw_image_add_track(self->img, 6 /* MODE1RAW */, fd, NULL));
	EXPECT_EQ(ST(E_INVALIDARG),
		  discburn_raw_image_put_media_catalog_number(self->img, "4006381333932"));
	EXPECT_EQ(NULL, discburn_raw_image_get_media_catalog_number(self->img));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_raw_image_put_resulting_image_type(self->img, 4));

	ASSERT_EQ(0, discburn_raw_image_put_starting_track_number(self->img, 98));
	ASSERT_EQ(0, discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd, &n));
	ASSERT_EQ(0, discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd, &n));
	EXPECT_EQ(99, n);
	EXPECT_EQ(ST(E_RAW_IMAGE_TOO_MANY_TRACKS),
		  discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd, NULL));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_raw_image_track_put_isrc(self->img, 98, "FIBAR99003"));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_raw_image_track_put_pregap(self->img, 98, 0));
	EXPECT_EQ(0, discburn_raw_image_track_put_pregap(self->img, 99, 0));

	/* indexes */
	EXPECT_EQ(ST(S_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS),
		  discburn_raw_image_track_add_index(self->img, 98, 0));
	EXPECT_EQ(0, discburn_raw_image_track_add_index(self->img, 98, 100));
	EXPECT_EQ(ST(S_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS),
		  discburn_raw_image_track_add_index(self->img, 98, 100));
	EXPECT_EQ(ST(E_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX),
		  discburn_raw_image_track_add_index(self->img, 98, 91));
	EXPECT_EQ(ST(E_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX),
		  discburn_raw_image_track_add_index(self->img, 98, 5));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_raw_image_track_add_index(self->img, 98, 1000));
	EXPECT_EQ(ST(E_RAW_IMAGE_TRACK_INDEX_NOT_FOUND),
		  discburn_raw_image_track_clear_index(self->img, 98, 101));
	EXPECT_EQ(ST(E_RAW_IMAGE_TRACK_INDEX_OFFSET_ZERO_CANNOT_BE_CLEARED),
		  discburn_raw_image_track_clear_index(self->img, 98, 0));
	EXPECT_EQ(0, discburn_raw_image_track_clear_index(self->img, 98, 100));
	for (i = 1; i < 99; i++)
		ASSERT_EQ(0, discburn_raw_image_track_add_index(self->img, 99, i * 10)) TH_LOG("%d", i);
	EXPECT_EQ(ST(E_RAW_IMAGE_TOO_MANY_TRACK_INDEXES),
		  discburn_raw_image_track_add_index(self->img, 99, 995));

	/* space */
	EXPECT_EQ(ST(E_RAW_IMAGE_INSUFFICIENT_SPACE),
		  discburn_raw_image_put_start_of_leadout_limit(self->img, 1500));
	/* gapless pauses take no room; silent ones do */
	EXPECT_EQ(0, discburn_raw_image_track_put_pregap(self->img, 99, 400));
	EXPECT_EQ(0, discburn_raw_image_track_put_pregap(self->img, 99, 0));
	EXPECT_EQ(0, discburn_raw_image_put_disable_gapless_audio(self->img, true));
	EXPECT_EQ(2000, discburn_raw_image_get_start_of_leadout(self->img));
	EXPECT_EQ(0, discburn_raw_image_put_start_of_leadout_limit(self->img, 2300));
	EXPECT_EQ(ST(E_RAW_IMAGE_INSUFFICIENT_SPACE),
		  discburn_raw_image_track_put_pregap(self->img, 99, 400));

	/* CD-TEXT needs R-W */
	EXPECT_EQ(ST(E_INVALIDARG),
		  discburn_raw_image_put_cdtext(self->img, 0, DISCBURN_CDTEXT_TITLE, "\xe2\x82\xac"));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_raw_image_put_cdtext(self->img, 0, 0x87, "Pop"));
	EXPECT_EQ(ST(E_INVALIDARG),
		  discburn_raw_image_put_cdtext(self->img, 3, DISCBURN_CDTEXT_TITLE, "x"));
	ASSERT_EQ(0, discburn_raw_image_put_cdtext(self->img, 98, DISCBURN_CDTEXT_PERFORMER, "P"));
	ASSERT_EQ(0, discburn_raw_image_put_resulting_image_type(self->img,
								 DISCBURN_RAW_SUBCODE_PQ_ONLY));
	EXPECT_EQ(ST(E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED),
		  discburn_raw_image_create_result(self->img, &s));
	ASSERT_EQ(0, discburn_raw_image_put_resulting_image_type(self->img,
								 DISCBURN_RAW_SUBCODE_IS_RAW));
	ASSERT_EQ(0, discburn_raw_image_create_result(self->img, &s));
	/* read-only now */
	EXPECT_EQ(ST(E_RAW_IMAGE_IS_READ_ONLY), discburn_raw_image_create_result(self->img, &s));
	EXPECT_EQ(ST(E_RAW_IMAGE_IS_READ_ONLY),
		  discburn_raw_image_add_track(self->img, DISCBURN_CD_SECTOR_AUDIO, fd, NULL));
	EXPECT_EQ(ST(E_RAW_IMAGE_IS_READ_ONLY),
		  discburn_raw_image_put_media_catalog_number(self->img, NULL));
	EXPECT_EQ(ST(E_RAW_IMAGE_IS_READ_ONLY),
		  discburn_raw_image_track_add_index(self->img, 98, 500));
	discburn_raw_stream_unref(s);
	close(fd);
}

TEST_HARNESS_MAIN
