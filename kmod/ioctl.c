// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl dispatch for /dev/discburnN.
 *
 * Every command takes one struct starting with __u32 size and __u32 status.
 * The table records each struct's first-version size: shorter is EINVAL, a
 * longer one must have a zero tail (E2BIG otherwise, via
 * copy_struct_from_user()). The struct goes back to user space with the
 * status filled in, on failure too, as long as the size was acceptable.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <scsi/scsi_host.h>
#include <linux/discburn.h>

#include "discburn.h"

/* Every ioctl struct starts with these two fields. */
struct discburn_ioctl_hdr {
	__u32 size;
	__u32 status;
};

union discburn_ioctl_buf {
	struct discburn_ioctl_hdr hdr;
	struct discburn_identity identity;
};

struct discburn_ioctl_op {
	unsigned int cmd;
	unsigned int min_size;
	unsigned int size;
	int (*fn)(struct discburn_file *df, union discburn_ioctl_buf *buf);
};

#define DISCBURN_IOCTL_OP(_cmd, _fn, _struct, _last)			\
	{								\
		.cmd = _cmd,						\
		.min_size = offsetofend(_struct, _last),		\
		.size = sizeof(_struct),				\
		.fn = _fn,						\
	}

static int discburn_get_identity(struct discburn_file *df,
				 union discburn_ioctl_buf *buf)
{
	struct discburn_identity *id = &buf->identity;
	struct discburn_recorder *rec = df->rec;
	struct scsi_device *sdev = rec->sdev;

	id->index = rec->index;
	id->scsi_type = sdev->type;
	id->host = sdev->host->host_no;
	id->channel = sdev->channel;
	id->id = sdev->id;
	id->lun = sdev->lun;
	strscpy(id->vendor, rec->vendor, sizeof(id->vendor));
	strscpy(id->product, rec->model, sizeof(id->product));
	strscpy(id->revision, rec->revision, sizeof(id->revision));
	return 0;
}

static const struct discburn_ioctl_op discburn_ioctl_ops[] = {
	DISCBURN_IOCTL_OP(DISCBURN_IOC_GET_IDENTITY, discburn_get_identity,
			  struct discburn_identity, revision),
};

/**
 * discburn_ioctl() - run one ioctl on an open file
 * @df: the open file
 * @cmd: ioctl number
 * @arg: user pointer to the command's struct
 *
 * Return: 0 on success, else a negated errno value (-ENOTTY for unknown
 * commands, -ENODEV once the recorder is gone).
 */
long discburn_ioctl(struct discburn_file *df, unsigned int cmd,
		    unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	const struct discburn_ioctl_op *op = NULL;
	union discburn_ioctl_buf buf;
	u32 usize;
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(discburn_ioctl_ops); i++) {
		if (discburn_ioctl_ops[i].cmd == cmd) {
			op = &discburn_ioctl_ops[i];
			break;
		}
	}
	if (!op)
		return -ENOTTY;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	if (usize < op->min_size)
		return -EINVAL;
	memset(&buf, 0, sizeof(buf));
	ret = copy_struct_from_user(&buf, op->size, uarg, usize);
	if (ret)
		return ret;
	buf.hdr.size = usize;
	buf.hdr.status = 0;

	if (discburn_detaching(df->rec)) {
		buf.hdr.status = DISCBURN_E_DEVICE_NOT_CONNECTED;
		ret = -ENODEV;
	} else {
		ret = op->fn(df, &buf);
	}

	if (copy_to_user(uarg, &buf, min_t(size_t, usize, op->size)))
		return -EFAULT;
	return ret;
}
