// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * CD addressing and sub-channel, as raw CD streams carry them
 * (shared/reference/raw-cd.md §1, §3, §4; ECMA-130 §22): MSF and LBA, BCD,
 * the Q word of ADR 1 (position, lead-in TOC), 2 (MCN) and 3 (ISRC) with
 * its CRC, the P flag of the lead-out, and the 16- and 96-byte sub-channel
 * forms of the three sector types. Pure: no I/O, no allocation.
 */
#include <string.h>

#include "internal.h"

uint8_t discburn_bcd(unsigned int v)
{
	return (uint8_t)((v / 10 % 10) << 4 | v % 10);
}

/**
 * discburn_msf_to_lba() - absolute M:S:F (binary) to an LBA
 * @m: minutes, 0..99; 90 and above are the lead-in below LBA -150
 * @s: seconds
 * @f: frames
 *
 * Return: the LBA (00:02:00 is 0, 95:00:00 is -22650).
 */
int32_t discburn_msf_to_lba(unsigned int m, unsigned int s, unsigned int f)
{
	int32_t a = (int32_t)((m * 60 + s) * 75 + f);

	return m >= 90 ? a - 450150 : a - 150;
}

/**
 * discburn_lba_to_msf() - an LBA to absolute M:S:F, binary
 * @lba: -45150 .. 404849
 * @msf: out: minutes, seconds, frames
 */
void discburn_lba_to_msf(int32_t lba, uint8_t msf[3])
{
	uint32_t n = (uint32_t)(lba >= -150 ? lba + 150 : lba + 450150);

	msf[0] = (uint8_t)(n / 4500);
	msf[1] = (uint8_t)(n % 4500 / 75);
	msf[2] = (uint8_t)(n % 75);
}

/* A count of sectors as M:S:F in BCD (relative times) */
static void count_to_msf_bcd(uint32_t n, uint8_t *msf)
{
	msf[0] = discburn_bcd(n / 4500);
	msf[1] = discburn_bcd(n % 4500 / 75);
	msf[2] = discburn_bcd(n % 75);
}

/** discburn_lba_to_msf_bcd() - absolute time of @lba in BCD, as Q and headers carry it */
void discburn_lba_to_msf_bcd(int32_t lba, uint8_t msf[3])
{
	count_to_msf_bcd((uint32_t)(lba >= -150 ? lba + 150 : lba + 450150), msf);
}

/**
 * discburn_crc16() - CRC-16/CCITT: x^16 + x^12 + x^5 + 1, preset 0, MSB first
 * @p: bytes
 * @n: how many
 *
 * Return: the CRC, not inverted (Q and CD-TEXT store its complement).
 */
uint16_t discburn_crc16(const uint8_t *p, size_t n)
{
	uint16_t crc = 0;
	size_t i;
	int b;

	for (i = 0; i < n; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (b = 0; b < 8; b++)
			crc = crc & 0x8000 ? (uint16_t)(crc << 1 ^ 0x1021) : (uint16_t)(crc << 1);
	}
	return crc;
}

/** discburn_q_crc() - store the inverted CRC of bytes 0-9 in bytes 10-11 */
void discburn_q_crc(uint8_t q[12])
{
	uint16_t crc = (uint16_t)~discburn_crc16(q, 10);

	q[10] = (uint8_t)(crc >> 8);
	q[11] = (uint8_t)crc;
}

/** discburn_q_crc_ok() - whether bytes 10-11 hold the inverted CRC of 0-9 */
bool discburn_q_crc_ok(const uint8_t q[12])
{
	uint16_t crc = (uint16_t)~discburn_crc16(q, 10);

	return q[10] == (uint8_t)(crc >> 8) && q[11] == (uint8_t)crc;
}

/**
 * discburn_q_position() - an ADR 1 frame of the program area or lead-out
 * @q: out: the 12 bytes, CRC included
 * @control: CONTROL nibble (0x0 audio, 0x2 copy permitted, 0x1
 *	pre-emphasis, 0x4 data)
 * @tno: track number 1..99, or 0xAA for the lead-out
 * @index: 0 (pause) .. 99
 * @rel: relative time in sectors (in a pause: sectors left to index 1,
 *	minus one, so that the pause counts down to 00:00:00)
 * @lba: the sector's address (absolute time)
 */
void discburn_q_position(uint8_t q[12], uint8_t control, unsigned int tno,
			 unsigned int index, uint32_t rel, int32_t lba)
{
	memset(q, 0, 12);
	q[0] = (uint8_t)(control << 4 | 1);
	q[1] = tno == 0xAA ? 0xAA : discburn_bcd(tno);
	q[2] = discburn_bcd(index);
	count_to_msf_bcd(rel, &q[3]);
	discburn_lba_to_msf_bcd(lba, &q[7]);
	discburn_q_crc(q);
}

/**
 * discburn_q_toc() - an ADR 1 frame of the lead-in: one TOC entry
 * @q: out
 * @control: CONTROL of the track the entry describes
 * @point: 01..99 as a track number, or 0xA0, 0xA1, 0xA2
 * @lba: the lead-in sector carrying it (its absolute time goes in 3-5)
 * @pmsf: bytes 7-9 as they are stored (BCD time, or A0's track/disc type)
 */
void discburn_q_toc(uint8_t q[12], uint8_t control, unsigned int point, int32_t lba,
		    const uint8_t pmsf[3])
{
	memset(q, 0, 12);
	q[0] = (uint8_t)(control << 4 | 1);
	q[1] = 0;
	q[2] = point >= 0xA0 ? (uint8_t)point : discburn_bcd(point);
	discburn_lba_to_msf_bcd(lba, &q[3]);
	memcpy(&q[7], pmsf, 3);
	discburn_q_crc(q);
}

/**
 * discburn_mcn_normalize() - check a Media Catalog Number (UPC/EAN)
 * @in: up to 13 decimal digits (leading zeros may be left out), with a
 *	valid EAN-13 check digit last
 * @out: out: the 13 digits, NUL-terminated
 *
 * Return: true if valid.
 */
bool discburn_mcn_normalize(const char *in, char out[14])
{
	size_t len = in ? strlen(in) : 0, i;
	unsigned int sum = 0;

	if (!len || len > 13)
		return false;
	for (i = 0; i < len; i++)
		if (in[i] < '0' || in[i] > '9')
			return false;
	memset(out, '0', 13 - len);
	memcpy(out + 13 - len, in, len);
	out[13] = '\0';
	for (i = 0; i < 12; i++)
		sum += (unsigned int)(out[i] - '0') * (i % 2 ? 3 : 1);
	return (unsigned int)(out[12] - '0') == (10 - sum % 10) % 10;
}

/**
 * discburn_isrc_normalize() - check an ISRC
 * @in: "CC-OOO-YY-NNNNN" or "CCOOOYYNNNNN": country (2 letters), owner
 *	(3 letters or digits), year and serial (7 digits); dashes optional,
 *	lower case taken
 * @out: out: the 12 characters, upper case, NUL-terminated
 *
 * Return: true if valid.
 */
bool discburn_isrc_normalize(const char *in, char out[13])
{
	size_t n = 0;
	const char *p;

	if (!in)
		return false;
	for (p = in; *p; p++) {
		char c = *p;

		if (c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (n >= 12)
			return false;
		if (n < 2 ? !(c >= 'A' && c <= 'Z') :
		    n < 5 ? !((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) :
		    !(c >= '0' && c <= '9'))
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == 12;
}

/**
 * discburn_q_mcn() - an ADR 2 frame
 * @q: out
 * @control: the track's CONTROL
 * @mcn: 13 digits (discburn_mcn_normalize())
 * @lba: the sector (its absolute frame goes in byte 9)
 */
void discburn_q_mcn(uint8_t q[12], uint8_t control, const char *mcn, int32_t lba)
{
	uint8_t msf[3];
	int i;

	memset(q, 0, 12);
	q[0] = (uint8_t)(control << 4 | 2);
	for (i = 0; i < 6; i++)
		q[1 + i] = (uint8_t)((mcn[2 * i] - '0') << 4 | (mcn[2 * i + 1] - '0'));
	q[7] = (uint8_t)((mcn[12] - '0') << 4);
	discburn_lba_to_msf_bcd(lba, msf);
	q[9] = msf[2];
	discburn_q_crc(q);
}

/* ISRC's 6-bit code: '0'-'9' 0x00-0x09, 'A'-'Z' 0x11-0x2A */
static uint8_t isrc_code(char c)
{
	return (uint8_t)(c <= '9' ? c - '0' : c - 'A' + 0x11);
}

/**
 * discburn_q_isrc() - an ADR 3 frame
 * @q: out
 * @control: the track's CONTROL
 * @isrc: 12 characters (discburn_isrc_normalize())
 * @lba: the sector
 */
void discburn_q_isrc(uint8_t q[12], uint8_t control, const char *isrc, int32_t lba)
{
	uint32_t bits = 0;
	uint8_t msf[3];
	int i;

	memset(q, 0, 12);
	q[0] = (uint8_t)(control << 4 | 3);
	for (i = 0; i < 5; i++)
		bits = bits << 6 | isrc_code(isrc[i]);
	bits <<= 2;
	q[1] = (uint8_t)(bits >> 24);
	q[2] = (uint8_t)(bits >> 16);
	q[3] = (uint8_t)(bits >> 8);
	q[4] = (uint8_t)bits;
	q[5] = (uint8_t)((isrc[5] - '0') << 4 | (isrc[6] - '0'));
	q[6] = (uint8_t)((isrc[7] - '0') << 4 | (isrc[8] - '0'));
	q[7] = (uint8_t)((isrc[9] - '0') << 4 | (isrc[10] - '0'));
	q[8] = (uint8_t)((isrc[11] - '0') << 4);
	discburn_lba_to_msf_bcd(lba, msf);
	q[9] = msf[2];
	discburn_q_crc(q);
}

/**
 * discburn_p_leadout() - the P flag of a lead-out sector
 * @rel: sectors since the lead-out start
 *
 * On for the first sector (the end of the pause flag that covered the
 * last two seconds of the program area), off for 150 sectors, then a
 * 2 Hz square wave: 19 sectors on, 19 off (raw-cd.md §3).
 */
bool discburn_p_leadout(uint32_t rel)
{
	if (rel == 0)
		return true;
	if (rel <= 150)
		return false;
	return (rel - 151) / 19 % 2 == 0;
}

/**
 * discburn_subcode_pw() - a sector's 96 bytes of P-W sub-channel
 * @out: out
 * @p: the P flag for the whole sector
 * @q: the 12-byte Q word; bit 6 of byte 8k+j carries bit 7-j of q[k]
 * @rw: 96 six-bit symbols for bits 5-0 (R is bit 5), or NULL for zeros
 */
void discburn_subcode_pw(uint8_t out[96], bool p, const uint8_t q[12], const uint8_t *rw)
{
	int i;

	for (i = 0; i < 96; i++)
		out[i] = (uint8_t)((p ? 0x80 : 0) | ((q[i / 8] >> (7 - i % 8)) & 1) << 6 |
				   (rw ? rw[i] & 0x3f : 0));
}

/**
 * discburn_subcode_pq16() - the 16-byte P-Q block of data block type 1
 * @out: out: Q bytes 0-11 (the CRC as on the disc, inverted), 12-14 zero,
 *	bit 7 of byte 15 the P flag
 * @p: the P flag
 * @q: the Q word
 */
void discburn_subcode_pq16(uint8_t out[16], bool p, const uint8_t q[12])
{
	memcpy(out, q, 12);
	memset(out + 12, 0, 4);
	out[15] = p ? 0x80 : 0;
}

/** discburn_subcode_q_of_pw() - gather the Q word back from 96 bytes of P-W */
void discburn_subcode_q_of_pw(const uint8_t pw[96], uint8_t q[12])
{
	int i;

	memset(q, 0, 12);
	for (i = 0; i < 96; i++)
		q[i / 8] |= (uint8_t)(((pw[i] >> 6) & 1) << (7 - i % 8));
}

/**
 * discburn_pack_symbols() - one 18-byte R-W pack as 24 six-bit symbols
 * @pack: the pack (a CD-TEXT pack with its CRC)
 * @sym: out: every 3 bytes a b c become a>>2, (a&3)<<4|b>>4, (b&15)<<2|c>>6, c&63
 */
void discburn_pack_symbols(const uint8_t pack[18], uint8_t sym[24])
{
	int i;

	for (i = 0; i < 6; i++) {
		const uint8_t *b = pack + 3 * i;

		sym[4 * i] = b[0] >> 2;
		sym[4 * i + 1] = (uint8_t)((b[0] & 3) << 4 | b[1] >> 4);
		sym[4 * i + 2] = (uint8_t)((b[1] & 15) << 2 | b[2] >> 6);
		sym[4 * i + 3] = b[2] & 63;
	}
}
