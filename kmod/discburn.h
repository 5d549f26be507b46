/* SPDX-License-Identifier: GPL-2.0 */
/*
 * discburn.ko private structures and cross-file prototypes.
 */
#ifndef _DISCBURN_H
#define _DISCBURN_H

#include <linux/cdev.h>
#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_device.h>
#include <linux/discburn.h>

#include "compat.h"

#define DISCBURN_MAX_RECORDERS	256

/* recorder->flags bits */
enum {
	DISCBURN_DETACHING,	/* removal started: every entry point answers ENODEV */
};

/**
 * struct discburn_recorder - one optical recorder (a ROM/WORM scsi_device)
 * @kref: one reference for the attachment, one per open file
 * @sdev: the scsi_device; its generic device is pinned by a reference
 * @dev: the class device /sys/class/discburn/discburnN
 * @cdev: the character device /dev/discburnN
 * @index: N
 * @flags: DISCBURN_DETACHING
 * @wait: woken on detach so that sleepers can leave with ENODEV
 * @vendor: INQUIRY vendor, trimmed, cached at attach
 * @model: INQUIRY product, trimmed
 * @revision: INQUIRY revision, trimmed
 * @excl_sem: held for reading by every command sent on behalf of a file,
 *	for writing while the lock is taken or released
 * @owner_lock: protects @owner, @owner_name, @owner_pid, @owner_since
 *	and @current_profile for readers that must not sleep on @excl_sem
 * @owner: the open file holding the exclusive lock, NULL if none; only
 *	compared, never dereferenced
 * @owner_name: client name of the owner
 * @owner_pid: thread group of the process that took the lock
 * @owner_since: CLOCK_REALTIME ns when the lock was taken
 * @claim: exclusive claim of srN while locked
 * @claimed_disk: srN's device while @claim is held (referenced)
 * @current_profile: last current profile seen from GET CONFIGURATION
 */
struct discburn_recorder {
	struct kref kref;
	struct scsi_device *sdev;
	struct device *dev;
	struct cdev *cdev;
	int index;
	unsigned long flags;
	wait_queue_head_t wait;
	char vendor[9];
	char model[17];
	char revision[5];
	struct rw_semaphore excl_sem;
	spinlock_t owner_lock;	/* owner fields, current_profile readers */
	const void *owner;
	char owner_name[DISCBURN_CLIENT_NAME_LEN];
	struct pid *owner_pid;
	u64 owner_since;
	struct discburn_bdev_claim claim;
	struct device *claimed_disk;
	u32 current_profile;
};

/* Command timeout classes (cmd.c) */
enum discburn_tmo {
	DISCBURN_TMO_QUICK,	/* identity, configuration, mode sense, info */
	DISCBURN_TMO_MEDIA,	/* TOC, disc/track info, tray movement */
	DISCBURN_TMO_WRITE,	/* WRITE(10) with a full drive buffer */
	DISCBURN_TMO_LONG,	/* synchronize cache, close, blank, format */
};

/**
 * struct discburn_cmd - one MMC command and its outcome
 * @cdb: command descriptor block
 * @cdb_len: bytes of @cdb used (6..16)
 * @write: data goes to the device
 * @buf: kernel buffer (not on the stack), or NULL
 * @len: bytes in @buf
 * @tmo: timeout class
 * @done: async completion callback; called in completion context
 * @private: for @done
 * @result: out: SCSI result (host byte, status byte)
 * @resid: out: bytes not transferred
 * @sense: out: sense data
 * @sense_len: out: valid bytes of @sense
 * @sshdr: out: decoded sense, valid when @sshdr_valid
 * @sshdr_valid: out: @sshdr holds a decoded sense
 * @status: out: discburn status (0 on success)
 * @error: out: 0 or a negated errno value
 * @compl: internal, for synchronous execution
 */
struct discburn_cmd {
	u8 cdb[16];
	unsigned int cdb_len;
	bool write;
	void *buf;
	unsigned int len;
	enum discburn_tmo tmo;
	void (*done)(struct discburn_cmd *cmd);
	void *private;
	int result;
	unsigned int resid;
	u8 sense[SCSI_SENSE_BUFFERSIZE];
	unsigned int sense_len;
	struct scsi_sense_hdr sshdr;
	bool sshdr_valid;
	u32 status;
	int error;
	struct completion compl;
};

/**
 * struct discburn_file - state of one open file of /dev/discburnN
 * @rec: the recorder, referenced for as long as the file is open
 * @writable: opened for writing: may lock, unlock and move the tray
 */
struct discburn_file {
	struct discburn_recorder *rec;
	bool writable;
};

static inline bool discburn_detaching(const struct discburn_recorder *rec)
{
	return test_bit(DISCBURN_DETACHING, &rec->flags);
}

/* recorder.c */
int discburn_recorder_init(void);
void discburn_recorder_exit(void);
struct discburn_recorder *discburn_recorder_get(int index);
struct discburn_recorder *discburn_recorder_get_next(int *index);
void discburn_recorder_put(struct discburn_recorder *rec);
struct device *discburn_recorder_disk(struct discburn_recorder *rec);
enum discburn_recorder_state discburn_recorder_state(struct discburn_recorder *rec);

/* sense.c */
int discburn_sense_to_status(const struct scsi_sense_hdr *sshdr, u32 *status);
int discburn_result_to_status(struct discburn_cmd *cmd);

/* cmd.c */
void discburn_cmd_init(struct discburn_cmd *cmd, const u8 *cdb,
		       unsigned int cdb_len, void *buf, unsigned int len,
		       bool write, enum discburn_tmo tmo);
int discburn_cmd_submit(struct discburn_recorder *rec, struct discburn_cmd *cmd);
int discburn_cmd_exec(struct discburn_recorder *rec, struct discburn_cmd *cmd);

/* mmc.c */
int discburn_mmc_profiles(struct discburn_recorder *rec,
			  struct discburn_profiles *p, u32 *status);
int discburn_mmc_features(struct discburn_recorder *rec,
			  struct discburn_features *f, u32 *status);
int discburn_mmc_mode_pages(struct discburn_recorder *rec,
			    struct discburn_mode_pages *m, u32 *status);
int discburn_mmc_capabilities(struct discburn_recorder *rec,
			      struct discburn_capabilities *c, u32 *status);
int discburn_mmc_write_speeds(struct discburn_recorder *rec,
			      struct discburn_write_speeds *w, u32 *status);
int discburn_mmc_media_info(struct discburn_recorder *rec,
			    struct discburn_media_info *mi, u32 *status);
int discburn_mmc_eject(struct discburn_recorder *rec, bool load, u32 *status);

/* excl.c */
int discburn_excl_lock(struct discburn_file *df, const struct discburn_lock *req,
		       u32 *status);
int discburn_excl_unlock(struct discburn_file *df, u32 flags, u32 *status);
void discburn_excl_query(struct discburn_file *df, struct discburn_owner *o);
void discburn_excl_release_file(struct discburn_file *df);
void discburn_excl_detach(struct discburn_recorder *rec);
int discburn_excl_begin(struct discburn_file *df, u32 *status);
void discburn_excl_end(struct discburn_file *df);
bool discburn_client_name_valid(const u8 *name, size_t len);

/* netlink.c */
int discburn_netlink_init(void);
void discburn_netlink_exit(void);
void discburn_netlink_notify(struct discburn_recorder *rec, u8 cmd);

/* chardev.c */
int discburn_chardev_init(void);
void discburn_chardev_exit(void);
int discburn_chardev_add(struct discburn_recorder *rec);
void discburn_chardev_del(struct discburn_recorder *rec);
dev_t discburn_devt(int index);

/* ioctl.c */
long discburn_ioctl(struct discburn_file *df, unsigned int cmd,
		    unsigned long arg);

#endif /* _DISCBURN_H */
