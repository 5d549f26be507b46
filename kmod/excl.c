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
 * The guard is state, not a big lock: rec->lock (a spinlock, never held
 * across a command) protects the owner and counts the commands in flight
 * for files. A file entering a command checks the owner and counts itself
 * in; a new owner is published first (so nobody else enters) and then
 * waits for the commands already in flight to end, so that a lock never
 * lands in the middle of another file's command. rec->excl_mutex orders
 * lock transitions among would-be owners; a file that does not own the
 * recorder never takes it, so its close never waits for the owner.
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

static void discburn_send_media_uevent(struct discburn_recorder *rec)
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

/* The uevent a burst of releases held back, sent at the end of the gap. */
void discburn_media_uevent_work(struct work_struct *work)
{
	struct discburn_recorder *rec =
		container_of(to_delayed_work(work), struct discburn_recorder, uevent_work);

	if (!discburn_detaching(rec)) {
		spin_lock(&rec->lock);
		rec->uevent_last = jiffies;
		spin_unlock(&rec->lock);
		discburn_send_media_uevent(rec);
	}
	discburn_recorder_put(rec);
}

/**
 * discburn_media_uevent() - tell user space (udev, udisks) to look at the
 *	medium again
 * @rec: the recorder
 *
 * Every such uevent makes udev probe the drive (cdrom_id sends commands),
 * so a loop of lock and unlock must not turn into a loop of probes: at
 * most one uevent goes out per DISCBURN_UEVENT_GAP, and one asked for
 * inside the gap is sent when it ends (several collapse into that one, the
 * last is never lost).
 */
void discburn_media_uevent(struct discburn_recorder *rec)
{
	unsigned long next, now = jiffies;
	bool send;

	spin_lock(&rec->lock);
	next = rec->uevent_last + DISCBURN_UEVENT_GAP;
	send = !time_before(now, next);
	if (send)
		rec->uevent_last = now;
	spin_unlock(&rec->lock);
	if (send) {
		discburn_send_media_uevent(rec);
		return;
	}
	kref_get(&rec->kref);
	if (!queue_delayed_work(discburn_wq, &rec->uevent_work, next - now))
		discburn_recorder_put(rec);
}

/* Forget the owner; the caller holds excl_mutex. */
static void discburn_excl_clear(struct discburn_recorder *rec)
{
	struct device *disk = rec->claimed_disk;
	struct pid *pid;

	lockdep_assert_held(&rec->excl_mutex);
	if (discburn_bdev_claimed(&rec->claim))
		discburn_release_bdev(&rec->claim);
	rec->claimed_disk = NULL;
	if (disk)
		put_device(disk);

	spin_lock(&rec->lock);
	rec->owner = NULL;
	pid = rec->owner_pid;
	rec->owner_pid = NULL;
	rec->owner_since = 0;
	memset(rec->owner_name, 0, sizeof(rec->owner_name));
	spin_unlock(&rec->lock);
	put_pid(pid);
	discburn_guard_released(rec);
}

/* After a release outside removal: events for listeners and desktops. */
static void discburn_excl_released(struct discburn_recorder *rec, bool media)
{
	discburn_netlink_notify(rec, DISCBURN_CMD_LOCK_CHANGE_NTF);
	if (!media || discburn_detaching(rec))
		return;
	discburn_media_uevent(rec);
	/* the notification follows once the current profile is read again */
	discburn_recorder_media_changed(rec, true);
}

static bool discburn_excl_drained(struct discburn_recorder *rec)
{
	bool drained;

	spin_lock(&rec->lock);
	drained = !rec->cmds || discburn_detaching(rec);
	spin_unlock(&rec->lock);
	return drained;
}

/**
 * discburn_excl_lock() - take the exclusive lock for an open file
 * @df: the open file
 * @name: client name (validated by the caller)
 * @flags: DISCBURN_LOCK_*
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_excl_lock(struct discburn_file *df, const u8 *name, u32 flags,
		       u32 *status)
{
	struct discburn_recorder *rec = df->rec;
	struct device *disk;
	int ret;

	ret = mutex_lock_killable(&rec->excl_mutex);
	if (ret)
		return ret;

	/* publish the owner: from now on no other file enters a command */
	spin_lock(&rec->lock);
	if (discburn_detaching(rec)) {
		*status = DISCBURN_E_DEVICE_NOT_CONNECTED;
		ret = -ENODEV;
	} else if (rec->owner) {
		*status = DISCBURN_E_RECORDER_LOCKED;
		ret = -EBUSY;
	} else {
		rec->owner = df;
		strscpy(rec->owner_name, name, sizeof(rec->owner_name));
		rec->owner_pid = get_pid(task_tgid(current));
		rec->owner_since = ktime_get_real_ns();
	}
	spin_unlock(&rec->lock);
	if (ret)
		goto out_unlock;
	discburn_guard_locked(rec);

	disk = discburn_recorder_disk(rec);
	if (disk) {
		ret = discburn_claim_bdev(&rec->claim, disk->devt, rec);
		if (ret == -EBUSY && (flags & DISCBURN_LOCK_IGNORE_VOLUME)) {
			/* mounted or held: lock anyway, srN stays as it is */
			put_device(disk);
			disk = NULL;
			ret = 0;
		} else if (ret) {
			put_device(disk);
			*status = ret == -EBUSY ? DISCBURN_E_RECORDER_MEDIA_BUSY :
				  DISCBURN_E_FAIL;
			goto err_clear;
		}
	}
	rec->claimed_disk = disk;

	/* commands other files started before the owner was published */
	ret = wait_event_killable(rec->wait, discburn_excl_drained(rec));
	if (ret)
		goto err_clear;
	if (discburn_detaching(rec)) {
		*status = DISCBURN_E_DEVICE_NOT_CONNECTED;
		ret = -ENODEV;
		goto err_clear;
	}
	mutex_unlock(&rec->excl_mutex);
	discburn_netlink_notify(rec, DISCBURN_CMD_LOCK_CHANGE_NTF);
	return 0;

err_clear:
	discburn_excl_clear(rec);
out_unlock:
	mutex_unlock(&rec->excl_mutex);
	return ret;
}

/**
 * discburn_excl_owned_by() - whether a file holds the lock
 * @df: the file
 *
 * Return: true if @df is the owner.
 */
bool discburn_excl_owned_by(struct discburn_file *df)
{
	return READ_ONCE(df->rec->owner) == df;
}

/**
 * discburn_excl_drop() - release the lock @df holds, if it holds it
 * @df: the file
 * @media_ntf: announce a media change (uevent and netlink) afterwards
 *
 * Return: 0 if the lock was released, -ENOENT if @df did not hold it.
 */
int discburn_excl_drop(struct discburn_file *df, bool media_ntf)
{
	struct discburn_recorder *rec = df->rec;

	if (!discburn_excl_owned_by(df))
		return -ENOENT;
	mutex_lock(&rec->excl_mutex);
	if (rec->owner != df) {
		/* removal took it meanwhile */
		mutex_unlock(&rec->excl_mutex);
		return -ENOENT;
	}
	discburn_excl_clear(rec);
	mutex_unlock(&rec->excl_mutex);
	discburn_excl_released(rec, media_ntf);
	return 0;
}

/**
 * discburn_excl_release_file() - drop the lock of a closing file
 * @df: the file being released, its session already ended
 *
 * A file that does not own the recorder returns at once.
 */
void discburn_excl_release_file(struct discburn_file *df)
{
	discburn_excl_drop(df, true);
}

/**
 * discburn_excl_detach() - drop the lock of a recorder being removed
 * @rec: the recorder, already marked detaching, its session ended
 */
void discburn_excl_detach(struct discburn_recorder *rec)
{
	bool released = false;

	mutex_lock(&rec->excl_mutex);
	if (rec->owner) {
		discburn_excl_clear(rec);
		released = true;
	}
	mutex_unlock(&rec->excl_mutex);
	if (released)
		discburn_netlink_notify(rec, DISCBURN_CMD_LOCK_CHANGE_NTF);
}

/**
 * discburn_excl_begin() - enter a command on behalf of a file
 * @df: the file
 * @status: out: RECORDER_LOCKED when another file owns the recorder
 *
 * Never sleeps. On success the caller must call discburn_excl_end().
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_excl_begin(struct discburn_file *df, u32 *status)
{
	struct discburn_recorder *rec = df->rec;
	int ret = 0;

	spin_lock(&rec->lock);
	if (discburn_detaching(rec)) {
		*status = DISCBURN_E_DEVICE_NOT_CONNECTED;
		ret = -ENODEV;
	} else if (rec->owner && rec->owner != df) {
		*status = DISCBURN_E_RECORDER_LOCKED;
		ret = -EBUSY;
	} else {
		rec->cmds++;
	}
	spin_unlock(&rec->lock);
	return ret;
}

/**
 * discburn_excl_end() - leave a command entered with discburn_excl_begin()
 * @df: the file
 */
void discburn_excl_end(struct discburn_file *df)
{
	struct discburn_recorder *rec = df->rec;
	bool idle;

	spin_lock(&rec->lock);
	idle = !--rec->cmds;
	spin_unlock(&rec->lock);
	if (idle)
		wake_up_all(&rec->wait);
}

/* ---- ioctls: lock, unlock, owner ---- */

static int discburn_check_lock(const void *arg)
{
	const struct discburn_lock *l = arg;

	return l->__reserved || (l->flags & ~DISCBURN_LOCK_IGNORE_VOLUME) ?
		-EINVAL : 0;
}

static int discburn_ioc_lock(struct discburn_file *df, void *arg)
{
	struct discburn_lock *l = arg;

	if (!discburn_client_name_valid(l->client_name, sizeof(l->client_name))) {
		l->status = DISCBURN_E_RECORDER_CLIENT_NAME_IS_NOT_VALID;
		return -EINVAL;
	}
	return discburn_excl_lock(df, l->client_name, l->flags, &l->status);
}

static int discburn_check_unlock(const void *arg)
{
	const struct discburn_unlock *u = arg;

	return u->__reserved ||
		(u->flags & ~DISCBURN_UNLOCK_NO_MEDIA_NOTIFICATIONS) ? -EINVAL : 0;
}

static int discburn_ioc_unlock(struct discburn_file *df, void *arg)
{
	struct discburn_unlock *u = arg;
	struct discburn_recorder *rec = df->rec;
	const struct discburn_file *owner = READ_ONCE(rec->owner);

	if (!owner) {
		u->status = DISCBURN_E_FAIL;
		return -EINVAL;
	}
	if (owner != df) {
		u->status = DISCBURN_E_ACCESS_DENIED;
		return -EPERM;
	}
	if (discburn_file_busy(df)) {
		/* the file's session holds the drive: finish or cancel it first */
		u->status = DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS;
		return -EBUSY;
	}
	if (discburn_excl_drop(df, !(u->flags & DISCBURN_UNLOCK_NO_MEDIA_NOTIFICATIONS))) {
		u->status = DISCBURN_E_DEVICE_NOT_CONNECTED;
		return -ENODEV;
	}
	return 0;
}

static int discburn_check_owner(const void *arg)
{
	const struct discburn_owner *o = arg;

	return o->__reserved ? -EINVAL : 0;
}

static int discburn_ioc_get_owner(struct discburn_file *df, void *arg)
{
	struct discburn_recorder *rec = df->rec;
	struct discburn_owner *o = arg;

	spin_lock(&rec->lock);
	o->locked = !!rec->owner;
	o->mine = rec->owner == df;
	o->pid = rec->owner_pid ? pid_vnr(rec->owner_pid) : 0;
	o->since_ns = rec->owner_since;
	memcpy(o->client_name, rec->owner_name, sizeof(o->client_name));
	spin_unlock(&rec->lock);
	return 0;
}

static const struct discburn_ioctl_op discburn_excl_ops[] = {
	{
		.cmd = DISCBURN_IOC_LOCK,
		.size = sizeof(struct discburn_lock),
		DISCBURN_MIN_SIZE(struct discburn_lock, client_name),
		DISCBURN_IN_END(struct discburn_lock, client_name),
		.write = true,
		.check = discburn_check_lock,
		.fn = discburn_ioc_lock,
	},
	{
		.cmd = DISCBURN_IOC_UNLOCK,
		.size = sizeof(struct discburn_unlock),
		DISCBURN_MIN_SIZE(struct discburn_unlock, __reserved),
		DISCBURN_IN_END(struct discburn_unlock, __reserved),
		.write = true,
		.check = discburn_check_unlock,
		.fn = discburn_ioc_unlock,
	},
	{
		.cmd = DISCBURN_IOC_GET_OWNER,
		.size = sizeof(struct discburn_owner),
		DISCBURN_MIN_SIZE(struct discburn_owner, client_name),
		DISCBURN_IN_END(struct discburn_owner, status),
		.check = discburn_check_owner,
		.fn = discburn_ioc_get_owner,
	},
};

const struct discburn_ioctl_table discburn_excl_ioctls = {
	.ops = discburn_excl_ops,
	.n = ARRAY_SIZE(discburn_excl_ops),
};
