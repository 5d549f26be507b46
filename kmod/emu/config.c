// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - configfs interface: /sys/kernel/config/discburn_emu/<name>/
 *
 * mkdir creates a drive configuration seeded from the module parameters,
 * power=1 commits it (adds the virtual host), power=0 hot-unplugs it and
 * rmdir removes it. Knobs that only make sense at power-on answer EBUSY
 * while powered; media, tray, speed and fault knobs are live.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/idr.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "discburn_emu.h"

static char *g_medium = "cdr80";
module_param_named(medium, g_medium, charp, 0444);
MODULE_PARM_DESC(medium, "Default medium of a new drive (default: cdr80)");

static unsigned int g_write_speed;
module_param_named(write_speed, g_write_speed, uint, 0444);
MODULE_PARM_DESC(write_speed, "Default write speed x-rating, 0 = unlimited (default: 0)");

static unsigned int g_buffer_kib = 2048;
module_param_named(buffer_kib, g_buffer_kib, uint, 0444);
MODULE_PARM_DESC(buffer_kib, "Default drive buffer in KiB (default: 2048)");

static unsigned int g_max_transfer_kib = 128;
module_param_named(max_transfer_kib, g_max_transfer_kib, uint, 0444);
MODULE_PARM_DESC(max_transfer_kib, "Default maximum transfer per command in KiB (default: 128)");

static unsigned int g_store_limit_mib = 1024;
module_param_named(store_limit_mib, g_store_limit_mib, uint, 0444);
MODULE_PARM_DESC(store_limit_mib, "Default memory cap of a disc's store in MiB, 0 = unlimited (default: 1024)");

/* Serializes power transitions of all drives */
static DEFINE_MUTEX(emu_power_mutex);
static DEFINE_IDA(emu_ida);

static const char *const emu_feature_names[] = {
	"drive", "vendor", "product", "revision", "medium", "capacity_sectors", "write_speed",
	"buffer_kib", "bufe", "busy_on_full", "max_transfer_kib", "store",
	"store_limit_mib", "tray",
	"write_protect", "fail_write_lba", "corrupt_read_lba", "fail_write_nth", "fail_sense",
	"fail_timeout_nth", "unplug_write_nth", "reorder_writes",
	"sink_mib", "power", "block_device", "sg_device",
	"stats", "toc",
};

static ssize_t emu_features_print(char *page)
{
	int n = 0;
	int i;

	for (i = 0; i < ARRAY_SIZE(emu_feature_names); i++)
		n += sysfs_emit_at(page, n, "%s%s", i ? " " : "", emu_feature_names[i]);
	n += sysfs_emit_at(page, n, "\n");
	return n;
}

/* Store helper: parse, then apply under the drive lock */
static int emu_store_begin(struct discburn_emu_dev *dev, bool live)
{
	mutex_lock(&dev->lock);
	if (!live && dev->power) {
		mutex_unlock(&dev->lock);
		return -EBUSY;
	}
	return 0;
}

static ssize_t emu_u32_store(struct config_item *item, const char *page, size_t count,
			     size_t field, u32 min, u32 max, bool live)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	u32 v;
	int ret;

	ret = kstrtou32(page, 0, &v);
	if (ret)
		return ret;
	if (v < min || v > max)
		return -EINVAL;
	ret = emu_store_begin(dev, live);
	if (ret)
		return ret;
	*(u32 *)((u8 *)dev + field) = v;
	dev->write_count = 0;
	mutex_unlock(&dev->lock);
	return count;
}

static ssize_t emu_capacity_sectors_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_emu_dev(item)->capacity_sectors);
}

static ssize_t emu_capacity_sectors_store(struct config_item *item, const char *page, size_t count)
{
	return emu_u32_store(item, page, count, offsetof(struct discburn_emu_dev, capacity_sectors),
			     0, U32_MAX, false);
}
CONFIGFS_ATTR(emu_, capacity_sectors);

static ssize_t emu_buffer_kib_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_emu_dev(item)->buffer_kib);
}

static ssize_t emu_buffer_kib_store(struct config_item *item, const char *page, size_t count)
{
	return emu_u32_store(item, page, count, offsetof(struct discburn_emu_dev, buffer_kib),
			     64, 65536, false);
}
CONFIGFS_ATTR(emu_, buffer_kib);

static ssize_t emu_bufe_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_emu_dev(item)->bufe);
}

static ssize_t emu_bufe_store(struct config_item *item, const char *page, size_t count)
{
	return emu_u32_store(item, page, count, offsetof(struct discburn_emu_dev, bufe),
			     0, 1, false);
}
CONFIGFS_ATTR(emu_, bufe);

static ssize_t emu_busy_on_full_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_emu_dev(item)->busy_on_full);
}

static ssize_t emu_busy_on_full_store(struct config_item *item, const char *page, size_t count)
{
	return emu_u32_store(item, page, count, offsetof(struct discburn_emu_dev, busy_on_full),
			     0, 1, true);
}
CONFIGFS_ATTR(emu_, busy_on_full);

static ssize_t emu_max_transfer_kib_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_emu_dev(item)->max_transfer_kib);
}

static ssize_t emu_max_transfer_kib_store(struct config_item *item, const char *page, size_t count)
{
	return emu_u32_store(item, page, count, offsetof(struct discburn_emu_dev, max_transfer_kib),
			     64, 1024, false);
}
CONFIGFS_ATTR(emu_, max_transfer_kib);

static ssize_t emu_write_protect_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_emu_dev(item)->write_protect);
}

static ssize_t emu_write_protect_store(struct config_item *item, const char *page, size_t count)
{
	return emu_u32_store(item, page, count, offsetof(struct discburn_emu_dev, write_protect),
			     0, 1, true);
}
CONFIGFS_ATTR(emu_, write_protect);

static ssize_t emu_fail_write_nth_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_emu_dev(item)->fail_write_nth);
}

static ssize_t emu_fail_write_nth_store(struct config_item *item, const char *page, size_t count)
{
	return emu_u32_store(item, page, count, offsetof(struct discburn_emu_dev, fail_write_nth),
			     0, U32_MAX, true);
}
CONFIGFS_ATTR(emu_, fail_write_nth);

static ssize_t emu_fail_timeout_nth_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_emu_dev(item)->fail_timeout_nth);
}

static ssize_t emu_fail_timeout_nth_store(struct config_item *item, const char *page, size_t count)
{
	return emu_u32_store(item, page, count, offsetof(struct discburn_emu_dev, fail_timeout_nth),
			     0, U32_MAX, true);
}
CONFIGFS_ATTR(emu_, fail_timeout_nth);

static ssize_t emu_unplug_write_nth_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_emu_dev(item)->unplug_write_nth);
}

static ssize_t emu_unplug_write_nth_store(struct config_item *item, const char *page, size_t count)
{
	return emu_u32_store(item, page, count, offsetof(struct discburn_emu_dev, unplug_write_nth),
			     0, U32_MAX, true);
}
CONFIGFS_ATTR(emu_, unplug_write_nth);

static ssize_t emu_reorder_writes_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_emu_dev(item)->reorder_writes);
}

static ssize_t emu_reorder_writes_store(struct config_item *item, const char *page, size_t count)
{
	return emu_u32_store(item, page, count, offsetof(struct discburn_emu_dev, reorder_writes),
			     0, U32_MAX, true);
}
CONFIGFS_ATTR(emu_, reorder_writes);

/* Write only: N runs the sink (sink.c) for N MiB and returns when done */
static ssize_t emu_sink_mib_store(struct config_item *item, const char *page, size_t count)
{
	u32 mib;
	int ret;

	ret = kstrtou32(page, 0, &mib);
	if (ret)
		return ret;
	if (!mib || mib > 65536)
		return -EINVAL;
	ret = discburn_emu_sink(to_emu_dev(item), mib);
	return ret ? ret : count;
}
CONFIGFS_ATTR_WO(emu_, sink_mib);

static ssize_t emu_write_speed_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_emu_dev(item)->write_speed);
}

static ssize_t emu_write_speed_store(struct config_item *item, const char *page,
				     size_t count)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	u32 v;
	int ret;

	ret = kstrtou32(page, 0, &v);
	if (ret)
		return ret;
	if (v > 255)
		return -EINVAL;
	mutex_lock(&dev->lock);
	dev->write_speed = v;
	discburn_emu_timing_set_speed(dev, 0);
	mutex_unlock(&dev->lock);
	return count;
}
CONFIGFS_ATTR(emu_, write_speed);

static ssize_t emu_str_store(struct config_item *item, const char *page, size_t count,
			     size_t field, size_t size)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	char tmp[32];
	size_t n = count;
	int ret;

	if (n && page[n - 1] == '\n')
		n--;
	if (!n || n >= size)
		return -EINVAL;
	memcpy(tmp, page, n);
	tmp[n] = '\0';
	ret = emu_store_begin(dev, false);
	if (ret)
		return ret;
	strscpy((char *)dev + field, tmp, size);
	mutex_unlock(&dev->lock);
	return count;
}

static ssize_t emu_vendor_show(struct config_item *item, char *page)
{
	return sprintf(page, "%s\n", to_emu_dev(item)->vendor);
}

static ssize_t emu_vendor_store(struct config_item *item, const char *page, size_t count)
{
	return emu_str_store(item, page, count, offsetof(struct discburn_emu_dev, vendor),
			     sizeof(to_emu_dev(item)->vendor));
}
CONFIGFS_ATTR(emu_, vendor);

static ssize_t emu_product_show(struct config_item *item, char *page)
{
	return sprintf(page, "%s\n", to_emu_dev(item)->product);
}

static ssize_t emu_product_store(struct config_item *item, const char *page, size_t count)
{
	return emu_str_store(item, page, count, offsetof(struct discburn_emu_dev, product),
			     sizeof(to_emu_dev(item)->product));
}
CONFIGFS_ATTR(emu_, product);

static ssize_t emu_revision_show(struct config_item *item, char *page)
{
	return sprintf(page, "%s\n", to_emu_dev(item)->revision);
}

static ssize_t emu_revision_store(struct config_item *item, const char *page, size_t count)
{
	return emu_str_store(item, page, count, offsetof(struct discburn_emu_dev, revision),
			     sizeof(to_emu_dev(item)->revision));
}
CONFIGFS_ATTR(emu_, revision);

static ssize_t emu_medium_show(struct config_item *item, char *page)
{
	return sprintf(page, "%s\n", discburn_emu_media[to_emu_dev(item)->medium].name);
}

static ssize_t emu_medium_store(struct config_item *item, const char *page, size_t count)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	enum discburn_emu_medium m;
	int ret;

	ret = discburn_emu_medium_parse(page, &m);
	if (ret)
		return ret;
	mutex_lock(&dev->lock);
	discburn_emu_insert(dev, m);
	ret = dev->medium == m ? count : -ENOMEM;
	mutex_unlock(&dev->lock);
	return ret;
}
CONFIGFS_ATTR(emu_, medium);

static ssize_t emu_store_show(struct config_item *item, char *page)
{
	return sprintf(page, "%s\n", to_emu_dev(item)->store_checksum ? "checksum" : "memory");
}

static ssize_t emu_store_store(struct config_item *item, const char *page, size_t count)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	bool checksum;
	int ret;

	if (sysfs_streq(page, "memory"))
		checksum = false;
	else if (sysfs_streq(page, "checksum"))
		checksum = true;
	else
		return -EINVAL;
	ret = emu_store_begin(dev, false);
	if (ret)
		return ret;
	dev->store_checksum = checksum;
	mutex_unlock(&dev->lock);
	return count;
}
CONFIGFS_ATTR(emu_, store);

static ssize_t emu_store_limit_mib_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_emu_dev(item)->store_limit_mib);
}

static ssize_t emu_store_limit_mib_store(struct config_item *item, const char *page,
					 size_t count)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	u32 v;
	int ret;

	ret = kstrtou32(page, 0, &v);
	if (ret)
		return ret;
	if (v > 1024 * 1024)
		return -EINVAL;
	mutex_lock(&dev->lock);
	dev->store_limit_mib = v;
	if (dev->disc)
		discburn_emu_disc_set_limit(dev->disc, v);
	mutex_unlock(&dev->lock);
	return count;
}
CONFIGFS_ATTR(emu_, store_limit_mib);

static ssize_t emu_tray_show(struct config_item *item, char *page)
{
	return sprintf(page, "%s\n", to_emu_dev(item)->tray_open ? "open" : "closed");
}

static ssize_t emu_tray_store(struct config_item *item, const char *page, size_t count)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	bool open;

	if (sysfs_streq(page, "open"))
		open = true;
	else if (sysfs_streq(page, "closed"))
		open = false;
	else
		return -EINVAL;
	mutex_lock(&dev->lock);
	if (open != dev->tray_open) {
		dev->tray_open = open;
		if (open) {
			dev->media_event = 3;
		} else if (dev->disc) {
			dev->pending_ua = EMU_SENSE(6, 0x28, 0);
			dev->media_event = 2;
		}
	}
	mutex_unlock(&dev->lock);
	return count;
}
CONFIGFS_ATTR(emu_, tray);

static ssize_t emu_fail_write_lba_show(struct config_item *item, char *page)
{
	return sprintf(page, "%lld\n", to_emu_dev(item)->fail_write_lba);
}

static ssize_t emu_fail_write_lba_store(struct config_item *item, const char *page,
					size_t count)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	s64 v;
	int ret;

	ret = kstrtos64(page, 0, &v);
	if (ret)
		return ret;
	if (v < EMU_CD_BASE || v > S32_MAX)
		return -EINVAL;
	mutex_lock(&dev->lock);
	dev->fail_write_lba = v;
	mutex_unlock(&dev->lock);
	return count;
}
CONFIGFS_ATTR(emu_, fail_write_lba);

static ssize_t emu_corrupt_read_lba_show(struct config_item *item, char *page)
{
	return sprintf(page, "%lld\n", to_emu_dev(item)->corrupt_read_lba);
}

static ssize_t emu_corrupt_read_lba_store(struct config_item *item, const char *page,
					  size_t count)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	s64 v;
	int ret;

	ret = kstrtos64(page, 0, &v);
	if (ret)
		return ret;
	if (v != -1 && (v < -150 || v > S32_MAX))
		return -EINVAL;
	mutex_lock(&dev->lock);
	dev->corrupt_read_lba = v;
	mutex_unlock(&dev->lock);
	return count;
}
CONFIGFS_ATTR(emu_, corrupt_read_lba);

static ssize_t emu_drive_show(struct config_item *item, char *page)
{
	return sprintf(page, "%s\n", discburn_emu_drive_names[to_emu_dev(item)->drive]);
}

static ssize_t emu_drive_store(struct config_item *item, const char *page, size_t count)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	int i, ret;

	for (i = 0; i < DISCBURN_EMU_NR_DRIVES; i++)
		if (sysfs_streq(page, discburn_emu_drive_names[i]))
			break;
	if (i == DISCBURN_EMU_NR_DRIVES)
		return -EINVAL;
	ret = emu_store_begin(dev, false);
	if (ret)
		return ret;
	dev->drive = i;
	mutex_unlock(&dev->lock);
	return count;
}
CONFIGFS_ATTR(emu_, drive);

static ssize_t emu_fail_sense_show(struct config_item *item, char *page)
{
	int s = to_emu_dev(item)->fail_sense;

	return sprintf(page, "%x/%02x/%02x\n", EMU_SK(s), EMU_ASC(s), EMU_ASCQ(s));
}

static ssize_t emu_fail_sense_store(struct config_item *item, const char *page,
				    size_t count)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	int sense;
	int ret;

	ret = discburn_emu_sense_parse(page, &sense);
	if (ret)
		return ret;
	mutex_lock(&dev->lock);
	dev->fail_sense = sense;
	mutex_unlock(&dev->lock);
	return count;
}
CONFIGFS_ATTR(emu_, fail_sense);

static ssize_t emu_power_show(struct config_item *item, char *page)
{
	return sprintf(page, "%d\n", to_emu_dev(item)->power);
}

static int emu_power_on(struct discburn_emu_dev *dev)
{
	int ret;

	if (dev->power)
		return 0;
	mutex_lock(&dev->lock);
	dev->write_count = 0;
	dev->tm.speed_kbps = 0;
	discburn_emu_timing_set_speed(dev, 0);
	/* a blank disc takes the capacity configured since it was inserted */
	if (dev->medium != DISCBURN_EMU_NONE &&
	    (!dev->disc || (!dev->disc->ntracks && !dev->disc->formatted)))
		discburn_emu_insert(dev, dev->medium);
	mutex_unlock(&dev->lock);
	ret = discburn_emu_host_add(dev);
	if (ret) {
		pr_err("%s: power on failed (%d)\n", config_item_name(&dev->group.cg_item),
		       ret);
		return ret;
	}
	mutex_lock(&dev->lock);
	dev->power = true;
	mutex_unlock(&dev->lock);
	return 0;
}

static void emu_power_off(struct discburn_emu_dev *dev)
{
	if (!dev->power)
		return;
	discburn_emu_host_remove(dev);
	mutex_lock(&dev->lock);
	dev->power = false;
	mutex_unlock(&dev->lock);
}

static ssize_t emu_power_store(struct config_item *item, const char *page, size_t count)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	bool on;
	int ret;

	ret = kstrtobool(page, &on);
	if (ret)
		return ret;
	mutex_lock(&emu_power_mutex);
	if (on)
		ret = emu_power_on(dev);
	else
		emu_power_off(dev);
	mutex_unlock(&emu_power_mutex);
	return ret ? ret : count;
}
CONFIGFS_ATTR(emu_, power);

static void emu_unplug_work(struct work_struct *work)
{
	struct discburn_emu_dev *dev = container_of(work, struct discburn_emu_dev,
						    unplug_work);

	mutex_lock(&emu_power_mutex);
	emu_power_off(dev);
	mutex_unlock(&emu_power_mutex);
}

static ssize_t emu_node_show(struct config_item *item, char *page, bool sg)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	char name[32];
	int ret;

	mutex_lock(&emu_power_mutex);
	ret = discburn_emu_host_name(dev, name, sg);
	mutex_unlock(&emu_power_mutex);
	if (ret)
		return sprintf(page, "\n");
	return sprintf(page, "%s\n", name);
}

static ssize_t emu_block_device_show(struct config_item *item, char *page)
{
	return emu_node_show(item, page, false);
}
CONFIGFS_ATTR_RO(emu_, block_device);

static ssize_t emu_sg_device_show(struct config_item *item, char *page)
{
	return emu_node_show(item, page, true);
}
CONFIGFS_ATTR_RO(emu_, sg_device);

static ssize_t emu_features_show(struct config_item *item, char *page)
{
	return emu_features_print(page);
}
CONFIGFS_ATTR_RO(emu_, features);

static ssize_t emu_stats_show(struct config_item *item, char *page)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	struct discburn_emu_stats *s = &dev->stats;
	int sense;
	int n;

	mutex_lock(&dev->lock);
	discburn_emu_timing_update(dev);
	sense = s->last_sense;
	n = sysfs_emit(page,
		       "commands %llu\nwrites %llu\nsectors_written %llu\nunderruns %llu\n"
		       "link_losses %llu\nsync_caches %llu\ntracks %llu\nsessions %llu\n"
		       "corrupted_reads %llu\n"
		       "current_speed_kbps %u\nlast_sense %x/%02x/%02x\n"
		       "buffer_fill %llu\nstored_pages %llu\nchecksum %016llx\nwrite_ns %llu\n"
		       "first_write_ns %llu\nlast_write_ns %llu\n"
		       "record_start_ns %llu\nrecord_end_ns %llu\nreordered %llu\n"
		       "sink_bytes %llu\nsink_ns %llu\n",
		       s->commands, s->writes, s->sectors_written, s->underruns,
		       s->link_losses, s->sync_caches, s->tracks, s->sessions,
		       s->corrupted_reads,
		       dev->tm.speed_kbps, EMU_SK(sense), EMU_ASC(sense), EMU_ASCQ(sense),
		       discburn_emu_buffer_bytes(dev),
		       dev->disc ? dev->disc->stored_pages : 0,
		       dev->disc ? xxh64_digest(&dev->disc->checksum) : 0, s->write_ns,
		       s->first_write_ns, s->last_write_ns,
		       s->record_start_ns, s->record_end_ns, s->reordered,
		       s->sink_bytes, s->sink_ns);
	mutex_unlock(&dev->lock);
	return n;
}
CONFIGFS_ATTR_RO(emu_, stats);

static ssize_t emu_toc_show(struct config_item *item, char *page)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);
	int n;

	mutex_lock(&dev->lock);
	n = discburn_emu_toc_text(dev, page, PAGE_SIZE);
	mutex_unlock(&dev->lock);
	return n;
}
CONFIGFS_ATTR_RO(emu_, toc);

static struct configfs_attribute *emu_attrs[] = {
	&emu_attr_drive,
	&emu_attr_vendor,
	&emu_attr_product,
	&emu_attr_revision,
	&emu_attr_medium,
	&emu_attr_capacity_sectors,
	&emu_attr_write_speed,
	&emu_attr_buffer_kib,
	&emu_attr_bufe,
	&emu_attr_busy_on_full,
	&emu_attr_max_transfer_kib,
	&emu_attr_store,
	&emu_attr_store_limit_mib,
	&emu_attr_tray,
	&emu_attr_write_protect,
	&emu_attr_fail_write_lba,
	&emu_attr_corrupt_read_lba,
	&emu_attr_fail_write_nth,
	&emu_attr_fail_sense,
	&emu_attr_fail_timeout_nth,
	&emu_attr_unplug_write_nth,
	&emu_attr_reorder_writes,
	&emu_attr_sink_mib,
	&emu_attr_power,
	&emu_attr_features,
	&emu_attr_block_device,
	&emu_attr_sg_device,
	&emu_attr_stats,
	&emu_attr_toc,
	NULL,
};

static void emu_dev_release(struct config_item *item)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);

	discburn_emu_disc_free(dev->disc);
	ida_free(&emu_ida, dev->index);
	kfree(dev);
}

static struct configfs_item_operations emu_dev_item_ops = {
	.release = emu_dev_release,
};

static const struct config_item_type emu_dev_type = {
	.ct_item_ops = &emu_dev_item_ops,
	.ct_attrs = emu_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_group *emu_make_group(struct config_group *group, const char *name)
{
	struct discburn_emu_dev *dev;
	enum discburn_emu_medium m = DISCBURN_EMU_CDR80;
	int index;

	index = ida_alloc(&emu_ida, GFP_KERNEL);
	if (index < 0)
		return ERR_PTR(index);
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev) {
		ida_free(&emu_ida, index);
		return ERR_PTR(-ENOMEM);
	}
	dev->index = index;
	mutex_init(&dev->lock);
	init_waitqueue_head(&dev->wait);
	INIT_WORK(&dev->unplug_work, emu_unplug_work);
	strscpy(dev->vendor, "DISCBURN", sizeof(dev->vendor));
	strscpy(dev->product, "EMU-RECORDER", sizeof(dev->product));
	strscpy(dev->revision, "1.00", sizeof(dev->revision));
	if (discburn_emu_medium_parse(g_medium, &m))
		pr_warn("unknown default medium '%s', using cdr80\n", g_medium);
	dev->medium = m;
	dev->write_speed = min(g_write_speed, 255U);
	dev->buffer_kib = clamp(g_buffer_kib, 64U, 65536U);
	dev->max_transfer_kib = clamp(g_max_transfer_kib, 64U, 1024U);
	dev->bufe = true;
	dev->store_limit_mib = g_store_limit_mib;
	dev->fail_write_lba = -1;
	dev->corrupt_read_lba = -1;
	dev->fail_sense = EMU_SENSE(3, 0x0c, 0);
	dev->block_len = 2048;
	dev->page1_retry = 1;
	discburn_emu_page5_defaults(dev->page5);
	config_group_init_type_name(&dev->group, name, &emu_dev_type);
	return &dev->group;
}

static void emu_drop_item(struct config_group *group, struct config_item *item)
{
	struct discburn_emu_dev *dev = to_emu_dev(item);

	mutex_lock(&emu_power_mutex);
	emu_power_off(dev);
	mutex_unlock(&emu_power_mutex);
	cancel_work_sync(&dev->unplug_work);
	config_item_put(item);
}

static struct configfs_group_operations emu_group_ops = {
	.make_group = emu_make_group,
	.drop_item = emu_drop_item,
};

static ssize_t emu_root_features_show(struct config_item *item, char *page)
{
	return emu_features_print(page);
}

static struct configfs_attribute emu_root_attr_features = {
	.ca_owner = THIS_MODULE,
	.ca_name = "features",
	.ca_mode = 0444,
	.show = emu_root_features_show,
};

static struct configfs_attribute *emu_root_attrs[] = {
	&emu_root_attr_features,
	NULL,
};

static const struct config_item_type emu_root_type = {
	.ct_group_ops = &emu_group_ops,
	.ct_attrs = emu_root_attrs,
	.ct_owner = THIS_MODULE,
};

static struct configfs_subsystem emu_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = "discburn_emu",
			.ci_type = &emu_root_type,
		},
	},
};

int discburn_emu_config_init(void)
{
	config_group_init(&emu_subsys.su_group);
	mutex_init(&emu_subsys.su_mutex);
	return configfs_register_subsystem(&emu_subsys);
}

void discburn_emu_config_exit(void)
{
	configfs_unregister_subsystem(&emu_subsys);
	ida_destroy(&emu_ida);
}
