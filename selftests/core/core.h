/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the discburn core selftests: a fresh emulated recorder
 * per test (discburn_emu through configfs), its /dev/discburnN, and thin
 * ioctl wrappers in the iommufd style (_x returns -errno, status out).
 */
#ifndef _DISCBURN_SELFTEST_CORE_H
#define _DISCBURN_SELFTEST_CORE_H

#include <dirent.h>
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

#include <linux/discburn.h>

#define EMU_CFS		"/sys/kernel/config/discburn_emu"
#define CLASS_DIR	"/sys/class/discburn"

struct emu {
	char name[64];
	char dir[PATH_MAX];
	char sr[32];		/* "sr0" */
	char srdev[64];		/* "/dev/sr0" */
	int index;		/* N of /dev/discburnN */
	char recdir[128];	/* /sys/class/discburn/discburnN */
};

static inline int core_write(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n < 0 ? -errno : 0;
}

static inline int core_read(const char *path, char *buf, size_t len)
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
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static inline int core_attr(const struct emu *e, const char *attr, char *buf,
			    size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", e->recdir, attr);
	return core_read(path, buf, len);
}

static inline void core_msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static inline double core_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The recorder whose block_device is e->sr; -1 if none (yet). */
static inline int core_find_recorder(struct emu *e)
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
		if (core_read(path, buf, sizeof(buf)) || strcmp(buf, e->sr))
			continue;
		idx = atoi(de->d_name + 8);
		break;
	}
	closedir(d);
	return idx;
}

/*
 * Create, configure and power on an emulated recorder. @knobs: NULL or a
 * NULL-terminated list of "attr=value".
 */
static inline int emu_new(struct emu *e, const char *medium, const char *const *knobs)
{
	static unsigned int seq;
	char path[PATH_MAX + 64], buf[32];
	int i;

	memset(e, 0, sizeof(*e));
	e->index = -1;
	snprintf(e->name, sizeof(e->name), "core%d_%u", getpid(), seq++);
	snprintf(e->dir, sizeof(e->dir), EMU_CFS "/%s", e->name);
	if (access(EMU_CFS, F_OK))
		return -ENOENT;
	if (mkdir(e->dir, 0755))
		return -errno;
	snprintf(path, sizeof(path), "%s/medium", e->dir);
	if (core_write(path, medium))
		return -EINVAL;
	for (i = 0; knobs && knobs[i]; i++) {
		const char *eq = strchr(knobs[i], '=');

		snprintf(path, sizeof(path), "%s/%.*s", e->dir,
			 (int)(eq - knobs[i]), knobs[i]);
		if (core_write(path, eq + 1))
			return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/power", e->dir);
	if (core_write(path, "1"))
		return -EIO;
	snprintf(path, sizeof(path), "%s/block_device", e->dir);
	for (i = 0; i < 200; i++) {
		if (!core_read(path, buf, sizeof(buf)) && buf[0]) {
			snprintf(e->sr, sizeof(e->sr), "%s", buf);
			snprintf(e->srdev, sizeof(e->srdev), "/dev/%s", buf);
			e->index = core_find_recorder(e);
			if (e->index >= 0 && !access(e->srdev, F_OK))
				break;
		}
		core_msleep(25);
	}
	if (e->index < 0)
		return -ENODEV;
	snprintf(e->recdir, sizeof(e->recdir), CLASS_DIR "/discburn%d", e->index);
	for (i = 0; i < 200; i++) {
		snprintf(path, sizeof(path), "/dev/discburn%d", e->index);
		if (!access(path, F_OK))
			return 0;
		core_msleep(25);
	}
	return -ENODEV;
}

static inline int emu_power(struct emu *e, int on)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/power", e->dir);
	return core_write(path, on ? "1" : "0");
}

static inline void emu_del(struct emu *e)
{
	if (!e->dir[0] || access(e->dir, F_OK))
		return;
	emu_power(e, 0);
	rmdir(e->dir);
}

static inline int rec_open(const struct emu *e, int flags)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/discburn%d", e->index);
	return open(path, flags | O_CLOEXEC);
}

/* ioctl wrappers: 0 or -errno; *status receives the status out-field */
static inline int _rec_lock(int fd, const char *name, __u32 flags, __u32 *status)
{
	struct discburn_lock l = { .size = sizeof(l), .flags = flags };
	int ret;

	snprintf((char *)l.client_name, sizeof(l.client_name), "%s", name);
	ret = ioctl(fd, DISCBURN_IOC_LOCK, &l) ? -errno : 0;
	if (status)
		*status = l.status;
	return ret;
}

static inline int _rec_unlock(int fd, __u32 flags, __u32 *status)
{
	struct discburn_unlock u = { .size = sizeof(u), .flags = flags };
	int ret;

	ret = ioctl(fd, DISCBURN_IOC_UNLOCK, &u) ? -errno : 0;
	if (status)
		*status = u.status;
	return ret;
}

static inline int _rec_owner(int fd, struct discburn_owner *o)
{
	memset(o, 0, sizeof(*o));
	o->size = sizeof(*o);
	return ioctl(fd, DISCBURN_IOC_GET_OWNER, o) ? -errno : 0;
}

static inline int _rec_media(int fd, struct discburn_media_info *mi)
{
	memset(mi, 0, sizeof(*mi));
	mi->size = sizeof(*mi);
	return ioctl(fd, DISCBURN_IOC_GET_MEDIA_INFO, mi) ? -errno : 0;
}

static inline int _rec_profiles(int fd, struct discburn_profiles *p)
{
	memset(p, 0, sizeof(*p));
	p->size = sizeof(*p);
	return ioctl(fd, DISCBURN_IOC_GET_PROFILES, p) ? -errno : 0;
}

/* FIXTURE body shared by tests that need one recorder and one open file */
#define CORE_SKIP_WITHOUT_EMU(_ret)						\
	do {									\
		if (access(EMU_CFS, F_OK))					\
			SKIP(return, "discburn_emu not loaded");		\
		(void)(_ret);							\
	} while (0)

#endif /* _DISCBURN_SELFTEST_CORE_H */
