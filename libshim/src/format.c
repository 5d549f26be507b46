// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What the format objects share (struct discburn_fmt, internal.h): the
 * recorder binding and client name, the writing state that a cancel from
 * any thread or signal handler reads, and the run of one driver session.
 *
 * A run subscribes to the driver's netlink events before the session
 * begins and hands every progress notification of its recorder to the
 * object's callback on the caller's thread. The driver's calls that wait
 * for the drive (DATA_BEGIN, SESSION_FINISH, ERASE) run on a short-lived
 * helper thread with every signal blocked, so that the caller's thread
 * keeps delivering progress and taking cancels meanwhile, as IMAPI2 fires
 * its Update events on the thread that called Write. The last callback is
 * always the session's end, with the call's result: the driver's write-done
 * notification when it came, else its last progress, else (no session
 * ever ran) a progress that says so.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define POLL_FALLBACK_MS	500	/* without netlink: GET_PROGRESS this often */
#define CANCEL_RETRY_MS		100	/* resend a cancel the session was not there for */
#define SENDFILE_MAX		(4 * 1024 * 1024)

int discburn_fmt_init(struct discburn_fmt *f, struct discburn_ctx *ctx, uint32_t format)
{
	memset(f, 0, sizeof(*f));
	f->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (f->wake_fd < 0)
		return discburn_status_from_errno(errno);
	if (pthread_mutex_init(&f->lock, NULL)) {
		close(f->wake_fd);
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	}
	f->refcount = 1;
	f->format = format;
	atomic_init(&f->state, DISCBURN_FMT_IDLE);
	atomic_init(&f->cancel, 0);
	atomic_init(&f->cancel_sent, 0);
	atomic_init(&f->fd, -1);
	f->ctx = discburn_ref(ctx);
	return 0;
}

void discburn_fmt_fini(struct discburn_fmt *f)
{
	discburn_recorder_unref(f->rec);
	free(f->client_name);
	close(f->wake_fd);
	pthread_mutex_destroy(&f->lock);
	discburn_unref(f->ctx);
}

/* What a put or a second write gets while the object is busy. */
int discburn_fmt_busy_status(const struct discburn_fmt *f)
{
	switch (f->format) {
	case DISCBURN_FORMAT_ERASE:
		return DISCBURN_STATUS(DISCBURN_E_ERASE_RECORDER_IN_USE);
	case DISCBURN_FORMAT_RAW:
		return DISCBURN_STATUS(DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS);
	default:
		return DISCBURN_STATUS(DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS);
	}
}

static int not_in_progress(const struct discburn_fmt *f)
{
	return DISCBURN_STATUS(f->format == DISCBURN_FORMAT_RAW ?
			       DISCBURN_E_DF2RAW_WRITE_NOT_IN_PROGRESS :
			       DISCBURN_E_DF2DATA_WRITE_NOT_IN_PROGRESS);
}

/*
 * Whether a progress in @state is the end of the run's write: DONE, or
 * for a raw write PREPARED again (the session outlives the write).
 */
static bool run_over(const struct discburn_fmt *f, uint32_t state)
{
	return state == DISCBURN_SESSION_DONE ||
	       (f->format == DISCBURN_FORMAT_RAW && state == DISCBURN_SESSION_PREPARED);
}

/**
 * discburn_fmt_send_cancel() - SESSION_CANCEL, once
 * @f: the object, running
 *
 * Async-signal-safe.
 *
 * Return: 0 once the driver took it, else the driver's answer.
 */
static int fmt_send_cancel(struct discburn_fmt *f)
{
	int fd = atomic_load(&f->fd);
	int ret;

	if (atomic_load(&f->cancel_sent))
		return 0;
	if (fd < 0)
		return not_in_progress(f);
	ret = discburn_ioc_session_cancel(fd, f->format);
	if (ret)
		return ret;
	atomic_store(&f->cancel_sent, 1);
	return 0;
}

void discburn_fmt_send_cancel(struct discburn_fmt *f)
{
	fmt_send_cancel(f);
}

/**
 * discburn_fmt_cancel() - CancelWrite, from anywhere
 * @f: the object
 *
 * Async-signal-safe: atomics, one ioctl and one write. A session that is
 * still beginning cannot be cancelled in the driver yet: the flag makes the
 * running thread cancel it as soon as it runs.
 *
 * Return: 0, or WRITE_NOT_IN_PROGRESS when idle or too late.
 */
int discburn_fmt_cancel(struct discburn_fmt *f)
{
	uint64_t one = 1;
	int saved = errno, st, ret = 0;

	st = atomic_load(&f->state);
	if (st == DISCBURN_FMT_IDLE)
		return not_in_progress(f);
	atomic_store(&f->cancel, 1);
	if (st == DISCBURN_FMT_RUNNING && fmt_send_cancel(f) && !f->retry_cancel)
		ret = not_in_progress(f);
	if (write(f->wake_fd, &one, sizeof(one)) < 0) {
		/* the counter is saturated: the run wakes anyway */
	}
	errno = saved;
	return ret;
}

void discburn_fmt_drain_wake(struct discburn_fmt *f)
{
	uint64_t n;

	if (read(f->wake_fd, &n, sizeof(n)) < 0) {
		/* nothing was pending */
	}
}

/* Begin a run: subscribe to the recorder's events. f->rec is set. */
void discburn_fmt_run_begin(struct discburn_fmt *f)
{
	int ret;

	f->index = (int)discburn_recorder_get_index(f->rec);
	f->seen_running = false;
	f->have_done = false;
	f->poll_seq = UINT32_MAX;
	f->poll_bytes = 0;
	f->poll_at = 0;
	ret = discburn_monitor_new(f->ctx, &f->mon);
	if (ret) {
		info(f->ctx, "no netlink events (%s): polling the progress\n",
		     discburn_strerror(ret));
		f->mon = NULL;
	}
}

static void deliver(struct discburn_fmt *f, const struct discburn_write_progress *p)
{
	if (f->deliver && f->deliver(f, p))
		discburn_fmt_cancel(f);
}

/*
 * One progress of the recorder. A session's end is kept for the final
 * callback; an end seen before any progress of a running session is not
 * this run's (a session of the same format that ended just before).
 */
static void take(struct discburn_fmt *f, const struct discburn_write_progress *p)
{
	if (p->format != f->format)
		return;
	if (run_over(f, p->state)) {
		if (f->seen_running) {
			f->done = *p;
			f->have_done = true;
		}
		return;
	}
	f->seen_running = true;
	deliver(f, p);
}

int discburn_fmt_monitor_fd(struct discburn_fmt *f)
{
	return f->mon ? discburn_monitor_get_fd(f->mon) : -1;
}

/* Deliver what the monitor has queued. */
void discburn_fmt_events(struct discburn_fmt *f)
{
	struct discburn_event *ev;
	enum discburn_event_type t;

	if (!f->mon)
		return;
	for (;;) {
		if (discburn_monitor_receive(f->mon, &ev) || !ev)
			return;
		t = discburn_event_get_type(ev);
		if (ev->index == f->index && ev->has_progress &&
		    (t == DISCBURN_EVENT_PROGRESS || t == DISCBURN_EVENT_WRITE_DONE))
			take(f, &ev->progress);
		discburn_event_unref(ev);
	}
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int discburn_fmt_poll_timeout(struct discburn_fmt *f)
{
	return f->mon ? -1 : POLL_FALLBACK_MS;
}

/* Without netlink: every 500 ms, what GET_PROGRESS says, when it changed. */
void discburn_fmt_tick(struct discburn_fmt *f)
{
	struct discburn_write_progress p;
	struct discburn_progress k;
	uint64_t now;

	if (f->mon)
		return;
	now = now_ms();
	if (now < f->poll_at)
		return;
	f->poll_at = now + POLL_FALLBACK_MS;
	if (discburn_ioc_get_progress(discburn_recorder_fd(f->rec), &k) ||
	    run_over(f, k.state) ||
	    (k.seq == f->poll_seq && k.bytes_written == f->poll_bytes))
		return;
	f->poll_seq = k.seq;
	f->poll_bytes = k.bytes_written;
	discburn_progress_from_uapi(&k, &p);
	take(f, &p);
}

/**
 * discburn_fmt_run_end() - the final callback of a run
 * @f: the object
 * @result: the call's result
 * @began: the driver's session was ours (its last progress may be asked)
 * @failed_lba: the LBA the driver reported with the result, or -1
 */
void discburn_fmt_run_end(struct discburn_fmt *f, int result, bool began, int32_t failed_lba)
{
	struct discburn_write_progress p;
	struct discburn_progress k;

	discburn_fmt_events(f);
	if (f->have_done) {
		p = f->done;
	} else if (began && !discburn_ioc_get_progress(discburn_recorder_fd(f->rec), &k) &&
		   k.format == f->format && run_over(f, k.state)) {
		discburn_progress_from_uapi(&k, &p);
	} else {
		discburn_progress_none(&p, f->format, result);
	}
	/* the write is over, even where the raw session goes on prepared */
	p.state = DISCBURN_SESSION_DONE;
	p.result = result;
	if (failed_lba != -1)
		p.failed_lba = failed_lba;
	pthread_mutex_lock(&f->lock);
	f->last = p;
	f->have_last = true;
	pthread_mutex_unlock(&f->lock);
	if (f->deliver)
		f->deliver(f, &p);
	f->mon = discburn_monitor_unref(f->mon);
}

struct fmt_call {
	void (*fn)(void *arg);
	void *arg;
	int done_fd;
};

static void *fmt_call_thread(void *p)
{
	struct fmt_call *c = p;
	uint64_t one = 1;

	c->fn(c->arg);
	if (write(c->done_fd, &one, sizeof(one)) < 0) {
		/* cannot happen with a fresh eventfd */
	}
	return NULL;
}

/**
 * discburn_fmt_call() - run a blocking driver call, delivering progress
 * @f: the object, in a run
 * @fn: the call; it stores its result in @arg
 * @arg: for @fn
 *
 * @fn runs on a helper thread with every signal blocked (signals meant for
 * the caller stay the caller's, and never interrupt the driver's wait);
 * this thread delivers the run's progress and passes cancels on until
 * @fn returns. Without a thread @fn runs here, without progress.
 *
 * Return: 0.
 */
int discburn_fmt_call(struct discburn_fmt *f, void (*fn)(void *arg), void *arg)
{
	struct fmt_call c = { .fn = fn, .arg = arg };
	sigset_t all, old;
	pthread_t th;
	int ret;

	c.done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (c.done_fd < 0) {
		fn(arg);
		return 0;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&th, NULL, fmt_call_thread, &c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret) {
		err(f->ctx, "no helper thread (%s): no progress until the drive answers\n",
		    strerror(ret));
		close(c.done_fd);
		fn(arg);
		return 0;
	}
	for (;;) {
		struct pollfd pfd[3] = {
			{ .fd = c.done_fd, .events = POLLIN },
			{ .fd = f->wake_fd, .events = POLLIN },
			{ .fd = discburn_fmt_monitor_fd(f), .events = POLLIN },
		};
		bool retry = f->retry_cancel && atomic_load(&f->cancel) &&
			     !atomic_load(&f->cancel_sent) &&
			     atomic_load(&f->state) == DISCBURN_FMT_RUNNING;
		int timeout = retry ? CANCEL_RETRY_MS : discburn_fmt_poll_timeout(f);

		if (poll(pfd, 3, timeout) < 0 && errno != EINTR)
			break;
		if (pfd[2].revents)
			discburn_fmt_events(f);
		discburn_fmt_tick(f);
		if (pfd[1].revents)
			discburn_fmt_drain_wake(f);
		if (retry)
			fmt_send_cancel(f);
		if (pfd[0].revents)
			break;
	}
	pthread_join(th, NULL);
	close(c.done_fd);
	return 0;
}

/* ---- the stream of a write (data or raw) ---- */

void discburn_fmt_finish_fn(void *arg)
{
	struct discburn_finish_call *c = arg;
	int errnum;

	/* a signal leaves the session going: ask again (none reach this thread) */
	do
		c->ret = discburn_ioc_session_finish(c->fd, 0, &c->f, &errnum);
	while (errnum == EINTR);
}

/* Fill @src->buf from the fd or the callback; @src->eof once there is nothing more. */
void discburn_source_read(struct discburn_ctx *ctx, struct discburn_source *src)
{
	ssize_t n;

	if (src->read_fn) {
		n = src->read_fn(src->userdata, src->buf, DISCBURN_STREAM_BUF);
		if (n < 0) {
			src->error = (int)n;
			src->eof = true;
			return;
		}
	} else {
		n = read(src->fd, src->buf, DISCBURN_STREAM_BUF);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			err(ctx, "reading the stream: %m\n");
			src->error = discburn_status_from_errno(errno);
			src->eof = true;
			return;
		}
	}
	if (n == 0)
		src->eof = true;
	src->len = (size_t)n;
	src->pos = 0;
}

/* Whether the recorder's file says the session stopped or the drive is gone. */
static bool session_stopped(int fd)
{
	struct pollfd pfd = { .fd = fd };

	return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLERR | POLLHUP));
}

/*
 * Give the stream to the driver until it ends, the session stops, the
 * source fails or a cancel comes. Returns with the file's flags restored.
 */
void discburn_fmt_stream(struct discburn_fmt *f, struct discburn_source *src, int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	for (;;) {
		struct pollfd pfd[4] = {
			{ .fd = fd },
			{ .fd = -1, .events = POLLIN },
			{ .fd = discburn_fmt_monitor_fd(f), .events = POLLIN },
			{ .fd = f->wake_fd, .events = POLLIN },
		};
		bool out;
		ssize_t n;

		/* the source failed: the write ends, with that failure */
		if (src->error)
			atomic_store(&f->cancel, 1);
		if (atomic_load(&f->cancel)) {
			discburn_fmt_send_cancel(f);
			break;
		}
		if (src->regular ? !src->left : src->eof && !src->len)
			break;
		if (!src->regular && !src->len && src->read_fn) {
			/* the callback blocks as it likes; progress waits meanwhile */
			discburn_source_read(f->ctx, src);
			continue;
		}
		if (!src->regular && !src->len)
			pfd[1].fd = src->fd;
		out = src->regular || src->len;
		pfd[0].events = out ? POLLOUT : 0;
		if (poll(pfd, 4, discburn_fmt_poll_timeout(f)) < 0 && errno != EINTR) {
			err(f->ctx, "poll: %m\n");
			break;
		}
		if (pfd[2].revents)
			discburn_fmt_events(f);
		discburn_fmt_tick(f);
		if (pfd[3].revents)
			discburn_fmt_drain_wake(f);
		if (pfd[0].revents & (POLLERR | POLLHUP))
			break;		/* failed, cancelled or unplugged: finish says */
		if (pfd[1].revents)
			discburn_source_read(f->ctx, src);
		if (!(pfd[0].revents & POLLOUT) || atomic_load(&f->cancel))
			continue;
		if (src->regular) {
			n = sendfile(fd, src->fd, &src->off,
				     src->left < SENDFILE_MAX ? src->left : SENDFILE_MAX);
			if (n > 0) {
				src->left -= (uint64_t)n;
				continue;
			}
			if (n == 0) {
				/* the file shrank under us: what is there is the stream */
				src->left = 0;
				continue;
			}
			if (errno == EINVAL || errno == ENOSYS) {
				/* no sendfile into this file: copy through a buffer */
				dbg(f->ctx, "sendfile: %m; reading instead\n");
				if (lseek(src->fd, src->off, SEEK_SET) >= 0) {
					src->regular = false;
					continue;
				}
			}
		} else {
			n = write(fd, src->buf + src->pos, src->len);
			if (n > 0) {
				src->pos += (size_t)n;
				src->len -= (size_t)n;
				continue;
			}
		}
		if (errno == EAGAIN || errno == EINTR)
			continue;
		if (session_stopped(fd))
			break;
		/* not the session's doing: the source (sendfile reads it) */
		err(f->ctx, "streaming: %m\n");
		src->error = discburn_status_from_errno(errno);
	}
	if (src->regular)
		lseek(src->fd, src->off, SEEK_SET);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl);
}

