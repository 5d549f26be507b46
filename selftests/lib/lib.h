/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the library selftests, beside the emulated recorder of
 * emu_fixture.h: a quiet library context, deterministic streams (a sector
 * says where it belongs) from memory, a file or a pipe, and reading the
 * disc back through /dev/srN.
 */
#ifndef _DISCBURN_SELFTEST_LIB_H
#define _DISCBURN_SELFTEST_LIB_H

#include <discburn.h>

#include "emu_fixture.h"

#define SECTOR		2048

static inline void lib_quiet_log(struct discburn_ctx *ctx, int priority, const char *file,
				 int line, const char *fn, const char *format, va_list args)
{
}

/* Sector @s of stream @seed: its number and the seed, then pseudo-random bytes. */
static inline void lib_fill_sector(unsigned char *p, uint64_t s, uint32_t seed)
{
	uint64_t x = (s + 1) * 0x9e3779b97f4a7c15ULL ^ seed;
	size_t i;

	memcpy(p, &s, sizeof(s));
	memcpy(p + 8, &seed, sizeof(seed));
	for (i = 12; i < SECTOR; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (unsigned char)x;
	}
}

static inline unsigned char *lib_pattern(size_t sectors, uint32_t seed)
{
	unsigned char *buf = malloc(sectors * SECTOR + 1);
	size_t s;

	if (!buf)
		return NULL;
	for (s = 0; s < sectors; s++)
		lib_fill_sector(buf + s * SECTOR, s, seed);
	return buf;
}

/* A file in /tmp holding @len bytes of @buf, opened for reading; -1 on failure. */
static inline int lib_file(const unsigned char *buf, size_t len)
{
	char path[] = "/tmp/discburn-lib-XXXXXX";
	int fd = mkstemp(path);
	size_t off = 0;

	if (fd < 0)
		return -1;
	unlink(path);
	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* Is the disc in @e, from LBA @lba, equal to @buf? -1 on a read error. */
static inline int lib_read_equals(const struct emu *e, int32_t lba,
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

/* A read callback over a buffer, optionally slow after @stall_at bytes. */
struct lib_stream {
	const unsigned char *buf;
	size_t len;
	size_t pos;
	size_t unit;		/* bytes per call, 0 = all that fits */
	size_t stall_at;	/* 0 = never */
	unsigned int stall_ms;
	bool stalled;
	int fail_with;		/* a status to return at @stall_at instead, 0 = none */
};

static inline ssize_t lib_stream_read(void *userdata, void *buf, size_t len)
{
	struct lib_stream *s = userdata;
	size_t n = s->len - s->pos;

	if (s->stall_at && !s->stalled && s->pos >= s->stall_at) {
		s->stalled = true;
		if (s->fail_with)
			return s->fail_with;
		st_msleep(s->stall_ms);
	}
	if (n > len)
		n = len;
	if (s->unit && n > s->unit)
		n = s->unit;
	if (s->stall_at && !s->stalled && s->pos < s->stall_at && s->pos + n > s->stall_at)
		n = s->stall_at - s->pos;
	memcpy(buf, s->buf + s->pos, n);
	s->pos += n;
	return (ssize_t)n;
}

#endif /* _DISCBURN_SELFTEST_LIB_H */
