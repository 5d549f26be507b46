// SPDX-License-Identifier: GPL-2.0
/*
 * Limits: a READ with a huge transfer length answers at once (5/24/00 when
 * it cannot fit the data-in buffer, 5/21/00 past the end of the medium)
 * instead of looping over the whole disc; READ CD likewise; the in-memory
 * store stops at store_limit_mib with 3/0C/00 and a warning.
 */
#include "emu_c.h"
#include "kselftest_harness.h"

FIXTURE(lim) {
	struct emu d;
	int fd;
	unsigned char *buf;
};

#define BUFSZ	(64 * 2048)

FIXTURE_SETUP(lim)
{
	self->fd = -1;
	self->buf = NULL;
	EMU_SKIP_WITHOUT_EMU();
	self->buf = malloc(BUFSZ);
	ASSERT_NE(NULL, self->buf);
}

FIXTURE_TEARDOWN(lim)
{
	free(self->buf);
	if (self->fd >= 0)
		close(self->fd);
	emu_del(&self->d);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* FORMAT UNIT type 0x26 (DVD+RW) / 0x00 (BD-RE): everything reads back */
static int format(int fd, int type)
{
	unsigned char cdb[6] = { 0x04, 0x11 };
	unsigned char d[12] = { 0, 0, 0, 8, 0xff, 0xff, 0xff, 0xff };

	d[8] = type << 2;
	return ec_sgio(fd, cdb, 6, SG_DXFER_TO_DEV, d, sizeof(d), 0).status;
}

TEST_F(lim, huge_read12_on_formatted_bdre_answers_at_once)
{
	unsigned char cdb[12] = { 0xa8 };
	struct sgres r;
	double t;

	ASSERT_EQ(0, emu_new_drive(&self->d, "bdre", NULL));
	self->fd = ec_open_sg(&self->d);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, format(self->fd, 0));

	ec_put_be32(&cdb[6], 0xffffffff);
	t = now();
	r = ec_sgio(self->fd, cdb, 12, SG_DXFER_FROM_DEV, self->buf, BUFSZ, 60000);
	EXPECT_LT(now() - t, 5.0);
	EXPECT_EQ(0, r.ret);
	EXPECT_EQ(2, r.status);
	EXPECT_EQ(SK3(5, 0x21, 0), SGRES_SENSE(r));

	/* inside the medium but larger than the buffer */
	ec_put_be32(&cdb[6], 1000000);
	t = now();
	r = ec_sgio(self->fd, cdb, 12, SG_DXFER_FROM_DEV, self->buf, BUFSZ, 60000);
	EXPECT_LT(now() - t, 5.0);
	EXPECT_EQ(SK3(5, 0x24, 0), SGRES_SENSE(r));

	/* a READ that fits still works */
	ec_put_be32(&cdb[6], BUFSZ / 2048);
	r = ec_sgio(self->fd, cdb, 12, SG_DXFER_FROM_DEV, self->buf, BUFSZ, 60000);
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(0, r.resid);
}

TEST_F(lim, read_past_the_end_is_lba_out_of_range)
{
	unsigned char cdb[10] = { 0x28 };
	struct sgres r;

	ASSERT_EQ(0, emu_new_drive(&self->d, "dvdplusrw", NULL));
	self->fd = ec_open_sg(&self->d);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, format(self->fd, 0x26));
	ec_put_be32(&cdb[2], 2295104 - 2);
	ec_put_be16(&cdb[7], 4);
	r = ec_sgio(self->fd, cdb, 10, SG_DXFER_FROM_DEV, self->buf, 4 * 2048, 0);
	EXPECT_EQ(SK3(5, 0x21, 0), SGRES_SENSE(r));
	/* INFORMATION: the first block that could not be read */
	EXPECT_EQ(0x80, r.sense[0] & 0x80);
	EXPECT_EQ(2295104, ec_get_be32(&r.sense[3]));
	ec_put_be32(&cdb[2], 0x7fffffff);
	ec_put_be16(&cdb[7], 1);
	r = ec_sgio(self->fd, cdb, 10, SG_DXFER_FROM_DEV, self->buf, 2048, 0);
	EXPECT_EQ(SK3(5, 0x21, 0), SGRES_SENSE(r));
}

/* READ CD with no field selected moves no data: must not loop for ever */
TEST_F(lim, huge_read_cd_answers_at_once)
{
	unsigned char cdb[12] = { 0xbe };
	struct sgres r;
	double t;
	int lba;

	ASSERT_EQ(0, emu_new_drive(&self->d, "cdr80", NULL));
	self->fd = ec_open_sg(&self->d);
	ASSERT_LE(0, self->fd);
	/* one TAO track of 600 blocks, session closed */
	memset(self->buf, 0x11, BUFSZ);
	ASSERT_EQ(0, ec_page5(self->fd, 1, 3, 4, 8, 0).status);
	for (lba = 0; lba < 600; lba += 60)
		ASSERT_EQ(0, ec_write10(self->fd, lba, 60, self->buf, 2048).status);
	ASSERT_EQ(0, ec_sync(self->fd).status);
	ASSERT_EQ(0, ec_close(self->fd, 2, 0).status);

	cdb[6] = 0xff;
	cdb[7] = 0xff;
	cdb[8] = 0xff;
	cdb[9] = 0x00;
	t = now();
	r = ec_sgio(self->fd, cdb, 12, SG_DXFER_FROM_DEV, self->buf, BUFSZ, 60000);
	EXPECT_LT(now() - t, 5.0);
	EXPECT_EQ(2, r.status);
	EXPECT_EQ(5, r.key);

	cdb[9] = 0x10;
	t = now();
	r = ec_sgio(self->fd, cdb, 12, SG_DXFER_FROM_DEV, self->buf, BUFSZ, 60000);
	EXPECT_LT(now() - t, 5.0);
	EXPECT_EQ(2, r.status);
	EXPECT_EQ(5, r.key);

	cdb[6] = 0;
	cdb[7] = 0;
	cdb[8] = 16;
	r = ec_sgio(self->fd, cdb, 12, SG_DXFER_FROM_DEV, self->buf, 16 * 2048, 0);
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(0x11, self->buf[0]);
}

static int dmesg_has(const char *what)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "dmesg | grep -q '%s'", what);
	return system(cmd) == 0;
}

TEST_F(lim, store_limit_stops_writes)
{
	const char *knobs[] = { "store_limit_mib=1", NULL };
	char val[32];
	struct sgres r;
	int lba, fd, i;

	ASSERT_EQ(0, emu_new_drive(&self->d, "dvdplusr", knobs));
	ASSERT_EQ(0, emu_knob_get(&self->d, "store_limit_mib", val, sizeof(val)));
	EXPECT_STREQ("1", val);
	self->fd = ec_open_sg(&self->d);
	ASSERT_LE(0, self->fd);
	fd = open("/dev/urandom", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(BUFSZ, read(fd, self->buf, BUFSZ));
	close(fd);
	memset(&r, 0, sizeof(r));
	for (lba = 0, i = 0; i < 64; i++, lba += 16) {
		self->buf[0] = i;
		r = ec_write10(self->fd, lba, 16, self->buf, 2048);
		if (r.status)
			break;
	}
	/* 1 MiB = 512 blocks = 32 WRITEs of 16 */
	EXPECT_EQ(32, i);
	EXPECT_EQ(SK3(3, 0x0c, 0), SGRES_SENSE(r));
	EXPECT_LE(emu_stat(&self->d, "stored_pages"), 256);
	EXPECT_TRUE(dmesg_has("store limit"));
}

TEST_F(lim, store_limit_zero_is_unlimited)
{
	const char *knobs[] = { "store_limit_mib=0", NULL };
	struct sgres r;
	int lba, fd;

	ASSERT_EQ(0, emu_new_drive(&self->d, "dvdplusr", knobs));
	self->fd = ec_open_sg(&self->d);
	ASSERT_LE(0, self->fd);
	fd = open("/dev/urandom", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(BUFSZ, read(fd, self->buf, BUFSZ));
	close(fd);
	for (lba = 0; lba < 3 * 512; lba += 64) {
		r = ec_write10(self->fd, lba, 64, self->buf, 2048);
		ASSERT_EQ(0, r.status);
	}
	EXPECT_GE(emu_stat(&self->d, "stored_pages"), 3 * 256);
}

TEST_HARNESS_MAIN
