// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discburn_format_data_write_multi(): one stream, several recorders at once
 * (the driver's DISCBURN_IOC_STREAM_JOIN), for kiosks that burn copies.
 *
 * Each writer is claimed as for discburn_format_data_write() and begins its
 * own data session with its own client name and options; the begins run at
 * once, one helper thread each. The first that began leads: every other
 * joins its stream, so the stream goes into the kernel once, into the
 * leader's ring, and every drive writes it at its own pace. The stream is
 * written through any member still running (the leader's file first, the
 * next one's when the leader drops out), non-blocking and driven by
 * poll(2) on every member's file, the source, every writer's netlink
 * events and cancel wake-up, so that each writer's progress reaches its
 * own callback meanwhile. Each member's SESSION_FINISH then runs on a
 * helper thread of its own and returns that drive's result. A member that
 * fails, is cancelled (discburn_format_data_cancel_write() on its writer,
 * or its callback's return) or is unplugged drops out with its own status;
 * the others go on.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define DUP_POLL_MS	200	/* at the latest, look at every member again */
#define SENDFILE_MAX	(4 * 1024 * 1024)

struct dup_member {
	struct discburn_data_run run;
	struct discburn_finish_call fc;
	bool claimed;
	bool streaming;		/* began, joined, not dropped out */
	int join_status;	/* a failed join: this member's result */
	int fl;			/* the file's flags before the stream, -1 */
};

struct dup {
	struct discburn_ctx *ctx;
	struct dup_member m[DISCBURN_DUPLICATE_MAX];
	size_t n;
	int done_fd;		/* eventfd: helper threads that ended */
};

/* ---- the arguments ---- */

static int dup_check(struct discburn_format_data *const datas[], size_t count,
		     struct discburn_ctx **ctx)
{
	struct discburn_recorder *rec[DISCBURN_DUPLICATE_MAX];
	size_t i, j;
	int ret = 0;

	if (!datas)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (!count || count > DISCBURN_DUPLICATE_MAX)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	for (i = 0; i < count; i++)
		if (!datas[i])
			return DISCBURN_STATUS(DISCBURN_E_POINTER);
	for (i = 0; i < count; i++)
		for (j = i + 1; j < count; j++)
			if (datas[i] == datas[j])
				return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	memset(rec, 0, sizeof(rec));
	for (i = 0; i < count && !ret; i++) {
		ret = discburn_format_data_get_recorder(datas[i], &rec[i]);
		if (!ret && !rec[i])
			ret = DISCBURN_STATUS(DISCBURN_E_RECORDER_REQUIRED);
		else if (!ret && !discburn_format_data_get_client_name(datas[i]))
			ret = DISCBURN_STATUS(DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID);
	}
	/* one drive, one copy: the same recorder (object or device) twice is a mistake */
	for (i = 0; i < count && !ret; i++)
		for (j = i + 1; j < count && !ret; j++)
			if (rec[i] == rec[j] ||
			    discburn_recorder_get_index(rec[i]) == discburn_recorder_get_index(rec[j]))
				ret = DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	if (!ret)
		*ctx = discburn_recorder_get_ctx(rec[0]);
	for (i = 0; i < count; i++)
		discburn_recorder_unref(rec[i]);
	return ret;
}

/* ---- helper threads: begins and finishes, all at once ---- */

struct dup_call {
	void (*fn)(void *arg);
	void *arg;
	int done_fd;
	pthread_t th;
	bool thread;
};

static void *dup_call_thread(void *p)
{
	struct dup_call *c = p;
	uint64_t one = 1;

	c->fn(c->arg);
	if (write(c->done_fd, &one, sizeof(one)) < 0) {
		/* an eventfd with room: cannot happen */
	}
	return NULL;
}

/* Every member's events, ticks and wake-ups, as poll(2) found @mon and @wake. */
static void dup_service(struct dup *d, const struct pollfd *mon, const struct pollfd *wake)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		struct discburn_fmt *f = d->m[i].run.f;

		if (!d->m[i].claimed)
			continue;
		if (mon[i].revents)
			discburn_fmt_events(f);
		discburn_fmt_tick(f);
		if (wake[i].revents)
			discburn_fmt_drain_wake(f);
	}
}

static int dup_timeout(const struct dup *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->m[i].claimed && discburn_fmt_poll_timeout(d->m[i].run.f) >= 0)
			return discburn_fmt_poll_timeout(d->m[i].run.f);
	return DUP_POLL_MS;
}

/*
 * Run @fn(@args[i]) for every member with @want[i] on helper threads with
 * every signal blocked, delivering every member's progress on this thread
 * until all of them returned.
 */
static void dup_call_all(struct dup *d, void (*fn)(void *arg), void **args, const bool *want)
{
	struct pollfd pfd[1 + 2 * DISCBURN_DUPLICATE_MAX];
	struct dup_call calls[DISCBURN_DUPLICATE_MAX];
	struct pollfd *mon = pfd + 1, *wake = pfd + 1 + d->n;
	uint64_t ended = 0, started = 0, n;
	sigset_t all, old;
	size_t i;

	memset(calls, 0, sizeof(calls));
	sigfillset(&all);
	for (i = 0; i < d->n; i++) {
		if (!want[i])
			continue;
		calls[i] = (struct dup_call){ .fn = fn, .arg = args[i], .done_fd = d->done_fd };
		pthread_sigmask(SIG_SETMASK, &all, &old);
		calls[i].thread = !pthread_create(&calls[i].th, NULL, dup_call_thread, &calls[i]);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (calls[i].thread) {
			started++;
			continue;
		}
		err(d->ctx, "no helper thread: no progress until the drive answers\n");
		fn(args[i]);
	}
	while (ended < started) {
		pfd[0] = (struct pollfd){ .fd = d->done_fd, .events = POLLIN };
		for (i = 0; i < d->n; i++) {
			mon[i] = (struct pollfd){ .fd = -1, .events = POLLIN };
			wake[i] = (struct pollfd){ .fd = -1, .events = POLLIN };
			if (!d->m[i].claimed)
				continue;
			mon[i].fd = discburn_fmt_monitor_fd(d->m[i].run.f);
			wake[i].fd = d->m[i].run.f->wake_fd;
		}
		if (poll(pfd, 1 + 2 * d->n, dup_timeout(d)) < 0 && errno != EINTR)
			break;
		dup_service(d, mon, wake);
		if ((pfd[0].revents & POLLIN) && read(d->done_fd, &n, sizeof(n)) == sizeof(n))
			ended += n;
	}
	for (i = 0; i < d->n; i++)
		if (calls[i].thread)
			pthread_join(calls[i].th, NULL);
	/* what the threads counted is read: the next round starts at zero */
	if (read(d->done_fd, &n, sizeof(n)) < 0) {
		/* nothing was left */
	}
}

/* ---- the stream ---- */

/* The member whose file the stream goes through: the first still streaming. */
static struct dup_member *dup_writer(struct dup *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->m[i].streaming)
			return &d->m[i];
	return NULL;
}

/* Members that were cancelled stop streaming (the driver has the cancel). */
static void dup_cancels(struct dup *d, bool all)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		struct dup_member *m = &d->m[i];

		if (!m->streaming)
			continue;
		if (all)
			atomic_store(&m->run.f->cancel, 1);
		if (!atomic_load(&m->run.f->cancel))
			continue;
		discburn_fmt_send_cancel(m->run.f);
		m->streaming = false;
	}
}

static bool dup_stopped(int fd)
{
	struct pollfd pfd = { .fd = fd };

	return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLERR | POLLHUP | POLLNVAL));
}

/*
 * Give the stream to the members until it ends, every member dropped out,
 * or the source fails (which cancels them all).
 */
static void dup_stream(struct dup *d, struct discburn_source *src)
{
	struct pollfd pfd[2 + 3 * DISCBURN_DUPLICATE_MAX];
	struct pollfd *file = pfd + 2, *mon = pfd + 2 + d->n, *wake = pfd + 2 + 2 * d->n;
	struct dup_member *w;
	size_t i;
	ssize_t n;

	for (i = 0; i < d->n; i++) {
		d->m[i].fl = -1;
		if (!d->m[i].streaming)
			continue;
		d->m[i].fl = fcntl(d->m[i].run.fd, F_GETFL);
		if (d->m[i].fl >= 0)
			fcntl(d->m[i].run.fd, F_SETFL, d->m[i].fl | O_NONBLOCK);
	}
	for (;;) {
		dup_cancels(d, src->error != 0);
		w = dup_writer(d);
		if (!w)
			break;
		if (src->regular ? !src->left : src->eof && !src->len)
			break;
		if (!src->regular && !src->len && src->read_fn) {
			discburn_source_read(d->ctx, src);
			continue;
		}
		pfd[0] = (struct pollfd){ .fd = w->run.fd,
					  .events = src->regular || src->len ? POLLOUT : 0 };
		pfd[1] = (struct pollfd){ .fd = !src->regular && !src->len ? src->fd : -1,
					  .events = POLLIN };
		for (i = 0; i < d->n; i++) {
			struct dup_member *m = &d->m[i];

			/* the others' files only say that they stopped */
			file[i] = (struct pollfd){ .fd = m->streaming && m != w ? m->run.fd : -1 };
			mon[i] = (struct pollfd){ .fd = -1, .events = POLLIN };
			wake[i] = (struct pollfd){ .fd = -1, .events = POLLIN };
			if (!m->claimed)
				continue;
			mon[i].fd = discburn_fmt_monitor_fd(m->run.f);
			wake[i].fd = m->run.f->wake_fd;
		}
		if (poll(pfd, 2 + 3 * d->n, DUP_POLL_MS) < 0 && errno != EINTR) {
			err(d->ctx, "poll: %m\n");
			break;
		}
		dup_service(d, mon, wake);
		for (i = 0; i < d->n; i++)
			if (file[i].revents & (POLLERR | POLLHUP | POLLNVAL))
				d->m[i].streaming = false;	/* failed or gone: finish says */
		if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
			w->streaming = false;
			continue;
		}
		if (pfd[1].revents)
			discburn_source_read(d->ctx, src);
		if (!(pfd[0].revents & POLLOUT) || atomic_load(&w->run.f->cancel))
			continue;
		if (src->regular) {
			n = sendfile(w->run.fd, src->fd, &src->off,
				     src->left < SENDFILE_MAX ? src->left : SENDFILE_MAX);
			if (n > 0) {
				src->left -= (uint64_t)n;
				continue;
			}
			if (n == 0) {
				src->left = 0;
				continue;
			}
			if ((errno == EINVAL || errno == ENOSYS) && !dup_stopped(w->run.fd)) {
				dbg(d->ctx, "sendfile: %m; reading instead\n");
				if (lseek(src->fd, src->off, SEEK_SET) >= 0) {
					src->regular = false;
					continue;
				}
			}
		} else {
			n = write(w->run.fd, src->buf + src->pos, src->len);
			if (n > 0) {
				src->pos += (size_t)n;
				src->len -= (size_t)n;
				continue;
			}
		}
		if (errno == EAGAIN || errno == EINTR)
			continue;
		if (dup_stopped(w->run.fd) || errno == ENODEV || errno == ECANCELED) {
			/* this member is out; the stream goes on through the next one */
			w->streaming = false;
			continue;
		}
		err(d->ctx, "streaming: %m\n");
		src->error = discburn_status_from_errno(errno);
	}
	if (src->regular)
		lseek(src->fd, src->off, SEEK_SET);
	for (i = 0; i < d->n; i++)
		if (d->m[i].fl >= 0)
			fcntl(d->m[i].run.fd, F_SETFL, d->m[i].fl);
}

/* ---- the write ---- */

static int dup_write(struct discburn_format_data *const datas[], size_t count,
		     struct discburn_source *src, uint64_t stream_bytes, int results[])
{
	void *args[DISCBURN_DUPLICATE_MAX];
	bool want[DISCBURN_DUPLICATE_MAX];
	struct dup_member *lead = NULL;
	struct discburn_ctx *ctx = NULL;
	int ret, first_fail = 0, first_info = 0;
	struct dup *d;
	size_t i;

	ret = dup_check(datas, count, &ctx);
	if (ret)
		goto out_results;
	d = calloc(1, sizeof(*d));
	if (!d) {
		ret = DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
		goto out_results;
	}
	d->ctx = ctx;
	d->n = count;
	d->done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (d->done_fd < 0) {
		ret = discburn_status_from_errno(errno);
		free(d);
		goto out_results;
	}
	for (i = 0; i < count; i++) {
		ret = discburn_format_data_run_claim(datas[i], stream_bytes, &d->m[i].run);
		if (ret)
			break;
		d->m[i].claimed = true;
	}
	if (ret) {
		/* another thread began a write meanwhile: nothing has run */
		while (i--)
			discburn_format_data_run_release(&d->m[i].run, false);
		goto out_free;
	}

	for (i = 0; i < count; i++) {
		discburn_fmt_run_begin(d->m[i].run.f);
		args[i] = &d->m[i].run;
		want[i] = true;
	}
	dup_call_all(d, discburn_format_data_run_begin_fn, args, want);
	for (i = 0; i < count; i++) {
		struct dup_member *m = &d->m[i];

		if (DISCBURN_FAILED(m->run.ret)) {
			info(ctx, "%s: begin: %s\n", discburn_recorder_get_path(m->run.f->rec),
			     discburn_strerror(m->run.ret));
			continue;
		}
		discburn_format_data_run_started(&m->run);
		m->streaming = true;
		if (!lead) {
			lead = m;
			continue;
		}
		m->join_status = discburn_ioc_stream_join(m->run.fd, lead->run.fd);
		if (m->join_status) {
			err(ctx, "%s cannot share the stream of %s: %s\n",
			    discburn_recorder_get_path(m->run.f->rec),
			    discburn_recorder_get_path(lead->run.f->rec),
			    discburn_strerror(m->join_status));
			atomic_store(&m->run.f->cancel, 1);
		}
	}

	if (lead)
		dup_stream(d, src);

	for (i = 0; i < count; i++) {
		d->m[i].fc.fd = d->m[i].run.fd;
		args[i] = &d->m[i].fc;
		want[i] = d->m[i].run.began;
	}
	dup_call_all(d, discburn_fmt_finish_fn, args, want);
	for (i = 0; i < count; i++) {
		struct dup_member *m = &d->m[i];

		if (m->run.began) {
			m->run.ret = m->fc.ret;
			m->run.failed_lba = (int32_t)m->fc.f.failed_lba;
			if (m->join_status)
				m->run.ret = m->join_status;
			else if (src->error &&
				 m->run.ret == DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED))
				m->run.ret = src->error;
		}
		if (results)
			results[i] = m->run.ret;
		if (DISCBURN_FAILED(m->run.ret) && !first_fail)
			first_fail = m->run.ret;
		else if (m->run.ret > 0 && !first_info)
			first_info = m->run.ret;
		discburn_format_data_run_release(&m->run, true);
	}
	ret = first_fail ? first_fail : first_info;
	close(d->done_fd);
	free(d);
	return ret;

out_free:
	close(d->done_fd);
	free(d);
out_results:
	for (i = 0; results && datas && i < count; i++)
		results[i] = ret;
	return ret;
}

DISCBURN_EXPORT int discburn_format_data_write_multi(struct discburn_format_data *const datas[],
						     size_t count, int fd, int results[])
{
	struct discburn_source src = { .fd = fd };
	uint64_t bytes = 0;
	struct stat st;
	size_t i;
	int ret;

	if (fd < 0 || fstat(fd, &st)) {
		ret = datas ? DISCBURN_STATUS(DISCBURN_E_INVALIDARG) :
			      DISCBURN_STATUS(DISCBURN_E_POINTER);
		for (i = 0; results && datas && i < count; i++)
			results[i] = ret;
		return ret;
	}
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
	ret = dup_write(datas, count, &src, bytes, results);
	free(src.buf);
	return ret;
}

DISCBURN_EXPORT int
discburn_format_data_write_multi_stream(struct discburn_format_data *const datas[],
					size_t count, discburn_read_fn read_fn, void *userdata,
					uint64_t stream_bytes, int results[])
{
	struct discburn_source src = { .fd = -1, .read_fn = read_fn, .userdata = userdata };
	size_t i;
	int ret;

	if (!read_fn) {
		for (i = 0; results && datas && i < count; i++)
			results[i] = DISCBURN_STATUS(DISCBURN_E_POINTER);
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	}
	src.buf = malloc(DISCBURN_STREAM_BUF);
	if (!src.buf)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	ret = dup_write(datas, count, &src, stream_bytes, results);
	free(src.buf);
	return ret;
}
