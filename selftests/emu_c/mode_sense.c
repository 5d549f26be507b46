// SPDX-License-Identifier: GPL-2.0
/*
 * MODE SENSE (6) and (10) of every supported page and page control return
 * zeros in every reserved byte and in every field the drive does not
 * implement: the reply is built in a zeroed buffer, never from what an
 * earlier command left on the stack (the module is built with
 * -ftrivial-auto-var-init=pattern, so a forgotten byte shows as 0xfe).
 */
#include "emu_c.h"
#include "kselftest_harness.h"

FIXTURE(ms) {
	struct emu d;
	int fd;
};

FIXTURE_VARIANT(ms) {
	const char *medium;
};

FIXTURE_VARIANT_ADD(ms, cdr80) { .medium = "cdr80" };
FIXTURE_VARIANT_ADD(ms, bdre) { .medium = "bdre" };

FIXTURE_SETUP(ms)
{
	self->fd = -1;
	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new_drive(&self->d, variant->medium, NULL));
	self->fd = ec_open_sg(&self->d);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(ms)
{
	if (self->fd >= 0)
		close(self->fd);
	emu_del(&self->d);
}

static int mode_sense(int fd, int six, int pc, int page, unsigned char *buf, int len)
{
	unsigned char cdb[10] = { 0 };
	struct sgres r;

	memset(buf, 0xee, len);
	if (six) {
		cdb[0] = 0x1a;
		cdb[4] = len > 255 ? 255 : len;
	} else {
		cdb[0] = 0x5a;
		ec_put_be16(&cdb[7], len);
	}
	cdb[2] = pc << 6 | page;
	r = ec_sgio(fd, cdb, six ? 6 : 10, SG_DXFER_FROM_DEV, buf, len, 0);
	if (r.ret || r.status)
		return -1;
	return len - r.resid;
}

/* Bytes of a page that must be zero: reserved or not implemented */
static int page_reserved(int code, int i)
{
	switch (code) {
	case 0x01:	/* only byte 3 (read retry count) is set */
		return i >= 2 && i != 3;
	case 0x05:	/* bytes 6, 9 reserved; 24-... of MCN/ISRC unused here */
		return i == 6 || i == 9;
	case 0x2a:
		if (i >= 32)
			return (i - 32) % 4 < 2;	/* reserved, rotation control */
		return i == 7 || i == 16 || i == 17 || (i >= 22 && i <= 27);
	}
	return 0;
}

static void check_reply(struct __test_metadata *_metadata, const unsigned char *b, int n,
			int six, int pc, int page)
{
	int hdr = six ? 4 : 8;
	int total = six ? b[0] + 1 : (b[0] << 8 | b[1]) + 2;
	int p, i;

	ASSERT_GE(n, hdr);
	ASSERT_EQ(n, total);
	/* header: medium type, block descriptor length 0, reserved */
	EXPECT_EQ(0, b[six ? 1 : 2]);
	EXPECT_EQ(0, b[six ? 2 : 3] & 0x7f);
	if (six) {
		EXPECT_EQ(0, b[3]);
	} else {
		EXPECT_EQ(0, b[4]);
		EXPECT_EQ(0, b[5]);
		EXPECT_EQ(0, b[6]);
		EXPECT_EQ(0, b[7]);
	}
	for (p = hdr; p + 2 <= n; p += 2 + b[p + 1]) {
		int code = b[p] & 0x3f;
		int plen = 2 + b[p + 1];

		ASSERT_LE(p + plen, n);
		if (page != 0x3f)
			EXPECT_EQ(page, code);
		for (i = 0; i < plen; i++) {
			if (i < 2)
				continue;
			if (pc == 1 && code != 0x05) {
				EXPECT_EQ(0, b[p + i])
					TH_LOG("changeable page %02x byte %d = %02x", code, i,
					       b[p + i]);
			} else if (page_reserved(code, i)) {
				EXPECT_EQ(0, b[p + i])
					TH_LOG("%s pc %d page %02x byte %d = %02x",
					       six ? "(6)" : "(10)", pc, code, i, b[p + i]);
			}
		}
	}
}

/* Commands whose replies fill the worker's stack with non-zero bytes */
static void dirty_stack(int fd)
{
	static const unsigned char cdbs[][10] = {
		{ 0x46, 0, 0, 0, 0, 0, 0, 0x02, 0 },		/* GET CONFIGURATION */
		{ 0x12, 1, 0x83, 0, 96 },			/* INQUIRY VPD 83 */
		{ 0x51, 0, 0, 0, 0, 0, 0, 0, 34 },		/* READ DISC INFO */
		{ 0x5a, 0, 0x3f, 0, 0, 0, 0, 1, 0 },		/* MODE SENSE all */
	};
	unsigned char b[512];
	size_t i;

	for (i = 0; i < sizeof(cdbs) / sizeof(cdbs[0]); i++)
		ec_sgio(fd, cdbs[i], cdbs[i][0] == 0x12 ? 6 : 10, SG_DXFER_FROM_DEV, b, 512, 0);
}

TEST_F(ms, reserved_bytes_are_zero)
{
	static const int pages[] = { 0x01, 0x05, 0x2a, 0x3f };
	unsigned char b[512];
	int six, pc, i, n;

	for (six = 0; six <= 1; six++) {
		for (pc = 0; pc < 4; pc++) {
			for (i = 0; i < 4; i++) {
				dirty_stack(self->fd);
				n = mode_sense(self->fd, six, pc, pages[i], b, sizeof(b));
				ASSERT_LT(0, n) TH_LOG("page %02x pc %d", pages[i], pc);
				check_reply(_metadata, b, n, six, pc, pages[i]);
			}
		}
	}
}

/* wodim asks with allocation length 2 first: the header tells the full size */
TEST_F(ms, short_allocation_reports_full_length)
{
	unsigned char b[512];
	int full, n;

	full = mode_sense(self->fd, 0, 0, 0x2a, b, sizeof(b));
	ASSERT_LT(8, full);
	n = mode_sense(self->fd, 0, 0, 0x2a, b, 2);
	EXPECT_EQ(2, n);
	EXPECT_EQ(full - 2, b[0] << 8 | b[1]);
}

TEST_HARNESS_MAIN
