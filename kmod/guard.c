// SPDX-License-Identifier: GPL-2.0
/*
 * The guard's kernel half. The exclusive lock keeps out mounts, O_EXCL
 * openers and other /dev/discburnN files, but not SG_IO through a plain
 * open of srN or through sgN and bsg: only an LSM sees those. The guard
 * (tools/guard/, Documentation/guard.rst) is a BPF LSM program that
 * refuses them from every process but the owner, and it learns what to
 * refuse from here: at every lock and release, in the task making the
 * change and under excl_mutex, the tracepoint discburn_guard_lock gives
 * the recorder's device numbers and the owner's thread group. The guard's
 * map is therefore in step before DISCBURN_IOC_LOCK returns.
 *
 * The module parameter "guard" reads "on" while something listens on the
 * tracepoint (the guard holds a raw tracepoint link, which goes with its
 * process) and "off" otherwise. Writing "sync" to it replays the current
 * state of every recorder, for a guard that starts while locks are held.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "discburn.h"

#define CREATE_TRACE_POINTS
#include "guard_trace.h"

/* The recorder's sg and bsg nodes: class devices under its scsi_device */
struct discburn_guard_nodes {
	dev_t sg;
	dev_t bsg;
};

static int discburn_guard_find(struct device *dev, void *data)
{
	struct discburn_guard_nodes *n = data;

	if (!dev->class || !dev->devt)
		return 0;
	if (!strcmp(dev->class->name, "scsi_generic"))
		n->sg = dev->devt;
	else if (!strcmp(dev->class->name, "bsg"))
		n->bsg = dev->devt;
	return 0;
}

/* Tell the guard about @rec's state; the caller holds excl_mutex. */
static void discburn_guard_announce(struct discburn_recorder *rec)
{
	struct discburn_guard_nodes n = {};
	struct device *disk;
	pid_t tgid;
	dev_t sr = 0;

	lockdep_assert_held(&rec->excl_mutex);
	if (!trace_discburn_guard_lock_enabled())
		return;
	spin_lock(&rec->lock);
	tgid = rec->owner && rec->owner_pid ? pid_nr(rec->owner_pid) : 0;
	spin_unlock(&rec->lock);
	if (tgid && !discburn_detaching(rec)) {
		disk = discburn_recorder_disk(rec);
		if (disk) {
			sr = disk->devt;
			put_device(disk);
		}
		device_for_each_child(&rec->sdev->sdev_gendev, &n,
				      discburn_guard_find);
	}
	trace_discburn_guard_lock(rec->index, sr, n.sg, n.bsg, tgid);
}

/**
 * discburn_guard_locked() - a lock was published
 * @rec: the recorder, its owner set; excl_mutex held
 */
void discburn_guard_locked(struct discburn_recorder *rec)
{
	discburn_guard_announce(rec);
}

/**
 * discburn_guard_released() - the owner is gone
 * @rec: the recorder, its owner cleared; excl_mutex held
 */
void discburn_guard_released(struct discburn_recorder *rec)
{
	discburn_guard_announce(rec);
}

static int discburn_guard_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  trace_discburn_guard_lock_enabled() ? "on" : "off");
}

static int discburn_guard_set(const char *val, const struct kernel_param *kp)
{
	struct discburn_recorder *rec;
	int index = 0;

	if (!sysfs_streq(val, "sync"))
		return -EINVAL;
	while ((rec = discburn_recorder_get_next(&index))) {
		mutex_lock(&rec->excl_mutex);
		discburn_guard_announce(rec);
		mutex_unlock(&rec->excl_mutex);
		discburn_recorder_put(rec);
		index++;
	}
	return 0;
}

static const struct kernel_param_ops discburn_guard_ops = {
	.get = discburn_guard_get,
	.set = discburn_guard_set,
};
module_param_cb(guard, &discburn_guard_ops, NULL, 0644);
MODULE_PARM_DESC(guard,
		 "reads on while the BPF LSM guard listens; write sync to replay the locks to it");
