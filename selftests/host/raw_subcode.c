// SPDX-License-Identifier: GPL-2.0
/*
 * Description: CD addressing and sub-channel against raw-cd.md's facts
 * and test vectors: MSF <-> LBA on both sides of the lead-in wrap, the Q
 * CRC of the quoted frames (stored inverted), ADR 1 frames of the pause,
 * program area, lead-out and lead-in TOC, ADR 2 (MCN) and ADR 3 (ISRC)
 * frames and their validation (check digit, character classes, dashes),
 * the lead-out P flag's pause and 2 Hz square wave, P and Q spread over
 * 96 bytes (Q in bit 6, MSB first) and the 16-byte P-Q block, and an
 * 18-byte pack as 24 six-bit R-W symbols.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

static void expect_q(struct __test_metadata *_metadata, const uint8_t *q, const uint8_t *want)
{
	int i;

	for (i = 0; i < 12; i++)
		EXPECT_EQ(want[i], q[i]) TH_LOG("byte %d", i);
}

TEST(msf_and_lba_agree_on_both_sides_of_the_wrap)
{
	static const struct { unsigned int m, s, f; int32_t lba; } t[] = {
		{ 95, 0, 0, -22650 }, { 97, 24, 0, -11850 }, { 97, 26, 66, -11634 },
		{ 0, 0, 0, -150 }, { 0, 2, 0, 0 }, { 79, 59, 74, 359849 },
		{ 89, 59, 74, 404849 }, { 0, 1, 74, -1 }, { 99, 59, 74, -151 },
	};
	uint8_t msf[3];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		EXPECT_EQ(t[i].lba, discburn_msf_to_lba(t[i].m, t[i].s, t[i].f)) TH_LOG("%zu", i);
		discburn_lba_to_msf(t[i].lba, msf);
		EXPECT_EQ(t[i].m, msf[0]) TH_LOG("%zu", i);
		EXPECT_EQ(t[i].s, msf[1]) TH_LOG("%zu", i);
		EXPECT_EQ(t[i].f, msf[2]) TH_LOG("%zu", i);
	}
	discburn_lba_to_msf_bcd(-11634, msf);
	EXPECT_EQ(0x97, msf[0]);
	EXPECT_EQ(0x26, msf[1]);
	EXPECT_EQ(0x66, msf[2]);
	EXPECT_EQ(0x42, discburn_bcd(42));
}

TEST(q_crc_matches_the_quoted_frames)
{
	static const uint8_t f[][12] = {
		{ 0x01, 0x01, 0x00, 0x00, 0x01, 0x74, 0x00, 0x00, 0x00, 0x00, 0xAA, 0xB9 },
		{ 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x5A, 0x28 },
		{ 0x01, 0xAA, 0x01, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x79, 0xEF },
		{ 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0xB1, 0x0B },
		{ 0x01, 0x00, 0xA0, 0x98, 0x06, 0x12, 0x00, 0x01, 0x00, 0x00, 0xE3, 0x74 },
		{ 0x01, 0x00, 0xA2, 0x98, 0x06, 0x17, 0x00, 0x70, 0x40, 0x73, 0xE3, 0x85 },
	};
	uint8_t q[12];
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		memcpy(q, f[i], 10);
		discburn_q_crc(q);
		EXPECT_EQ(f[i][10], q[10]) TH_LOG("frame %zu", i);
		EXPECT_EQ(f[i][11], q[11]) TH_LOG("frame %zu", i);
		EXPECT_TRUE(discburn_q_crc_ok(f[i]));
		q[3] ^= 1;
		EXPECT_FALSE(discburn_q_crc_ok(q));
	}
}

TEST(adr1_frames_of_pause_program_lead_out_and_toc)
{
	static const uint8_t pause[12] = { 0x01, 0x01, 0x00, 0x00, 0x01, 0x74, 0x00, 0x00,
					   0x00, 0x00, 0xAA, 0xB9 };
	static const uint8_t start[12] = { 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
					   0x02, 0x00, 0x5A, 0x28 };
	static const uint8_t out[12] = { 0x01, 0xAA, 0x01, 0x00, 0x00, 0x00, 0x00, 0x03,
					 0x00, 0x00, 0x79, 0xEF };
	static const uint8_t toc[12] = { 0x01, 0x00, 0xA0, 0x98, 0x06, 0x12, 0x00, 0x01,
					 0x00, 0x00, 0xE3, 0x74 };
	static const uint8_t a0[3] = { 0x01, 0x00, 0x00 };
	uint8_t q[12];

	/* the first pause sector: 149 sectors to go, rel 00:01:74 */
	discburn_q_position(q, 0, 1, 0, 149, -150);
	expect_q(_metadata, q, pause);
	discburn_q_position(q, 0, 1, 1, 0, 0);
	expect_q(_metadata, q, start);
	discburn_q_position(q, 0, 0xAA, 1, 0, 13350);
	expect_q(_metadata, q, out);
	/* lead-in at 98:06:12 */
	discburn_q_toc(q, 0, 0xA0, discburn_msf_to_lba(98, 6, 12), a0);
	expect_q(_metadata, q, toc);
	discburn_q_position(q, 0x2, 12, 2, 4500, 100);
	EXPECT_EQ(0x21, q[0]);
	EXPECT_EQ(0x12, q[1]);
	EXPECT_EQ(0x02, q[2]);
	EXPECT_EQ(0x01, q[3]);
	EXPECT_EQ(0x00, q[4]);
	EXPECT_EQ(0x03, q[8]);
	EXPECT_EQ(0x25, q[9]);
}

TEST(adr2_mcn_and_adr3_isrc_frames)
{
	static const uint8_t mcn[12] = { 0x02, 0x40, 0x06, 0x38, 0x13, 0x33, 0x93, 0x10,
					 0x00, 0x00, 0x1C, 0x3F };
	static const uint8_t isrc[12] = { 0x03, 0x59, 0x94, 0x91, 0x88, 0x99, 0x00, 0x31,
					  0x20, 0x10, 0xDA, 0xA6 };
	char m[14], i[13];
	uint8_t q[12];

	ASSERT_TRUE(discburn_mcn_normalize("4006381333931", m));
	discburn_q_mcn(q, 0, m, 0);		/* AFRAME 00 */
	expect_q(_metadata, q, mcn);
	ASSERT_TRUE(discburn_isrc_normalize("FI-BAR-99-00312", i));
	EXPECT_STREQ("FIBAR9900312", i);
	discburn_q_isrc(q, 0, i, 10);		/* AFRAME 10 */
	expect_q(_metadata, q, isrc);
}

TEST(mcn_and_isrc_validation)
{
	char m[14], i[13];

	EXPECT_TRUE(discburn_mcn_normalize("0000000000000", m));
	/* leading zeros may be left out: a UPC-A of 12 digits */
	EXPECT_TRUE(discburn_mcn_normalize("036000291452", m));
	EXPECT_STREQ("0036000291452", m);
	EXPECT_FALSE(discburn_mcn_normalize("4006381333932", m));	/* check digit */
	EXPECT_FALSE(discburn_mcn_normalize("40063813339310", m));	/* 14 digits */
	EXPECT_FALSE(discburn_mcn_normalize("400638133393A", m));
	EXPECT_FALSE(discburn_mcn_normalize("", m));
	EXPECT_FALSE(discburn_mcn_normalize(NULL, m));
	EXPECT_TRUE(discburn_isrc_normalize("usrc17607839", i));
	EXPECT_STREQ("USRC17607839", i);
	EXPECT_TRUE(discburn_isrc_normalize("GB-A1B-23-00001", i));
	EXPECT_FALSE(discburn_isrc_normalize("1SRC17607839", i));	/* country: letters */
	EXPECT_FALSE(discburn_isrc_normalize("USRC1760783A", i));	/* serial: digits */
	EXPECT_FALSE(discburn_isrc_normalize("USRC1760783", i));	/* 11 */
	EXPECT_FALSE(discburn_isrc_normalize("USRC176078399", i));	/* 13 */
	EXPECT_FALSE(discburn_isrc_normalize("US RC17607839", i));
}

TEST(lead_out_p_is_one_then_pause_then_2_hz)
{
	uint32_t r, on = 0;

	EXPECT_TRUE(discburn_p_leadout(0));
	for (r = 1; r <= 150; r++)
		EXPECT_FALSE(discburn_p_leadout(r)) TH_LOG("rel %u", r);
	for (r = 151; r < 151 + 19; r++)
		EXPECT_TRUE(discburn_p_leadout(r)) TH_LOG("rel %u", r);
	for (; r < 151 + 38; r++)
		EXPECT_FALSE(discburn_p_leadout(r)) TH_LOG("rel %u", r);
	for (r = 151; r < 151 + 75 * 4; r++)
		on += discburn_p_leadout(r);
	EXPECT_LE(148, on);	/* about half of the time */
	EXPECT_GE(152, on);
}

TEST(p_and_q_spread_over_96_bytes_and_16)
{
	uint8_t q[12], pw[96], back[12], rw[96], pq[16];
	int i;

	discburn_q_position(q, 0, 3, 1, 1234, 56789);
	for (i = 0; i < 96; i++)
		rw[i] = (uint8_t)(i * 7);
	discburn_subcode_pw(pw, true, q, rw);
	for (i = 0; i < 96; i++) {
		EXPECT_EQ(0x80, pw[i] & 0x80) TH_LOG("byte %d", i);
		EXPECT_EQ((q[i / 8] >> (7 - i % 8)) & 1, (pw[i] >> 6) & 1) TH_LOG("byte %d", i);
		EXPECT_EQ(rw[i] & 0x3f, pw[i] & 0x3f) TH_LOG("byte %d", i);
	}
	discburn_subcode_q_of_pw(pw, back);
	EXPECT_EQ(0, memcmp(q, back, 12));
	discburn_subcode_pw(pw, false, q, NULL);
	for (i = 0; i < 96; i++)
		EXPECT_EQ(0, pw[i] & 0xBF) TH_LOG("byte %d", i);
	/* byte 0 bit 6 is Q's first bit: CONTROL 0 -> 0; byte 7 bit 6 is ADR's lowest: 1 */
	EXPECT_EQ(0, pw[0] & 0x40);
	EXPECT_EQ(0x40, pw[7] & 0x40);
	discburn_subcode_pq16(pq, true, q);
	EXPECT_EQ(0, memcmp(q, pq, 12));
	EXPECT_EQ(0, pq[12] | pq[13] | pq[14]);
	EXPECT_EQ(0x80, pq[15]);
	discburn_subcode_pq16(pq, false, q);
	EXPECT_EQ(0, pq[15]);
}

TEST(a_pack_becomes_24_symbols)
{
	static const uint8_t pack[18] = { 0x8F, 0x00, 0x2A, 0x00, 0x01, 0x01, 0x03, 0x00, 0x06,
					  0x05, 0x04, 0x05, 0x07, 0x06, 0x01, 0x02, 0x48, 0x65 };
	static const uint8_t want[24] = { 0x23, 0x30, 0x00, 0x2A, 0x00, 0x00, 0x04, 0x01,
					  0x00, 0x30, 0x00, 0x06, 0x01, 0x10, 0x10, 0x05,
					  0x01, 0x30, 0x18, 0x01, 0x00, 0x24, 0x21, 0x25 };
	uint8_t sym[24];
	int i;

	discburn_pack_symbols(pack, sym);
	for (i = 0; i < 24; i++)
		EXPECT_EQ(want[i], sym[i]) TH_LOG("symbol %d", i);
}

TEST_HARNESS_MAIN
