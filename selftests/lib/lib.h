/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the library selftests: a fresh emulated recorder through
 * configfs (knobs, power, its srN and /dev/discburnN), a quiet library
 * context, deterministic streams (a sector says where it belongs) from
 * memory, a file or a pipe, and reading the disc back through /dev/srN.
 */
#ifndef _DISCBURN_SELFTEST_LIB_H
#define _DISCBURN_SELFTEST_LIB_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <discburn.h>

#define EMU_CFS		"/sys/kernel/config/discburn_emu"
#define CLASS_DIR	"/sys/class/discburn"
#define SECTOR		2048

struct lemu {
	char name[64];
	char dir[PATH_MAX];
	char sr[32];		/* "sr0" */
	char srdev[64];		/* "/dev/sr0" */
	int index;		/* N of /dev/discburnN */
};

static inline int lib_write(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n < 0 ? -errno : 0;
}

static inline int lib_read(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static inline void lib_msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static inline double lib_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Whether this discburn_emu has configfs attribute @name (its features list). */
static inline bool emu_has_feature(const char *name)
{
	char buf[4096], *tok, *save;
	ssize_t n;
	int fd = open(EMU_CFS "/features", O_RDONLY);

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	for (tok = strtok_r(buf, " \t\n,", &save); tok; tok = strtok_r(NULL, " \t\n,", &save))
		if (!strcmp(tok, name))
			return true;
	return false;
}

static inline int lemu_find_recorder(const struct lemu *e)
{
	char path[PATH_MAX], buf[32];
	struct dirent *de;
	DIR *d = opendir(CLASS_DIR);
	int idx = -1;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "discburn", 8))
			continue;
		snprintf(path, sizeof(path), CLASS_DIR "/%s/block_device", de->d_name);
		if (lib_read(path, buf, sizeof(buf)) || strcmp(buf, e->sr))
			continue;
		idx = atoi(de->d_name + 8);
		break;
	}
	closedir(d);
	return idx;
}

static inline int lemu_knob(const struct lemu *e, const char *knob, const char *val)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", e->dir, knob);
	return lib_write(path, val);
}

static inline int lemu_power(const struct lemu *e, int on)
{
	return lemu_knob(e, "power", on ? "1" : "0");
}

/*
 * Create, configure and power on an emulated recorder. @knobs: NULL or a
 * NULL-terminated list of "attr=value", written before power on.
 */
static inline int lemu_new(struct lemu *e, const char *medium, const char *const *knobs)
{
	static unsigned int seq;
	char path[PATH_MAX + 64], buf[32];
	int i;

	memset(e, 0, sizeof(*e));
	e->index = -1;
	snprintf(e->name, sizeof(e->name), "lib%d_%u", getpid(), seq++);
	snprintf(e->dir, sizeof(e->dir), EMU_CFS "/%s", e->name);
	if (access(EMU_CFS, F_OK))
		return -ENOENT;
	if (mkdir(e->dir, 0755))
		return -errno;
	if (lemu_knob(e, "medium", medium))
		return -EINVAL;
	for (i = 0; knobs && knobs[i]; i++) {
		const char *eq = strchr(knobs[i], '=');
		char knob[64];

		snprintf(knob, sizeof(knob), "%.*s", (int)(eq - knobs[i]), knobs[i]);
		if (lemu_knob(e, knob, eq + 1))
			return -EINVAL;
	}
	if (lemu_power(e, 1))
		return -EIO;
	snprintf(path, sizeof(path), "%s/block_device", e->dir);
	for (i = 0; i < 200; i++) {
		if (!lib_read(path, buf, sizeof(buf)) && buf[0]) {
			snprintf(e->sr, sizeof(e->sr), "%s", buf);
			snprintf(e->srdev, sizeof(e->srdev), "/dev/%s", buf);
			e->index = lemu_find_recorder(e);
			if (e->index >= 0 && !access(e->srdev, F_OK))
				break;
		}
		lib_msleep(25);
	}
	if (e->index < 0)
		return -ENODEV;
	for (i = 0; i < 200; i++) {
		snprintf(path, sizeof(path), "/dev/discburn%d", e->index);
		if (!access(path, F_OK))
			return 0;
		lib_msleep(25);
	}
	return -ENODEV;
}

static inline void lemu_del(struct lemu *e)
{
	if (!e->dir[0] || access(e->dir, F_OK))
		return;
	lemu_power(e, 0);
	rmdir(e->dir);
}

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
static inline int lib_read_equals(const struct lemu *e, int32_t lba,
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
		lib_msleep(s->stall_ms);
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
