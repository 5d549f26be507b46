// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Every call into the driver. One function per ioctl; each fills in the
 * size header, runs the ioctl and returns a library status: the driver's
 * own status when it wrote one, else the errno mapped to its COM value.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"

struct ioc_hdr {
	uint32_t size;
	uint32_t status;
};

static int do_ioctl(int fd, unsigned long cmd, void *arg, size_t size)
{
	struct ioc_hdr *hdr = arg;
	int errnum;

	hdr->size = (uint32_t)size;
	hdr->status = 0;
	if (ioctl(fd, cmd, arg) == 0)
		return (int)hdr->status;
	errnum = errno;
	if (hdr->status && DISCBURN_FAILED((int)hdr->status))
		return (int)hdr->status;
	return discburn_status_from_errno(errnum);
}

#define IOC(fd, cmd, p) do_ioctl(fd, cmd, p, sizeof(*(p)))

int discburn_ioc_get_identity(int fd, struct discburn_identity *id)
{
	memset(id, 0, sizeof(*id));
	return IOC(fd, DISCBURN_IOC_GET_IDENTITY, id);
}

int discburn_ioc_get_profiles(int fd, struct discburn_profiles *p)
{
	int ret;

	memset(p, 0, sizeof(*p));
	ret = IOC(fd, DISCBURN_IOC_GET_PROFILES, p);
	if (!DISCBURN_FAILED(ret) && p->count > DISCBURN_MAX_PROFILES)
		p->count = DISCBURN_MAX_PROFILES;
	return ret;
}

int discburn_ioc_get_features(int fd, struct discburn_features *f)
{
	int ret;

	memset(f, 0, sizeof(*f));
	ret = IOC(fd, DISCBURN_IOC_GET_FEATURES, f);
	if (!DISCBURN_FAILED(ret) && f->count > DISCBURN_MAX_FEATURES)
		f->count = DISCBURN_MAX_FEATURES;
	return ret;
}

int discburn_ioc_get_capabilities(int fd, struct discburn_capabilities *c)
{
	memset(c, 0, sizeof(*c));
	return IOC(fd, DISCBURN_IOC_GET_CAPABILITIES, c);
}

int discburn_ioc_get_write_speeds(int fd, struct discburn_write_speeds *w)
{
	int ret;

	memset(w, 0, sizeof(*w));
	ret = IOC(fd, DISCBURN_IOC_GET_WRITE_SPEEDS, w);
	if (!DISCBURN_FAILED(ret) && w->count > DISCBURN_MAX_SPEEDS)
		w->count = DISCBURN_MAX_SPEEDS;
	return ret;
}

int discburn_ioc_get_media_info(int fd, struct discburn_media_info *m)
{
	memset(m, 0, sizeof(*m));
	return IOC(fd, DISCBURN_IOC_GET_MEDIA_INFO, m);
}

int discburn_ioc_lock(int fd, bool ignore_volume, const char *name)
{
	struct discburn_lock l;
	size_t len = strlen(name);

	memset(&l, 0, sizeof(l));
	if (len >= sizeof(l.client_name))
		return DISCBURN_STATUS(DISCBURN_E_RECORDER_CLIENT_NAME_IS_NOT_VALID);
	l.flags = ignore_volume ? DISCBURN_LOCK_IGNORE_VOLUME : 0;
	memcpy(l.client_name, name, len);
	return IOC(fd, DISCBURN_IOC_LOCK, &l);
}

int discburn_ioc_unlock(int fd)
{
	struct discburn_unlock u;

	memset(&u, 0, sizeof(u));
	return IOC(fd, DISCBURN_IOC_UNLOCK, &u);
}

int discburn_ioc_get_owner(int fd, struct discburn_exclusive_owner *owner)
{
	struct discburn_owner o;
	int ret;

	memset(&o, 0, sizeof(o));
	memset(owner, 0, sizeof(*owner));
	ret = IOC(fd, DISCBURN_IOC_GET_OWNER, &o);
	if (DISCBURN_FAILED(ret) || !o.locked)
		return ret;
	owner->locked = true;
	owner->mine = o.mine != 0;
	owner->pid = (pid_t)o.pid;
	owner->since = (int64_t)(o.since_ns / 1000000000ULL);
	memcpy(owner->name, o.client_name, sizeof(owner->name) - 1);
	owner->name[sizeof(owner->name) - 1] = '\0';
	return ret;
}

int discburn_ioc_eject(int fd, bool load)
{
	struct discburn_eject e;

	memset(&e, 0, sizeof(e));
	e.flags = load ? DISCBURN_EJECT_CLOSE_TRAY : 0;
	return IOC(fd, DISCBURN_IOC_EJECT, &e);
}

int discburn_ioc_get_progress(int fd, struct discburn_progress *p)
{
	memset(p, 0, sizeof(*p));
	return IOC(fd, DISCBURN_IOC_GET_PROGRESS, p);
}
