// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * CD-ROM data sectors as a raw stream carries them (ECMA-130 §14, annexes
 * A and B; shared/reference/raw-cd.md §2.4, §6): sync, header, sub-header,
 * EDC (CRC-32), ECC (RSPC, Reed-Solomon product code over GF(2^8)) and the
 * scrambler, for Mode 1 and Mode 2 Form 1 and Form 2. In RAW the drive
 * adds none of it. Pure: tables are computed once, on first use.
 */
#include <pthread.h>
#include <string.h>

#include "internal.h"

#define SCRAMBLED	2340	/* bytes 12..2351 */

static uint8_t scramble_seq[SCRAMBLED];
static uint32_t edc_table[256];
static uint8_t gf_exp[512], gf_log[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void tables_init(void)
{
	uint16_t reg = 1;
	unsigned int i, x;
	int b;

	/* x^15 + x + 1, preset 1, output bit 0 first, bytes filled LSB first */
	for (i = 0; i < SCRAMBLED; i++) {
		uint8_t v = 0;

		for (b = 0; b < 8; b++) {
			uint16_t fb = (reg ^ (reg >> 1)) & 1;

			v |= (uint8_t)((reg & 1) << b);
			reg = (uint16_t)(reg >> 1 | fb << 14);
		}
		scramble_seq[i] = v;
	}
	/* EDC: (x^16+x^15+x^2+1)(x^16+x^2+x+1), reflected: 0xD8018001 */
	for (i = 0; i < 256; i++) {
		uint32_t c = i;

		for (b = 0; b < 8; b++)
			c = c & 1 ? c >> 1 ^ 0xD8018001U : c >> 1;
		edc_table[i] = c;
	}
	/* GF(2^8), x^8 + x^4 + x^3 + x^2 + 1, alpha = 2 */
	x = 1;
	for (i = 0; i < 255; i++) {
		gf_exp[i] = (uint8_t)x;
		gf_log[x] = (uint8_t)i;
		x <<= 1;
		if (x & 0x100)
			x ^= 0x11D;
	}
	for (i = 255; i < 512; i++)
		gf_exp[i] = gf_exp[i - 255];
}

static void tables(void)
{
	pthread_once(&tables_once, tables_init);
}

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
	return a && b ? gf_exp[gf_log[a] + gf_log[b]] : 0;
}

static uint8_t gf_div(uint8_t a, uint8_t b)
{
	return a ? gf_exp[gf_log[a] + 255 - gf_log[b]] : 0;
}

/** discburn_scramble() - XOR the ECMA-130 annex B sequence over bytes 12-2351 */
void discburn_scramble(uint8_t sector[DISCBURN_RAW_MAIN])
{
	int i;

	tables();
	for (i = 0; i < SCRAMBLED; i++)
		sector[12 + i] ^= scramble_seq[i];
}

/**
 * discburn_edc() - the EDC of @n bytes: reflected CRC-32 with polynomial
 * 0xD8018001, preset 0, no final XOR; stored least significant byte first
 */
uint32_t discburn_edc(const uint8_t *p, size_t n)
{
	uint32_t crc = 0;
	size_t i;

	tables();
	for (i = 0; i < n; i++)
		crc = crc >> 8 ^ edc_table[(crc ^ p[i]) & 0xFF];
	return crc;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/*
 * Two parity symbols for one codeword v[0..n-3] (stride @step bytes apart
 * through @at[]) so that sum v_i = 0 and sum alpha^(n-1-i) v_i = 0.
 */
static void rs_parity(uint8_t *s, const int *at, int n)
{
	uint8_t sum = 0, h = 0, p1;
	int i;

	for (i = 0; i < n - 2; i++) {
		sum ^= s[at[i]];
		h = (uint8_t)(gf_mul(h, 2) ^ s[at[i]]);
	}
	h = gf_mul(gf_mul(h, 2), 2);		/* weights alpha^(n-1-i) */
	p1 = gf_div(h ^ gf_mul(sum, 2), 3);
	s[at[n - 1]] = p1;
	s[at[n - 2]] = sum ^ p1;
}

/**
 * discburn_ecc() - the P and Q parity (RSPC) of bytes 12-2351
 * @sector: bytes 12..2075 filled (header, data, EDC, zeros); 2076-2351
 *	are written
 *
 * Bytes 12..2351 are 1170 sixteen-bit words, the low and high byte planes
 * coded alike: P over 43 columns of 24 words (RS(26,24)), then Q over 26
 * diagonals of 43 words, P parity included (RS(45,43)).
 */
void discburn_ecc(uint8_t sector[DISCBURN_RAW_MAIN])
{
	int at[45];
	int plane, c, r, d, m;

	tables();
	for (plane = 0; plane < 2; plane++) {
		for (c = 0; c < 43; c++) {
			for (r = 0; r < 26; r++)
				at[r] = 12 + 2 * (43 * r + c) + plane;
			rs_parity(sector, at, 26);
		}
		for (d = 0; d < 26; d++) {
			for (m = 0; m < 43; m++)
				at[m] = 12 + 2 * ((44 * m + 43 * d) % 1118) + plane;
			at[43] = 12 + 2 * (1118 + d) + plane;
			at[44] = 12 + 2 * (1144 + d) + plane;
			rs_parity(sector, at, 45);
		}
	}
}

static const uint8_t sync_pattern[12] = {
	0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00
};

/** discburn_sector_header() - sync and header: BCD MSF of @lba, then @mode */
void discburn_sector_header(uint8_t sector[DISCBURN_RAW_MAIN], int32_t lba, uint8_t mode)
{
	memcpy(sector, sync_pattern, 12);
	discburn_lba_to_msf_bcd(lba, sector + 12);
	sector[15] = mode;
}

/**
 * discburn_sector_data() - a complete data sector, scrambled unless asked not
 * @sector: out: 2352 bytes
 * @lba: its address (header)
 * @kind: DISCBURN_SECTOR_MODE1, _MODE2_FORM1 or _MODE2_FORM2
 * @user: 2048 (Mode 1, Form 1) or 2324 (Form 2) bytes, or NULL for zeros
 * @subheader: Mode 2's file, channel, submode, coding (stored twice); the
 *	form bit 0x20 of submode is set or cleared by @kind. NULL: 0, 0,
 *	data (0x08), 0.
 * @scramble: false leaves it descrambled (as a reader returns it)
 */
void discburn_sector_data(uint8_t sector[DISCBURN_RAW_MAIN], int32_t lba, unsigned int kind,
			  const uint8_t *user, const uint8_t *subheader, bool scramble)
{
	uint8_t sh[4] = { 0, 0, 0x08, 0 };

	memset(sector, 0, DISCBURN_RAW_MAIN);
	if (kind == DISCBURN_SECTOR_MODE1) {
		discburn_sector_header(sector, lba, 1);
		if (user)
			memcpy(sector + 16, user, 2048);
		put_le32(sector + 2064, discburn_edc(sector, 2064));
		discburn_ecc(sector);
	} else {
		discburn_sector_header(sector, lba, 2);
		if (subheader)
			memcpy(sh, subheader, 4);
		if (kind == DISCBURN_SECTOR_MODE2_FORM2)
			sh[2] |= 0x20;
		else
			sh[2] &= (uint8_t)~0x20;
		memcpy(sector + 16, sh, 4);
		memcpy(sector + 20, sh, 4);
		if (kind == DISCBURN_SECTOR_MODE2_FORM2) {
			if (user)
				memcpy(sector + 24, user, 2324);
			put_le32(sector + 2348, discburn_edc(sector + 16, 2332));
		} else {
			uint8_t hdr[4];

			if (user)
				memcpy(sector + 24, user, 2048);
			put_le32(sector + 2072, discburn_edc(sector + 16, 2056));
			/* the parity is computed as if the header were zero */
			memcpy(hdr, sector + 12, 4);
			memset(sector + 12, 0, 4);
			discburn_ecc(sector);
			memcpy(sector + 12, hdr, 4);
		}
	}
	if (scramble)
		discburn_scramble(sector);
}
