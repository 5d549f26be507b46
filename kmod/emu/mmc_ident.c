// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - identity and drive state commands: TEST UNIT READY,
 * REQUEST SENSE, INQUIRY, MODE SENSE/SELECT, GET CONFIGURATION, GET EVENT
 * STATUS NOTIFICATION, START STOP, PREVENT ALLOW, MECHANISM STATUS, REPORT
 * LUNS, SET CD SPEED, SET STREAMING, GET PERFORMANCE, READ BUFFER CAPACITY.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <scsi/scsi_cmnd.h>

#include "discburn_emu.h"

int discburn_emu_good(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	return 0;
}

static int emu_medium_state(struct discburn_emu_dev *dev)
{
	if (dev->tray_open)
		return EMU_TRAY_OPEN;
	if (!dev->disc)
		return EMU_NO_MEDIUM;
	if (discburn_emu_access(dev) == EMU_ACCESS_NONE)
		return EMU_INCOMPATIBLE;
	return 0;
}

int discburn_emu_tur(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	return emu_medium_state(dev);
}

int discburn_emu_request_sense(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	u8 s[18] = { 0x70, 0, 0, 0, 0, 0, 0, 0x0a };
	u16 progress;
	int sense;

	if (dev->pending_ua) {
		sense = dev->pending_ua;
		dev->pending_ua = 0;
	} else if (discburn_emu_busy(dev, &progress)) {
		sense = EMU_SENSE(2, 0x04, dev->busy_ascq);
		s[15] = 0x80;
		emu_put_be16(&s[16], progress);
	} else {
		sense = emu_medium_state(dev);
	}
	s[2] = EMU_SK(sense);
	s[12] = EMU_ASC(sense);
	s[13] = EMU_ASCQ(sense);
	discburn_emu_respond(sc, s, sizeof(s), sc->cmnd[4]);
	return 0;
}

static void emu_pad(u8 *dst, const char *src, size_t len)
{
	size_t n = min(strlen(src), len);

	memset(dst, ' ', len);
	memcpy(dst, src, n);
}

int discburn_emu_inquiry(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	u32 alloc = emu_get_be16(&cdb[3]);
	u8 r[96] = { 0x05 };
	u32 len;

	if (cdb[1] & 0x02)
		return EMU_INVALID_FIELD;
	if (cdb[1] & 0x01) {
		switch (cdb[2]) {
		case 0x00:
			r[3] = 3;
			r[5] = 0x80;
			r[6] = 0x83;
			len = 7;
			break;
		case 0x80:
			r[1] = 0x80;
			len = 4 + sprintf(&r[4], "EMU%08u", dev->index);
			r[3] = len - 4;
			break;
		case 0x83:
			r[1] = 0x83;
			r[4] = 0x02;	/* ASCII */
			r[5] = 0x01;	/* T10 vendor identification */
			emu_pad(&r[8], dev->vendor, 8);
			emu_pad(&r[16], dev->product, 16);
			len = 32 + sprintf(&r[32], "%08u", dev->index);
			r[7] = len - 8;
			r[3] = len - 4;
			break;
		default:
			return EMU_INVALID_FIELD;
		}
		discburn_emu_respond(sc, r, len, alloc);
		return 0;
	}
	if (cdb[2])
		return EMU_INVALID_FIELD;
	r[1] = 0x80;	/* RMB */
	r[2] = 0x05;	/* SPC-3 */
	r[3] = 0x02;	/* response data format 2 */
	r[4] = sizeof(r) - 5;
	emu_pad(&r[8], dev->vendor, 8);
	emu_pad(&r[16], dev->product, 16);
	emu_pad(&r[32], dev->revision, 4);
	discburn_emu_respond(sc, r, sizeof(r), alloc);
	return 0;
}

void discburn_emu_page5_defaults(u8 *p)
{
	memset(p, 0, EMU_PAGE5_LEN);
	p[0] = 0x05;
	p[1] = 0x32;
	p[2] = EMU_WT_TAO;
	p[3] = 0x04;
	p[4] = 0x08;
	emu_put_be16(&p[14], 150);
}

static u32 emu_page_01(struct discburn_emu_dev *dev, u8 *p, int pc)
{
	p[0] = 0x01;
	p[1] = 0x0a;
	if (pc != 1)
		p[3] = pc == 0 ? dev->page1_retry : 1;
	return 12;
}

static u32 emu_page_05(struct discburn_emu_dev *dev, u8 *p, int pc)
{
	u32 len = sizeof(dev->page5);

	if (pc == 1) {
		memset(p, 0, len);
		p[2] = 0x7f;
		p[3] = 0xff;
		p[4] = 0x0f;
		p[5] = 0xff;
		p[7] = 0x3f;
		p[8] = 0xff;
		memset(&p[10], 0xff, 6);
		memset(&p[16], 0xff, len - 16);
	} else if (pc == 0) {
		memcpy(p, dev->page5, len);
	} else {
		discburn_emu_page5_defaults(p);
	}
	p[0] = 0x05;
	p[1] = len - 2;
	return len;
}

static u32 emu_page_2a(struct discburn_emu_dev *dev, u8 *p, int pc)
{
	u32 xs[EMU_MAX_SPEEDS];
	int ns = discburn_emu_speed_list(dev, xs);
	bool writes = discburn_emu_drive_writes(dev);
	/* write speeds describe the current medium: none if it cannot be recorded */
	int n = writes && discburn_emu_access(dev) == EMU_ACCESS_WRITE ? ns : 0;
	u32 len = 32 + 4 * n;
	u32 max_kbps = discburn_emu_kbps(dev, xs[0]);
	u32 cur = dev->tm.speed_kbps ? dev->tm.speed_kbps : max_kbps;
	int i;

	memset(p, 0, len);
	p[0] = 0x2a;
	p[1] = len - 2;
	if (pc == 1)
		return len;
	switch (dev->drive) {
	case DISCBURN_EMU_DRIVE_CD:
		p[2] = 0x0b;	/* reads CD-R, CD-RW, DVD-ROM */
		p[3] = 0x07;	/* writes CD-R, CD-RW; Test Write */
		break;
	case DISCBURN_EMU_DRIVE_ROM:
		p[2] = 0x0b;
		p[3] = 0x00;
		break;
	default:
		p[2] = 0x1b;	/* ... and DVD-R */
		p[3] = 0x17;	/* ... and DVD-R */
		break;
	}
	p[4] = writes && dev->bufe ? 0xf1 : 0x71;
	p[5] = 0x03;
	p[6] = 0x29 | (dev->prevent ? 0x02 : 0);
	emu_put_be16(&p[8], max_kbps);
	emu_put_be16(&p[10], 256);
	emu_put_be16(&p[12], dev->buffer_kib);
	emu_put_be16(&p[14], max_kbps);
	if (n) {
		emu_put_be16(&p[18], max_kbps);
		emu_put_be16(&p[20], cur);
		emu_put_be16(&p[28], cur);
	}
	emu_put_be16(&p[30], n);
	for (i = 0; i < n; i++)
		emu_put_be16(&p[32 + 4 * i + 2], discburn_emu_kbps(dev, xs[i]));
	return len;
}

int discburn_emu_mode_sense(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	bool six = cdb[0] == 0x1a;
	int pc = cdb[2] >> 6;
	int page = cdb[2] & 0x3f;
	u32 alloc = six ? cdb[4] : emu_get_be16(&cdb[7]);
	u32 hdr = six ? 4 : 8;
	u8 r[256];
	u32 len = hdr;

	if (cdb[3])
		return EMU_INVALID_FIELD;
	/* pages fill only the fields they implement: the rest must be zero */
	memset(r, 0, sizeof(r));
	switch (page) {
	case 0x01:
		len += emu_page_01(dev, &r[len], pc);
		break;
	case 0x05:
		if (!discburn_emu_drive_writes(dev))
			return EMU_INVALID_FIELD;
		len += emu_page_05(dev, &r[len], pc);
		break;
	case 0x2a:
		len += emu_page_2a(dev, &r[len], pc);
		break;
	case 0x3f:
		len += emu_page_01(dev, &r[len], pc);
		if (discburn_emu_drive_writes(dev))
			len += emu_page_05(dev, &r[len], pc);
		len += emu_page_2a(dev, &r[len], pc);
		break;
	default:
		return EMU_INVALID_FIELD;
	}
	if (six)
		r[0] = len - 1;
	else
		emu_put_be16(&r[0], len - 2);
	/* device-specific parameter: WP, as the write_protect knob says */
	if (READ_ONCE(dev->write_protect))
		r[six ? 2 : 3] |= 0x80;
	discburn_emu_respond(sc, r, len, alloc);
	return 0;
}

static int emu_check_page5(const u8 *p)
{
	u8 wt = p[2] & 0x0f;
	u8 bt = p[4] & 0x0f;
	u8 multi = p[3] >> 6;

	if (multi == 2)
		return EMU_BAD_PARAM;
	switch (wt) {
	case EMU_WT_PACKET:
		if ((p[3] & 0x20) && !emu_get_be32(&p[10]))
			return EMU_BAD_PARAM;
		return 0;
	case EMU_WT_TAO:
		return bt == 0 || (bt >= 8 && bt <= 13) ? 0 : EMU_BAD_PARAM;
	case EMU_WT_SAO:
		return bt <= 13 ? 0 : EMU_BAD_PARAM;
	case EMU_WT_RAW:
		return bt >= 1 && bt <= 3 ? 0 : EMU_BAD_PARAM;
	default:
		return EMU_BAD_PARAM;
	}
}

int discburn_emu_mode_select(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	bool six = cdb[0] == 0x15;
	u32 plist = six ? cdb[4] : emu_get_be16(&cdb[7]);
	u32 hdr = six ? 4 : 8;
	u8 *d = dev->scratch;
	u32 n, bdlen, p;
	int ret;

	if (cdb[1] & 0x01)
		return EMU_SENSE(5, 0x39, 0);
	n = discburn_emu_data_out(sc, d, min(plist, 1024U));
	if (n < hdr)
		return n ? EMU_PARAM_LEN : 0;
	bdlen = six ? d[3] : emu_get_be16(&d[6]);
	if (bdlen && bdlen != 8)
		return EMU_PARAM_LEN;
	if (hdr + bdlen > n)
		return EMU_PARAM_LEN;
	if (bdlen) {
		u32 bl = emu_get_be24(&d[hdr + 5]);

		if (bl == 2048 || bl == 2336 || bl == 2340 || bl == 2352)
			dev->block_len = bl;
		else if (bl)
			return EMU_BAD_PARAM;
	}
	for (p = hdr + bdlen; p + 2 <= n;) {
		u8 code = d[p] & 0x3f;
		u32 plen = d[p + 1];

		if (p + 2 + plen > n)
			return EMU_PARAM_LEN;
		if (code == 0x05) {
			if (!discburn_emu_drive_writes(dev))
				return EMU_BAD_PARAM;
			if (plen < 0x0e)
				return EMU_PARAM_LEN;
			ret = emu_check_page5(&d[p]);
			if (ret)
				return ret;
			memcpy(&dev->page5[2], &d[p + 2],
			       min_t(u32, plen, sizeof(dev->page5) - 2));
		} else if (code == 0x01 && plen >= 2) {
			dev->page1_retry = d[p + 3];
		}
		p += 2 + plen;
	}
	return 0;
}

/* ---- GET CONFIGURATION ---- */

struct emu_features {
	u8 *buf;
	u32 len;
	u32 max;
};

static void emu_feature(struct emu_features *f, u16 code, u8 version, bool persistent,
			bool cur, const u8 *data, u8 dlen)
{
	u8 *p = f->buf + f->len;

	if (f->len + 4 + dlen > f->max)
		return;
	emu_put_be16(p, code);
	p[2] = version << 2 | (persistent ? 2 : 0) | (cur ? 1 : 0);
	p[3] = dlen;
	if (dlen)
		memcpy(p + 4, data, dlen);
	f->len += 4 + dlen;
}

/* Profile lists per drive kind, highest first */
static const u8 emu_profiles_recorder[] = {
	0x43, 0x41, 0x40, 0x1b, 0x1a, 0x11, 0x10, 0x0a, 0x09, 0x08, 0,
};

static const u8 emu_profiles_dvd[] = { 0x1b, 0x1a, 0x11, 0x10, 0x0a, 0x09, 0x08, 0 };
static const u8 emu_profiles_cd[] = { 0x10, 0x0a, 0x09, 0x08, 0 };
static const u8 emu_profiles_rom[] = { 0x40, 0x10, 0x08, 0 };

static const u8 *const emu_profiles[DISCBURN_EMU_NR_DRIVES] = {
	[DISCBURN_EMU_DRIVE_RECORDER] = emu_profiles_recorder,
	[DISCBURN_EMU_DRIVE_DVD] = emu_profiles_dvd,
	[DISCBURN_EMU_DRIVE_CD] = emu_profiles_cd,
	[DISCBURN_EMU_DRIVE_ROM] = emu_profiles_rom,
};

static u32 emu_build_features(struct discburn_emu_dev *dev, u8 *buf, u32 max)
{
	enum discburn_emu_access acc = discburn_emu_access(dev);
	struct discburn_emu_disc *disc = dev->tray_open || acc == EMU_ACCESS_NONE ?
					 NULL : dev->disc;
	const u8 *profiles = emu_profiles[dev->drive];
	u16 prof = discburn_emu_profile(dev);
	enum discburn_emu_medium m = disc ? disc->medium : DISCBURN_EMU_NONE;
	bool cd = disc && disc->info->cd;
	bool bd = disc && disc->info->bd;
	bool dvd = disc && !cd && !bd;
	bool wr = disc && acc == EMU_ACCESS_WRITE;	/* the drive records this disc */
	bool writable = wr && !disc->finalized;
	bool cd_w = dev->drive != DISCBURN_EMU_DRIVE_ROM;
	bool dvd_w = dev->drive == DISCBURN_EMU_DRIVE_RECORDER ||
		     dev->drive == DISCBURN_EMU_DRIVE_DVD;
	bool bd_w = dev->drive == DISCBURN_EMU_DRIVE_RECORDER;
	bool bd_r = bd_w || dev->drive == DISCBURN_EMU_DRIVE_ROM;
	struct emu_features f = { .buf = buf, .max = max };
	u8 d[64];
	int i;

	memset(d, 0, sizeof(d));
	for (i = 0; profiles[i]; i++) {
		emu_put_be16(&d[4 * i], profiles[i]);
		d[4 * i + 2] = profiles[i] == prof;
	}
	emu_feature(&f, 0x0000, 0, true, true, d, 4 * i);

	memset(d, 0, sizeof(d));
	emu_put_be32(&d[0], 1);		/* SCSI */
	d[4] = 0x01;			/* DBE */
	emu_feature(&f, 0x0001, 2, true, true, d, 8);
	d[0] = 0x02;			/* OCEvent */
	emu_feature(&f, 0x0002, 1, true, true, d, 4);
	d[0] = 0x29;			/* tray, eject, lock */
	emu_feature(&f, 0x0003, 0, true, true, d, 4);

	memset(d, 0, sizeof(d));
	emu_put_be32(&d[0], 2048);
	emu_put_be16(&d[4], cd ? 1 : bd ? 32 : 16);
	emu_feature(&f, 0x0010, 0, false, disc && (disc->ntracks || disc->formatted), d, 8);
	emu_feature(&f, 0x001d, 0, false, cd, NULL, 0);
	memset(d, 0, sizeof(d));
	d[0] = 0x03;			/* C2, CD-Text */
	emu_feature(&f, 0x001e, 2, false, cd, d, 4);
	d[0] = 0x01;
	emu_feature(&f, 0x001f, 1, false, dvd, d, 4);

	memset(d, 0, sizeof(d));
	emu_put_be16(&d[0], cd ? 0x3f01 : 0x0100);
	d[2] = dev->bufe ? 0x01 : 0;	/* BUF */
	d[3] = 1;
	d[4] = cd ? 7 : 16;
	if (cd_w)
		emu_feature(&f, 0x0021, 1, false,
			    writable && (cd || m == DISCBURN_EMU_DVDR), d, 8);
	memset(d, 0, sizeof(d));
	if (dvd_w || bd_w)
		emu_feature(&f, 0x0023, 0, false,
			    wr && (disc->info->overwrite || m == DISCBURN_EMU_BDR), d, 8);
	if (bd_w)
		emu_feature(&f, 0x0024, 0, false, wr && m == DISCBURN_EMU_BDRE, d, 4);
	if (cd_w)
		emu_feature(&f, 0x0027, 0, false, wr && m == DISCBURN_EMU_CDRW, d, 4);
	d[0] = 0x01;
	if (dvd_w) {
		emu_feature(&f, 0x002a, 0, false, wr && m == DISCBURN_EMU_DVDPLUSRW, d, 4);
		emu_feature(&f, 0x002b, 0, false, wr && m == DISCBURN_EMU_DVDPLUSR, d, 4);
	}
	memset(d, 0, sizeof(d));
	d[0] = dev->bufe ? 0x46 : 0x06;	/* BUF, Test Write, CD-RW */
	emu_put_be16(&d[2], 0x3f01);
	if (cd_w)
		emu_feature(&f, 0x002d, 2, false, wr && cd, d, 4);
	d[0] = dev->bufe ? 0x7e : 0x3e;	/* BUF, SAO, raw MS, raw, test, CD-RW */
	emu_put_be24(&d[1], 0xffff);
	if (cd_w)
		emu_feature(&f, 0x002e, 1, false, wr && cd, d, 4);
	memset(d, 0, sizeof(d));
	d[0] = dev->bufe ? 0x44 : 0x04;	/* BUF, Test Write */
	if (dvd_w)
		emu_feature(&f, 0x002f, 1, false, wr && m == DISCBURN_EMU_DVDR, d, 4);
	memset(d, 0, sizeof(d));
	d[1] = 0xff;
	if (cd_w)
		emu_feature(&f, 0x0037, 0, false, wr && m == DISCBURN_EMU_CDRW, d, 4);
	memset(d, 0, sizeof(d));
	if (bd_w)
		emu_feature(&f, 0x0038, 0, false, wr && disc->pow, d, 4);
	d[4] = 0x02;			/* class 0 BD-ROM/R/RE version bitmaps */
	d[6] = 0x02;
	d[8] = 0x02;
	if (bd_r)
		emu_feature(&f, 0x0040, 0, false, bd, d, 28);
	if (bd_w)
		emu_feature(&f, 0x0041, 0, false, wr && bd, d, 24);
	memset(d, 0, sizeof(d));
	emu_feature(&f, 0x0100, 0, true, true, NULL, 0);
	emu_feature(&f, 0x0105, 0, true, true, d, 4);
	if (cd_w) {
		d[0] = 0x0f;		/* SCS, MP2A, WSPD, SW */
		emu_feature(&f, 0x0107, 3, false, writable, d, 4);
	} else {
		d[0] = 0x0c;		/* SCS, MP2A: reading only */
		emu_feature(&f, 0x0107, 3, false, !!disc, d, 4);
	}
	memset(d, 0, sizeof(d));
	sprintf(d, "EMU%05u", dev->index);
	emu_feature(&f, 0x0108, 0, true, true, d, 8);
	return f.len;
}

int discburn_emu_get_configuration(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	u8 rt = cdb[1] & 0x03;
	u16 sfn = emu_get_be16(&cdb[2]);
	u32 alloc = emu_get_be16(&cdb[7]);
	u8 all[512];
	u8 *r = dev->scratch;
	u32 n, p, len = 8;

	if (rt == 3)
		return EMU_INVALID_FIELD;
	n = emu_build_features(dev, all, sizeof(all));
	memset(r, 0, 8);
	for (p = 0; p < n; p += 4 + all[p + 3]) {
		u16 code = emu_get_be16(&all[p]);
		u32 flen = 4 + all[p + 3];

		if (rt == 2 ? code != sfn : code < sfn)
			continue;
		if (rt == 1 && !(all[p + 2] & 1))
			continue;
		memcpy(&r[len], &all[p], flen);
		len += flen;
	}
	emu_put_be32(&r[0], len - 4);
	emu_put_be16(&r[6], discburn_emu_profile(dev));
	discburn_emu_respond(sc, r, len, alloc);
	return 0;
}

int discburn_emu_event_status(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	u32 alloc = emu_get_be16(&cdb[7]);
	u8 r[8] = { 0 };

	if (!(cdb[1] & 0x01))
		return EMU_INVALID_FIELD;
	r[3] = 0x52;
	if (!(cdb[4] & 0x10)) {
		emu_put_be16(&r[0], 2);
		r[2] = 0x80;
		discburn_emu_respond(sc, r, 4, alloc);
		return 0;
	}
	emu_put_be16(&r[0], 6);
	r[2] = 0x04;
	r[4] = dev->media_event;
	r[5] = (dev->disc ? 0x02 : 0) | (dev->tray_open ? 0x01 : 0);
	dev->media_event = 0;
	discburn_emu_respond(sc, r, 8, alloc);
	return 0;
}

int discburn_emu_start_stop(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	u8 op = sc->cmnd[4] & 0x03;

	if (op == 0x02) {		/* eject */
		if (dev->prevent)
			return EMU_REMOVAL_PREVENTED;
		if (!dev->tray_open) {
			dev->tray_open = true;
			dev->media_event = 3;
		}
	} else if (op == 0x03) {	/* load */
		if (dev->tray_open) {
			dev->tray_open = false;
			if (dev->disc) {
				dev->media_event = 2;
				dev->pending_ua = EMU_SENSE(6, 0x28, 0);
			}
		}
	}
	return 0;
}

int discburn_emu_prevent(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	dev->prevent = sc->cmnd[4] & 0x01;
	return 0;
}

int discburn_emu_mechanism_status(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	u8 r[8] = { 0 };

	r[1] = dev->tray_open ? 0x10 : 0;
	discburn_emu_respond(sc, r, sizeof(r), emu_get_be16(&sc->cmnd[8]));
	return 0;
}

int discburn_emu_report_luns(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	u8 r[16] = { 0 };

	r[3] = 8;
	discburn_emu_respond(sc, r, sizeof(r), emu_get_be32(&sc->cmnd[6]));
	return 0;
}

int discburn_emu_set_cd_speed(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	discburn_emu_timing_set_speed(dev, emu_get_be16(&sc->cmnd[4]));
	return 0;
}

int discburn_emu_set_streaming(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	u32 plen = emu_get_be16(&cdb[9]);
	u8 d[28];
	u32 size, ms;

	if (cdb[8])
		return EMU_INVALID_FIELD;
	if (plen < sizeof(d))
		return plen ? EMU_PARAM_LEN : 0;
	if (discburn_emu_data_out(sc, d, sizeof(d)) < sizeof(d))
		return EMU_PARAM_LEN;
	size = emu_get_be32(&d[20]);
	ms = emu_get_be32(&d[24]);
	if ((d[0] & 0x04) || !ms)
		discburn_emu_timing_set_speed(dev, 0);
	else
		discburn_emu_timing_set_speed(dev, div_u64((u64)size * 1000, ms));
	return 0;
}

int discburn_emu_get_performance(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	u32 maxdesc = emu_get_be16(&cdb[8]);
	u8 type = cdb[10];
	u32 xs[EMU_MAX_SPEEDS];
	u8 *r = dev->scratch;
	u32 avail, i, last;

	last = dev->disc ? dev->disc->capacity - 1 : 0;
	if (type == 0) {
		u32 kbps = dev->tm.speed_kbps;

		avail = 1;
		memset(r, 0, 8 + 16);
		r[4] = cdb[1] & 0x04 ? 0x02 : 0;
		if (!(cdb[1] & 0x04))
			kbps = dev->tm.read_kbps;
		emu_put_be32(&r[8 + 4], kbps);
		emu_put_be32(&r[8 + 8], last);
		emu_put_be32(&r[8 + 12], kbps);
	} else if (type == 3) {
		avail = discburn_emu_speed_list(dev, xs);
		if (!discburn_emu_drive_writes(dev) ||
		    discburn_emu_access(dev) != EMU_ACCESS_WRITE)
			avail = 0;	/* no write speeds for this medium */
		memset(r, 0, 8 + 16 * avail);
		for (i = 0; i < avail; i++) {
			u8 *p = &r[8 + 16 * i];

			emu_put_be32(&p[4], last);
			emu_put_be32(&p[8], discburn_emu_kbps(dev, xs[0]));
			emu_put_be32(&p[12], discburn_emu_kbps(dev, xs[i]));
		}
	} else {
		return EMU_INVALID_FIELD;
	}
	emu_put_be32(&r[0], 4 + 16 * avail);
	discburn_emu_respond(sc, r, 8 + 16 * min(maxdesc, avail), U32_MAX);
	return 0;
}

int discburn_emu_read_buffer_capacity(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	u64 size = (u64)dev->buffer_kib * 1024;
	u64 avail = discburn_emu_timing_free(dev);
	u8 r[12] = { 0 };

	emu_put_be16(&r[0], 10);
	if (sc->cmnd[1] & 0x01) {
		emu_put_be32(&r[8], div_u64(avail, 2048));
	} else {
		emu_put_be32(&r[4], size);
		emu_put_be32(&r[8], avail);
	}
	discburn_emu_respond(sc, r, sizeof(r), emu_get_be16(&sc->cmnd[7]));
	return 0;
}
