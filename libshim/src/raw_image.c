// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discburn_raw_image: IRawCDImageCreator and IRawCDImageTrackInfo, and
 * the stream they create (Documentation/library.rst, "Raw CD").
 *
 * Tracks are added from files (WAV or raw PCM for audio; user data for
 * Mode 1 and Mode 2 Form 1/2 data tracks) or read callbacks; their
 * options (ISRC, copy and pre-emphasis flags, pregap, indexes, CD-TEXT)
 * and the disc's (MCN, first track number, gapless, lead-in length,
 * CD-TEXT) are kept here, and the layout follows from them at any time.
 * discburn_raw_image_create_result() freezes the image and returns a
 * stream that generates the session sector by sector as it is read: the
 * lead-in with the TOC in Q (and CD-TEXT in R-W), the pauses, the
 * program area with its sub-channel (ADR 1, 2 and 3 frames, P), the
 * lead-out; 2368 or 2448 bytes per sector as the resulting type says.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define LEADOUT_SECTORS		6750	/* first session: 90 s */
#define MIN_TRACK		300	/* 4 s from index 1 */
#define DEFAULT_PREGAP		150
#define MIN_INDEX_GAP		10
#define MAX_LEADIN		45150	/* MSF 90:00:00 */
#define DEFAULT_LEADOUT_LIMIT	398099	/* MSF 88:29:74 */

struct rtrack {
	uint32_t type;			/* DISCBURN_CD_SECTOR_* */
	/* the source */
	int fd;				/* -1: read_fn */
	off_t off;
	uint64_t bytes;
	discburn_read_fn read_fn;
	void *userdata;
	uint32_t unit;			/* source bytes per sector: 2352, 2048 or 2324 */
	int32_t content;		/* sectors of content, padding included */
	/* options */
	int32_t pregap;			/* index-0 sectors asked for */
	char isrc[13];
	uint32_t copy;			/* DISCBURN_CD_COPY_* */
	bool preemphasis;
	unsigned int nidx;		/* indexes 2.. at these offsets from index 1 */
	int32_t idx[DISCBURN_RAW_MAX_INDEXES];
	char *cdtext[16];
	/* the layout */
	int32_t pregap_start;		/* first index-0 sector */
	int32_t start;			/* index 1 = content start */
	int32_t postgap;		/* data-mode sectors after a data track's content */
	int32_t end;			/* one past the track's last sector */
};

struct discburn_raw_image {
	int refcount;
	struct discburn_ctx *ctx;
	uint32_t result_type;
	unsigned int first_number;
	char mcn[14];
	bool disable_gapless;
	int32_t leadout_limit;
	int32_t leadin;			/* stream sectors before LBA 0 */
	uint8_t language;
	char *cdtext[16];		/* the disc's */
	bool read_only;
	unsigned int ntracks;
	struct rtrack tracks[DISCBURN_RAW_MAX_TRACKS];
	int32_t leadout;		/* the layout's lead-out start */
};

static bool is_audio(const struct rtrack *t)
{
	return t->type == DISCBURN_CD_SECTOR_AUDIO;
}

static unsigned int data_kind(const struct rtrack *t)
{
	switch (t->type) {
	case DISCBURN_CD_SECTOR_MODE1:
		return DISCBURN_SECTOR_MODE1;
	case DISCBURN_CD_SECTOR_MODE2FORM1:
		return DISCBURN_SECTOR_MODE2_FORM1;
	default:
		return DISCBURN_SECTOR_MODE2_FORM2;
	}
}

DISCBURN_EXPORT int discburn_raw_image_new(struct discburn_ctx *ctx,
					   struct discburn_raw_image **out)
{
	struct discburn_raw_image *img;

	if (!ctx || !out)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	img = calloc(1, sizeof(*img));
	if (!img)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	img->refcount = 1;
	img->ctx = discburn_ref(ctx);
	img->result_type = DISCBURN_RAW_SUBCODE_IS_COOKED;
	img->first_number = 1;
	img->leadout_limit = DEFAULT_LEADOUT_LIMIT;
	img->leadin = DISCBURN_RAW_DEFAULT_LEADIN;
	img->language = 0x09;
	img->leadout = 0;
	*out = img;
	return 0;
}

DISCBURN_EXPORT struct discburn_raw_image *discburn_raw_image_ref(struct discburn_raw_image *img)
{
	if (img)
		img->refcount++;
	return img;
}

DISCBURN_EXPORT struct discburn_raw_image *
discburn_raw_image_unref(struct discburn_raw_image *img)
{
	unsigned int i, k;

	if (!img || --img->refcount > 0)
		return NULL;
	for (i = 0; i < img->ntracks; i++) {
		if (img->tracks[i].fd >= 0)
			close(img->tracks[i].fd);
		for (k = 0; k < 16; k++)
			free(img->tracks[i].cdtext[k]);
	}
	for (k = 0; k < 16; k++)
		free(img->cdtext[k]);
	discburn_unref(img->ctx);
	free(img);
	return NULL;
}

/* ---- the layout ---- */

/* CONTROL of a track (its copy bit as it is on most sectors) */
static uint8_t control_of(const struct rtrack *t)
{
	if (!is_audio(t))
		return 0x4;
	return (uint8_t)((t->copy == DISCBURN_CD_COPY_PROHIBITED ? 0 : 0x2) |
			 (t->preemphasis ? 0x1 : 0));
}

/*
 * Lay the tracks out from LBA -150: track 1's pause is 150 sectors, later
 * tracks' pauses are silence inserted before them (gapless disabled, or
 * across a change between data and audio), or mark the end of the
 * previous track's audio (gapless); a data track followed by audio gets a
 * two-second post-gap. Return: the lead-out start.
 */
static int32_t layout(struct discburn_raw_image *img, unsigned int n)
{
	int32_t cursor = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct rtrack *t = &img->tracks[i], *prev = i ? &img->tracks[i - 1] : NULL;
		int32_t pg = t->pregap;

		t->postgap = 0;
		if (!prev) {
			t->pregap_start = -DEFAULT_PREGAP;
			t->start = 0;
		} else if (is_audio(prev) != is_audio(t)) {
			if (pg < DEFAULT_PREGAP)
				pg = DEFAULT_PREGAP;
			if (!is_audio(prev)) {
				prev->postgap = DEFAULT_PREGAP;
				cursor += DEFAULT_PREGAP;
				prev->end = cursor;
			}
			t->pregap_start = cursor;
			t->start = cursor + pg;
		} else if (is_audio(t) && !img->disable_gapless) {
			int32_t room = prev->content - MIN_TRACK;

			if (pg > room)
				pg = room > 0 ? room : 0;
			t->pregap_start = cursor - pg;
			t->start = cursor;
			prev->end = cursor - pg;
		} else {
			t->pregap_start = cursor;
			t->start = cursor + pg;
		}
		if (prev && prev->end > t->pregap_start)
			prev->end = t->pregap_start;
		cursor = t->start + t->content;
		t->end = cursor;
	}
	return cursor;
}

static int check_writable(struct discburn_raw_image *img)
{
	if (!img)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	return img->read_only ? DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_IS_READ_ONLY) : 0;
}

/* The track numbered @number, or NULL. */
static struct rtrack *track_of(struct discburn_raw_image *img, unsigned int number)
{
	if (!img || number < img->first_number || number >= img->first_number + img->ntracks)
		return NULL;
	return &img->tracks[number - img->first_number];
}

/* ---- disc options ---- */

DISCBURN_EXPORT int discburn_raw_image_put_resulting_image_type(struct discburn_raw_image *img,
								uint32_t type)
{
	int ret = check_writable(img);

	if (ret)
		return ret;
	if (type < DISCBURN_RAW_SUBCODE_PQ_ONLY || type > DISCBURN_RAW_SUBCODE_IS_RAW)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	img->result_type = type;
	return 0;
}

DISCBURN_EXPORT uint32_t discburn_raw_image_get_resulting_image_type(struct discburn_raw_image *img)
{
	return img ? img->result_type : DISCBURN_RAW_SUBCODE_IS_COOKED;
}

DISCBURN_EXPORT int discburn_raw_image_put_starting_track_number(struct discburn_raw_image *img,
								 unsigned int number)
{
	int ret = check_writable(img);

	if (ret)
		return ret;
	if (img->ntracks)
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_TRACKS_ALREADY_ADDED);
	if (number < 1 || number > DISCBURN_RAW_MAX_TRACKS)
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_TOO_MANY_TRACKS);
	img->first_number = number;
	return 0;
}

DISCBURN_EXPORT unsigned int
discburn_raw_image_get_starting_track_number(struct discburn_raw_image *img)
{
	return img ? img->first_number : 1;
}

DISCBURN_EXPORT int discburn_raw_image_put_media_catalog_number(struct discburn_raw_image *img,
								const char *mcn)
{
	char norm[14];
	int ret = check_writable(img);

	if (ret)
		return ret;
	if (!mcn || !*mcn) {
		img->mcn[0] = '\0';
		return 0;
	}
	if (!discburn_mcn_normalize(mcn, norm)) {
		err(img->ctx, "MCN '%s': 13 decimal digits with a valid EAN-13 check digit\n", mcn);
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	}
	memcpy(img->mcn, norm, sizeof(norm));
	return 0;
}

DISCBURN_EXPORT const char *discburn_raw_image_get_media_catalog_number(struct discburn_raw_image *img)
{
	return img && img->mcn[0] ? img->mcn : NULL;
}

/* A change of the layout must keep the lead-out within the limit. */
static int relayout(struct discburn_raw_image *img)
{
	int32_t leadout = layout(img, img->ntracks);

	if (leadout > img->leadout_limit)
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_INSUFFICIENT_SPACE);
	img->leadout = leadout;
	return 0;
}

DISCBURN_EXPORT int discburn_raw_image_put_disable_gapless_audio(struct discburn_raw_image *img,
								 bool disable)
{
	bool old;
	int ret = check_writable(img);

	if (ret)
		return ret;
	old = img->disable_gapless;
	img->disable_gapless = disable;
	ret = relayout(img);
	if (ret) {
		img->disable_gapless = old;
		relayout(img);
	}
	return ret;
}

DISCBURN_EXPORT bool discburn_raw_image_get_disable_gapless_audio(struct discburn_raw_image *img)
{
	return img && img->disable_gapless;
}

DISCBURN_EXPORT int discburn_raw_image_put_start_of_leadout_limit(struct discburn_raw_image *img,
								  int32_t lba)
{
	int ret = check_writable(img);

	if (ret)
		return ret;
	if (lba < MIN_TRACK || lba > DEFAULT_LEADOUT_LIMIT)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	if (img->ntracks && img->leadout > lba)
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_INSUFFICIENT_SPACE);
	img->leadout_limit = lba;
	return 0;
}

DISCBURN_EXPORT int32_t discburn_raw_image_get_start_of_leadout_limit(struct discburn_raw_image *img)
{
	return img ? img->leadout_limit : DEFAULT_LEADOUT_LIMIT;
}

DISCBURN_EXPORT int discburn_raw_image_put_leadin_sectors(struct discburn_raw_image *img,
							  int32_t sectors)
{
	int ret = check_writable(img);

	if (ret)
		return ret;
	if (sectors <= DEFAULT_PREGAP || sectors > MAX_LEADIN)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	img->leadin = sectors;
	return 0;
}

DISCBURN_EXPORT int32_t discburn_raw_image_get_leadin_sectors(struct discburn_raw_image *img)
{
	return img ? img->leadin : DISCBURN_RAW_DEFAULT_LEADIN;
}

DISCBURN_EXPORT unsigned int
discburn_raw_image_get_number_of_existing_tracks(struct discburn_raw_image *img)
{
	return img ? img->ntracks : 0;
}

DISCBURN_EXPORT int32_t discburn_raw_image_get_start_of_leadout(struct discburn_raw_image *img)
{
	return img && img->ntracks ? img->leadout : -1;
}

DISCBURN_EXPORT int32_t
discburn_raw_image_get_last_used_user_sector(struct discburn_raw_image *img)
{
	return img && img->ntracks ? img->leadout - 1 : -1;
}

/* ---- tracks ---- */

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/*
 * A WAV header at @off of @fd: where its "data" chunk is and how long.
 * Return: 1 for a WAV of CD audio (@data_off, @data_len set), 0 when it is
 * no RIFF file at all (raw PCM), or a status for a WAV of another format.
 */
static int wav_parse(struct discburn_raw_image *img, int fd, off_t off, uint64_t size,
		     off_t *data_off, uint64_t *data_len)
{
	uint8_t h[12], ck[8], fmt[40];
	uint64_t pos = 12;
	bool have_fmt = false;

	if (size < 12 || pread(fd, h, 12, off) != 12)
		return 0;
	if (!memcmp(h, "FORM", 4)) {
		err(img->ctx, "an AIFF file: give a WAV or raw PCM (44.1 kHz, 16-bit, stereo, little-endian)\n");
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	}
	if (memcmp(h, "RIFF", 4) || memcmp(h + 8, "WAVE", 4))
		return 0;
	while (pos + 8 <= size) {
		uint32_t len;

		if (pread(fd, ck, 8, off + (off_t)pos) != 8)
			break;
		len = get_le32(ck + 4);
		if (!memcmp(ck, "fmt ", 4)) {
			uint16_t tag, ch, bits;
			uint32_t rate;

			memset(fmt, 0, sizeof(fmt));
			if (len < 16 || pread(fd, fmt, len < sizeof(fmt) ? len : sizeof(fmt),
					      off + (off_t)pos + 8) < 16)
				break;
			tag = get_le16(fmt);
			ch = get_le16(fmt + 2);
			rate = get_le32(fmt + 4);
			bits = get_le16(fmt + 14);
			/* WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes */
			if (tag == 0xFFFE && len >= 26)
				tag = get_le16(fmt + 24);
			if (tag != 1 || ch != 2 || rate != 44100 || bits != 16) {
				err(img->ctx, "WAV of format %u, %u Hz, %u channel(s), %u bits: an audio CD "
				    "track needs PCM (format 1), 44100 Hz, 2 channels, 16 bits (convert it, "
				    "e.g. with sox)\n", tag, rate, ch, bits);
				return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
			}
			have_fmt = true;
		} else if (!memcmp(ck, "data", 4)) {
			if (!have_fmt)
				break;
			*data_off = off + (off_t)pos + 8;
			*data_len = len;
			/* streamed WAVs say 0 or 0xFFFFFFFF: the rest of the file */
			if (len == 0 || len == 0xFFFFFFFFU || pos + 8 + len > size)
				*data_len = size - pos - 8;
			return 1;
		}
		pos += 8 + (uint64_t)len + (len & 1);
	}
	err(img->ctx, "a RIFF WAVE file without a usable fmt and data chunk\n");
	return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
}

static uint32_t unit_of(uint32_t type)
{
	switch (type) {
	case DISCBURN_CD_SECTOR_AUDIO:
		return DISCBURN_RAW_MAIN;
	case DISCBURN_CD_SECTOR_MODE2FORM2:
		return 2324;
	default:
		return 2048;
	}
}

/* Whether a track of @type may follow what is there (data first, audio after). */
static int type_ok(struct discburn_raw_image *img, uint32_t type)
{
	const struct rtrack *last = img->ntracks ? &img->tracks[img->ntracks - 1] : NULL;
	bool audio = type == DISCBURN_CD_SECTOR_AUDIO;

	switch (type) {
	case DISCBURN_CD_SECTOR_AUDIO:
	case DISCBURN_CD_SECTOR_MODE1:
	case DISCBURN_CD_SECTOR_MODE2FORM1:
	case DISCBURN_CD_SECTOR_MODE2FORM2:
		break;
	default:
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED);
	}
	if (!audio && img->first_number != 1)
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED);
	if (!last)
		return 0;
	/* data after audio needs a second session; Mode 1 and Mode 2 do not mix */
	if (!audio && is_audio(last))
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED);
	if (!audio && !is_audio(last) &&
	    (type == DISCBURN_CD_SECTOR_MODE1) != (last->type == DISCBURN_CD_SECTOR_MODE1))
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED);
	return 0;
}

static int add_track(struct discburn_raw_image *img, uint32_t type, int fd, off_t off,
		     uint64_t bytes, discburn_read_fn read_fn, void *userdata, int32_t *number)
{
	struct rtrack *t;
	uint64_t sectors;
	int ret;

	if (img->first_number + img->ntracks > DISCBURN_RAW_MAX_TRACKS)
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_TOO_MANY_TRACKS);
	ret = type_ok(img, type);
	if (ret)
		return ret;
	t = &img->tracks[img->ntracks];
	memset(t, 0, sizeof(*t));
	t->type = type;
	t->fd = fd;
	t->off = off;
	t->bytes = bytes;
	t->read_fn = read_fn;
	t->userdata = userdata;
	t->unit = unit_of(type);
	sectors = (bytes + t->unit - 1) / t->unit;
	if (sectors < MIN_TRACK)
		sectors = MIN_TRACK;
	if (sectors > DEFAULT_LEADOUT_LIMIT)
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_INSUFFICIENT_SPACE);
	t->content = (int32_t)sectors;
	t->pregap = DEFAULT_PREGAP;
	t->copy = DISCBURN_CD_COPY_PERMITTED;
	if (layout(img, img->ntracks + 1) > img->leadout_limit) {
		layout(img, img->ntracks);
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_INSUFFICIENT_SPACE);
	}
	img->ntracks++;
	relayout(img);
	if (number)
		*number = (int32_t)(img->first_number + img->ntracks - 1);
	return 0;
}

DISCBURN_EXPORT int discburn_raw_image_add_track(struct discburn_raw_image *img, uint32_t type,
						 int fd, int32_t *number)
{
	off_t off, data_off = 0;
	uint64_t size, data_len = 0;
	struct stat st;
	int own, ret;

	ret = check_writable(img);
	if (ret)
		return ret;
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		err(img->ctx, "a track's data must be a regular file\n");
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	}
	off = lseek(fd, 0, SEEK_CUR);
	if (off < 0)
		off = 0;
	size = st.st_size > off ? (uint64_t)(st.st_size - off) : 0;
	if (type == DISCBURN_CD_SECTOR_AUDIO) {
		ret = wav_parse(img, fd, off, size, &data_off, &data_len);
		if (DISCBURN_FAILED(ret))
			return ret;
		if (ret == 1) {
			off = data_off;
			size = data_len;
		}
	}
	own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (own < 0)
		return discburn_status_from_errno(errno);
	ret = add_track(img, type, own, off, size, NULL, NULL, number);
	if (ret)
		close(own);
	return ret;
}

DISCBURN_EXPORT int discburn_raw_image_add_track_stream(struct discburn_raw_image *img,
							uint32_t type, discburn_read_fn read_fn,
							void *userdata, uint64_t bytes,
							int32_t *number)
{
	int ret = check_writable(img);

	if (ret)
		return ret;
	if (!read_fn)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	return add_track(img, type, -1, 0, bytes, read_fn, userdata, number);
}

DISCBURN_EXPORT int discburn_raw_image_get_track_info(struct discburn_raw_image *img,
						      unsigned int number,
						      struct discburn_raw_track_info *info)
{
	struct discburn_raw_track_info ti;
	struct rtrack *t = track_of(img, number);
	size_t n;

	if (!img || !info)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (!t)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	if (info->size < sizeof(uint32_t))
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	memset(&ti, 0, sizeof(ti));
	ti.size = sizeof(ti);
	ti.starting_lba = t->start;
	ti.sector_count = t->end - t->start;
	ti.track_number = number;
	ti.sector_type = t->type;
	memcpy(ti.isrc, t->isrc, sizeof(ti.isrc));
	ti.digital_audio_copy_setting = t->copy;
	ti.audio_has_preemphasis = t->preemphasis;
	ti.pregap_start_lba = t->pregap_start;
	ti.pregap_sectors = t->start - t->pregap_start;
	ti.index_count = t->nidx + 1;
	ti.indexes[0] = 0;
	memcpy(ti.indexes + 1, t->idx, t->nidx * sizeof(t->idx[0]));
	n = info->size < sizeof(ti) ? info->size : sizeof(ti);
	memcpy(info, &ti, n);
	info->size = (uint32_t)n;
	return 0;
}

/* The track, writable; E_INVALIDARG for no such track. */
static int track_writable(struct discburn_raw_image *img, unsigned int number,
			  struct rtrack **t)
{
	int ret = check_writable(img);

	if (ret)
		return ret;
	*t = track_of(img, number);
	return *t ? 0 : DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
}

DISCBURN_EXPORT int discburn_raw_image_track_put_isrc(struct discburn_raw_image *img,
						      unsigned int number, const char *isrc)
{
	struct rtrack *t;
	char norm[13];
	int ret = track_writable(img, number, &t);

	if (ret)
		return ret;
	if (!isrc || !*isrc) {
		t->isrc[0] = '\0';
		return 0;
	}
	if (!is_audio(t))
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED);
	if (!discburn_isrc_normalize(isrc, norm)) {
		err(img->ctx, "ISRC '%s': CC-OOO-YY-NNNNN (country letters, owner letters or "
		    "digits, year and serial digits)\n", isrc);
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	}
	memcpy(t->isrc, norm, sizeof(norm));
	return 0;
}

DISCBURN_EXPORT int
discburn_raw_image_track_put_digital_audio_copy_setting(struct discburn_raw_image *img,
							unsigned int number, uint32_t setting)
{
	struct rtrack *t;
	int ret = track_writable(img, number, &t);

	if (ret)
		return ret;
	if (setting > DISCBURN_CD_COPY_SCMS)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	if (!is_audio(t))
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED);
	t->copy = setting;
	return 0;
}

DISCBURN_EXPORT int
discburn_raw_image_track_put_audio_has_preemphasis(struct discburn_raw_image *img,
						   unsigned int number, bool value)
{
	struct rtrack *t;
	int ret = track_writable(img, number, &t);

	if (ret)
		return ret;
	if (!is_audio(t))
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED);
	t->preemphasis = value;
	return 0;
}

DISCBURN_EXPORT int discburn_raw_image_track_put_pregap(struct discburn_raw_image *img,
							unsigned int number, int32_t sectors)
{
	struct rtrack *t;
	int32_t old;
	int ret = track_writable(img, number, &t);

	if (ret)
		return ret;
	if (sectors < 0 || sectors > 99 * 4500 ||
	    (t == &img->tracks[0] && sectors != DEFAULT_PREGAP))
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	old = t->pregap;
	t->pregap = sectors;
	ret = relayout(img);
	if (ret) {
		t->pregap = old;
		relayout(img);
	}
	return ret;
}

DISCBURN_EXPORT int discburn_raw_image_track_add_index(struct discburn_raw_image *img,
						       unsigned int number, int32_t offset)
{
	struct rtrack *t;
	unsigned int i;
	int ret = track_writable(img, number, &t);

	if (ret)
		return ret;
	if (offset == 0)
		return DISCBURN_STATUS(DISCBURN_S_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS);
	if (offset < 0 || offset >= t->content)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	for (i = 0; i < t->nidx; i++)
		if (t->idx[i] == offset)
			return DISCBURN_STATUS(DISCBURN_S_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS);
	if (t->nidx + 1 >= DISCBURN_RAW_MAX_INDEXES)
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_TOO_MANY_TRACK_INDEXES);
	if (offset < MIN_INDEX_GAP)
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX);
	for (i = 0; i < t->nidx; i++)
		if (abs(t->idx[i] - offset) < MIN_INDEX_GAP)
			return DISCBURN_STATUS(
				DISCBURN_E_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX);
	/* kept sorted: index k+2 is at idx[k] */
	for (i = t->nidx; i > 0 && t->idx[i - 1] > offset; i--)
		t->idx[i] = t->idx[i - 1];
	t->idx[i] = offset;
	t->nidx++;
	return 0;
}

DISCBURN_EXPORT int discburn_raw_image_track_clear_index(struct discburn_raw_image *img,
							 unsigned int number, int32_t offset)
{
	struct rtrack *t;
	unsigned int i;
	int ret = track_writable(img, number, &t);

	if (ret)
		return ret;
	if (offset == 0)
		return DISCBURN_STATUS(
			DISCBURN_E_RAW_IMAGE_TRACK_INDEX_OFFSET_ZERO_CANNOT_BE_CLEARED);
	for (i = 0; i < t->nidx; i++) {
		if (t->idx[i] != offset)
			continue;
		memmove(t->idx + i, t->idx + i + 1, (t->nidx - i - 1) * sizeof(t->idx[0]));
		t->nidx--;
		return 0;
	}
	return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_TRACK_INDEX_NOT_FOUND);
}

/* ---- CD-TEXT ---- */

static bool cdtext_type_ok(uint32_t type)
{
	return (type >= DISCBURN_CDTEXT_TITLE && type <= DISCBURN_CDTEXT_MESSAGE) ||
	       type == DISCBURN_CDTEXT_UPC_ISRC;
}

DISCBURN_EXPORT int discburn_raw_image_put_cdtext(struct discburn_raw_image *img,
						  unsigned int number, uint32_t type,
						  const char *text)
{
	char latin1[161], *copy = NULL, **slot;
	int ret = check_writable(img);

	if (ret)
		return ret;
	if (!cdtext_type_ok(type))
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	if (number) {
		struct rtrack *t = track_of(img, number);

		if (!t)
			return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
		slot = &t->cdtext[type - 0x80];
	} else {
		slot = &img->cdtext[type - 0x80];
	}
	if (text && *text) {
		if (discburn_latin1_from_utf8(text, latin1, sizeof(latin1))) {
			err(img->ctx, "CD-TEXT '%s': at most 160 characters of ISO 8859-1 "
			    "(Latin-1), no control characters\n", text);
			return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
		}
		copy = strdup(latin1);
		if (!copy)
			return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	}
	free(*slot);
	*slot = copy;
	return 0;
}

DISCBURN_EXPORT int discburn_raw_image_put_cdtext_language(struct discburn_raw_image *img,
							   unsigned int code)
{
	int ret = check_writable(img);

	if (ret)
		return ret;
	if (code > 0xFF)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	img->language = (uint8_t)code;
	return 0;
}

static bool has_cdtext(const struct discburn_raw_image *img)
{
	unsigned int i, k;

	for (k = 0; k < 16; k++) {
		if (img->cdtext[k])
			return true;
		for (i = 0; i < img->ntracks; i++)
			if (img->tracks[i].cdtext[k])
				return true;
	}
	return false;
}

/* ---- the stream ---- */

struct discburn_raw_stream {
	int refcount;
	struct discburn_raw_image *img;
	uint32_t sector_bytes;
	int32_t first;			/* LBA of the first sector */
	int32_t end;			/* one past the lead-out's last */
	int32_t lba;			/* the next sector to generate */
	uint8_t sector[2448];
	uint32_t have;			/* bytes of @sector not yet read */
	uint32_t pos;
	uint8_t *packs;			/* CD-TEXT, NULL if none */
	int npacks;
	unsigned int toc_n;		/* TOC entries in the lead-in cycle */
	uint8_t toc[DISCBURN_RAW_MAX_TRACKS + 3][4];	/* point, control, pmsf */
	bool mcn_due;
	bool isrc_due;
	unsigned int cur;		/* track of the last program-area sector */
	uint64_t *consumed;		/* per track: source bytes a callback gave */
	uint8_t *user;			/* a source sector */
	int error;
};

/* The lead-in's TOC entries: tracks, A0, A1, A2 (point, CONTROL, bytes 7, 8) */
static void build_toc(struct discburn_raw_stream *s)
{
	struct discburn_raw_image *img = s->img;
	const struct rtrack *first = &img->tracks[0], *last = &img->tracks[img->ntracks - 1];
	unsigned int i, n = 0;

	memset(s->toc, 0, sizeof(s->toc));
	for (i = 0; i < img->ntracks; i++, n++) {
		s->toc[n][0] = (uint8_t)(img->first_number + i);
		s->toc[n][1] = control_of(&img->tracks[i]);
	}
	s->toc[n][0] = 0xA0;
	s->toc[n][1] = control_of(first);
	s->toc[n][2] = discburn_bcd(img->first_number);
	/* disc type: CD-DA or CD-ROM 00, CD-ROM XA 20 */
	s->toc[n][3] = first->type == DISCBURN_CD_SECTOR_MODE2FORM1 ||
		       first->type == DISCBURN_CD_SECTOR_MODE2FORM2 ? 0x20 : 0x00;
	n++;
	s->toc[n][0] = 0xA1;
	s->toc[n][1] = control_of(last);
	s->toc[n][2] = discburn_bcd(img->first_number + img->ntracks - 1);
	n++;
	s->toc[n][0] = 0xA2;
	s->toc[n][1] = control_of(last);
	n++;
	s->toc_n = n;
}

/* The TOC entry's bytes 7-9 (for tracks and A2: the BCD time; A0/A1 their bytes) */
static void toc_pmsf(const struct discburn_raw_stream *s, unsigned int e, uint8_t pmsf[3])
{
	const uint8_t *t = s->toc[e];

	if (t[0] == 0xA0 || t[0] == 0xA1) {
		pmsf[0] = t[2];
		pmsf[1] = t[0] == 0xA0 ? t[3] : 0;
		pmsf[2] = 0;
	} else if (t[0] == 0xA2) {
		discburn_lba_to_msf_bcd(s->img->leadout, pmsf);
	} else {
		discburn_lba_to_msf_bcd(s->img->tracks[t[0] - s->img->first_number].start, pmsf);
	}
}

static int build_cdtext(struct discburn_raw_stream *s)
{
	struct discburn_raw_image *img = s->img;
	static const struct discburn_cdtext_in zero;
	struct discburn_cdtext_in *in;
	unsigned int i;
	bool upc = false;
	int n;

	if (!has_cdtext(img))
		return 0;
	in = malloc(sizeof(*in));
	s->packs = malloc(DISCBURN_CDTEXT_MAX_PACKS * DISCBURN_CDTEXT_PACK);
	if (!in || !s->packs) {
		free(in);
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	}
	*in = zero;
	in->first_track = img->first_number;
	in->last_track = img->first_number + img->ntracks - 1;
	in->charset = 0x00;
	in->language = img->language;
	for (i = 0; i < 16; i++)
		in->text[i][0] = img->cdtext[i];
	for (i = 0; i < img->ntracks; i++) {
		unsigned int k;

		for (k = 0; k < 16; k++)
			in->text[k][i + 1] = img->tracks[i].cdtext[k];
		upc |= img->tracks[i].cdtext[0x0E] != NULL;
	}
	/* UPC/EAN and ISRC packs from the MCN and the ISRCs, unless given */
	if (!img->cdtext[0x0E] && !upc) {
		in->text[0x0E][0] = img->mcn;
		for (i = 0; i < img->ntracks; i++)
			in->text[0x0E][i + 1] = img->tracks[i].isrc;
	}
	n = discburn_cdtext_build(in, s->packs);
	free(in);
	if (n < 0) {
		err(img->ctx, "the CD-TEXT needs more than the 253 packs a block holds\n");
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	}
	s->npacks = n;
	return 0;
}

DISCBURN_EXPORT int discburn_raw_image_create_result(struct discburn_raw_image *img,
						     struct discburn_raw_stream **out)
{
	struct discburn_raw_stream *s;
	int ret = check_writable(img);

	if (ret)
		return ret;
	if (!out)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (!img->ntracks)
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_NO_TRACKS);
	if (img->result_type == DISCBURN_RAW_SUBCODE_PQ_ONLY && has_cdtext(img)) {
		err(img->ctx, "CD-TEXT travels in R-W: it needs the IS_COOKED or IS_RAW sector type\n");
		return DISCBURN_STATUS(DISCBURN_E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED);
	}
	ret = relayout(img);
	if (ret)
		return ret;
	s = calloc(1, sizeof(*s));
	if (!s)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	s->refcount = 1;
	s->img = discburn_raw_image_ref(img);
	s->consumed = calloc(img->ntracks, sizeof(*s->consumed));
	s->user = malloc(DISCBURN_RAW_MAIN);
	if (!s->consumed || !s->user) {
		discburn_raw_stream_unref(s);
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	}
	ret = build_cdtext(s);
	if (ret) {
		discburn_raw_stream_unref(s);
		return ret;
	}
	build_toc(s);
	s->sector_bytes = img->result_type == DISCBURN_RAW_SUBCODE_PQ_ONLY ? 2368 : 2448;
	s->first = -img->leadin;
	s->end = img->leadout + LEADOUT_SECTORS;
	s->lba = s->first;
	img->read_only = true;
	*out = s;
	return 0;
}

DISCBURN_EXPORT struct discburn_raw_stream *discburn_raw_stream_ref(struct discburn_raw_stream *s)
{
	if (s)
		s->refcount++;
	return s;
}

DISCBURN_EXPORT struct discburn_raw_stream *
discburn_raw_stream_unref(struct discburn_raw_stream *s)
{
	if (!s || --s->refcount > 0)
		return NULL;
	free(s->packs);
	free(s->consumed);
	free(s->user);
	discburn_raw_image_unref(s->img);
	free(s);
	return NULL;
}

DISCBURN_EXPORT uint64_t discburn_raw_stream_get_size(struct discburn_raw_stream *s)
{
	return s ? (uint64_t)(s->end - s->first) * s->sector_bytes : 0;
}

DISCBURN_EXPORT uint32_t discburn_raw_stream_get_sector_bytes(struct discburn_raw_stream *s)
{
	return s ? s->sector_bytes : 0;
}

DISCBURN_EXPORT int32_t discburn_raw_stream_get_leadin_sectors(struct discburn_raw_stream *s)
{
	return s ? -s->first : 0;
}

/*
 * The track whose pause or index region holds @lba of the program area:
 * the regions follow each other without a hole from LBA -150 to the
 * lead-out, each from its pause's first sector.
 */
static int region_track(const struct discburn_raw_image *img, int32_t lba)
{
	unsigned int i;

	for (i = img->ntracks; i-- > 0;)
		if (lba >= img->tracks[i].pregap_start)
			return (int)i;
	return -1;
}

/* The track whose content (or post-gap) holds @lba, else -1 (a silent pause) */
static int content_track(const struct discburn_raw_image *img, int32_t lba)
{
	unsigned int i;

	for (i = 0; i < img->ntracks; i++) {
		const struct rtrack *t = &img->tracks[i];

		if (lba >= t->start && lba < t->start + t->content + t->postgap)
			return (int)i;
	}
	return -1;
}

/* Source bytes of sector @k of track @ti's content into s->user (zero past the end). */
static void read_source(struct discburn_raw_stream *s, unsigned int ti, int32_t k)
{
	const struct rtrack *t = &s->img->tracks[ti];
	uint64_t at = (uint64_t)k * t->unit;
	size_t want = t->unit, got = 0;

	memset(s->user, 0, t->unit);
	if (at >= t->bytes)
		return;
	if (t->bytes - at < want)
		want = (size_t)(t->bytes - at);
	if (t->fd >= 0) {
		while (got < want) {
			ssize_t n = pread(t->fd, s->user + got, want - got, t->off + (off_t)(at + got));

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				err(s->img->ctx, "reading track %u: %m\n", s->img->first_number + ti);
				s->error = discburn_status_from_errno(errno);
				return;
			}
			if (n == 0)
				break;
			got += (size_t)n;
		}
		return;
	}
	/* a callback: sequential, as the stream is */
	while (got < want && s->consumed[ti] < t->bytes) {
		ssize_t n = t->read_fn(t->userdata, s->user + got, want - got);

		if (n < 0) {
			s->error = (int)n;
			return;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		s->consumed[ti] += (uint64_t)n;
	}
}

/* The main channel of @lba */
static void main_channel(struct discburn_raw_stream *s, int32_t lba, uint8_t *out)
{
	const struct discburn_raw_image *img = s->img;
	const struct rtrack *t;
	int ti;

	if (lba < -DEFAULT_PREGAP || lba >= img->leadout) {
		/* lead-in and lead-out: silence, or empty sectors of the data mode */
		t = lba < 0 ? &img->tracks[0] : &img->tracks[img->ntracks - 1];
		if (is_audio(t))
			memset(out, 0, DISCBURN_RAW_MAIN);
		else
			discburn_sector_data(out, lba, data_kind(t), NULL, NULL, true);
		return;
	}
	ti = content_track(img, lba);
	if (ti < 0) {
		/* a pause of its own: silence, or empty sectors for a data track */
		ti = region_track(img, lba);
		t = &img->tracks[ti < 0 ? 0 : ti];
		if (is_audio(t))
			memset(out, 0, DISCBURN_RAW_MAIN);
		else
			discburn_sector_data(out, lba, data_kind(t), NULL, NULL, true);
		return;
	}
	t = &img->tracks[ti];
	if (lba - t->start >= t->content) {
		discburn_sector_data(out, lba, data_kind(t), NULL, NULL, true);	/* post-gap */
		return;
	}
	read_source(s, (unsigned int)ti, lba - t->start);
	if (is_audio(t))
		memcpy(out, s->user, DISCBURN_RAW_MAIN);
	else
		discburn_sector_data(out, lba, data_kind(t), s->user, NULL, true);
}

/* CONTROL of @t at @lba: SCMS alternates the copy bit in groups of four */
static uint8_t control_at(const struct rtrack *t, int32_t lba)
{
	uint8_t c = control_of(t);

	if (is_audio(t) && t->copy == DISCBURN_CD_COPY_SCMS && (uint32_t)(lba + 150) % 8 <= 3)
		c &= (uint8_t)~0x2;
	return c;
}

/* Index number and the first and last sector of the index region holding @lba */
static unsigned int index_of(const struct rtrack *t, int32_t lba, bool *edge)
{
	int32_t off = lba - t->start, from = 0, to = t->end - t->start;
	unsigned int k = 0;

	while (k < t->nidx && off >= t->idx[k])
		from = t->idx[k++];
	if (k < t->nidx)
		to = t->idx[k];
	*edge = off == from || off == to - 1;
	return k + 1;
}

/* Q and P of @lba */
static void subcode(struct discburn_raw_stream *s, int32_t lba, uint8_t q[12], bool *p)
{
	struct discburn_raw_image *img = s->img;
	const struct rtrack *t, *last = &img->tracks[img->ntracks - 1];
	unsigned int index, i;
	bool edge;
	int ti;

	*p = false;
	if (lba < -DEFAULT_PREGAP) {
		unsigned int e = (unsigned int)((lba - s->first) / 3) % s->toc_n;
		uint8_t pmsf[3];

		toc_pmsf(s, e, pmsf);
		discburn_q_toc(q, s->toc[e][1], s->toc[e][0], lba, pmsf);
		return;
	}
	if (lba >= img->leadout) {
		discburn_q_position(q, control_of(last), 0xAA, 1, (uint32_t)(lba - img->leadout),
				    lba);
		*p = discburn_p_leadout((uint32_t)(lba - img->leadout));
		return;
	}
	/* P: the pauses, one sector late, and the last two seconds */
	for (i = 0; i < img->ntracks; i++) {
		t = &img->tracks[i];
		if (t->start > t->pregap_start && lba > t->pregap_start && lba <= t->start)
			*p = true;
	}
	if (lba >= img->leadout - DEFAULT_PREGAP)
		*p = true;
	ti = region_track(img, lba);
	if (ti < 0)
		ti = 0;
	t = &img->tracks[ti];
	if ((unsigned int)ti != s->cur) {
		s->cur = (unsigned int)ti;
		s->isrc_due = false;
	}
	/* each due once in 100 sectors, sent in the next index region's inside */
	if ((uint32_t)(lba + 150) % 100 == 25 && img->mcn[0])
		s->mcn_due = true;
	if ((uint32_t)(lba + 150) % 100 == 75 && t->isrc[0])
		s->isrc_due = true;
	if (lba < t->start) {
		/* the MCN goes in pauses too, the ISRC only in its track */
		edge = lba == t->pregap_start || lba == t->start - 1;
		if (!edge && s->mcn_due) {
			s->mcn_due = false;
			discburn_q_mcn(q, control_at(t, lba), img->mcn, lba);
			return;
		}
		discburn_q_position(q, control_at(t, lba), img->first_number + (unsigned int)ti, 0,
				    (uint32_t)(t->start - lba - 1), lba);
		return;
	}
	index = index_of(t, lba, &edge);
	/* MCN and ISRC frames replace position frames, away from transitions */
	if (!edge && s->mcn_due) {
		s->mcn_due = false;
		discburn_q_mcn(q, control_at(t, lba), img->mcn, lba);
		return;
	}
	if (!edge && s->isrc_due) {
		s->isrc_due = false;
		discburn_q_isrc(q, control_at(t, lba), t->isrc, lba);
		return;
	}
	discburn_q_position(q, control_at(t, lba), img->first_number + (unsigned int)ti, index,
			    (uint32_t)(lba - t->start), lba);
}

/* Generate sector @lba of the stream into @out (sector_bytes). */
static void generate(struct discburn_raw_stream *s, int32_t lba, uint8_t *out)
{
	uint8_t q[12], rw[96];
	bool p;
	int k;

	main_channel(s, lba, out);
	subcode(s, lba, q, &p);
	if (s->sector_bytes == 2368) {
		discburn_subcode_pq16(out + DISCBURN_RAW_MAIN, p, q);
		return;
	}
	if (s->npacks && lba < -DEFAULT_PREGAP) {
		/* CD-TEXT, cycled four packs a sector, no parity, no interleave */
		for (k = 0; k < 4; k++) {
			uint64_t pk = ((uint64_t)(lba - s->first) * 4 + (uint64_t)k) %
				      (uint64_t)s->npacks;

			discburn_pack_symbols(s->packs + pk * DISCBURN_CDTEXT_PACK, rw + 24 * k);
		}
		discburn_subcode_pw(out + DISCBURN_RAW_MAIN, p, q, rw);
		return;
	}
	discburn_subcode_pw(out + DISCBURN_RAW_MAIN, p, q, NULL);
}

DISCBURN_EXPORT ssize_t discburn_raw_stream_read(void *stream, void *buf, size_t len)
{
	struct discburn_raw_stream *s = stream;
	uint8_t *out = buf;
	size_t done = 0;

	if (!s || !buf)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	while (done < len) {
		size_t n;

		if (s->error)
			return done ? (ssize_t)done : s->error;
		if (s->have) {
			n = s->have < len - done ? s->have : len - done;
			memcpy(out + done, s->sector + s->pos, n);
			s->pos += (uint32_t)n;
			s->have -= (uint32_t)n;
			done += n;
			continue;
		}
		if (s->lba >= s->end)
			break;
		if (len - done >= s->sector_bytes) {
			generate(s, s->lba++, out + done);
			done += s->sector_bytes;
			continue;
		}
		generate(s, s->lba++, s->sector);
		s->have = s->sector_bytes;
		s->pos = 0;
	}
	if (s->error && !done)
		return s->error;
	return (ssize_t)done;
}

DISCBURN_EXPORT int discburn_raw_stream_write_to_fd(struct discburn_raw_stream *s, int fd)
{
	uint8_t *buf;
	int ret = 0;

	if (!s)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	buf = malloc(64 * 2448);
	if (!buf)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	for (;;) {
		ssize_t n = discburn_raw_stream_read(s, buf, 64 * 2448), off = 0;

		if (n < 0) {
			ret = (int)n;
			break;
		}
		if (n == 0)
			break;
		while (off < n) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				ret = discburn_status_from_errno(w < 0 ? errno : ENOSPC);
				goto out_free;
			}
			off += w;
		}
	}
out_free:
	free(buf);
	return ret;
}
