// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - emulated MMC optical recorder on a virtual SCSI host.
 *
 * Module init/exit only: the parent device of all virtual hosts and the
 * configfs subsystem through which drives are created.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/module.h>

#include "discburn_emu.h"

struct device *discburn_emu_root;

static int __init discburn_emu_init(void)
{
	int ret;

	discburn_emu_raw_init();
	discburn_emu_root = root_device_register("discburn_emu");
	if (IS_ERR(discburn_emu_root)) {
		ret = PTR_ERR(discburn_emu_root);
		pr_err("root device failed (%d)\n", ret);
		return ret;
	}
	ret = discburn_emu_config_init();
	if (ret) {
		pr_err("configfs subsystem failed (%d)\n", ret);
		goto err_unregister_root;
	}
	return 0;

err_unregister_root:
	root_device_unregister(discburn_emu_root);
	return ret;
}

static void __exit discburn_emu_exit(void)
{
	discburn_emu_config_exit();
	root_device_unregister(discburn_emu_root);
}

module_init(discburn_emu_init);
module_exit(discburn_emu_exit);

MODULE_DESCRIPTION("discburn emulated MMC optical recorder");
MODULE_AUTHOR("The discburn authors");
MODULE_LICENSE("GPL");
