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

/*
 * As do_ioctl(), also handing back the errno (0 on success) for the calls
 * whose errno carries more than the status: EINTR and EINPROGRESS of a
 * session that goes on. Async-signal-safe.
 */
static int do_ioctl_errno(int fd, unsigned long cmd, void *arg, size_t size, int *errnum)
{
	struct ioc_hdr *hdr = arg;
	int saved = errno;

	hdr->size = (uint32_t)size;
	hdr->status = 0;
	*errnum = 0;
	if (ioctl(fd, cmd, arg) == 0)
		return (int)hdr->status;
	*errnum = errno;
	errno = saved;
	if (hdr->status && DISCBURN_FAILED((int)hdr->status))
		return (int)hdr->status;
	return discburn_status_from_errno(*errnum);
}

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

static int copy_name(uint8_t *dst, size_t size, const char *name)
{
	size_t len = strlen(name);

	if (len >= size)
		return -1;
	memcpy(dst, name, len);
	return 0;
}

int discburn_ioc_set_client_name(int fd, uint32_t format, const char *name)
{
	struct discburn_client_name cn;

	memset(&cn, 0, sizeof(cn));
	cn.format = format;
	if (copy_name(cn.client_name, sizeof(cn.client_name), name))
		return DISCBURN_STATUS(format == DISCBURN_FORMAT_ERASE ?
				       DISCBURN_E_ERASE_CLIENT_NAME_IS_NOT_VALID :
				       format == DISCBURN_FORMAT_RAW ?
				       DISCBURN_E_DF2RAW_CLIENT_NAME_IS_NOT_VALID :
				       DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID);
	return IOC(fd, DISCBURN_IOC_SET_CLIENT_NAME, &cn);
}

int discburn_ioc_get_format_support(int fd, uint32_t format,
				    struct discburn_format_support *fs)
{
	memset(fs, 0, sizeof(*fs));
	fs->format = format;
	return IOC(fd, DISCBURN_IOC_GET_FORMAT_SUPPORT, fs);
}

int discburn_ioc_data_begin(int fd, struct discburn_data_begin *b, int *errnum)
{
	return do_ioctl_errno(fd, DISCBURN_IOC_DATA_BEGIN, b, sizeof(*b), errnum);
}

int discburn_ioc_session_finish(int fd, uint32_t flags, struct discburn_session_finish *f,
				int *errnum)
{
	memset(f, 0, sizeof(*f));
	f->flags = flags;
	return do_ioctl_errno(fd, DISCBURN_IOC_SESSION_FINISH, f, sizeof(*f), errnum);
}

/* Async-signal-safe: discburn_format_data_cancel_write() calls it. */
int discburn_ioc_session_cancel(int fd, uint32_t format)
{
	struct discburn_session_cancel c = { .format = format };
	int errnum;

	return do_ioctl_errno(fd, DISCBURN_IOC_SESSION_CANCEL, &c, sizeof(c), &errnum);
}

int discburn_ioc_get_progress(int fd, struct discburn_progress *p)
{
	memset(p, 0, sizeof(*p));
	return IOC(fd, DISCBURN_IOC_GET_PROGRESS, p);
}

int discburn_ioc_erase(int fd, bool full, int *errnum)
{
	struct discburn_erase e;

	memset(&e, 0, sizeof(e));
	e.flags = full ? DISCBURN_ERASE_FULL : 0;
	return do_ioctl_errno(fd, DISCBURN_IOC_ERASE, &e, sizeof(e), errnum);
}

int discburn_ioc_raw_prepare(int fd, struct discburn_raw_prepare *rp, int *errnum)
{
	return do_ioctl_errno(fd, DISCBURN_IOC_RAW_PREPARE, rp, sizeof(*rp), errnum);
}

int discburn_ioc_raw_write(int fd, struct discburn_raw_write *rw)
{
	return IOC(fd, DISCBURN_IOC_RAW_WRITE, rw);
}

int discburn_ioc_raw_release(int fd)
{
	struct discburn_raw_release rr;

	memset(&rr, 0, sizeof(rr));
	return IOC(fd, DISCBURN_IOC_RAW_RELEASE, &rr);
}

int discburn_ioc_stream_join(int fd, int lead_fd)
{
	struct discburn_stream_join j;

	memset(&j, 0, sizeof(j));
	j.fd = (uint32_t)lead_fd;
	return IOC(fd, DISCBURN_IOC_STREAM_JOIN, &j);
}
