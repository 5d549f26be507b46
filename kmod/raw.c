// SPDX-License-Identifier: GPL-2.0
/*
 * Raw CD (the kernel half of IDiscFormat2RawCD): a whole session written
 * Disc-At-Once with MMC write type RAW. The application builds every
 * sector, lead-in with the TOC in Q included; the drive adds nothing.
 *
 * A raw session is a session like a burn and uses the same stream and
 * writer; only its life is longer: RAW_PREPARE leaves it PREPARED (lock
 * and door held), RAW_WRITE starts a stream of 2368- or 2448-byte sectors
 * whose first sector is LBA -leadin_sectors (MSF 95:00:00 by default),
 * SESSION_FINISH ends it and returns it to PREPARED, RAW_RELEASE ends the
 * session. What precedes the medium's lead-in start (StartOfNextSession,
 * from the ATIP) is skipped, as IMAPI seeks past it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/slab.h>

#include "discburn.h"

/* Sectors of lead-out a first session ends with (Red Book: 90 s) */
#define DISCBURN_RAW_LEADOUT	6750
/* A stream cannot start before MSF 90:00:00, LBA -45150 */
#define DISCBURN_RAW_MAX_LEADIN	45150

static u32 discburn_raw_sector_bytes(u32 type)
{
	return type == DISCBURN_RAW_SUBCODE_PQ_ONLY ? 2368 : 2448;
}

/*
 * Which data block types the drive takes, as SupportedSectorTypes bits.
 * Feature 002Eh says whether it writes raw at all; which block types it
 * takes, only a MODE SELECT of page 05h tells (drives do not always set
 * the R-W bit for the 96-byte forms they accept), as libburn and wodim
 * probe it.
 */
static int discburn_raw_types(struct discburn_recorder *rec,
			      const struct discburn_capabilities *c, u32 *types,
			      u32 *status)
{
	u32 type, st;
	int ret;

	*types = 0;
	if (!(c->flags & DISCBURN_CAP_CD_RAW16))
		return 0;
	for (type = DISCBURN_RAW_SUBCODE_PQ_ONLY; type <= DISCBURN_RAW_SUBCODE_IS_RAW; type++) {
		ret = discburn_mmc_raw_params(rec, type, false, &st);
		if (!ret) {
			*types |= 1U << type;
		} else if (ret == -ENOMEM || ret == -ENODEV) {
			/* no answer from the drive: not a type it refused */
			*status = st;
			return ret;
		}
	}
	return 0;
}

/* PrepareMedia after the lock: the drive, the medium, the door, the speed. */
static int discburn_raw_prepare_media(struct discburn_session *sess,
				      struct discburn_raw_prepare *rp, u32 *status)
{
	struct discburn_recorder *rec = sess->rec;
	struct discburn_capabilities *caps;
	struct discburn_media_info *mi;
	u32 cur = 0, st;
	int ret;

	caps = kzalloc(sizeof(*caps), GFP_KERNEL);
	mi = kzalloc(sizeof(*mi), GFP_KERNEL);
	if (!caps || !mi) {
		*status = DISCBURN_E_OUTOFMEMORY;
		ret = -ENOMEM;
		goto out_free;
	}
	ret = discburn_mmc_capabilities(rec, caps, status);
	if (ret)
		goto out_free;
	if (!(caps->flags & DISCBURN_CAP_CD_RAW16)) {
		*status = DISCBURN_E_DF2RAW_RECORDER_NOT_SUPPORTED;
		ret = -EOPNOTSUPP;
		goto out_free;
	}
	ret = discburn_mmc_media_info(rec, mi, status);
	if (ret == -EMEDIUMTYPE)
		*status = DISCBURN_E_DF2RAW_MEDIA_IS_NOT_SUPPORTED;
	if (ret)
		goto out_free;
	sess->profile = mi->current_profile;
	sess->cls = discburn_mmc_class(mi->current_profile);
	if (sess->cls != DISCBURN_CLASS_CD) {
		*status = DISCBURN_E_DF2RAW_MEDIA_IS_NOT_SUPPORTED;
		ret = -EMEDIUMTYPE;
		goto out_free;
	}
	if (mi->write_protect) {
		*status = DISCBURN_E_RECORDER_MEDIA_WRITE_PROTECTED;
		ret = -EROFS;
		goto out_free;
	}
	if (mi->disc_status != 0) {
		*status = DISCBURN_E_DF2RAW_MEDIA_IS_NOT_BLANK;
		ret = -EEXIST;
		goto out_free;
	}
	/* probed on the medium it is for */
	ret = discburn_raw_types(rec, caps, &rp->sector_types, status);
	if (ret)
		goto out_free;
	if (!(rp->sector_types & (1U << sess->sector_type))) {
		*status = rp->sector_types ? DISCBURN_E_DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED :
			  DISCBURN_E_DF2RAW_RECORDER_NOT_SUPPORTED;
		ret = -EOPNOTSUPP;
		goto out_free;
	}
	sess->leadin_start = (s32)mi->start_of_next_session;
	sess->last_leadout = (s32)mi->last_possible_start_of_leadout;
	sess->total_sectors = mi->total_sectors;
	/* StartLba is the lead-in from now on; nothing of it written yet */
	spin_lock_irq(&sess->lock);
	sess->start_lba = sess->leadin_start;
	sess->last_written = sess->start_lba - 1;
	spin_unlock_irq(&sess->lock);

	ret = discburn_mmc_prevent(rec, true, status);
	if (ret)
		goto out_free;
	sess->door_locked = true;
	discburn_mmc_set_speed(rec, DISCBURN_CLASS_CD, rp->write_speed, false, 0,
			       &cur, &st);
	sess->speed_kbps = cur;
	sess->adjusted = discburn_session_adjusted(sess, rp->write_speed, false, cur);
	rp->start_of_next_session = sess->leadin_start;
	rp->last_possible_start_of_leadout = sess->last_leadout;
	rp->current_speed = DIV_ROUND_CLOSEST(cur * 1000, DISCBURN_SECTOR);
	*status = DISCBURN_S_OK;
out_free:
	kfree(mi);
	kfree(caps);
	return ret;
}

static int discburn_check_raw_prepare(const void *arg)
{
	const struct discburn_raw_prepare *rp = arg;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rp->__reserved); i++)
		if (rp->__reserved[i])
			return -EINVAL;
	if (rp->flags & ~DISCBURN_RAW_BUFE_DISABLED ||
	    rp->sector_type > DISCBURN_RAW_SUBCODE_IS_RAW)
		return -EINVAL;
	return 0;
}

static int discburn_ioc_raw_prepare(struct discburn_file *df, void *arg)
{
	struct discburn_raw_prepare *rp = arg;
	struct discburn_session *sess;
	bool took;
	int ret;

	ret = mutex_lock_killable(&df->lock);
	if (ret)
		return ret;
	sess = discburn_file_session(df);
	if (sess) {
		rp->status = sess->format == DISCBURN_FORMAT_RAW &&
			     READ_ONCE(sess->state) == DISCBURN_SESSION_PREPARED ?
			     DISCBURN_E_DF2RAW_MEDIA_IS_PREPARED :
			     DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS;
		discburn_session_put(sess);
		ret = -EBUSY;
		goto out_unlock;
	}
	if (!df->client_name[0]) {
		rp->status = DISCBURN_E_DF2RAW_CLIENT_NAME_IS_NOT_VALID;
		ret = -EINVAL;
		goto out_unlock;
	}
	ret = discburn_session_lock(df, &took, &rp->status);
	if (ret)
		goto out_unlock;
	sess = discburn_session_new(df, DISCBURN_FORMAT_RAW);
	if (!sess) {
		if (took)
			discburn_excl_drop(df, false);
		rp->status = DISCBURN_E_OUTOFMEMORY;
		ret = -ENOMEM;
		goto out_unlock;
	}
	sess->took_lock = took;
	sess->sector_type = rp->sector_type ? rp->sector_type :
			    DISCBURN_RAW_SUBCODE_IS_COOKED;
	sess->sector_size = discburn_raw_sector_bytes(sess->sector_type);
	sess->flags = rp->flags & DISCBURN_RAW_BUFE_DISABLED ?
		      DISCBURN_DATA_BUFE_DISABLED : 0;
	ret = discburn_session_publish(sess);
	if (ret)
		rp->status = DISCBURN_E_DEVICE_NOT_CONNECTED;
	else
		ret = discburn_raw_prepare_media(sess, rp, &rp->status);
	if (ret) {
		discburn_session_abort(sess, rp->status ? rp->status : DISCBURN_E_FAIL);
		discburn_session_put(sess);
		goto out_unlock;
	}
	spin_lock_irq(&sess->lock);
	sess->state = DISCBURN_SESSION_PREPARED;
	sess->action = DISCBURN_RAW_ACTION_UNKNOWN;
	sess->step = DISCBURN_STEP_DONE;
	sess->seq++;
	spin_unlock_irq(&sess->lock);
	discburn_session_set_ended(sess);
	discburn_session_attach(sess);
	discburn_progress_notify(sess, true);
	rp->status = sess->adjusted;
	discburn_session_put(sess);
out_unlock:
	mutex_unlock(&df->lock);
	return ret;
}

/* WriteMedia2 on the prepared session: check, set RAW, arm the stream. */
static int discburn_raw_begin_write(struct discburn_session *sess,
				    struct discburn_raw_write *rw, u32 *status)
{
	u32 leadin = rw->leadin_sectors ? rw->leadin_sectors : DISCBURN_RAW_DEFAULT_LEADIN;
	s64 skip = (s64)leadin + sess->leadin_start;
	struct discburn_recorder *rec = sess->rec;
	struct discburn_media_info *mi;
	u64 room, sectors;
	bool bufe;
	int ret;

	if (leadin > DISCBURN_RAW_MAX_LEADIN) {
		/* no disc has a lead-in that long: not an address at all */
		*status = DISCBURN_E_INVALIDARG;
		return -EINVAL;
	}
	if (skip < 0) {
		/* the stream begins after the lead-in must begin */
		*status = DISCBURN_E_DF2RAW_STREAM_LEADIN_TOO_SHORT;
		return -EINVAL;
	}
	if (rw->stream_bytes % sess->sector_size) {
		*status = DISCBURN_E_DF2RAW_STREAM_NOT_SUPPORTED;
		return -EINVAL;
	}
	/* lead-in, program area up to the last possible lead-out, lead-out */
	room = (u64)((s64)sess->last_leadout + DISCBURN_RAW_LEADOUT - sess->leadin_start);
	sectors = div_u64(rw->stream_bytes, sess->sector_size);
	if (rw->stream_bytes && (sectors < (u64)skip || sectors - skip > room)) {
		*status = sectors < (u64)skip ? DISCBURN_E_DF2RAW_STREAM_LEADIN_TOO_SHORT :
			  DISCBURN_E_DF2RAW_NOT_ENOUGH_SPACE;
		return sectors < (u64)skip ? -EINVAL : -ENOSPC;
	}
	mi = kzalloc(sizeof(*mi), GFP_KERNEL);
	if (!mi) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	ret = discburn_mmc_media_info(rec, mi, status);
	if (!ret && mi->disc_status != 0) {
		*status = DISCBURN_E_DF2RAW_MEDIA_IS_NOT_BLANK;
		ret = -EEXIST;
	}
	kfree(mi);
	if (ret)
		return ret;
	bufe = !(sess->flags & DISCBURN_DATA_BUFE_DISABLED);
	ret = discburn_mmc_raw_params(rec, sess->sector_type, bufe, status);
	if (ret)
		return ret;

	/* a fresh stream for each write */
	sess->chunk = discburn_session_chunk(sess);
	discburn_stream_leave(sess);
	ret = discburn_stream_alloc(sess, rw->ring_kib, (u64)skip * sess->sector_size);
	if (ret) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return ret;
	}
	spin_lock_irq(&sess->lock);
	sess->start_lba = sess->leadin_start;
	sess->origin_lba = sess->leadin_start - (s32)skip;
	sess->max_bytes = room * sess->sector_size;
	sess->declared = rw->stream_bytes ? rw->stream_bytes - (u64)skip * sess->sector_size : 0;
	sess->padded = false;
	sess->end = 0;
	sess->submit = 0;
	sess->done = 0;
	sess->bytes_written = 0;
	sess->writes = 0;
	sess->last_written = sess->start_lba - 1;
	sess->failed_lba = -1;
	sess->sense = 0;
	sess->result = 0;
	sess->result_pending = false;
	sess->stopping = false;
	sess->ending = false;
	sess->replay = false;
	sess->t0 = ktime_get();
	sess->t_end = 0;
	sess->stalled_since = jiffies;
	sess->state = DISCBURN_SESSION_READY;
	sess->action = DISCBURN_RAW_ACTION_WRITING;
	sess->step = DISCBURN_STEP_STREAM;
	sess->seq++;
	sess->ended = false;
	spin_unlock_irq(&sess->lock);
	rw->start_lba = sess->leadin_start;
	rw->skip_sectors = (u32)skip;
	rw->sector_bytes = sess->sector_size;
	rw->chunk_bytes = sess->chunk;
	rw->ring_kib = discburn_stream_ring_size(sess) / 1024;
	return 0;
}

static int discburn_check_raw_write(const void *arg)
{
	const struct discburn_raw_write *rw = arg;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rw->__reserved); i++)
		if (rw->__reserved[i])
			return -EINVAL;
	return rw->flags ? -EINVAL : 0;
}

static int discburn_ioc_raw_write(struct discburn_file *df, void *arg)
{
	struct discburn_raw_write *rw = arg;
	struct discburn_session *sess;
	int ret;

	ret = mutex_lock_killable(&df->lock);
	if (ret)
		return ret;
	sess = discburn_file_session(df);
	if (!sess || sess->format != DISCBURN_FORMAT_RAW) {
		rw->status = sess ? DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS :
			     DISCBURN_E_DF2RAW_MEDIA_IS_NOT_PREPARED;
		ret = sess ? -EBUSY : -ENOENT;
		goto out_put;
	}
	if (READ_ONCE(sess->state) != DISCBURN_SESSION_PREPARED ||
	    READ_ONCE(sess->result_pending)) {
		/* writing, or the last write's result not taken yet */
		rw->status = DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS;
		ret = -EBUSY;
		goto out_put;
	}
	ret = discburn_raw_begin_write(sess, rw, &rw->status);
	if (ret)
		goto out_put;
	discburn_progress_notify(sess, true);
	queue_delayed_work(discburn_wq, &sess->tick, HZ / 2);
	rw->status = 0;
out_put:
	if (sess)
		discburn_session_put(sess);
	mutex_unlock(&df->lock);
	return ret;
}

/**
 * discburn_raw_release() - end a prepared raw session
 * @sess: the session, PREPARED
 *
 * Unlocks the door, drops the lock the session took, and ends it.
 */
void discburn_raw_release(struct discburn_session *sess)
{
	struct discburn_recorder *rec = sess->rec;
	u32 st;

	if (sess->door_locked && !discburn_detaching(rec))
		discburn_mmc_prevent(rec, false, &st);
	sess->door_locked = false;
	spin_lock_irq(&sess->lock);
	sess->state = DISCBURN_SESSION_DONE;
	sess->seq++;
	spin_unlock_irq(&sess->lock);
	if (sess->took_lock)
		discburn_excl_drop(sess->df, true);
	discburn_progress_notify(sess, true);
	wake_up_all(&sess->wait);
}

static int discburn_check_raw_release(const void *arg)
{
	const struct discburn_raw_release *rr = arg;

	return rr->flags || rr->__reserved ? -EINVAL : 0;
}

static int discburn_ioc_raw_release(struct discburn_file *df, void *arg)
{
	struct discburn_raw_release *rr = arg;
	struct discburn_session *sess, *taken;
	int ret;

	ret = mutex_lock_killable(&df->lock);
	if (ret)
		return ret;
	sess = discburn_file_session(df);
	if (!sess || sess->format != DISCBURN_FORMAT_RAW) {
		rr->status = sess ? DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS :
			     DISCBURN_E_DF2RAW_MEDIA_IS_NOT_PREPARED;
		ret = sess ? -EBUSY : -ENOENT;
		goto out_put;
	}
	if (READ_ONCE(sess->state) != DISCBURN_SESSION_PREPARED) {
		rr->status = DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS;
		ret = -EBUSY;
		goto out_put;
	}
	discburn_raw_release(sess);
	discburn_session_forget_file(sess);
	taken = discburn_session_detach_file(df);
	if (taken)
		discburn_session_put(taken);
out_put:
	if (sess)
		discburn_session_put(sess);
	mutex_unlock(&df->lock);
	return ret;
}

static const struct discburn_ioctl_op discburn_raw_ops[] = {
	{
		.cmd = DISCBURN_IOC_RAW_PREPARE,
		.size = sizeof(struct discburn_raw_prepare),
		DISCBURN_MIN_SIZE(struct discburn_raw_prepare, __reserved),
		DISCBURN_IN_END(struct discburn_raw_prepare, write_speed),
		.write = true,
		.check = discburn_check_raw_prepare,
		.fn = discburn_ioc_raw_prepare,
	},
	{
		.cmd = DISCBURN_IOC_RAW_WRITE,
		.size = sizeof(struct discburn_raw_write),
		DISCBURN_MIN_SIZE(struct discburn_raw_write, __reserved),
		DISCBURN_IN_END(struct discburn_raw_write, ring_kib),
		.write = true,
		.check = discburn_check_raw_write,
		.fn = discburn_ioc_raw_write,
	},
	{
		.cmd = DISCBURN_IOC_RAW_RELEASE,
		.size = sizeof(struct discburn_raw_release),
		DISCBURN_MIN_SIZE(struct discburn_raw_release, __reserved),
		DISCBURN_IN_END(struct discburn_raw_release, __reserved),
		.write = true,
		.check = discburn_check_raw_release,
		.fn = discburn_ioc_raw_release,
	},
};

const struct discburn_ioctl_table discburn_raw_ioctls = {
	.ops = discburn_raw_ops,
	.n = ARRAY_SIZE(discburn_raw_ops),
};
