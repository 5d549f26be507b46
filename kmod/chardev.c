// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/discburnN: the character device, its open files and their lifetime,
 * and the dispatch of ioctls to the subjects that own them.
 *
 * An open file is a reference-counted object: the open holds one, and so
 * does each session the file begins. It references the recorder and pins
 * the scsi_device (and so the low-level driver's module) as sg does. After
 * removal every entry point answers ENODEV and poll() reports POLLHUP;
 * release still works.
 *
 * ioctls: every command takes one struct starting with __u32 size and
 * __u32 status. Each subject's table records the struct's first-version
 * size: shorter is EINVAL, longer than a page E2BIG, a longer one must have
 * a zero tail (E2BIG otherwise, via copy_struct_from_user()). The struct
 * goes back to user space with the status filled in, on failure too, as
 * long as the size was acceptable.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
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

static void discburn_file_release(struct kref *kref)
{
	struct discburn_file *df = container_of(kref, struct discburn_file, kref);
	struct discburn_recorder *rec = df->rec;

	scsi_device_put(rec->sdev);
	discburn_recorder_put(rec);
	kfree(df);
}

/**
 * discburn_file_put() - drop a reference to an open file
 * @df: the file
 */
void discburn_file_put(struct discburn_file *df)
{
	kref_put(&df->kref, discburn_file_release);
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
	kref_init(&df->kref);
	mutex_init(&df->lock);
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

/*
 * Close (exit, SIGKILL): cancel the file's session and wait for it, then
 * drop the lock if this file holds it. A file that owns nothing returns
 * without taking any recorder-wide lock.
 */
static int discburn_release(struct inode *inode, struct file *file)
{
	struct discburn_file *df = file->private_data;

	WRITE_ONCE(df->closed, true);
	discburn_session_release_file(df);
	discburn_excl_release_file(df);
	discburn_file_put(df);
	return 0;
}

static __poll_t discburn_poll(struct file *file, poll_table *wait)
{
	struct discburn_file *df = file->private_data;

	poll_wait(file, &df->rec->wait, wait);
	if (discburn_detaching(df->rec))
		return EPOLLHUP | EPOLLERR;
	return discburn_stream_poll(df, file, wait);
}

static ssize_t discburn_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct discburn_file *df = iocb->ki_filp->private_data;

	return discburn_stream_write(df, iocb, from);
}

static const struct discburn_ioctl_table *const discburn_ioctl_tables[] = {
	&discburn_drive_ioctls,
	&discburn_excl_ioctls,
	&discburn_session_ioctls,
	&discburn_raw_ioctls,
	&discburn_stream_ioctls,
	&discburn_progress_ioctls,
};

static const struct discburn_ioctl_op *discburn_ioctl_find(unsigned int cmd)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(discburn_ioctl_tables); i++)
		for (j = 0; j < discburn_ioctl_tables[i]->n; j++)
			if (discburn_ioctl_tables[i]->ops[j].cmd == cmd)
				return &discburn_ioctl_tables[i]->ops[j];
	return NULL;
}

static long discburn_unlocked_ioctl(struct file *file, unsigned int cmd,
				    unsigned long arg)
{
	struct discburn_file *df = file->private_data;
	void __user *uarg = (void __user *)arg;
	const struct discburn_ioctl_op *op;
	struct discburn_ioctl_hdr *hdr;
	u32 usize;
	void *buf;
	int ret;

	op = discburn_ioctl_find(cmd);
	if (!op)
		return -ENOTTY;
	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	if (usize < op->min_size)
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	buf = kzalloc(op->size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = copy_struct_from_user(buf, op->size, uarg, usize);
	if (ret)
		goto out_free;
	if (op->check) {
		ret = op->check(buf);
		if (ret)
			goto out_free;
	}
	memset((u8 *)buf + op->in_end, 0, op->size - op->in_end);
	hdr = buf;
	hdr->size = usize;
	hdr->status = 0;

	if (discburn_detaching(df->rec)) {
		hdr->status = DISCBURN_E_DEVICE_NOT_CONNECTED;
		ret = -ENODEV;
	} else if (op->write && !df->writable) {
		hdr->status = DISCBURN_E_ACCESS_DENIED;
		ret = -EBADF;
	} else if (op->drive) {
		ret = discburn_excl_begin(df, &hdr->status);
		if (!ret) {
			ret = op->fn(df, buf);
			discburn_excl_end(df);
		}
	} else {
		ret = op->fn(df, buf);
	}

	if (copy_to_user(uarg, buf, min_t(size_t, usize, op->size)))
		ret = -EFAULT;
out_free:
	kfree(buf);
	return ret;
}

static const struct file_operations discburn_fops;

/**
 * discburn_file_of() - the discburn file behind a struct file
 * @file: any open file
 *
 * Return: the discburn file, or NULL when @file is not /dev/discburnN.
 */
struct discburn_file *discburn_file_of(struct file *file)
{
	return file->f_op == &discburn_fops ? file->private_data : NULL;
}

static const struct file_operations discburn_fops = {
	.owner = THIS_MODULE,
	.open = discburn_open,
	.release = discburn_release,
	.poll = discburn_poll,
	.write_iter = discburn_write_iter,
	.splice_write = iter_file_splice_write,
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
