/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference of discburn.ko and discburn_emu.ko, and
 * nothing else. Supported: Debian's 6.1 and 6.12 kernels; the thresholds are
 * the upstream releases that changed each interface.
 */
#ifndef _DISCBURN_COMPAT_H
#define _DISCBURN_COMPAT_H

#include <linux/version.h>
#include <linux/device.h>
#include <scsi/scsi_driver.h>

/*
 * class_create() lost its owner argument and class_interface callbacks lost
 * their class_interface argument in 6.4.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define discburn_class_create(name)	class_create(name)
#define DISCBURN_DEFINE_INTF_CB(add_fn, remove_fn)				\
	static int add_fn##_cb(struct device *dev)				\
	{									\
		return add_fn(dev);						\
	}									\
	static void remove_fn##_cb(struct device *dev)				\
	{									\
		remove_fn(dev);							\
	}
#else
#define discburn_class_create(name)	class_create(THIS_MODULE, name)
#define DISCBURN_DEFINE_INTF_CB(add_fn, remove_fn)				\
	static int add_fn##_cb(struct device *dev,				\
			       struct class_interface *intf)			\
	{									\
		return add_fn(dev);						\
	}									\
	static void remove_fn##_cb(struct device *dev,				\
				   struct class_interface *intf)		\
	{									\
		remove_fn(dev);							\
	}
#endif

/*
 * discburn.ko: exclusive claim of the recorder's block device (srN).
 * 6.1 opens with blkdev_get_by_dev() and FMODE_EXCL and releases with
 * blkdev_put() and the same mode; 6.9 and later open the block device as a
 * file (a non-NULL holder implies BLK_OPEN_EXCL) and bdev_fput() drops the
 * claim synchronously. NDELAY keeps cdrom_open() from touching the tray or
 * requiring a medium; WRITE makes the claim block sr's media polling.
 */
#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/fs.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
struct discburn_bdev_claim {
	struct file *file;	/* NULL when nothing is claimed */
};

static inline int discburn_claim_bdev(struct discburn_bdev_claim *claim,
				      dev_t devt, void *holder)
{
	struct file *file;

	file = bdev_file_open_by_dev(devt, BLK_OPEN_READ | BLK_OPEN_WRITE |
				     BLK_OPEN_NDELAY, holder, NULL);
	if (IS_ERR(file))
		return PTR_ERR(file);
	claim->file = file;
	return 0;
}

static inline bool discburn_bdev_claimed(const struct discburn_bdev_claim *claim)
{
	return claim->file;
}

static inline void discburn_release_bdev(struct discburn_bdev_claim *claim)
{
	bdev_fput(claim->file);
	claim->file = NULL;
}
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
struct discburn_bdev_claim {
	struct block_device *bdev;	/* NULL when nothing is claimed */
};

#define DISCBURN_CLAIM_MODE	(FMODE_READ | FMODE_WRITE | FMODE_NDELAY | FMODE_EXCL)

static inline int discburn_claim_bdev(struct discburn_bdev_claim *claim,
				      dev_t devt, void *holder)
{
	struct block_device *bdev;

	bdev = blkdev_get_by_dev(devt, DISCBURN_CLAIM_MODE, holder);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	claim->bdev = bdev;
	return 0;
}

static inline bool discburn_bdev_claimed(const struct discburn_bdev_claim *claim)
{
	return claim->bdev;
}

static inline void discburn_release_bdev(struct discburn_bdev_claim *claim)
{
	blkdev_put(claim->bdev, DISCBURN_CLAIM_MODE);
	claim->bdev = NULL;
}
#else
#error "discburn supports Debian's 6.1 and 6.12 kernels"
#endif

#endif /* _DISCBURN_COMPAT_H */
