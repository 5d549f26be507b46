// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - the virtual SCSI host: queuecommand, the per-host worker
 * that runs CDBs in order, error handling and hot (un)plug.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "discburn_emu.h"

enum emu_cmd_state {
	EMU_CMD_IDLE,
	EMU_CMD_QUEUED,
	EMU_CMD_RUNNING,
	EMU_CMD_DROPPED,
};

/* per-request private data (scsi_cmd_priv) */
struct discburn_emu_cmd {
	struct list_head node;
	struct scsi_cmnd *sc;
	enum emu_cmd_state state;
};

struct discburn_emu_host {
	struct Scsi_Host *shost;
	struct discburn_emu_dev *dev;
	struct workqueue_struct *wq;
	struct work_struct work;
	spinlock_t qlock;		/* everything below */
	struct list_head queue;		/* EMU_CMD_QUEUED */
	struct list_head dropped;	/* EMU_CMD_DROPPED: injected timeouts */
	struct scsi_cmnd *running;
	bool running_aborted;
	bool completing;		/* unplug is completing taken commands */
	bool dead;
	wait_queue_head_t abort_wait;
};

static struct discburn_emu_cmd *emu_cmd(struct scsi_cmnd *sc)
{
	return scsi_cmd_priv(sc);
}

static int emu_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *sc)
{
	struct discburn_emu_host *h = shost_priv(shost);
	struct discburn_emu_cmd *cmd = emu_cmd(sc);
	unsigned long flags;

	spin_lock_irqsave(&h->qlock, flags);
	if (h->dead) {
		spin_unlock_irqrestore(&h->qlock, flags);
		set_host_byte(sc, DID_NO_CONNECT);
		scsi_done(sc);
		return 0;
	}
	cmd->sc = sc;
	cmd->state = EMU_CMD_QUEUED;
	list_add_tail(&cmd->node, &h->queue);
	spin_unlock_irqrestore(&h->qlock, flags);
	queue_work(h->wq, &h->work);
	return 0;
}

static bool emu_is_write(const struct scsi_cmnd *sc)
{
	return sc->cmnd[0] == WRITE_10 || sc->cmnd[0] == WRITE_12;
}

/*
 * The command to run next: the queue's first, unless the reorder_writes
 * knob asks for a WRITE queued right behind a WRITE to go first, as the
 * block layer may do (it keeps no order between requests). Both locks
 * held.
 */
static struct discburn_emu_cmd *emu_pick(struct discburn_emu_host *h,
					 struct discburn_emu_cmd *first)
{
	struct discburn_emu_dev *dev = h->dev;
	struct discburn_emu_cmd *next;

	if (!dev->reorder_writes || !emu_is_write(first->sc) ||
	    list_is_last(&first->node, &h->queue))
		return first;
	next = list_next_entry(first, node);
	if (!emu_is_write(next->sc))
		return first;
	dev->reorder_writes--;
	dev->stats.reordered++;
	return next;
}

static void emu_worker(struct work_struct *work)
{
	struct discburn_emu_host *h = container_of(work, struct discburn_emu_host, work);
	struct discburn_emu_dev *dev = h->dev;

	for (;;) {
		struct discburn_emu_cmd *cmd;
		struct scsi_cmnd *sc;
		int ret;

		mutex_lock(&dev->lock);
		spin_lock_irq(&h->qlock);
		cmd = list_first_entry_or_null(&h->queue, struct discburn_emu_cmd, node);
		if (!cmd) {
			spin_unlock_irq(&h->qlock);
			mutex_unlock(&dev->lock);
			return;
		}
		cmd = emu_pick(h, cmd);
		list_del_init(&cmd->node);
		cmd->state = EMU_CMD_RUNNING;
		sc = cmd->sc;
		h->running = sc;
		h->running_aborted = false;
		spin_unlock_irq(&h->qlock);

		dev->abort_current = false;
		if (dev->dying)
			ret = EMU_DONE_NO_CONNECT;
		else
			ret = discburn_emu_execute(dev, sc);
		mutex_unlock(&dev->lock);

		spin_lock_irq(&h->qlock);
		if (ret == EMU_DONE_DROP && h->dead) {
			/*
			 * Unplug already took the dropped list: a command
			 * parked now would stay on a removed host until the
			 * mid-layer times it out. Complete it instead.
			 */
			ret = EMU_DONE_NO_CONNECT;
		}
		if (!h->running_aborted && ret == EMU_DONE_DROP) {
			cmd->state = EMU_CMD_DROPPED;
			list_add_tail(&cmd->node, &h->dropped);
		} else {
			cmd->state = EMU_CMD_IDLE;
		}
		if (h->running_aborted || ret == EMU_DONE_DROP) {
			h->running = NULL;
			spin_unlock_irq(&h->qlock);
			wake_up_all(&h->abort_wait);
			continue;
		}
		spin_unlock_irq(&h->qlock);
		if (ret == EMU_DONE_NO_CONNECT)
			sc->result = DID_NO_CONNECT << 16;
		scsi_done(sc);
		spin_lock_irq(&h->qlock);
		h->running = NULL;
		spin_unlock_irq(&h->qlock);
		wake_up_all(&h->abort_wait);
	}
}

/*
 * A command the mid-layer gave up on: forget it if it is still queued or
 * was dropped on purpose; if it is running, wait until the worker is done
 * with it (the worker then never completes it).
 */
static int emu_eh_abort(struct scsi_cmnd *sc)
{
	struct discburn_emu_host *h = shost_priv(sc->device->host);
	struct discburn_emu_cmd *cmd = emu_cmd(sc);

	spin_lock_irq(&h->qlock);
	if (h->running == sc) {
		h->running_aborted = true;
		h->dev->abort_current = true;
		spin_unlock_irq(&h->qlock);
		wake_up_all(&h->dev->wait);
		wait_event(h->abort_wait, READ_ONCE(h->running) != sc);
		return SUCCESS;
	}
	if (cmd->state == EMU_CMD_QUEUED || cmd->state == EMU_CMD_DROPPED) {
		list_del_init(&cmd->node);
		cmd->state = EMU_CMD_IDLE;
	}
	spin_unlock_irq(&h->qlock);
	wait_event(h->abort_wait, !READ_ONCE(h->completing));
	return SUCCESS;
}

static int emu_eh_reset(struct scsi_cmnd *sc)
{
	struct discburn_emu_host *h = shost_priv(sc->device->host);

	mutex_lock(&h->dev->lock);
	h->dev->pending_ua = EMU_SENSE(6, 0x29, 0);
	mutex_unlock(&h->dev->lock);
	return SUCCESS;
}

static struct scsi_host_template emu_sht = {
	.module = THIS_MODULE,
	.name = "discburn_emu",
	.proc_name = "discburn_emu",
	.queuecommand = emu_queuecommand,
	.eh_abort_handler = emu_eh_abort,
	.eh_device_reset_handler = emu_eh_reset,
	.eh_host_reset_handler = emu_eh_reset,
	.can_queue = 16,
	.cmd_per_lun = 16,
	.this_id = -1,
	.sg_tablesize = SG_ALL,
	.max_sectors = 2048,
	.dma_boundary = PAGE_SIZE - 1,
	.cmd_size = sizeof(struct discburn_emu_cmd),
	.skip_settle_delay = 1,
};

/**
 * discburn_emu_host_add() - power on: add the virtual host and its drive
 * @dev: the drive configuration
 *
 * Return: 0 or a negative errno.
 */
int discburn_emu_host_add(struct discburn_emu_dev *dev)
{
	struct discburn_emu_host *h;
	struct Scsi_Host *shost;
	int ret;

	dev->scratch_len = dev->max_transfer_kib * 1024 + EMU_CD_SLOT * 2;
	dev->scratch = kvmalloc(dev->scratch_len, GFP_KERNEL);
	if (!dev->scratch)
		return -ENOMEM;

	shost = scsi_host_alloc(&emu_sht, sizeof(*h));
	if (!shost) {
		ret = -ENOMEM;
		goto err_free_scratch;
	}
	h = shost_priv(shost);
	h->shost = shost;
	h->dev = dev;
	spin_lock_init(&h->qlock);
	INIT_LIST_HEAD(&h->queue);
	INIT_LIST_HEAD(&h->dropped);
	INIT_WORK(&h->work, emu_worker);
	init_waitqueue_head(&h->abort_wait);
	h->wq = alloc_ordered_workqueue("discburn_emu%u", WQ_MEM_RECLAIM, dev->index);
	if (!h->wq) {
		ret = -ENOMEM;
		goto err_put_host;
	}
	shost->max_id = 1;
	shost->max_lun = 1;
	shost->max_channel = 0;
	shost->max_sectors = dev->max_transfer_kib * 2;

	mutex_lock(&dev->lock);
	dev->host = h;
	dev->dying = false;
	dev->pending_ua = EMU_SENSE(6, 0x29, 0);
	mutex_unlock(&dev->lock);

	ret = scsi_add_host(shost, discburn_emu_root);
	if (ret)
		goto err_destroy_wq;
	ret = scsi_add_device(shost, 0, 0, 0);
	if (ret)
		goto err_remove_host;
	return 0;

err_remove_host:
	scsi_remove_host(shost);
err_destroy_wq:
	mutex_lock(&dev->lock);
	dev->host = NULL;
	mutex_unlock(&dev->lock);
	destroy_workqueue(h->wq);
err_put_host:
	scsi_host_put(shost);
err_free_scratch:
	kvfree(dev->scratch);
	dev->scratch = NULL;
	return ret;
}

/**
 * discburn_emu_host_remove() - power off: hot-unplug the drive
 * @dev: the drive configuration; must be powered
 *
 * Commands in flight, queued or deliberately dropped complete with
 * DID_NO_CONNECT; a sleeping command is woken.
 */
void discburn_emu_host_remove(struct discburn_emu_dev *dev)
{
	struct discburn_emu_host *h = dev->host;
	struct discburn_emu_cmd *cmd, *tmp;
	LIST_HEAD(taken);

	mutex_lock(&dev->lock);
	dev->dying = true;
	mutex_unlock(&dev->lock);
	wake_up_all(&dev->wait);

	spin_lock_irq(&h->qlock);
	h->dead = true;
	h->completing = true;
	list_splice_init(&h->queue, &taken);
	list_splice_init(&h->dropped, &taken);
	/*
	 * Taken commands are no longer queued or dropped: an abort racing
	 * with us must not unlink them from our private list; it waits for
	 * !completing instead (a completion after the mid-layer timed a
	 * command out is ignored by scsi_done()).
	 */
	list_for_each_entry(cmd, &taken, node)
		cmd->state = EMU_CMD_IDLE;
	spin_unlock_irq(&h->qlock);
	list_for_each_entry_safe(cmd, tmp, &taken, node) {
		struct scsi_cmnd *sc = cmd->sc;

		list_del_init(&cmd->node);
		sc->result = DID_NO_CONNECT << 16;
		scsi_done(sc);
	}
	spin_lock_irq(&h->qlock);
	h->completing = false;
	spin_unlock_irq(&h->qlock);
	wake_up_all(&h->abort_wait);

	scsi_remove_host(h->shost);
	flush_workqueue(h->wq);
	destroy_workqueue(h->wq);

	mutex_lock(&dev->lock);
	dev->host = NULL;
	mutex_unlock(&dev->lock);
	scsi_host_put(h->shost);
	kvfree(dev->scratch);
	dev->scratch = NULL;
}

/**
 * discburn_emu_host_sdev() - the drive's SCSI device, referenced
 * @dev: the drive, lock held, powered
 *
 * Return: the device (drop it with scsi_device_put()) or NULL.
 */
struct scsi_device *discburn_emu_host_sdev(struct discburn_emu_dev *dev)
{
	lockdep_assert_held(&dev->lock);
	if (!dev->host)
		return NULL;
	return scsi_device_lookup(dev->host->shost, 0, 0, 0);
}

struct emu_name_match {
	const char *prefix;
	char *buf;
	bool found;
};

static int emu_match_child(struct device *child, void *data)
{
	struct emu_name_match *m = data;
	const char *name = dev_name(child);
	size_t n = strlen(m->prefix);

	if (strncmp(name, m->prefix, n) || !isdigit(name[n]))
		return 0;
	m->found = true;
	strscpy(m->buf, name, 32);
	return 1;
}

/**
 * discburn_emu_host_name() - name of the sr or sg node bound to the drive
 * @dev: the drive; caller holds the power mutex
 * @buf: output, at least 32 bytes
 * @sg: sgN instead of srN
 *
 * Return: 0, or -ENODEV when not powered or not bound.
 */
int discburn_emu_host_name(struct discburn_emu_dev *dev, char *buf, bool sg)
{
	struct emu_name_match m = { .prefix = sg ? "sg" : "sr", .buf = buf };
	struct scsi_device *sdev;

	if (!dev->host)
		return -ENODEV;
	sdev = scsi_device_lookup(dev->host->shost, 0, 0, 0);
	if (!sdev)
		return -ENODEV;
	device_for_each_child(&sdev->sdev_gendev, &m, emu_match_child);
	scsi_device_put(sdev);
	return m.found ? 0 : -ENODEV;
}
