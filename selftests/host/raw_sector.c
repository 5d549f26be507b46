// SPDX-License-Identifier: GPL-2.0
/*
 * Description: CD-ROM data sectors against raw-cd.md's test vectors
 * (checked there against libburn and libedc): the scrambler's sequence
 * (first 24 and last 8 bytes), the EDC of a Mode 1 and a Mode 2 Form 1
 * sector, the CRC-32 of whole Mode 1 sectors before and after scrambling,
 * P and Q parity bytes of a Mode 1 sector with data, scrambling undone by
 * scrambling again, and a Form 2 sector's layout.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

/* zlib's crc32(), for the vectors that quote it */
static uint32_t zcrc32(const uint8_t *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFU;
	size_t i;
	int b;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (b = 0; b < 8; b++)
			c = c & 1 ? c >> 1 ^ 0xEDB88320U : c >> 1;
	}
	return ~c;
}

TEST(scrambler_sequence)
{
	static const uint8_t first[24] = { 0x01, 0x80, 0x00, 0x60, 0x00, 0x28, 0x00, 0x1E,
					   0x80, 0x08, 0x60, 0x06, 0xA8, 0x02, 0xFE, 0x81,
					   0x80, 0x60, 0x60, 0x28, 0x28, 0x1E, 0x9E, 0x88 };
	static const uint8_t last[8] = { 0xF6, 0xC4, 0x46, 0xD3, 0x72, 0xDD, 0xE5, 0x99 };
	uint8_t s[2352] = { 0 };
	int i;

	discburn_scramble(s);
	for (i = 0; i < 12; i++)
		EXPECT_EQ(0, s[i]) TH_LOG("sync byte %d scrambled", i);
	EXPECT_EQ(0, memcmp(s + 12, first, 24));
	EXPECT_EQ(0, memcmp(s + 2352 - 8, last, 8));
	discburn_scramble(s);
	for (i = 0; i < 2352; i++)
		ASSERT_EQ(0, s[i]);
}

TEST(mode1_zero_sector_at_lba_0)
{
	static const uint8_t hdr[4] = { 0x00, 0x02, 0x00, 0x01 };
	static const uint8_t edc[4] = { 0xC5, 0x13, 0x68, 0x2B };
	uint8_t s[2352];

	discburn_sector_data(s, 0, DISCBURN_SECTOR_MODE1, NULL, NULL, false);
	EXPECT_EQ(0, memcmp(s + 12, hdr, 4));
	EXPECT_EQ(0, memcmp(s + 2064, edc, 4));
	EXPECT_EQ(0xD12AD343U, zcrc32(s, 2352));
	discburn_sector_data(s, 0, DISCBURN_SECTOR_MODE1, NULL, NULL, true);
	EXPECT_EQ(0x56609155U, zcrc32(s, 2352));
}

TEST(mode1_sector_with_data_at_lba_16)
{
	static const uint8_t p0[4] = { 0x42, 0x13, 0x28, 0x94 };
	static const uint8_t q0[4] = { 0x46, 0xE9, 0x44, 0x86 };
	static const uint8_t end[4] = { 0x89, 0x7C, 0x8E, 0x23 };
	uint8_t s[2352], user[2048];
	int i;

	for (i = 0; i < 2048; i++)
		user[i] = (uint8_t)i;
	discburn_sector_data(s, 16, DISCBURN_SECTOR_MODE1, user, NULL, false);
	EXPECT_EQ(0, memcmp(s + 2076, p0, 4));
	EXPECT_EQ(0, memcmp(s + 2248, q0, 4));
	EXPECT_EQ(0, memcmp(s + 2348, end, 4));
	EXPECT_EQ(0x2F696CC4U, zcrc32(s, 2352));
	for (i = 2068; i < 2076; i++)
		EXPECT_EQ(0, s[i]) TH_LOG("byte %d", i);
}

TEST(mode2_form1_zero_sector_at_lba_0)
{
	static const uint8_t sh[8] = { 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00 };
	static const uint8_t edc[4] = { 0x0B, 0x88, 0x81, 0x94 };
	uint8_t s[2352];

	discburn_sector_data(s, 0, DISCBURN_SECTOR_MODE2_FORM1, NULL, NULL, false);
	EXPECT_EQ(2, s[15]);
	EXPECT_EQ(0, memcmp(s + 16, sh, 8));
	EXPECT_EQ(0, memcmp(s + 2072, edc, 4));
	EXPECT_EQ(0x836FD3F4U, zcrc32(s, 2352));
	/* the header is put back after the parity */
	EXPECT_EQ(0x02, s[13]);
}

TEST(mode2_form2_layout)
{
	uint8_t s[2352], user[2324];
	uint32_t edc;

	memset(user, 0x5A, sizeof(user));
	discburn_sector_data(s, 1000, DISCBURN_SECTOR_MODE2_FORM2, user, NULL, false);
	EXPECT_EQ(2, s[15]);
	EXPECT_EQ(0x28, s[18]);		/* data | form 2 */
	EXPECT_EQ(0x28, s[22]);
	EXPECT_EQ(0, memcmp(s + 24, user, 2324));
	edc = discburn_edc(s + 16, 2332);
	EXPECT_EQ((uint8_t)edc, s[2348]);
	EXPECT_EQ((uint8_t)(edc >> 24), s[2351]);
	/* LBA 1000 is 00:15:25 */
	EXPECT_EQ(0x00, s[12]);
	EXPECT_EQ(0x15, s[13]);
	EXPECT_EQ(0x25, s[14]);
}

TEST_HARNESS_MAIN
