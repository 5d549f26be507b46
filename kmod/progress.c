// SPDX-License-Identifier: GPL-2.0
/*
 * Progress: what IDiscFormat2DataEventArgs (IWriteEngine2EventArgs) and
 * the erase and raw event args carry, as a snapshot of the recorder's
 * current (or last) session. Read by ioctl at any time, by anyone; pushed
 * on the netlink "events" group every 500 ms while a session runs, at
 * every change of state or action, and once at the end (write-done) with
 * the result and, on failure, the LBA.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "discburn.h"

#define DISCBURN_PROGRESS_PERIOD	(HZ / 2)

/* Remaining time: what is left of the stream at the rate seen so far. */
static u64 discburn_progress_remaining(const struct discburn_session *sess,
				       u64 elapsed_ns, u64 total_bytes)
{
	u64 left;

	if (!total_bytes || !sess->bytes_written || !elapsed_ns)
		return 0;
	if (sess->bytes_written >= total_bytes)
		return 0;
	left = total_bytes - sess->bytes_written;
	/* ns = left * elapsed / written, without overflowing */
	return mul_u64_u64_div_u64(left, elapsed_ns, sess->bytes_written);
}

/**
 * discburn_progress_snapshot() - the session's progress, consistently
 * @sess: the session
 * @p: out: every field after size and status
 */
void discburn_progress_snapshot(struct discburn_session *sess,
				struct discburn_progress *p)
{
	u64 total, ss, read, in_ring;
	ktime_t end;

	/* the ring's counts first: its lock is never taken inside ours */
	discburn_stream_counts(sess, &read, &in_ring);
	p->ring_total = discburn_stream_ring_size(sess);
	spin_lock_irq(&sess->lock);
	ss = sess->sector_size;
	p->format = sess->format;
	p->state = sess->state;
	p->action = sess->action;
	p->result = sess->result;
	p->start_lba = sess->start_lba;
	total = sess->padded ? sess->end : max(in_ring, sess->declared);
	p->sector_count = div_u64(max(in_ring, sess->declared), ss);
	/* LastReadLba: of the caller's stream, padding not included */
	p->last_read_lba = sess->origin_lba + (s32)div_u64(read, ss) - 1;
	p->last_written_lba = sess->last_written;
	p->failed_lba = sess->failed_lba;
	p->sense = sess->sense;
	end = sess->t_end ? sess->t_end : ktime_get();
	p->elapsed_ns = ktime_to_ns(ktime_sub(end, sess->t0));
	p->remaining_ns = sess->state == DISCBURN_SESSION_DONE ? 0 :
			  discburn_progress_remaining(sess, p->elapsed_ns, total);
	p->ring_used = in_ring > sess->done ? in_ring - sess->done : 0;
	p->bytes_read = read;
	p->bytes_written = sess->bytes_written;
	p->drive_buffer_total = sess->drive_buf_total;
	p->drive_buffer_free = sess->drive_buf_free;
	p->current_speed = sess->speed_kbps;
	p->owner_pid = sess->owner_pid;
	p->writes = sess->writes;
	p->busy_retries = sess->busy_retries;
	p->seq = sess->seq;
	if (sess->format == DISCBURN_FORMAT_ERASE && sess->state != DISCBURN_SESSION_DONE &&
	    !sess->end && sess->erase_fraction)
		/* blanking: the drive's own progress gives the estimate */
		p->remaining_ns = div_u64(p->elapsed_ns * (65536 - sess->erase_fraction),
					  sess->erase_fraction);
	spin_unlock_irq(&sess->lock);
}

/**
 * discburn_progress_notify() - push the session's progress on netlink
 * @sess: the session, the recorder's current one
 * @force: send now (a change of state or action); else only when the
 *	last notification is 500 ms old or the state changed since
 *
 * Process context.
 */
void discburn_progress_notify(struct discburn_session *sess, bool force)
{
	u32 seq = READ_ONCE(sess->seq);

	if (!force && seq == READ_ONCE(sess->ntf_seq) &&
	    time_before(jiffies, READ_ONCE(sess->ntf_at) + DISCBURN_PROGRESS_PERIOD))
		return;
	WRITE_ONCE(sess->ntf_seq, seq);
	WRITE_ONCE(sess->ntf_at, jiffies);
	discburn_netlink_notify(sess->rec, DISCBURN_CMD_PROGRESS_NTF);
}

/**
 * discburn_progress_tick() - the session's 500 ms timer
 * @work: the session's tick
 *
 * Pushes progress and asks the drive how full its buffer is.
 */
void discburn_progress_tick(struct work_struct *work)
{
	struct discburn_session *sess =
		container_of(to_delayed_work(work), struct discburn_session, tick);

	u32 state = READ_ONCE(sess->state);

	if (state == DISCBURN_SESSION_DONE || state == DISCBURN_SESSION_PREPARED)
		return;
	discburn_progress_notify(sess, false);
	discburn_stream_poll_buffer(sess);
	queue_delayed_work(discburn_wq, &sess->tick, DISCBURN_PROGRESS_PERIOD);
}

/**
 * discburn_progress_fill_nl() - the recorder's progress nest, if any
 * @skb: the message
 * @rec: the recorder
 *
 * Return: 0 (also when there is no session), or -EMSGSIZE.
 */
int discburn_progress_fill_nl(struct sk_buff *skb, struct discburn_recorder *rec)
{
	struct discburn_session *sess = discburn_session_get_current(rec);
	struct discburn_progress p;
	struct nlattr *nest;

	if (!sess)
		return 0;
	discburn_progress_snapshot(sess, &p);
	discburn_session_put(sess);

	nest = nla_nest_start(skb, DISCBURN_A_RECORDER_PROGRESS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, DISCBURN_A_PROGRESS_FORMAT, p.format) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_STATE, p.state) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_ACTION, p.action) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_RESULT, p.result) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_START_LBA, p.start_lba) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_SECTOR_COUNT, p.sector_count) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_LAST_READ_LBA, p.last_read_lba) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_LAST_WRITTEN_LBA, p.last_written_lba) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_FAILED_LBA, p.failed_lba) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_SENSE, p.sense) ||
	    nla_put_u64_64bit(skb, DISCBURN_A_PROGRESS_ELAPSED_NS, p.elapsed_ns,
			      DISCBURN_A_PROGRESS_PAD) ||
	    nla_put_u64_64bit(skb, DISCBURN_A_PROGRESS_REMAINING_NS, p.remaining_ns,
			      DISCBURN_A_PROGRESS_PAD) ||
	    nla_put_u64_64bit(skb, DISCBURN_A_PROGRESS_RING_TOTAL, p.ring_total,
			      DISCBURN_A_PROGRESS_PAD) ||
	    nla_put_u64_64bit(skb, DISCBURN_A_PROGRESS_RING_USED, p.ring_used,
			      DISCBURN_A_PROGRESS_PAD) ||
	    nla_put_u64_64bit(skb, DISCBURN_A_PROGRESS_BYTES_READ, p.bytes_read,
			      DISCBURN_A_PROGRESS_PAD) ||
	    nla_put_u64_64bit(skb, DISCBURN_A_PROGRESS_BYTES_WRITTEN, p.bytes_written,
			      DISCBURN_A_PROGRESS_PAD) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_DRIVE_BUFFER_TOTAL, p.drive_buffer_total) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_DRIVE_BUFFER_FREE, p.drive_buffer_free) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_CURRENT_SPEED, p.current_speed) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_SEQ, p.seq) ||
	    nla_put_u64_64bit(skb, DISCBURN_A_PROGRESS_WRITES, p.writes,
			      DISCBURN_A_PROGRESS_PAD) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_OWNER_PID, p.owner_pid) ||
	    nla_put_u32(skb, DISCBURN_A_PROGRESS_BUSY_RETRIES, p.busy_retries)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int discburn_check_progress(const void *arg)
{
	const struct discburn_progress *p = arg;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(p->__reserved); i++)
		if (p->__reserved[i])
			return -EINVAL;
	return 0;
}

static int discburn_ioc_get_progress(struct discburn_file *df, void *arg)
{
	struct discburn_progress *p = arg;
	struct discburn_session *sess = discburn_session_get_current(df->rec);

	if (!sess) {
		p->format = DISCBURN_FORMAT_NONE;
		p->state = DISCBURN_SESSION_IDLE;
		p->failed_lba = (u32)-1;
		p->last_written_lba = (u32)-1;
		p->last_read_lba = (u32)-1;
		return 0;
	}
	discburn_progress_snapshot(sess, p);
	discburn_session_put(sess);
	return 0;
}

static const struct discburn_ioctl_op discburn_progress_ops[] = {
	{
		.cmd = DISCBURN_IOC_GET_PROGRESS,
		.size = sizeof(struct discburn_progress),
		DISCBURN_MIN_SIZE(struct discburn_progress, __reserved),
		DISCBURN_IN_END(struct discburn_progress, status),
		.check = discburn_check_progress,
		.fn = discburn_ioc_get_progress,
	},
};

const struct discburn_ioctl_table discburn_progress_ioctls = {
	.ops = discburn_progress_ops,
	.n = ARRAY_SIZE(discburn_progress_ops),
};
