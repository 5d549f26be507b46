/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the burning selftests: the data-format ioctls (the _x form
 * returns 0 or -errno and leaves the status in the struct), a
 * deterministic stream whose sectors say where they belong, and reading
 * the disc back through /dev/srN.
 */
#ifndef _DISCBURN_SELFTEST_BURN_H
#define _DISCBURN_SELFTEST_BURN_H

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#include "core.h"

#define SECTOR 2048

static inline int burn_set_name(int fd, const char *name, __u32 *status)
{
	struct discburn_client_name cn = { .size = sizeof(cn),
					   .format = DISCBURN_FORMAT_DATA };
	int ret;

	snprintf((char *)cn.client_name, sizeof(cn.client_name), "%s", name);
	ret = ioctl(fd, DISCBURN_IOC_SET_CLIENT_NAME, &cn) ? -errno : 0;
	if (status)
		*status = cn.status;
	return ret;
}

static inline void burn_begin_init(struct discburn_data_begin *b, __u32 flags,
				   __u64 stream_bytes)
{
	memset(b, 0, sizeof(*b));
	b->size = sizeof(*b);
	b->flags = flags;
	b->write_speed = DISCBURN_SPEED_FASTEST;
	b->stream_bytes = stream_bytes;
}

static inline int _burn_begin(int fd, struct discburn_data_begin *b)
{
	return ioctl(fd, DISCBURN_IOC_DATA_BEGIN, b) ? -errno : 0;
}

/* Begin with @flags after naming the file "selftest"; status in *@st. */
static inline int burn_begin(int fd, __u32 flags, __u64 stream_bytes, __u32 *st)
{
	struct discburn_data_begin b;
	int ret;

	ret = burn_set_name(fd, "selftest", NULL);
	if (ret)
		return ret;
	burn_begin_init(&b, flags, stream_bytes);
	ret = _burn_begin(fd, &b);
	if (st)
		*st = b.status;
	return ret;
}

static inline int burn_finish(int fd, struct discburn_session_finish *f, __u32 flags)
{
	memset(f, 0, sizeof(*f));
	f->size = sizeof(*f);
	f->flags = flags;
	return ioctl(fd, DISCBURN_IOC_SESSION_FINISH, f) ? -errno : 0;
}

static inline int burn_cancel(int fd, __u32 *status)
{
	struct discburn_session_cancel c = { .size = sizeof(c),
					     .format = DISCBURN_FORMAT_DATA };
	int ret = ioctl(fd, DISCBURN_IOC_SESSION_CANCEL, &c) ? -errno : 0;

	if (status)
		*status = c.status;
	return ret;
}

static inline int burn_progress(int fd, struct discburn_progress *p)
{
	memset(p, 0, sizeof(*p));
	p->size = sizeof(*p);
	return ioctl(fd, DISCBURN_IOC_GET_PROGRESS, p) ? -errno : 0;
}

static inline int burn_erase(int fd, __u32 flags, __u32 *status)
{
	struct discburn_client_name cn = { .size = sizeof(cn),
					   .format = DISCBURN_FORMAT_ERASE };
	struct discburn_erase e = { .size = sizeof(e), .flags = flags };
	int ret;

	strcpy((char *)cn.client_name, "selftest eraser");
	if (ioctl(fd, DISCBURN_IOC_SET_CLIENT_NAME, &cn))
		return -errno;
	ret = ioctl(fd, DISCBURN_IOC_ERASE, &e) ? -errno : 0;
	if (status)
		*status = e.status;
	return ret;
}

/* Sector @s of stream @seed: its number and seed, then pseudo-random bytes. */
static inline void burn_fill_sector(unsigned char *p, __u64 s, __u32 seed)
{
	__u64 x = (s + 1) * 0x9e3779b97f4a7c15ULL ^ seed;
	size_t i;

	memcpy(p, &s, sizeof(s));
	memcpy(p + 8, &seed, sizeof(seed));
	for (i = 12; i < SECTOR; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = x;
	}
}

static inline unsigned char *burn_pattern(size_t sectors, __u32 seed)
{
	unsigned char *buf = malloc(sectors * SECTOR);
	size_t s;

	if (!buf)
		return NULL;
	for (s = 0; s < sectors; s++)
		burn_fill_sector(buf + s * SECTOR, s, seed);
	return buf;
}

/* write(2) all of @buf in @unit-byte calls; 0 or -errno of the failing call. */
static inline int burn_write_all(int fd, const unsigned char *buf, size_t len,
				 size_t unit)
{
	size_t off = 0;

	while (off < len) {
		size_t n = len - off < unit ? len - off : unit;
		ssize_t w = write(fd, buf + off, n);

		if (w < 0)
			return -errno;
		off += w;
	}
	return 0;
}

/* Is the disc in @e, from LBA @lba, equal to @buf? -1 on a read error. */
static inline int burn_read_equals(const struct emu *e, __s32 lba,
				   const unsigned char *buf, size_t len)
{
	unsigned char *got;
	ssize_t n;
	int fd, ret;

	fd = open(e->srdev, O_RDONLY | O_DIRECT);
	if (fd < 0)
		return -1;
	if (posix_memalign((void **)&got, 4096, len)) {
		close(fd);
		return -1;
	}
	n = pread(fd, got, len, (off_t)lba * SECTOR);
	ret = n == (ssize_t)len ? !memcmp(got, buf, len) : -1;
	free(got);
	close(fd);
	return ret;
}

/* The recorder's owner as seen from @fd: 1 locked, 0 not, -errno. */
static inline int burn_locked(int fd)
{
	struct discburn_owner o;
	int ret = _rec_owner(fd, &o);

	return ret ? ret : (int)o.locked;
}

/* Wait up to @secs for the lock to go; seconds it took, or -1. */
static inline double burn_wait_unlocked(int fd, double secs)
{
	double t0 = st_now();

	while (st_now() - t0 < secs) {
		if (burn_locked(fd) == 0)
			return st_now() - t0;
		st_msleep(5);
	}
	return -1;
}

#endif /* _DISCBURN_SELFTEST_BURN_H */
