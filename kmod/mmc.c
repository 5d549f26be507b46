// SPDX-License-Identifier: GPL-2.0
/*
 * MMC commands that describe the drive and its medium: CDB builders and
 * response parsers for GET CONFIGURATION, MODE SENSE(10), GET PERFORMANCE,
 * READ DISC INFORMATION, READ TRACK INFORMATION, READ TOC/PMA/ATIP, READ
 * CAPACITY and START STOP UNIT, turned into the ioctl structs of
 * uapi/linux/discburn.h. Every response is bounds-checked against what the
 * drive actually returned; a drive that lies gets
 * RECORDER_INVALID_RESPONSE_FROM_DEVICE, never an out-of-bounds read.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/cdrom.h>

#include "discburn.h"

#define DISCBURN_FEATURES_BUFLEN	8192
#define DISCBURN_MODE_BUFLEN		4096

static u16 db_be16(const u8 *p)
{
	return (u16)p[0] << 8 | p[1];
}

static u32 db_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void db_put_be16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void db_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* CD addresses: MSF with minute >= 90 are negative (lead-in) LBAs. */
static s32 db_msf_to_lba(u8 m, u8 s, u8 f)
{
	s32 n = ((s32)m * 60 + s) * 75 + f;

	return m < 90 ? n - 150 : n - 450150;
}

/* Retries of a command that met a UNIT ATTENTION */
#define DISCBURN_UA_RETRIES	3

/**
 * discburn_mmc_exec() - run a command with the MMC layer's policy
 * @rec: the recorder
 * @cmd: the command
 *
 * A UNIT ATTENTION is retried a few times (the drive reports each one
 * once); one that says the medium may have changed (28h) refreshes the
 * recorder's cached profile and announces a media change. The streaming
 * path does not come here: a unit attention in the middle of a burn ends
 * the burn.
 *
 * Return: 0 on success, else a negated errno value; @cmd->status holds the
 * discburn status either way.
 */
int discburn_mmc_exec(struct discburn_recorder *rec, struct discburn_cmd *cmd)
{
	unsigned int tries;
	int ret;

	for (tries = 0; ; tries++) {
		ret = discburn_cmd_exec(rec, cmd);
		if (!cmd->sshdr_valid || cmd->sshdr.sense_key != UNIT_ATTENTION)
			return ret;
		if (cmd->sshdr.asc == 0x28)
			discburn_recorder_media_changed(rec, true);
		if (tries >= DISCBURN_UA_RETRIES)
			return ret;
	}
}

/**
 * discburn_mmc_simple() - run one command on a kernel buffer
 * @rec: the recorder
 * @cdb: the CDB
 * @cdb_len: its length
 * @buf: data buffer (not on the stack) or NULL
 * @len: its size; for data-in, cleared first
 * @write: data goes to the drive
 * @tmo: timeout class
 * @status: out: discburn status
 *
 * Return: bytes transferred (>= 0), else a negated errno value.
 */
int discburn_mmc_simple(struct discburn_recorder *rec, const u8 *cdb,
			unsigned int cdb_len, void *buf, unsigned int len,
			bool write, enum discburn_tmo tmo, u32 *status)
{
	struct discburn_cmd *cmd;
	int ret;

	cmd = kmalloc(sizeof(*cmd), GFP_KERNEL);
	if (!cmd) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	if (buf && !write)
		memset(buf, 0, len);
	discburn_cmd_init(cmd, cdb, cdb_len, buf, len, write, tmo);
	ret = discburn_mmc_exec(rec, cmd);
	*status = cmd->status;
	if (!ret)
		ret = len - min(cmd->resid, len);
	kfree(cmd);
	return ret;
}

/*
 * Run one data-in command into @buf; *@got receives the bytes the drive
 * actually transferred.
 */
static int db_mmc_in(struct discburn_recorder *rec, const u8 *cdb,
		     unsigned int cdb_len, void *buf, unsigned int len,
		     enum discburn_tmo tmo, u32 *status, unsigned int *got)
{
	int ret;

	ret = discburn_mmc_simple(rec, cdb, cdb_len, buf, len, false, tmo, status);
	if (got)
		*got = ret > 0 ? ret : 0;
	return ret < 0 ? ret : 0;
}

static int db_bad_response(u32 *status)
{
	*status = DISCBURN_E_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
	return -EIO;
}

static int db_get_config(struct discburn_recorder *rec, u8 rt, u16 sfn,
			 u8 *buf, unsigned int len, u32 *status,
			 unsigned int *got)
{
	u8 cdb[10] = { GPCMD_GET_CONFIGURATION };
	int ret;

	cdb[1] = rt;
	db_put_be16(&cdb[2], sfn);
	db_put_be16(&cdb[7], len);
	ret = db_mmc_in(rec, cdb, sizeof(cdb), buf, len, DISCBURN_TMO_QUICK,
			status, got);
	if (ret == -EOPNOTSUPP)
		*status = DISCBURN_E_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED;
	if (!ret && *got < 8)
		return db_bad_response(status);
	if (!ret)
		WRITE_ONCE(rec->current_profile, db_be16(&buf[6]));
	return ret;
}

/**
 * discburn_mmc_profiles() - supported and current profiles
 * @rec: the recorder
 * @p: out: the profiles
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_profiles(struct discburn_recorder *rec,
			  struct discburn_profiles *p, u32 *status)
{
	const unsigned int len = 12 + 4 * DISCBURN_MAX_PROFILES;
	unsigned int got, end, off;
	u8 *buf;
	int ret;

	buf = kmalloc(len, GFP_KERNEL);
	if (!buf) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	/* RT=2: exactly feature 0000h, the profile list */
	ret = db_get_config(rec, 2, 0x0000, buf, len, status, &got);
	if (ret)
		goto out_free;
	p->current_profile = db_be16(&buf[6]);
	p->count = 0;
	if (got < 12 || db_be16(&buf[8]) != 0x0000)
		goto out_free;	/* no profile list: nothing supported */
	end = min(got, 12 + (unsigned int)buf[11]);
	for (off = 12; off + 4 <= end && p->count < DISCBURN_MAX_PROFILES; off += 4) {
		u32 v = db_be16(&buf[off]);

		if (buf[off + 2] & 1)
			v |= DISCBURN_PROFILE_CURRENT;
		p->profiles[p->count++] = v;
	}
	discburn_recorder_cache_profiles(rec, p);
out_free:
	kfree(buf);
	return ret;
}

/**
 * discburn_mmc_walk_features() - every feature descriptor the drive reports
 * @rec: the recorder
 * @status: out: discburn status
 * @fn: called per descriptor with its code, flags byte and data
 * @ctx: for @fn
 *
 * GET CONFIGURATION RT=0 (all features, current or not), in as many rounds
 * as the list needs.
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_walk_features(struct discburn_recorder *rec, u32 *status,
			       void (*fn)(u16 code, u8 flags, const u8 *data,
					  unsigned int len, void *ctx),
			       void *ctx)
{
	unsigned int got, end, off, rounds;
	u32 sfn = 0;
	u8 *buf;
	int ret = 0;

	buf = kmalloc(DISCBURN_FEATURES_BUFLEN, GFP_KERNEL);
	if (!buf) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	for (rounds = 0; rounds < 16 && sfn <= 0xffff; rounds++) {
		u32 last = sfn;
		bool more;

		ret = db_get_config(rec, 0, sfn, buf, DISCBURN_FEATURES_BUFLEN,
				    status, &got);
		if (ret)
			break;
		end = 4 + db_be32(buf);
		more = end > got;
		end = min(end, got);
		for (off = 8; off + 4 <= end; ) {
			unsigned int dlen = buf[off + 3];
			u16 code = db_be16(&buf[off]);

			if (off + 4 + dlen > end) {
				more = true;
				break;
			}
			if (code < sfn) {
				/* not ascending: the drive is confused */
				ret = db_bad_response(status);
				goto out_free;
			}
			fn(code, buf[off + 2], &buf[off + 4], dlen, ctx);
			last = code;
			off += 4 + dlen;
		}
		if (!more || last + 1 <= sfn)
			break;
		sfn = last + 1;
	}
out_free:
	kfree(buf);
	return ret;
}

static void db_collect_feature(u16 code, u8 flags, const u8 *data,
			       unsigned int len, void *ctx)
{
	struct discburn_features *f = ctx;
	u32 v = code;

	if (f->count >= DISCBURN_MAX_FEATURES)
		return;
	if (flags & 1)
		v |= DISCBURN_FEATURE_CURRENT;
	if (flags & 2)
		v |= DISCBURN_FEATURE_PERSISTENT;
	f->features[f->count++] = v;
}

/**
 * discburn_mmc_features() - supported and current feature codes
 * @rec: the recorder
 * @f: out: the features
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_features(struct discburn_recorder *rec,
			  struct discburn_features *f, u32 *status)
{
	f->count = 0;
	return discburn_mmc_walk_features(rec, status, db_collect_feature, f);
}

/*
 * MODE SENSE(10) without block descriptors; returns the offset of the
 * first page in *@first and the end of the valid data in *@end.
 */
static int db_mode_sense(struct discburn_recorder *rec, u8 pc, u8 page,
			 u8 *buf, unsigned int len, unsigned int *first,
			 unsigned int *end, u32 *status)
{
	u8 cdb[10] = { GPCMD_MODE_SENSE_10 };
	unsigned int got;
	int ret;

	cdb[1] = 0x08;	/* DBD */
	cdb[2] = (pc << 6) | (page & 0x3f);
	db_put_be16(&cdb[7], len);
	ret = db_mmc_in(rec, cdb, sizeof(cdb), buf, len, DISCBURN_TMO_QUICK,
			status, &got);
	if (ret == -EINVAL)
		*status = DISCBURN_E_RECORDER_NO_SUCH_MODE_PAGE;
	if (ret)
		return ret;
	if (got < 8)
		return db_bad_response(status);
	*end = min(got, 2 + (unsigned int)db_be16(buf));
	*first = 8 + db_be16(&buf[6]);
	return 0;
}

/**
 * discburn_mmc_mode_pages() - the mode pages the drive reports
 * @rec: the recorder
 * @m: in: request type; out: bitmap of pages
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_mode_pages(struct discburn_recorder *rec,
			    struct discburn_mode_pages *m, u32 *status)
{
	unsigned int first, end, off;
	u8 *buf;
	int ret;

	if (m->request_type > 3) {
		*status = DISCBURN_E_INVALIDARG;
		return -EINVAL;
	}
	buf = kmalloc(DISCBURN_MODE_BUFLEN, GFP_KERNEL);
	if (!buf) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	ret = db_mode_sense(rec, m->request_type, 0x3f, buf,
			    DISCBURN_MODE_BUFLEN, &first, &end, status);
	if (ret)
		goto out_free;
	m->pages = 0;
	for (off = first; off + 2 <= end; off += 2 + buf[off + 1])
		m->pages |= 1ULL << (buf[off] & 0x3f);
out_free:
	kfree(buf);
	return ret;
}

/**
 * discburn_mmc_mode_page() - read one mode page's current values
 * @rec: the recorder
 * @page: page code
 * @buf: buffer for the MODE SENSE(10) reply (not on the stack)
 * @len: its size
 * @pg: out: the page's first byte inside @buf
 * @pglen: out: bytes of the page (header and parameters)
 * @hdr_end: out: offset of the first page in @buf (header + descriptors)
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_mode_page(struct discburn_recorder *rec, u8 page, u8 *buf,
			   unsigned int len, u8 **pg, unsigned int *pglen,
			   unsigned int *hdr_end, u32 *status)
{
	unsigned int first, end;
	int ret;

	ret = db_mode_sense(rec, 0, page, buf, len, &first, &end, status);
	if (ret)
		return ret;
	if (first + 2 > end || (buf[first] & 0x3f) != page) {
		*status = DISCBURN_E_RECORDER_NO_SUCH_MODE_PAGE;
		return -EINVAL;
	}
	*pg = &buf[first];
	*pglen = min(end - first, 2u + buf[first + 1]);
	if (hdr_end)
		*hdr_end = first;
	return 0;
}

struct db_caps_ctx {
	struct discburn_capabilities *c;
	bool dvdr_profile;
	bool incremental;
};

static void db_caps_feature(u16 code, u8 flags, const u8 *d, unsigned int len,
			    void *ctx)
{
	struct db_caps_ctx *cc = ctx;
	u32 *fl = &cc->c->flags;
	unsigned int i;

	switch (code) {
	case 0x0000:
		for (i = 0; i + 4 <= len; i += 4) {
			u16 prof = db_be16(&d[i]);

			if (prof >= 0x11 && prof <= 0x16)
				cc->dvdr_profile = true;
		}
		break;
	case 0x0003:
		if (len >= 1) {
			u8 mech = d[0] >> 5;

			if (d[0] & 0x08)
				*fl |= DISCBURN_CAP_EJECT;
			/* caddy and tray mechanisms load by themselves */
			if (mech <= 1)
				*fl |= DISCBURN_CAP_LOAD_MEDIA;
		}
		break;
	case 0x0021:
		cc->incremental = true;
		if (len >= 3 && (d[2] & 0x01))
			*fl |= DISCBURN_CAP_BUFE;
		break;
	case 0x002a:
	case 0x002b:
		*fl |= DISCBURN_CAP_DVD_PLUS;
		break;
	case 0x002d:
		*fl |= DISCBURN_CAP_CD_TAO | DISCBURN_CAP_CD_WRITE;
		if (len >= 1) {
			if (d[0] & 0x40)
				*fl |= DISCBURN_CAP_BUFE;
			if (d[0] & 0x04)
				*fl |= DISCBURN_CAP_TEST_WRITE;
			if (d[0] & 0x02)
				*fl |= DISCBURN_CAP_CD_RW;
		}
		break;
	case 0x002e:
		*fl |= DISCBURN_CAP_CD_WRITE;
		if (len >= 1) {
			if (d[0] & 0x40)
				*fl |= DISCBURN_CAP_BUFE;
			if (d[0] & 0x20)
				*fl |= DISCBURN_CAP_CD_SAO;
			if (d[0] & 0x08) {
				*fl |= DISCBURN_CAP_CD_RAW16;
				/* R-W subcode with raw writing: both 96-byte forms */
				if (d[0] & 0x01)
					*fl |= DISCBURN_CAP_CD_RAW96P |
					       DISCBURN_CAP_CD_RAW96R;
			}
			if (d[0] & 0x04)
				*fl |= DISCBURN_CAP_TEST_WRITE;
			if (d[0] & 0x02)
				*fl |= DISCBURN_CAP_CD_RW;
		}
		break;
	case 0x002f:
		*fl |= DISCBURN_CAP_DVD_DAO;
		if (len >= 1) {
			if (d[0] & 0x40)
				*fl |= DISCBURN_CAP_BUFE;
			if (d[0] & 0x04)
				*fl |= DISCBURN_CAP_TEST_WRITE;
		}
		break;
	case 0x0041:
		*fl |= DISCBURN_CAP_BD_SRM;
		break;
	}
}

/**
 * discburn_mmc_capabilities() - what the drive can write and how
 * @rec: the recorder
 * @c: out: the capabilities
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_capabilities(struct discburn_recorder *rec,
			      struct discburn_capabilities *c, u32 *status)
{
	struct request_queue *q = rec->sdev->request_queue;
	struct db_caps_ctx cc = { .c = c };
	unsigned int pglen;
	u8 *pg;
	u32 st;
	u8 *buf;
	int ret;

	c->flags = 0;
	c->max_transfer = queue_max_hw_sectors(q) << SECTOR_SHIFT;
	c->alignment_mask = queue_dma_alignment(q);
	c->buffer_size = 0;
	ret = discburn_mmc_walk_features(rec, status, db_caps_feature, &cc);
	if (ret)
		return ret;
	if (cc.incremental && cc.dvdr_profile)
		c->flags |= DISCBURN_CAP_DVD_INCREMENTAL;

	/* page 2Ah is optional for our purposes: buffer size only */
	buf = kmalloc(DISCBURN_MODE_BUFLEN, GFP_KERNEL);
	if (!buf)
		return 0;
	if (!discburn_mmc_mode_page(rec, 0x2a, buf, DISCBURN_MODE_BUFLEN, &pg, &pglen,
				    NULL, &st) &&
	    pglen >= 14)
		c->buffer_size = (u32)db_be16(&pg[12]) * 1024;
	kfree(buf);
	return 0;
}

/**
 * discburn_mmc_write_speeds() - write speeds for drive and medium
 * @rec: the recorder
 * @w: out: the speeds
 * @status: out: discburn status
 *
 * GET PERFORMANCE type 03h; page 2Ah's descriptors when that fails.
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_write_speeds(struct discburn_recorder *rec,
			      struct discburn_write_speeds *w, u32 *status)
{
	const unsigned int len = 8 + 16 * DISCBURN_MAX_SPEEDS;
	u8 cdb[12] = { GPCMD_GET_PERFORMANCE };
	unsigned int got, end, n, i, pglen;
	u8 *pg;
	u32 st;
	u8 *buf;
	int ret;

	buf = kmalloc(max_t(unsigned int, len, DISCBURN_MODE_BUFLEN), GFP_KERNEL);
	if (!buf) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	w->count = 0;
	w->current_kbps = 0;

	/* page 2Ah: current write speed, and the fallback list */
	ret = discburn_mmc_mode_page(rec, 0x2a, buf, DISCBURN_MODE_BUFLEN, &pg, &pglen,
				     NULL, status);
	if (!ret && pglen >= 30)
		w->current_kbps = db_be16(&pg[28]);
	if (!ret && pglen >= 32) {
		n = db_be16(&pg[30]);
		for (i = 0; i < n && 32 + 4 * i + 4 <= pglen &&
		     w->count < DISCBURN_MAX_SPEEDS; i++) {
			const u8 *d = &pg[32 + 4 * i];

			w->kbps[w->count] = db_be16(&d[2]);
			w->speed_flags[w->count] = (d[1] & 0x07) == 1 ?
				DISCBURN_SPEED_PURE_CAV : 0;
			w->count++;
		}
	}

	db_put_be16(&cdb[8], DISCBURN_MAX_SPEEDS);
	cdb[10] = 0x03;	/* write speed descriptors */
	ret = db_mmc_in(rec, cdb, sizeof(cdb), buf, len, DISCBURN_TMO_QUICK,
			&st, &got);
	if (!ret && got >= 8) {
		/* the header counts the bytes after itself; a lying one is clamped */
		end = min_t(u64, got, 4ULL + db_be32(buf));
		n = end > 8 ? (end - 8) / 16 : 0;
		w->count = 0;
		for (i = 0; i < n && w->count < DISCBURN_MAX_SPEEDS; i++) {
			const u8 *d = &buf[8 + 16 * i];

			w->kbps[w->count] = db_be32(&d[12]);
			w->speed_flags[w->count] = ((d[0] >> 3) & 3) == 1 ?
				DISCBURN_SPEED_PURE_CAV : 0;
			w->count++;
		}
		*status = DISCBURN_S_OK;
		ret = 0;
	} else if (w->count || w->current_kbps) {
		*status = DISCBURN_S_OK;
		ret = 0;
	} else {
		*status = st ? st : DISCBURN_E_UNEXPECTED_RESPONSE_FROM_DEVICE;
		ret = ret ? ret : -EIO;
	}
	kfree(buf);
	return ret;
}

/**
 * discburn_mmc_physical_type() - IMAPI_MEDIA_PHYSICAL_TYPE of a profile
 * @profile: MMC profile number
 *
 * Return: DISCBURN_MEDIA_*.
 */
u32 discburn_mmc_physical_type(u16 profile)
{
	switch (profile) {
	case 0x08: return DISCBURN_MEDIA_CDROM;
	case 0x09: return DISCBURN_MEDIA_CDR;
	case 0x0a: return DISCBURN_MEDIA_CDRW;
	case 0x10: return DISCBURN_MEDIA_DVDROM;
	case 0x11: return DISCBURN_MEDIA_DVDDASHR;
	case 0x12: return DISCBURN_MEDIA_DVDRAM;
	case 0x13:
	case 0x14: return DISCBURN_MEDIA_DVDDASHRW;
	case 0x15:
	case 0x16: return DISCBURN_MEDIA_DVDDASHR_DUALLAYER;
	case 0x1a: return DISCBURN_MEDIA_DVDPLUSRW;
	case 0x1b: return DISCBURN_MEDIA_DVDPLUSR;
	case 0x2a: return DISCBURN_MEDIA_DVDPLUSRW_DUALLAYER;
	case 0x2b: return DISCBURN_MEDIA_DVDPLUSR_DUALLAYER;
	case 0x40: return DISCBURN_MEDIA_BDROM;
	case 0x41:
	case 0x42: return DISCBURN_MEDIA_BDR;
	case 0x43: return DISCBURN_MEDIA_BDRE;
	case 0x50: return DISCBURN_MEDIA_HDDVDROM;
	case 0x51: return DISCBURN_MEDIA_HDDVDR;
	case 0x52: return DISCBURN_MEDIA_HDDVDRAM;
	default: return DISCBURN_MEDIA_UNKNOWN;
	}
}

static bool db_profile_rom(u16 profile)
{
	return profile == 0x08 || profile == 0x10 || profile == 0x40 ||
	       profile == 0x50;
}

static bool db_profile_overwrite(u16 profile)
{
	return profile == 0x12 || profile == 0x13 || profile == 0x1a ||
	       profile == 0x2a || profile == 0x43 || profile == 0x52;
}

static bool db_profile_cd(u16 profile)
{
	return profile == 0x09 || profile == 0x0a;
}

static int db_track_info(struct discburn_recorder *rec, u32 track, u8 *buf,
			 u32 *status)
{
	u8 cdb[10] = { GPCMD_READ_TRACK_RZONE_INFO };
	unsigned int got;
	int ret;

	cdb[1] = 1;	/* address is a track number */
	db_put_be32(&cdb[2], track);
	db_put_be16(&cdb[7], 48);
	ret = db_mmc_in(rec, cdb, sizeof(cdb), buf, 48, DISCBURN_TMO_MEDIA,
			status, &got);
	if (!ret && got < 32)
		return db_bad_response(status);
	return ret;
}

/* READ TOC/PMA/ATIP with format @fmt into @buf, *@got bytes valid. */
static int db_read_toc(struct discburn_recorder *rec, u8 fmt, bool msf, u8 *buf,
		       unsigned int len, u32 *status, unsigned int *got)
{
	u8 cdb[10] = { GPCMD_READ_TOC_PMA_ATIP };

	cdb[1] = msf ? 0x02 : 0;
	cdb[2] = fmt;
	db_put_be16(&cdb[7], len);
	return db_mmc_in(rec, cdb, sizeof(cdb), buf, len, DISCBURN_TMO_MEDIA,
			 status, got);
}

/*
 * Unformatted overwritable media: the capacity the drive would format,
 * from the current/maximum descriptor of READ FORMAT CAPACITIES.
 */
static u32 db_format_capacity(struct discburn_recorder *rec, u8 *buf)
{
	u8 cdb[10] = { GPCMD_READ_FORMAT_CAPACITIES };
	unsigned int got;
	u32 st;

	db_put_be16(&cdb[7], 252);
	if (db_mmc_in(rec, cdb, sizeof(cdb), buf, 252, DISCBURN_TMO_QUICK, &st,
		      &got) || got < 12 || buf[3] < 8)
		return 0;
	if ((buf[8] & 3) == 3)	/* no medium */
		return 0;
	return db_be32(&buf[4]);
}

/* The previous (last complete) session's first and last written LBA. */
static void db_previous_session(struct discburn_recorder *rec, u8 *buf,
				struct discburn_media_info *mi, u32 last_track)
{
	unsigned int got;
	u32 st;

	mi->start_of_previous_session = (u32)-1;
	mi->last_written_of_previous_session = (u32)-1;
	if (!last_track)
		return;
	if (!db_read_toc(rec, 1, false, buf, 12, &st, &got) && got >= 12)
		mi->start_of_previous_session = db_be32(&buf[8]);
	if (db_track_info(rec, last_track, buf, &st))
		return;
	if (buf[7] & 0x02)	/* LRA_V */
		mi->last_written_of_previous_session = db_be32(&buf[28]);
	else if (db_be32(&buf[24]))
		mi->last_written_of_previous_session =
			db_be32(&buf[8]) + db_be32(&buf[24]) - 1;
}

/**
 * discburn_mmc_media_info() - the medium, as IMAPI2's format objects see it
 * @rec: the recorder
 * @mi: out: media info
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_media_info(struct discburn_recorder *rec,
			    struct discburn_media_info *mi, u32 *status)
{
	u8 cdb[10] = { GPCMD_READ_DISC_INFO };
	unsigned int got, first, end;
	u32 disc_status, sess_state, sessions, last_track, first_in_last;
	u32 nwa = 0, free = 0, total = 0, st;
	bool erasable, nwa_valid = false;
	u16 profile;
	u8 *buf;
	int ret;

	buf = kmalloc(DISCBURN_MODE_BUFLEN, GFP_KERNEL);
	if (!buf) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	mi->start_of_previous_session = (u32)-1;
	mi->last_written_of_previous_session = (u32)-1;
	mi->start_of_next_session = (u32)-1;
	mi->last_possible_start_of_leadout = (u32)-1;

	ret = db_get_config(rec, 1, 0x0000, buf, 8, status, &got);
	if (ret)
		goto out_free;
	profile = db_be16(&buf[6]);
	mi->current_profile = profile;
	mi->physical_type = discburn_mmc_physical_type(profile);
	if (!profile) {
		/* a disc the drive cannot read reports no profile either */
		memset(cdb, 0, sizeof(cdb));
		cdb[0] = GPCMD_TEST_UNIT_READY;
		discburn_mmc_simple(rec, cdb, 6, NULL, 0, false, DISCBURN_TMO_QUICK, &st);
		if (st == DISCBURN_E_RECORDER_MEDIA_INCOMPATIBLE) {
			*status = st;
			ret = -EMEDIUMTYPE;
		} else {
			*status = DISCBURN_E_RECORDER_MEDIA_NO_MEDIA;
			ret = -ENOMEDIUM;
		}
		goto out_free;
	}

	/* write protection of the medium: mode parameter header WP bit */
	if (!db_mode_sense(rec, 0, 0x2a, buf, 64, &first, &end, &st) &&
	    (buf[3] & 0x80))
		mi->write_protect |= DISCBURN_WP_BY_MEDIA_SPECIFIC_REASON;
	if (db_profile_rom(profile))
		mi->write_protect |= DISCBURN_WP_READ_ONLY_MEDIA;

	db_put_be16(&cdb[7], 34);
	ret = db_mmc_in(rec, cdb, sizeof(cdb), buf, 34, DISCBURN_TMO_MEDIA,
			status, &got);
	if (ret)
		goto out_free;
	if (got < 12) {
		ret = db_bad_response(status);
		goto out_free;
	}
	disc_status = buf[2] & 3;
	sess_state = (buf[2] >> 2) & 3;
	erasable = buf[2] & 0x10;
	sessions = buf[4] | (u32)buf[9] << 8;
	first_in_last = buf[5] | (u32)buf[10] << 8;
	last_track = buf[6] | (u32)buf[11] << 8;
	mi->disc_status = disc_status;
	mi->sessions = sessions;
	mi->tracks = last_track;
	/* appendable CD: lead-in start of the next session */
	if (db_profile_cd(profile) && disc_status == 1 && got >= 20 && buf[17] != 0xff)
		mi->start_of_next_session = db_msf_to_lba(buf[17], buf[18], buf[19]);

	if (db_profile_rom(profile)) {
		mi->media_state = DISCBURN_MEDIA_STATE_FINALIZED |
				  DISCBURN_MEDIA_STATE_WRITE_PROTECTED;
	} else if (db_profile_overwrite(profile)) {
		mi->media_state = DISCBURN_MEDIA_STATE_OVERWRITE_ONLY;
		if (disc_status == 0)
			mi->media_state |= DISCBURN_MEDIA_STATE_BLANK;
	} else if (disc_status == 0) {
		mi->media_state = DISCBURN_MEDIA_STATE_BLANK;
	} else if (disc_status == 1) {
		mi->media_state = DISCBURN_MEDIA_STATE_APPENDABLE;
		if (sess_state == 1)
			mi->media_state |= DISCBURN_MEDIA_STATE_NON_EMPTY_SESSION;
	} else if (disc_status == 2) {
		mi->media_state = DISCBURN_MEDIA_STATE_FINALIZED;
		if (erasable)
			mi->media_state |= DISCBURN_MEDIA_STATE_ERASE_REQUIRED;
	}
	if (sess_state == 2)
		mi->media_state |= DISCBURN_MEDIA_STATE_DAMAGED;
	if (mi->write_protect)
		mi->media_state |= DISCBURN_MEDIA_STATE_WRITE_PROTECTED;
	/* a disc the data format cannot write (pressed, or one this drive only reads) */
	if (discburn_mmc_class(profile) == DISCBURN_CLASS_NONE)
		mi->media_state |= DISCBURN_MEDIA_STATE_UNSUPPORTED_MEDIA;

	if (db_profile_overwrite(profile)) {
		/* the whole formatted capacity is free for an overwrite */
		memset(cdb, 0, sizeof(cdb));
		cdb[0] = GPCMD_READ_CDVD_CAPACITY;
		if (!db_mmc_in(rec, cdb, sizeof(cdb), buf, 8, DISCBURN_TMO_MEDIA,
			       &st, &got) && got >= 8 && db_be32(buf))
			total = db_be32(buf) + 1;
		if (!total)
			total = db_format_capacity(rec, buf);
		if (!total && !db_track_info(rec, 1, buf, &st))
			total = db_be32(&buf[24]);
		free = total;
		nwa = 0;
		nwa_valid = true;
	} else if (disc_status <= 1 && last_track) {
		/* the invisible (or incomplete) track: next write and space */
		ret = db_track_info(rec, last_track, buf, status);
		if (ret)
			goto out_free;
		nwa_valid = buf[7] & 0x01;
		nwa = nwa_valid ? db_be32(&buf[12]) : 0;
		free = db_be32(&buf[16]);
		total = nwa + free;
		if (disc_status == 1)
			db_previous_session(rec, buf, mi,
					    sess_state == 1 ? last_track - 1 :
					    first_in_last - 1);
	} else if (disc_status == 2 && last_track) {
		db_previous_session(rec, buf, mi, last_track);
		if (!db_track_info(rec, last_track, buf, &st))
			total = db_be32(&buf[8]) + db_be32(&buf[24]);
	}
	mi->next_writable_address = nwa;
	mi->free_sectors = free;
	mi->total_sectors = total;
	if (mi->start_of_next_session == (u32)-1 && nwa_valid)
		mi->start_of_next_session = nwa;
	if (total)
		mi->last_possible_start_of_leadout = total;

	/* CD-R/RW: lead-in and last possible lead-out from the ATIP */
	if (db_profile_cd(profile) &&
	    !db_read_toc(rec, 4, true, buf, 28, &st, &got) && got >= 15) {
		if (disc_status == 0)
			mi->start_of_next_session =
				db_msf_to_lba(buf[8], buf[9], buf[10]);
		mi->last_possible_start_of_leadout =
			db_msf_to_lba(buf[12], buf[13], buf[14]);
	}
	*status = DISCBURN_S_OK;
	ret = 0;
out_free:
	kfree(buf);
	return ret;
}

/**
 * discburn_mmc_eject() - open or close the tray
 * @rec: the recorder
 * @load: close the tray (load) instead of opening it
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_eject(struct discburn_recorder *rec, bool load, u32 *status)
{
	u8 cdb[6] = { GPCMD_START_STOP_UNIT };
	int ret;

	cdb[4] = load ? 0x03 : 0x02;	/* LoEj, Start */
	ret = discburn_mmc_simple(rec, cdb, sizeof(cdb), NULL, 0, false,
				  DISCBURN_TMO_MEDIA, status);
	if (ret < 0)
		return ret;
	discburn_recorder_media_changed(rec, true);
	return 0;
}
