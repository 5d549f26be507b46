/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulated drive of the C selftests (core, emu_c, lib, guard, fuzz):
 * one discburn_emu drive per test through configfs, with a random name,
 * its knobs and stats, its /dev/srN and /dev/sgN and, when asked for, the
 * recorder discburn.ko made of it (/dev/discburnN); and the sysfs/configfs
 * read and write helpers under all of it.
 *
 * Cleanup on every way out: emu_del() in FIXTURE_TEARDOWN removes a drive
 * after a test, and a failed emu_new() removes what it made. The kselftest
 * harness runs no teardown after a failed setup, a crash or a timeout, so
 * each drive's name carries the test binary's prefix and the pid of the
 * process that made it: the next emu_new() removes the drives of processes
 * that are gone, and the test binary removes all of its own at exit.
 */
#ifndef _DISCBURN_SELFTEST_EMU_FIXTURE_H
#define _DISCBURN_SELFTEST_EMU_FIXTURE_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EMU_CFS		"/sys/kernel/config/discburn_emu"
#define CLASS_DIR	"/sys/class/discburn"

struct emu {
	char name[64];		/* configfs name: <prefix>_<pid>_<n> */
	char dir[PATH_MAX];	/* EMU_CFS/<name> */
	char sr[32];		/* "sr0" */
	char srdev[64];		/* "/dev/sr0" */
	char sgdev[64];		/* "/dev/sg1" */
	int index;		/* N of /dev/discburnN, -1 without a recorder */
	char recdir[128];	/* /sys/class/discburn/discburnN */
};

/* ---- sysfs and configfs ---- */

static inline int st_write(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n < 0 ? -errno : 0;
}

/* The whole attribute, NUL-terminated */
static inline int st_read_text(const char *path, char *buf, size_t len)
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

/* Its first line, without the newline */
static inline int st_read(const char *path, char *buf, size_t len)
{
	int ret = st_read_text(path, buf, len);

	if (!ret)
		buf[strcspn(buf, "\n")] = '\0';
	return ret;
}

static inline void st_msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static inline double st_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- knobs and stats ---- */

static inline int emu_knob(const struct emu *e, const char *knob, const char *val)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", e->dir, knob);
	return st_write(path, val);
}

static inline int emu_knob_get(const struct emu *e, const char *knob, char *buf, size_t len)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", e->dir, knob);
	return st_read(path, buf, len);
}

static inline int emu_power(const struct emu *e, int on)
{
	return emu_knob(e, "power", on ? "1" : "0");
}

/* A decimal "key value" line of the stats attribute, -1 if absent */
static inline long long emu_stat(const struct emu *e, const char *key)
{
	char path[PATH_MAX + 16], buf[4096], *p;
	size_t klen = strlen(key);

	snprintf(path, sizeof(path), "%s/stats", e->dir);
	if (st_read_text(path, buf, sizeof(buf)))
		return -1;
	for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, klen) && p[klen] == ' ')
			return atoll(p + klen + 1);
	return -1;
}

/* Does this discburn_emu have configfs attribute @knob (its features list)? */
static inline bool emu_has_knob(const char *knob)
{
	char buf[4096], *tok, *save;

	if (st_read(EMU_CFS "/features", buf, sizeof(buf)))
		return false;
	for (tok = strtok_r(buf, " \t,", &save); tok; tok = strtok_r(NULL, " \t,", &save))
		if (!strcmp(tok, knob))
			return true;
	return false;
}

/* ---- the drive ---- */

/* "t<pid of the test binary>r<random>", set before the harness forks */
static char emu_prefix[32];
static pid_t emu_main_pid;

/* Remove this binary's drives whose maker is gone (@all: every one of them) */
static inline void emu_reap(bool all)
{
	char path[PATH_MAX];
	size_t plen = strlen(emu_prefix);
	struct dirent *de;
	DIR *d;

	d = opendir(EMU_CFS);
	if (!d)
		return;
	while ((de = readdir(d))) {
		pid_t maker;

		if (strncmp(de->d_name, emu_prefix, plen) || de->d_name[plen] != '_')
			continue;
		maker = atoi(de->d_name + plen + 1);
		if (!all && (maker <= 0 || !kill(maker, 0) || errno != ESRCH))
			continue;
		snprintf(path, sizeof(path), EMU_CFS "/%s/power", de->d_name);
		st_write(path, "0");
		snprintf(path, sizeof(path), EMU_CFS "/%s", de->d_name);
		rmdir(path);
	}
	closedir(d);
}

/* at exit of the test binary itself, not of a child that calls exit() */
static void emu_reap_all(void)
{
	if (getpid() == emu_main_pid)
		emu_reap(true);
}

static void __attribute__((constructor)) emu_fixture_init(void)
{
	unsigned int r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (unsigned int)time(NULL) ^ (unsigned int)getpid() << 16;
	emu_main_pid = getpid();
	snprintf(emu_prefix, sizeof(emu_prefix), "t%dr%u", emu_main_pid, r % 100000);
	atexit(emu_reap_all);
}

/* The recorder whose block_device is e->sr; -1 if none (yet). */
static inline int emu_find_recorder(const struct emu *e)
{
	char path[PATH_MAX], buf[32];
	struct dirent *de;
	DIR *d;
	int idx = -1;

	d = opendir(CLASS_DIR);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "discburn", 8))
			continue;
		snprintf(path, sizeof(path), CLASS_DIR "/%s/block_device", de->d_name);
		if (st_read(path, buf, sizeof(buf)) || strcmp(buf, e->sr))
			continue;
		idx = atoi(de->d_name + 8);
		break;
	}
	closedir(d);
	return idx;
}

static inline void emu_del(struct emu *e)
{
	if (!e->dir[0] || access(e->dir, F_OK))
		return;
	emu_power(e, 0);
	rmdir(e->dir);
}

/*
 * Where the drive is now (after a power cycle too): e->sr, srdev, sgdev and,
 * with @recorder, e->index and recdir; 0 once all of them are there.
 */
static inline int emu_read_nodes(struct emu *e, bool recorder)
{
	char buf[32];

	e->sr[0] = e->srdev[0] = e->sgdev[0] = e->recdir[0] = '\0';
	e->index = -1;
	if (!emu_knob_get(e, "block_device", buf, sizeof(buf)) && buf[0]) {
		snprintf(e->sr, sizeof(e->sr), "%s", buf);
		snprintf(e->srdev, sizeof(e->srdev), "/dev/%s", buf);
	}
	if (!emu_knob_get(e, "sg_device", buf, sizeof(buf)) && buf[0])
		snprintf(e->sgdev, sizeof(e->sgdev), "/dev/%s", buf);
	if (recorder && e->sr[0])
		e->index = emu_find_recorder(e);
	if (e->index >= 0)
		snprintf(e->recdir, sizeof(e->recdir), CLASS_DIR "/discburn%d", e->index);
	if (!e->sr[0] || !e->sgdev[0] || access(e->srdev, F_OK) || access(e->sgdev, F_OK))
		return -ENODEV;
	return !recorder || e->index >= 0 ? 0 : -ENODEV;
}

/* srN and sgN within 5 s; with @recorder its /dev/discburnN within 5 s more */
static inline int emu_wait_nodes(struct emu *e, bool recorder)
{
	char path[64];
	int i;

	for (i = 0; emu_read_nodes(e, recorder); i++) {
		if (i == 200)
			return -ENODEV;
		st_msleep(25);
	}
	if (!recorder)
		return 0;
	snprintf(path, sizeof(path), "/dev/discburn%d", e->index);
	for (i = 0; i < 200; i++) {
		if (!access(path, F_OK))
			return 0;
		st_msleep(25);
	}
	return -ENODEV;
}

/*
 * Create, configure and power on a drive; removed again if that fails.
 * @knobs: NULL or a NULL-terminated list of "attr=value", written after
 * the medium. @recorder: wait for discburn.ko's recorder too.
 */
static inline int emu_create(struct emu *e, const char *medium, const char *const *knobs,
			     bool recorder)
{
	static unsigned int seq;
	int i, ret;

	memset(e, 0, sizeof(*e));
	e->index = -1;
	if (access(EMU_CFS, F_OK))
		return -ENOENT;
	emu_reap(false);
	snprintf(e->name, sizeof(e->name), "%s_%d_%u", emu_prefix, getpid(), seq++);
	snprintf(e->dir, sizeof(e->dir), EMU_CFS "/%s", e->name);
	if (mkdir(e->dir, 0755)) {
		ret = -errno;
		e->dir[0] = '\0';
		return ret;
	}
	ret = emu_knob(e, "medium", medium) ? -EINVAL : 0;
	for (i = 0; !ret && knobs && knobs[i]; i++) {
		const char *eq = strchr(knobs[i], '=');
		char knob[64];

		snprintf(knob, sizeof(knob), "%.*s", (int)(eq - knobs[i]), knobs[i]);
		if (emu_knob(e, knob, eq + 1))
			ret = -EINVAL;
	}
	if (!ret && emu_power(e, 1))
		ret = -EIO;
	if (!ret)
		ret = emu_wait_nodes(e, recorder);
	if (ret)
		emu_del(e);
	return ret;
}

/* A drive and its recorder /dev/discburnN (discburn.ko) */
static inline int emu_new(struct emu *e, const char *medium, const char *const *knobs)
{
	return emu_create(e, medium, knobs, true);
}

/* A drive alone: /dev/srN and /dev/sgN (discburn.ko not needed) */
static inline int emu_new_drive(struct emu *e, const char *medium, const char *const *knobs)
{
	return emu_create(e, medium, knobs, false);
}

#define EMU_SKIP_WITHOUT_EMU()							\
	do {									\
		if (access(EMU_CFS, F_OK))					\
			SKIP(return, "discburn_emu not loaded");		\
	} while (0)

#endif /* _DISCBURN_SELFTEST_EMU_FIXTURE_H */
