// SPDX-License-Identifier: GPL-2.0
/*
 * MMC command submission: passthrough requests on the scsi_device's own
 * request queue (the queue /dev/srN uses too), synchronous or asynchronous,
 * with a timeout per command class. Every outcome goes through the sense
 * decoder once, in the completion, so both paths report alike.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/string.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_proto.h>

#include "discburn.h"

static const unsigned int discburn_tmo_secs[] = {
	[DISCBURN_TMO_QUICK] = 10,
	[DISCBURN_TMO_MEDIA] = 30,
	[DISCBURN_TMO_WRITE] = 60,
	[DISCBURN_TMO_LONG] = 300,
};

/**
 * discburn_cmd_init() - prepare a command
 * @cmd: the command
 * @cdb: command descriptor block
 * @cdb_len: its length, 6..16
 * @buf: data buffer (kmalloc'ed or vmalloc'ed, never on the stack), or NULL
 * @len: bytes in @buf
 * @write: data goes to the device
 * @tmo: timeout class
 */
void discburn_cmd_init(struct discburn_cmd *cmd, const u8 *cdb,
		       unsigned int cdb_len, void *buf, unsigned int len,
		       bool write, enum discburn_tmo tmo)
{
	memset(cmd, 0, sizeof(*cmd));
	memcpy(cmd->cdb, cdb, min_t(unsigned int, cdb_len, sizeof(cmd->cdb)));
	cmd->cdb_len = min_t(unsigned int, cdb_len, sizeof(cmd->cdb));
	cmd->buf = buf;
	cmd->len = buf ? len : 0;
	cmd->write = write;
	cmd->tmo = tmo;
}

static int discburn_blk_status_errno(blk_status_t sts)
{
	switch (sts) {
	case BLK_STS_OK:
		return 0;
	case BLK_STS_TIMEOUT:
		return -ETIMEDOUT;
	case BLK_STS_TRANSPORT:
	case BLK_STS_OFFLINE:
		return -ENODEV;
	default:
		return -EIO;
	}
}

static void discburn_cmd_done(struct discburn_cmd *cmd)
{
	if (cmd->done)
		cmd->done(cmd);
	else
		complete(&cmd->compl);
}

/* Completion context, possibly hard IRQ: copy out, decode, hand over. */
static enum rq_end_io_ret discburn_cmd_end_io(struct request *rq,
					      blk_status_t sts)
{
	struct discburn_cmd *cmd = rq->end_io_data;
	struct scsi_cmnd *scmd = blk_mq_rq_to_pdu(rq);

	cmd->result = scmd->result;
	cmd->resid = scmd->resid_len;
	cmd->sense_len = min_t(unsigned int, scmd->sense_len, sizeof(cmd->sense));
	memcpy(cmd->sense, scmd->sense_buffer, cmd->sense_len);
	cmd->error = cmd->result ? 0 : discburn_blk_status_errno(sts);
	discburn_result_to_status(cmd);
	/*
	 * A drive reports a unit attention once, to whichever command comes
	 * next. When that is ours, pass it on as sg and sr's ioctls do: sr
	 * looks for it with TEST UNIT READY and would never see the change.
	 */
	if (cmd->sshdr_valid && cmd->sshdr.sense_key == UNIT_ATTENTION &&
	    scmd->device->removable)
		scmd->device->changed = 1;
	discburn_cmd_done(cmd);
	return RQ_END_IO_FREE;
}

/**
 * discburn_cmd_submit() - start a command without waiting for it
 * @rec: the recorder
 * @cmd: the command; @cmd->done is called once it completes (in completion
 *	context) unless this function fails
 *
 * May sleep (request allocation). The command and its buffer must stay
 * valid until @cmd->done runs.
 *
 * Return: 0 if the command was submitted, else a negated errno value.
 */
int discburn_cmd_submit(struct discburn_recorder *rec, struct discburn_cmd *cmd)
{
	struct request_queue *q = rec->sdev->request_queue;
	struct scsi_cmnd *scmd;
	struct request *rq;
	int ret;

	if (cmd->cdb_len < 6 || cmd->tmo >= ARRAY_SIZE(discburn_tmo_secs))
		return -EINVAL;
	if (cmd->len > (queue_max_hw_sectors(q) << SECTOR_SHIFT))
		return -EINVAL;

	rq = scsi_alloc_request(q, cmd->write ? REQ_OP_DRV_OUT : REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	if (cmd->len) {
		ret = blk_rq_map_kern(q, rq, cmd->buf, cmd->len, GFP_KERNEL);
		if (ret) {
			blk_mq_free_request(rq);
			return ret;
		}
	}
	scmd = blk_mq_rq_to_pdu(rq);
	memcpy(scmd->cmnd, cmd->cdb, cmd->cdb_len);
	scmd->cmd_len = cmd->cdb_len;
	scmd->allowed = 0;
	rq->timeout = discburn_tmo_secs[cmd->tmo] * HZ;
	rq->rq_flags |= RQF_QUIET;
	rq->end_io = discburn_cmd_end_io;
	rq->end_io_data = cmd;
	blk_execute_rq_nowait(rq, false);
	return 0;
}

/**
 * discburn_cmd_exec() - run a command and wait for it
 * @rec: the recorder
 * @cmd: the command; @cmd->done must be NULL
 *
 * Mechanism only: one submission, one outcome. Retries and what a unit
 * attention means are the MMC layer's (discburn_mmc_exec()). Never
 * interruptible, but always bounded: the request timeout and SCSI error
 * handling end every command, and removal of the device fails the ones
 * still queued.
 *
 * Return: 0 on success, else a negated errno value; @cmd->status holds the
 * discburn status either way.
 */
int discburn_cmd_exec(struct discburn_recorder *rec, struct discburn_cmd *cmd)
{
	int ret;

	cmd->done = NULL;
	cmd->result = 0;
	cmd->resid = 0;
	cmd->sense_len = 0;
	cmd->error = 0;
	init_completion(&cmd->compl);
	ret = discburn_cmd_submit(rec, cmd);
	if (ret) {
		cmd->error = ret;
		return discburn_result_to_status(cmd);
	}
	/* wake up now and then so that the hung-task detector stays calm */
	while (!wait_for_completion_io_timeout(&cmd->compl, 10 * HZ))
		;
	return cmd->error;
}

/**
 * discburn_cmd_max_transfer() - largest data transfer of one command
 * @rec: the recorder
 *
 * What the queue allows in one request: its hardware sector limit and,
 * for buffers that are not physically contiguous (vmalloc), one page per
 * segment.
 *
 * Return: bytes.
 */
unsigned int discburn_cmd_max_transfer(struct discburn_recorder *rec)
{
	struct request_queue *q = rec->sdev->request_queue;
	unsigned int hw = queue_max_hw_sectors(q) << SECTOR_SHIFT;
	unsigned int segs = queue_max_segments(q);

	if (segs && segs < hw / PAGE_SIZE)
		hw = segs * PAGE_SIZE;
	return hw;
}
