/* SPDX-License-Identifier: GPL-2.0 */
/*
 * discburn.ko private structures and cross-file prototypes.
 */
#ifndef _DISCBURN_H
#define _DISCBURN_H

#include <linux/cdev.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <scsi/scsi_device.h>
#include <linux/discburn.h>

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
};

/**
 * struct discburn_file - state of one open file of /dev/discburnN
 * @rec: the recorder, referenced for as long as the file is open
 */
struct discburn_file {
	struct discburn_recorder *rec;
};

static inline bool discburn_detaching(const struct discburn_recorder *rec)
{
	return test_bit(DISCBURN_DETACHING, &rec->flags);
}

/* recorder.c */
int discburn_recorder_init(void);
void discburn_recorder_exit(void);
struct discburn_recorder *discburn_recorder_get(int index);
void discburn_recorder_put(struct discburn_recorder *rec);

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
