/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the discburn_emu C selftests: a fresh emulated drive per test
 * (configfs only, discburn.ko not needed), its /dev/srN and /dev/sgN, and
 * SG_IO with the sense triple decoded.
 */
#ifndef _DISCBURN_SELFTEST_EMU_C_H
#define _DISCBURN_SELFTEST_EMU_C_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <scsi/sg.h>

#define EMU_CFS		"/sys/kernel/config/discburn_emu"

struct edrv {
	char dir[PATH_MAX];
	char sr[80];		/* "/dev/sr0" */
	char sg[80];		/* "/dev/sg1" */
};

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

static inline int ec_write(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n < 0 ? -errno : 0;
}

static inline int ec_read(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static inline void ec_msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static inline int ec_knob(const struct edrv *d, const char *knob, const char *val)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", d->dir, knob);
	return ec_write(path, val);
}

static inline int ec_knob_get(const struct edrv *d, const char *knob, char *buf, size_t len)
{
	char path[PATH_MAX + 64];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", d->dir, knob);
	ret = ec_read(path, buf, len);
	if (!ret)
		buf[strcspn(buf, "\n")] = '\0';
	return ret;
}

/* A number from the stats attribute, -1 if absent */
static inline long long ec_stat(const struct edrv *d, const char *key)
{
	char path[PATH_MAX + 64], buf[4096], *p;
	size_t kl = strlen(key);

	snprintf(path, sizeof(path), "%s/stats", d->dir);
	if (ec_read(path, buf, sizeof(buf)))
		return -1;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, key, kl) && p[kl] == ' ')
			return strtoll(p + kl + 1, NULL, 0);
	}
	return -1;
}

/*
 * Create, configure and power on a drive. @knobs: NULL or a NULL-terminated
 * list of "attr=value", written after the medium.
 */
static inline int ec_new(struct edrv *d, const char *medium, const char *const *knobs)
{
	static unsigned int seq;
	char buf[64];
	int i;

	memset(d, 0, sizeof(*d));
	if (access(EMU_CFS, F_OK))
		return -ENOENT;
	snprintf(d->dir, sizeof(d->dir), EMU_CFS "/ec%d_%u", getpid(), seq++);
	if (mkdir(d->dir, 0755))
		return -errno;
	if (ec_knob(d, "medium", medium))
		return -EINVAL;
	for (i = 0; knobs && knobs[i]; i++) {
		const char *eq = strchr(knobs[i], '=');
		char name[64];

		snprintf(name, sizeof(name), "%.*s", (int)(eq - knobs[i]), knobs[i]);
		if (ec_knob(d, name, eq + 1))
			return -EINVAL;
	}
	if (ec_knob(d, "power", "1"))
		return -EIO;
	for (i = 0; i < 200; i++) {
		if (!ec_knob_get(d, "block_device", buf, sizeof(buf)) && buf[0])
			snprintf(d->sr, sizeof(d->sr), "/dev/%s", buf);
		if (!ec_knob_get(d, "sg_device", buf, sizeof(buf)) && buf[0])
			snprintf(d->sg, sizeof(d->sg), "/dev/%s", buf);
		if (d->sr[0] && d->sg[0] && !access(d->sr, F_OK) && !access(d->sg, F_OK))
			return 0;
		ec_msleep(25);
	}
	return -ENODEV;
}

static inline void ec_del(struct edrv *d)
{
	if (!d->dir[0] || access(d->dir, F_OK))
		return;
	ec_knob(d, "power", "0");
	rmdir(d->dir);
}

/* Open the sg node and eat the power-on and medium unit attentions */
static inline int ec_open_sg(const struct edrv *d)
{
	unsigned char tur[6] = { 0 };
	struct sg_io_hdr io;
	unsigned char sense[32];
	int fd, i;

	fd = open(d->sg, O_RDWR | O_NONBLOCK);
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

#define EC_SKIP_WITHOUT_EMU()							\
	do {									\
		if (access(EMU_CFS, F_OK))					\
			SKIP(return, "discburn_emu not loaded");		\
	} while (0)

#endif /* _DISCBURN_SELFTEST_EMU_C_H */
