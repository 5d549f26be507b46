// SPDX-License-Identifier: GPL-2.0
/*
 * The streaming core: write(2), writev(2) and splice(2) copy the stream
 * into a ring; each session that drains the ring keeps
 * DISCBURN_WRITE_DEPTH WRITE commands queued straight from it (no copy,
 * no user-space round trip per command), each one its medium's unit;
 * completions free ring space and queue the next WRITE. Data flows one
 * way: write() -> ring -> writer -> WRITE -> completion -> progress.
 *
 * A ring is normally one session's. A duplication (DISCBURN_IOC_STREAM_JOIN)
 * lets several sessions, each on its own recorder, drain one ring: the
 * stream is copied into the kernel once and every drive writes it at its
 * own pace; room is what the slowest member still running has not
 * written, and a member that fails, is cancelled or unplugged drops out
 * without holding the others back.
 *
 * What a medium needs after the stream (zeros to its unit, to its
 * shortest track, the CD post-gap) is not copied anywhere: those WRITEs
 * come from a shared buffer of zeros. An erase's overwrite passes are
 * such zeros only, without a ring.
 *
 * A drive whose buffer is full may answer LONG WRITE IN PROGRESS
 * (02/04/08): the WRITEs from that one on are sent again, in order, a
 * little later, as growisofs and cdrdao do; one at a time until the drive
 * takes one, so that a full drive is not flooded with WRITEs it must
 * refuse. The block layer does not keep the WRITEs in flight in order
 * either: one that reaches a sequentially recorded medium before the one
 * ahead of it is refused as not the next writable address (05/21/02),
 * and is sent again the same way, at once. Any other failure ends the
 * session with the drive's status and the failing LBA.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdrom.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
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

/* The zeros every padding WRITE comes from; no WRITE is larger */
#define DISCBURN_ZEROS		(1024 * 1024)
static u8 *discburn_zeros;

/**
 * discburn_stream_max_chunk() - the largest WRITE the core sends
 *
 * Return: bytes.
 */
u32 discburn_stream_max_chunk(void)
{
	return DISCBURN_ZEROS;
}

static void discburn_ring_release(struct kref *kref)
{
	struct discburn_ring *ring = container_of(kref, struct discburn_ring, kref);

	discburn_verify_free(ring);
	vfree(ring->buf);
	kfree(ring);
}

static void discburn_ring_put(struct discburn_ring *ring)
{
	kref_put(&ring->kref, discburn_ring_release);
}

static void discburn_ring_join(struct discburn_ring *ring, struct discburn_session *sess)
{
	kref_get(&ring->kref);
	spin_lock_irq(&ring->lock);
	list_add_tail(&sess->ring_node, &ring->members);
	ring->nmembers++;
	spin_unlock_irq(&ring->lock);
	sess->ring = ring;
}

/**
 * discburn_stream_leave() - a session lets go of its ring
 * @sess: the session, with nothing in flight
 */
void discburn_stream_leave(struct discburn_session *sess)
{
	struct discburn_ring *ring = sess->ring;

	if (!ring)
		return;
	spin_lock_irq(&ring->lock);
	list_del(&sess->ring_node);
	ring->nmembers--;
	spin_unlock_irq(&ring->lock);
	sess->ring = NULL;
	/* the others may have waited for this one */
	wake_up_all(&ring->wait);
	discburn_ring_put(ring);
}

/**
 * discburn_stream_alloc() - give the session a ring of its own
 * @sess: the session, with @chunk set, without a ring
 * @ring_kib: requested size in KiB, 0 for the default
 * @skip: raw: stream bytes to skip at its front
 *
 * The ring is a whole number of chunks, at least DISCBURN_WRITE_DEPTH + 1
 * of them, at most ring_max_kib. It is charged to the caller's memory
 * cgroup.
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_stream_alloc(struct discburn_session *sess, u32 ring_kib, u64 skip)
{
	u64 want = (u64)(ring_kib ? ring_kib : READ_ONCE(ring_default_kib)) * 1024;
	u64 max = (u64)READ_ONCE(ring_max_kib) * 1024;
	u64 min = (u64)sess->chunk * (DISCBURN_WRITE_DEPTH + 1);
	struct discburn_ring *ring;

	ring = kzalloc(sizeof(*ring), GFP_KERNEL_ACCOUNT);
	if (!ring)
		return -ENOMEM;
	want = clamp(want, min, max(min, max));
	ring->size = div_u64(want, sess->chunk) * sess->chunk;
	ring->buf = __vmalloc(ring->size, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!ring->buf) {
		kfree(ring);
		return -ENOMEM;
	}
	kref_init(&ring->kref);
	spin_lock_init(&ring->lock);
	mutex_init(&ring->write_mutex);
	init_waitqueue_head(&ring->wait);
	INIT_LIST_HEAD(&ring->members);
	ring->skip = skip;
	discburn_ring_join(ring, sess);
	discburn_ring_put(ring);	/* the session's reference stays */
	return 0;
}

/**
 * discburn_stream_ring_size() - the session's ring, in bytes
 * @sess: the session
 *
 * Return: bytes, 0 without a ring.
 */
size_t discburn_stream_ring_size(struct discburn_session *sess)
{
	return sess->ring ? sess->ring->size : 0;
}

/* Why @sess takes no stream; 0 if it does. @sess->lock held. */
static int discburn_stream_refused(struct discburn_session *sess)
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
	if (sess->state != DISCBURN_SESSION_READY &&
	    sess->state != DISCBURN_SESSION_WRITING)
		return -EINVAL;
	return 0;
}

/*
 * Room for the stream: what every member still taking it has written.
 * *@err: why no member takes it any more (that of @own first), else 0.
 * @ring->lock held.
 */
static u64 discburn_ring_room(struct discburn_ring *ring,
			      struct discburn_session *own, int *err)
{
	struct discburn_session *m;
	u64 low = ring->head;
	int own_err = 0, r;
	bool any = false;

	list_for_each_entry(m, &ring->members, ring_node) {
		spin_lock(&m->lock);
		r = discburn_stream_refused(m);
		if (!r) {
			any = true;
			low = min(low, m->done);
		}
		spin_unlock(&m->lock);
		if (m == own)
			own_err = r;
	}
	if (ring->eos)
		*err = -EINVAL;
	else
		*err = any ? 0 : own_err ? own_err : -EIO;
	return ring->size - (ring->head - low);
}

static bool discburn_stream_ready(struct discburn_ring *ring,
				  struct discburn_session *own)
{
	unsigned long flags;
	bool ready;
	int err;

	spin_lock_irqsave(&ring->lock, flags);
	ready = discburn_ring_room(ring, own, &err) || err;
	spin_unlock_irqrestore(&ring->lock, flags);
	return ready;
}

/*
 * Members for which @need more stream bytes would not fit on the medium
 * fail STREAM_TOO_LARGE (they drop out); returns -ENOSPC when @own is one.
 */
static int discburn_ring_fits(struct discburn_ring *ring,
			      struct discburn_session *own, u64 need)
{
	struct discburn_session *full[DISCBURN_MAX_MEMBERS], *m;
	unsigned int i, n = 0;
	int ret = 0;

	spin_lock_irq(&ring->lock);
	list_for_each_entry(m, &ring->members, ring_node) {
		if (need <= m->max_bytes || READ_ONCE(m->stopping) ||
		    n == ARRAY_SIZE(full))
			continue;
		kref_get(&m->kref);
		full[n++] = m;
		if (m == own)
			ret = -ENOSPC;
	}
	spin_unlock_irq(&ring->lock);
	for (i = 0; i < n; i++) {
		discburn_session_fail(full[i], full[i]->st_too_large, -1, 0);
		discburn_session_put(full[i]);
	}
	return ret;
}

/* The stream has started: every member is writing now, and says so. */
static void discburn_ring_started(struct discburn_ring *ring)
{
	struct discburn_session *started[DISCBURN_MAX_MEMBERS], *m;
	unsigned int i, n = 0;

	spin_lock_irq(&ring->lock);
	list_for_each_entry(m, &ring->members, ring_node) {
		spin_lock(&m->lock);
		if (m->state == DISCBURN_SESSION_READY && n < ARRAY_SIZE(started)) {
			m->state = DISCBURN_SESSION_WRITING;
			m->seq++;
			kref_get(&m->kref);
			started[n++] = m;
		}
		spin_unlock(&m->lock);
	}
	spin_unlock_irq(&ring->lock);
	for (i = 0; i < n; i++) {
		discburn_progress_notify(started[i], true);
		discburn_session_put(started[i]);
	}
}

/* New stream bytes: kick the members that can send a WRITE now. */
static void discburn_ring_kick(struct discburn_ring *ring)
{
	struct discburn_session *m;
	bool kick;

	spin_lock_irq(&ring->lock);
	list_for_each_entry(m, &ring->members, ring_node) {
		spin_lock(&m->lock);
		kick = m->inflight < DISCBURN_WRITE_DEPTH &&
		       ring->head - m->submit >= m->chunk;
		spin_unlock(&m->lock);
		if (kick)
			discburn_session_kick(m, 0);
	}
	spin_unlock_irq(&ring->lock);
}

/*
 * Copy @len bytes of @from into @own's ring, waiting for room unless
 * @nonblock. Called with the ring's write_mutex held.
 */
static ssize_t discburn_stream_copy(struct discburn_session *own,
				    struct iov_iter *from, size_t len,
				    bool nonblock)
{
	struct discburn_ring *ring = own->ring;
	size_t copied = 0;
	ssize_t ret = 0;

	while (copied < len) {
		size_t room, pos, n, got;
		bool first;
		int err;

		if (ring->skip) {
			/* raw: what precedes the medium's lead-in is not sent */
			n = min_t(u64, ring->skip, len - copied);
			iov_iter_advance(from, n);
			spin_lock_irq(&ring->lock);
			ring->skip -= n;
			ring->skipped += n;
			spin_unlock_irq(&ring->lock);
			copied += n;
			continue;
		}

		spin_lock_irq(&ring->lock);
		room = discburn_ring_room(ring, own, &err);
		pos = ring->head % ring->size;
		spin_unlock_irq(&ring->lock);
		if (err) {
			ret = err;
			break;
		}
		if (!room) {
			if (nonblock) {
				ret = -EAGAIN;
				break;
			}
			ret = wait_event_interruptible(ring->wait,
						       discburn_stream_ready(ring, own));
			if (ret)
				break;
			continue;
		}
		n = min3(room, ring->size - pos, len - copied);
		ret = discburn_ring_fits(ring, own, ring->head + n);
		if (ret)
			break;
		got = copy_from_iter(ring->buf + pos, n, from);
		if (!got) {
			ret = -EFAULT;
			break;
		}
		spin_lock_irq(&ring->lock);
		first = !ring->head;
		ring->head += got;
		spin_unlock_irq(&ring->lock);
		if (ring->crc_pages && discburn_verify_record(ring, ring->head))
			discburn_session_fail(own, DISCBURN_E_OUTOFMEMORY, -1, 0);
		if (first)
			discburn_ring_started(ring);
		discburn_ring_kick(ring);
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
	struct discburn_ring *ring;
	ssize_t ret;

	if (discburn_detaching(df->rec))
		return -ENODEV;
	if (!iov_iter_count(from))
		return 0;
	sess = discburn_file_session(df);
	if (!sess)
		return -EINVAL;
	ring = sess->ring;
	if (!ring) {
		ret = -EINVAL;
		goto out_put;
	}
	if (nonblock) {
		if (!mutex_trylock(&ring->write_mutex)) {
			ret = -EAGAIN;
			goto out_put;
		}
	} else if (mutex_lock_interruptible(&ring->write_mutex)) {
		ret = -ERESTARTSYS;
		goto out_put;
	}
	ret = discburn_stream_copy(sess, from, iov_iter_count(from), nonblock);
	mutex_unlock(&ring->write_mutex);
out_put:
	discburn_session_put(sess);
	return ret;
}

/**
 * discburn_stream_end() - the stream has ended (SESSION_FINISH)
 * @sess: a session draining it
 *
 * Every member of the ring finishes: writes what is left, then what its
 * medium needs after it (each one checks that the stream is whole sectors
 * and works out its padding).
 *
 * Return: 0, or -EINTR when a signal came first: call again.
 */
int discburn_stream_end(struct discburn_session *sess)
{
	struct discburn_session *ending[DISCBURN_MAX_MEMBERS], *m;
	struct discburn_ring *ring = sess->ring;
	unsigned int i, n = 0;

	if (!ring)
		return 0;
	if (mutex_lock_interruptible(&ring->write_mutex))
		return -EINTR;
	spin_lock_irq(&ring->lock);
	if (!ring->eos) {
		ring->eos = true;
		list_for_each_entry(m, &ring->members, ring_node) {
			spin_lock(&m->lock);
			if (!m->stopping && n < ARRAY_SIZE(ending)) {
				m->state = DISCBURN_SESSION_FINISHING;
				m->seq++;
				kref_get(&m->kref);
				ending[n++] = m;
			}
			spin_unlock(&m->lock);
		}
	}
	spin_unlock_irq(&ring->lock);
	mutex_unlock(&ring->write_mutex);
	wake_up_all(&ring->wait);
	for (i = 0; i < n; i++) {
		discburn_session_kick(ending[i], 0);
		discburn_progress_notify(ending[i], true);
		discburn_session_put(ending[i]);
	}
	return 0;
}

/**
 * discburn_stream_counts() - how much of the stream came in
 * @sess: the session
 * @read: out: stream bytes taken (skipped ones included)
 * @in_ring: out: stream bytes copied into the ring (the data written)
 */
void discburn_stream_counts(struct discburn_session *sess, u64 *read,
			    u64 *in_ring)
{
	struct discburn_ring *ring = sess->ring;
	unsigned long flags;

	*read = 0;
	*in_ring = 0;
	if (!ring)
		return;
	spin_lock_irqsave(&ring->lock, flags);
	*in_ring = ring->head;
	*read = ring->head + ring->skipped;
	spin_unlock_irqrestore(&ring->lock, flags);
}

/**
 * discburn_stream_poll() - poll(2) of a file with a session
 * @df: the file
 * @file: its struct file
 * @wait: the poll table (already waiting on the recorder's queue, which
 *	the session's ring wakes)
 *
 * Return: EPOLLOUT when write() would take data without blocking, EPOLLPRI
 * once the session has ended (its result waits for SESSION_FINISH, or a
 * raw session is prepared), EPOLLERR after a failure or cancel.
 */
__poll_t discburn_stream_poll(struct discburn_file *df, struct file *file,
			      poll_table *wait)
{
	struct discburn_session *sess = discburn_file_session(df);
	struct discburn_ring *ring;
	__poll_t mask = 0;
	int err;

	if (!sess)
		return 0;
	spin_lock_irq(&sess->lock);
	if (sess->ended)
		mask |= EPOLLPRI;
	if (sess->stopping)
		mask |= EPOLLERR;
	spin_unlock_irq(&sess->lock);
	ring = sess->ring;
	if (ring && !(mask & EPOLLERR)) {
		spin_lock_irq(&ring->lock);
		if (discburn_ring_room(ring, sess, &err) && !err)
			mask |= EPOLLOUT | EPOLLWRNORM;
		spin_unlock_irq(&ring->lock);
	}
	discburn_session_put(sess);
	return mask;
}

/* Wake writers and the pollers of every member's recorder. */
static void discburn_stream_wake(struct discburn_session *sess)
{
	struct discburn_ring *ring = sess->ring;
	struct discburn_session *m;
	unsigned long flags;

	wake_up_all(&sess->wait);
	if (!ring) {
		wake_up_interruptible_poll(&sess->rec->wait, EPOLLOUT | EPOLLWRNORM);
		return;
	}
	wake_up_all(&ring->wait);
	spin_lock_irqsave(&ring->lock, flags);
	list_for_each_entry(m, &ring->members, ring_node)
		wake_up_interruptible_poll(&m->rec->wait, EPOLLOUT | EPOLLWRNORM);
	spin_unlock_irqrestore(&ring->lock, flags);
}

static bool discburn_cmd_busy(const struct discburn_cmd *cmd)
{
	return cmd->sshdr_valid && cmd->sshdr.sense_key == NOT_READY &&
	       cmd->sshdr.asc == 0x04 &&
	       (cmd->sshdr.ascq == 0x08 || cmd->sshdr.ascq == 0x07);
}

/*
 * A WRITE the drive refused with 05/21/xx (not its next writable address)
 * while a WRITE ahead of it in the stream was still on its way: the block
 * layer keeps no order between requests, so it reached the drive first,
 * and nothing was written. It is sent again after those ahead of it; a
 * refusal that was not about order then comes back and ends the burn.
 * Locked; @w is no longer busy.
 */
static bool discburn_stream_overtook(const struct discburn_session *sess,
				     const struct discburn_wcmd *w)
{
	const struct discburn_cmd *cmd = &w->cmd;
	unsigned int i;

	if (!cmd->sshdr_valid || cmd->sshdr.sense_key != ILLEGAL_REQUEST ||
	    cmd->sshdr.asc != 0x21)
		return false;
	for (i = 0; i < DISCBURN_WRITE_DEPTH; i++)
		if (sess->w[i].busy && sess->w[i].off < w->off)
			return true;
	return false;
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
		bool busy = discburn_cmd_busy(cmd);

		if ((busy || discburn_stream_overtook(sess, w)) && !sess->stopping) {
			/*
			 * Drive buffer full, or the WRITE came too early:
			 * this WRITE and those after it again.
			 */
			if (!sess->replay || w->off < sess->replay_from)
				sess->replay_from = w->off;
			if (!sess->replay)
				sess->replay_at = jiffies;
			if (busy)
				sess->replay_at = jiffies +
					msecs_to_jiffies(DISCBURN_BUSY_DELAY_MS);
			sess->replay = true;
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
		sess->probing = false;
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

/* Send one WRITE: from the ring, or zeros past the stream's end. */
static void discburn_stream_submit(struct discburn_session *sess,
				   struct discburn_wcmd *w, bool zeros)
{
	u32 nblocks = w->len / sess->sector_size;
	s32 lba = sess->start_lba + (s32)div_u64(w->off, sess->sector_size);
	u8 cdb[10] = { WRITE_10 };
	void *buf = discburn_zeros;
	u32 pos;
	int ret;

	cdb[2] = (u32)lba >> 24;
	cdb[3] = (u32)lba >> 16;
	cdb[4] = (u32)lba >> 8;
	cdb[5] = lba;
	cdb[7] = nblocks >> 8;
	cdb[8] = nblocks;
	if (!zeros) {
		div_u64_rem(w->off, sess->ring->size, &pos);
		buf = sess->ring->buf + pos;
	}
	discburn_cmd_init(&w->cmd, cdb, sizeof(cdb), buf, w->len, true,
			  DISCBURN_TMO_WRITE);
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

/*
 * The stream has ended after @read bytes, @data of them in the ring: what
 * this session writes in all, or a failure when the stream is not whole
 * sectors. @sess->lock held.
 */
static void discburn_stream_pad(struct discburn_session *sess, u64 data, u64 read)
{
	u64 sectors, target;

	if (read % sess->sector_size) {
		sess->stopping = true;
		sess->result = sess->st_not_supported;
		sess->seq++;
		return;
	}
	sectors = div_u64(data, sess->sector_size);
	target = roundup(max_t(u64, sectors, sess->min_sectors), sess->pad_sectors) +
		 sess->postgap;
	sess->end = max(min(target * sess->sector_size, sess->max_bytes), data);
	sess->padded = true;
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
	struct discburn_ring *ring = sess->ring;
	struct discburn_wcmd *w;
	bool finished = false, zeros;
	u64 head = 0, read = 0, limit;
	bool eos = true;

	if (ring) {
		spin_lock_irq(&ring->lock);
		head = ring->head;
		read = head + ring->skipped;
		eos = ring->eos;
		spin_unlock_irq(&ring->lock);
	}
	spin_lock_irq(&sess->lock);
	if (eos && !sess->padded && !sess->stopping)
		discburn_stream_pad(sess, head, read);
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
			/* one WRITE until the drive takes one again */
			sess->probing = true;
		}
		if (sess->probing && sess->inflight)
			break;
		if (sess->padded && sess->done == sess->end && !sess->inflight) {
			finished = true;
			break;
		}
		limit = sess->padded ? sess->end : head;
		if (sess->submit >= limit ||
		    (limit - sess->submit < sess->chunk && !sess->padded))
			break;
		w = discburn_stream_slot(sess);
		if (!w)
			break;
		w->off = sess->submit;
		w->len = min_t(u64, limit - sess->submit, sess->chunk);
		/* a WRITE is all stream or all zeros, never both */
		zeros = w->off >= head;
		if (!zeros && w->off + w->len > head)
			w->len = head - w->off;
		w->busy = true;
		sess->submit += w->len;
		sess->inflight++;
		spin_unlock_irq(&sess->lock);
		discburn_stream_submit(sess, w, zeros);
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

/* ---- a duplication: one stream, several recorders ---- */

static int discburn_check_join(const void *arg)
{
	const struct discburn_stream_join *j = arg;

	return j->__reserved[0] || j->__reserved[1] || j->flags ? -EINVAL : 0;
}

/*
 * STREAM_JOIN: the caller's data session, begun and without data yet,
 * drains the ring of the session of the file @fd, on another recorder,
 * instead of its own.
 */
static int discburn_ioc_stream_join(struct discburn_file *df, void *arg)
{
	struct discburn_stream_join *j = arg;
	struct discburn_session *sess, *lead = NULL;
	struct discburn_ring *ring, *old;
	struct discburn_file *ldf;
	struct file *file;
	int ret = 0;

	sess = discburn_file_session(df);
	if (!sess || sess->format != DISCBURN_FORMAT_DATA) {
		j->status = DISCBURN_E_DF2DATA_WRITE_NOT_IN_PROGRESS;
		ret = -ENOENT;
		goto out_put;
	}
	file = fget((int)j->fd);
	ldf = file ? discburn_file_of(file) : NULL;
	if (ldf)
		lead = discburn_file_session(ldf);
	if (file)
		fput(file);
	if (!lead || lead == sess || lead->format != DISCBURN_FORMAT_DATA || !lead->ring ||
	    !sess->ring) {
		j->status = DISCBURN_E_INVALIDARG;
		ret = -EINVAL;
		goto out_put;
	}
	ring = lead->ring;
	if (ring == sess->ring)
		goto out_put;	/* already */
	/* both writers out, in address order: two joins the other way round */
	old = sess->ring;
	mutex_lock(old < ring ? &old->write_mutex : &ring->write_mutex);
	mutex_lock_nested(old < ring ? &ring->write_mutex : &old->write_mutex,
			  SINGLE_DEPTH_NESTING);
	spin_lock_irq(&sess->lock);
	if (sess->state != DISCBURN_SESSION_READY || sess->ring->head || ring->head ||
	    ring->eos || ring->skip || sess->stopping) {
		j->status = DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS;
		ret = -EBUSY;
	} else if (ring->size % sess->chunk || ring->nmembers >= DISCBURN_MAX_MEMBERS) {
		j->status = DISCBURN_E_INVALIDARG;
		ret = -EINVAL;
	}
	spin_unlock_irq(&sess->lock);
	if (!ret && sess->verify && !ring->crc_pages &&
	    discburn_verify_alloc(ring, sess->max_bytes)) {
		j->status = DISCBURN_E_OUTOFMEMORY;
		ret = -ENOMEM;
	}
	if (!ret) {
		/* the session's own ring stays alive until the unlock below */
		kref_get(&old->kref);
		discburn_stream_leave(sess);
		discburn_ring_join(ring, sess);
	}
	mutex_unlock(&old->write_mutex);
	mutex_unlock(&ring->write_mutex);
	if (!ret)
		discburn_ring_put(old);
	if (!ret)
		discburn_progress_notify(sess, true);
out_put:
	if (lead)
		discburn_session_put(lead);
	if (sess)
		discburn_session_put(sess);
	return ret;
}

static const struct discburn_ioctl_op discburn_stream_ops[] = {
	{
		.cmd = DISCBURN_IOC_STREAM_JOIN,
		.size = sizeof(struct discburn_stream_join),
		DISCBURN_MIN_SIZE(struct discburn_stream_join, __reserved),
		DISCBURN_IN_END(struct discburn_stream_join, flags),
		.write = true,
		.check = discburn_check_join,
		.fn = discburn_ioc_stream_join,
	},
};

const struct discburn_ioctl_table discburn_stream_ioctls = {
	.ops = discburn_stream_ops,
	.n = ARRAY_SIZE(discburn_stream_ops),
};

/**
 * discburn_stream_init() - the shared zeros of padding WRITEs
 *
 * Return: 0 on success, else -ENOMEM.
 */
int discburn_stream_init(void)
{
	discburn_zeros = vzalloc(DISCBURN_ZEROS);
	return discburn_zeros ? 0 : -ENOMEM;
}

/**
 * discburn_stream_exit() - free them; no session is left
 */
void discburn_stream_exit(void)
{
	vfree(discburn_zeros);
}
