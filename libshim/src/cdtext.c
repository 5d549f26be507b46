// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * CD-TEXT packs (MMC-3 annex J; shared/reference/raw-cd.md §7): the
 * 18-byte packs of one block (one language) of text types 80h-85h
 * (title, performer, songwriter, composer, arranger, message) and 8Eh
 * (UPC/EAN and ISRC), closed by the three 8Fh size-information packs, each
 * with its CRC; and the UTF-8 to ISO 8859-1 conversion the text needs.
 * Pure: no I/O.
 */
#include <string.h>

#include "internal.h"

/* One pack: header, 12 payload bytes, CRC */
static void pack_put(uint8_t *pk, uint8_t type, uint8_t track, uint8_t seq, uint8_t blk,
		     uint8_t pos, const uint8_t *payload)
{
	uint16_t crc;

	pk[0] = type;
	pk[1] = track;
	pk[2] = seq;
	pk[3] = (uint8_t)((blk & 7) << 4 | (pos > 15 ? 15 : pos));
	memcpy(pk + 4, payload, 12);
	crc = (uint16_t)~discburn_crc16(pk, 16);
	pk[16] = (uint8_t)(crc >> 8);
	pk[17] = (uint8_t)crc;
}

/** discburn_cdtext_pack_crc() - store the inverted CRC of bytes 0-15 in 16-17 */
void discburn_cdtext_pack_crc(uint8_t pack[DISCBURN_CDTEXT_PACK])
{
	uint16_t crc = (uint16_t)~discburn_crc16(pack, 16);

	pack[16] = (uint8_t)(crc >> 8);
	pack[17] = (uint8_t)crc;
}

static bool type_used(const struct discburn_cdtext_in *in, unsigned int t, unsigned int n)
{
	unsigned int i;

	for (i = 0; i <= n; i++)
		if (in->text[t][i] && in->text[t][i][0])
			return true;
	return false;
}

/**
 * discburn_cdtext_build() - the packs of one CD-TEXT block
 * @in: the texts: in->text[type - 0x80][0] for the disc, [k] for the k-th
 *	track (k = 1 .. last - first + 1), ISO 8859-1, NULL or "" for none
 * @out: out: room for DISCBURN_CDTEXT_MAX_PACKS packs of 18 bytes
 *
 * Each used type gets a string for the disc and every track (empty ones
 * where none was given), NUL-terminated, run together over the payloads;
 * each pack carries the track and character position of the string it
 * begins in. Then the 8Fh triple: character code, first and last track,
 * copyright, the pack count of each type, the last sequence number and
 * the language of block 0.
 *
 * Return: the number of packs (0 when there is no text at all), or
 * -1 when the text needs more packs than a block holds.
 */
int discburn_cdtext_build(const struct discburn_cdtext_in *in, uint8_t *out)
{
	unsigned int n = in->last_track - in->first_track + 1;
	uint8_t counts[16] = { 0 }, size[36] = { 0 };
	unsigned int t, i, np = 0;
	bool any = false;

	for (t = 0; t < 16; t++)
		any |= type_used(in, t, n);
	if (!any)
		return 0;
	for (t = 0; t < 16; t++) {
		uint8_t payload[12];
		unsigned int fill = 0, start_track = 0, start_pos = 0;

		if (t == 0x0F || !type_used(in, t, n))
			continue;
		for (i = 0; i <= n; i++) {
			const char *s = in->text[t][i] ? in->text[t][i] : "";
			size_t len = strlen(s) + 1, k;

			for (k = 0; k < len; k++) {
				if (fill == 0) {
					start_track = i ? in->first_track + i - 1 : 0;
					start_pos = (unsigned int)k;
				}
				payload[fill++] = (uint8_t)s[k];
				if (fill < 12)
					continue;
				if (np >= DISCBURN_CDTEXT_MAX_PACKS - 3)
					return -1;
				pack_put(out + np * DISCBURN_CDTEXT_PACK, (uint8_t)(0x80 + t),
					 (uint8_t)start_track, (uint8_t)np, 0, (uint8_t)start_pos,
					 payload);
				np++;
				counts[t]++;
				fill = 0;
			}
		}
		if (fill) {
			if (np >= DISCBURN_CDTEXT_MAX_PACKS - 3)
				return -1;
			memset(payload + fill, 0, 12 - fill);
			pack_put(out + np * DISCBURN_CDTEXT_PACK, (uint8_t)(0x80 + t),
				 (uint8_t)start_track, (uint8_t)np, 0, (uint8_t)start_pos, payload);
			np++;
			counts[t]++;
		}
	}
	counts[0x0F] = 3;
	size[0] = in->charset;
	size[1] = (uint8_t)in->first_track;
	size[2] = (uint8_t)in->last_track;
	size[3] = in->copyright;
	memcpy(size + 4, counts, 16);
	size[20] = (uint8_t)(np + 2);		/* last sequence number of block 0 */
	size[28] = in->language;
	for (i = 0; i < 3; i++, np++)
		pack_put(out + np * DISCBURN_CDTEXT_PACK, 0x8F, (uint8_t)i, (uint8_t)np, 0, 0,
			 size + 12 * i);
	return (int)np;
}

/**
 * discburn_latin1_from_utf8() - UTF-8 text as ISO 8859-1
 * @in: UTF-8, NUL-terminated
 * @out: out: at most @len - 1 bytes and a NUL
 * @len: room in @out
 *
 * Return: 0; -1 for invalid UTF-8, a character beyond U+00FF, a control
 * character (TAB, which CD-TEXT reads as "same as the previous track",
 * included) or too long a text.
 */
int discburn_latin1_from_utf8(const char *in, char *out, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n = 0;

	while (*p) {
		unsigned int c = *p++;

		if (c >= 0x80) {
			if (c != 0xC2 && c != 0xC3)
				return -1;
			if ((*p & 0xC0) != 0x80)
				return -1;
			c = (c & 0x1F) << 6 | (*p++ & 0x3F);
		}
		if (c < 0x20 || (c >= 0x7F && c < 0xA0))
			return -1;
		if (n + 1 >= len)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return 0;
}
