// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - fault rules: sense at an LBA or on the Nth WRITE, a WRITE
 * that never completes (timeout) and power loss during the Nth WRITE.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/workqueue.h>

#include "discburn_emu.h"

/**
 * discburn_emu_inject_write() - apply the fault rules to one WRITE
 * @dev: the drive, lock held
 * @lba: first block
 * @nblocks: number of blocks
 * @fail_lba: set to the failing block when a sense is returned
 *
 * Return: 0, a sense, EMU_DONE_NO_CONNECT (unplug) or EMU_DONE_DROP.
 */
int discburn_emu_inject_write(struct discburn_emu_dev *dev, s32 lba, u32 nblocks,
			      s32 *fail_lba)
{
	u32 nth = ++dev->write_count;

	if (dev->unplug_write_nth && nth == dev->unplug_write_nth) {
		schedule_work(&dev->unplug_work);
		return EMU_DONE_NO_CONNECT;
	}
	if (dev->fail_timeout_nth && nth == dev->fail_timeout_nth)
		return EMU_DONE_DROP;
	if (dev->fail_write_nth && nth == dev->fail_write_nth) {
		*fail_lba = lba;
		return dev->fail_sense;
	}
	if (dev->fail_write_lba != -1 && dev->fail_write_lba >= lba &&
	    dev->fail_write_lba < (s64)lba + nblocks) {
		*fail_lba = dev->fail_write_lba;
		return dev->fail_sense;
	}
	return 0;
}

/**
 * discburn_emu_sense_parse() - parse "K/ASC/ASCQ" (hex)
 * @s: input
 * @sense: result
 *
 * Return: 0 or -EINVAL.
 */
int discburn_emu_sense_parse(const char *s, int *sense)
{
	unsigned int k, asc, ascq;

	if (sscanf(s, "%x/%x/%x", &k, &asc, &ascq) != 3)
		return -EINVAL;
	if (!k || k > 0xf || asc > 0xff || ascq > 0xff)
		return -EINVAL;
	*sense = EMU_SENSE(k, asc, ascq);
	return 0;
}
