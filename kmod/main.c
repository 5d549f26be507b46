// SPDX-License-Identifier: GPL-2.0
/*
 * discburn - optical recorders with named exclusive access, kernel-side
 * streaming and progress events.
 *
 * Module init and exit only; each part lives in its own file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "discburn.h"

static int __init discburn_init(void)
{
	int ret;

	ret = discburn_chardev_init();
	if (ret) {
		pr_err("character device region failed (%d)\n", ret);
		return ret;
	}
	ret = discburn_netlink_init();
	if (ret) {
		pr_err("generic netlink family failed (%d)\n", ret);
		goto err_chardev_exit;
	}
	ret = discburn_session_init();
	if (ret) {
		pr_err("session workqueue failed (%d)\n", ret);
		goto err_netlink_exit;
	}
	ret = discburn_recorder_init();
	if (ret) {
		pr_err("recorder attachment failed (%d)\n", ret);
		goto err_session_exit;
	}
	return 0;

err_session_exit:
	discburn_session_exit();
err_netlink_exit:
	discburn_netlink_exit();
err_chardev_exit:
	discburn_chardev_exit();
	return ret;
}

/*
 * Recorders first (their sessions end), then the workqueue (which drains
 * what is still running of them and their refreshes, some of which send
 * events), then the netlink family.
 */
static void __exit discburn_exit(void)
{
	discburn_recorder_exit();
	discburn_session_exit();
	discburn_netlink_exit();
	discburn_chardev_exit();
}

module_init(discburn_init);
module_exit(discburn_exit);

MODULE_DESCRIPTION("Optical disc recorders: exclusive access, streaming, progress");
MODULE_AUTHOR("The discburn authors");
MODULE_LICENSE("GPL");
