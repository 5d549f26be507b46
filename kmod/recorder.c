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
 * cancels its session, drops its lock, removes the nodes and drops the
 * attachment's reference. The last put removes the index from the IDR and
 * frees the recorder.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/idr.h>
#include <linux/math64.h>
#include <linux/pid.h>
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

	put_pid(rec->owner_pid);
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
 * discburn_recorder_get_next() - the next live recorder, for iteration
 * @index: in: the first index to look at; out: the index found
 *
 * Return: the recorder with a reference the caller must put, or NULL when
 * there is none at or after *@index.
 */
struct discburn_recorder *discburn_recorder_get_next(int *index)
{
	struct discburn_recorder *rec;
	int id = *index;

	mutex_lock(&discburn_idr_lock);
	idr_for_each_entry_continue(&discburn_idr, rec, id) {
		if (!discburn_detaching(rec) && kref_get_unless_zero(&rec->kref))
			break;
	}
	mutex_unlock(&discburn_idr_lock);
	if (rec)
		*index = id;
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

/*
 * Copy a fixed-width, blank-padded INQUIRY field into a trimmed C string.
 * The drive's bytes reach sysfs, netlink and the log: anything but
 * printable ASCII becomes '_'.
 */
static void discburn_copy_inquiry(char *dst, size_t dstlen, const char *src,
				  size_t srclen)
{
	size_t len = src ? min(srclen, dstlen - 1) : 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (!src[i]) {
			len = i;
			break;
		}
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '_';
	}
	while (len && dst[len - 1] == ' ')
		len--;
	dst[len] = '\0';
}

/* sr adds its gendisk as a child of the scsi_device; sr may bind late. */
static int discburn_find_disk(struct device *dev, void *data)
{
	return dev->type && dev->type->name && !strcmp(dev->type->name, "disk");
}

/**
 * discburn_recorder_disk() - the recorder's block device (srN), if any
 * @rec: the recorder
 *
 * Return: the gendisk's device with a reference the caller must put, or
 * NULL when sr is not bound.
 */
struct device *discburn_recorder_disk(struct discburn_recorder *rec)
{
	return device_find_child(&rec->sdev->sdev_gendev, NULL, discburn_find_disk);
}

/**
 * discburn_recorder_state() - what the recorder is doing
 * @rec: the recorder
 *
 * Return: the state.
 */
enum discburn_recorder_state discburn_recorder_state(struct discburn_recorder *rec)
{
	if (discburn_detaching(rec))
		return DISCBURN_STATE_DETACHED;
	if (discburn_session_writing(rec))
		return DISCBURN_STATE_WRITING;
	return READ_ONCE(rec->owner) ? DISCBURN_STATE_LOCKED : DISCBURN_STATE_IDLE;
}

/**
 * discburn_recorder_cache_profiles() - remember a profile list for sysfs
 * @rec: the recorder
 * @p: what GET CONFIGURATION answered
 */
void discburn_recorder_cache_profiles(struct discburn_recorder *rec,
				      const struct discburn_profiles *p)
{
	spin_lock(&rec->lock);
	rec->profiles.current_profile = p->current_profile;
	rec->profiles.count = min_t(u32, p->count, DISCBURN_MAX_PROFILES);
	memcpy(rec->profiles.profiles, p->profiles,
	       rec->profiles.count * sizeof(p->profiles[0]));
	rec->profiles_valid = true;
	spin_unlock(&rec->lock);
	WRITE_ONCE(rec->current_profile, p->current_profile);
}

/*
 * Re-read the profile list (and so the current profile) and, when asked,
 * announce the media change with the fresh value. The drive is left alone
 * while a session writes: a changed medium ends the burn anyway.
 */
static void discburn_recorder_refresh(struct work_struct *work)
{
	struct discburn_recorder *rec =
		container_of(work, struct discburn_recorder, refresh);
	struct discburn_profiles *p;
	bool ntf;
	u32 st;

	spin_lock(&rec->lock);
	ntf = rec->refresh_ntf;
	rec->refresh_ntf = false;
	spin_unlock(&rec->lock);

	if (!discburn_detaching(rec) && !discburn_session_writing(rec)) {
		p = kzalloc(sizeof(*p), GFP_KERNEL);
		if (p && discburn_mmc_profiles(rec, p, &st))
			WRITE_ONCE(rec->current_profile, 0);
		kfree(p);
	}
	if (ntf && !discburn_detaching(rec))
		discburn_netlink_notify(rec, DISCBURN_CMD_MEDIA_CHANGE_NTF);
	discburn_recorder_put(rec);
}

/**
 * discburn_recorder_disc_written() - tell sr that what is on the disc changed
 * @rec: the recorder
 *
 * A burn, an erase or a format changes the disc without a unit attention,
 * so sr would keep the capacity and table of contents it read before. The
 * drive's GET EVENT STATUS may say "new media", but sr counts each such
 * event TEST UNIT READY did not confirm and after ten of them ignores
 * GET EVENT STATUS for good. Mark the device changed, as sg and sr's
 * ioctls do on a unit attention, so that sr's next check sees a media
 * change and reads the disc again. Call it before the claim on the block
 * device goes: its release makes the block layer check at once.
 */
void discburn_recorder_disc_written(struct discburn_recorder *rec)
{
	if (rec->sdev->removable)
		rec->sdev->changed = 1;
}

/**
 * discburn_recorder_media_changed() - the medium may have changed
 * @rec: the recorder
 * @notify: announce it on netlink once the profile is known again
 *
 * Any context that may sleep; the refresh runs in a work item.
 */
void discburn_recorder_media_changed(struct discburn_recorder *rec, bool notify)
{
	spin_lock(&rec->lock);
	rec->refresh_ntf |= notify;
	spin_unlock(&rec->lock);
	kref_get(&rec->kref);
	/* on discburn_wq, which module exit drains after the last session */
	if (!queue_work(discburn_wq, &rec->refresh))
		discburn_recorder_put(rec);
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

static ssize_t block_device_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct discburn_recorder *rec = dev_get_drvdata(dev);
	struct device *disk;
	ssize_t len;

	disk = discburn_recorder_disk(rec);
	len = sysfs_emit(buf, "%s\n", disk ? dev_name(disk) : "");
	if (disk)
		put_device(disk);
	return len;
}
static DEVICE_ATTR_RO(block_device);

static const char *const discburn_state_names[] = {
	[DISCBURN_STATE_IDLE] = "idle",
	[DISCBURN_STATE_LOCKED] = "locked",
	[DISCBURN_STATE_WRITING] = "writing",
	[DISCBURN_STATE_DETACHED] = "detached",
};

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct discburn_recorder *rec = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n",
			  discburn_state_names[discburn_recorder_state(rec)]);
}
static DEVICE_ATTR_RO(state);

/* "pid=812 since=1763679667.123456789 name=Kiosk Burner", empty if unlocked */
static ssize_t exclusive_owner_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct discburn_recorder *rec = dev_get_drvdata(dev);
	char name[DISCBURN_CLIENT_NAME_LEN];
	bool locked;
	u64 since;
	u32 rem;
	pid_t pid;

	spin_lock(&rec->lock);
	locked = rec->owner;
	pid = rec->owner_pid ? pid_nr(rec->owner_pid) : 0;
	since = rec->owner_since;
	memcpy(name, rec->owner_name, sizeof(name));
	spin_unlock(&rec->lock);
	if (!locked)
		return sysfs_emit(buf, "\n");
	since = div_u64_rem(since, NSEC_PER_SEC, &rem);
	return sysfs_emit(buf, "pid=%d since=%llu.%09u name=%s\n", pid,
			  since, rem, name);
}
static DEVICE_ATTR_RO(exclusive_owner);

/* Served from the cache: reading sysfs never sends a command. */
static ssize_t current_profile_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct discburn_recorder *rec = dev_get_drvdata(dev);

	return sysfs_emit(buf, "0x%04x\n", READ_ONCE(rec->current_profile));
}
static DEVICE_ATTR_RO(current_profile);

/* "0x0009 0x000a* ...": every supported profile, '*' marks current ones */
static ssize_t profiles_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct discburn_recorder *rec = dev_get_drvdata(dev);
	u32 list[DISCBURN_MAX_PROFILES];
	ssize_t len = 0;
	u32 i, n;

	spin_lock(&rec->lock);
	n = rec->profiles_valid ? rec->profiles.count : 0;
	memcpy(list, rec->profiles.profiles, n * sizeof(list[0]));
	spin_unlock(&rec->lock);
	for (i = 0; i < n; i++)
		len += sysfs_emit_at(buf, len, "%s0x%04x%s", i ? " " : "",
				     list[i] & DISCBURN_PROFILE_MASK,
				     list[i] & DISCBURN_PROFILE_CURRENT ? "*" : "");
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}
static DEVICE_ATTR_RO(profiles);

static struct attribute *discburn_recorder_attrs[] = {
	&dev_attr_vendor.attr,
	&dev_attr_model.attr,
	&dev_attr_revision.attr,
	&dev_attr_block_device.attr,
	&dev_attr_state.attr,
	&dev_attr_exclusive_owner.attr,
	&dev_attr_current_profile.attr,
	&dev_attr_profiles.attr,
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
	mutex_init(&rec->excl_mutex);
	spin_lock_init(&rec->lock);
	INIT_WORK(&rec->refresh, discburn_recorder_refresh);
	INIT_DELAYED_WORK(&rec->uevent_work, discburn_media_uevent_work);
	rec->uevent_last = jiffies - DISCBURN_UEVENT_GAP;
	rec->sdev = sdev;
	discburn_copy_inquiry(rec->vendor, sizeof(rec->vendor), sdev->vendor, 8);
	discburn_copy_inquiry(rec->model, sizeof(rec->model), sdev->model, 16);
	discburn_copy_inquiry(rec->revision, sizeof(rec->revision), sdev->rev, 4);

	/* reserve the index; lookups find the recorder once it is complete */
	mutex_lock(&discburn_idr_lock);
	ret = idr_alloc(&discburn_idr, NULL, 0, DISCBURN_MAX_RECORDERS, GFP_KERNEL);
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

	mutex_lock(&discburn_idr_lock);
	idr_replace(&discburn_idr, rec, rec->index);
	mutex_unlock(&discburn_idr_lock);

	sdev_printk(KERN_INFO, sdev, "attached recorder discburn%d\n", rec->index);
	discburn_netlink_notify(rec, DISCBURN_CMD_RECORDER_ADD_NTF);
	discburn_recorder_media_changed(rec, false);
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

	wake_up_all(&rec->wait);
	discburn_session_detach(rec);
	discburn_excl_detach(rec);
	/* after the session: its end may have asked for one */
	if (cancel_work_sync(&rec->refresh))
		discburn_recorder_put(rec);
	if (cancel_delayed_work_sync(&rec->uevent_work))
		discburn_recorder_put(rec);
	device_destroy(discburn_class, discburn_devt(rec->index));
	discburn_chardev_del(rec);
	sdev_printk(KERN_INFO, sdev, "detached recorder discburn%d\n", rec->index);
	discburn_netlink_notify(rec, DISCBURN_CMD_RECORDER_DEL_NTF);
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
