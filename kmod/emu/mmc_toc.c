// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - reports of the recorded structure: READ TOC/PMA/ATIP,
 * READ DISC INFORMATION, READ TRACK INFORMATION, READ CAPACITY, READ
 * FORMAT CAPACITIES, READ DISC STRUCTURE and READ SUB-CHANNEL.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <scsi/scsi_cmnd.h>

#include "discburn_emu.h"

static void emu_put_addr(u8 *p, s32 lba, bool msf)
{
	if (msf) {
		p[0] = 0;
		discburn_emu_lba_to_msf(lba, &p[1]);
	} else {
		emu_put_be32(p, (u32)lba);
	}
}

static void emu_put_ffmsf(u8 *p)
{
	p[0] = 0;
	p[1] = 0xff;
	p[2] = 0xff;
	p[3] = 0xff;
}

static int emu_toc_format0(struct discburn_emu_dev *dev, struct scsi_cmnd *sc, u8 *r,
			   bool msf, u8 start, u32 alloc)
{
	struct discburn_emu_disc *disc = dev->disc;
	int last = discburn_emu_visible_tracks(disc);
	u32 len = 4;
	int i;

	if (!last)
		return EMU_INVALID_FIELD;
	if (start > last && start != 0xaa)
		return EMU_INVALID_FIELD;
	if (start != 0xaa) {
		for (i = max_t(int, start, 1); i <= last; i++) {
			struct discburn_emu_track *t = &disc->tracks[i - 1];

			memset(&r[len], 0, 8);
			r[len + 1] = 0x10 | t->control;
			r[len + 2] = i;
			emu_put_addr(&r[len + 4], t->start, msf);
			len += 8;
		}
	}
	memset(&r[len], 0, 8);
	r[len + 1] = 0x10 | disc->tracks[last - 1].control;
	r[len + 2] = 0xaa;
	emu_put_addr(&r[len + 4], disc->sessions[disc->nsessions - 1].leadout, msf);
	len += 8;
	emu_put_be16(&r[0], len - 2);
	r[2] = 1;
	r[3] = last;
	discburn_emu_respond(sc, r, len, alloc);
	return 0;
}

static int emu_toc_format1(struct discburn_emu_dev *dev, struct scsi_cmnd *sc, u8 *r,
			   bool msf, u32 alloc)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_track *t;
	struct discburn_emu_sess *s;

	if (!disc->nsessions)
		return EMU_INVALID_FIELD;
	s = &disc->sessions[disc->nsessions - 1];
	t = &disc->tracks[s->first_track - 1];
	memset(r, 0, 12);
	emu_put_be16(&r[0], 10);
	r[2] = 1;
	r[3] = disc->nsessions;
	r[5] = 0x10 | t->control;
	r[6] = s->first_track;
	emu_put_addr(&r[8], t->start, msf);
	discburn_emu_respond(sc, r, 12, alloc);
	return 0;
}

static u32 emu_full_entry(u8 *p, u8 session, u8 adr_ctl, u8 point, const u8 *msf,
			  u8 zero, const u8 *pmsf)
{
	memset(p, 0, 11);
	p[0] = session;
	p[1] = adr_ctl;
	p[3] = point;
	if (msf)
		memcpy(&p[4], msf, 3);
	p[7] = zero;
	memcpy(&p[8], pmsf, 3);
	return 11;
}

static int emu_toc_format2(struct discburn_emu_dev *dev, struct scsi_cmnd *sc, u8 *r,
			   u32 alloc)
{
	struct discburn_emu_disc *disc = dev->disc;
	u32 len = 4;
	u8 m[3];
	int i, k;

	if (!disc->info->cd)
		return EMU_INVALID_FIELD;
	if (!disc->nsessions)
		return EMU_INVALID_FIELD;
	for (i = 0; i < disc->nsessions; i++) {
		struct discburn_emu_sess *s = &disc->sessions[i];
		u8 ctl = disc->tracks[s->first_track - 1].control;
		u8 lctl = disc->tracks[s->last_track - 1].control;

		m[0] = s->first_track;
		m[1] = s->disc_type;
		m[2] = 0;
		len += emu_full_entry(&r[len], i + 1, 0x10 | ctl, 0xa0, NULL, 0, m);
		m[0] = s->last_track;
		m[1] = 0;
		len += emu_full_entry(&r[len], i + 1, 0x10 | lctl, 0xa1, NULL, 0, m);
		discburn_emu_lba_to_msf(s->leadout, m);
		len += emu_full_entry(&r[len], i + 1, 0x10 | lctl, 0xa2, NULL, 0, m);
		for (k = s->first_track; k <= s->last_track; k++) {
			struct discburn_emu_track *t = &disc->tracks[k - 1];

			discburn_emu_lba_to_msf(t->start, m);
			len += emu_full_entry(&r[len], i + 1, 0x10 | t->control, k, NULL, 0, m);
		}
		if (i == disc->nsessions - 1 && !disc->finalized) {
			u8 next[3];

			discburn_emu_lba_to_msf(discburn_emu_nwa(dev, EMU_WT_TAO) - 150, next);
			discburn_emu_lba_to_msf(disc->capacity, m);
			len += emu_full_entry(&r[len], i + 1, 0x50 | ctl, 0xb0, next,
					      disc->nsessions == 1 ? 2 : 1, m);
		}
	}
	emu_put_be16(&r[0], len - 2);
	r[2] = 1;
	r[3] = disc->nsessions;
	discburn_emu_respond(sc, r, len, alloc);
	return 0;
}

static int emu_toc_atip(struct discburn_emu_dev *dev, struct scsi_cmnd *sc, u8 *r, u32 alloc)
{
	struct discburn_emu_disc *disc = dev->disc;
	bool rw = disc->medium == DISCBURN_EMU_CDRW;

	if (!disc->info->cd)
		return EMU_INVALID_FIELD;
	memset(r, 0, 28);
	emu_put_be16(&r[0], 26);
	r[4] = 0x80 | 5 << 4 | 5;
	r[5] = 0x40;
	r[6] = 0x80 | (rw ? 0x44 : 0);
	discburn_emu_lba_to_msf(disc->info->atip_leadin, &r[8]);
	discburn_emu_lba_to_msf(disc->capacity, &r[12]);
	if (rw)
		r[16] = 0x14;
	discburn_emu_respond(sc, r, 28, alloc);
	return 0;
}

/*
 * Format 5: the lead-in's CD-TEXT packs, each once, in block and sequence
 * order, CRC included; a length of 2 when the disc has none.
 */
static int emu_toc_cdtext(struct discburn_emu_dev *dev, struct scsi_cmnd *sc, u8 *r,
			  u32 alloc)
{
	const struct discburn_emu_cdtext *ct = dev->disc->cdtext;
	u32 len = 4, idx;

	if (!dev->disc->info->cd)
		return EMU_INVALID_FIELD;
	if (ct) {
		for_each_set_bit(idx, ct->seen, EMU_CDTEXT_PACKS) {
			if (len + 18 > dev->scratch_len || len + 18 > 0xffff)
				break;
			memcpy(&r[len], ct->pack[idx], 18);
			len += 18;
		}
	}
	emu_put_be16(&r[0], len - 2);
	r[2] = 0;
	r[3] = 0;
	discburn_emu_respond(sc, r, len, alloc);
	return 0;
}

int discburn_emu_read_toc(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	bool msf = cdb[1] & 0x02;
	u8 fmt = cdb[2] & 0x0f;
	u32 alloc = emu_get_be16(&cdb[7]);
	u8 *r = dev->scratch;

	if (!fmt)
		fmt = cdb[9] >> 6;
	switch (fmt) {
	case 0:
		return emu_toc_format0(dev, sc, r, msf, cdb[6], alloc);
	case 1:
		return emu_toc_format1(dev, sc, r, msf, alloc);
	case 2:
		return emu_toc_format2(dev, sc, r, alloc);
	case 4:
		return emu_toc_atip(dev, sc, r, alloc);
	case 5:
		return emu_toc_cdtext(dev, sc, r, alloc);
	default:
		return EMU_INVALID_FIELD;
	}
}

static bool emu_disc_blank(const struct discburn_emu_disc *disc)
{
	return !disc->ntracks && !disc->formatted;
}

int discburn_emu_read_disc_info(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	struct discburn_emu_disc *disc = dev->disc;
	const struct discburn_emu_media_info *info = disc->info;
	int open = discburn_emu_open_session(disc);
	u8 r[34] = { 0 };
	u8 status, state, first, last, nsess;

	if (sc->cmnd[1] & 0x07)
		return EMU_INVALID_FIELD;
	if (emu_disc_blank(disc)) {
		status = 0;
		state = 0;
		nsess = 1;
		first = 1;
		last = 1;
	} else if (disc->finalized) {
		status = 2;
		state = 3;
		nsess = disc->nsessions;
		first = disc->sessions[nsess - 1].first_track;
		last = disc->ntracks;
	} else {
		struct discburn_emu_track *t = discburn_emu_open_track(disc);

		status = 1;
		state = open ? 1 : 0;
		nsess = disc->nsessions + 1;
		first = disc->nsessions ? disc->sessions[disc->nsessions - 1].last_track + 1 : 1;
		last = t ? disc->ntracks : disc->ntracks + 1;
		if (t && t->damaged)
			state = 2;
	}
	emu_put_be16(&r[0], 32);
	r[2] = (info->erasable ? 0x10 : 0) | state << 2 | status;
	r[3] = 1;
	r[4] = nsess;
	r[5] = first;
	r[6] = last;
	r[7] = 0x20 | (disc->medium == DISCBURN_EMU_DVDPLUSRW ? disc->bg_status : 0);
	r[8] = 0xff;
	if (info->cd && disc->nsessions)
		r[8] = disc->sessions[0].disc_type;
	if (info->cd) {
		if (disc->finalized) {
			emu_put_ffmsf(&r[16]);
			emu_put_ffmsf(&r[20]);
		} else {
			emu_put_addr(&r[16], discburn_emu_next_leadin(disc), true);
			emu_put_addr(&r[20], disc->capacity, true);
		}
	} else if (status == 0) {
		emu_put_be32(&r[20], disc->capacity);
	} else if (status == 1) {
		emu_put_be32(&r[16], discburn_emu_nwa(dev, 0));
		emu_put_be32(&r[20], disc->capacity);
	}
	discburn_emu_respond(sc, r, sizeof(r), emu_get_be16(&sc->cmnd[7]));
	return 0;
}

static void emu_track_info(struct discburn_emu_dev *dev, int idx, u8 *r)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_track *t = &disc->tracks[idx];
	bool cd = disc->info->cd;
	u32 size = max(t->blocks + t->tail, t->reserved);
	s32 nwa = t->start + t->blocks;

	r[2] = idx + 1;
	r[3] = t->session;
	r[5] = (t->damaged ? 0x20 : 0) | t->control;
	r[6] = cd ? t->data_mode : 0x01;
	if (!cd && !disc->info->overwrite)
		r[6] |= 0x20;
	if (t->reserved) {
		r[6] |= 0x80;
		if (!t->blocks)
			r[6] |= 0x40;
	}
	emu_put_be32(&r[8], t->start);
	if ((t->open || t->blocks < t->reserved) && !t->damaged) {
		u32 free = t->reserved ? t->reserved - t->blocks : disc->capacity - nwa;

		r[7] |= 0x01;
		emu_put_be32(&r[12], nwa);
		emu_put_be32(&r[16], free);
		if (!t->reserved)
			size = t->blocks + free;
	}
	if (t->blocks) {
		r[7] |= 0x02;
		emu_put_be32(&r[28], t->start + t->blocks - 1);
	}
	emu_put_be32(&r[24], size);
}

static void emu_invisible_info(struct discburn_emu_dev *dev, u8 *r)
{
	struct discburn_emu_disc *disc = dev->disc;
	bool cd = disc->info->cd;
	u8 wt = dev->page5[2] & 0x0f;
	s32 start = discburn_emu_nwa(dev, cd ? EMU_WT_TAO : 0);
	s32 nwa = discburn_emu_nwa(dev, wt);
	u32 free = start < (s32)disc->capacity ? disc->capacity - start : 0;
	int open = discburn_emu_open_session(disc);

	r[2] = disc->ntracks + 1;
	r[3] = open ? open : disc->nsessions + 1;
	if (cd) {
		r[5] = dev->page5[3] & 0x0f;
		r[6] = 0x40 | ((dev->page5[3] & 0x04) ? 0x01 : 0x0f);
	} else {
		r[5] = disc->medium == DISCBURN_EMU_DVDR && wt == EMU_WT_SAO ? 4 : 5;
		r[6] = 0x40 | 0x20 | 0x01;
	}
	r[7] = 0x01;
	emu_put_be32(&r[8], start);
	emu_put_be32(&r[12], nwa);
	emu_put_be32(&r[16], free);
	emu_put_be32(&r[24], free);
}

int discburn_emu_read_track_info(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	struct discburn_emu_disc *disc = dev->disc;
	u32 num = emu_get_be32(&cdb[2]);
	bool invisible_ok = !disc->finalized && !disc->info->overwrite;
	u8 r[48] = { 0 };
	int idx = -1;
	int i;

	switch (cdb[1] & 0x03) {
	case 0: {
		struct discburn_emu_track *t = discburn_emu_track_at(disc, (s32)num);

		if (t)
			idx = t - disc->tracks;
		else if (!invisible_ok || (s32)num < discburn_emu_recorded_end(disc))
			return EMU_INVALID_FIELD;
		break;
	}
	case 1:
		if (num == 0xff) {
			if (discburn_emu_open_track(disc) || !invisible_ok) {
				if (!disc->ntracks)
					return EMU_INVALID_FIELD;
				idx = disc->ntracks - 1;
			}
		} else if (num >= 1 && num <= disc->ntracks) {
			idx = num - 1;
		} else if (num != disc->ntracks + 1 || !invisible_ok) {
			return EMU_INVALID_FIELD;
		}
		break;
	case 2:
		if (num < 1)
			return EMU_INVALID_FIELD;
		for (i = 0; i < disc->ntracks; i++) {
			if (disc->tracks[i].session == num) {
				idx = i;
				break;
			}
		}
		if (idx < 0 && (num != disc->nsessions + 1 || !invisible_ok))
			return EMU_INVALID_FIELD;
		break;
	default:
		return EMU_INVALID_FIELD;
	}
	emu_put_be16(&r[0], 46);
	if (idx >= 0)
		emu_track_info(dev, idx, r);
	else
		emu_invisible_info(dev, r);
	discburn_emu_respond(sc, r, sizeof(r), emu_get_be16(&cdb[7]));
	return 0;
}

int discburn_emu_read_capacity(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	struct discburn_emu_disc *disc = dev->disc;
	u8 r[8] = { 0 };
	s32 last = 0;

	if (disc->info->overwrite) {
		if (disc->formatted)
			last = disc->capacity - 1;
	} else if (disc->nsessions) {
		struct discburn_emu_sess *s = &disc->sessions[disc->nsessions - 1];
		struct discburn_emu_track *t = &disc->tracks[s->last_track - 1];

		last = t->start + t->blocks - 1;
	} else if (disc->ntracks && !disc->info->cd) {
		last = discburn_emu_recorded_end(disc) - 1;
	}
	emu_put_be32(&r[0], max(last, 0));
	emu_put_be32(&r[4], 2048);
	discburn_emu_respond(sc, r, sizeof(r), 8);
	return 0;
}

static u32 emu_fmt_desc(u8 *p, u32 blocks, u8 byte4, u32 param)
{
	emu_put_be32(p, blocks);
	p[4] = byte4;
	emu_put_be24(&p[5], param);
	return 8;
}

int discburn_emu_read_format_capacities(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	struct discburn_emu_disc *disc = dev->disc;
	u32 cap = disc->capacity;
	u8 r[64] = { 0 };
	u32 len = 4;

	switch (disc->medium) {
	case DISCBURN_EMU_DVDPLUSRW:
		len += emu_fmt_desc(&r[len], cap, disc->formatted ? 2 : 1, 2048);
		len += emu_fmt_desc(&r[len], cap, 0x26 << 2, 0);
		break;
	case DISCBURN_EMU_BDRE:
		len += emu_fmt_desc(&r[len], cap, disc->formatted ? 2 : 1, 2048);
		len += emu_fmt_desc(&r[len], cap, 0x00 << 2, 0x3000);
		len += emu_fmt_desc(&r[len], cap, 0x30 << 2 | 2, 0x3000);
		len += emu_fmt_desc(&r[len], cap - cap / 32, 0x30 << 2 | 2, 0x5000);
		len += emu_fmt_desc(&r[len], cap, 0x31 << 2, 0x800);
		break;
	case DISCBURN_EMU_BDR:
		len += emu_fmt_desc(&r[len], cap, disc->formatted ? 2 : 1, 2048);
		if (!disc->ntracks && !disc->formatted) {
			len += emu_fmt_desc(&r[len], cap, 0x00 << 2, 0x3000);
			len += emu_fmt_desc(&r[len], cap, 0x32 << 2, 0x3000);
			len += emu_fmt_desc(&r[len], cap - cap / 32, 0x32 << 2, 0x5000);
			len += emu_fmt_desc(&r[len], cap - cap / 16, 0x32 << 2, 0x8000);
		}
		break;
	default:
		len += emu_fmt_desc(&r[len], cap, 2, 2048);
		break;
	}
	r[3] = len - 4;
	discburn_emu_respond(sc, r, len, emu_get_be16(&sc->cmnd[7]));
	return 0;
}

int discburn_emu_read_disc_structure(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	struct discburn_emu_disc *disc = dev->disc;
	u32 alloc = emu_get_be16(&cdb[8]);
	u8 fmt = cdb[7];
	u8 *r = dev->scratch;
	u32 len;

	if (disc->info->cd)
		return EMU_CANNOT_READ;
	if ((cdb[1] & 0x0f) == 1) {
		if (!disc->info->bd || fmt != 0)
			return EMU_INVALID_FIELD;
		len = 4 + 112;
		memset(r, 0, len);
		r[4] = 'D';
		r[5] = 'I';
		memcpy(&r[4 + 100], "DISCBU", 6);
		memcpy(&r[4 + 106], disc->medium == DISCBURN_EMU_BDRE ? "RE1" : "R01", 3);
	} else {
		u8 book;

		if (disc->info->bd || (fmt != 0x00 && fmt != 0x10))
			return EMU_INVALID_FIELD;
		len = 4 + 2048;
		memset(r, 0, len);
		book = disc->medium == DISCBURN_EMU_DVDR ? 0x25 :
		       disc->medium == DISCBURN_EMU_DVDPLUSR ? 0xa1 : 0x92;
		r[4] = book;
		r[5] = 0x0f;
		r[6] = disc->info->erasable ? 0x04 : 0x02;
		r[7] = 0x10;
		emu_put_be32(&r[8], 0x030000);
		emu_put_be32(&r[12], 0x030000 + disc->capacity - 1);
	}
	emu_put_be16(&r[0], len - 2);
	discburn_emu_respond(sc, r, len, alloc);
	return 0;
}

int discburn_emu_read_subchannel(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const struct discburn_emu_disc *disc = dev->disc;
	const u8 *cdb = sc->cmnd;
	u32 alloc = emu_get_be16(&cdb[7]);
	u8 r[24] = { 0 };
	u32 len = 4;

	r[1] = 0x15;
	if (cdb[2] & 0x40) {
		switch (cdb[3]) {
		case 1:
			len = 16;
			r[5] = 0x14;
			r[6] = 1;
			r[7] = 1;
			break;
		case 2:
			/* MCN: MCVAL and 13 ASCII digits, from the ADR 2 frames */
			len = 24;
			if (disc->has_mcn) {
				r[8] = 0x80;
				memcpy(&r[9], disc->mcn, sizeof(disc->mcn));
			}
			break;
		case 3: {
			/* ISRC of track cdb[6]: TCVAL and 12 characters (ADR 3) */
			const struct discburn_emu_track *t;

			if (cdb[6] < 1 || cdb[6] > discburn_emu_visible_tracks(disc))
				return EMU_INVALID_FIELD;
			t = &disc->tracks[cdb[6] - 1];
			len = 24;
			r[5] = 0x30 | (t->control & 0x0f);
			r[6] = cdb[6];
			if (t->has_isrc) {
				r[8] = 0x80;
				memcpy(&r[9], t->isrc, sizeof(t->isrc));
			}
			break;
		}
		default:
			return EMU_INVALID_FIELD;
		}
		r[4] = cdb[3];
	}
	emu_put_be16(&r[2], len - 4);
	discburn_emu_respond(sc, r, len, alloc);
	return 0;
}
