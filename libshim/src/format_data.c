// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discburn_format_data: IDiscFormat2Data over the driver's data sessions.
 *
 * A write is: SET_CLIENT_NAME (format DATA) and DATA_BEGIN with the
 * options, the stream into the recorder's file (sendfile(2) from a regular
 * file, whose size DATA_BEGIN declares; read(2) or the caller's callback
 * otherwise), then SESSION_FINISH, whose status is the write's result.
 * The stream goes in non-blocking, driven by poll(2) on the recorder's
 * file (POLLOUT: ring room; POLLERR: the session stopped; POLLHUP: the
 * drive is gone), the source, the netlink events and the cancel wake-up,
 * so that progress reaches the callback while the drive works.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

struct discburn_format_data {
	struct discburn_fmt f;		/* first: the callbacks cast */
	uint32_t flags;			/* DISCBURN_DATA_*, PURE_CAV apart */
	unsigned int verify;
	int32_t speed;			/* sectors/s, -1 fastest */
	bool pure_cav;
	discburn_data_progress_fn progress_fn;
	void *progress_data;
	int32_t failed_lba;
};

static int data_deliver(struct discburn_fmt *f, const struct discburn_write_progress *p)
{
	struct discburn_format_data *data = (struct discburn_format_data *)f;

	return data->progress_fn ? data->progress_fn(data, p, data->progress_data) : 0;
}

DISCBURN_EXPORT int discburn_format_data_new(struct discburn_ctx *ctx,
					     struct discburn_format_data **out)
{
	struct discburn_format_data *data;
	int ret;

	if (!ctx || !out)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	data = calloc(1, sizeof(*data));
	if (!data)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	ret = discburn_fmt_init(&data->f, ctx, DISCBURN_FORMAT_DATA);
	if (ret) {
		free(data);
		return ret;
	}
	data->f.deliver = data_deliver;
	data->verify = DISCBURN_VERIFY_NONE;
	data->speed = -1;
	data->failed_lba = -1;
	*out = data;
	return 0;
}

DISCBURN_EXPORT struct discburn_format_data *
discburn_format_data_ref(struct discburn_format_data *data)
{
	if (data)
		data->f.refcount++;
	return data;
}

DISCBURN_EXPORT struct discburn_format_data *
discburn_format_data_unref(struct discburn_format_data *data)
{
	if (!data || --data->f.refcount > 0)
		return NULL;
	discburn_fmt_fini(&data->f);
	free(data);
	return NULL;
}

/* Lock and check that no write runs; on failure nothing is held. */
static int lock_idle(struct discburn_format_data *data)
{
	if (!data)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	pthread_mutex_lock(&data->f.lock);
	if (atomic_load(&data->f.state) != DISCBURN_FMT_IDLE) {
		pthread_mutex_unlock(&data->f.lock);
		return discburn_fmt_busy_status(&data->f);
	}
	return 0;
}

static void unlock(struct discburn_format_data *data)
{
	pthread_mutex_unlock(&data->f.lock);
}

static int format_support(struct discburn_recorder *rec, struct discburn_format_support *fs)
{
	return discburn_ioc_get_format_support(discburn_recorder_fd(rec), DISCBURN_FORMAT_DATA,
					       fs);
}

DISCBURN_EXPORT int discburn_format_data_put_recorder(struct discburn_format_data *data,
						      struct discburn_recorder *rec)
{
	struct discburn_format_support fs;
	int ret;

	ret = lock_idle(data);
	if (ret)
		return ret;
	if (rec) {
		ret = format_support(rec, &fs);
		if (DISCBURN_FAILED(ret)) {
			dbg(data->f.ctx, "%s: format support: %s\n", discburn_recorder_get_path(rec),
			    discburn_strerror(ret));
			goto out_unlock;
		}
		if (!(fs.flags & DISCBURN_SUPPORT_RECORDER)) {
			info(data->f.ctx, "%s cannot write data discs\n",
			     discburn_recorder_get_path(rec));
			ret = DISCBURN_STATUS(DISCBURN_E_DF2DATA_RECORDER_NOT_SUPPORTED);
			goto out_unlock;
		}
	}
	discburn_recorder_unref(data->f.rec);
	data->f.rec = discburn_recorder_ref(rec);
	ret = 0;
out_unlock:
	unlock(data);
	return ret;
}

DISCBURN_EXPORT int discburn_format_data_get_recorder(struct discburn_format_data *data,
						      struct discburn_recorder **rec)
{
	if (!data || !rec)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	pthread_mutex_lock(&data->f.lock);
	*rec = discburn_recorder_ref(data->f.rec);
	unlock(data);
	return 0;
}

DISCBURN_EXPORT int discburn_format_data_put_client_name(struct discburn_format_data *data,
							 const char *name)
{
	char *copy;
	int ret;

	if (!name)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (!discburn_client_name_valid(name))
		return data ? DISCBURN_STATUS(DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID) :
			      DISCBURN_STATUS(DISCBURN_E_POINTER);
	ret = lock_idle(data);
	if (ret)
		return ret;
	copy = strdup(name);
	if (!copy) {
		unlock(data);
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	}
	free(data->f.client_name);
	data->f.client_name = copy;
	unlock(data);
	return 0;
}

DISCBURN_EXPORT const char *discburn_format_data_get_client_name(struct discburn_format_data *data)
{
	return data ? data->f.client_name : NULL;
}

/* ---- options ---- */

static int put_flag(struct discburn_format_data *data, uint32_t bit, bool value)
{
	int ret = lock_idle(data);

	if (ret)
		return ret;
	if (value)
		data->flags |= bit;
	else
		data->flags &= ~bit;
	unlock(data);
	return 0;
}

static bool get_flag(struct discburn_format_data *data, uint32_t bit)
{
	return data && (data->flags & bit);
}

#define FLAG_ACCESSORS(name, bit)						\
DISCBURN_EXPORT int discburn_format_data_put_##name(struct discburn_format_data *data,	\
						    bool value)			\
{										\
	return put_flag(data, bit, value);					\
}										\
DISCBURN_EXPORT bool discburn_format_data_get_##name(struct discburn_format_data *data)	\
{										\
	return get_flag(data, bit);						\
}

FLAG_ACCESSORS(force_media_to_be_closed, DISCBURN_DATA_FORCE_CLOSE)
FLAG_ACCESSORS(force_overwrite, DISCBURN_DATA_FORCE_OVERWRITE)
FLAG_ACCESSORS(postgap_already_in_image, DISCBURN_DATA_POSTGAP_IN_IMAGE)
FLAG_ACCESSORS(buffer_underrun_free_disabled, DISCBURN_DATA_BUFE_DISABLED)
FLAG_ACCESSORS(disable_consumer_dvd_compatibility_mode, DISCBURN_DATA_NO_DVD_COMPAT)
FLAG_ACCESSORS(append_session, DISCBURN_DATA_APPEND)
FLAG_ACCESSORS(test_write, DISCBURN_DATA_TEST_WRITE)

DISCBURN_EXPORT int discburn_format_data_put_verification_level(struct discburn_format_data *data,
								unsigned int level)
{
	int ret;

	if (data && level > DISCBURN_VERIFY_FULL)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	ret = lock_idle(data);
	if (ret)
		return ret;
	data->verify = level;
	unlock(data);
	return 0;
}

DISCBURN_EXPORT unsigned int
discburn_format_data_get_verification_level(struct discburn_format_data *data)
{
	return data ? data->verify : DISCBURN_VERIFY_NONE;
}

DISCBURN_EXPORT int discburn_format_data_set_write_speed(struct discburn_format_data *data,
							 int32_t sectors_per_second,
							 bool pure_cav)
{
	int ret;

	if (data && sectors_per_second <= 0 && sectors_per_second != -1)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	ret = lock_idle(data);
	if (ret)
		return ret;
	data->speed = sectors_per_second;
	data->pure_cav = pure_cav;
	unlock(data);
	return 0;
}

DISCBURN_EXPORT int32_t
discburn_format_data_get_requested_write_speed(struct discburn_format_data *data)
{
	return data ? data->speed : -1;
}

DISCBURN_EXPORT bool
discburn_format_data_get_requested_rotation_type_is_pure_cav(struct discburn_format_data *data)
{
	return data && data->pure_cav;
}

DISCBURN_EXPORT void discburn_format_data_set_progress_fn(struct discburn_format_data *data,
							  discburn_data_progress_fn fn,
							  void *userdata)
{
	if (!data)
		return;
	pthread_mutex_lock(&data->f.lock);
	data->progress_fn = fn;
	data->progress_data = userdata;
	unlock(data);
}

/* ---- properties from the drive ---- */

/* The bound recorder, referenced; RECORDER_REQUIRED without one. */
static int bound(struct discburn_format_data *data, struct discburn_recorder *want,
		 struct discburn_recorder **rec)
{
	if (!data)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (want) {
		*rec = discburn_recorder_ref(want);
		return 0;
	}
	pthread_mutex_lock(&data->f.lock);
	*rec = discburn_recorder_ref(data->f.rec);
	unlock(data);
	return *rec ? 0 : DISCBURN_STATUS(DISCBURN_E_RECORDER_REQUIRED);
}

static int media_info(struct discburn_format_data *data, struct discburn_media_info *m)
{
	struct discburn_recorder *rec;
	int ret = bound(data, NULL, &rec);

	if (ret)
		return ret;
	ret = discburn_ioc_get_media_info(discburn_recorder_fd(rec), m);
	discburn_recorder_unref(rec);
	return ret;
}

#define MEDIA_GETTER(name, type, expr)						\
DISCBURN_EXPORT int discburn_format_data_get_##name(struct discburn_format_data *data,	\
						    type *out)			\
{										\
	struct discburn_media_info m;						\
	int ret;								\
										\
	if (!out)								\
		return DISCBURN_STATUS(DISCBURN_E_POINTER);			\
	ret = media_info(data, &m);						\
	if (DISCBURN_FAILED(ret))						\
		return ret;							\
	*out = (type)(expr);							\
	return ret;								\
}

MEDIA_GETTER(current_media_status, uint32_t, m.media_state)
MEDIA_GETTER(write_protect_status, uint32_t, m.write_protect)
MEDIA_GETTER(total_sectors_on_media, int32_t, m.total_sectors)
MEDIA_GETTER(free_sectors_on_media, int32_t, m.free_sectors)
MEDIA_GETTER(next_writable_address, int32_t, m.next_writable_address)
MEDIA_GETTER(start_address_of_previous_session, int32_t, m.start_of_previous_session)
MEDIA_GETTER(last_written_address_of_previous_session, int32_t,
	     m.last_written_of_previous_session)

DISCBURN_EXPORT int
discburn_format_data_get_current_physical_media_type(struct discburn_format_data *data,
						     uint32_t *type)
{
	struct discburn_media_info m;
	int ret;

	if (!type)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	ret = media_info(data, &m);
	if (ret == DISCBURN_STATUS(DISCBURN_E_RECORDER_MEDIA_NO_MEDIA)) {
		*type = DISCBURN_MEDIA_UNKNOWN;
		return 0;
	}
	if (DISCBURN_FAILED(ret))
		return ret;
	*type = m.physical_type;
	return ret;
}

static int write_speeds(struct discburn_format_data *data, struct discburn_write_speeds *w,
			uint32_t *media_type)
{
	struct discburn_recorder *rec;
	struct discburn_media_info m;
	int ret = bound(data, NULL, &rec);

	if (ret)
		return ret;
	ret = discburn_ioc_get_write_speeds(discburn_recorder_fd(rec), w);
	if (!DISCBURN_FAILED(ret) && media_type)
		*media_type = DISCBURN_FAILED(discburn_ioc_get_media_info(discburn_recorder_fd(rec),
									  &m)) ?
			      DISCBURN_MEDIA_UNKNOWN : m.physical_type;
	discburn_recorder_unref(rec);
	return ret;
}

DISCBURN_EXPORT int
discburn_format_data_get_supported_write_speeds(struct discburn_format_data *data,
						uint32_t **speeds, size_t *count)
{
	struct discburn_write_speeds w;
	uint32_t *list;
	uint32_t i;
	int ret;

	if (!speeds || !count)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	*speeds = NULL;
	*count = 0;
	ret = write_speeds(data, &w, NULL);
	if (DISCBURN_FAILED(ret) || !w.count)
		return ret;
	list = calloc(w.count, sizeof(*list));
	if (!list)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	for (i = 0; i < w.count; i++)
		list[i] = discburn_kbps_to_sectors(w.kbps[i]);
	*speeds = list;
	*count = w.count;
	return ret;
}

DISCBURN_EXPORT int discburn_format_data_get_supported_write_speed_descriptors(
	struct discburn_format_data *data, struct discburn_write_speed_descriptor **descs,
	size_t *count)
{
	struct discburn_write_speed_descriptor *list;
	struct discburn_write_speeds w;
	uint32_t i, type = DISCBURN_MEDIA_UNKNOWN;
	int ret;

	if (!descs || !count)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	*descs = NULL;
	*count = 0;
	ret = write_speeds(data, &w, &type);
	if (DISCBURN_FAILED(ret) || !w.count)
		return ret;
	list = calloc(w.count, sizeof(*list));
	if (!list)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	for (i = 0; i < w.count; i++) {
		list[i].media_type = type;
		list[i].pure_cav = w.speed_flags[i] & DISCBURN_SPEED_PURE_CAV;
		list[i].kbps = w.kbps[i];
		list[i].write_speed = discburn_kbps_to_sectors(w.kbps[i]);
	}
	*descs = list;
	*count = w.count;
	return ret;
}

DISCBURN_EXPORT int discburn_format_data_get_current_write_speed(struct discburn_format_data *data,
								 int32_t *sectors_per_second)
{
	struct discburn_write_speeds w;
	int ret;

	if (!sectors_per_second)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	ret = write_speeds(data, &w, NULL);
	if (DISCBURN_FAILED(ret))
		return ret;
	*sectors_per_second = (int32_t)discburn_kbps_to_sectors(w.current_kbps);
	return ret;
}

DISCBURN_EXPORT int discburn_format_data_get_current_rotation_type_is_pure_cav(
	struct discburn_format_data *data, bool *pure_cav)
{
	struct discburn_write_speeds w;
	uint32_t i;
	int ret;

	if (!pure_cav)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	ret = write_speeds(data, &w, NULL);
	if (DISCBURN_FAILED(ret))
		return ret;
	*pure_cav = false;
	for (i = 0; i < w.count; i++)
		if (w.kbps[i] == w.current_kbps)
			*pure_cav = w.speed_flags[i] & DISCBURN_SPEED_PURE_CAV;
	return ret;
}

static int support(struct discburn_format_data *data, struct discburn_recorder *want,
		   struct discburn_format_support *fs)
{
	struct discburn_recorder *rec;
	int ret = bound(data, want, &rec);

	if (ret)
		return ret;
	ret = format_support(rec, fs);
	discburn_recorder_unref(rec);
	return ret;
}

#define SUPPORT_GETTER(fn, bit)							\
static int fn##_of(struct discburn_format_data *data, struct discburn_recorder *rec, \
		   bool *out)							\
{										\
	struct discburn_format_support fs;					\
	int ret;								\
										\
	if (!out)								\
		return DISCBURN_STATUS(DISCBURN_E_POINTER);			\
	ret = support(data, rec, &fs);						\
	if (DISCBURN_FAILED(ret))						\
		return ret;							\
	*out = fs.flags & (bit);						\
	return ret;								\
}

SUPPORT_GETTER(recorder_supported, DISCBURN_SUPPORT_RECORDER)
SUPPORT_GETTER(media_supported, DISCBURN_SUPPORT_MEDIA)
SUPPORT_GETTER(physically_blank, DISCBURN_SUPPORT_PHYSICALLY_BLANK)
SUPPORT_GETTER(heuristically_blank, DISCBURN_SUPPORT_HEURISTICALLY_BLANK)

DISCBURN_EXPORT int discburn_format_data_is_recorder_supported(struct discburn_format_data *data,
							       struct discburn_recorder *rec,
							       bool *supported)
{
	return recorder_supported_of(data, rec, supported);
}

DISCBURN_EXPORT int
discburn_format_data_is_current_media_supported(struct discburn_format_data *data,
						struct discburn_recorder *rec, bool *supported)
{
	return media_supported_of(data, rec, supported);
}

DISCBURN_EXPORT int
discburn_format_data_get_media_physically_blank(struct discburn_format_data *data, bool *blank)
{
	return physically_blank_of(data, NULL, blank);
}

DISCBURN_EXPORT int
discburn_format_data_get_media_heuristically_blank(struct discburn_format_data *data, bool *blank)
{
	return heuristically_blank_of(data, NULL, blank);
}

DISCBURN_EXPORT int
discburn_format_data_get_supported_media_types(struct discburn_format_data *data,
					       uint32_t **types, size_t *count)
{
	struct discburn_format_support fs;
	uint32_t *list, t;
	size_t n = 0;
	int ret;

	if (!types || !count)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	*types = NULL;
	*count = 0;
	ret = support(data, NULL, &fs);
	if (DISCBURN_FAILED(ret) || !fs.media_types)
		return ret;
	list = calloc(64, sizeof(*list));
	if (!list)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	for (t = 0; t < 64; t++)
		if (fs.media_types & (1ULL << t))
			list[n++] = t;
	*types = list;
	*count = n;
	return ret;
}

/* ---- the write ---- */

/**
 * discburn_format_data_run_claim() - make the writer's next write this one
 * @data: the writer
 * @stream_bytes: the declared size of the stream, 0 if unknown
 * @run: out: what the write needs, DATA_BEGIN's struct filled in
 *
 * Checks that @data has a recorder and a client name and is idle, then
 * marks it BEGINNING (put_* and a second write are WRITE_IN_PROGRESS from
 * here on, a cancel is taken) and takes a reference for the write.
 * Nothing is said to the driver yet.
 *
 * Return: 0; DISCBURN_E_POINTER, _RECORDER_REQUIRED,
 * _DF2DATA_CLIENT_NAME_IS_NOT_VALID, _DF2DATA_WRITE_IN_PROGRESS.
 */
int discburn_format_data_run_claim(struct discburn_format_data *data, uint64_t stream_bytes,
				   struct discburn_data_run *run)
{
	struct discburn_fmt *f;
	int ret;

	if (!data)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	f = &data->f;
	pthread_mutex_lock(&f->lock);
	if (!f->rec)
		ret = DISCBURN_STATUS(DISCBURN_E_RECORDER_REQUIRED);
	else if (atomic_load(&f->state) != DISCBURN_FMT_IDLE)
		ret = discburn_fmt_busy_status(f);
	else if (!f->client_name)
		ret = DISCBURN_STATUS(DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID);
	else
		ret = 0;
	if (ret) {
		unlock(data);
		return ret;
	}
	memset(run, 0, sizeof(*run));
	run->data = data;
	run->f = f;
	run->failed_lba = -1;
	snprintf(run->name, sizeof(run->name), "%s", f->client_name);
	run->fd = discburn_recorder_fd(f->rec);
	run->b.flags = data->flags | (data->pure_cav ? DISCBURN_DATA_PURE_CAV : 0);
	run->b.verify = data->verify;
	run->b.write_speed = (uint32_t)data->speed;
	run->b.stream_bytes = stream_bytes;
	atomic_store(&f->cancel, 0);
	atomic_store(&f->cancel_sent, 0);
	atomic_store(&f->fd, run->fd);
	atomic_store(&f->state, DISCBURN_FMT_BEGINNING);
	discburn_format_data_ref(data);
	data->failed_lba = -1;
	unlock(data);
	discburn_fmt_drain_wake(f);
	return 0;
}

/**
 * discburn_format_data_run_begin_fn() - SET_CLIENT_NAME and DATA_BEGIN
 * @arg: the struct discburn_data_run, claimed; its @ret is the result
 *
 * Blocks while the driver validates and prepares the medium: meant for
 * discburn_fmt_call() or another helper thread.
 */
void discburn_format_data_run_begin_fn(void *arg)
{
	struct discburn_data_run *run = arg;
	int errnum;

	run->ret = discburn_ioc_set_client_name(run->fd, DISCBURN_FORMAT_DATA, run->name);
	if (DISCBURN_FAILED(run->ret))
		return;
	run->ret = discburn_ioc_data_begin(run->fd, &run->b, &errnum);
}

/**
 * discburn_format_data_run_started() - the driver's session is there
 * @run: the run, whose begin succeeded
 *
 * The object is RUNNING: a cancel now reaches the driver, and one asked
 * while it began is sent now.
 */
void discburn_format_data_run_started(struct discburn_data_run *run)
{
	struct discburn_fmt *f = run->f;

	run->began = true;
	info(f->ctx, "%s: writing from LBA %d, %u sectors free, %u sectors/s\n",
	     discburn_recorder_get_path(f->rec), (int32_t)run->b.start_lba, run->b.free_sectors,
	     run->b.current_speed);
	atomic_store(&f->state, DISCBURN_FMT_RUNNING);
	if (atomic_load(&f->cancel))
		discburn_fmt_send_cancel(f);
}

/**
 * discburn_format_data_run_release() - the write is over
 * @run: the run; @run->ret is its result, @run->failed_lba the LBA
 * @deliver: run the final progress callback (the run had begun its
 *	events with discburn_fmt_run_begin())
 *
 * The object is idle again and the write's reference is dropped.
 */
void discburn_format_data_run_release(struct discburn_data_run *run, bool deliver)
{
	struct discburn_format_data *data = run->data;
	struct discburn_fmt *f = run->f;

	data->failed_lba = run->failed_lba;
	if (deliver)
		discburn_fmt_run_end(f, run->ret, run->began, run->failed_lba);
	pthread_mutex_lock(&f->lock);
	atomic_store(&f->fd, -1);
	atomic_store(&f->state, DISCBURN_FMT_IDLE);
	unlock(data);
	discburn_format_data_unref(data);
}

static int data_write(struct discburn_format_data *data, struct discburn_source *src,
		      uint64_t stream_bytes)
{
	struct discburn_finish_call fc = { 0 };
	struct discburn_data_run run;
	struct discburn_fmt *f;
	int ret;

	ret = discburn_format_data_run_claim(data, stream_bytes, &run);
	if (ret)
		return ret;
	f = run.f;
	discburn_fmt_run_begin(f);
	discburn_fmt_call(f, discburn_format_data_run_begin_fn, &run);
	if (DISCBURN_FAILED(run.ret)) {
		dbg(f->ctx, "%s: begin: %s\n", discburn_recorder_get_path(f->rec),
		    discburn_strerror(run.ret));
		goto out_end;
	}
	discburn_format_data_run_started(&run);

	discburn_fmt_stream(f, src, run.fd);

	fc.fd = run.fd;
	discburn_fmt_call(f, discburn_fmt_finish_fn, &fc);
	run.ret = fc.ret;
	run.failed_lba = (int32_t)fc.f.failed_lba;
	if (src->error && run.ret == DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED))
		run.ret = src->error;
out_end:
	ret = run.ret;
	discburn_format_data_run_release(&run, true);
	return ret;
}

DISCBURN_EXPORT int discburn_format_data_write(struct discburn_format_data *data, int fd)
{
	struct discburn_source src = { .fd = fd };
	uint64_t bytes = 0;
	struct stat st;
	int ret;

	if (!data)
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
	ret = data_write(data, &src, bytes);
	free(src.buf);
	return ret;
}

DISCBURN_EXPORT int discburn_format_data_write_stream(struct discburn_format_data *data,
						      discburn_read_fn read_fn, void *userdata,
						      uint64_t stream_bytes)
{
	struct discburn_source src = { .fd = -1, .read_fn = read_fn, .userdata = userdata };
	int ret;

	if (!data || !read_fn)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	src.buf = malloc(DISCBURN_STREAM_BUF);
	if (!src.buf)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	ret = data_write(data, &src, stream_bytes);
	free(src.buf);
	return ret;
}

DISCBURN_EXPORT int discburn_format_data_cancel_write(struct discburn_format_data *data)
{
	if (!data)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	return discburn_fmt_cancel(&data->f);
}

DISCBURN_EXPORT int32_t discburn_format_data_get_failed_lba(struct discburn_format_data *data)
{
	return data ? data->failed_lba : -1;
}

DISCBURN_EXPORT int discburn_format_data_get_last_progress(struct discburn_format_data *data,
							   struct discburn_write_progress *progress)
{
	struct discburn_write_progress p;
	bool have;

	if (!data || !progress)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	pthread_mutex_lock(&data->f.lock);
	have = data->f.have_last;
	p = data->f.last;
	unlock(data);
	if (!have)
		return DISCBURN_STATUS(DISCBURN_E_DF2DATA_WRITE_NOT_IN_PROGRESS);
	return discburn_progress_copy_out(&p, progress);
}
