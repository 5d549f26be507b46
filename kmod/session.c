// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions: the kernel half of IDiscFormat2Data and IDiscFormat2Erase.
 *
 * A session belongs to the file that began it, holds the file and the
 * recorder by reference, and lives through these states (uapi
 * DISCBURN_SESSION_*): READY after DATA_BEGIN, WRITING once the stream
 * arrives, FINISHING after SESSION_FINISH ended the stream, DONE when the
 * disc is closed (or the session failed or was cancelled) and the result
 * waits to be collected by SESSION_FINISH, which returns the file to IDLE.
 *
 * Everything after the beginning runs in the session's work item on
 * discburn_wq: the writer (stream.c), then the end (close track, session
 * or disc, verify, unlock the door, drop a lock the session took). So a
 * burn goes on when the caller is interrupted, and its end does not
 * depend on the caller at all. Cancel (from any thread of the owner),
 * close of the file (exit, SIGKILL) and removal of the drive stop the
 * stream; the end then closes what can be closed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "discburn.h"

static unsigned int max_write_kib = 256;
module_param(max_write_kib, uint, 0644);
MODULE_PARM_DESC(max_write_kib, "Largest WRITE of a burn, KiB, bounded by the drive's queue (default 256)");

struct workqueue_struct *discburn_wq;

/* IMAPI closes a disc that would be left with 2 % or less free */
#define DISCBURN_CLOSE_PERCENT		2
#define DISCBURN_CD_MIN_TRACK		300	/* sectors */
#define DISCBURN_CD_POSTGAP		150
#define DISCBURN_ERASE_QUICK_SECTORS	1024	/* 2 MiB at each end */
#define DISCBURN_ERASE_SECS		3600
#define DISCBURN_DETACH_WAIT		(30 * HZ)

static void discburn_session_free(struct work_struct *work)
{
	struct discburn_session *sess =
		container_of(work, struct discburn_session, free_work);

	cancel_delayed_work_sync(&sess->tick);
	cancel_delayed_work_sync(&sess->work);
	discburn_stream_leave(sess);
	kfree(sess->rbc_buf);
	if (sess->df)
		discburn_file_put(sess->df);
	discburn_recorder_put(sess->rec);
	kfree(sess);
}

/*
 * The last reference may go inside the session's own work items (they
 * look the recorder's current session up for notifications), so the
 * freeing, which waits for them, runs in a work item of its own.
 * Module exit drains discburn_wq after every recorder is gone.
 */
static void discburn_session_release(struct kref *kref)
{
	struct discburn_session *sess =
		container_of(kref, struct discburn_session, kref);

	INIT_WORK(&sess->free_work, discburn_session_free);
	queue_work(discburn_wq, &sess->free_work);
}

/**
 * discburn_session_put() - drop a reference to a session
 * @sess: the session
 *
 * Any context.
 */
void discburn_session_put(struct discburn_session *sess)
{
	kref_put(&sess->kref, discburn_session_release);
}

/**
 * discburn_session_kick() - run the session's work
 * @sess: the session
 * @delay: in jiffies
 *
 * Any context.
 */
void discburn_session_kick(struct discburn_session *sess, unsigned long delay)
{
	mod_delayed_work(discburn_wq, &sess->work, delay);
}

/*
 * Nothing runs: the session has ended (or a raw one waits prepared), and
 * everything its end does (the lock, the door, the events) is done.
 */
static bool discburn_session_done(struct discburn_session *sess)
{
	/* pairs with the release below: what the end did is seen too */
	return smp_load_acquire(&sess->ended);
}

/**
 * discburn_session_set_ended() - the last thing a session's end does
 * @sess: the session
 *
 * Waiters for the end (FINISH, close, removal) may go now.
 */
void discburn_session_set_ended(struct discburn_session *sess)
{
	/* the lock, door and events before: pairs with the acquire above */
	smp_store_release(&sess->ended, true);
	wake_up_all(&sess->wait);
	wake_up_interruptible_all(&sess->rec->wait);
}

/**
 * discburn_session_set_action() - the session does something else now
 * @sess: the session
 * @action: its new CurrentAction
 *
 * Process context: the change is announced at once.
 */
void discburn_session_set_action(struct discburn_session *sess, u32 action)
{
	spin_lock_irq(&sess->lock);
	sess->action = action;
	sess->seq++;
	spin_unlock_irq(&sess->lock);
	discburn_progress_notify(sess, true);
}

/**
 * discburn_session_fail() - stop the session with a status
 * @sess: the session
 * @status: the result (the first failure wins)
 * @err_lba: the failing LBA, or -1
 * @sense: packed sense of the failure, or 0
 *
 * Stops the stream: writers return, the work closes what can be closed.
 * Once the session has begun its end (closing, verifying) nothing stops
 * it any more: the end reports its own result. Any context.
 */
void discburn_session_fail(struct discburn_session *sess, u32 status, int err_lba,
			   u32 sense)
{
	unsigned long flags;

	spin_lock_irqsave(&sess->lock, flags);
	if (!sess->stopping && !sess->ending) {
		sess->stopping = true;
		sess->result = status;
		sess->failed_lba = err_lba;
		sess->sense = sense;
		sess->seq++;
	}
	spin_unlock_irqrestore(&sess->lock, flags);
	wake_up_all(&sess->wait);
	wake_up_interruptible_all(&sess->rec->wait);
	discburn_session_kick(sess, 0);
}

static void discburn_session_work(struct work_struct *work);

/**
 * discburn_session_new() - a session of @format for a file
 * @df: the file, referenced by the session
 * @format: DISCBURN_FORMAT_*
 *
 * Return: the session with one reference, or NULL without memory.
 */
struct discburn_session *discburn_session_new(struct discburn_file *df,
					      u32 format)
{
	struct discburn_session *sess;
	unsigned int i;

	sess = kzalloc(sizeof(*sess), GFP_KERNEL_ACCOUNT);
	if (!sess)
		return NULL;
	kref_init(&sess->kref);
	kref_get(&df->kref);
	sess->df = df;
	kref_get(&df->rec->kref);
	sess->rec = df->rec;
	sess->format = format;
	sess->sector_size = DISCBURN_SECTOR;
	sess->pad_sectors = 1;
	sess->st_not_supported = format == DISCBURN_FORMAT_RAW ?
				 DISCBURN_E_DF2RAW_STREAM_NOT_SUPPORTED :
				 DISCBURN_E_DF2DATA_STREAM_NOT_SUPPORTED;
	sess->st_too_large = format == DISCBURN_FORMAT_RAW ?
			     DISCBURN_E_DF2RAW_NOT_ENOUGH_SPACE :
			     DISCBURN_E_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA;
	sess->failed_lba = -1;
	sess->last_written = -1;
	sess->owner_pid = task_tgid_nr(current);
	sess->t0 = ktime_get();
	sess->stalled_since = jiffies;
	sess->state = DISCBURN_SESSION_READY;
	sess->action = format == DISCBURN_FORMAT_ERASE ? DISCBURN_ERASE_ACTION_ERASING :
		       format == DISCBURN_FORMAT_RAW ? DISCBURN_RAW_ACTION_PREPARING :
		       DISCBURN_ACTION_VALIDATING_MEDIA;
	INIT_LIST_HEAD(&sess->ring_node);
	spin_lock_init(&sess->lock);
	init_waitqueue_head(&sess->wait);
	INIT_DELAYED_WORK(&sess->work, discburn_session_work);
	INIT_DELAYED_WORK(&sess->tick, discburn_progress_tick);
	for (i = 0; i < DISCBURN_WRITE_DEPTH; i++)
		sess->w[i].sess = sess;
	sess->rbc_buf = kzalloc(12, GFP_KERNEL_ACCOUNT);
	if (!sess->rbc_buf) {
		discburn_session_put(sess);
		return NULL;
	}
	return sess;
}

/**
 * discburn_session_publish() - make @sess the recorder's current session
 * @sess: the session
 *
 * The previous one has ended: only the lock owner begins sessions, and a
 * lock outlives its sessions. A recorder being removed takes no new one.
 *
 * Return: 0, or -ENODEV.
 */
int discburn_session_publish(struct discburn_session *sess)
{
	struct discburn_recorder *rec = sess->rec;
	struct discburn_session *old;

	spin_lock(&rec->lock);
	if (discburn_detaching(rec)) {
		spin_unlock(&rec->lock);
		return -ENODEV;
	}
	kref_get(&sess->kref);
	old = rec->session;
	rec->session = sess;
	spin_unlock(&rec->lock);
	if (old)
		discburn_session_put(old);
	return 0;
}

/**
 * discburn_session_attach() - hand the session to its file
 * @sess: the session
 *
 * The file keeps it (a reference) until the result is taken.
 */
void discburn_session_attach(struct discburn_session *sess)
{
	struct discburn_recorder *rec = sess->rec;

	kref_get(&sess->kref);
	spin_lock(&rec->lock);
	sess->df->session = sess;
	spin_unlock(&rec->lock);
}

/**
 * discburn_session_detach_file() - take the file's session away from it
 * @df: the file
 *
 * Return: the session with the file's reference, which the caller now
 * owns, or NULL.
 */
struct discburn_session *discburn_session_detach_file(struct discburn_file *df)
{
	struct discburn_recorder *rec = df->rec;
	struct discburn_session *sess;

	spin_lock(&rec->lock);
	sess = df->session;
	df->session = NULL;
	spin_unlock(&rec->lock);
	return sess;
}

/**
 * discburn_session_forget_file() - an ended session lets go of its file
 * @sess: the session
 *
 * The recorder may keep the session (for progress queries) long after the
 * file is closed. The caller holds a reference to the file of its own.
 */
void discburn_session_forget_file(struct discburn_session *sess)
{
	struct discburn_file *df;

	spin_lock_irq(&sess->lock);
	df = sess->df;
	sess->df = NULL;
	spin_unlock_irq(&sess->lock);
	if (df)
		discburn_file_put(df);
}

/**
 * discburn_file_session() - the file's session, referenced
 * @df: the file
 *
 * Return: the session (put it), or NULL when the file has none.
 */
struct discburn_session *discburn_file_session(struct discburn_file *df)
{
	struct discburn_recorder *rec = df->rec;
	struct discburn_session *sess;

	spin_lock(&rec->lock);
	sess = df->session;
	if (sess)
		kref_get(&sess->kref);
	spin_unlock(&rec->lock);
	return sess;
}

/**
 * discburn_file_busy() - whether the file has a session it has not collected
 * @df: the file
 *
 * Return: true if so.
 */
bool discburn_file_busy(struct discburn_file *df)
{
	return READ_ONCE(df->session);
}

/**
 * discburn_session_get_current() - the recorder's current or last session
 * @rec: the recorder
 *
 * Return: the session, referenced, or NULL.
 */
struct discburn_session *discburn_session_get_current(struct discburn_recorder *rec)
{
	struct discburn_session *sess;

	spin_lock(&rec->lock);
	sess = rec->session;
	if (sess)
		kref_get(&sess->kref);
	spin_unlock(&rec->lock);
	return sess;
}

/**
 * discburn_session_writing() - whether a session uses the drive now
 * @rec: the recorder
 *
 * Return: true from the beginning of a session (or of a raw write) to its
 * end.
 */
bool discburn_session_writing(struct discburn_recorder *rec)
{
	struct discburn_session *sess;
	bool writing;

	spin_lock(&rec->lock);
	sess = rec->session;
	writing = sess && !discburn_session_done(sess);
	spin_unlock(&rec->lock);
	return writing;
}

/**
 * discburn_status_errno() - the errno a session's result stands for
 * @status: the result
 *
 * Return: 0 for a success, else a negated errno value.
 */
int discburn_status_errno(u32 status)
{
	switch (status) {
	case DISCBURN_S_OK:
	case DISCBURN_S_SPEEDADJUSTED:
	case DISCBURN_S_ROTATIONADJUSTED:
	case DISCBURN_S_BOTHADJUSTED:
		return 0;
	case DISCBURN_E_REQUEST_CANCELLED:
		return -ECANCELED;
	case DISCBURN_E_DEVICE_NOT_CONNECTED:
		return -ENODEV;
	case DISCBURN_E_DF2DATA_STREAM_NOT_SUPPORTED:
	case DISCBURN_E_DF2RAW_STREAM_NOT_SUPPORTED:
		return -EINVAL;
	case DISCBURN_E_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA:
	case DISCBURN_E_DF2RAW_NOT_ENOUGH_SPACE:
		return -ENOSPC;
	case DISCBURN_E_RECORDER_MEDIA_NO_MEDIA:
		return -ENOMEDIUM;
	case DISCBURN_E_RECORDER_MEDIA_WRITE_PROTECTED:
		return -EROFS;
	case DISCBURN_E_OUTOFMEMORY:
		return -ENOMEM;
	case DISCBURN_E_RECORDER_COMMAND_TIMEOUT:
		return -ETIMEDOUT;
	default:
		return -EIO;
	}
}

/* ---- the end of a session: close, verify, tear down ---- */

static bool discburn_session_stopped(void *ctx)
{
	struct discburn_session *sess = ctx;

	return READ_ONCE(sess->stopping);
}

static void discburn_session_erase_progress(void *ctx, u32 fraction)
{
	struct discburn_session *sess = ctx;

	WRITE_ONCE(sess->erase_fraction, fraction);
}

/* Close track, session or disc after a complete stream. */
static int discburn_session_close(struct discburn_session *sess, u32 *status)
{
	struct discburn_recorder *rec = sess->rec;
	bool force = sess->flags & DISCBURN_DATA_FORCE_CLOSE;
	bool compat = !(sess->flags & DISCBURN_DATA_NO_DVD_COMPAT);
	u16 track = 0;
	u8 fn;
	int ret;

	ret = discburn_mmc_sync_cache(rec, true, status);
	if (ret)
		return ret;
	if (sess->cls == DISCBURN_CLASS_OVERWRITE)
		return 0;
	if (sess->cls != DISCBURN_CLASS_CD) {
		ret = discburn_mmc_last_track(rec, &track, status);
		if (ret)
			return ret;
		ret = discburn_mmc_close(rec, 1, track, status);
		if (ret)
			return ret;
	}
	switch (sess->cls) {
	case DISCBURN_CLASS_DVDPLUSR:
		/* consumer compatibility closes the disc whatever was asked */
		if (compat)
			fn = sess->profile == 0x2b ? 5 : 6;
		else
			fn = force ? 5 : 2;
		break;
	case DISCBURN_CLASS_BDR:
		fn = force ? 6 : 2;
		break;
	default:
		/* CD and DVD-R: the multi-session field of page 05h decides */
		fn = 2;
		break;
	}
	return discburn_mmc_close(rec, fn, 0, status);
}

/*
 * After a cancel or failure: leave the disc in a state tools can read and
 * later sessions can follow, with what was written closed as a track and
 * a session (CD: SYNCHRONIZE CACHE ends the track at once).
 */
static void discburn_session_salvage(struct discburn_session *sess)
{
	struct discburn_recorder *rec = sess->rec;
	u16 track;
	u32 st;

	if (discburn_mmc_sync_cache(rec, true, &st))
		return;
	if (sess->cls == DISCBURN_CLASS_OVERWRITE || !READ_ONCE(sess->done))
		return;
	if (sess->cls != DISCBURN_CLASS_CD &&
	    (discburn_mmc_last_track(rec, &track, &st) ||
	     discburn_mmc_close(rec, 1, track, &st)))
		return;
	discburn_mmc_close(rec, 2, 0, &st);
}

/* The last step of every session. Runs in the session's work. */
static void discburn_session_end_step(struct discburn_session *sess)
{
	struct discburn_recorder *rec = sess->rec;
	struct discburn_file *df = sess->df;
	bool gone = discburn_detaching(rec);
	u32 status = DISCBURN_S_OK;
	bool ok, wrote;
	s32 bad = -1;
	u32 st;
	int ret;

	spin_lock_irq(&sess->lock);
	sess->ending = true;
	ok = !sess->stopping;
	wrote = sess->done > 0;
	spin_unlock_irq(&sess->lock);

	if (!gone && sess->format == DISCBURN_FORMAT_DATA) {
		if (ok) {
			discburn_session_set_action(sess, DISCBURN_ACTION_FINALIZATION);
			ret = discburn_session_close(sess, &st);
			if (ret) {
				status = st ? st : DISCBURN_E_FAIL;
				ok = false;
			}
		} else {
			discburn_session_salvage(sess);
		}
		if (ok && sess->verify != DISCBURN_VERIFY_NONE) {
			discburn_session_set_action(sess, DISCBURN_ACTION_VERIFYING);
			ret = discburn_verify_run(sess, &st, &bad);
			if (ret) {
				status = st;
				ok = false;
			}
		}
	} else if (!gone && sess->format == DISCBURN_FORMAT_ERASE && wrote &&
		   discburn_mmc_sync_cache(rec, true, &st) && ok) {
		status = DISCBURN_E_ERASE_DRIVE_FAILED_ERASE_COMMAND;
	} else if (!gone && sess->format == DISCBURN_FORMAT_RAW && wrote) {
		/* the host wrote the lead-out: recording it ends the session */
		if (ok)
			discburn_session_set_action(sess, DISCBURN_RAW_ACTION_FINISHING);
		if (discburn_mmc_sync_cache(rec, true, &st) && ok)
			status = st ? st : DISCBURN_E_FAIL;
	}
	/* a raw session stays prepared, its door locked, until released */
	if (!gone && sess->door_locked && sess->format != DISCBURN_FORMAT_RAW) {
		discburn_mmc_prevent(rec, false, &st);
		sess->door_locked = false;
	}
	if (!gone)
		discburn_recorder_disc_written(rec);

	cancel_delayed_work_sync(&sess->tick);
	spin_lock_irq(&sess->lock);
	if (!sess->stopping) {
		sess->result = status ? status : sess->adjusted;
		sess->failed_lba = bad;
		sess->stopping = !!status;
	}
	sess->t_end = ktime_get();
	sess->seq++;
	if (sess->format == DISCBURN_FORMAT_RAW) {
		sess->step = DISCBURN_STEP_DONE;
		sess->state = DISCBURN_SESSION_PREPARED;
		sess->action = DISCBURN_RAW_ACTION_UNKNOWN;
		sess->result_pending = true;
		spin_unlock_irq(&sess->lock);
		discburn_netlink_notify(rec, DISCBURN_CMD_WRITE_DONE_NTF);
		if (!gone) {
			discburn_media_uevent(rec);
			discburn_recorder_media_changed(rec, true);
		}
		discburn_session_set_ended(sess);
		return;
	}
	sess->step = DISCBURN_STEP_DONE;
	sess->state = DISCBURN_SESSION_DONE;
	sess->action = sess->format == DISCBURN_FORMAT_ERASE ?
		       DISCBURN_ERASE_ACTION_COMPLETED : DISCBURN_ACTION_COMPLETED;
	spin_unlock_irq(&sess->lock);

	/* the result, still with the owner; then the lock, then the disc */
	discburn_netlink_notify(rec, DISCBURN_CMD_WRITE_DONE_NTF);
	if (sess->took_lock || READ_ONCE(df->closed))
		discburn_excl_drop(df, false);
	if (!gone) {
		discburn_media_uevent(rec);
		discburn_recorder_media_changed(rec, true);
	}
	discburn_session_set_ended(sess);
}

/* Erase: blank or format, then zero streams where the medium needs them. */
static void discburn_session_erase_step(struct discburn_session *sess)
{
	struct discburn_recorder *rec = sess->rec;
	u32 st = 0, pass_sectors;
	int ret = 0;

	if (sess->step != DISCBURN_STEP_ERASE)
		return;
	if (!sess->done) {
		switch (sess->profile) {
		case 0x0a:
			ret = discburn_mmc_blank(rec, sess->erase_full, &st);
			break;
		case 0x1a:
			/* unformatted: format first; then overwrite below */
			if (sess->total_sectors)
				break;
			ret = discburn_mmc_format(rec, 0x26, 0, 0xffffffff, &st);
			break;
		case 0x43:
			ret = discburn_mmc_format(rec, sess->erase_full ? 0x30 : 0x31,
						  sess->erase_full ? 2 : 0, 0xffffffff, &st);
			break;
		}
		if (!ret)
			ret = discburn_mmc_wait_ready(rec, DISCBURN_ERASE_SECS,
						      discburn_session_stopped, sess,
						      discburn_session_erase_progress, &st);
		if (ret) {
			if (ret == -ETIMEDOUT)
				st = DISCBURN_E_ERASE_TOOK_LONGER_THAN_ONE_HOUR;
			else if (ret != -ECANCELED && ret != -ENODEV)
				st = DISCBURN_E_ERASE_DRIVE_FAILED_ERASE_COMMAND;
			discburn_session_fail(sess, st, -1, 0);
			sess->step = DISCBURN_STEP_END;
			discburn_session_end_step(sess);
			return;
		}
		WRITE_ONCE(sess->erase_fraction, 65536);
		if (sess->profile == 0x0a) {
			sess->step = DISCBURN_STEP_END;
			discburn_session_end_step(sess);
			return;
		}
		if (!sess->total_sectors) {
			struct discburn_media_info *mi = kzalloc(sizeof(*mi), GFP_KERNEL);

			if (mi && !discburn_mmc_media_info(rec, mi, &st))
				sess->total_sectors = mi->total_sectors;
			kfree(mi);
		}
	}
	/*
	 * Overwrite with zeros: the whole disc (full), or the first and the
	 * last 2 MiB (quick), where file systems keep what makes a disc look
	 * used. Each pass is a stream of the ring's zeros.
	 */
	pass_sectors = sess->erase_full ? sess->total_sectors :
		       min_t(u32, DISCBURN_ERASE_QUICK_SECTORS, sess->total_sectors);
	spin_lock_irq(&sess->lock);
	if (!sess->done && !sess->submit) {
		sess->start_lba = 0;
	} else if (!sess->erase_full && sess->start_lba == 0 &&
		   sess->total_sectors > pass_sectors) {
		sess->start_lba = sess->total_sectors - pass_sectors;
	} else {
		spin_unlock_irq(&sess->lock);
		sess->step = DISCBURN_STEP_END;
		discburn_session_end_step(sess);
		return;
	}
	sess->end = (u64)pass_sectors * DISCBURN_SECTOR;
	sess->max_bytes = sess->end;
	sess->padded = true;
	sess->submit = 0;
	sess->done = 0;
	sess->state = DISCBURN_SESSION_WRITING;
	sess->step = DISCBURN_STEP_STREAM;
	sess->seq++;
	spin_unlock_irq(&sess->lock);
	discburn_session_kick(sess, 0);
}

static void discburn_session_work(struct work_struct *work)
{
	struct discburn_session *sess =
		container_of(to_delayed_work(work), struct discburn_session, work);

	switch (READ_ONCE(sess->step)) {
	case DISCBURN_STEP_STREAM:
		if (!discburn_stream_step(sess))
			return;
		/* an erase's overwrite may have another pass */
		if (sess->format == DISCBURN_FORMAT_ERASE && !READ_ONCE(sess->stopping)) {
			sess->step = DISCBURN_STEP_ERASE;
			discburn_session_erase_step(sess);
			return;
		}
		sess->step = DISCBURN_STEP_END;
		discburn_session_end_step(sess);
		return;
	case DISCBURN_STEP_ERASE:
		discburn_session_erase_step(sess);
		return;
	case DISCBURN_STEP_END:
		discburn_session_end_step(sess);
		return;
	case DISCBURN_STEP_DONE:
		return;
	}
}

/**
 * discburn_session_abort() - a session that could not begin
 * @sess: the session, published, not attached to its file
 * @status: why
 *
 * Undoes the door and a lock it took, and leaves its result to be seen.
 */
void discburn_session_abort(struct discburn_session *sess, u32 status)
{
	u32 st;

	if (sess->door_locked && !discburn_detaching(sess->rec))
		discburn_mmc_prevent(sess->rec, false, &st);
	sess->door_locked = false;
	spin_lock_irq(&sess->lock);
	sess->stopping = true;
	sess->result = status;
	sess->step = DISCBURN_STEP_DONE;
	sess->state = DISCBURN_SESSION_DONE;
	sess->t_end = ktime_get();
	sess->seq++;
	spin_unlock_irq(&sess->lock);
	if (sess->took_lock)
		discburn_excl_drop(sess->df, false);
	discburn_netlink_notify(sess->rec, DISCBURN_CMD_WRITE_DONE_NTF);
	discburn_session_set_ended(sess);
	discburn_session_forget_file(sess);
}

/* Stop while beginning: a fatal signal, a cancel, the drive going away. */
static bool discburn_begin_stop(void *ctx)
{
	struct discburn_session *sess = ctx;

	return fatal_signal_pending(current) || READ_ONCE(sess->stopping) ||
	       discburn_detaching(sess->rec);
}

/* While @sess begins, a cancel on its file reaches it (NULL: done). */
static void discburn_session_beginning(struct discburn_file *df,
				       struct discburn_session *sess)
{
	spin_lock(&df->rec->lock);
	df->beginning = sess;
	spin_unlock(&df->rec->lock);
}

/**
 * discburn_session_chunk() - bytes a WRITE carries
 * @sess: the session, with its medium class and sector size known
 *
 * A whole number of the medium's units (CD: sectors of the stream; DVD:
 * 32 KiB; BD: 64 KiB), as large as the queue and max_write_kib allow.
 *
 * Return: bytes.
 */
u32 discburn_session_chunk(struct discburn_session *sess)
{
	u32 unit = sess->cls == DISCBURN_CLASS_BDR ||
		   (sess->cls == DISCBURN_CLASS_OVERWRITE && sess->profile == 0x43) ?
		   65536 : sess->cls == DISCBURN_CLASS_CD ? sess->sector_size : 32768;
	u32 max = min3(discburn_cmd_max_transfer(sess->rec),
		       READ_ONCE(max_write_kib) * 1024, discburn_stream_max_chunk());

	if (max < unit)
		return max >= sess->sector_size ?
		       rounddown(max, sess->sector_size) : sess->sector_size;
	return rounddown(max, unit);
}

/**
 * discburn_session_adjusted() - what the drive made of a requested speed
 * @sess: the session
 * @req: the requested speed (sectors/s or DISCBURN_SPEED_FASTEST)
 * @cav: pure CAV was requested
 * @cur_kbps: the speed the drive reports now
 *
 * Return: 0, S_SPEEDADJUSTED, S_ROTATIONADJUSTED or S_BOTHADJUSTED.
 */
u32 discburn_session_adjusted(struct discburn_session *sess, u32 req,
			      bool cav, u32 cur_kbps)
{
	struct discburn_write_speeds *w;
	bool speed = false, rot = false;
	u32 req_kbps, i, st, ncav = 0;

	if (req != DISCBURN_SPEED_FASTEST && req && cur_kbps) {
		req_kbps = DIV_ROUND_CLOSEST((u64)req * DISCBURN_SECTOR, 1000);
		speed = abs((int)cur_kbps - (int)req_kbps) > max(req_kbps / 100, 1u);
	}
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (w && !discburn_mmc_write_speeds(sess->rec, w, &st) && w->count) {
		for (i = 0; i < w->count; i++)
			ncav += !!(w->speed_flags[i] & DISCBURN_SPEED_PURE_CAV);
		rot = cav ? !ncav : ncav == w->count;
	}
	kfree(w);
	if (speed && rot)
		return DISCBURN_S_BOTHADJUSTED;
	if (speed)
		return DISCBURN_S_SPEEDADJUSTED;
	return rot ? DISCBURN_S_ROTATIONADJUSTED : DISCBURN_S_OK;
}

/*
 * DATA_BEGIN after the lock: check the medium and get the drive ready.
 * Fills @b's out-fields; returns 0 or a negated errno with *@status set.
 */
static int discburn_data_prepare(struct discburn_session *sess,
				 struct discburn_data_begin *b, u32 *status)
{
	struct discburn_recorder *rec = sess->rec;
	struct discburn_format_support fs = { 0 };
	struct discburn_media_info *mi;
	bool overwrite, last, bufe;
	u32 sectors, need, cur = 0, st;
	int ret;

	mi = kzalloc(sizeof(*mi), GFP_KERNEL);
	if (!mi) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	ret = discburn_drive_format_support(rec, DISCBURN_FORMAT_DATA, &fs, status);
	if (ret)
		goto out_free;
	if (!(fs.flags & DISCBURN_SUPPORT_RECORDER)) {
		*status = DISCBURN_E_DF2DATA_RECORDER_NOT_SUPPORTED;
		ret = -EOPNOTSUPP;
		goto out_free;
	}
	ret = discburn_mmc_media_info(rec, mi, status);
	if (ret == -EMEDIUMTYPE)
		*status = DISCBURN_E_DF2DATA_MEDIA_IS_NOT_SUPPORTED;
	if (ret)
		goto out_free;
	sess->profile = mi->current_profile;
	sess->cls = discburn_mmc_class(mi->current_profile);
	if (sess->cls == DISCBURN_CLASS_NONE ||
	    !(fs.media_types & (1ULL << mi->physical_type))) {
		*status = DISCBURN_E_DF2DATA_MEDIA_IS_NOT_SUPPORTED;
		ret = -EMEDIUMTYPE;
		goto out_free;
	}
	if (mi->write_protect) {
		*status = DISCBURN_E_RECORDER_MEDIA_WRITE_PROTECTED;
		ret = -EROFS;
		goto out_free;
	}
	if ((sess->flags & DISCBURN_DATA_TEST_WRITE) &&
	    sess->cls != DISCBURN_CLASS_CD && sess->cls != DISCBURN_CLASS_DVDR) {
		*status = DISCBURN_E_DF2DATA_MEDIA_IS_NOT_SUPPORTED;
		ret = -EOPNOTSUPP;
		goto out_free;
	}
	overwrite = sess->cls == DISCBURN_CLASS_OVERWRITE;
	if (overwrite) {
		if (mi->disc_status != 0 && !(sess->flags & DISCBURN_DATA_FORCE_OVERWRITE) &&
		    !(fs.flags & DISCBURN_SUPPORT_HEURISTICALLY_BLANK)) {
			*status = DISCBURN_E_DF2DATA_MEDIA_NOT_BLANK;
			ret = -EEXIST;
			goto out_free;
		}
	} else if (mi->media_state & (DISCBURN_MEDIA_STATE_FINALIZED |
				      DISCBURN_MEDIA_STATE_DAMAGED |
				      DISCBURN_MEDIA_STATE_NON_EMPTY_SESSION)) {
		*status = DISCBURN_E_DF2DATA_INVALID_MEDIA_STATE;
		ret = -EINVAL;
		goto out_free;
	} else if (mi->disc_status == 1 && !(sess->flags & DISCBURN_DATA_APPEND)) {
		*status = DISCBURN_E_DF2DATA_MEDIA_NOT_BLANK;
		ret = -EEXIST;
		goto out_free;
	}

	/* a blank DVD+RW or BD-RE is formatted first */
	if (overwrite && mi->disc_status == 0 &&
	    (sess->profile == 0x1a || sess->profile == 0x43)) {
		discburn_session_set_action(sess, DISCBURN_ACTION_FORMATTING_MEDIA);
		ret = discburn_mmc_format(rec, sess->profile == 0x1a ? 0x26 : 0x00, 0,
					  0xffffffff, status);
		if (!ret)
			ret = discburn_mmc_wait_ready(rec, DISCBURN_ERASE_SECS,
						      discburn_begin_stop, sess, NULL,
						      status);
		if (!ret)
			ret = discburn_mmc_media_info(rec, mi, status);
		if (ret)
			goto out_free;
	}

	sess->start_lba = overwrite ? 0 : (s32)mi->next_writable_address;
	sectors = overwrite ? mi->total_sectors : mi->free_sectors;
	sess->total_sectors = mi->total_sectors;
	sess->chunk = discburn_session_chunk(sess);
	switch (sess->cls) {
	case DISCBURN_CLASS_CD:
		sess->min_sectors = DISCBURN_CD_MIN_TRACK;
		if (!(sess->flags & DISCBURN_DATA_POSTGAP_IN_IMAGE))
			sess->postgap = DISCBURN_CD_POSTGAP;
		break;
	case DISCBURN_CLASS_DVDR:
	case DISCBURN_CLASS_DVDPLUSR:
		sess->pad_sectors = 16;
		break;
	case DISCBURN_CLASS_BDR:
		sess->pad_sectors = 32;
		break;
	default:
		break;
	}
	sess->max_bytes = (u64)sectors * DISCBURN_SECTOR;
	need = div_u64(b->stream_bytes, DISCBURN_SECTOR);
	need = roundup(max(need, sess->min_sectors), sess->pad_sectors) + sess->postgap;
	if (b->stream_bytes && need > sectors) {
		*status = DISCBURN_E_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA;
		ret = -ENOSPC;
		goto out_free;
	}

	ret = discburn_mmc_prevent(rec, true, status);
	if (ret)
		goto out_free;
	sess->door_locked = true;

	discburn_session_set_action(sess, DISCBURN_ACTION_INITIALIZING_HARDWARE);
	/* the last session when asked, or when the disc would be nearly full */
	last = (sess->flags & DISCBURN_DATA_FORCE_CLOSE) ||
	       (b->stream_bytes && mi->total_sectors &&
		(u64)(sectors - need) * 100 <= (u64)mi->total_sectors * DISCBURN_CLOSE_PERCENT);
	if (last)
		sess->flags |= DISCBURN_DATA_FORCE_CLOSE;
	bufe = !(sess->flags & DISCBURN_DATA_BUFE_DISABLED) || sess->cls != DISCBURN_CLASS_CD;
	ret = discburn_mmc_write_params(rec, sess->cls,
					sess->flags & DISCBURN_DATA_TEST_WRITE, bufe,
					last, status);
	if (ret)
		goto out_free;
	if (sess->cls == DISCBURN_CLASS_CD || sess->cls == DISCBURN_CLASS_DVDR) {
		/* the next writable address depends on the write type just set */
		ret = discburn_mmc_media_info(rec, mi, status);
		if (ret)
			goto out_free;
		sess->start_lba = (s32)mi->next_writable_address;
		if (mi->free_sectors < sectors)
			sectors = mi->free_sectors;
		sess->max_bytes = (u64)sectors * DISCBURN_SECTOR;
	}
	discburn_mmc_set_speed(rec, sess->cls, b->write_speed,
			       sess->flags & DISCBURN_DATA_PURE_CAV,
			       mi->total_sectors ? mi->total_sectors - 1 : 0, &cur, &st);
	sess->speed_kbps = cur;
	sess->adjusted = discburn_session_adjusted(sess, b->write_speed,
						   sess->flags & DISCBURN_DATA_PURE_CAV,
						   cur);

	if ((sess->cls == DISCBURN_CLASS_CD || sess->cls == DISCBURN_CLASS_DVDR) &&
	    !(sess->flags & DISCBURN_DATA_TEST_WRITE)) {
		discburn_session_set_action(sess, DISCBURN_ACTION_CALIBRATING_POWER);
		ret = discburn_mmc_send_opc(rec);
		if (ret) {
			*status = DISCBURN_E_DEVICE_NOT_CONNECTED;
			goto out_free;
		}
	}
	b->start_lba = sess->start_lba;
	b->free_sectors = sectors;
	b->current_speed = DIV_ROUND_CLOSEST(cur * 1000, DISCBURN_SECTOR);
	b->chunk_bytes = sess->chunk;
	*status = DISCBURN_S_OK;
out_free:
	kfree(mi);
	return ret;
}

/**
 * discburn_session_lock() - take the lock for a session, if needed
 * @df: the file
 * @took: out: the lock was taken here (the session drops it)
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_session_lock(struct discburn_file *df, bool *took, u32 *status)
{
	int ret;

	*took = false;
	if (discburn_excl_owned_by(df))
		return 0;
	ret = discburn_excl_lock(df, df->client_name, 0, status);
	if (!ret)
		*took = true;
	return ret;
}

static int discburn_check_data_begin(const void *arg)
{
	const struct discburn_data_begin *b = arg;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(b->__reserved); i++)
		if (b->__reserved[i])
			return -EINVAL;
	if (b->flags & ~DISCBURN_DATA_FLAGS || b->verify > DISCBURN_VERIFY_FULL)
		return -EINVAL;
	return 0;
}

static int discburn_ioc_data_begin(struct discburn_file *df, void *arg)
{
	struct discburn_data_begin *b = arg;
	struct discburn_session *sess;
	bool took;
	int ret;

	if (b->stream_bytes % DISCBURN_SECTOR) {
		b->status = DISCBURN_E_DF2DATA_STREAM_NOT_SUPPORTED;
		return -EINVAL;
	}
	ret = mutex_lock_killable(&df->lock);
	if (ret)
		return ret;
	if (df->session) {
		b->status = DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS;
		ret = -EBUSY;
		goto out_unlock;
	}
	if (!df->client_name[0]) {
		b->status = DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID;
		ret = -EINVAL;
		goto out_unlock;
	}
	ret = discburn_session_lock(df, &took, &b->status);
	if (ret)
		goto out_unlock;
	sess = discburn_session_new(df, DISCBURN_FORMAT_DATA);
	if (!sess) {
		if (took)
			discburn_excl_drop(df, false);
		b->status = DISCBURN_E_OUTOFMEMORY;
		ret = -ENOMEM;
		goto out_unlock;
	}
	sess->took_lock = took;
	sess->flags = b->flags;
	sess->verify = b->verify;
	sess->declared = b->stream_bytes;
	ret = discburn_session_publish(sess);
	if (ret)
		b->status = DISCBURN_E_DEVICE_NOT_CONNECTED;
	else
		discburn_progress_notify(sess, true);

	if (!ret) {
		discburn_session_beginning(df, sess);
		ret = discburn_data_prepare(sess, b, &b->status);
		discburn_session_beginning(df, NULL);
		if (!ret && READ_ONCE(sess->stopping)) {
			b->status = DISCBURN_E_REQUEST_CANCELLED;
			ret = -ECANCELED;
		}
	}
	if (!ret) {
		ret = discburn_stream_alloc(sess, b->ring_kib, 0);
		if (!ret && sess->verify)
			ret = discburn_verify_alloc(sess->ring, sess->max_bytes);
		if (ret)
			b->status = DISCBURN_E_OUTOFMEMORY;
	}
	if (ret) {
		if (READ_ONCE(sess->stopping) && ret == -ECANCELED)
			b->status = DISCBURN_E_REQUEST_CANCELLED;
		if (!b->status)
			b->status = DISCBURN_E_FAIL;
		discburn_session_abort(sess, b->status);
		discburn_session_put(sess);
		goto out_unlock;
	}
	b->ring_kib = discburn_stream_ring_size(sess) / 1024;
	b->status = sess->adjusted;
	spin_lock_irq(&sess->lock);
	sess->origin_lba = sess->start_lba;
	sess->last_written = sess->start_lba - 1;
	sess->step = DISCBURN_STEP_STREAM;
	sess->action = DISCBURN_ACTION_WRITING_DATA;
	sess->stalled_since = jiffies;
	sess->seq++;
	spin_unlock_irq(&sess->lock);
	discburn_session_attach(sess);
	discburn_progress_notify(sess, true);
	queue_delayed_work(discburn_wq, &sess->tick, HZ / 2);
	discburn_session_put(sess);
out_unlock:
	mutex_unlock(&df->lock);
	return ret;
}

static u32 discburn_not_in_progress(u32 format)
{
	switch (format) {
	case DISCBURN_FORMAT_RAW:
		return DISCBURN_E_DF2RAW_WRITE_NOT_IN_PROGRESS;
	default:
		return DISCBURN_E_DF2DATA_WRITE_NOT_IN_PROGRESS;
	}
}

/*
 * Wait for the file's session to end and take its result. Called without
 * the file's lock, so that the file's other calls (client name, begin)
 * answer at once while a session runs; the result is taken under it,
 * once: a second waiter finds nothing left.
 */
static int discburn_session_collect(struct discburn_file *df,
				    struct discburn_session *sess,
				    struct discburn_session_finish *f)
{
	struct discburn_session *taken = NULL;
	u64 in_ring;
	int ret;

	ret = wait_event_interruptible(sess->wait, discburn_session_done(sess));
	if (ret)
		return -EINTR;
	if (mutex_lock_killable(&df->lock))
		return -EINTR;
	spin_lock_irq(&sess->lock);
	if (READ_ONCE(df->session) != sess ||
	    (sess->format == DISCBURN_FORMAT_RAW && !sess->result_pending)) {
		spin_unlock_irq(&sess->lock);
		mutex_unlock(&df->lock);
		f->status = discburn_not_in_progress(sess->format);
		return -ENOENT;
	}
	f->status = sess->result;
	f->failed_lba = sess->failed_lba;
	f->last_written_lba = sess->last_written;
	sess->result_pending = false;
	spin_unlock_irq(&sess->lock);
	discburn_stream_counts(sess, &f->bytes, &in_ring);
	/* a raw session is prepared again: the file keeps it until RAW_RELEASE */
	if (sess->format != DISCBURN_FORMAT_RAW) {
		discburn_session_forget_file(sess);
		taken = discburn_session_detach_file(df);
	}
	mutex_unlock(&df->lock);
	if (taken)
		discburn_session_put(taken);
	return discburn_status_errno(f->status);
}

static int discburn_check_finish(const void *arg)
{
	const struct discburn_session_finish *f = arg;

	return f->__reserved || (f->flags & ~DISCBURN_FINISH_NOWAIT) ? -EINVAL : 0;
}

static int discburn_ioc_session_finish(struct discburn_file *df, void *arg)
{
	struct discburn_session_finish *f = arg;
	struct discburn_session *sess;
	int ret;

	f->failed_lba = (u32)-1;
	f->last_written_lba = (u32)-1;
	sess = discburn_file_session(df);
	if (!sess) {
		f->status = DISCBURN_E_DF2DATA_WRITE_NOT_IN_PROGRESS;
		return -ENOENT;
	}
	if (sess->format == DISCBURN_FORMAT_RAW &&
	    READ_ONCE(sess->state) == DISCBURN_SESSION_PREPARED &&
	    !READ_ONCE(sess->result_pending)) {
		f->status = DISCBURN_E_DF2RAW_WRITE_NOT_IN_PROGRESS;
		ret = -ENOENT;
		goto out_put;
	}
	ret = discburn_stream_end(sess);
	if (ret)
		goto out_put;
	if ((f->flags & DISCBURN_FINISH_NOWAIT) && !discburn_session_done(sess)) {
		ret = -EINPROGRESS;
		goto out_put;
	}
	ret = discburn_session_collect(df, sess, f);
out_put:
	discburn_session_put(sess);
	return ret;
}

/*
 * CancelWrite with nothing running: the format's WRITE_NOT_IN_PROGRESS
 * (ENOENT); an eraser has nothing to cancel, which is no failure
 * (S_WRITE_NOT_IN_PROGRESS).
 */
static int discburn_nothing_to_cancel(struct discburn_session_cancel *c)
{
	if (c->format == DISCBURN_FORMAT_ERASE) {
		c->status = DISCBURN_S_WRITE_NOT_IN_PROGRESS;
		return 0;
	}
	c->status = discburn_not_in_progress(c->format);
	return -ENOENT;
}

/* A cancel while the session is still beginning (formatting, say). */
static bool discburn_session_cancel_beginning(struct discburn_file *df)
{
	struct discburn_recorder *rec = df->rec;
	struct discburn_session *sess;

	spin_lock(&rec->lock);
	sess = df->beginning;
	if (sess)
		kref_get(&sess->kref);
	spin_unlock(&rec->lock);
	if (!sess)
		return false;
	discburn_session_fail(sess, DISCBURN_E_REQUEST_CANCELLED, -1, 0);
	discburn_session_put(sess);
	return true;
}

static int discburn_check_cancel(const void *arg)
{
	const struct discburn_session_cancel *c = arg;

	return c->__reserved || c->format > DISCBURN_FORMAT_ERASE ? -EINVAL : 0;
}

static int discburn_ioc_session_cancel(struct discburn_file *df, void *arg)
{
	struct discburn_session_cancel *c = arg;
	struct discburn_session *sess;
	bool running;

	sess = discburn_file_session(df);
	if (!sess && discburn_session_cancel_beginning(df))
		return 0;
	if (!sess)
		return discburn_nothing_to_cancel(c);
	/* closing or verifying already: too late, the end reports its result */
	spin_lock_irq(&sess->lock);
	running = !discburn_session_done(sess) && !sess->stopping;
	spin_unlock_irq(&sess->lock);
	if (running)
		discburn_session_fail(sess, DISCBURN_E_REQUEST_CANCELLED, -1, 0);
	discburn_session_put(sess);
	if (running)
		return 0;
	return discburn_nothing_to_cancel(c);
}

static int discburn_check_client_name(const void *arg)
{
	const struct discburn_client_name *cn = arg;

	if (cn->__reserved)
		return -EINVAL;
	return cn->format >= DISCBURN_FORMAT_DATA &&
	       cn->format <= DISCBURN_FORMAT_ERASE ? 0 : -EINVAL;
}

static int discburn_ioc_set_client_name(struct discburn_file *df, void *arg)
{
	struct discburn_client_name *cn = arg;
	struct discburn_session *sess;
	int ret;

	if (!discburn_client_name_valid(cn->client_name, sizeof(cn->client_name))) {
		cn->status = cn->format == DISCBURN_FORMAT_RAW ?
			     DISCBURN_E_DF2RAW_CLIENT_NAME_IS_NOT_VALID :
			     cn->format == DISCBURN_FORMAT_ERASE ?
			     DISCBURN_E_ERASE_CLIENT_NAME_IS_NOT_VALID :
			     DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID;
		return -EINVAL;
	}
	ret = mutex_lock_killable(&df->lock);
	if (ret)
		return ret;
	sess = discburn_file_session(df);
	if (sess && READ_ONCE(sess->state) == DISCBURN_SESSION_PREPARED) {
		cn->status = DISCBURN_E_DF2RAW_MEDIA_IS_PREPARED;
		ret = -EBUSY;
	} else if (sess && !discburn_session_done(sess)) {
		cn->status = cn->format == DISCBURN_FORMAT_RAW ?
			     DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS :
			     cn->format == DISCBURN_FORMAT_ERASE ?
			     DISCBURN_E_ERASE_RECORDER_IN_USE :
			     DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS;
		ret = -EBUSY;
	} else {
		strscpy(df->client_name, cn->client_name, sizeof(df->client_name));
	}
	if (sess)
		discburn_session_put(sess);
	mutex_unlock(&df->lock);
	return ret;
}

/* ERASE after the lock: what to do with this medium. */
static int discburn_erase_prepare(struct discburn_session *sess, u32 *status)
{
	struct discburn_recorder *rec = sess->rec;
	struct discburn_format_support fs = { 0 };
	struct discburn_media_info *mi;
	int ret;

	mi = kzalloc(sizeof(*mi), GFP_KERNEL);
	if (!mi) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	ret = discburn_drive_format_support(rec, DISCBURN_FORMAT_ERASE, &fs, status);
	if (ret)
		goto out_free;
	if (!(fs.flags & DISCBURN_SUPPORT_RECORDER)) {
		*status = DISCBURN_E_ERASE_RECORDER_NOT_SUPPORTED;
		ret = -EOPNOTSUPP;
		goto out_free;
	}
	ret = discburn_mmc_media_info(rec, mi, status);
	if (ret == -EMEDIUMTYPE)
		*status = DISCBURN_E_ERASE_MEDIA_IS_NOT_SUPPORTED;
	if (ret)
		goto out_free;
	if (!(fs.flags & DISCBURN_SUPPORT_MEDIA)) {
		*status = DISCBURN_E_ERASE_MEDIA_IS_NOT_SUPPORTED;
		ret = -EMEDIUMTYPE;
		goto out_free;
	}
	if (mi->write_protect) {
		*status = DISCBURN_E_RECORDER_MEDIA_WRITE_PROTECTED;
		ret = -EROFS;
		goto out_free;
	}
	sess->profile = mi->current_profile;
	sess->cls = discburn_mmc_class(mi->current_profile);
	/* an unformatted DVD+RW has no capacity yet: the erase formats it */
	sess->total_sectors = mi->disc_status == 0 && sess->profile == 0x1a ?
			      0 : mi->total_sectors;
	sess->chunk = discburn_session_chunk(sess);
	ret = discburn_mmc_prevent(rec, true, status);
	if (!ret)
		sess->door_locked = true;
out_free:
	kfree(mi);
	return ret;
}

static int discburn_check_erase(const void *arg)
{
	const struct discburn_erase *e = arg;

	return e->__reserved || (e->flags & ~DISCBURN_ERASE_FULL) ? -EINVAL : 0;
}

static int discburn_ioc_erase(struct discburn_file *df, void *arg)
{
	struct discburn_erase *e = arg;
	struct discburn_session_finish f = { 0 };
	struct discburn_session *sess;
	bool took;
	int ret;

	ret = mutex_lock_killable(&df->lock);
	if (ret)
		return ret;
	if (df->session) {
		e->status = DISCBURN_E_ERASE_RECORDER_IN_USE;
		ret = -EBUSY;
		goto out_unlock;
	}
	if (!df->client_name[0]) {
		e->status = DISCBURN_E_ERASE_CLIENT_NAME_IS_NOT_VALID;
		ret = -EINVAL;
		goto out_unlock;
	}
	ret = discburn_session_lock(df, &took, &e->status);
	if (ret)
		goto out_unlock;
	sess = discburn_session_new(df, DISCBURN_FORMAT_ERASE);
	if (!sess) {
		if (took)
			discburn_excl_drop(df, false);
		e->status = DISCBURN_E_OUTOFMEMORY;
		ret = -ENOMEM;
		goto out_unlock;
	}
	sess->took_lock = took;
	sess->erase_full = e->flags & DISCBURN_ERASE_FULL;
	ret = discburn_session_publish(sess);
	if (ret)
		e->status = DISCBURN_E_DEVICE_NOT_CONNECTED;
	else
		ret = discburn_erase_prepare(sess, &e->status);
	if (!ret && READ_ONCE(sess->stopping)) {
		e->status = DISCBURN_E_REQUEST_CANCELLED;
		ret = -ECANCELED;
	}
	if (ret) {
		discburn_session_abort(sess, e->status ? e->status : DISCBURN_E_FAIL);
		discburn_session_put(sess);
		goto out_unlock;
	}
	spin_lock_irq(&sess->lock);
	sess->step = DISCBURN_STEP_ERASE;
	sess->state = DISCBURN_SESSION_WRITING;
	sess->seq++;
	spin_unlock_irq(&sess->lock);
	discburn_session_attach(sess);
	discburn_progress_notify(sess, true);
	queue_delayed_work(discburn_wq, &sess->tick, HZ / 2);
	discburn_session_kick(sess, 0);
	mutex_unlock(&df->lock);
	ret = discburn_session_collect(df, sess, &f);
	e->status = f.status;
	discburn_session_put(sess);
	return ret;
out_unlock:
	mutex_unlock(&df->lock);
	return ret;
}

/* Wait for a stopping session to end; the caller holds a reference. */
static bool discburn_session_wait_done(struct discburn_session *sess,
				       unsigned long timeout)
{
	unsigned long end = jiffies + timeout;

	while (!discburn_session_done(sess)) {
		/* wake now and then: the hung-task detector watches this */
		wait_event_timeout(sess->wait, discburn_session_done(sess), 10 * HZ);
		if (timeout && time_after(jiffies, end))
			return false;
	}
	return true;
}

/**
 * discburn_session_release_file() - the file closes: cancel and end its session
 * @df: the file
 *
 * Waits for the session's end (the disc is closed as far as it can be, the
 * door unlocked), which the commands' timeouts bound.
 */
void discburn_session_release_file(struct discburn_file *df)
{
	struct discburn_session *sess = discburn_session_detach_file(df);

	if (!sess)
		return;
	discburn_session_fail(sess, DISCBURN_E_REQUEST_CANCELLED, -1, 0);
	discburn_session_wait_done(sess, 0);
	if (READ_ONCE(sess->state) == DISCBURN_SESSION_PREPARED)
		discburn_raw_release(sess);
	discburn_session_forget_file(sess);
	discburn_session_put(sess);
}

/**
 * discburn_session_detach() - the drive is going: end its session
 * @rec: the recorder, marked detaching
 *
 * Fails the session with DEVICE_NOT_CONNECTED, wakes its writers and
 * waits a bounded time for the commands in flight, which removal fails.
 * References keep whatever is still running alive past that.
 */
void discburn_session_detach(struct discburn_recorder *rec)
{
	struct discburn_session *sess = discburn_session_get_current(rec);

	if (!sess)
		return;
	discburn_session_fail(sess, DISCBURN_E_DEVICE_NOT_CONNECTED, -1, 0);
	if (!discburn_session_wait_done(sess, DISCBURN_DETACH_WAIT))
		dev_warn(rec->dev, "session still running after removal\n");
	discburn_session_put(sess);

	/* the recorder and its last session reference each other: let go */
	spin_lock(&rec->lock);
	sess = rec->session;
	rec->session = NULL;
	spin_unlock(&rec->lock);
	if (sess)
		discburn_session_put(sess);
}

static const struct discburn_ioctl_op discburn_session_ops[] = {
	{
		.cmd = DISCBURN_IOC_SET_CLIENT_NAME,
		.size = sizeof(struct discburn_client_name),
		DISCBURN_MIN_SIZE(struct discburn_client_name, client_name),
		DISCBURN_IN_END(struct discburn_client_name, client_name),
		.write = true,
		.check = discburn_check_client_name,
		.fn = discburn_ioc_set_client_name,
	},
	{
		.cmd = DISCBURN_IOC_DATA_BEGIN,
		.size = sizeof(struct discburn_data_begin),
		DISCBURN_MIN_SIZE(struct discburn_data_begin, __reserved),
		DISCBURN_IN_END(struct discburn_data_begin, stream_bytes),
		.write = true,
		.check = discburn_check_data_begin,
		.fn = discburn_ioc_data_begin,
	},
	{
		.cmd = DISCBURN_IOC_SESSION_FINISH,
		.size = sizeof(struct discburn_session_finish),
		DISCBURN_MIN_SIZE(struct discburn_session_finish, bytes),
		DISCBURN_IN_END(struct discburn_session_finish, __reserved),
		.write = true,
		.check = discburn_check_finish,
		.fn = discburn_ioc_session_finish,
	},
	{
		.cmd = DISCBURN_IOC_SESSION_CANCEL,
		.size = sizeof(struct discburn_session_cancel),
		DISCBURN_MIN_SIZE(struct discburn_session_cancel, __reserved),
		DISCBURN_IN_END(struct discburn_session_cancel, __reserved),
		.write = true,
		.check = discburn_check_cancel,
		.fn = discburn_ioc_session_cancel,
	},
	{
		.cmd = DISCBURN_IOC_ERASE,
		.size = sizeof(struct discburn_erase),
		DISCBURN_MIN_SIZE(struct discburn_erase, __reserved),
		DISCBURN_IN_END(struct discburn_erase, __reserved),
		.write = true,
		.check = discburn_check_erase,
		.fn = discburn_ioc_erase,
	},
};

const struct discburn_ioctl_table discburn_session_ioctls = {
	.ops = discburn_session_ops,
	.n = ARRAY_SIZE(discburn_session_ops),
};

/**
 * discburn_session_init() - create the sessions' workqueue and zeros
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_session_init(void)
{
	int ret;

	ret = discburn_stream_init();
	if (ret)
		return ret;
	discburn_wq = alloc_workqueue("discburn", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!discburn_wq) {
		discburn_stream_exit();
		return -ENOMEM;
	}
	return 0;
}

/**
 * discburn_session_exit() - destroy them; every session has ended by now
 */
void discburn_session_exit(void)
{
	destroy_workqueue(discburn_wq);
	discburn_stream_exit();
}
