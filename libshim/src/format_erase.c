// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discburn_format_erase: IDiscFormat2Erase over the driver's erase
 * session (DISCBURN_IOC_ERASE, which waits for the end). The call runs on
 * a helper thread while this thread turns the driver's progress into the
 * Update event's elapsed and estimated total seconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct discburn_format_erase {
	struct discburn_fmt f;		/* first: the callbacks cast */
	bool full;
	discburn_erase_progress_fn progress_fn;
	void *progress_data;
};

static int erase_deliver(struct discburn_fmt *f, const struct discburn_write_progress *p)
{
	struct discburn_format_erase *erase = (struct discburn_format_erase *)f;
	unsigned int elapsed = (unsigned int)(p->elapsed_ns / 1000000000ULL), total;

	if (!erase->progress_fn)
		return 0;
	/* at the end the estimate is what it took; before, never below elapsed */
	total = p->state == DISCBURN_SESSION_DONE || !p->total_ns ? 0 :
		(unsigned int)((p->total_ns + 500000000ULL) / 1000000000ULL);
	if (p->state == DISCBURN_SESSION_DONE || (total && total < elapsed))
		total = elapsed;
	return erase->progress_fn(erase, elapsed, total, erase->progress_data);
}

DISCBURN_EXPORT int discburn_format_erase_new(struct discburn_ctx *ctx,
					      struct discburn_format_erase **out)
{
	struct discburn_format_erase *erase;
	int ret;

	if (!ctx || !out)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	erase = calloc(1, sizeof(*erase));
	if (!erase)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	ret = discburn_fmt_init(&erase->f, ctx, DISCBURN_FORMAT_ERASE);
	if (ret) {
		free(erase);
		return ret;
	}
	erase->f.deliver = erase_deliver;
	/* the erase session is there only once the drive has been checked */
	erase->f.retry_cancel = true;
	*out = erase;
	return 0;
}

DISCBURN_EXPORT struct discburn_format_erase *
discburn_format_erase_ref(struct discburn_format_erase *erase)
{
	if (erase)
		erase->f.refcount++;
	return erase;
}

DISCBURN_EXPORT struct discburn_format_erase *
discburn_format_erase_unref(struct discburn_format_erase *erase)
{
	if (!erase || --erase->f.refcount > 0)
		return NULL;
	discburn_fmt_fini(&erase->f);
	free(erase);
	return NULL;
}

static int lock_idle(struct discburn_format_erase *erase)
{
	if (!erase)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	pthread_mutex_lock(&erase->f.lock);
	if (atomic_load(&erase->f.state) != DISCBURN_FMT_IDLE) {
		pthread_mutex_unlock(&erase->f.lock);
		return discburn_fmt_busy_status(&erase->f);
	}
	return 0;
}

static void unlock(struct discburn_format_erase *erase)
{
	pthread_mutex_unlock(&erase->f.lock);
}

DISCBURN_EXPORT int discburn_format_erase_put_recorder(struct discburn_format_erase *erase,
						       struct discburn_recorder *rec)
{
	struct discburn_format_support fs;
	int ret;

	ret = lock_idle(erase);
	if (ret)
		return ret;
	if (rec) {
		ret = discburn_ioc_get_format_support(discburn_recorder_fd(rec),
						      DISCBURN_FORMAT_ERASE, &fs);
		if (DISCBURN_FAILED(ret))
			goto out_unlock;
		if (!(fs.flags & DISCBURN_SUPPORT_RECORDER)) {
			ret = DISCBURN_STATUS(DISCBURN_E_ERASE_RECORDER_NOT_SUPPORTED);
			goto out_unlock;
		}
	}
	discburn_recorder_unref(erase->f.rec);
	erase->f.rec = discburn_recorder_ref(rec);
	ret = 0;
out_unlock:
	unlock(erase);
	return ret;
}

DISCBURN_EXPORT int discburn_format_erase_get_recorder(struct discburn_format_erase *erase,
						       struct discburn_recorder **rec)
{
	if (!erase || !rec)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	pthread_mutex_lock(&erase->f.lock);
	*rec = discburn_recorder_ref(erase->f.rec);
	unlock(erase);
	return 0;
}

DISCBURN_EXPORT int discburn_format_erase_put_client_name(struct discburn_format_erase *erase,
							  const char *name)
{
	char *copy;
	int ret;

	if (!erase || !name)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (!discburn_client_name_valid(name))
		return DISCBURN_STATUS(DISCBURN_E_ERASE_CLIENT_NAME_IS_NOT_VALID);
	ret = lock_idle(erase);
	if (ret)
		return ret;
	copy = strdup(name);
	if (!copy) {
		unlock(erase);
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	}
	free(erase->f.client_name);
	erase->f.client_name = copy;
	unlock(erase);
	return 0;
}

DISCBURN_EXPORT const char *
discburn_format_erase_get_client_name(struct discburn_format_erase *erase)
{
	return erase ? erase->f.client_name : NULL;
}

DISCBURN_EXPORT int discburn_format_erase_put_full_erase(struct discburn_format_erase *erase,
							 bool full)
{
	int ret = lock_idle(erase);

	if (ret)
		return ret;
	erase->full = full;
	unlock(erase);
	return 0;
}

DISCBURN_EXPORT bool discburn_format_erase_get_full_erase(struct discburn_format_erase *erase)
{
	return erase && erase->full;
}

DISCBURN_EXPORT int
discburn_format_erase_get_current_physical_media_type(struct discburn_format_erase *erase,
						      uint32_t *type)
{
	struct discburn_recorder *rec;
	struct discburn_media_info m;
	int ret;

	if (!erase || !type)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	pthread_mutex_lock(&erase->f.lock);
	rec = discburn_recorder_ref(erase->f.rec);
	unlock(erase);
	if (!rec)
		return DISCBURN_STATUS(DISCBURN_E_RECORDER_REQUIRED);
	ret = discburn_ioc_get_media_info(discburn_recorder_fd(rec), &m);
	discburn_recorder_unref(rec);
	if (ret == DISCBURN_STATUS(DISCBURN_E_RECORDER_MEDIA_NO_MEDIA)) {
		*type = DISCBURN_MEDIA_UNKNOWN;
		return 0;
	}
	if (DISCBURN_FAILED(ret))
		return ret;
	*type = m.physical_type;
	return ret;
}

DISCBURN_EXPORT void discburn_format_erase_set_progress_fn(struct discburn_format_erase *erase,
							   discburn_erase_progress_fn fn,
							   void *userdata)
{
	if (!erase)
		return;
	pthread_mutex_lock(&erase->f.lock);
	erase->progress_fn = fn;
	erase->progress_data = userdata;
	unlock(erase);
}

struct erase_call {
	int fd;
	bool full;
	int ret;
};

static void erase_fn(void *arg)
{
	struct erase_call *c = arg;
	int errnum;

	c->ret = discburn_ioc_erase(c->fd, c->full, &errnum);
}

DISCBURN_EXPORT int discburn_format_erase_erase_media(struct discburn_format_erase *erase)
{
	struct discburn_fmt *f;
	struct erase_call c = { 0 };
	char name[DISCBURN_CLIENT_NAME_MAX + 1];
	bool began = false;
	int ret;

	if (!erase)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	f = &erase->f;
	pthread_mutex_lock(&f->lock);
	if (!f->rec)
		ret = DISCBURN_STATUS(DISCBURN_E_RECORDER_REQUIRED);
	else if (atomic_load(&f->state) != DISCBURN_FMT_IDLE)
		ret = discburn_fmt_busy_status(f);
	else if (!f->client_name)
		ret = DISCBURN_STATUS(DISCBURN_E_ERASE_CLIENT_NAME_IS_NOT_VALID);
	else
		ret = 0;
	if (ret) {
		unlock(erase);
		return ret;
	}
	snprintf(name, sizeof(name), "%s", f->client_name);
	c.fd = discburn_recorder_fd(f->rec);
	c.full = erase->full;
	atomic_store(&f->cancel, 0);
	atomic_store(&f->cancel_sent, 0);
	atomic_store(&f->fd, c.fd);
	atomic_store(&f->state, DISCBURN_FMT_RUNNING);
	discburn_format_erase_ref(erase);
	unlock(erase);

	discburn_fmt_drain_wake(f);
	discburn_fmt_run_begin(f);
	ret = discburn_ioc_set_client_name(c.fd, DISCBURN_FORMAT_ERASE, name);
	if (!DISCBURN_FAILED(ret)) {
		discburn_fmt_call(f, erase_fn, &c);
		ret = c.ret;
		began = f->seen_running;
	}
	discburn_fmt_run_end(f, ret, began, -1);
	pthread_mutex_lock(&f->lock);
	atomic_store(&f->fd, -1);
	atomic_store(&f->state, DISCBURN_FMT_IDLE);
	unlock(erase);
	discburn_format_erase_unref(erase);
	return ret;
}
