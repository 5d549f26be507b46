// SPDX-License-Identifier: GPL-2.0
/*
 * The streaming core: write(2), writev(2) and splice(2) copy the stream
 * into the session's ring; the writer keeps DISCBURN_WRITE_DEPTH WRITE
 * commands queued straight from the ring (no copy, no user-space round
 * trip per command), each one the medium's unit; completions free ring
 * space and queue the next WRITE. Data flows one way:
 * write() -> ring -> writer -> WRITE -> completion -> progress.
 *
 * A drive whose buffer is full may answer LONG WRITE IN PROGRESS
 * (02/04/08): the WRITEs from that one on are sent again, in order, a
 * little later, as growisofs and cdrdao do. Any other failure ends the
 * session with the drive's status and the failing LBA.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdrom.h>
#include <linux/fs.h>
#include <linux/math64.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <scsi/scsi_proto.h>

#include "discburn.h"

static unsigned int ring_max_kib = 65536;
module_param(ring_max_kib, uint, 0644);
MODULE_PARM_DESC(ring_max_kib, "Largest stream ring a session may use, KiB (default 65536)");

static unsigned int ring_default_kib = 8192;
module_param(ring_default_kib, uint, 0644);
MODULE_PARM_DESC(ring_default_kib, "Stream ring of a session that asks for none, KiB (default 8192)");

/* Resend delay after LONG WRITE IN PROGRESS, and how long to keep trying */
#define DISCBURN_BUSY_DELAY_MS	20
#define DISCBURN_BUSY_GIVEUP	(120 * HZ)

/**
 * discburn_stream_alloc() - allocate the session's ring
 * @sess: the session, with @chunk set
 * @ring_kib: requested size in KiB, 0 for the default
 *
 * The ring is a whole number of chunks, at least DISCBURN_WRITE_DEPTH + 1
 * of them, at most ring_max_kib. It is charged to the caller's memory
 * cgroup.
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_stream_alloc(struct discburn_session *sess, u32 ring_kib)
{
	u64 want = (u64)(ring_kib ? ring_kib : READ_ONCE(ring_default_kib)) * 1024;
	u64 max = (u64)READ_ONCE(ring_max_kib) * 1024;
	u64 min = (u64)sess->chunk * (DISCBURN_WRITE_DEPTH + 1);
	gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_NOWARN;

	want = clamp(want, min, max(min, max));
	sess->ring_size = div_u64(want, sess->chunk) * sess->chunk;
	if (sess->zero_stream)
		gfp |= __GFP_ZERO;
	sess->ring = __vmalloc(sess->ring_size, gfp);
	if (!sess->ring)
		return -ENOMEM;
	sess->rbc_buf = kzalloc(12, GFP_KERNEL_ACCOUNT);
	if (!sess->rbc_buf) {
		vfree(sess->ring);
		sess->ring = NULL;
		return -ENOMEM;
	}
	return 0;
}

/**
 * discburn_stream_free() - free the ring
 * @sess: the session, with nothing in flight
 */
void discburn_stream_free(struct discburn_session *sess)
{
	vfree(sess->ring);
	sess->ring = NULL;
	kfree(sess->rbc_buf);
	sess->rbc_buf = NULL;
}

/* Why the stream takes no more data, as an errno; 0 if it does. Locked. */
static int discburn_stream_closed(struct discburn_session *sess)
{
	if (discburn_detaching(sess->rec))
		return -ENODEV;
	if (sess->stopping) {
		if (sess->result == DISCBURN_E_REQUEST_CANCELLED)
			return -ECANCELED;
		if (sess->result == DISCBURN_E_DEVICE_NOT_CONNECTED)
			return -ENODEV;
		return -EIO;
	}
	if (sess->eos || sess->zero_stream ||
	    (sess->state != DISCBURN_SESSION_READY &&
	     sess->state != DISCBURN_SESSION_WRITING))
		return -EINVAL;
	return 0;
}

static bool discburn_stream_ready(struct discburn_session *sess)
{
	unsigned long flags;
	bool ready;

	spin_lock_irqsave(&sess->lock, flags);
	ready = discburn_stream_closed(sess) ||
		sess->head - sess->done < sess->ring_size;
	spin_unlock_irqrestore(&sess->lock, flags);
	return ready;
}

/*
 * Copy @len bytes of @from (zeros when NULL) into the ring, waiting for
 * room unless @nonblock. Called with write_mutex held.
 */
static ssize_t discburn_stream_copy(struct discburn_session *sess,
				    struct iov_iter *from, size_t len,
				    bool nonblock)
{
	size_t copied = 0;
	ssize_t ret = 0;

	while (copied < len) {
		size_t room, pos, n, got;
		bool kick, started = false;

		if (from && sess->skip) {
			/* raw: what precedes the medium's lead-in is not sent */
			n = min_t(u64, sess->skip, len - copied);
			iov_iter_advance(from, n);
			spin_lock_irq(&sess->lock);
			sess->skip -= n;
			sess->skipped += n;
			spin_unlock_irq(&sess->lock);
			copied += n;
			continue;
		}

		spin_lock_irq(&sess->lock);
		ret = discburn_stream_closed(sess);
		room = sess->ring_size - (sess->head - sess->done);
		pos = sess->head % sess->ring_size;
		if (!ret && from && sess->head + (len - copied) > sess->max_bytes)
			ret = -ENOSPC;
		spin_unlock_irq(&sess->lock);
		if (ret == -ENOSPC) {
			discburn_session_fail(sess, sess->st_too_large, -1, 0);
			break;
		}
		if (ret)
			break;
		if (!room) {
			if (nonblock) {
				ret = -EAGAIN;
				break;
			}
			ret = wait_event_interruptible(sess->wait,
						       discburn_stream_ready(sess));
			if (ret)
				break;
			continue;
		}
		n = min3(room, sess->ring_size - pos, len - copied);
		if (from) {
			got = copy_from_iter(sess->ring + pos, n, from);
			if (!got) {
				ret = -EFAULT;
				break;
			}
		} else {
			memset(sess->ring + pos, 0, n);
			got = n;
		}

		spin_lock_irq(&sess->lock);
		sess->head += got;
		if (from)
			sess->data_bytes += got;
		if (sess->state == DISCBURN_SESSION_READY) {
			sess->state = DISCBURN_SESSION_WRITING;
			sess->seq++;
			started = true;
		}
		kick = sess->inflight < DISCBURN_WRITE_DEPTH &&
		       sess->head - sess->submit >= sess->chunk;
		spin_unlock_irq(&sess->lock);
		if (from && sess->crc)
			discburn_verify_record(sess, sess->data_bytes);
		if (kick)
			discburn_session_kick(sess, 0);
		if (started)
			discburn_progress_notify(sess, true);
		copied += got;
	}
	return copied ? copied : ret;
}

/**
 * discburn_stream_write() - write(2), writev(2), splice(2) into the stream
 * @df: the file
 * @iocb: the request
 * @from: the data
 *
 * Return: bytes taken, or a negated errno value: EINVAL without a session
 * that takes a stream, EAGAIN when the ring is full and the file is
 * non-blocking, ECANCELED after a cancel, EIO after a failure, ENOSPC past
 * the free space of the medium, ENODEV once the drive is gone.
 */
ssize_t discburn_stream_write(struct discburn_file *df, struct kiocb *iocb,
			      struct iov_iter *from)
{
	bool nonblock = (iocb->ki_flags & IOCB_NOWAIT) ||
			(iocb->ki_filp->f_flags & O_NONBLOCK);
	struct discburn_session *sess;
	ssize_t ret;

	if (discburn_detaching(df->rec))
		return -ENODEV;
	if (!iov_iter_count(from))
		return 0;
	sess = discburn_file_session(df);
	if (!sess)
		return -EINVAL;
	if (nonblock) {
		if (!mutex_trylock(&sess->write_mutex)) {
			ret = -EAGAIN;
			goto out_put;
		}
	} else if (mutex_lock_interruptible(&sess->write_mutex)) {
		ret = -ERESTARTSYS;
		goto out_put;
	}
	ret = discburn_stream_copy(sess, from, iov_iter_count(from), nonblock);
	mutex_unlock(&sess->write_mutex);
out_put:
	discburn_session_put(sess);
	return ret;
}

/**
 * discburn_stream_pad() - end the stream as the medium requires
 * @sess: the session
 *
 * A stream that is not whole sectors fails STREAM_NOT_SUPPORTED. Else it
 * is padded with zeros to the medium's unit, to its shortest track, plus
 * the post-gap, and marked ended. May sleep for ring room.
 *
 * Return: 0 (the stream ended, or the session had already stopped), or
 * -EINTR when a signal came first: call again.
 */
int discburn_stream_pad(struct discburn_session *sess)
{
	u64 sectors, target, zeros;
	ssize_t ret;

	if (mutex_lock_interruptible(&sess->write_mutex))
		return -EINTR;
	spin_lock_irq(&sess->lock);
	if (sess->eos || sess->stopping) {
		spin_unlock_irq(&sess->lock);
		mutex_unlock(&sess->write_mutex);
		return 0;
	}
	if ((sess->data_bytes + sess->skipped) % sess->sector_size) {
		spin_unlock_irq(&sess->lock);
		mutex_unlock(&sess->write_mutex);
		discburn_session_fail(sess, sess->st_not_supported, -1, 0);
		return 0;
	}
	sectors = div_u64(sess->data_bytes, sess->sector_size);
	target = roundup(max_t(u64, sectors, sess->min_sectors), sess->pad_sectors) +
		 sess->postgap;
	target = min(target * sess->sector_size, max(sess->max_bytes, sess->data_bytes));
	zeros = target > sess->head ? target - sess->head : 0;
	spin_unlock_irq(&sess->lock);

	ret = discburn_stream_copy(sess, NULL, zeros, false);
	if (ret == -ERESTARTSYS) {
		mutex_unlock(&sess->write_mutex);
		return -EINTR;
	}
	spin_lock_irq(&sess->lock);
	if (!sess->stopping) {
		sess->eos = true;
		sess->state = DISCBURN_SESSION_FINISHING;
		sess->seq++;
	}
	spin_unlock_irq(&sess->lock);
	mutex_unlock(&sess->write_mutex);
	discburn_session_kick(sess, 0);
	discburn_progress_notify(sess, true);
	return 0;
}

/**
 * discburn_stream_poll() - poll(2) of a file with a session
 * @df: the file
 * @file: its struct file
 * @wait: the poll table (already waiting on the recorder's queue, which
 *	the session wakes)
 *
 * Return: EPOLLOUT when write() would take data without blocking, EPOLLPRI
 * once the session has ended (its result waits for SESSION_FINISH, or a
 * raw session is prepared),
 * EPOLLERR after a failure or cancel.
 */
__poll_t discburn_stream_poll(struct discburn_file *df, struct file *file,
			      poll_table *wait)
{
	struct discburn_session *sess = discburn_file_session(df);
	__poll_t mask = 0;

	if (!sess)
		return 0;
	spin_lock_irq(&sess->lock);
	if (sess->ended)
		mask |= EPOLLPRI;
	if (sess->stopping)
		mask |= EPOLLERR;
	else if (!discburn_stream_closed(sess) &&
		 sess->head - sess->done < sess->ring_size)
		mask |= EPOLLOUT | EPOLLWRNORM;
	spin_unlock_irq(&sess->lock);
	discburn_session_put(sess);
	return mask;
}

/* Wake writers, finishers and pollers. */
static void discburn_stream_wake(struct discburn_session *sess)
{
	wake_up_all(&sess->wait);
	wake_up_interruptible_poll(&sess->rec->wait, EPOLLOUT | EPOLLWRNORM);
}

static bool discburn_cmd_busy(const struct discburn_cmd *cmd)
{
	return cmd->sshdr_valid && cmd->sshdr.sense_key == NOT_READY &&
	       cmd->sshdr.asc == 0x04 &&
	       (cmd->sshdr.ascq == 0x08 || cmd->sshdr.ascq == 0x07);
}

/* Fold completed WRITEs into @done, in stream order. Locked. */
static void discburn_stream_fold(struct discburn_session *sess)
{
	bool more = true;
	unsigned int i;

	while (more) {
		more = false;
		for (i = 0; i < DISCBURN_WRITE_DEPTH; i++) {
			struct discburn_wcmd *w = &sess->w[i];

			if (!w->ok || w->off != sess->done)
				continue;
			w->ok = false;
			sess->done += w->len;
			sess->writes++;
			sess->bytes_written += w->len;
			sess->last_written = sess->start_lba +
				(s32)div_u64(sess->done, sess->sector_size) - 1;
			sess->stalled_since = jiffies;
			more = true;
		}
	}
}

/* Completion context (softirq or hard IRQ): account, wake, queue more. */
static void discburn_stream_write_done(struct discburn_cmd *cmd)
{
	struct discburn_wcmd *w = cmd->private;
	struct discburn_session *sess = w->sess;
	unsigned long flags;
	s32 lba;

	spin_lock_irqsave(&sess->lock, flags);
	w->busy = false;
	sess->inflight--;
	if (cmd->error) {
		if (discburn_cmd_busy(cmd) && !sess->stopping) {
			/* drive buffer full: this WRITE and those after it again */
			if (!sess->replay || w->off < sess->replay_from)
				sess->replay_from = w->off;
			sess->replay = true;
			sess->replay_at = jiffies + msecs_to_jiffies(DISCBURN_BUSY_DELAY_MS);
			sess->busy_retries++;
		} else if (!(sess->replay && w->off > sess->replay_from) &&
			   !sess->stopping) {
			if (!discburn_sense_info(cmd, &lba))
				lba = sess->start_lba +
				      (s32)div_u64(w->off, sess->sector_size);
			sess->stopping = true;
			sess->result = cmd->status ? cmd->status : DISCBURN_E_FAIL;
			sess->failed_lba = lba;
			sess->sense = discburn_sense_code(cmd);
			sess->seq++;
		}
	} else if (!(sess->replay && w->off >= sess->replay_from)) {
		w->ok = true;
		discburn_stream_fold(sess);
	}
	spin_unlock_irqrestore(&sess->lock, flags);
	discburn_stream_wake(sess);
	discburn_session_kick(sess, 0);
}

static struct discburn_wcmd *discburn_stream_slot(struct discburn_session *sess)
{
	unsigned int i;

	for (i = 0; i < DISCBURN_WRITE_DEPTH; i++)
		if (!sess->w[i].busy && !sess->w[i].ok)
			return &sess->w[i];
	return NULL;
}

static void discburn_stream_submit(struct discburn_session *sess,
				   struct discburn_wcmd *w)
{
	u32 nblocks = w->len / sess->sector_size;
	s32 lba = sess->start_lba + (s32)div_u64(w->off, sess->sector_size);
	u8 cdb[10] = { WRITE_10 };
	u32 pos;
	int ret;

	cdb[2] = (u32)lba >> 24;
	cdb[3] = (u32)lba >> 16;
	cdb[4] = (u32)lba >> 8;
	cdb[5] = lba;
	cdb[7] = nblocks >> 8;
	cdb[8] = nblocks;
	div_u64_rem(w->off, sess->ring_size, &pos);
	discburn_cmd_init(&w->cmd, cdb, sizeof(cdb), sess->ring + pos, w->len,
			  true, DISCBURN_TMO_WRITE);
	w->cmd.done = discburn_stream_write_done;
	w->cmd.private = w;
	ret = discburn_cmd_submit(sess->rec, &w->cmd);
	if (!ret)
		return;
	/* never reached the drive: as if it had failed there */
	w->cmd.error = ret;
	discburn_result_to_status(&w->cmd);
	discburn_stream_write_done(&w->cmd);
}

/**
 * discburn_stream_step() - keep WRITEs queued; the session's work calls it
 * @sess: the session
 *
 * Return: true once the stream is written, or the session has stopped,
 * and nothing is in flight: the session may go on to its end.
 */
bool discburn_stream_step(struct discburn_session *sess)
{
	struct discburn_wcmd *w;
	bool finished = false;
	u64 avail;

	spin_lock_irq(&sess->lock);
	for (;;) {
		if (sess->stopping) {
			finished = !sess->inflight;
			break;
		}
		if (sess->replay) {
			if (sess->inflight)
				break;
			if (time_after(jiffies, sess->stalled_since + DISCBURN_BUSY_GIVEUP)) {
				sess->stopping = true;
				sess->result = DISCBURN_E_RECORDER_MEDIA_BUSY;
				sess->failed_lba = sess->start_lba +
					(s32)div_u64(sess->replay_from, sess->sector_size);
				sess->sense = 0x020408;
				sess->seq++;
				finished = true;
				break;
			}
			if (time_before(jiffies, sess->replay_at)) {
				spin_unlock_irq(&sess->lock);
				discburn_session_kick(sess, sess->replay_at - jiffies);
				return false;
			}
			sess->submit = sess->replay_from;
			sess->replay = false;
		}
		if (sess->eos && sess->done == sess->head && !sess->inflight) {
			finished = true;
			break;
		}
		avail = sess->head - sess->submit;
		if (!avail || (avail < sess->chunk && !sess->eos))
			break;
		w = discburn_stream_slot(sess);
		if (!w)
			break;
		w->off = sess->submit;
		w->len = min_t(u64, avail, sess->chunk);
		w->busy = true;
		sess->submit += w->len;
		sess->inflight++;
		spin_unlock_irq(&sess->lock);
		discburn_stream_submit(sess, w);
		spin_lock_irq(&sess->lock);
	}
	spin_unlock_irq(&sess->lock);
	return finished;
}

static void discburn_stream_rbc_done(struct discburn_cmd *cmd)
{
	struct discburn_session *sess = cmd->private;
	const u8 *r = sess->rbc_buf;
	unsigned long flags;

	spin_lock_irqsave(&sess->lock, flags);
	if (!cmd->error && cmd->len - min(cmd->resid, cmd->len) >= 12) {
		sess->drive_buf_total = (u32)r[4] << 24 | r[5] << 16 | r[6] << 8 | r[7];
		sess->drive_buf_free = (u32)r[8] << 24 | r[9] << 16 | r[10] << 8 | r[11];
	}
	sess->rbc_busy = false;
	sess->inflight--;
	spin_unlock_irqrestore(&sess->lock, flags);
	discburn_session_kick(sess, 0);
}

/**
 * discburn_stream_poll_buffer() - ask the drive how full its buffer is
 * @sess: the session
 *
 * READ BUFFER CAPACITY, queued among the WRITEs; its answer feeds the
 * progress. Nothing is sent when one is in flight or the stream stopped.
 */
void discburn_stream_poll_buffer(struct discburn_session *sess)
{
	u8 cdb[10] = { GPCMD_READ_BUFFER_CAPACITY };

	spin_lock_irq(&sess->lock);
	if (sess->rbc_busy || sess->stopping || sess->step != DISCBURN_STEP_STREAM ||
	    sess->state == DISCBURN_SESSION_READY) {
		spin_unlock_irq(&sess->lock);
		return;
	}
	sess->rbc_busy = true;
	sess->inflight++;
	spin_unlock_irq(&sess->lock);

	cdb[8] = 12;
	discburn_cmd_init(&sess->rbc, cdb, sizeof(cdb), sess->rbc_buf, 12, false,
			  DISCBURN_TMO_QUICK);
	sess->rbc.done = discburn_stream_rbc_done;
	sess->rbc.private = sess;
	if (discburn_cmd_submit(sess->rec, &sess->rbc)) {
		sess->rbc.error = -EIO;
		discburn_stream_rbc_done(&sess->rbc);
	}
}
