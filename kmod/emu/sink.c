// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - the sink: WRITEs to this drive issued from the kernel,
 * with nothing above them. They take the path every tool's WRITEs take
 * (a request on the drive's queue, the SCSI midlayer, this host's
 * worker, the medium) but no system call, no copy of the data and no
 * program waits for them, so the rate is the ceiling no tool can beat on
 * the machine (make bench's sink rate).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blk-mq.h>
#include <linux/completion.h>
#include <linux/ktime.h>
#include <linux/vmalloc.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "discburn_emu.h"

#define EMU_SINK_DEPTH		4	/* WRITEs in flight, as discburn keeps */
#define EMU_SINK_TIMEOUT	(60 * HZ)

struct emu_sink {
	struct completion slot;		/* once per finished WRITE */
	int error;			/* a failure, set before complete() */
};

static enum rq_end_io_ret emu_sink_end_io(struct request *rq, blk_status_t sts)
{
	struct emu_sink *s = rq->end_io_data;
	struct scsi_cmnd *sc = blk_mq_rq_to_pdu(rq);

	if ((sc->result || sts) && !READ_ONCE(s->error))
		WRITE_ONCE(s->error, -EIO);
	complete(&s->slot);
	return RQ_END_IO_FREE;
}

/* WRITE(10) of @blocks from @buf at @lba; TEST UNIT READY without @buf */
static int emu_sink_submit(struct scsi_device *sdev, struct emu_sink *s, void *buf,
			   s32 lba, u32 blocks)
{
	struct request_queue *q = sdev->request_queue;
	struct scsi_cmnd *sc;
	struct request *rq;
	int ret;

	rq = scsi_alloc_request(q, buf ? REQ_OP_DRV_OUT : REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	if (buf) {
		ret = blk_rq_map_kern(q, rq, buf, blocks * 2048, GFP_KERNEL);
		if (ret) {
			blk_mq_free_request(rq);
			return ret;
		}
	}
	sc = blk_mq_rq_to_pdu(rq);
	memset(sc->cmnd, 0, 10);
	sc->cmd_len = 6;
	if (buf) {
		sc->cmnd[0] = WRITE_10;
		emu_put_be32(&sc->cmnd[2], lba);
		emu_put_be16(&sc->cmnd[7], blocks);
		sc->cmd_len = 10;
	}
	sc->allowed = 0;
	rq->timeout = EMU_SINK_TIMEOUT;
	rq->rq_flags |= RQF_QUIET;
	rq->end_io = emu_sink_end_io;
	rq->end_io_data = s;
	blk_execute_rq_nowait(rq, false);
	return 0;
}

/* Where the sink starts, and that @mib MiB fit there. Lock held. */
static int emu_sink_start(struct discburn_emu_dev *dev, u32 mib, s32 *lba)
{
	if (!dev->disc)
		return -ENOMEDIUM;
	*lba = discburn_emu_nwa(dev, EMU_WT_TAO);
	if (*lba < 0)
		return -ENOSPC;
	if ((u64)*lba + (u64)mib * 512 > dev->disc->capacity)
		return -ENOSPC;
	return 0;
}

/**
 * discburn_emu_sink() - write @mib MiB of zeros to the drive from the kernel
 * @dev: the drive, powered, its lock not held
 * @mib: MiB to write, in 2048-byte blocks from the next writable address
 *
 * WRITE(10)s of max_transfer_kib (or what the queue takes from a vmalloc
 * buffer, a page per segment), EMU_SINK_DEPTH of them in flight. The
 * bytes written and the time from the first submission to the last
 * completion go to stats (sink_bytes, sink_ns).
 *
 * A unit attention pending (a disc just inserted) is taken by a TEST UNIT
 * READY first.
 *
 * A fatal signal stops it after the WRITEs in flight (-EINTR).
 *
 * Return: 0, -EBUSY (another sink runs), -ENODEV (powered off),
 * -ENOMEDIUM, -ENOSPC (no room for @mib), -ENOMEM, -EINTR or -EIO (a
 * WRITE failed: stats last_sense says why).
 */
int discburn_emu_sink(struct discburn_emu_dev *dev, u32 mib)
{
	struct scsi_device *sdev = NULL;
	struct emu_sink s = { .error = 0 };
	u32 chunk, blocks, submitted = 0, finished = 0;
	u64 total, sent = 0, t0, t1;
	void *buf;
	s32 lba;
	int i, ret;

	mutex_lock(&dev->lock);
	if (dev->sink_running) {
		mutex_unlock(&dev->lock);
		return -EBUSY;
	}
	if (!dev->host || dev->dying) {
		mutex_unlock(&dev->lock);
		return -ENODEV;
	}
	ret = emu_sink_start(dev, mib, &lba);
	if (!ret) {
		sdev = discburn_emu_host_sdev(dev);
		if (!sdev)
			ret = -ENODEV;
	}
	if (!ret)
		dev->sink_running = true;
	chunk = dev->max_transfer_kib * 1024;
	mutex_unlock(&dev->lock);
	if (ret)
		return ret;
	/* a vmalloc buffer takes a segment per page */
	chunk = min_t(u32, chunk, queue_max_segments(sdev->request_queue) * PAGE_SIZE);

	buf = vzalloc(chunk);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	init_completion(&s.slot);
	/* a unit attention (a disc just inserted) goes to a TEST UNIT READY */
	for (i = 0; i < 3; i++) {
		s.error = 0;
		ret = emu_sink_submit(sdev, &s, NULL, 0, 0);
		if (ret)
			goto out_free;
		wait_for_completion(&s.slot);
		ret = s.error;
		if (!ret)
			break;
	}
	if (ret)
		goto out_free;
	total = (u64)mib << 20;
	t0 = ktime_get_ns();
	while (sent < total) {
		if (submitted - finished == EMU_SINK_DEPTH) {
			if (wait_for_completion_killable(&s.slot)) {
				ret = -EINTR;
				break;
			}
			finished++;
		}
		if (READ_ONCE(s.error))
			break;
		blocks = min_t(u64, total - sent, chunk) / 2048;
		ret = emu_sink_submit(sdev, &s, buf, lba, blocks);
		if (ret)
			break;
		submitted++;
		sent += blocks * 2048;
		lba += blocks;
	}
	/* the WRITEs in flight point at @s and @buf: always wait for them */
	while (finished < submitted) {
		wait_for_completion(&s.slot);
		finished++;
	}
	t1 = ktime_get_ns();
	if (!ret)
		ret = READ_ONCE(s.error);
out_free:
	vfree(buf);
out:
	mutex_lock(&dev->lock);
	dev->sink_running = false;
	if (!ret) {
		dev->stats.sink_bytes = total;
		dev->stats.sink_ns = t1 - t0;
	}
	mutex_unlock(&dev->lock);
	scsi_device_put(sdev);
	return ret;
}
