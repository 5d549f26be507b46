/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the discburn_emu C selftests: SG_IO to the drive of
 * emu_fixture.h (emu_new_drive: discburn.ko not needed) with the sense
 * triple decoded, and the CDBs the tests send.
 */
#ifndef _DISCBURN_SELFTEST_EMU_C_H
#define _DISCBURN_SELFTEST_EMU_C_H

#include <sys/ioctl.h>

#include <scsi/sg.h>

#include "emu_fixture.h"

/* Result of one SG_IO: status, sense key/ASC/ASCQ, bytes moved */
struct sgres {
	int ret;		/* ioctl: 0 or -errno */
	unsigned int status;	/* SCSI status */
	unsigned int host;	/* host byte */
	unsigned int key, asc, ascq;
	int resid;
	unsigned char sense[32];
};

/* sense as one number, 0x52400 = 5/24/00, 0 = GOOD */
#define SK3(_k, _asc, _ascq)	(((_k) << 16) | ((_asc) << 8) | (_ascq))
#define SGRES_SENSE(_r)		SK3((_r).key, (_r).asc, (_r).ascq)

/* Open the sg node and eat the power-on and medium unit attentions */
static inline int ec_open_sg(const struct emu *d)
{
	unsigned char tur[6] = { 0 };
	struct sg_io_hdr io;
	unsigned char sense[32];
	int fd, i;

	fd = open(d->sgdev, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	for (i = 0; i < 8; i++) {
		memset(&io, 0, sizeof(io));
		io.interface_id = 'S';
		io.dxfer_direction = SG_DXFER_NONE;
		io.cmd_len = sizeof(tur);
		io.cmdp = tur;
		io.sbp = sense;
		io.mx_sb_len = sizeof(sense);
		io.timeout = 10000;
		if (ioctl(fd, SG_IO, &io) || !io.status)
			break;
	}
	return fd;
}

/*
 * One SG_IO. @dir: SG_DXFER_NONE, SG_DXFER_TO_DEV or SG_DXFER_FROM_DEV.
 * @cdb_len: 6, 10, 12 or 16.
 */
static inline struct sgres ec_sgio(int fd, const unsigned char *cdb, int cdb_len, int dir,
				   void *buf, unsigned int len, unsigned int timeout_ms)
{
	struct sg_io_hdr io;
	struct sgres r;

	memset(&r, 0, sizeof(r));
	memset(&io, 0, sizeof(io));
	io.interface_id = 'S';
	io.dxfer_direction = dir;
	io.cmd_len = cdb_len;
	io.cmdp = (unsigned char *)cdb;
	io.dxferp = buf;
	io.dxfer_len = len;
	io.sbp = r.sense;
	io.mx_sb_len = sizeof(r.sense);
	io.timeout = timeout_ms ? timeout_ms : 20000;
	r.ret = ioctl(fd, SG_IO, &io) ? -errno : 0;
	r.status = io.status;
	r.host = io.host_status;
	r.resid = io.resid;
	if (io.sb_len_wr >= 14) {
		r.key = r.sense[2] & 0x0f;
		r.asc = r.sense[12];
		r.ascq = r.sense[13];
	}
	return r;
}

static inline void ec_put_be16(unsigned char *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static inline void ec_put_be32(unsigned char *p, unsigned int v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static inline unsigned int ec_get_be16(const unsigned char *p)
{
	return p[0] << 8 | p[1];
}

static inline unsigned int ec_get_be32(const unsigned char *p)
{
	return (unsigned int)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* MODE SELECT(10) page 05: write type, multi-session bits, track mode, block type */
static inline struct sgres ec_page5(int fd, int wt, int multi, int mode, int bt, int test)
{
	unsigned char cdb[10] = { 0x55, 0x10 };
	unsigned char d[8 + 52];

	memset(d, 0, sizeof(d));
	d[8] = 0x05;
	d[9] = 0x32;
	d[10] = (test ? 0x10 : 0) | wt;
	d[11] = multi << 6 | mode;
	d[12] = bt;
	d[8 + 14] = 0;
	d[8 + 15] = 150;
	ec_put_be16(&cdb[7], sizeof(d));
	return ec_sgio(fd, cdb, 10, SG_DXFER_TO_DEV, d, sizeof(d), 0);
}

/* WRITE(10) of @n blocks of @size bytes at @lba */
static inline struct sgres ec_write10(int fd, int lba, unsigned int n, void *buf,
				      unsigned int size)
{
	unsigned char cdb[10] = { 0x2a };

	ec_put_be32(&cdb[2], lba);
	ec_put_be16(&cdb[7], n);
	return ec_sgio(fd, cdb, 10, SG_DXFER_TO_DEV, buf, n * size, 60000);
}

static inline struct sgres ec_sync(int fd)
{
	unsigned char cdb[10] = { 0x35 };

	return ec_sgio(fd, cdb, 10, SG_DXFER_NONE, NULL, 0, 60000);
}

/* CLOSE TRACK/SESSION function @fn of track @track */
static inline struct sgres ec_close(int fd, int fn, int track)
{
	unsigned char cdb[10] = { 0x5b, 0, fn };

	ec_put_be16(&cdb[4], track);
	return ec_sgio(fd, cdb, 10, SG_DXFER_NONE, NULL, 0, 60000);
}

#endif /* _DISCBURN_SELFTEST_EMU_C_H */
