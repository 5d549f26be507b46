// SPDX-License-Identifier: GPL-2.0
/*
 * Data direction: a CDB that returns data (INQUIRY, MODE SENSE, READ ...)
 * sent with a data-out buffer, or one that takes data (WRITE, MODE SELECT
 * ...) sent with a data-in buffer, is refused with 5/24/00 and no byte is
 * moved. In particular the emulator never writes its answer into the
 * caller's source pages (a read-only shared file mapping stays as it was).
 */
#include <sys/mman.h>

#include "emu_c.h"
#include "kselftest_harness.h"

#define PAT	0x5a
#define BUFLEN	65536

enum { D_NONE, D_IN, D_OUT };

struct op {
	const char *name;
	unsigned char cdb[12];
	int len;
	int dir;
};

/* Every opcode the emulator implements, with the direction MMC gives it */
static const struct op ops[] = {
	{ "TEST UNIT READY", { 0x00 }, 6, D_NONE },
	{ "REZERO UNIT", { 0x01 }, 6, D_NONE },
	{ "REQUEST SENSE", { 0x03, 0, 0, 0, 18 }, 6, D_IN },
	{ "FORMAT UNIT", { 0x04, 0x11 }, 6, D_OUT },
	{ "READ(6)", { 0x08, 0, 0, 0, 1 }, 6, D_IN },
	{ "INQUIRY", { 0x12, 0, 0, 0, 96 }, 6, D_IN },
	{ "MODE SELECT(6)", { 0x15, 0x10, 0, 0, 60 }, 6, D_OUT },
	{ "MODE SENSE(6)", { 0x1a, 0, 0x2a, 0, 255 }, 6, D_IN },
	{ "START STOP", { 0x1b, 0, 0, 0, 1 }, 6, D_NONE },
	{ "PREVENT ALLOW", { 0x1e }, 6, D_NONE },
	{ "READ FORMAT CAPACITIES", { 0x23, 0, 0, 0, 0, 0, 0, 0, 252 }, 10, D_IN },
	{ "READ CAPACITY", { 0x25 }, 10, D_IN },
	{ "READ(10)", { 0x28, 0, 0, 0, 0, 0, 0, 0, 1 }, 10, D_IN },
	{ "WRITE(10)", { 0x2a, 0, 0, 0, 0, 0, 0, 0, 1 }, 10, D_OUT },
	{ "SEEK(10)", { 0x2b }, 10, D_NONE },
	{ "WRITE AND VERIFY(10)", { 0x2e, 0, 0, 0, 0, 0, 0, 0, 1 }, 10, D_OUT },
	{ "SYNCHRONIZE CACHE", { 0x35 }, 10, D_NONE },
	{ "READ SUB-CHANNEL", { 0x42, 0, 0x40, 1, 0, 0, 0, 0, 16 }, 10, D_IN },
	{ "READ TOC", { 0x43, 0, 0, 0, 0, 0, 0, 0x10, 0 }, 10, D_IN },
	{ "GET CONFIGURATION", { 0x46, 0, 0, 0, 0, 0, 0, 0x10, 0 }, 10, D_IN },
	{ "GET EVENT STATUS", { 0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8 }, 10, D_IN },
	{ "READ DISC INFORMATION", { 0x51, 0, 0, 0, 0, 0, 0, 0, 34 }, 10, D_IN },
	{ "READ TRACK INFORMATION", { 0x52, 1, 0, 0, 0, 1, 0, 0, 48 }, 10, D_IN },
	{ "RESERVE TRACK", { 0x53 }, 10, D_NONE },
	{ "SEND OPC", { 0x54, 1 }, 10, D_OUT },
	{ "MODE SELECT(10)", { 0x55, 0x10, 0, 0, 0, 0, 0, 0, 60 }, 10, D_OUT },
	{ "MODE SENSE(10)", { 0x5a, 0, 0x2a, 0, 0, 0, 0, 1, 0 }, 10, D_IN },
	{ "CLOSE TRACK/SESSION", { 0x5b, 0, 1, 0, 0, 1 }, 10, D_NONE },
	{ "READ BUFFER CAPACITY", { 0x5c, 0, 0, 0, 0, 0, 0, 0, 12 }, 10, D_IN },
	{ "SEND CUE SHEET", { 0x5d, 0, 0, 0, 0, 0, 0, 0, 16 }, 10, D_OUT },
	{ "REPORT LUNS", { 0xa0, 0, 0, 0, 0, 0, 0, 0, 0, 16 }, 12, D_IN },
	{ "BLANK", { 0xa1, 1 }, 12, D_NONE },
	{ "READ(12)", { 0xa8, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 12, D_IN },
	{ "WRITE(12)", { 0xaa, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 12, D_OUT },
	{ "GET PERFORMANCE", { 0xac, 0, 0, 0, 0, 0, 0, 0, 0, 4, 3 }, 12, D_IN },
	{ "READ DISC STRUCTURE", { 0xad, 0, 0, 0, 0, 0, 0, 0, 0x08, 4 }, 12, D_IN },
	{ "SET STREAMING", { 0xb6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 28 }, 12, D_OUT },
	{ "SET CD SPEED", { 0xbb, 0, 0xff, 0xff, 0xff, 0xff }, 12, D_NONE },
	{ "MECHANISM STATUS", { 0xbd, 0, 0, 0, 0, 0, 0, 0, 0, 8 }, 12, D_IN },
	{ "READ CD", { 0xbe, 0, 0, 0, 0, 0, 0, 0, 1, 0x10 }, 12, D_IN },
};

FIXTURE(dir) {
	struct emu d;
	int fd;
	char path[64];
	int filefd;
	unsigned char *map;	/* read-only shared mapping of the file */
};

FIXTURE_VARIANT(dir) {
	const char *medium;
	int sr;			/* SG_IO on /dev/srN instead of /dev/sgN */
};

FIXTURE_VARIANT_ADD(dir, cdr80_sg) { .medium = "cdr80" };
FIXTURE_VARIANT_ADD(dir, cdr80_sr) { .medium = "cdr80", .sr = 1 };
FIXTURE_VARIANT_ADD(dir, dvdplusrw_sg) { .medium = "dvdplusrw" };
FIXTURE_VARIANT_ADD(dir, bdr_sr) { .medium = "bdr", .sr = 1 };

FIXTURE_SETUP(dir)
{
	unsigned char *pat;

	self->fd = -1;
	self->filefd = -1;
	self->map = MAP_FAILED;
	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new_drive(&self->d, variant->medium, NULL));
	if (variant->sr) {
		self->fd = open(self->d.srdev, O_RDWR | O_NONBLOCK);
		ASSERT_LE(0, self->fd);
		close(ec_open_sg(&self->d));
	} else {
		/* sg maps user pages only with direct I/O */
		st_write("/proc/scsi/sg/allow_dio", "1");
		self->fd = ec_open_sg(&self->d);
		ASSERT_LE(0, self->fd);
	}

	snprintf(self->path, sizeof(self->path), "/tmp/ec_dir.%d", getpid());
	pat = malloc(BUFLEN);
	ASSERT_NE(NULL, pat);
	memset(pat, PAT, BUFLEN);
	self->filefd = open(self->path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ASSERT_LE(0, self->filefd);
	ASSERT_EQ(BUFLEN, write(self->filefd, pat, BUFLEN));
	free(pat);
	close(self->filefd);
	self->filefd = open(self->path, O_RDONLY);
	ASSERT_LE(0, self->filefd);
	self->map = mmap(NULL, BUFLEN, PROT_READ, MAP_SHARED, self->filefd, 0);
	ASSERT_NE(MAP_FAILED, self->map);
}

FIXTURE_TEARDOWN(dir)
{
	if (self->map != MAP_FAILED)
		munmap(self->map, BUFLEN);
	if (self->filefd >= 0)
		close(self->filefd);
	if (self->path[0])
		unlink(self->path);
	if (self->fd >= 0)
		close(self->fd);
	emu_del(&self->d);
}

static struct sgres sgio_dir(int fd, const struct op *op, int dir, void *buf, int sr)
{
	struct sg_io_hdr io;
	struct sgres r;

	memset(&r, 0, sizeof(r));
	memset(&io, 0, sizeof(io));
	io.interface_id = 'S';
	io.dxfer_direction = dir;
	io.cmd_len = op->len;
	io.cmdp = (unsigned char *)op->cdb;
	io.dxferp = dir == SG_DXFER_NONE ? NULL : buf;
	io.dxfer_len = dir == SG_DXFER_NONE ? 0 : 2048;
	io.sbp = r.sense;
	io.mx_sb_len = sizeof(r.sense);
	io.timeout = 20000;
	if (!sr)
		io.flags = SG_FLAG_DIRECT_IO;
	r.ret = ioctl(fd, SG_IO, &io) ? -errno : 0;
	r.status = io.status;
	if (io.sb_len_wr >= 14) {
		r.key = r.sense[2] & 0x0f;
		r.asc = r.sense[12];
		r.ascq = r.sense[13];
	}
	return r;
}

static int file_intact(const char *path)
{
	unsigned char *b = malloc(BUFLEN);
	int fd = open(path, O_RDONLY);
	int ok, i;

	ok = b && fd >= 0 && read(fd, b, BUFLEN) == BUFLEN;
	for (i = 0; ok && i < BUFLEN; i++)
		ok = b[i] == PAT;
	if (fd >= 0)
		close(fd);
	free(b);
	return ok;
}

/* The bug of issue 13: INQUIRY into a TO_DEV buffer from a read-only mapping */
TEST_F(dir, inquiry_to_dev_is_refused_and_source_unchanged)
{
	struct sgres r = sgio_dir(self->fd, &ops[5], SG_DXFER_TO_DEV, self->map,
				  variant->sr);

	ASSERT_EQ(0, r.ret);
	EXPECT_EQ(2, r.status);
	EXPECT_EQ(SK3(5, 0x24, 0), SGRES_SENSE(r));
	EXPECT_TRUE(file_intact(self->path));
	EXPECT_EQ(PAT, self->map[0]);
	EXPECT_EQ(PAT, self->map[8]);
}

TEST_F(dir, every_data_in_opcode_refuses_data_out)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct sgres r;

		if (ops[i].dir != D_IN)
			continue;
		r = sgio_dir(self->fd, &ops[i], SG_DXFER_TO_DEV, self->map, variant->sr);
		EXPECT_EQ(0, r.ret);
		EXPECT_EQ(SK3(5, 0x24, 0), SGRES_SENSE(r))
			TH_LOG("%s with a data-out buffer: %x/%02x/%02x", ops[i].name,
			       r.key, r.asc, r.ascq);
		EXPECT_TRUE(file_intact(self->path))
			TH_LOG("%s overwrote its data-out buffer", ops[i].name);
	}
}

TEST_F(dir, every_data_out_opcode_refuses_data_in)
{
	unsigned char *buf = malloc(BUFLEN);
	size_t i;

	ASSERT_NE(NULL, buf);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct sgres r;

		if (ops[i].dir != D_OUT)
			continue;
		memset(buf, PAT, BUFLEN);
		r = sgio_dir(self->fd, &ops[i], SG_DXFER_FROM_DEV, buf, variant->sr);
		EXPECT_EQ(0, r.ret);
		EXPECT_EQ(SK3(5, 0x24, 0), SGRES_SENSE(r))
			TH_LOG("%s with a data-in buffer: %x/%02x/%02x", ops[i].name,
			       r.key, r.asc, r.ascq);
	}
	EXPECT_EQ(0, emu_stat(&self->d, "writes"));
	free(buf);
}

TEST_F(dir, no_data_opcodes_refuse_a_data_buffer)
{
	unsigned char *buf = malloc(BUFLEN);
	size_t i;

	ASSERT_NE(NULL, buf);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct sgres r;

		if (ops[i].dir != D_NONE)
			continue;
		r = sgio_dir(self->fd, &ops[i], SG_DXFER_FROM_DEV, buf, variant->sr);
		EXPECT_EQ(SK3(5, 0x24, 0), SGRES_SENSE(r))
			TH_LOG("%s with a data-in buffer: %x/%02x/%02x", ops[i].name,
			       r.key, r.asc, r.ascq);
		r = sgio_dir(self->fd, &ops[i], SG_DXFER_TO_DEV, self->map, variant->sr);
		EXPECT_EQ(SK3(5, 0x24, 0), SGRES_SENSE(r))
			TH_LOG("%s with a data-out buffer: %x/%02x/%02x", ops[i].name,
			       r.key, r.asc, r.ascq);
	}
	EXPECT_TRUE(file_intact(self->path));
	free(buf);
}

TEST_F(dir, right_direction_still_works)
{
	unsigned char *buf = malloc(BUFLEN);
	struct sgres r;

	ASSERT_NE(NULL, buf);
	memset(buf, 0, BUFLEN);
	r = sgio_dir(self->fd, &ops[5], SG_DXFER_FROM_DEV, buf, variant->sr);
	EXPECT_EQ(0, r.ret);
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(0x05, buf[0]);
	EXPECT_EQ(0, memcmp(&buf[8], "DISCBURN", 8));
	r = sgio_dir(self->fd, &ops[0], SG_DXFER_NONE, NULL, variant->sr);
	EXPECT_EQ(0, r.status);
	free(buf);
}

TEST_HARNESS_MAIN
