// SPDX-License-Identifier: GPL-2.0
/*
 * Recorder lifetime: attach to every ROM/WORM scsi_device through a SCSI
 * class interface (as sg does), publish /sys/class/discburn/discburnN and
 * /dev/discburnN, and tear them down on removal while open files keep the
 * structure alive. The class device is a child of the scsi_device, so
 * the scsi_device directory holds discburn/discburnN and discburnN has a
 * device link back.
 *
 * Lifetime rules (sg.c's): the recorder has a kref, held once by the
 * attachment and once per open file. Removal first sets DISCBURN_DETACHING,
 * so every entry point answers ENODEV from then on, wakes every sleeper,
 * removes the nodes and drops the attachment's reference. The last put
 * removes the index from the IDR and frees the recorder.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/idr.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <scsi/scsi.h>
#include <scsi/scsi_device.h>

#include "compat.h"
#include "discburn.h"

static struct class *discburn_class;
static DEFINE_IDR(discburn_idr);
static DEFINE_MUTEX(discburn_idr_lock);	/* discburn_idr */

static void discburn_recorder_release(struct kref *kref)
{
	struct discburn_recorder *rec =
		container_of(kref, struct discburn_recorder, kref);

	/*
	 * Free the index first: no lookup can find the recorder after this,
	 * and a new device may reuse the minor only once nobody holds the old.
	 */
	mutex_lock(&discburn_idr_lock);
	idr_remove(&discburn_idr, rec->index);
	mutex_unlock(&discburn_idr_lock);

	put_device(&rec->sdev->sdev_gendev);
	kfree(rec);
}

/**
 * discburn_recorder_get() - look up a recorder by index and reference it
 * @index: N of /dev/discburnN
 *
 * Return: the recorder with a reference the caller must put, or NULL when
 * there is none or it is being removed.
 */
struct discburn_recorder *discburn_recorder_get(int index)
{
	struct discburn_recorder *rec;

	mutex_lock(&discburn_idr_lock);
	rec = idr_find(&discburn_idr, index);
	if (rec && (discburn_detaching(rec) || !kref_get_unless_zero(&rec->kref)))
		rec = NULL;
	mutex_unlock(&discburn_idr_lock);
	return rec;
}

/**
 * discburn_recorder_put() - drop a reference taken by discburn_recorder_get()
 * @rec: the recorder
 */
void discburn_recorder_put(struct discburn_recorder *rec)
{
	kref_put(&rec->kref, discburn_recorder_release);
}

/* Copy a fixed-width, blank-padded INQUIRY field into a trimmed C string. */
static void discburn_copy_inquiry(char *dst, size_t dstlen, const char *src,
				  size_t srclen)
{
	size_t len = src ? min(srclen, dstlen - 1) : 0;

	while (len && (src[len - 1] == ' ' || src[len - 1] == '\0'))
		len--;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static int discburn_find_disk(struct device *dev, void *data)
{
	const char **name = data;

	if (dev->type && dev->type->name && !strcmp(dev->type->name, "disk")) {
		*name = dev_name(dev);
		return 1;
	}
	return 0;
}

static ssize_t vendor_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct discburn_recorder *rec = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", rec->vendor);
}
static DEVICE_ATTR_RO(vendor);

static ssize_t model_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct discburn_recorder *rec = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", rec->model);
}
static DEVICE_ATTR_RO(model);

static ssize_t revision_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct discburn_recorder *rec = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", rec->revision);
}
static DEVICE_ATTR_RO(revision);

/*
 * The block device (srN) is the gendisk that sr adds as a child of the
 * scsi_device. sr may bind after us or not at all, so look it up each time.
 */
static ssize_t block_device_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct discburn_recorder *rec = dev_get_drvdata(dev);
	const char *name = NULL;
	ssize_t len;

	get_device(&rec->sdev->sdev_gendev);
	device_for_each_child(&rec->sdev->sdev_gendev, &name, discburn_find_disk);
	len = sysfs_emit(buf, "%s\n", name ? name : "");
	put_device(&rec->sdev->sdev_gendev);
	return len;
}
static DEVICE_ATTR_RO(block_device);

static struct attribute *discburn_recorder_attrs[] = {
	&dev_attr_vendor.attr,
	&dev_attr_model.attr,
	&dev_attr_revision.attr,
	&dev_attr_block_device.attr,
	NULL
};
ATTRIBUTE_GROUPS(discburn_recorder);

static int discburn_add(struct device *cl_dev)
{
	struct scsi_device *sdev = to_scsi_device(cl_dev->parent);
	struct discburn_recorder *rec;
	int ret;

	if (sdev->type != TYPE_ROM && sdev->type != TYPE_WORM)
		return 0;

	rec = kzalloc(sizeof(*rec), GFP_KERNEL);
	if (!rec)
		return -ENOMEM;
	kref_init(&rec->kref);
	init_waitqueue_head(&rec->wait);
	rec->sdev = sdev;
	discburn_copy_inquiry(rec->vendor, sizeof(rec->vendor), sdev->vendor, 8);
	discburn_copy_inquiry(rec->model, sizeof(rec->model), sdev->model, 16);
	discburn_copy_inquiry(rec->revision, sizeof(rec->revision), sdev->rev, 4);

	mutex_lock(&discburn_idr_lock);
	ret = idr_alloc(&discburn_idr, rec, 0, DISCBURN_MAX_RECORDERS, GFP_KERNEL);
	mutex_unlock(&discburn_idr_lock);
	if (ret < 0) {
		sdev_printk(KERN_WARNING, sdev, "no free recorder index (%d)\n", ret);
		kfree(rec);
		return ret;
	}
	rec->index = ret;
	get_device(&sdev->sdev_gendev);

	ret = discburn_chardev_add(rec);
	if (ret)
		goto err_put;

	rec->dev = device_create(discburn_class, &sdev->sdev_gendev,
				 discburn_devt(rec->index), rec,
				 DISCBURN_DEVICE_PREFIX "%d", rec->index);
	if (IS_ERR(rec->dev)) {
		ret = PTR_ERR(rec->dev);
		goto err_chardev_del;
	}

	sdev_printk(KERN_INFO, sdev, "attached recorder discburn%d\n", rec->index);
	return 0;

err_chardev_del:
	discburn_chardev_del(rec);
err_put:
	discburn_recorder_put(rec);
	return ret;
}

static struct discburn_recorder *discburn_find_by_sdev(struct scsi_device *sdev)
{
	struct discburn_recorder *rec;
	int id;

	lockdep_assert_held(&discburn_idr_lock);
	idr_for_each_entry(&discburn_idr, rec, id)
		if (rec->sdev == sdev && !discburn_detaching(rec))
			return rec;
	return NULL;
}

static void discburn_remove(struct device *cl_dev)
{
	struct scsi_device *sdev = to_scsi_device(cl_dev->parent);
	struct discburn_recorder *rec;

	mutex_lock(&discburn_idr_lock);
	rec = discburn_find_by_sdev(sdev);
	if (rec)
		set_bit(DISCBURN_DETACHING, &rec->flags);
	mutex_unlock(&discburn_idr_lock);
	if (!rec)
		return;

	wake_up_interruptible_all(&rec->wait);
	device_destroy(discburn_class, discburn_devt(rec->index));
	discburn_chardev_del(rec);
	sdev_printk(KERN_INFO, sdev, "detached recorder discburn%d\n", rec->index);
	discburn_recorder_put(rec);
}

DISCBURN_DEFINE_INTF_CB(discburn_add, discburn_remove)

static struct class_interface discburn_interface = {
	.add_dev = discburn_add_cb,
	.remove_dev = discburn_remove_cb,
};

/**
 * discburn_recorder_init() - create the class and attach to every recorder
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_recorder_init(void)
{
	int ret;

	discburn_class = discburn_class_create(DISCBURN_CLASS_NAME);
	if (IS_ERR(discburn_class))
		return PTR_ERR(discburn_class);
	discburn_class->dev_groups = discburn_recorder_groups;

	ret = scsi_register_interface(&discburn_interface);
	if (ret)
		goto err_class_destroy;
	return 0;

err_class_destroy:
	class_destroy(discburn_class);
	return ret;
}

/**
 * discburn_recorder_exit() - detach from every recorder and remove the class
 *
 * Open files pin the module, so every recorder is idle here.
 */
void discburn_recorder_exit(void)
{
	scsi_unregister_interface(&discburn_interface);
	class_destroy(discburn_class);
	idr_destroy(&discburn_idr);
}
