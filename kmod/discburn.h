/* SPDX-License-Identifier: GPL-2.0 */
/*
 * discburn.ko private structures and cross-file prototypes.
 *
 * Three objects, each reference counted (DESIGN.md "Lifetime of long
 * operations"): the recorder (one per scsi_device), the file (one per open
 * of /dev/discburnN) and the session (one burn or erase). A session
 * belongs to the file that began it and holds, by reference, the file and
 * the recorder; its commands in flight are counted in the session, which
 * cannot end while any is.
 *
 * Locks, outermost first; none is held across a SCSI command or a sleep
 * unless it says so:
 *  - discburn_file.lock (mutex): one session call of a file at a time;
 *    held while FINISH waits for its session.
 *  - discburn_recorder.excl_mutex: lock transitions (lock, unlock,
 *    release, detach). Held across the srN claim and the drain of other
 *    files' commands; taken only by the owner or a would-be owner.
 *  - discburn_session.write_mutex: one writer of the stream at a time.
 *  - discburn_recorder.lock (spinlock): owner fields, session pointers,
 *    the count of commands in flight for files, the profile cache.
 *  - discburn_session.lock (spinlock, irqsave: taken in completions):
 *    the ring pointers, state, counters.
 */
#ifndef _DISCBURN_H
#define _DISCBURN_H

#include <linux/cdev.h>
#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_device.h>
#include <linux/discburn.h>

#include "compat.h"

#define DISCBURN_MAX_RECORDERS	256
#define DISCBURN_SECTOR		2048

struct discburn_file;
struct discburn_session;
struct iov_iter;
struct kiocb;
struct sk_buff;

/* recorder->flags bits */
enum {
	DISCBURN_DETACHING,	/* removal started: every entry point answers ENODEV */
};

/**
 * struct discburn_recorder - one optical recorder (a ROM/WORM scsi_device)
 * @kref: one reference for the attachment, one per open file, one per
 *	session and per queued refresh
 * @sdev: the scsi_device; its generic device is pinned by a reference
 * @dev: the class device /sys/class/discburn/discburnN
 * @cdev: the character device /dev/discburnN
 * @index: N
 * @flags: DISCBURN_DETACHING
 * @wait: woken on detach and when @cmds drops to zero
 * @vendor: INQUIRY vendor, sanitised and trimmed, cached at attach
 * @model: INQUIRY product, sanitised and trimmed
 * @revision: INQUIRY revision, sanitised and trimmed
 * @excl_mutex: serialises lock transitions
 * @lock: protects everything below it
 * @owner: the open file holding the exclusive lock, NULL if none; never
 *	dereferenced through this pointer
 * @owner_name: client name of the owner
 * @owner_pid: thread group of the process that took the lock
 * @owner_since: CLOCK_REALTIME ns when the lock was taken
 * @cmds: commands in flight on behalf of files (ioctls that touch the
 *	drive); a new owner waits for the others' to end
 * @session: the recorder's current session, or its last one (for
 *	progress queries), referenced; NULL if none ever began
 * @profiles: cache of the profile list (GET CONFIGURATION), for sysfs
 * @profiles_valid: @profiles holds an answer of the drive
 * @current_profile: last current profile seen, 0 for no medium
 * @refresh: refreshes the cache and announces a media change
 * @refresh_ntf: the refresh sends a media-change notification
 * @uevent_work: sends a media-change uevent held back by the rate limit
 * @uevent_last: jiffies of the last media-change uevent
 * @claim: exclusive claim of srN while locked (under @excl_mutex)
 * @claimed_disk: srN's device while @claim is held (referenced)
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
	struct mutex excl_mutex;	/* lock transitions */
	spinlock_t lock;		/* owner, cmds, session, caches */
	const struct discburn_file *owner;
	char owner_name[DISCBURN_CLIENT_NAME_LEN];
	struct pid *owner_pid;
	u64 owner_since;
	unsigned int cmds;
	struct discburn_session *session;
	struct discburn_profiles profiles;
	bool profiles_valid;
	u32 current_profile;
	struct work_struct refresh;
	bool refresh_ntf;
	struct delayed_work uevent_work;
	unsigned long uevent_last;
	struct discburn_bdev_claim claim;
	struct device *claimed_disk;
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
 * @buf: kernel buffer (kmalloc'ed or vmalloc'ed, never on the stack), or
 *	NULL
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
 * @kref: one reference for the open file, one per session of it
 * @rec: the recorder, referenced
 * @writable: opened for writing: may lock, unlock, move the tray, burn
 * @closed: release has begun: a session ending now drops the lock too
 * @lock: one session call (begin, finish, erase, client name) at a time
 * @client_name: name the file's sessions take the lock under ("" if unset)
 * @session: the file's session until its result is collected, referenced;
 *	under @rec->lock
 * @beginning: the session DATA_BEGIN is preparing, so that a cancel reaches
 *	it; not referenced (the beginning call holds it); under @rec->lock
 */
struct discburn_file {
	struct kref kref;
	struct discburn_recorder *rec;
	bool writable;
	bool closed;
	struct mutex lock;	/* session calls */
	char client_name[DISCBURN_CLIENT_NAME_LEN];
	struct discburn_session *session;
	struct discburn_session *beginning;
};

/* mmc_write.c: how the data format writes a medium */
enum discburn_medium_class {
	DISCBURN_CLASS_NONE,		/* not writable by the data format */
	DISCBURN_CLASS_CD,		/* CD-R, CD-RW: track at once */
	DISCBURN_CLASS_DVDR,		/* DVD-R, DVD-RW sequential: incremental */
	DISCBURN_CLASS_DVDPLUSR,	/* DVD+R, DVD+R DL */
	DISCBURN_CLASS_BDR,		/* BD-R: sequential recording */
	DISCBURN_CLASS_OVERWRITE,	/* DVD+RW, BD-RE, DVD-RAM: random */
};

#define DISCBURN_WRITE_DEPTH	4	/* WRITEs kept in flight */

/**
 * struct discburn_wcmd - one WRITE of the stream in flight
 * @cmd: the command
 * @sess: its session
 * @off: stream offset of its first byte
 * @len: bytes
 * @busy: submitted and not yet completed
 * @ok: completed successfully, not yet counted into the session's @done
 */
struct discburn_wcmd {
	struct discburn_cmd cmd;
	struct discburn_session *sess;
	u64 off;
	u32 len;
	bool busy;
	bool ok;
};

/* Sessions that may drain one stream at once (a duplication) */
#define DISCBURN_MAX_MEMBERS	16

/**
 * struct discburn_ring - the stream of a burn, or of a duplication
 * @kref: one reference per session that drains it
 * @lock: protects everything below and the member list (irqsave:
 *	completions walk it to wake pollers)
 * @write_mutex: one writer of the stream at a time
 * @wait: writers waiting for room; every member's completion wakes it
 * @buf: the bytes (vmalloc'ed, charged to the memory cgroup of the
 *	process that began the burn)
 * @size: bytes, a whole number of every member's WRITE unit
 * @head: stream bytes copied in so far
 * @eos: the stream has ended (SESSION_FINISH)
 * @skip: raw: stream bytes still to skip before the lead-in start
 * @skipped: raw: stream bytes skipped
 * @members: the sessions that drain it (&discburn_session.ring_node)
 * @nmembers: how many
 * @crc: verification: per-sector crc32 of the stream, in pages
 * @crc_pages: entries of @crc (0 when no member verifies)
 * @crc_next: stream offset of the next sector to checksum (write_mutex)
 *
 * Room in the ring is what the slowest member still running has not
 * written; a member that fails or is cancelled drops out and no longer
 * holds the others back.
 */
struct discburn_ring {
	struct kref kref;
	spinlock_t lock;		/* head, eos, members */
	struct mutex write_mutex;	/* stream writers */
	wait_queue_head_t wait;
	u8 *buf;
	size_t size;
	u64 head;
	bool eos;
	u64 skip;
	u64 skipped;
	struct list_head members;
	unsigned int nmembers;
	u32 **crc;
	unsigned int crc_pages;
	u64 crc_next;
};

/* What the session's work does next */
enum discburn_step {
	DISCBURN_STEP_STREAM,	/* keep WRITEs queued from the ring */
	DISCBURN_STEP_ERASE,	/* blank or format, then maybe a zero stream */
	DISCBURN_STEP_END,	/* close, verify, tear down */
	DISCBURN_STEP_DONE,
};

/**
 * struct discburn_session - one burn or erase (DESIGN.md "Streaming core")
 * @kref: the file's reference and the recorder's (current or last session)
 * @rec: the recorder, referenced
 * @df: the file that began it, referenced until the session has ended and
 *	the file let go of it; NULL after
 * @format: DISCBURN_FORMAT_*
 * @flags: DISCBURN_DATA_* options
 * @verify: DISCBURN_VERIFY_* level
 * @erase_full: erase: FullErase
 * @cls: the medium's class
 * @profile: the medium's MMC profile
 * @track: number of the track being written, for CLOSE TRACK
 * @start_lba: LBA of the first sector sent to the drive
 * @origin_lba: LBA the stream's first sector stands for (raw: before the
 *	lead-in start, when the kernel skips the front of the stream)
 * @sector_size: bytes per sector of the stream
 * @chunk: bytes per WRITE (whole sectors of the medium's unit)
 * @pad_sectors: the stream is padded to a multiple of this
 * @min_sectors: and to at least this many sectors
 * @postgap: zero sectors appended after the padding
 * @max_bytes: the stream may not exceed this (free space)
 * @st_not_supported: the format's status for a stream not in whole sectors
 * @st_too_large: the format's status for a stream that does not fit
 * @sector_type: raw: DISCBURN_RAW_SUBCODE_*
 * @leadin_start: raw: StartOfNextSession, the lead-in's first LBA
 * @last_leadout: raw: LastPossibleStartOfLeadout
 * @declared: the stream's size as the caller declared it, 0 if unknown
 * @total_sectors: the medium's capacity, for verification's bounds
 * @took_lock: the session took the exclusive lock (and drops it)
 * @door_locked: PREVENT MEDIUM REMOVAL is in force
 * @adjusted: S_*ADJUSTED answered at begin, kept as the success status
 * @owner_pid: tgid of the process that began it
 * @ring: the stream it drains, referenced; NULL for an erase, whose
 *	passes are zeros only
 * @ring_node: in the ring's members
 * @wait: finishers waiting for the end
 * @work: the writer and the session's later steps (never runs twice at once)
 * @tick: progress notification and drive buffer poll every 500 ms
 * @free_work: frees the session after its last reference
 * @lock: protects the fields below
 * @step: DISCBURN_STEP_*
 * @state: DISCBURN_SESSION_*
 * @action: current action (uapi DISCBURN_*ACTION_*)
 * @result: the session's status once it fails or ends
 * @sense: packed sense of the failure
 * @failed_lba: LBA of the failure, -1 if none
 * @stopping: cancelled, failed or detached: no more WRITEs; a member of a
 *	duplication drops out
 * @ending: the end step runs: nothing stops the session any more
 * @padded: the stream has ended and @end is known
 * @end: bytes this session writes: the stream, then zeros to the medium's
 *	unit, shortest track and post-gap
 * @submit: stream offset of the next WRITE
 * @done: bytes written (contiguous from 0)
 * @result_pending: raw: a write ended and SESSION_FINISH has not taken
 *	its result yet
 * @ended: everything the end does is done (lock, door, events): waiters
 *	for the end may return; for raw, also while prepared
 * @inflight: commands in flight (WRITEs and the buffer poll)
 * @replay: a WRITE met LONG WRITE IN PROGRESS: resend from @replay_from
 * @replay_from: stream offset to resend from
 * @replay_at: jiffies before which nothing is resent
 * @probing: resending: one WRITE in flight until the drive takes one
 * @busy_retries: WRITEs resent
 * @stalled_since: jiffies of the last WRITE that made progress
 * @writes: WRITEs completed
 * @bytes_written: bytes the drive accepted
 * @last_written: last LBA the drive accepted, @start_lba - 1 before any
 * @seq: bumped at every state or action change
 * @t0: when the session began
 * @t_end: when it ended (0 while running)
 * @drive_buf_total: READ BUFFER CAPACITY: buffer size
 * @drive_buf_free: READ BUFFER CAPACITY: free bytes
 * @speed_kbps: write speed in use
 * @erase_fraction: erase: the drive's progress, 0..65536
 * @ntf_seq: @seq of the last progress notification
 * @ntf_at: jiffies of the last progress notification
 * @w: the WRITE slots
 * @rbc: READ BUFFER CAPACITY command
 * @rbc_buf: its 12-byte reply
 * @rbc_busy: @rbc is in flight
 */
struct discburn_session {
	struct kref kref;
	struct discburn_recorder *rec;
	struct discburn_file *df;
	u32 format;
	u32 flags;
	u32 verify;
	bool erase_full;
	enum discburn_medium_class cls;
	u16 profile;
	u16 track;
	s32 start_lba;
	s32 origin_lba;
	u32 sector_size;
	u32 chunk;
	u32 pad_sectors;
	u32 min_sectors;
	u32 postgap;
	u64 max_bytes;
	u32 st_not_supported;
	u32 st_too_large;
	u32 sector_type;
	s32 leadin_start;
	s32 last_leadout;
	u64 declared;
	u32 total_sectors;
	bool took_lock;
	bool door_locked;
	u32 adjusted;
	pid_t owner_pid;
	struct discburn_ring *ring;
	struct list_head ring_node;
	wait_queue_head_t wait;
	struct delayed_work work;
	struct delayed_work tick;
	struct work_struct free_work;

	spinlock_t lock;		/* everything below; taken in completions */
	enum discburn_step step;
	u32 state;
	u32 action;
	u32 result;
	u32 sense;
	s32 failed_lba;
	bool stopping;
	bool ending;
	bool padded;
	u64 end;
	u64 submit;
	u64 done;
	bool result_pending;
	bool ended;
	unsigned int inflight;
	bool replay;
	u64 replay_from;
	unsigned long replay_at;
	bool probing;
	u32 busy_retries;
	unsigned long stalled_since;
	u64 writes;
	u64 bytes_written;
	s32 last_written;
	u32 seq;
	ktime_t t0;
	ktime_t t_end;
	u32 drive_buf_total;
	u32 drive_buf_free;
	u32 speed_kbps;
	u32 erase_fraction;
	u32 ntf_seq;
	unsigned long ntf_at;
	struct discburn_wcmd w[DISCBURN_WRITE_DEPTH];
	struct discburn_cmd rbc;
	u8 *rbc_buf;
	bool rbc_busy;
};

/* Every ioctl struct starts with these two fields. */
struct discburn_ioctl_hdr {
	__u32 size;
	__u32 status;
};

/**
 * struct discburn_ioctl_op - one ioctl, as its subject declares it
 * @cmd: ioctl number
 * @min_size: size of the struct's first version
 * @size: size of the struct as the kernel knows it
 * @in_end: end of the input fields; bytes after them are cleared before
 *	@fn runs, so nothing user space passed in an out-field comes back
 * @drive: the call sends commands for this file: refused while another
 *	file owns the recorder, and counted so that a new owner waits for it
 * @write: only for files opened for writing, as IOCTL_CDROM_EXCLUSIVE_ACCESS
 *	requires for its lock
 * @check: validates input (reserved fields, flags), or NULL
 * @fn: the handler; sets the status field, returns 0 or a negated errno
 */
struct discburn_ioctl_op {
	unsigned int cmd;
	unsigned int min_size;
	unsigned int size;
	unsigned int in_end;
	bool drive;
	bool write;
	int (*check)(const void *arg);
	int (*fn)(struct discburn_file *df, void *arg);
};

/* Each argument used once, so that a table row reads as one line per field */
#define DISCBURN_MIN_SIZE(_struct, _last)	.min_size = offsetofend(_struct, _last)
#define DISCBURN_IN_END(_struct, _in_last)	.in_end = offsetofend(_struct, _in_last)

struct discburn_ioctl_table {
	const struct discburn_ioctl_op *ops;
	unsigned int n;
};

static inline bool discburn_detaching(const struct discburn_recorder *rec)
{
	return test_bit(DISCBURN_DETACHING, &rec->flags);
}

static inline u32 *discburn_ioctl_status(void *arg)
{
	return &((struct discburn_ioctl_hdr *)arg)->status;
}

/* recorder.c */
int discburn_recorder_init(void);
void discburn_recorder_exit(void);
struct discburn_recorder *discburn_recorder_get(int index);
struct discburn_recorder *discburn_recorder_get_next(int *index);
void discburn_recorder_put(struct discburn_recorder *rec);
struct device *discburn_recorder_disk(struct discburn_recorder *rec);
enum discburn_recorder_state discburn_recorder_state(struct discburn_recorder *rec);
void discburn_recorder_disc_written(struct discburn_recorder *rec);
void discburn_recorder_media_changed(struct discburn_recorder *rec, bool notify);
void discburn_recorder_cache_profiles(struct discburn_recorder *rec,
				      const struct discburn_profiles *p);

/* sense.c */
int discburn_sense_to_status(const struct scsi_sense_hdr *sshdr, u32 *status);
int discburn_result_to_status(struct discburn_cmd *cmd);
u32 discburn_sense_code(const struct discburn_cmd *cmd);
bool discburn_sense_info(const struct discburn_cmd *cmd, s32 *info);

/* cmd.c: transport only */
void discburn_cmd_init(struct discburn_cmd *cmd, const u8 *cdb,
		       unsigned int cdb_len, void *buf, unsigned int len,
		       bool write, enum discburn_tmo tmo);
int discburn_cmd_submit(struct discburn_recorder *rec, struct discburn_cmd *cmd);
int discburn_cmd_exec(struct discburn_recorder *rec, struct discburn_cmd *cmd);
unsigned int discburn_cmd_max_transfer(struct discburn_recorder *rec);

/* mmc.c: commands that describe the drive and its medium */
int discburn_mmc_exec(struct discburn_recorder *rec, struct discburn_cmd *cmd);
int discburn_mmc_simple(struct discburn_recorder *rec, const u8 *cdb,
			unsigned int cdb_len, void *buf, unsigned int len,
			bool write, enum discburn_tmo tmo, u32 *status);
int discburn_mmc_profiles(struct discburn_recorder *rec,
			  struct discburn_profiles *p, u32 *status);
int discburn_mmc_features(struct discburn_recorder *rec,
			  struct discburn_features *f, u32 *status);
int discburn_mmc_walk_features(struct discburn_recorder *rec, u32 *status,
			       void (*fn)(u16 code, u8 flags, const u8 *data,
					  unsigned int len, void *ctx),
			       void *ctx);
int discburn_mmc_mode_pages(struct discburn_recorder *rec,
			    struct discburn_mode_pages *m, u32 *status);
int discburn_mmc_mode_page(struct discburn_recorder *rec, u8 page, u8 *buf,
			   unsigned int len, u8 **pg, unsigned int *pglen,
			   unsigned int *hdr_end, u32 *status);
int discburn_mmc_capabilities(struct discburn_recorder *rec,
			      struct discburn_capabilities *c, u32 *status);
int discburn_mmc_write_speeds(struct discburn_recorder *rec,
			      struct discburn_write_speeds *w, u32 *status);
int discburn_mmc_media_info(struct discburn_recorder *rec,
			    struct discburn_media_info *mi, u32 *status);
int discburn_mmc_eject(struct discburn_recorder *rec, bool load, u32 *status);
u32 discburn_mmc_physical_type(u16 profile);

/* mmc_write.c: per-medium preparation, closing, blanking, formatting */
enum discburn_medium_class discburn_mmc_class(u16 profile);
int discburn_mmc_wait_ready(struct discburn_recorder *rec, unsigned int secs,
			    bool (*stop)(void *ctx), void *ctx,
			    void (*progress)(void *ctx, u32 fraction), u32 *status);
int discburn_mmc_prevent(struct discburn_recorder *rec, bool prevent, u32 *status);
int discburn_mmc_write_params(struct discburn_recorder *rec,
			      enum discburn_medium_class cls, bool test_write,
			      bool bufe, bool last_session, u32 *status);
int discburn_mmc_raw_params(struct discburn_recorder *rec, u8 block_type,
			    bool bufe, u32 *status);
int discburn_mmc_set_speed(struct discburn_recorder *rec,
			   enum discburn_medium_class cls, u32 sectors_per_s,
			   bool pure_cav, u32 end_lba, u32 *current_kbps,
			   u32 *status);
int discburn_mmc_send_opc(struct discburn_recorder *rec);
int discburn_mmc_format(struct discburn_recorder *rec, u8 type, u8 subtype,
			u32 blocks, u32 *status);
int discburn_mmc_blank(struct discburn_recorder *rec, bool full, u32 *status);
int discburn_mmc_sync_cache(struct discburn_recorder *rec, bool immed,
			    u32 *status);
int discburn_mmc_close(struct discburn_recorder *rec, u8 fn, u16 track,
		       u32 *status);
int discburn_mmc_read(struct discburn_recorder *rec, s32 lba, u32 nblocks,
		      void *buf, u32 *status);
int discburn_mmc_last_track(struct discburn_recorder *rec, u16 *track,
			    u32 *status);

/* excl.c */
extern const struct discburn_ioctl_table discburn_excl_ioctls;
int discburn_excl_lock(struct discburn_file *df, const u8 *name, u32 flags,
		       u32 *status);
int discburn_excl_drop(struct discburn_file *df, bool media_ntf);
void discburn_excl_release_file(struct discburn_file *df);
void discburn_excl_detach(struct discburn_recorder *rec);
int discburn_excl_begin(struct discburn_file *df, u32 *status);
void discburn_excl_end(struct discburn_file *df);
bool discburn_excl_owned_by(struct discburn_file *df);
bool discburn_client_name_valid(const u8 *name, size_t len);
/* media-change uevents of one recorder are at least this far apart */
#define DISCBURN_UEVENT_GAP	HZ
void discburn_media_uevent(struct discburn_recorder *rec);
void discburn_media_uevent_work(struct work_struct *work);

/* guard.c: what the BPF LSM guard is told (tools/guard/) */
void discburn_guard_locked(struct discburn_recorder *rec);
void discburn_guard_released(struct discburn_recorder *rec);

/* drive.c: identity, capabilities, media and format-support ioctls */
extern const struct discburn_ioctl_table discburn_drive_ioctls;
int discburn_drive_format_support(struct discburn_recorder *rec, u32 format,
				  struct discburn_format_support *fs,
				  u32 *status);

/* session.c */
extern const struct discburn_ioctl_table discburn_session_ioctls;
extern struct workqueue_struct *discburn_wq;
int discburn_session_init(void);
void discburn_session_exit(void);
void discburn_session_release_file(struct discburn_file *df);
void discburn_session_detach(struct discburn_recorder *rec);
struct discburn_session *discburn_session_get_current(struct discburn_recorder *rec);
struct discburn_session *discburn_file_session(struct discburn_file *df);
bool discburn_file_busy(struct discburn_file *df);
void discburn_session_put(struct discburn_session *sess);
bool discburn_session_writing(struct discburn_recorder *rec);
void discburn_session_set_action(struct discburn_session *sess, u32 action);
void discburn_session_fail(struct discburn_session *sess, u32 status, int err_lba,
			   u32 sense);
void discburn_session_end(struct discburn_session *sess);
void discburn_session_kick(struct discburn_session *sess, unsigned long delay);
struct discburn_session *discburn_session_new(struct discburn_file *df,
					      u32 format);
int discburn_session_publish(struct discburn_session *sess);
void discburn_session_attach(struct discburn_session *sess);
struct discburn_session *discburn_session_detach_file(struct discburn_file *df);
void discburn_session_forget_file(struct discburn_session *sess);
void discburn_session_abort(struct discburn_session *sess, u32 status);
int discburn_session_lock(struct discburn_file *df, bool *took, u32 *status);
u32 discburn_session_chunk(struct discburn_session *sess);
u32 discburn_session_adjusted(struct discburn_session *sess, u32 req,
			      bool cav, u32 cur_kbps);
int discburn_status_errno(u32 status);
void discburn_session_set_ended(struct discburn_session *sess);

/* raw.c */
extern const struct discburn_ioctl_table discburn_raw_ioctls;
void discburn_raw_release(struct discburn_session *sess);

/* stream.c */
extern const struct discburn_ioctl_table discburn_stream_ioctls;
int discburn_stream_init(void);
void discburn_stream_exit(void);
int discburn_stream_alloc(struct discburn_session *sess, u32 ring_kib, u64 skip);
void discburn_stream_leave(struct discburn_session *sess);
size_t discburn_stream_ring_size(struct discburn_session *sess);
ssize_t discburn_stream_write(struct discburn_file *df, struct kiocb *iocb,
			      struct iov_iter *from);
int discburn_stream_end(struct discburn_session *sess);
void discburn_stream_counts(struct discburn_session *sess, u64 *read,
			    u64 *in_ring);
__poll_t discburn_stream_poll(struct discburn_file *df, struct file *file,
			      poll_table *wait);
bool discburn_stream_step(struct discburn_session *sess);
void discburn_stream_poll_buffer(struct discburn_session *sess);
u32 discburn_stream_max_chunk(void);

/* progress.c */
extern const struct discburn_ioctl_table discburn_progress_ioctls;
void discburn_progress_snapshot(struct discburn_session *sess,
				struct discburn_progress *p);
int discburn_progress_fill_nl(struct sk_buff *skb, struct discburn_recorder *rec);
void discburn_progress_tick(struct work_struct *work);
void discburn_progress_notify(struct discburn_session *sess, bool force);

/* verify.c */
int discburn_verify_alloc(struct discburn_ring *ring, u64 max_bytes);
void discburn_verify_free(struct discburn_ring *ring);
int discburn_verify_record(struct discburn_ring *ring, u64 data_end);
int discburn_verify_run(struct discburn_session *sess, u32 *status,
			s32 *bad_lba);

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
void discburn_file_put(struct discburn_file *df);
struct discburn_file *discburn_file_of(struct file *file);

#endif /* _DISCBURN_H */
