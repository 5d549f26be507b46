// SPDX-License-Identifier: GPL-2.0
/*
 * Description: CD-TEXT packs against raw-cd.md: the CRC of the quoted
 * size-information pack; the worked example (disc title "Raw Test",
 * tracks "One" and "Two", performer "Discburn" everywhere, block 0
 * English, ISO 8859-1) built byte for byte, 8 packs; track numbers and
 * character positions of packs that begin inside a string; UPC/ISRC packs;
 * no text, no packs; too much text refused; UTF-8 taken as ISO 8859-1
 * where it can be, refused where it cannot.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

TEST(size_pack_crc)
{
	uint8_t pk[18] = { 0x8F, 0x00, 0x2A, 0x00, 0x01, 0x01, 0x03, 0x00, 0x06,
			   0x05, 0x04, 0x05, 0x07, 0x06, 0x01, 0x02 };

	discburn_cdtext_pack_crc(pk);
	EXPECT_EQ(0x48, pk[16]);
	EXPECT_EQ(0x65, pk[17]);
}

TEST(worked_example_byte_for_byte)
{
	static const uint8_t want[8][18] = {
		{ 0x80, 0x00, 0x00, 0x00, 0x52, 0x61, 0x77, 0x20, 0x54, 0x65, 0x73, 0x74,
		  0x00, 0x4F, 0x6E, 0x65, 0x7D, 0xE7 },
		{ 0x80, 0x01, 0x01, 0x03, 0x00, 0x54, 0x77, 0x6F, 0x00, 0x00, 0x00, 0x00,
		  0x00, 0x00, 0x00, 0x00, 0x0E, 0x13 },
		{ 0x81, 0x00, 0x02, 0x00, 0x44, 0x69, 0x73, 0x63, 0x62, 0x75, 0x72, 0x6E,
		  0x00, 0x44, 0x69, 0x73, 0x8F, 0xE0 },
		{ 0x81, 0x01, 0x03, 0x03, 0x63, 0x62, 0x75, 0x72, 0x6E, 0x00, 0x44, 0x69,
		  0x73, 0x63, 0x62, 0x75, 0xAD, 0x2E },
		{ 0x81, 0x02, 0x04, 0x06, 0x72, 0x6E, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		  0x00, 0x00, 0x00, 0x00, 0x5F, 0x32 },
		{ 0x8F, 0x00, 0x05, 0x00, 0x00, 0x01, 0x02, 0x00, 0x02, 0x03, 0x00, 0x00,
		  0x00, 0x00, 0x00, 0x00, 0x59, 0xB7 },
		{ 0x8F, 0x01, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
		  0x07, 0x00, 0x00, 0x00, 0x94, 0xF0 },
		{ 0x8F, 0x02, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00,
		  0x00, 0x00, 0x00, 0x00, 0xEA, 0x42 },
	};
	static struct discburn_cdtext_in in;
	uint8_t out[DISCBURN_CDTEXT_MAX_PACKS * 18];
	int n, i, b;

	memset(&in, 0, sizeof(in));
	in.first_track = 1;
	in.last_track = 2;
	in.language = 0x09;
	in.text[0][0] = "Raw Test";
	in.text[0][1] = "One";
	in.text[0][2] = "Two";
	in.text[1][0] = in.text[1][1] = in.text[1][2] = "Discburn";
	n = discburn_cdtext_build(&in, out);
	ASSERT_EQ(8, n);
	for (i = 0; i < 8; i++)
		for (b = 0; b < 18; b++)
			EXPECT_EQ(want[i][b], out[i * 18 + b]) TH_LOG("pack %d byte %d", i, b);
}

TEST(upc_isrc_packs_and_track_numbers_from_the_first)
{
	static struct discburn_cdtext_in in;
	uint8_t out[DISCBURN_CDTEXT_MAX_PACKS * 18], *size;
	int n, i;

	memset(&in, 0, sizeof(in));
	in.first_track = 5;
	in.last_track = 6;
	in.language = 0x08;
	in.text[0x0E][0] = "4006381333931";
	in.text[0x0E][1] = "FIBAR9900312";
	in.text[0x0E][2] = "FIBAR9900313";
	n = discburn_cdtext_build(&in, out);
	/* 14 + 13 + 13 bytes = 40: 4 packs, then the size triple */
	ASSERT_EQ(7, n);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(0x8E, out[i * 18]);
		EXPECT_EQ(i, out[i * 18 + 2]);
	}
	EXPECT_EQ(0, out[1]);			/* the UPC: the disc */
	EXPECT_EQ(0, out[18 + 1]);		/* still in the UPC, after 12 */
	EXPECT_EQ(12, out[18 + 3] & 0x0f);
	EXPECT_EQ(0, memcmp(out + 18 + 4 + 2, "FIBAR9900312", 10));
	EXPECT_EQ(5, out[2 * 18 + 1]);		/* in the first ISRC, after 10 */
	EXPECT_EQ(10, out[2 * 18 + 3] & 0x0f);
	EXPECT_EQ(6, out[3 * 18 + 1]);		/* in the second, after 9 */
	EXPECT_EQ(9, out[3 * 18 + 3] & 0x0f);
	size = out + 4 * 18 + 4;		/* size info: payload 0-11 */
	EXPECT_EQ(5, size[1]);
	EXPECT_EQ(6, size[2]);
	size = out + 5 * 18 + 4;		/* 12-23 */
	EXPECT_EQ(4, size[18 - 12]);		/* count of 8Eh */
	EXPECT_EQ(3, size[19 - 12]);		/* count of 8Fh */
	EXPECT_EQ(6, size[20 - 12]);		/* last sequence number of block 0 */
	EXPECT_EQ(0x08, out[6 * 18 + 4 + 4]);	/* its language */
	for (i = 0; i < n; i++) {
		uint8_t pk[18];

		memcpy(pk, out + i * 18, 18);
		discburn_cdtext_pack_crc(pk);
		EXPECT_EQ(0, memcmp(pk, out + i * 18, 18)) TH_LOG("pack %d", i);
	}
}

TEST(no_text_no_packs_and_too_much_refused)
{
	static struct discburn_cdtext_in in;
	static char big[99][64];
	uint8_t out[DISCBURN_CDTEXT_MAX_PACKS * 18];
	int t, i;

	memset(&in, 0, sizeof(in));
	in.first_track = 1;
	in.last_track = 99;
	in.text[0][3] = "";
	EXPECT_EQ(0, discburn_cdtext_build(&in, out));
	for (i = 0; i < 99; i++) {
		memset(big[i], 'x', 40);
		big[i][40] = '\0';
	}
	/* 6 types x 99 tracks x 41 bytes: far more than 253 packs */
	for (t = 0; t < 6; t++)
		for (i = 1; i <= 99; i++)
			in.text[t][i] = big[i - 1];
	EXPECT_EQ(-1, discburn_cdtext_build(&in, out));
}

TEST(utf8_as_latin1)
{
	char out[16];

	EXPECT_EQ(0, discburn_latin1_from_utf8("Caf\xc3\xa9 \xc2\xa9", out, sizeof(out)));
	EXPECT_STREQ("Caf\xe9 \xa9", out);
	EXPECT_EQ(-1, discburn_latin1_from_utf8("\xe2\x82\xac", out, sizeof(out)));	/* euro */
	EXPECT_EQ(-1, discburn_latin1_from_utf8("a\tb", out, sizeof(out)));
	EXPECT_EQ(-1, discburn_latin1_from_utf8("\xc3", out, sizeof(out)));
	EXPECT_EQ(-1, discburn_latin1_from_utf8("0123456789abcdef", out, sizeof(out)));
}

TEST_HARNESS_MAIN
