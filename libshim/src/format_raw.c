// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discburn_format_raw: IDiscFormat2RawCD over the driver's raw sessions.
 *
 * PrepareMedia is SET_CLIENT_NAME (format RAW) and RAW_PREPARE with the
 * sector type, BUFE and speed: the driver takes the lock and the door and
 * probes the sector types on the medium. A write is RAW_WRITE (where the
 * stream's LBA 0 is, its declared size), the stream into the recorder's
 * file exactly as for data (format.c), and SESSION_FINISH, whose status
 * is the write's result; the driver's session is PREPARED again until
 * ReleaseMedia (RAW_RELEASE). The sector type, BUFE and the speed go to
 * the driver at PrepareMedia, which is why they cannot change while
 * prepared.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

struct discburn_format_raw {
	struct discburn_fmt f;		/* first: the callbacks cast */
	uint32_t sector_type;		/* DISCBURN_RAW_SUBCODE_* */
	bool bufe_disabled;
	int32_t speed;			/* sectors/s, -1 fastest */
	bool pure_cav;
	discburn_raw_progress_fn progress_fn;
	void *progress_data;
	int32_t failed_lba;
	/* what PrepareMedia found; valid while @prepared */
	bool prepared;
	uint32_t sector_types;		/* bit n: type n */
	int32_t start_of_next_session;
	int32_t last_possible_start_of_leadout;
	int32_t current_speed;		/* sectors/s */
	struct discburn_recorder *prepared_rec;
};

static int raw_deliver(struct discburn_fmt *f, const struct discburn_write_progress *p)
{
	struct discburn_format_raw *raw = (struct discburn_format_raw *)f;

	return raw->progress_fn ? raw->progress_fn(raw, p, raw->progress_data) : 0;
}

DISCBURN_EXPORT int discburn_format_raw_new(struct discburn_ctx *ctx,
					    struct discburn_format_raw **out)
{
	struct discburn_format_raw *raw;
	int ret;

	if (!ctx || !out)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	raw = calloc(1, sizeof(*raw));
	if (!raw)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	ret = discburn_fmt_init(&raw->f, ctx, DISCBURN_FORMAT_RAW);
	if (ret) {
		free(raw);
		return ret;
	}
	raw->f.deliver = raw_deliver;
	raw->sector_type = DISCBURN_RAW_SUBCODE_IS_COOKED;
	raw->speed = -1;
	raw->failed_lba = -1;
	*out = raw;
	return 0;
}

DISCBURN_EXPORT struct discburn_format_raw *
discburn_format_raw_ref(struct discburn_format_raw *raw)
{
	if (raw)
		raw->f.refcount++;
	return raw;
}

DISCBURN_EXPORT struct discburn_format_raw *
discburn_format_raw_unref(struct discburn_format_raw *raw)
{
	if (!raw || --raw->f.refcount > 0)
		return NULL;
	if (raw->prepared) {
		/* the driver would release at close; the recorder may live on */
		discburn_ioc_raw_release(discburn_recorder_fd(raw->prepared_rec));
		discburn_recorder_unref(raw->prepared_rec);
	}
	discburn_fmt_fini(&raw->f);
	free(raw);
	return NULL;
}

/* Lock and check that no write runs (and, if @unprepared, that nothing is prepared). */
static int lock_idle(struct discburn_format_raw *raw, bool unprepared)
{
	if (!raw)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	pthread_mutex_lock(&raw->f.lock);
	if (atomic_load(&raw->f.state) != DISCBURN_FMT_IDLE) {
		pthread_mutex_unlock(&raw->f.lock);
		return DISCBURN_STATUS(DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS);
	}
	if (unprepared && raw->prepared) {
		pthread_mutex_unlock(&raw->f.lock);
		return DISCBURN_STATUS(DISCBURN_E_DF2RAW_MEDIA_IS_PREPARED);
	}
	return 0;
}

static void unlock(struct discburn_format_raw *raw)
{
	pthread_mutex_unlock(&raw->f.lock);
}

static int raw_support(struct discburn_recorder *rec, struct discburn_format_support *fs)
{
	return discburn_ioc_get_format_support(discburn_recorder_fd(rec), DISCBURN_FORMAT_RAW,
					       fs);
}

DISCBURN_EXPORT int discburn_format_raw_put_recorder(struct discburn_format_raw *raw,
						     struct discburn_recorder *rec)
{
	struct discburn_format_support fs;
	int ret;

	ret = lock_idle(raw, true);
	if (ret)
		return ret;
	if (rec) {
		ret = raw_support(rec, &fs);
		if (DISCBURN_FAILED(ret))
			goto out_unlock;
		if (!(fs.flags & DISCBURN_SUPPORT_RECORDER)) {
			info(raw->f.ctx, "%s cannot write raw CD sessions\n",
			     discburn_recorder_get_path(rec));
			ret = DISCBURN_STATUS(DISCBURN_E_DF2RAW_RECORDER_NOT_SUPPORTED);
			goto out_unlock;
		}
	}
	discburn_recorder_unref(raw->f.rec);
	raw->f.rec = discburn_recorder_ref(rec);
	ret = 0;
out_unlock:
	unlock(raw);
	return ret;
}

DISCBURN_EXPORT int discburn_format_raw_get_recorder(struct discburn_format_raw *raw,
						     struct discburn_recorder **rec)
{
	if (!raw || !rec)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	pthread_mutex_lock(&raw->f.lock);
	*rec = discburn_recorder_ref(raw->f.rec);
	unlock(raw);
	return 0;
}

DISCBURN_EXPORT int discburn_format_raw_put_client_name(struct discburn_format_raw *raw,
							const char *name)
{
	char *copy;
	int ret;

	if (!raw || !name)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (!discburn_client_name_valid(name))
		return DISCBURN_STATUS(DISCBURN_E_DF2RAW_CLIENT_NAME_IS_NOT_VALID);
	ret = lock_idle(raw, true);
	if (ret)
		return ret;
	copy = strdup(name);
	if (!copy) {
		unlock(raw);
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	}
	free(raw->f.client_name);
	raw->f.client_name = copy;
	unlock(raw);
	return 0;
}

DISCBURN_EXPORT const char *discburn_format_raw_get_client_name(struct discburn_format_raw *raw)
{
	return raw ? raw->f.client_name : NULL;
}

DISCBURN_EXPORT int discburn_format_raw_put_requested_sector_type(struct discburn_format_raw *raw,
								  uint32_t type)
{
	int ret;

	if (raw && (type < DISCBURN_RAW_SUBCODE_PQ_ONLY || type > DISCBURN_RAW_SUBCODE_IS_RAW))
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	ret = lock_idle(raw, false);
	if (ret)
		return ret;
	if (raw->prepared && !(raw->sector_types & (1U << type)))
		ret = DISCBURN_STATUS(DISCBURN_E_DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED);
	else if (raw->prepared && type != raw->sector_type)
		ret = DISCBURN_STATUS(DISCBURN_E_DF2RAW_MEDIA_IS_PREPARED);
	else
		raw->sector_type = type;
	unlock(raw);
	return ret;
}

DISCBURN_EXPORT uint32_t discburn_format_raw_get_requested_sector_type(struct discburn_format_raw *raw)
{
	return raw ? raw->sector_type : DISCBURN_RAW_SUBCODE_IS_COOKED;
}

DISCBURN_EXPORT int
discburn_format_raw_put_buffer_underrun_free_disabled(struct discburn_format_raw *raw, bool value)
{
	int ret = lock_idle(raw, false);

	if (ret)
		return ret;
	if (raw->prepared && value != raw->bufe_disabled)
		ret = DISCBURN_STATUS(DISCBURN_E_DF2RAW_MEDIA_IS_PREPARED);
	else
		raw->bufe_disabled = value;
	unlock(raw);
	return ret;
}

DISCBURN_EXPORT bool
discburn_format_raw_get_buffer_underrun_free_disabled(struct discburn_format_raw *raw)
{
	return raw && raw->bufe_disabled;
}

DISCBURN_EXPORT int discburn_format_raw_set_write_speed(struct discburn_format_raw *raw,
							int32_t sectors_per_second, bool pure_cav)
{
	int ret;

	if (raw && sectors_per_second <= 0 && sectors_per_second != -1)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	ret = lock_idle(raw, true);
	if (ret)
		return ret;
	raw->speed = sectors_per_second;
	raw->pure_cav = pure_cav;
	unlock(raw);
	return 0;
}

DISCBURN_EXPORT int32_t discburn_format_raw_get_requested_write_speed(struct discburn_format_raw *raw)
{
	return raw ? raw->speed : -1;
}

DISCBURN_EXPORT bool
discburn_format_raw_get_requested_rotation_type_is_pure_cav(struct discburn_format_raw *raw)
{
	return raw && raw->pure_cav;
}

DISCBURN_EXPORT void discburn_format_raw_set_progress_fn(struct discburn_format_raw *raw,
							 discburn_raw_progress_fn fn,
							 void *userdata)
{
	if (!raw)
		return;
	pthread_mutex_lock(&raw->f.lock);
	raw->progress_fn = fn;
	raw->progress_data = userdata;
	unlock(raw);
}

/* The bound (or given) recorder, referenced; NO_RECORDER_SPECIFIED without one. */
static int bound(struct discburn_format_raw *raw, struct discburn_recorder *want,
		 struct discburn_recorder **rec)
{
	if (!raw)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (want) {
		*rec = discburn_recorder_ref(want);
		return 0;
	}
	pthread_mutex_lock(&raw->f.lock);
	*rec = discburn_recorder_ref(raw->f.rec);
	unlock(raw);
	return *rec ? 0 : DISCBURN_STATUS(DISCBURN_E_DF2RAW_NO_RECORDER_SPECIFIED);
}

static int support_bit(struct discburn_format_raw *raw, struct discburn_recorder *want,
		       uint32_t bit, bool *out)
{
	struct discburn_format_support fs;
	struct discburn_recorder *rec;
	int ret;

	if (!out)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	ret = bound(raw, want, &rec);
	if (ret)
		return ret;
	ret = raw_support(rec, &fs);
	discburn_recorder_unref(rec);
	if (DISCBURN_FAILED(ret))
		return ret;
	*out = fs.flags & bit;
	return ret;
}

DISCBURN_EXPORT int discburn_format_raw_is_recorder_supported(struct discburn_format_raw *raw,
							      struct discburn_recorder *rec,
							      bool *supported)
{
	return support_bit(raw, rec, DISCBURN_SUPPORT_RECORDER, supported);
}

DISCBURN_EXPORT int
discburn_format_raw_is_current_media_supported(struct discburn_format_raw *raw,
					       struct discburn_recorder *rec, bool *supported)
{
	return support_bit(raw, rec, DISCBURN_SUPPORT_MEDIA, supported);
}

DISCBURN_EXPORT int
discburn_format_raw_get_current_physical_media_type(struct discburn_format_raw *raw,
						    uint32_t *type)
{
	struct discburn_recorder *rec;
	struct discburn_media_info m;
	int ret;

	if (!type)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	ret = bound(raw, NULL, &rec);
	if (ret)
		return ret;
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

DISCBURN_EXPORT int
discburn_format_raw_get_supported_sector_types(struct discburn_format_raw *raw,
					       uint32_t **types, size_t *count)
{
	struct discburn_capabilities c;
	struct discburn_recorder *rec;
	uint32_t mask = 0, t, *list;
	size_t n = 0;
	int ret;

	if (!types || !count)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	*types = NULL;
	*count = 0;
	ret = bound(raw, NULL, &rec);
	if (ret)
		return ret;
	pthread_mutex_lock(&raw->f.lock);
	if (raw->prepared)
		mask = raw->sector_types;
	unlock(raw);
	if (!mask) {
		/* before PrepareMedia: what the drive's features announce */
		ret = discburn_ioc_get_capabilities(discburn_recorder_fd(rec), &c);
		if (!DISCBURN_FAILED(ret)) {
			if (c.flags & DISCBURN_CAP_CD_RAW16)
				mask |= 1U << DISCBURN_RAW_SUBCODE_PQ_ONLY;
			if (c.flags & DISCBURN_CAP_CD_RAW96P)
				mask |= 1U << DISCBURN_RAW_SUBCODE_IS_COOKED;
			if (c.flags & DISCBURN_CAP_CD_RAW96R)
				mask |= 1U << DISCBURN_RAW_SUBCODE_IS_RAW;
		}
	}
	discburn_recorder_unref(rec);
	if (DISCBURN_FAILED(ret) || !mask)
		return ret;
	list = calloc(3, sizeof(*list));
	if (!list)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	for (t = DISCBURN_RAW_SUBCODE_PQ_ONLY; t <= DISCBURN_RAW_SUBCODE_IS_RAW; t++)
		if (mask & (1U << t))
			list[n++] = t;
	*types = list;
	*count = n;
	return 0;
}

DISCBURN_EXPORT int discburn_format_raw_get_current_write_speed(struct discburn_format_raw *raw,
								int32_t *sectors_per_second)
{
	struct discburn_recorder *rec;
	struct discburn_write_speeds w;
	bool prepared;
	int ret;

	if (!sectors_per_second)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	ret = bound(raw, NULL, &rec);
	if (ret)
		return ret;
	pthread_mutex_lock(&raw->f.lock);
	prepared = raw->prepared;
	*sectors_per_second = raw->current_speed;
	unlock(raw);
	if (!prepared) {
		ret = discburn_ioc_get_write_speeds(discburn_recorder_fd(rec), &w);
		if (!DISCBURN_FAILED(ret))
			*sectors_per_second = (int32_t)discburn_kbps_to_sectors(w.current_kbps);
	}
	discburn_recorder_unref(rec);
	return ret;
}

/* ---- PrepareMedia, ReleaseMedia ---- */

DISCBURN_EXPORT int discburn_format_raw_prepare_media(struct discburn_format_raw *raw)
{
	struct discburn_raw_prepare rp;
	struct discburn_recorder *rec;
	int fd, errnum, ret;

	ret = lock_idle(raw, true);
	if (ret)
		return ret;
	if (!raw->f.rec) {
		ret = DISCBURN_STATUS(DISCBURN_E_DF2RAW_NO_RECORDER_SPECIFIED);
		goto out_unlock;
	}
	if (!raw->f.client_name) {
		ret = DISCBURN_STATUS(DISCBURN_E_DF2RAW_CLIENT_NAME_IS_NOT_VALID);
		goto out_unlock;
	}
	rec = raw->f.rec;
	fd = discburn_recorder_fd(rec);
	ret = discburn_ioc_set_client_name(fd, DISCBURN_FORMAT_RAW, raw->f.client_name);
	if (DISCBURN_FAILED(ret))
		goto out_unlock;
	memset(&rp, 0, sizeof(rp));
	rp.sector_type = raw->sector_type;
	rp.flags = raw->bufe_disabled ? DISCBURN_RAW_BUFE_DISABLED : 0;
	rp.write_speed = (uint32_t)raw->speed;
	do
		ret = discburn_ioc_raw_prepare(fd, &rp, &errnum);
	while (errnum == EINTR);
	if (DISCBURN_FAILED(ret)) {
		dbg(raw->f.ctx, "%s: prepare: %s\n", discburn_recorder_get_path(rec),
		    discburn_strerror(ret));
		goto out_unlock;
	}
	raw->prepared = true;
	raw->prepared_rec = discburn_recorder_ref(rec);
	raw->sector_types = rp.sector_types;
	raw->start_of_next_session = (int32_t)rp.start_of_next_session;
	raw->last_possible_start_of_leadout = (int32_t)rp.last_possible_start_of_leadout;
	raw->current_speed = (int32_t)rp.current_speed;
	info(raw->f.ctx, "%s: prepared: lead-in at LBA %d, lead-out by LBA %d, %d sectors/s\n",
	     discburn_recorder_get_path(rec), raw->start_of_next_session,
	     raw->last_possible_start_of_leadout, raw->current_speed);
out_unlock:
	unlock(raw);
	return ret;
}

DISCBURN_EXPORT int discburn_format_raw_release_media(struct discburn_format_raw *raw)
{
	int ret = lock_idle(raw, false);

	if (ret)
		return ret;
	if (!raw->prepared) {
		unlock(raw);
		return DISCBURN_STATUS(DISCBURN_E_DF2RAW_MEDIA_IS_NOT_PREPARED);
	}
	ret = discburn_ioc_raw_release(discburn_recorder_fd(raw->prepared_rec));
	/* not prepared any more, whatever the driver says (unplugged, closed) */
	raw->prepared = false;
	raw->prepared_rec = discburn_recorder_unref(raw->prepared_rec);
	unlock(raw);
	if (ret == DISCBURN_STATUS(DISCBURN_E_DF2RAW_MEDIA_IS_NOT_PREPARED))
		ret = 0;	/* the driver ended it already (the file was closed) */
	return ret;
}

static int prepared_value(struct discburn_format_raw *raw, const int32_t *field, int32_t *out)
{
	int ret = 0;

	if (!raw || !out)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	pthread_mutex_lock(&raw->f.lock);
	if (raw->prepared)
		*out = *field;
	else
		ret = DISCBURN_STATUS(DISCBURN_E_DF2RAW_MEDIA_IS_NOT_PREPARED);
	unlock(raw);
	return ret;
}

DISCBURN_EXPORT int discburn_format_raw_get_start_of_next_session(struct discburn_format_raw *raw,
								  int32_t *lba)
{
	return prepared_value(raw, raw ? &raw->start_of_next_session : NULL, lba);
}

DISCBURN_EXPORT int
discburn_format_raw_get_last_possible_start_of_leadout(struct discburn_format_raw *raw,
						       int32_t *lba)
{
	return prepared_value(raw, raw ? &raw->last_possible_start_of_leadout : NULL, lba);
}

/* ---- WriteMedia ---- */

struct raw_write_call {
	int fd;
	struct discburn_raw_write w;
	int ret;
};

static void raw_write_fn(void *arg)
{
	struct raw_write_call *c = arg;

	c->ret = discburn_ioc_raw_write(c->fd, &c->w);
}

static int raw_write(struct discburn_format_raw *raw, struct discburn_source *src,
		     uint64_t stream_bytes, int32_t leadin_sectors)
{
	struct discburn_fmt *f = &raw->f;
	struct raw_write_call wc = { 0 };
	struct discburn_finish_call fc = { 0 };
	int32_t failed_lba = -1;
	bool began = false;
	int fd, ret;

	if (!raw)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (leadin_sectors < 0)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	ret = lock_idle(raw, false);
	if (ret)
		return ret;
	if (!raw->prepared) {
		unlock(raw);
		return DISCBURN_STATUS(DISCBURN_E_DF2RAW_MEDIA_IS_NOT_PREPARED);
	}
	fd = discburn_recorder_fd(raw->prepared_rec);
	wc.fd = fd;
	wc.w.leadin_sectors = (uint32_t)leadin_sectors;
	wc.w.stream_bytes = stream_bytes;
	atomic_store(&f->cancel, 0);
	atomic_store(&f->cancel_sent, 0);
	atomic_store(&f->fd, fd);
	atomic_store(&f->state, DISCBURN_FMT_BEGINNING);
	discburn_format_raw_ref(raw);
	/* f->rec is raw->prepared_rec: put_Recorder is refused while prepared */
	raw->failed_lba = -1;
	unlock(raw);

	discburn_fmt_drain_wake(f);
	discburn_fmt_run_begin(f);
	discburn_fmt_call(f, raw_write_fn, &wc);
	ret = wc.ret;
	if (DISCBURN_FAILED(ret)) {
		dbg(f->ctx, "%s: raw write: %s\n", discburn_recorder_get_path(f->rec),
		    discburn_strerror(ret));
		goto out_end;
	}
	began = true;
	info(f->ctx, "%s: writing from LBA %d, %u stream sectors skipped, %u bytes a sector\n",
	     discburn_recorder_get_path(f->rec), (int32_t)wc.w.start_lba, wc.w.skip_sectors,
	     wc.w.sector_bytes);
	atomic_store(&f->state, DISCBURN_FMT_RUNNING);
	if (atomic_load(&f->cancel))
		discburn_fmt_send_cancel(f);

	discburn_fmt_stream(f, src, fd);

	fc.fd = fd;
	discburn_fmt_call(f, discburn_fmt_finish_fn, &fc);
	ret = fc.ret;
	failed_lba = (int32_t)fc.f.failed_lba;
	if (src->error && ret == DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED))
		ret = src->error;
out_end:
	raw->failed_lba = failed_lba;
	discburn_fmt_run_end(f, ret, began, failed_lba);
	pthread_mutex_lock(&f->lock);
	atomic_store(&f->fd, -1);
	atomic_store(&f->state, DISCBURN_FMT_IDLE);
	unlock(raw);
	discburn_format_raw_unref(raw);
	return ret;
}

DISCBURN_EXPORT int discburn_format_raw_write_media2(struct discburn_format_raw *raw, int fd,
						     int32_t leadin_sectors)
{
	struct discburn_source src = { .fd = fd };
	uint64_t bytes = 0;
	struct stat st;
	int ret;

	if (!raw)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (fd < 0 || fstat(fd, &st))
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	if (S_ISREG(st.st_mode)) {
		src.off = lseek(fd, 0, SEEK_CUR);
		if (src.off < 0)
			src.off = 0;
		src.left = st.st_size > src.off ? (uint64_t)(st.st_size - src.off) : 0;
		src.regular = true;
		bytes = src.left;
	}
	src.buf = malloc(DISCBURN_STREAM_BUF);
	if (!src.buf)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	ret = raw_write(raw, &src, bytes, leadin_sectors);
	free(src.buf);
	return ret;
}

DISCBURN_EXPORT int discburn_format_raw_write_media(struct discburn_format_raw *raw, int fd)
{
	return discburn_format_raw_write_media2(raw, fd, 0);
}

DISCBURN_EXPORT int discburn_format_raw_write_media_stream(struct discburn_format_raw *raw,
							   discburn_read_fn read_fn,
							   void *userdata, uint64_t stream_bytes,
							   int32_t leadin_sectors)
{
	struct discburn_source src = { .fd = -1, .read_fn = read_fn, .userdata = userdata };
	int ret;

	if (!raw || !read_fn)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	src.buf = malloc(DISCBURN_STREAM_BUF);
	if (!src.buf)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	ret = raw_write(raw, &src, stream_bytes, leadin_sectors);
	free(src.buf);
	return ret;
}

DISCBURN_EXPORT int discburn_format_raw_cancel_write(struct discburn_format_raw *raw)
{
	if (!raw)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	return discburn_fmt_cancel(&raw->f);
}

DISCBURN_EXPORT int32_t discburn_format_raw_get_failed_lba(struct discburn_format_raw *raw)
{
	return raw ? raw->failed_lba : -1;
}

DISCBURN_EXPORT int discburn_format_raw_get_last_progress(struct discburn_format_raw *raw,
							  struct discburn_write_progress *progress)
{
	struct discburn_write_progress p;
	bool have;

	if (!raw || !progress)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	pthread_mutex_lock(&raw->f.lock);
	have = raw->f.have_last;
	p = raw->f.last;
	unlock(raw);
	if (!have)
		return DISCBURN_STATUS(DISCBURN_E_DF2RAW_WRITE_NOT_IN_PROGRESS);
	return discburn_progress_copy_out(&p, progress);
}
