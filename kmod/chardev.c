// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/discburnN: the character device, its open files and their lifetime.
 *
 * An open file references the recorder and pins the scsi_device (and so the
 * low-level driver's module) as sg does. After removal every entry point
 * answers ENODEV and poll() reports POLLHUP; release still works.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <scsi/scsi_device.h>

#include "discburn.h"

static dev_t discburn_devt_base;

/**
 * discburn_devt() - device number of /dev/discburnN
 * @index: N
 *
 * Return: the dev_t.
 */
dev_t discburn_devt(int index)
{
	return MKDEV(MAJOR(discburn_devt_base), index);
}

static int discburn_open(struct inode *inode, struct file *file)
{
	struct discburn_recorder *rec;
	struct discburn_file *df;
	int ret;

	rec = discburn_recorder_get(iminor(inode));
	if (!rec)
		return -ENODEV;

	ret = scsi_device_get(rec->sdev);
	if (ret)
		goto err_recorder_put;

	df = kzalloc(sizeof(*df), GFP_KERNEL);
	if (!df) {
		ret = -ENOMEM;
		goto err_sdev_put;
	}
	df->rec = rec;
	df->writable = file->f_mode & FMODE_WRITE;
	file->private_data = df;
	return nonseekable_open(inode, file);

err_sdev_put:
	scsi_device_put(rec->sdev);
err_recorder_put:
	discburn_recorder_put(rec);
	return ret == -ENXIO ? -ENODEV : ret;
}

static int discburn_release(struct inode *inode, struct file *file)
{
	struct discburn_file *df = file->private_data;
	struct discburn_recorder *rec = df->rec;

	discburn_excl_release_file(df);
	kfree(df);
	scsi_device_put(rec->sdev);
	discburn_recorder_put(rec);
	return 0;
}

static __poll_t discburn_poll(struct file *file, poll_table *wait)
{
	struct discburn_file *df = file->private_data;

	poll_wait(file, &df->rec->wait, wait);
	if (discburn_detaching(df->rec))
		return EPOLLHUP | EPOLLERR;
	return 0;
}

static long discburn_unlocked_ioctl(struct file *file, unsigned int cmd,
				    unsigned long arg)
{
	return discburn_ioctl(file->private_data, cmd, arg);
}

static const struct file_operations discburn_fops = {
	.owner = THIS_MODULE,
	.open = discburn_open,
	.release = discburn_release,
	.poll = discburn_poll,
	.unlocked_ioctl = discburn_unlocked_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

/**
 * discburn_chardev_add() - create /dev/discburnN's character device
 * @rec: the recorder, with its index set
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_chardev_add(struct discburn_recorder *rec)
{
	int ret;

	rec->cdev = cdev_alloc();
	if (!rec->cdev)
		return -ENOMEM;
	rec->cdev->owner = THIS_MODULE;
	rec->cdev->ops = &discburn_fops;
	ret = cdev_add(rec->cdev, discburn_devt(rec->index), 1);
	if (ret) {
		kobject_put(&rec->cdev->kobj);
		rec->cdev = NULL;
	}
	return ret;
}

/**
 * discburn_chardev_del() - remove /dev/discburnN's character device
 * @rec: the recorder
 *
 * Files already open keep working until they are closed (they see ENODEV).
 */
void discburn_chardev_del(struct discburn_recorder *rec)
{
	cdev_del(rec->cdev);
	rec->cdev = NULL;
}

/**
 * discburn_chardev_init() - reserve the device numbers
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_chardev_init(void)
{
	return alloc_chrdev_region(&discburn_devt_base, 0,
				   DISCBURN_MAX_RECORDERS, DISCBURN_DEVICE_PREFIX);
}

/**
 * discburn_chardev_exit() - release the device numbers
 */
void discburn_chardev_exit(void)
{
	unregister_chrdev_region(discburn_devt_base, DISCBURN_MAX_RECORDERS);
}
