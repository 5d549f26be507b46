// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - read-back: READ(6/10/12) in the selected logical block
 * length and READ CD with header, EDC/ECC, C2 and sub-channel selection.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bcd.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/scatterlist.h>
#include <linux/string.h>
#include <scsi/scsi_cmnd.h>

#include "discburn_emu.h"

/**
 * discburn_emu_q_crc() - CRC of a Q sub-channel frame as written on disc
 * @q: 10 bytes of Q data
 *
 * Return: CRC-16 (x^16 + x^12 + x^5 + 1, initial 0) of @q, inverted.
 */
u16 discburn_emu_q_crc(const u8 *q)
{
	u16 crc = 0;
	int i, b;

	for (i = 0; i < 10; i++) {
		crc ^= q[i] << 8;
		for (b = 0; b < 8; b++)
			crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
	}
	return ~crc;
}

/* Is @lba readable? Returns the track or NULL with *sense set */
static struct discburn_emu_track *emu_readable(struct discburn_emu_dev *dev, s32 lba,
					       int *sense)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_track *t = discburn_emu_track_at(disc, lba);

	if (disc->info->overwrite && disc->formatted && lba >= 0 &&
	    lba < (s32)disc->capacity)
		return &disc->tracks[0];
	if (!t) {
		*sense = lba < discburn_emu_recorded_end(disc) && disc->info->cd ?
			 EMU_ILLEGAL_TRACK : EMU_LBA_RANGE;
		return NULL;
	}
	/*
	 * The pregap of an SAO audio track holds the audio the host sent
	 * (silence or the end of the previous song): it reads like the
	 * track, with Q index 0. TAO pregaps and data pregaps do not read.
	 */
	if (lba < t->start && t->write_type == EMU_WT_SAO && !(t->control & 0x04))
		return t;
	if (lba < t->start || lba >= t->start + (s32)t->blocks) {
		*sense = disc->info->cd ? EMU_ILLEGAL_TRACK : EMU_LBA_RANGE;
		return NULL;
	}
	return t;
}

/* corrupt_read_lba: hand out that block with every byte inverted */
static void emu_maybe_corrupt(struct discburn_emu_dev *dev, s32 lba, u8 *buf, u32 len)
{
	u32 i;

	if (dev->corrupt_read_lba != lba || !len)
		return;
	for (i = 0; i < len; i++)
		buf[i] = ~buf[i];
	dev->stats.corrupted_reads++;
}

static int emu_copy_out(struct scsi_cmnd *sc, const void *buf, u32 len, u32 off)
{
	if (off >= scsi_bufflen(sc) || sc->sc_data_direction != DMA_FROM_DEVICE)
		return 0;
	len = min(len, scsi_bufflen(sc) - off);
	return sg_pcopy_from_buffer(scsi_sglist(sc), scsi_sg_count(sc), buf, len, off);
}

static int emu_read_block(struct discburn_emu_dev *dev, s32 lba, u8 *out, u32 bl)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_track *t;
	int sense = 0;
	u8 mode;

	t = emu_readable(dev, lba, &sense);
	if (!t)
		return sense;
	if (!disc->info->cd) {
		discburn_emu_store_read(disc, lba, 0, out, 2048);
		return 0;
	}
	if (!(t->control & 0x04)) {
		if (bl != 2352)
			return EMU_ILLEGAL_TRACK;
		discburn_emu_store_read(disc, lba, 0, out, 2352);
		return 0;
	}
	switch (bl) {
	case 2048:
		discburn_emu_store_read(disc, lba, 15, &mode, 1);
		discburn_emu_store_read(disc, lba, mode == 2 ? 24 : 16, out, 2048);
		break;
	case 2336:
		discburn_emu_store_read(disc, lba, 16, out, 2336);
		break;
	case 2340:
		discburn_emu_store_read(disc, lba, 12, out, 2340);
		break;
	default:
		discburn_emu_store_read(disc, lba, 0, out, 2352);
		break;
	}
	return 0;
}

int discburn_emu_read(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	struct discburn_emu_disc *disc = dev->disc;
	u32 bl = disc->info->cd ? dev->block_len : 2048;
	s32 lba;
	u32 n, i, want, off = 0;
	int ret;

	switch (cdb[0]) {
	case 0x08:
		lba = emu_get_be24(&cdb[1]) & 0x1fffff;
		n = cdb[4] ? cdb[4] : 256;
		break;
	case 0x28:
		lba = (s32)emu_get_be32(&cdb[2]);
		n = emu_get_be16(&cdb[7]);
		break;
	default:
		lba = (s32)emu_get_be32(&cdb[2]);
		n = emu_get_be32(&cdb[6]);
		break;
	}
	if (!n)
		return 0;
	want = n;
	/*
	 * Bounded by the medium first (a real drive checks the range before
	 * it seeks), then by the data-in buffer: never loop over a disc.
	 */
	if (lba < (disc->info->cd ? -150 : 0) || lba >= (s32)disc->capacity) {
		dev->sense_info_valid = true;
		dev->sense_info = lba;
		scsi_set_resid(sc, scsi_bufflen(sc));
		return EMU_LBA_RANGE;
	}
	if ((u64)n * bl > scsi_bufflen(sc) && (s64)lba + n <= disc->capacity)
		return EMU_INVALID_FIELD;
	if (n > scsi_bufflen(sc) / bl)
		n = scsi_bufflen(sc) / bl;
	for (i = 0; i < n; i++) {
		ret = emu_read_block(dev, lba + i, dev->scratch, bl);
		if (ret) {
			scsi_set_resid(sc, scsi_bufflen(sc) - min(off, scsi_bufflen(sc)));
			dev->sense_info_valid = true;
			dev->sense_info = lba + i;
			return ret;
		}
		emu_maybe_corrupt(dev, lba + i, dev->scratch, bl);
		off += emu_copy_out(sc, dev->scratch, bl, off);
		if (!(i % 64))
			cond_resched();
	}
	scsi_set_resid(sc, scsi_bufflen(sc) - off);
	if (i < want) {
		/* the range ran past the end of the medium */
		dev->sense_info_valid = true;
		dev->sense_info = lba + i;
		return EMU_LBA_RANGE;
	}
	return 0;
}

/* Q frame of a program-area block of track @t */
static void emu_make_q(struct discburn_emu_disc *disc, struct discburn_emu_track *t,
		       s32 lba, u8 *q)
{
	u8 rel[3], abs[3];
	s32 d = lba - t->start;
	u16 crc;

	memset(q, 0, 12);
	q[0] = t->control << 4 | 1;
	q[1] = bin2bcd(t - disc->tracks + 1);
	q[2] = d < 0 ? 0 : 1;
	discburn_emu_lba_to_msf((d < 0 ? -d : d) - 150, rel);
	discburn_emu_lba_to_msf(lba, abs);
	q[3] = bin2bcd(rel[0]);
	q[4] = bin2bcd(rel[1]);
	q[5] = bin2bcd(rel[2]);
	q[7] = bin2bcd(abs[0]);
	q[8] = bin2bcd(abs[1]);
	q[9] = bin2bcd(abs[2]);
	crc = discburn_emu_q_crc(q);
	q[10] = crc >> 8;
	q[11] = crc;
}

int discburn_emu_read_cd(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	struct discburn_emu_disc *disc = dev->disc;
	u8 type = (cdb[1] >> 2) & 0x07;
	s32 lba = (s32)emu_get_be32(&cdb[2]);
	u32 n = emu_get_be24(&cdb[6]);
	u8 f = cdb[9];
	u8 sub = cdb[10] & 0x07;
	u8 *slot = dev->scratch;
	u8 *out = dev->scratch + EMU_CD_SLOT;
	u32 i, off = 0;

	if (!disc->info->cd)
		return EMU_CANNOT_READ;
	if (sub == 3 || sub > 4 || ((f >> 1) & 3) == 3)
		return EMU_INVALID_FIELD;
	if (!n)
		return 0;
	if (lba < -150 || lba >= (s32)disc->capacity) {
		dev->sense_info_valid = true;
		dev->sense_info = lba;
		scsi_set_resid(sc, scsi_bufflen(sc));
		return EMU_LBA_RANGE;
	}
	for (i = 0; i < n; i++) {
		s32 l = lba + i;
		struct discburn_emu_track *t;
		int sense = 0;
		bool audio;
		u32 len = 0;

		t = emu_readable(dev, l, &sense);
		if (!t) {
			scsi_set_resid(sc, scsi_bufflen(sc) - min(off, scsi_bufflen(sc)));
			dev->sense_info_valid = true;
			dev->sense_info = l;
			return sense;
		}
		audio = !(t->control & 0x04);
		discburn_emu_store_read(disc, l, 0, slot, EMU_CD_SLOT);
		if ((type == 1 && !audio) || (type >= 2 && audio) ||
		    (type == 2 && slot[15] == 2) || (type >= 3 && slot[15] == 1))
			return EMU_ILLEGAL_TRACK;
		if (audio) {
			if (f & 0xf8) {
				memcpy(out, slot, 2352);
				len = 2352;
			}
		} else {
			u32 user = slot[15] == 2 ? 24 : 16;

			if (f & 0x80) {
				memcpy(out + len, slot, 12);
				len += 12;
			}
			if (f & 0x20) {
				memcpy(out + len, slot + 12, 4);
				len += 4;
			}
			if ((f & 0x40) && user == 24) {
				memcpy(out + len, slot + 16, 8);
				len += 8;
			}
			if (f & 0x10) {
				memcpy(out + len, slot + user, 2048);
				len += 2048;
			}
			if (f & 0x08) {
				memcpy(out + len, slot + user + 2048, 2352 - user - 2048);
				len += 2352 - user - 2048;
			}
		}
		if ((f >> 1) & 3) {
			u32 c2 = ((f >> 1) & 3) == 1 ? 294 : 296;

			memset(out + len, 0, c2);
			len += c2;
		}
		if (sub == 2) {
			emu_make_q(disc, t, l, out + len);
			memset(out + len + 12, 0, 4);
			len += 16;
		} else if (sub) {
			u8 *s = slot + 2352;

			if (!memchr_inv(s, 0, 96)) {
				u8 q[12];
				int b;

				emu_make_q(disc, t, l, q);
				for (b = 0; b < 96; b++)
					s[b] = (q[b / 8] >> (7 - b % 8) & 1) << 6;
			}
			memcpy(out + len, s, 96);
			len += 96;
		}
		if (len && off + len > scsi_bufflen(sc)) {
			/* more blocks than the data-in buffer holds */
			scsi_set_resid(sc, scsi_bufflen(sc) - min(off, scsi_bufflen(sc)));
			return EMU_INVALID_FIELD;
		}
		emu_maybe_corrupt(dev, l, out, len);
		off += emu_copy_out(sc, out, len, off);
		if (!(i % 64))
			cond_resched();
	}
	scsi_set_resid(sc, scsi_bufflen(sc) - min(off, scsi_bufflen(sc)));
	return 0;
}
