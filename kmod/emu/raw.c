// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - CD RAW recording (page 05 write type 3, data block types
 * 1, 2 and 3). The host sends every block from the lead-in at a negative
 * LBA to the end of the lead-out, 2352 bytes of main channel plus 16 bytes
 * of P-Q or 96 bytes of P-W sub-channel each. The drive keeps the program
 * area and builds the TOC from the Q frames of the lead-in only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bcd.h>
#include <linux/bitmap.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "discburn_emu.h"

#define EMU_SCRAMBLED	2340	/* bytes 12..2351 of a data sector */

/* ECMA-130 annex B scrambler sequence, XORed over a data sector */
static u8 emu_scramble[EMU_SCRAMBLED];

/**
 * discburn_emu_raw_init() - compute the scrambler sequence
 *
 * A 15-bit shift register with feedback x^15 + x + 1, preset to 1; each
 * step outputs its lowest bit, filling bytes from the least significant
 * bit up.
 */
void discburn_emu_raw_init(void)
{
	u16 reg = 1;
	int i, b;

	for (i = 0; i < EMU_SCRAMBLED; i++) {
		u8 v = 0;

		for (b = 0; b < 8; b++) {
			u16 fb = (reg ^ (reg >> 1)) & 1;

			v |= (reg & 1) << b;
			reg = (reg >> 1) | (fb << 14);
		}
		emu_scramble[i] = v;
	}
}

static void emu_descramble(u8 *sector)
{
	int i;

	for (i = 0; i < EMU_SCRAMBLED; i++)
		sector[12 + i] ^= emu_scramble[i];
}

/* Q frame (12 bytes) and a 96-byte raw P-W copy of a block's sub-channel */
static void emu_raw_subchannel(const u8 *sub, u32 size, u8 *q, u8 *pw)
{
	int b;

	if (size == 2368) {
		/* block type 1: Q in bytes 0-11, P in bit 7 of byte 15 */
		memcpy(q, sub, 12);
		for (b = 0; b < 96; b++)
			pw[b] = (sub[15] & 0x80) | ((q[b / 8] >> (7 - b % 8)) & 1) << 6;
		return;
	}
	memset(q, 0, 12);
	for (b = 0; b < 96; b++)
		q[b / 8] |= ((sub[b] >> 6) & 1) << (7 - b % 8);
	memcpy(pw, sub, 96);
}

/* Tools send the CRC inverted (96-byte formats) or not (16-byte ones) */
static bool emu_q_valid(const u8 *q)
{
	u16 crc = discburn_emu_q_crc(q);
	u16 got = q[10] << 8 | q[11];

	return got == crc || got == (u16)~crc;
}

static bool emu_bcd(u8 v, u8 *out)
{
	if ((v >> 4) > 9 || (v & 0x0f) > 9)
		return false;
	*out = bcd2bin(v);
	return true;
}

static bool emu_q_pmsf(const u8 *q, s32 *lba)
{
	u8 m, s, f;

	if (!emu_bcd(q[7], &m) || !emu_bcd(q[8], &s) || !emu_bcd(q[9], &f) ||
	    s >= 60 || f >= 75)
		return false;
	*lba = discburn_emu_msf_to_lba(m, s, f);
	return true;
}

/* One lead-in Q frame (TNO 0): a pointer of the session's TOC */
static void emu_raw_leadin_q(struct discburn_emu_raw *raw, const u8 *q)
{
	u8 adr = q[0] & 0x0f;
	u8 point = q[2];
	u8 tno;
	s32 lba;

	if (adr == 5) {
		if (point == 0xb0)
			raw->have_b0 = true;
		return;
	}
	if (adr != 1)
		return;
	switch (point) {
	case 0xa0:
		if (emu_bcd(q[7], &tno)) {
			raw->first = tno;
			raw->disc_type = q[8];
			raw->have_a0 = true;
		}
		return;
	case 0xa1:
		if (emu_bcd(q[7], &tno)) {
			raw->last = tno;
			raw->have_a1 = true;
		}
		return;
	case 0xa2:
		if (emu_q_pmsf(q, &lba)) {
			raw->leadout = lba;
			raw->have_a2 = true;
		}
		return;
	}
	if (!emu_bcd(point, &tno) || tno < 1 || tno > EMU_MAX_TRACKS || !emu_q_pmsf(q, &lba))
		return;
	raw->start[tno] = lba;
	raw->control[tno] = q[0] >> 4;
	__set_bit(tno, raw->seen);
}

/* The lead-in TOC's track containing @lba, 0 if none */
static int emu_raw_toc_track(const struct discburn_emu_raw *raw, s32 lba)
{
	int k, tno = 0;

	for (k = 1; k <= EMU_MAX_TRACKS; k++)
		if (test_bit(k, raw->seen) && raw->start[k] <= lba)
			tno = k;
	return tno;
}

/* CONTROL of the lead-in TOC's track containing @lba, 0 (audio) if none */
static u8 emu_raw_toc_control(const struct discburn_emu_raw *raw, s32 lba)
{
	int tno = emu_raw_toc_track(raw, lba);

	return tno ? raw->control[tno] : 0;
}

/* @n BCD digits from the nibbles of @q starting at byte 1, as ASCII */
static bool emu_q_digits(const u8 *q, int first, int n, char *out)
{
	int i;

	for (i = 0; i < n; i++) {
		int nib = first + i;
		u8 d = q[1 + nib / 2] >> (nib % 2 ? 0 : 4) & 0x0f;

		if (d > 9)
			return false;
		out[i] = '0' + d;
	}
	return true;
}

/* ADR 2: N1..N13 in bytes 1-7 */
static void emu_raw_mcn(struct discburn_emu_raw *raw, const u8 *q)
{
	char mcn[13];

	if (!emu_q_digits(q, 0, 13, mcn))
		return;
	memcpy(raw->mcn, mcn, sizeof(mcn));
	raw->have_mcn = true;
}

/* ADR 3: five 6-bit characters in bytes 1-4, seven BCD digits after them */
static void emu_raw_isrc(struct discburn_emu_raw *raw, const u8 *q, s32 lba)
{
	u32 bits = q[1] << 24 | q[2] << 16 | q[3] << 8 | q[4];
	int tno = emu_raw_toc_track(raw, lba);
	char isrc[12];
	int i;

	if (!tno)
		return;
	for (i = 0; i < 5; i++) {
		u8 c = bits >> (26 - 6 * i) & 0x3f;

		if (c <= 9)
			isrc[i] = '0' + c;
		else if (c >= 0x11 && c <= 0x2a)
			isrc[i] = 'A' + c - 0x11;
		else
			return;
	}
	if (!emu_q_digits(q, 8, 7, &isrc[5]))
		return;
	memcpy(raw->isrc[tno], isrc, sizeof(isrc));
	__set_bit(tno, raw->isrc_seen);
}

/* CRC-16 of a CD-TEXT pack's bytes 0-15, inverted as on disc */
static bool emu_cdtext_crc_ok(const u8 *p)
{
	u16 crc = 0;
	int i, b;

	for (i = 0; i < 16; i++) {
		crc ^= p[i] << 8;
		for (b = 0; b < 8; b++)
			crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
	}
	return (u16)~crc == (p[16] << 8 | p[17]);
}

/*
 * A lead-in block's R-W (bits 5-0 of the 96 sub-channel bytes) holds four
 * CD-TEXT packs of 24 six-bit symbols; keep those whose CRC matches, once
 * per (block, sequence number). The lead-in repeats them cyclically.
 */
static void emu_raw_leadin_cdtext(struct discburn_emu_disc *disc, const u8 *sub)
{
	struct discburn_emu_cdtext *ct = disc->cdtext_rx;
	int k, i;

	for (k = 0; k < 4; k++) {
		const u8 *sym = &sub[k * 24];
		u8 p[18];
		u32 idx;

		for (i = 0; i < 6; i++) {
			u32 v = (sym[4 * i] & 0x3f) << 18 | (sym[4 * i + 1] & 0x3f) << 12 |
				(sym[4 * i + 2] & 0x3f) << 6 | (sym[4 * i + 3] & 0x3f);

			p[3 * i] = v >> 16;
			p[3 * i + 1] = v >> 8;
			p[3 * i + 2] = v;
		}
		if (p[0] < 0x80 || p[0] > 0x8f || !emu_cdtext_crc_ok(p))
			continue;
		if (!ct) {
			ct = kvzalloc(sizeof(*ct), GFP_NOIO);
			if (!ct)
				return;	/* the text is lost, the session is not */
			disc->cdtext_rx = ct;
		}
		idx = ((p[3] >> 4) & 0x07) << 8 | p[2];
		if (__test_and_set_bit(idx, ct->seen))
			continue;
		memcpy(ct->pack[idx], p, sizeof(p));
	}
}

void discburn_emu_cdtext_free(struct discburn_emu_disc *disc)
{
	kvfree(disc->cdtext);
	disc->cdtext = NULL;
	kvfree(disc->cdtext_rx);
	disc->cdtext_rx = NULL;
}

static int emu_raw_block(struct discburn_emu_dev *dev, s32 lba, u8 *blk, u32 size)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_raw *raw = &disc->raw;
	bool valid;
	u8 q[12], pw[96];
	u8 ctl;
	int ret;

	emu_raw_subchannel(blk + 2352, size, q, pw);
	valid = emu_q_valid(q);
	if (lba < raw->program - 150) {
		/* lead-in: only its Q matters, its main channel is not kept */
		if (valid && q[1] == 0)
			emu_raw_leadin_q(raw, q);
		if (size == 2448 && !disc->nsessions)
			emu_raw_leadin_cdtext(disc, blk + 2352);
		return 0;
	}
	if (valid && (q[0] & 0x0f) == 1 && q[1] == 0xaa)
		return 0;	/* lead-out */
	if (raw->have_a2 && lba >= raw->leadout)
		return 0;
	if (lba >= (s32)disc->capacity)
		return EMU_LBA_RANGE;
	if (valid && (q[0] & 0x0f) == 2)
		emu_raw_mcn(raw, q);
	else if (valid && (q[0] & 0x0f) == 3)
		emu_raw_isrc(raw, q, lba);
	/* MCN and ISRC frames may carry CONTROL 0 (wodim): trust ADR 1 only */
	if (valid && (q[0] & 0x0f) == 1)
		ctl = q[0] >> 4;
	else
		ctl = emu_raw_toc_control(raw, lba);
	if (disc->sim)
		return 0;
	if (ctl & 0x04)
		emu_descramble(blk);
	ret = discburn_emu_store_write(disc, dev->store_checksum, lba, 0, blk, 2352);
	ret = ret ?: discburn_emu_store_write(disc, dev->store_checksum, lba, 2352, pw, 96);
	return ret ? EMU_SENSE(3, 0x0c, 0) : 0;
}

/**
 * discburn_emu_raw_write() - a WRITE in RAW mode
 * @dev: the drive, lock held
 * @lba: first block
 * @n: number of blocks
 * @size: bytes per block (2368 or 2448, as page 05's block type says)
 * @data: the blocks; data sectors are descrambled in place
 *
 * The first WRITE of a session starts in its lead-in; later ones follow
 * contiguously through pregap, program area and lead-out.
 *
 * Return: 0 or a sense code.
 */
int discburn_emu_raw_write(struct discburn_emu_dev *dev, s32 lba, u32 n, u32 size, u8 *data)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_raw *raw = &disc->raw;
	u8 bt = dev->page5[4] & 0x0f;
	u32 i;
	int ret;

	if ((dev->page5[2] & 0x0f) != EMU_WT_RAW)
		return EMU_SEQ_ERROR;
	if (size != (bt == 1 ? 2368 : 2448))
		return EMU_INVALID_FIELD;
	if (!raw->active) {
		s32 leadin = discburn_emu_next_leadin(disc);
		s32 program = disc->nsessions ? leadin + 4500 + 150 : 0;

		if (disc->cue.active || discburn_emu_open_track(disc) ||
		    discburn_emu_open_session(disc))
			return EMU_SEQ_ERROR;
		if (lba < leadin || lba > program - 4500)
			return EMU_BAD_WRITE_ADDR;
		memset(raw, 0, sizeof(*raw));
		kvfree(disc->cdtext_rx);
		disc->cdtext_rx = NULL;
		raw->active = true;
		raw->leadin = lba;
		raw->program = program;
		raw->next = lba;
	}
	if (raw->damaged)
		return EMU_LOSS_OF_STREAMING;
	if (lba != raw->next)
		return EMU_BAD_WRITE_ADDR;
	if ((s64)lba + n > (s64)disc->capacity + EMU_LEADOUT_FIRST)
		return EMU_LBA_RANGE;
	for (i = 0; i < n; i++) {
		ret = emu_raw_block(dev, lba + i, data + i * size, size);
		if (ret)
			return ret;
		raw->next = lba + i + 1;
	}
	return 0;
}

/* Does the lead-in describe a session that can follow the disc's tracks? */
static bool emu_raw_toc_ok(const struct discburn_emu_disc *disc,
			   const struct discburn_emu_raw *raw)
{
	s32 prev;
	int k;

	if (!raw->have_a0 || !raw->have_a1 || !raw->have_a2)
		return false;
	if (raw->first != disc->ntracks + 1 || raw->last < raw->first ||
	    raw->last > EMU_MAX_TRACKS)
		return false;
	prev = raw->program - 1;
	for (k = raw->first; k <= raw->last; k++) {
		if (!test_bit(k, raw->seen) || raw->start[k] <= prev)
			return false;
		prev = raw->start[k];
	}
	return raw->leadout > prev && raw->leadout <= raw->next &&
	       raw->leadout <= (s32)disc->capacity;
}

/**
 * discburn_emu_raw_complete() - end a RAW session (SYNCHRONIZE CACHE)
 * @dev: the drive, lock held
 *
 * Tracks, lead-out and disc type come from the lead-in's Q pointers, the
 * session stays appendable when the lead-in carried a B0 pointer.
 *
 * Return: 0, or 03/72/01 when the lead-in held no usable TOC (nothing
 * becomes readable).
 */
int discburn_emu_raw_complete(struct discburn_emu_dev *dev)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_raw *raw = &disc->raw;
	struct discburn_emu_sess *s;
	int k;

	if (!raw->active)
		return 0;
	raw->active = false;
	if (raw->damaged || !emu_raw_toc_ok(disc, raw)) {
		kvfree(disc->cdtext_rx);
		disc->cdtext_rx = NULL;
	}
	if (raw->damaged) {
		/* the session was ruined by an underrun: nothing readable */
		discburn_emu_sim_end(dev);
		return EMU_LOSS_OF_STREAMING;
	}
	if (!emu_raw_toc_ok(disc, raw))
		return EMU_SENSE(3, 0x72, 1);
	for (k = raw->first; k <= raw->last; k++) {
		struct discburn_emu_track *t = &disc->tracks[disc->ntracks++];
		s32 end = k < raw->last ? raw->start[k + 1] : raw->leadout;
		u8 mode = 1;

		memset(t, 0, sizeof(*t));
		t->session = disc->nsessions + 1;
		t->start = raw->start[k];
		t->pregap = k == raw->first ? raw->program - 150 : t->start;
		t->blocks = end - t->start;
		t->control = raw->control[k] & 0x0f;
		t->write_type = EMU_WT_RAW;
		if (!(t->control & 0x04))
			mode = 0x0f;
		else if (!dev->store_checksum && !disc->sim)
			discburn_emu_store_read(disc, t->start, 15, &mode, 1);
		t->data_mode = mode == 2 ? 2 : mode == 0x0f ? 0x0f : 1;
		t->has_isrc = test_bit(k, raw->isrc_seen);
		memcpy(t->isrc, raw->isrc[k], sizeof(t->isrc));
		dev->stats.tracks++;
	}
	s = &disc->sessions[disc->nsessions++];
	s->first_track = raw->first;
	s->last_track = raw->last;
	s->leadout = raw->leadout;
	s->disc_type = raw->disc_type;
	if (!disc->sim && disc->nsessions == 1) {
		/* READ TOC format 5 serves the first session's lead-in text */
		swap(disc->cdtext, disc->cdtext_rx);
	}
	kvfree(disc->cdtext_rx);
	disc->cdtext_rx = NULL;
	if (raw->have_mcn && !disc->has_mcn) {
		disc->has_mcn = true;
		memcpy(disc->mcn, raw->mcn, sizeof(disc->mcn));
	}
	disc->finalized = !raw->have_b0 || disc->ntracks >= EMU_MAX_TRACKS;
	dev->stats.sessions++;
	discburn_emu_media_changed(dev);
	discburn_emu_sim_end(dev);
	return 0;
}
