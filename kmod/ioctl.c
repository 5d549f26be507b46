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

#include <linux/slab.h>
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
	struct discburn_profiles profiles;
	struct discburn_features features;
	struct discburn_mode_pages mode_pages;
	struct discburn_capabilities capabilities;
	struct discburn_write_speeds write_speeds;
	struct discburn_media_info media_info;
	struct discburn_lock lock;
	struct discburn_unlock unlock;
	struct discburn_owner owner;
	struct discburn_eject eject;
};

/**
 * struct discburn_ioctl_op - one entry of the dispatch table
 * @cmd: ioctl number
 * @min_size: size of the struct's first version
 * @size: size of the struct as the kernel knows it
 * @in_end: end of the input fields; bytes after them are cleared before
 *	@fn runs, so nothing user space passed in an out-field comes back
 * @drive: the command touches the drive: refused while another file owns
 *	the recorder
 * @write: the command changes the recorder's state (lock, tray): only for
 *	files opened for writing, as IOCTL_CDROM_EXCLUSIVE_ACCESS requires
 * @check: validates input (reserved fields, flags), or NULL
 * @fn: the handler; sets hdr.status, returns 0 or a negated errno value
 */
struct discburn_ioctl_op {
	unsigned int cmd;
	unsigned int min_size;
	unsigned int size;
	unsigned int in_end;
	bool drive;
	bool write;
	int (*check)(const union discburn_ioctl_buf *buf);
	int (*fn)(struct discburn_file *df, union discburn_ioctl_buf *buf);
};

/* Each argument used once, so that the table reads as one line per field */
#define DISCBURN_MIN_SIZE(_struct, _last)	.min_size = offsetofend(_struct, _last)
#define DISCBURN_IN_END(_struct, _in_last)	.in_end = offsetofend(_struct, _in_last)

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

static int discburn_get_profiles(struct discburn_file *df,
				 union discburn_ioctl_buf *buf)
{
	return discburn_mmc_profiles(df->rec, &buf->profiles, &buf->hdr.status);
}

static int discburn_check_features(const union discburn_ioctl_buf *buf)
{
	return buf->features.__reserved ? -EINVAL : 0;
}

static int discburn_get_features(struct discburn_file *df,
				 union discburn_ioctl_buf *buf)
{
	return discburn_mmc_features(df->rec, &buf->features, &buf->hdr.status);
}

static int discburn_check_mode_pages(const union discburn_ioctl_buf *buf)
{
	return buf->mode_pages.__reserved ? -EINVAL : 0;
}

static int discburn_get_mode_pages(struct discburn_file *df,
				   union discburn_ioctl_buf *buf)
{
	return discburn_mmc_mode_pages(df->rec, &buf->mode_pages, &buf->hdr.status);
}

static int discburn_check_capabilities(const union discburn_ioctl_buf *buf)
{
	const struct discburn_capabilities *c = &buf->capabilities;

	return c->__reserved[0] || c->__reserved[1] ? -EINVAL : 0;
}

static int discburn_get_capabilities(struct discburn_file *df,
				     union discburn_ioctl_buf *buf)
{
	return discburn_mmc_capabilities(df->rec, &buf->capabilities,
					 &buf->hdr.status);
}

static int discburn_get_write_speeds(struct discburn_file *df,
				     union discburn_ioctl_buf *buf)
{
	return discburn_mmc_write_speeds(df->rec, &buf->write_speeds,
					 &buf->hdr.status);
}

static int discburn_check_media_info(const union discburn_ioctl_buf *buf)
{
	const struct discburn_media_info *mi = &buf->media_info;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mi->__reserved); i++)
		if (mi->__reserved[i])
			return -EINVAL;
	return 0;
}

static int discburn_get_media_info(struct discburn_file *df,
				   union discburn_ioctl_buf *buf)
{
	return discburn_mmc_media_info(df->rec, &buf->media_info, &buf->hdr.status);
}

static int discburn_check_lock(const union discburn_ioctl_buf *buf)
{
	const struct discburn_lock *l = &buf->lock;

	return l->__reserved || (l->flags & ~DISCBURN_LOCK_IGNORE_VOLUME) ?
		-EINVAL : 0;
}

static int discburn_lock(struct discburn_file *df, union discburn_ioctl_buf *buf)
{
	return discburn_excl_lock(df, &buf->lock, &buf->hdr.status);
}

static int discburn_check_unlock(const union discburn_ioctl_buf *buf)
{
	const struct discburn_unlock *u = &buf->unlock;

	return u->__reserved ||
		(u->flags & ~DISCBURN_UNLOCK_NO_MEDIA_NOTIFICATIONS) ? -EINVAL : 0;
}

static int discburn_unlock(struct discburn_file *df, union discburn_ioctl_buf *buf)
{
	return discburn_excl_unlock(df, buf->unlock.flags, &buf->hdr.status);
}

static int discburn_check_owner(const union discburn_ioctl_buf *buf)
{
	return buf->owner.__reserved ? -EINVAL : 0;
}

static int discburn_get_owner(struct discburn_file *df,
			      union discburn_ioctl_buf *buf)
{
	discburn_excl_query(df, &buf->owner);
	return 0;
}

static int discburn_check_eject(const union discburn_ioctl_buf *buf)
{
	const struct discburn_eject *e = &buf->eject;

	return e->__reserved || (e->flags & ~DISCBURN_EJECT_CLOSE_TRAY) ?
		-EINVAL : 0;
}

static int discburn_eject(struct discburn_file *df, union discburn_ioctl_buf *buf)
{
	return discburn_mmc_eject(df->rec, buf->eject.flags & DISCBURN_EJECT_CLOSE_TRAY,
				  &buf->hdr.status);
}

static const struct discburn_ioctl_op discburn_ioctl_ops[] = {
	{
		.cmd = DISCBURN_IOC_GET_IDENTITY,
		.size = sizeof(struct discburn_identity),
		DISCBURN_MIN_SIZE(struct discburn_identity, revision),
		DISCBURN_IN_END(struct discburn_identity, status),
		.drive = false,
		.check = NULL,
		.fn = discburn_get_identity,
	},
	{
		.cmd = DISCBURN_IOC_GET_PROFILES,
		.size = sizeof(struct discburn_profiles),
		DISCBURN_MIN_SIZE(struct discburn_profiles, profiles),
		DISCBURN_IN_END(struct discburn_profiles, status),
		.drive = true,
		.check = NULL,
		.fn = discburn_get_profiles,
	},
	{
		.cmd = DISCBURN_IOC_GET_FEATURES,
		.size = sizeof(struct discburn_features),
		DISCBURN_MIN_SIZE(struct discburn_features, features),
		DISCBURN_IN_END(struct discburn_features, status),
		.drive = true,
		.check = discburn_check_features,
		.fn = discburn_get_features,
	},
	{
		.cmd = DISCBURN_IOC_GET_MODE_PAGES,
		.size = sizeof(struct discburn_mode_pages),
		DISCBURN_MIN_SIZE(struct discburn_mode_pages, pages),
		DISCBURN_IN_END(struct discburn_mode_pages, request_type),
		.drive = true,
		.check = discburn_check_mode_pages,
		.fn = discburn_get_mode_pages,
	},
	{
		.cmd = DISCBURN_IOC_GET_CAPABILITIES,
		.size = sizeof(struct discburn_capabilities),
		DISCBURN_MIN_SIZE(struct discburn_capabilities, __reserved),
		DISCBURN_IN_END(struct discburn_capabilities, status),
		.drive = true,
		.check = discburn_check_capabilities,
		.fn = discburn_get_capabilities,
	},
	{
		.cmd = DISCBURN_IOC_GET_WRITE_SPEEDS,
		.size = sizeof(struct discburn_write_speeds),
		DISCBURN_MIN_SIZE(struct discburn_write_speeds, speed_flags),
		DISCBURN_IN_END(struct discburn_write_speeds, status),
		.drive = true,
		.check = NULL,
		.fn = discburn_get_write_speeds,
	},
	{
		.cmd = DISCBURN_IOC_GET_MEDIA_INFO,
		.size = sizeof(struct discburn_media_info),
		DISCBURN_MIN_SIZE(struct discburn_media_info, __reserved),
		DISCBURN_IN_END(struct discburn_media_info, status),
		.drive = true,
		.check = discburn_check_media_info,
		.fn = discburn_get_media_info,
	},
	{
		.cmd = DISCBURN_IOC_LOCK,
		.size = sizeof(struct discburn_lock),
		DISCBURN_MIN_SIZE(struct discburn_lock, client_name),
		DISCBURN_IN_END(struct discburn_lock, client_name),
		.drive = false,
		.write = true,
		.check = discburn_check_lock,
		.fn = discburn_lock,
	},
	{
		.cmd = DISCBURN_IOC_UNLOCK,
		.size = sizeof(struct discburn_unlock),
		DISCBURN_MIN_SIZE(struct discburn_unlock, __reserved),
		DISCBURN_IN_END(struct discburn_unlock, __reserved),
		.drive = false,
		.write = true,
		.check = discburn_check_unlock,
		.fn = discburn_unlock,
	},
	{
		.cmd = DISCBURN_IOC_GET_OWNER,
		.size = sizeof(struct discburn_owner),
		DISCBURN_MIN_SIZE(struct discburn_owner, client_name),
		DISCBURN_IN_END(struct discburn_owner, status),
		.drive = false,
		.check = discburn_check_owner,
		.fn = discburn_get_owner,
	},
	{
		.cmd = DISCBURN_IOC_EJECT,
		.size = sizeof(struct discburn_eject),
		DISCBURN_MIN_SIZE(struct discburn_eject, __reserved),
		DISCBURN_IN_END(struct discburn_eject, __reserved),
		.drive = true,
		.write = true,
		.check = discburn_check_eject,
		.fn = discburn_eject,
	},
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
	union discburn_ioctl_buf *buf;
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
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
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
	buf->hdr.size = usize;
	buf->hdr.status = 0;

	if (discburn_detaching(df->rec)) {
		buf->hdr.status = DISCBURN_E_DEVICE_NOT_CONNECTED;
		ret = -ENODEV;
	} else if (op->write && !df->writable) {
		buf->hdr.status = DISCBURN_E_ACCESS_DENIED;
		ret = -EBADF;
	} else if (op->drive) {
		ret = discburn_excl_begin(df, &buf->hdr.status);
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
