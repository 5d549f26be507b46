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

#endif /* _DISCBURN_COMPAT_H */
