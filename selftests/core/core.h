/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the discburn core selftests: the emulated recorder of
 * emu_fixture.h, its sysfs attributes and /dev/discburnN, and thin ioctl
 * wrappers in the iommufd style (_x returns -errno, status out).
 */
#ifndef _DISCBURN_SELFTEST_CORE_H
#define _DISCBURN_SELFTEST_CORE_H

#include <sys/ioctl.h>

#include <linux/discburn.h>

#include "emu_fixture.h"

/* Attribute @attr of the recorder's sysfs directory, its first line */
static inline int core_attr(const struct emu *e, const char *attr, char *buf,
			    size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", e->recdir, attr);
	return st_read(path, buf, len);
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

#endif /* _DISCBURN_SELFTEST_CORE_H */
