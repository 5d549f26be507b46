// SPDX-License-Identifier: GPL-2.0
/*
 * Exclusive access, after the cdrom class driver's
 * IOCTL_CDROM_EXCLUSIVE_ACCESS: one open file owns the recorder on behalf
 * of a named client. While it does, srN is claimed exclusively with
 * READ|WRITE|NDELAY (mount and O_EXCL openers get EBUSY, media polling is
 * blocked), and every other file gets EBUSY + RECORDER_LOCKED for anything
 * that touches the drive. The lock goes away with unlock, with the owning
 * file (close, exit, SIGKILL) or with the device; then a media-change
 * uevent on srN makes desktops look at the disc again.
 *
 * Locking: rec->excl_sem is taken for reading around every command sent
 * for a file and for writing to change the owner, so a lock never lands in
 * the middle of another file's command. rec->owner_lock guards the owner
 * fields for readers that must not sleep (sysfs, netlink, query).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "discburn.h"

/**
 * discburn_client_name_valid() - check a client name
 * @name: the name buffer
 * @len: its size
 *
 * Valid: 1..len-1 bytes of 0-9 A-Z a-z space . , : ; _ - and a NUL inside
 * the buffer.
 *
 * Return: true if valid.
 */
bool discburn_client_name_valid(const u8 *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		u8 c = name[i];

		if (!c)
			return i > 0;
		if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z'))
			continue;
		if (c == ' ' || c == '.' || c == ',' || c == ':' || c == ';' ||
		    c == '_' || c == '-')
			continue;
		return false;
	}
	return false;
}

/* Tell user space (udev, udisks) to look at the medium again. */
static void discburn_media_uevent(struct discburn_recorder *rec)
{
	char media_change[] = "DISK_MEDIA_CHANGE=1";
	struct device *disk;
	char *envp[2];

	disk = discburn_recorder_disk(rec);
	if (!disk)
		return;
	envp[0] = media_change;
	envp[1] = NULL;
	kobject_uevent_env(&disk->kobj, KOBJ_CHANGE, envp);
	put_device(disk);
}

/* Drop the lock; the caller holds excl_sem for writing. */
static void discburn_excl_release(struct discburn_recorder *rec)
{
	struct device *disk = rec->claimed_disk;
	struct pid *pid;

	lockdep_assert_held_write(&rec->excl_sem);
	if (discburn_bdev_claimed(&rec->claim))
		discburn_release_bdev(&rec->claim);
	rec->claimed_disk = NULL;
	if (disk)
		put_device(disk);

	spin_lock(&rec->owner_lock);
	rec->owner = NULL;
	pid = rec->owner_pid;
	rec->owner_pid = NULL;
	rec->owner_since = 0;
	memset(rec->owner_name, 0, sizeof(rec->owner_name));
	spin_unlock(&rec->owner_lock);
	put_pid(pid);
}

/* After a release outside removal: events for listeners and desktops. */
static void discburn_excl_released(struct discburn_recorder *rec, bool media)
{
	discburn_netlink_notify(rec, DISCBURN_CMD_LOCK_CHANGE_NTF);
	if (!media)
		return;
	WRITE_ONCE(rec->current_profile, 0);
	discburn_media_uevent(rec);
	discburn_netlink_notify(rec, DISCBURN_CMD_MEDIA_CHANGE_NTF);
}

/**
 * discburn_excl_lock() - take the exclusive lock for an open file
 * @df: the open file
 * @req: the request (flags, client name)
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_excl_lock(struct discburn_file *df, const struct discburn_lock *req,
		       u32 *status)
{
	struct discburn_recorder *rec = df->rec;
	struct device *disk;
	int ret;

	if (!discburn_client_name_valid(req->client_name, sizeof(req->client_name))) {
		*status = DISCBURN_E_RECORDER_CLIENT_NAME_IS_NOT_VALID;
		return -EINVAL;
	}
	ret = down_write_killable(&rec->excl_sem);
	if (ret)
		return ret;
	if (discburn_detaching(rec)) {
		*status = DISCBURN_E_DEVICE_NOT_CONNECTED;
		ret = -ENODEV;
		goto out_unlock;
	}
	if (rec->owner) {
		*status = DISCBURN_E_RECORDER_LOCKED;
		ret = -EBUSY;
		goto out_unlock;
	}

	disk = discburn_recorder_disk(rec);
	if (disk) {
		ret = discburn_claim_bdev(&rec->claim, disk->devt, rec);
		if (ret == -EBUSY && (req->flags & DISCBURN_LOCK_IGNORE_VOLUME)) {
			/* mounted or held: lock anyway, srN stays as it is */
			put_device(disk);
			disk = NULL;
		} else if (ret) {
			put_device(disk);
			*status = ret == -EBUSY ? DISCBURN_E_RECORDER_MEDIA_BUSY :
				  DISCBURN_E_FAIL;
			goto out_unlock;
		}
	}
	rec->claimed_disk = disk;

	spin_lock(&rec->owner_lock);
	rec->owner = df;
	strscpy(rec->owner_name, req->client_name, sizeof(rec->owner_name));
	rec->owner_pid = get_pid(task_tgid(current));
	rec->owner_since = ktime_get_real_ns();
	spin_unlock(&rec->owner_lock);
	up_write(&rec->excl_sem);

	discburn_netlink_notify(rec, DISCBURN_CMD_LOCK_CHANGE_NTF);
	return 0;

out_unlock:
	up_write(&rec->excl_sem);
	return ret;
}

/**
 * discburn_excl_unlock() - release the lock this file holds
 * @df: the open file
 * @flags: DISCBURN_UNLOCK_*
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_excl_unlock(struct discburn_file *df, u32 flags, u32 *status)
{
	struct discburn_recorder *rec = df->rec;
	int ret;

	ret = down_write_killable(&rec->excl_sem);
	if (ret)
		return ret;
	if (!rec->owner) {
		*status = DISCBURN_E_FAIL;
		ret = -EINVAL;
	} else if (rec->owner != df) {
		*status = DISCBURN_E_ACCESS_DENIED;
		ret = -EPERM;
	} else {
		discburn_excl_release(rec);
	}
	up_write(&rec->excl_sem);
	if (!ret)
		discburn_excl_released(rec,
				       !(flags & DISCBURN_UNLOCK_NO_MEDIA_NOTIFICATIONS) &&
				       !discburn_detaching(rec));
	return ret;
}

/**
 * discburn_excl_query() - who holds the lock
 * @df: the asking file
 * @o: out: the owner
 */
void discburn_excl_query(struct discburn_file *df, struct discburn_owner *o)
{
	struct discburn_recorder *rec = df->rec;

	spin_lock(&rec->owner_lock);
	o->locked = !!rec->owner;
	o->mine = rec->owner == df;
	o->pid = rec->owner_pid ? pid_vnr(rec->owner_pid) : 0;
	o->since_ns = rec->owner_since;
	memcpy(o->client_name, rec->owner_name, sizeof(o->client_name));
	spin_unlock(&rec->owner_lock);
}

/**
 * discburn_excl_release_file() - drop the lock of a closing file
 * @df: the file being released
 */
void discburn_excl_release_file(struct discburn_file *df)
{
	struct discburn_recorder *rec = df->rec;
	bool released = false;

	down_write(&rec->excl_sem);
	if (rec->owner == df) {
		discburn_excl_release(rec);
		released = true;
	}
	up_write(&rec->excl_sem);
	if (released)
		discburn_excl_released(rec, !discburn_detaching(rec));
}

/**
 * discburn_excl_detach() - drop the lock of a recorder being removed
 * @rec: the recorder, already marked detaching
 *
 * Waits for commands in flight; they end with the device.
 */
void discburn_excl_detach(struct discburn_recorder *rec)
{
	bool released = false;

	down_write(&rec->excl_sem);
	if (rec->owner) {
		discburn_excl_release(rec);
		released = true;
	}
	up_write(&rec->excl_sem);
	if (released)
		discburn_netlink_notify(rec, DISCBURN_CMD_LOCK_CHANGE_NTF);
}

/**
 * discburn_excl_begin() - enter a command on behalf of a file
 * @df: the file
 * @status: out: RECORDER_LOCKED when another file owns the recorder
 *
 * On success the caller must call discburn_excl_end().
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_excl_begin(struct discburn_file *df, u32 *status)
{
	struct discburn_recorder *rec = df->rec;
	int ret;

	ret = down_read_killable(&rec->excl_sem);
	if (ret)
		return ret;
	if (discburn_detaching(rec)) {
		*status = DISCBURN_E_DEVICE_NOT_CONNECTED;
		ret = -ENODEV;
	} else if (rec->owner && rec->owner != df) {
		*status = DISCBURN_E_RECORDER_LOCKED;
		ret = -EBUSY;
	}
	if (ret)
		up_read(&rec->excl_sem);
	return ret;
}

/**
 * discburn_excl_end() - leave a command entered with discburn_excl_begin()
 * @df: the file
 */
void discburn_excl_end(struct discburn_file *df)
{
	up_read(&df->rec->excl_sem);
}
