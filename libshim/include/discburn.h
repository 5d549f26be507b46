/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libdiscburn: an IMAPI2-shaped C API over the discburn kernel driver.
 *
 * Conventions (see libdiscburn(3) / Documentation/library.rst):
 *  - Objects are opaque and reference counted. *_ref() returns its argument,
 *    *_unref() drops one reference, frees at zero and returns NULL; both
 *    accept NULL.
 *  - Constructors return an int and hand the object back through an
 *    out-parameter, which is left untouched on failure.
 *  - Every function that can fail returns a discburn status as an int:
 *      0          success (DISCBURN_S_OK)
 *      > 0        success with information (DISCBURN_S_*, e.g. 0x00AA0004)
 *      < 0        failure; the value is the IMAPI2 HRESULT itself: failure
 *                 HRESULTs have the top bit set, so as a 32-bit int they are
 *                 negative. (uint32_t)ret == DISCBURN_E_RECORDER_LOCKED etc.
 *    errno is never used as a side channel; POSIX failures below the driver
 *    are mapped to the COM values (ENOMEM -> E_OUTOFMEMORY, EINVAL ->
 *    E_INVALIDARG, EACCES -> E_ACCESS_DENIED, ENOENT/ENODEV ->
 *    E_DEVICE_NOT_CONNECTED ...). discburn_strerror() describes any status.
 *  - Every exported symbol is in libdiscburn.sym: version node DISCBURN_1,
 *    DISCBURN_2 (which inherits it) for what is marked "Since: 2",
 *    DISCBURN_3 (which inherits DISCBURN_2) for "Since: 3", and DISCBURN_4
 *    (which inherits DISCBURN_3) for "Since: 4".
 */
#ifndef _DISCBURN_H_
#define _DISCBURN_H_

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/discburn.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The status values DISCBURN_S_* / DISCBURN_E_* come from <linux/discburn.h>. */

/**
 * DISCBURN_STATUS - a status constant as the int the library returns
 * @s: a DISCBURN_E_* or DISCBURN_S_* constant
 *
 * Use it in comparisons: `if (ret == DISCBURN_STATUS(DISCBURN_E_RECORDER_LOCKED))`.
 */
#define DISCBURN_STATUS(s)	((int)(uint32_t)(s))

/** DISCBURN_FAILED - true for a failure status (the HRESULT severity bit) */
#define DISCBURN_FAILED(r)	((int)(r) < 0)

/** Longest client name, without its NUL (IOCTL_CDROM_EXCLUSIVE_ACCESS rule). */
#define DISCBURN_CLIENT_NAME_MAX	63

/*
 * ------------------------------------------------------------------------
 * Context: logging and library-wide state. Since: 1
 * ------------------------------------------------------------------------
 */
struct discburn_ctx;

/**
 * discburn_new - create a library context
 * @ctx: out: the new context, with one reference
 *
 * Logging goes to stderr at LOG_ERR; the DISCBURN_LOG environment variable
 * ("err", "info", "debug" or a syslog priority number) overrides the level.
 *
 * Returns: 0, or DISCBURN_E_OUTOFMEMORY / DISCBURN_E_POINTER.
 */
int discburn_new(struct discburn_ctx **ctx);
struct discburn_ctx *discburn_ref(struct discburn_ctx *ctx);
struct discburn_ctx *discburn_unref(struct discburn_ctx *ctx);

typedef void (*discburn_log_fn)(struct discburn_ctx *ctx, int priority,
				const char *file, int line, const char *fn,
				const char *format, va_list args);

/**
 * discburn_set_log_fn - route the library's messages
 * @ctx: the context
 * @log_fn: the function to call, or NULL to silence the library
 * @data: stored as the context's user data (discburn_get_userdata())
 */
void discburn_set_log_fn(struct discburn_ctx *ctx, discburn_log_fn log_fn,
			 void *data);
/** discburn_get_log_priority - the highest syslog priority that is logged */
int discburn_get_log_priority(struct discburn_ctx *ctx);
/** discburn_set_log_priority - log messages up to @priority (LOG_ERR..LOG_DEBUG) */
void discburn_set_log_priority(struct discburn_ctx *ctx, int priority);
void *discburn_get_userdata(struct discburn_ctx *ctx);
void discburn_set_userdata(struct discburn_ctx *ctx, void *data);

/**
 * discburn_strerror - describe a status
 * @status: a value returned by the library (or a uapi status as int)
 *
 * Returns: a static English sentence; never NULL. Unknown values get a
 * generic text that includes no number (print the number yourself).
 */
const char *discburn_strerror(int status);

/**
 * discburn_status_name - the symbolic name of a status
 * @status: a value returned by the library
 *
 * Returns: e.g. "E_IMAPI_RECORDER_LOCKED" or "S_OK"; NULL if unknown.
 */
const char *discburn_status_name(int status);

/*
 * ------------------------------------------------------------------------
 * Recorder (IDiscRecorder2). Since: 1
 * ------------------------------------------------------------------------
 */
struct discburn_recorder;

/**
 * discburn_recorder_enumerate - list the recorders present now
 * @ctx: the context
 * @indexes: out: malloc()ed array of N of every /dev/discburnN, ascending;
 *           free() it. NULL when @count is 0.
 * @count: out: number of entries
 *
 * A snapshot of /sys/class/discburn, like IDiscMaster2's enumerator.
 * No recorders (or the module not loaded) is success with @count 0.
 */
int discburn_recorder_enumerate(struct discburn_ctx *ctx, unsigned int **indexes,
				size_t *count);

/**
 * discburn_recorder_new - open a recorder
 * @ctx: the context
 * @device: "/dev/discburnN", "discburnN", "N", "srN" or "/dev/srN"
 * @rec: out: the recorder, with one reference
 *
 * Opens /dev/discburnN and reads its identity (which works even while
 * another program holds the exclusive lock, as InitializeDiscRecorder does).
 *
 * Returns: 0; DISCBURN_E_INVALIDARG for a malformed @device;
 * DISCBURN_E_DEVICE_NOT_CONNECTED if no such recorder; E_ACCESS_DENIED.
 */
int discburn_recorder_new(struct discburn_ctx *ctx, const char *device,
			  struct discburn_recorder **rec);
int discburn_recorder_new_from_index(struct discburn_ctx *ctx, unsigned int index,
				     struct discburn_recorder **rec);
struct discburn_recorder *discburn_recorder_ref(struct discburn_recorder *rec);
/** discburn_recorder_unref - drop a reference; the last one releases any exclusive access held and closes the device */
struct discburn_recorder *discburn_recorder_unref(struct discburn_recorder *rec);
struct discburn_ctx *discburn_recorder_get_ctx(struct discburn_recorder *rec);

/** discburn_recorder_get_index - N of /dev/discburnN (IMAPI LegacyDeviceNumber) */
unsigned int discburn_recorder_get_index(struct discburn_recorder *rec);
/** discburn_recorder_get_path - "/dev/discburnN" (IMAPI ActiveDiscRecorder) */
const char *discburn_recorder_get_path(struct discburn_recorder *rec);
/**
 * discburn_recorder_get_block_device - "srN", the block device of the same
 * drive, or NULL if sr is not bound to it. Read from sysfs at each call;
 * the string stays valid until the next call or the last unref.
 */
const char *discburn_recorder_get_block_device(struct discburn_recorder *rec);
/** INQUIRY strings, trimmed (IMAPI VendorId / ProductId / ProductRevision) */
const char *discburn_recorder_get_vendor_id(struct discburn_recorder *rec);
const char *discburn_recorder_get_product_id(struct discburn_recorder *rec);
const char *discburn_recorder_get_product_revision(struct discburn_recorder *rec);

/**
 * struct discburn_scsi_address - where the drive sits (IOCTL_SCSI_GET_ADDRESS)
 */
struct discburn_scsi_address {
	unsigned int type;	/* SCSI peripheral device type: 5 MMC, 4 WORM */
	unsigned int host;
	unsigned int channel;
	unsigned int id;
	unsigned int lun;
};
int discburn_recorder_get_scsi_address(struct discburn_recorder *rec,
				       struct discburn_scsi_address *addr);

/**
 * discburn_recorder_get_profiles - MMC profiles (IMAPI_PROFILE_TYPE values)
 * @rec: the recorder
 * @current_only: only the profile(s) of the inserted medium
 * @profiles: out: malloc()ed array; free() it (NULL if @count is 0)
 * @count: out: entries
 */
int discburn_recorder_get_profiles(struct discburn_recorder *rec, bool current_only,
				   uint16_t **profiles, size_t *count);
/** discburn_recorder_get_features - MMC feature codes (IMAPI_FEATURE_PAGE_TYPE) */
int discburn_recorder_get_features(struct discburn_recorder *rec, bool current_only,
				   uint16_t **features, size_t *count);
/**
 * discburn_recorder_get_current_profile - the medium's MMC profile
 * @profile: out: 0 when there is no medium
 */
int discburn_recorder_get_current_profile(struct discburn_recorder *rec,
					  uint16_t *profile);
/** discburn_profile_name - "CD-R", "DVD+RW", "BD-RE"...; NULL for unknown */
const char *discburn_profile_name(uint16_t profile);

/**
 * struct discburn_recorder_caps - what the drive can do (IMAPI2's
 * DeviceCanLoadMedia, SupportedWriteModes, GetMaximum*TransferSize...)
 * @size: set by the caller to sizeof(struct discburn_recorder_caps)
 * @flags: DISCBURN_CAP_* bits of the uapi header (LOAD_MEDIA, CD_TAO, BUFE...)
 * @max_transfer: largest transfer of one command, bytes
 * @alignment_mask: buffer alignment required, minus one
 * @buffer_size: drive buffer in bytes, 0 if unknown
 */
struct discburn_recorder_caps {
	uint32_t size;
	uint32_t flags;
	uint32_t max_transfer;
	uint32_t alignment_mask;
	uint32_t buffer_size;
};
int discburn_recorder_get_capabilities(struct discburn_recorder *rec,
				       struct discburn_recorder_caps *caps);

/**
 * discburn_recorder_get_write_speeds - SupportedWriteSpeeds for drive + medium
 * @kbps: out: malloc()ed array of speeds in kB/s (1000 bytes), fastest first;
 *        IMAPI's sectors per second is kbps * 1000 / 2048. free() it.
 * @count: out: entries
 */
int discburn_recorder_get_write_speeds(struct discburn_recorder *rec,
				       uint32_t **kbps, size_t *count);

/*
 * Media types (DISCBURN_MEDIA_*, IMAPI_MEDIA_PHYSICAL_TYPE), media state bits
 * (DISCBURN_MEDIA_STATE_*, IMAPI_FORMAT2_DATA_MEDIA_STATE) and write-protect
 * bits (DISCBURN_WP_*) are the uapi header's.
 */
/** discburn_media_type_name - "CD-R", "BD-RE"... for a DISCBURN_MEDIA_* value; NULL if unknown */
const char *discburn_media_type_name(unsigned int type);

/**
 * struct discburn_media_status - what IDiscFormat2Data/RawCD report about the disc
 * @size: set by the caller to sizeof(struct discburn_media_status)
 * @physical_type: IMAPI_MEDIA_PHYSICAL_TYPE (DISCBURN_MEDIA_*)
 * @media_state: IMAPI_FORMAT2_DATA_MEDIA_STATE bits
 * @write_protect: IMAPI_MEDIA_WRITE_PROTECT_STATE bits
 * @current_profile: MMC profile of the medium
 * @total_sectors: TotalSectorsOnMedia (2048-byte sectors)
 * @free_sectors: FreeSectorsOnMedia
 * @next_writable_address: NextWritableAddress
 * @start_of_previous_session: StartAddressOfPreviousSession, -1 if none
 * @last_written_of_previous_session: LastWrittenAddressOfPreviousSession, -1 if none
 * @start_of_next_session: RawCD StartOfNextSession (negative on blank CD)
 * @last_possible_start_of_leadout: RawCD LastPossibleStartOfLeadout, -1 if unknown
 * @sessions: number of sessions, the incomplete one included
 * @tracks: number of the last track
 * @disc_status: READ DISC INFORMATION disc status: 0 blank, 1 appendable,
 *	2 complete, 3 other
 *
 * Signed fields are sign-extended from the driver's 32-bit values.
 */
struct discburn_media_status {
	uint32_t size;
	uint32_t physical_type;
	uint32_t media_state;
	uint32_t write_protect;
	uint32_t current_profile;
	uint32_t reserved;
	int64_t total_sectors;
	int64_t free_sectors;
	int64_t next_writable_address;
	int64_t start_of_previous_session;
	int64_t last_written_of_previous_session;
	int64_t start_of_next_session;
	int64_t last_possible_start_of_leadout;
	uint32_t sessions;
	uint32_t tracks;
	uint32_t disc_status;
	uint32_t reserved2;
};

/**
 * discburn_recorder_get_media_status - read the medium's state from the drive
 * Returns: 0; DISCBURN_E_RECORDER_MEDIA_NO_MEDIA; DISCBURN_E_RECORDER_LOCKED
 * when another program holds the drive; E_NOTIMPL on a driver without it.
 */
int discburn_recorder_get_media_status(struct discburn_recorder *rec,
				       struct discburn_media_status *media);

/**
 * discburn_client_name_valid - check a client name against the lock's rules
 * @name: 1..63 bytes of 0-9 A-Z a-z, space and .,:;_-
 * Returns: true if the kernel would accept it.
 */
bool discburn_client_name_valid(const char *name);

/**
 * discburn_recorder_acquire_exclusive - AcquireExclusiveAccess(force, clientName)
 * @rec: the recorder
 * @force: lock even if a file system on the disc is mounted (ignore volume)
 * @client_name: who is asking; see discburn_client_name_valid()
 *
 * Nests: the first call takes the driver's lock, later calls on the same
 * object only count. Each call must be paired with
 * discburn_recorder_release_exclusive(). The lock dies with the object
 * (and with the process: the driver releases it when the file closes).
 *
 * Returns: 0; DISCBURN_E_RECORDER_CLIENT_NAME_IS_NOT_VALID;
 * DISCBURN_E_RECORDER_LOCKED if another file holds it (ask
 * discburn_recorder_get_owner() who; IMAPI2 says E_ACCESS_DENIED here, the
 * driver's more precise status is kept); DISCBURN_E_RECORDER_MEDIA_BUSY if
 * a file system is mounted from the disc and @force is false.
 */
int discburn_recorder_acquire_exclusive(struct discburn_recorder *rec, bool force,
					const char *client_name);
/**
 * discburn_recorder_release_exclusive - ReleaseExclusiveAccess
 * Decrements the nesting count; the driver's lock goes at zero.
 * Returns: 0; DISCBURN_E_FAIL if this object holds no lock.
 */
int discburn_recorder_release_exclusive(struct discburn_recorder *rec);
/** discburn_recorder_get_exclusive_count - this object's nesting count */
unsigned int discburn_recorder_get_exclusive_count(struct discburn_recorder *rec);

/**
 * struct discburn_exclusive_owner - who holds a recorder (ExclusiveAccessOwner)
 * @locked: false when nobody holds it (the other fields are then zero)
 * @mine: the lock is held through this very recorder object
 * @pid: process that took the lock (0 if not visible from here)
 * @since: when, in seconds since the Epoch (CLOCK_REALTIME)
 * @name: the client name, NUL-terminated
 */
struct discburn_exclusive_owner {
	bool locked;
	bool mine;
	pid_t pid;
	int64_t since;
	char name[DISCBURN_CLIENT_NAME_MAX + 1];
};
int discburn_recorder_get_owner(struct discburn_recorder *rec,
				struct discburn_exclusive_owner *owner);

/** discburn_recorder_eject - EjectMedia: open the tray (refused to others while locked) */
int discburn_recorder_eject(struct discburn_recorder *rec);
/** discburn_recorder_close_tray - CloseTray: load the medium */
int discburn_recorder_close_tray(struct discburn_recorder *rec);

/**
 * discburn_recorder_get_fd - the recorder's open file of /dev/discburnN
 * @rec: the recorder
 *
 * For the caller's poll loop: once the drive is removed the driver reports
 * POLLHUP | POLLERR on it (poll() reports those without asking). Do not
 * read, write or close it; it lives as long as @rec.
 *
 * Returns: the file descriptor, or -1 if @rec is NULL.
 *
 * Since: 2
 */
int discburn_recorder_get_fd(struct discburn_recorder *rec);

/*
 * ------------------------------------------------------------------------
 * Monitor: the driver's netlink events. Since: 1
 * ------------------------------------------------------------------------
 */
struct discburn_monitor;
struct discburn_event;

enum discburn_event_type {
	DISCBURN_EVENT_UNKNOWN = 0,
	DISCBURN_EVENT_RECORDER_ADDED,
	DISCBURN_EVENT_RECORDER_REMOVED,
	DISCBURN_EVENT_MEDIA_CHANGED,
	DISCBURN_EVENT_LOCK_CHANGED,
	DISCBURN_EVENT_PROGRESS,
	DISCBURN_EVENT_WRITE_DONE,
};

/**
 * discburn_monitor_new - subscribe to the "events" group of the "discburn"
 * generic netlink family
 * @ctx: the context
 * @mon: out: the monitor, with one reference
 *
 * Returns: 0; DISCBURN_E_DEVICE_NOT_CONNECTED if the family is not
 * registered (module not loaded).
 */
int discburn_monitor_new(struct discburn_ctx *ctx, struct discburn_monitor **mon);
struct discburn_monitor *discburn_monitor_ref(struct discburn_monitor *mon);
struct discburn_monitor *discburn_monitor_unref(struct discburn_monitor *mon);
/** discburn_monitor_get_fd - non-blocking fd to poll() for POLLIN */
int discburn_monitor_get_fd(struct discburn_monitor *mon);
/**
 * discburn_monitor_receive - take the next event
 * @mon: the monitor
 * @ev: out: the next event (one reference) or NULL when none is queued
 *
 * Never blocks: poll the fd first. Returns 0 also when *@ev is NULL.
 */
int discburn_monitor_receive(struct discburn_monitor *mon, struct discburn_event **ev);

struct discburn_event *discburn_event_ref(struct discburn_event *ev);
struct discburn_event *discburn_event_unref(struct discburn_event *ev);
enum discburn_event_type discburn_event_get_type(struct discburn_event *ev);
/** discburn_event_type_name - "recorder-added", "lock-changed"... */
const char *discburn_event_type_name(enum discburn_event_type type);
/** discburn_event_get_index - N of the recorder concerned, -1 if none */
int discburn_event_get_index(struct discburn_event *ev);
/** discburn_event_get_block_device - "srN" or NULL */
const char *discburn_event_get_block_device(struct discburn_event *ev);
/** discburn_event_get_owner - lock holder carried by the event (locked false if none) */
int discburn_event_get_owner(struct discburn_event *ev, struct discburn_exclusive_owner *owner);
/** discburn_event_get_state - DISCBURN_STATE_* of the recorder when the event was sent */
unsigned int discburn_event_get_state(struct discburn_event *ev);
/** discburn_event_get_current_profile - last known MMC profile of the medium, 0 if none */
unsigned int discburn_event_get_current_profile(struct discburn_event *ev);
/** INQUIRY strings carried by the event, NULL if absent */
const char *discburn_event_get_vendor_id(struct discburn_event *ev);
const char *discburn_event_get_product_id(struct discburn_event *ev);
const char *discburn_event_get_product_revision(struct discburn_event *ev);
/** discburn_state_name - "idle", "locked", "writing", "detached"; NULL if unknown */
const char *discburn_state_name(unsigned int state);

/*
 * ------------------------------------------------------------------------
 * Progress of a session (IDiscFormat2DataEventArgs / IWriteEngine2EventArgs,
 * the erase event's times). Since: 2
 * ------------------------------------------------------------------------
 */

/**
 * struct discburn_write_progress - where a burn or an erase is
 * @size: sizeof(struct discburn_write_progress) as the caller knows it;
 *	set it before a getter, read it in a callback (the library's size)
 * @format: DISCBURN_FORMAT_DATA, _RAW or _ERASE
 * @state: DISCBURN_SESSION_* (DISCBURN_SESSION_DONE on the last callback
 *	of a write or an erase, with @result final)
 * @action: CurrentAction: DISCBURN_ACTION_* for data (validating media,
 *	formatting, initializing hardware, calibrating power, writing,
 *	finalization, completed, verifying), DISCBURN_ERASE_ACTION_* for erase
 * @result: the session's status: 0 while it runs and after success
 *	(S_*ADJUSTED possible), else its failure
 * @start_lba: StartLba: first LBA of the stream (may be negative)
 * @sector_count: SectorCount: sectors of the stream, declared or so far
 * @last_read_lba: LastReadLba: last sector taken from the stream
 * @last_written_lba: LastWrittenLba: last sector the drive accepted;
 *	@start_lba - 1 before the first WRITE, so it only grows
 * @failed_lba: the LBA of a failure (write error, verification), or -1
 * @sense: sense key << 16 | ASC << 8 | ASCQ of a failure, 0 if none
 * @seq: incremented by the driver at every change of state or action
 * @elapsed_ns: ElapsedTime
 * @remaining_ns: RemainingTime, an estimate; 0 if unknown
 * @total_ns: TotalTime: @elapsed_ns + @remaining_ns, 0 while unknown
 * @ring_total: TotalSystemBuffer: bytes of the driver's stream ring
 * @ring_used: UsedSystemBuffer
 * @ring_free: FreeSystemBuffer
 * @bytes_read: stream bytes the driver has taken
 * @bytes_written: bytes the drive has accepted (stream and padding)
 * @drive_buffer_total: the drive's own buffer, bytes (0 if unknown)
 * @drive_buffer_free: free bytes of it
 * @current_speed_kbps: write speed in use, kB/s (1000 bytes)
 * @current_speed: the same in sectors (2048 bytes) per second
 * @writes: WRITE commands completed
 *
 * Signed fields are sign-extended from the driver's 32-bit values.
 */
struct discburn_write_progress {
	uint32_t size;
	uint32_t format;
	uint32_t state;
	uint32_t action;
	int32_t result;
	int32_t start_lba;
	int32_t sector_count;
	int32_t last_read_lba;
	int32_t last_written_lba;
	int32_t failed_lba;
	uint32_t sense;
	uint32_t seq;
	uint64_t elapsed_ns;
	uint64_t remaining_ns;
	uint64_t total_ns;
	uint64_t ring_total;
	uint64_t ring_used;
	uint64_t ring_free;
	uint64_t bytes_read;
	uint64_t bytes_written;
	uint32_t drive_buffer_total;
	uint32_t drive_buffer_free;
	uint32_t current_speed_kbps;
	uint32_t current_speed;
	uint64_t writes;
};

/**
 * discburn_recorder_get_progress - the recorder's current or last session
 * @rec: the recorder
 * @progress: out: set @progress->size first
 *
 * Any program may ask, the lock owner or not (DISCBURN_IOC_GET_PROGRESS).
 * Without any session since the drive was attached, @progress->format is
 * DISCBURN_FORMAT_NONE.
 *
 * Returns: 0; DISCBURN_E_INVALIDARG for a @progress->size below 4.
 *
 * Since: 2
 */
int discburn_recorder_get_progress(struct discburn_recorder *rec,
				   struct discburn_write_progress *progress);

/** discburn_action_name - "writing", "finalization"...; NULL if unknown. Since: 2 */
const char *discburn_action_name(unsigned int format, unsigned int action);

/*
 * ------------------------------------------------------------------------
 * Data writer (IDiscFormat2Data). Since: 2
 * ------------------------------------------------------------------------
 */
struct discburn_format_data;

/**
 * discburn_format_data_new - create a data writer (MsftDiscFormat2Data)
 * @ctx: the context
 * @data: out: the writer, with one reference, no recorder and no client
 *	name; the options at IMAPI2's defaults (no forced close or overwrite,
 *	BUFE on, consumer DVD compatibility on, fastest speed, no verify)
 *
 * Returns: 0, DISCBURN_E_OUTOFMEMORY or DISCBURN_E_POINTER.
 *
 * Since: 2
 */
int discburn_format_data_new(struct discburn_ctx *ctx, struct discburn_format_data **data);
/** discburn_format_data_ref - take a reference. Since: 2 */
struct discburn_format_data *discburn_format_data_ref(struct discburn_format_data *data);
/**
 * discburn_format_data_unref - drop a reference; at zero the recorder is
 * unbound. Never while a write of this object runs (the write holds its own
 * reference). Since: 2
 */
struct discburn_format_data *discburn_format_data_unref(struct discburn_format_data *data);

/**
 * discburn_format_data_put_recorder - bind a recorder (put_Recorder)
 * @data: the writer
 * @rec: the recorder (a reference is taken), or NULL to unbind
 *
 * Asks the driver whether the drive can write data discs at all
 * (IsRecorderSupported: its profiles and features, not its name).
 *
 * Returns: 0; DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS while this writer
 * writes; DISCBURN_E_DF2DATA_RECORDER_NOT_SUPPORTED for a drive that
 * cannot; what the driver said if it could not be asked (for example
 * DISCBURN_E_RECORDER_LOCKED while another program holds the drive). On
 * failure the binding is unchanged.
 *
 * Since: 2
 */
int discburn_format_data_put_recorder(struct discburn_format_data *data,
				      struct discburn_recorder *rec);
/**
 * discburn_format_data_get_recorder - the bound recorder (get_Recorder)
 * @rec: out: a new reference (unref it), or NULL when none is bound
 *
 * Returns: 0 or DISCBURN_E_POINTER. Since: 2
 */
int discburn_format_data_get_recorder(struct discburn_format_data *data,
				      struct discburn_recorder **rec);

/**
 * discburn_format_data_put_client_name - who writes (put_ClientName)
 * @name: 1..63 bytes of 0-9 A-Z a-z, space and .,:;_- (the lock's rules)
 *
 * The name the exclusive lock is taken under when a write begins and the
 * recorder is not locked already; it is handed to the driver
 * (DISCBURN_IOC_SET_CLIENT_NAME) at the beginning of each write, not here:
 * the driver keeps one name per open file, which every writer bound to the
 * same recorder object shares.
 *
 * Returns: 0; DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID;
 * DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS; DISCBURN_E_OUTOFMEMORY;
 * DISCBURN_E_POINTER for NULL. The name is unchanged on failure.
 *
 * Since: 2
 */
int discburn_format_data_put_client_name(struct discburn_format_data *data, const char *name);
/** discburn_format_data_get_client_name - the name, or NULL if none was put. Since: 2 */
const char *discburn_format_data_get_client_name(struct discburn_format_data *data);

/*
 * Options (IDiscFormat2Data properties and IBurnVerification). Every put
 * returns 0, DISCBURN_E_POINTER, or DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS
 * while this writer writes (the write uses the values it began with).
 * Since: 2
 */
/** put_ForceMediaToBeClosed: close the disc after this session (default false) */
int discburn_format_data_put_force_media_to_be_closed(struct discburn_format_data *data,
						      bool value);
bool discburn_format_data_get_force_media_to_be_closed(struct discburn_format_data *data);
/** put_ForceOverwrite: overwrite a used rewritable disc (DVD+RW, BD-RE) */
int discburn_format_data_put_force_overwrite(struct discburn_format_data *data, bool value);
bool discburn_format_data_get_force_overwrite(struct discburn_format_data *data);
/** put_PostgapAlreadyInImage: the CD post-gap is in the stream (else 150 sectors are added) */
int discburn_format_data_put_postgap_already_in_image(struct discburn_format_data *data,
						      bool value);
bool discburn_format_data_get_postgap_already_in_image(struct discburn_format_data *data);
/** put_BufferUnderrunFreeDisabled: turn BUFE off (honoured on CD-R/RW) */
int discburn_format_data_put_buffer_underrun_free_disabled(struct discburn_format_data *data,
							   bool value);
bool discburn_format_data_get_buffer_underrun_free_disabled(struct discburn_format_data *data);
/**
 * put_DisableConsumerDvdCompatibilityMode: on DVD+R, false (the default)
 * closes the disc in compatible mode whatever ForceMediaToBeClosed says;
 * true closes only the session unless ForceMediaToBeClosed
 */
int discburn_format_data_put_disable_consumer_dvd_compatibility_mode(
	struct discburn_format_data *data, bool value);
bool discburn_format_data_get_disable_consumer_dvd_compatibility_mode(
	struct discburn_format_data *data);
/**
 * discburn_format_data_put_append_session - add a session to an
 * appendable disc (multisession). Without it an appendable write-once disc
 * is DISCBURN_E_DF2DATA_MEDIA_NOT_BLANK. Not in IMAPI2, whose Write
 * appends to an appendable disc (MultisessionInterfaces).
 */
int discburn_format_data_put_append_session(struct discburn_format_data *data, bool value);
bool discburn_format_data_get_append_session(struct discburn_format_data *data);
/**
 * discburn_format_data_put_test_write - simulate: the drive goes through
 * the motions and the disc stays as it was (CD-R/RW, DVD-R; other media
 * fail the write with DISCBURN_E_DF2DATA_MEDIA_IS_NOT_SUPPORTED)
 */
int discburn_format_data_put_test_write(struct discburn_format_data *data, bool value);
bool discburn_format_data_get_test_write(struct discburn_format_data *data);
/**
 * discburn_format_data_put_verification_level - IBurnVerification
 * @level: DISCBURN_VERIFY_NONE (default), _QUICK (first, last and sixteen
 *	spread units read back) or _FULL (everything read back), after the
 *	disc is closed. A mismatch is DISCBURN_E_BURN_VERIFICATION_FAILED with
 *	the LBA in discburn_format_data_get_failed_lba().
 * Returns: also DISCBURN_E_INVALIDARG for an unknown level.
 */
int discburn_format_data_put_verification_level(struct discburn_format_data *data,
						unsigned int level);
unsigned int discburn_format_data_get_verification_level(struct discburn_format_data *data);

/**
 * discburn_format_data_set_write_speed - SetWriteSpeed
 * @sectors_per_second: requested speed in 2048-byte sectors per second, or
 *	-1 for the fastest (the default)
 * @pure_cav: request pure CAV rotation
 *
 * Recorded here and applied when a write begins; the drive may pick the
 * nearest speed it supports, and the write then returns
 * DISCBURN_S_SPEEDADJUSTED, _ROTATIONADJUSTED or _BOTHADJUSTED as its
 * success status.
 *
 * Returns: 0; DISCBURN_E_INVALIDARG for 0 or a negative value other than
 * -1; DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS.
 */
int discburn_format_data_set_write_speed(struct discburn_format_data *data,
					 int32_t sectors_per_second, bool pure_cav);
/** RequestedWriteSpeed: the last SetWriteSpeed value, -1 for the fastest */
int32_t discburn_format_data_get_requested_write_speed(struct discburn_format_data *data);
/** RequestedRotationTypeIsPureCAV */
bool discburn_format_data_get_requested_rotation_type_is_pure_cav(
	struct discburn_format_data *data);

/*
 * Properties read from the drive and its medium. Each needs a bound
 * recorder (else DISCBURN_E_RECORDER_REQUIRED) and fails like the drive
 * does: DISCBURN_E_RECORDER_MEDIA_NO_MEDIA, DISCBURN_E_RECORDER_LOCKED
 * while another program holds it, DISCBURN_E_DEVICE_NOT_CONNECTED...
 * Since: 2
 */
/** CurrentMediaStatus: IMAPI_FORMAT2_DATA_MEDIA_STATE bits (DISCBURN_MEDIA_STATE_*) */
int discburn_format_data_get_current_media_status(struct discburn_format_data *data,
						  uint32_t *state);
/** WriteProtectStatus: IMAPI_MEDIA_WRITE_PROTECT_STATE bits (DISCBURN_WP_*) */
int discburn_format_data_get_write_protect_status(struct discburn_format_data *data,
						  uint32_t *wp);
/** TotalSectorsOnMedia */
int discburn_format_data_get_total_sectors_on_media(struct discburn_format_data *data,
						    int32_t *sectors);
/** FreeSectorsOnMedia */
int discburn_format_data_get_free_sectors_on_media(struct discburn_format_data *data,
						   int32_t *sectors);
/** NextWritableAddress (0 on a blank disc) */
int discburn_format_data_get_next_writable_address(struct discburn_format_data *data,
						   int32_t *lba);
/** StartAddressOfPreviousSession, -1 if none */
int discburn_format_data_get_start_address_of_previous_session(
	struct discburn_format_data *data, int32_t *lba);
/** LastWrittenAddressOfPreviousSession, -1 if none */
int discburn_format_data_get_last_written_address_of_previous_session(
	struct discburn_format_data *data, int32_t *lba);
/** CurrentPhysicalMediaType: DISCBURN_MEDIA_* (UNKNOWN without a disc) */
int discburn_format_data_get_current_physical_media_type(struct discburn_format_data *data,
							 uint32_t *type);

/**
 * discburn_format_data_get_supported_write_speeds - SupportedWriteSpeeds
 * @speeds: out: malloc()ed array of sectors per second, fastest first;
 *	free() it (NULL when @count is 0)
 * @count: out: entries
 * Since: 2
 */
int discburn_format_data_get_supported_write_speeds(struct discburn_format_data *data,
						    uint32_t **speeds, size_t *count);

/**
 * struct discburn_write_speed_descriptor - IWriteSpeedDescriptor
 * @media_type: DISCBURN_MEDIA_* of the medium it applies to
 * @pure_cav: RotationTypeIsPureCAV
 * @write_speed: WriteSpeed, sectors per second
 * @kbps: the same in kB/s (1000 bytes), as the drive reports it
 */
struct discburn_write_speed_descriptor {
	uint32_t media_type;
	bool pure_cav;
	uint32_t write_speed;
	uint32_t kbps;
};
/** SupportedWriteSpeedDescriptors: malloc()ed array, free() it. Since: 2 */
int discburn_format_data_get_supported_write_speed_descriptors(
	struct discburn_format_data *data, struct discburn_write_speed_descriptor **descs,
	size_t *count);
/**
 * CurrentWriteSpeed (sectors per second) and CurrentRotationTypeIsPureCAV
 * (from the descriptor of the current speed; false if none matches).
 * Since: 2
 */
int discburn_format_data_get_current_write_speed(struct discburn_format_data *data,
						 int32_t *sectors_per_second);
int discburn_format_data_get_current_rotation_type_is_pure_cav(
	struct discburn_format_data *data, bool *pure_cav);

/**
 * discburn_format_data_is_recorder_supported - IsRecorderSupported
 * @rec: the recorder to ask about, or NULL for the bound one
 * @supported: out: the drive can write data discs of some kind
 * Since: 2
 */
int discburn_format_data_is_recorder_supported(struct discburn_format_data *data,
					       struct discburn_recorder *rec, bool *supported);
/**
 * discburn_format_data_is_current_media_supported - IsCurrentMediaSupported
 * @rec: the recorder to ask about, or NULL for the bound one
 * @supported: out: the disc in it can take a data session (false without
 *	a disc; the call still succeeds)
 * Since: 2
 */
int discburn_format_data_is_current_media_supported(struct discburn_format_data *data,
						    struct discburn_recorder *rec,
						    bool *supported);
/** MediaPhysicallyBlank: the drive says the disc is blank. Since: 2 */
int discburn_format_data_get_media_physically_blank(struct discburn_format_data *data,
						    bool *blank);
/**
 * MediaHeuristicallyBlank: blank, or a rewritable disc whose first and last
 * 2 MiB are zeros. Since: 2
 */
int discburn_format_data_get_media_heuristically_blank(struct discburn_format_data *data,
						       bool *blank);
/**
 * SupportedMediaTypes: the DISCBURN_MEDIA_* values this drive can write as
 * data, ascending; malloc()ed, free() it. Since: 2
 */
int discburn_format_data_get_supported_media_types(struct discburn_format_data *data,
						   uint32_t **types, size_t *count);

/**
 * discburn_data_progress_fn - the Update event of a data write
 * @data: the writer
 * @progress: where the write is; valid during the call only
 * @userdata: as given to discburn_format_data_set_progress_fn()
 *
 * Called on the writing thread, for every progress notification the
 * driver sends for this recorder (every 500 ms while writing, at each
 * change of action) and once at the end with @progress->state
 * DISCBURN_SESSION_DONE and the write's result.
 *
 * Returns: 0 to go on, anything else to cancel the write (CancelWrite).
 */
typedef int (*discburn_data_progress_fn)(struct discburn_format_data *data,
					 const struct discburn_write_progress *progress,
					 void *userdata);
/** discburn_format_data_set_progress_fn - connect the Update event (NULL: none). Since: 2 */
void discburn_format_data_set_progress_fn(struct discburn_format_data *data,
					  discburn_data_progress_fn fn, void *userdata);

/**
 * discburn_read_fn - the stream of discburn_format_data_write_stream()
 * @userdata: as given
 * @buf: where to put the bytes
 * @len: room in @buf
 *
 * Returns: bytes put (> 0), 0 at the end of the stream, or a negative
 * libdiscburn status, which cancels the write and becomes its result.
 */
typedef ssize_t (*discburn_read_fn)(void *userdata, void *buf, size_t len);

/**
 * discburn_format_data_write - Write(IStream) from a file descriptor
 * @data: the writer, with a recorder and a client name
 * @fd: the stream, read from its current offset to its end; a regular
 *	file goes into the driver by sendfile(2) and its size is declared
 *	up front (too large is refused before anything is written), anything
 *	else is read(2). The stream must be whole 2048-byte sectors.
 *
 * Synchronous. Takes the exclusive lock under the client name unless the
 * recorder object holds it already (released again at the end), writes a
 * new session on write-once media or from LBA 0 on DVD+RW/BD-RE, closes
 * track, session or disc as the options say, verifies if asked. Progress
 * goes to the progress function on this thread; the write can be
 * cancelled from it, or from any thread (or a signal handler) with
 * discburn_format_data_cancel_write().
 *
 * Returns: the session's result: 0, DISCBURN_S_SPEEDADJUSTED /
 * _ROTATIONADJUSTED / _BOTHADJUSTED; or DISCBURN_E_RECORDER_REQUIRED,
 * _DF2DATA_CLIENT_NAME_IS_NOT_VALID (no name put), _DF2DATA_WRITE_IN_PROGRESS,
 * _DF2DATA_MEDIA_NOT_BLANK, _DF2DATA_INVALID_MEDIA_STATE,
 * _DF2DATA_MEDIA_IS_NOT_SUPPORTED, _DF2DATA_RECORDER_NOT_SUPPORTED,
 * _DF2DATA_STREAM_NOT_SUPPORTED, _DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA,
 * _RECORDER_MEDIA_NO_MEDIA, _RECORDER_MEDIA_WRITE_PROTECTED,
 * _RECORDER_LOCKED, _REQUEST_CANCELLED, _LOSS_OF_STREAMING,
 * _BURN_VERIFICATION_FAILED, _DEVICE_NOT_CONNECTED...
 *
 * Since: 2
 */
int discburn_format_data_write(struct discburn_format_data *data, int fd);
/**
 * discburn_format_data_write_stream - Write(IStream) from a read callback
 * @read_fn: called on this thread for the next bytes
 * @userdata: for @read_fn
 * @stream_bytes: the stream's size if known (declared to the driver,
 *	which refuses too large a stream before anything is written), else 0
 *
 * Returns: as discburn_format_data_write(). Since: 2
 */
int discburn_format_data_write_stream(struct discburn_format_data *data,
				      discburn_read_fn read_fn, void *userdata,
				      uint64_t stream_bytes);
/**
 * discburn_format_data_cancel_write - CancelWrite
 *
 * From the progress function, from another thread, or from a signal
 * handler (async-signal-safe). The write stops taking the stream, lets the
 * drive finish the commands in flight, closes what can be closed and
 * returns DISCBURN_E_REQUEST_CANCELLED.
 *
 * Returns: 0; DISCBURN_E_DF2DATA_WRITE_NOT_IN_PROGRESS when this writer is
 * not writing, or when the write is past the point where it can stop
 * (closing the disc, verifying: it then ends with its own result).
 *
 * Since: 2
 */
int discburn_format_data_cancel_write(struct discburn_format_data *data);
/**
 * discburn_format_data_get_failed_lba - the LBA the last write failed at
 * (write error, BURN_VERIFICATION_FAILED), -1 if none. Since: 2
 */
int32_t discburn_format_data_get_failed_lba(struct discburn_format_data *data);
/**
 * discburn_format_data_get_last_progress - the last write's final progress
 * @progress: out: set @progress->size first; what the last callback got
 *
 * Returns: 0; DISCBURN_E_DF2DATA_WRITE_NOT_IN_PROGRESS if this writer has
 * not written yet. Since: 2
 */
int discburn_format_data_get_last_progress(struct discburn_format_data *data,
					   struct discburn_write_progress *progress);

/*
 * ------------------------------------------------------------------------
 * Duplicator: one stream written to several recorders at once. Since: 4
 * ------------------------------------------------------------------------
 */
/** The most recorders one stream is written to at once (the driver's limit). */
#define DISCBURN_DUPLICATE_MAX	16

/**
 * discburn_format_data_write_multi - burn one stream to several recorders
 * @datas: @count data writers, each bound to its own recorder and with its
 *	own client name, options and progress function
 * @count: 1..DISCBURN_DUPLICATE_MAX
 * @fd: the stream, as for discburn_format_data_write(): a regular file
 *	(sendfile(2), its size declared to every drive up front) or anything
 *	read(2) can read
 * @results: out, may be NULL: @count statuses, each drive's result as
 *	discburn_format_data_write() would have returned it
 *
 * Synchronous. Every writer begins its own session (in parallel: lock,
 * media validation, formatting), then the stream is copied into the kernel
 * once, into one ring that every drive drains at its own pace
 * (DISCBURN_IOC_STREAM_JOIN): the slowest drive still running sets the
 * pace of the source, never the others'. Each writer's progress function
 * gets that drive's progress on this thread, the last call with its
 * result; discburn_format_data_get_last_progress() and _get_failed_lba()
 * answer per writer afterwards. A drive that fails, is cancelled
 * (discburn_format_data_cancel_write() on its writer, or its progress
 * function's return value) or is unplugged drops out with its own status
 * (DISCBURN_E_DEVICE_NOT_CONNECTED for an unplugged one) and the others
 * finish. Cancelling every writer cancels the duplication. A drive whose
 * session cannot begin (no disc, not blank...) is out from the start with
 * that status; the others burn.
 *
 * Returns: 0 when every drive succeeded (or the first DISCBURN_S_*ADJUSTED
 * any of them returned); else the first failure in @datas' order, each
 * drive's own in @results. Before anything is written, with every entry of
 * @results set to the same status: DISCBURN_E_POINTER (@datas or an entry
 * NULL), DISCBURN_E_INVALIDARG (@count 0 or above DISCBURN_DUPLICATE_MAX,
 * the same writer twice, two writers on the same recorder, a bad @fd),
 * DISCBURN_E_RECORDER_REQUIRED (a writer without a recorder),
 * DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID (a writer without a client
 * name), DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS (a writer already writing),
 * DISCBURN_E_OUTOFMEMORY.
 *
 * Since: 4
 */
int discburn_format_data_write_multi(struct discburn_format_data *const datas[], size_t count,
				     int fd, int results[]);
/**
 * discburn_format_data_write_multi_stream - the same from a read callback
 * @read_fn: called on this thread for the next bytes (once for all drives)
 * @userdata: for @read_fn
 * @stream_bytes: the stream's size if known (declared to every drive), else 0
 *
 * A negative status from @read_fn stops every drive and is the result of
 * each drive that was still burning. Returns: as
 * discburn_format_data_write_multi(); DISCBURN_E_POINTER for a NULL @read_fn.
 * Since: 4
 */
int discburn_format_data_write_multi_stream(struct discburn_format_data *const datas[],
					    size_t count, discburn_read_fn read_fn,
					    void *userdata, uint64_t stream_bytes, int results[]);

/*
 * ------------------------------------------------------------------------
 * Eraser (IDiscFormat2Erase). Since: 2
 * ------------------------------------------------------------------------
 */
struct discburn_format_erase;

/** discburn_format_erase_new - create an eraser (MsftDiscFormat2Erase). Since: 2 */
int discburn_format_erase_new(struct discburn_ctx *ctx, struct discburn_format_erase **erase);
/** discburn_format_erase_ref - take a reference. Since: 2 */
struct discburn_format_erase *discburn_format_erase_ref(struct discburn_format_erase *erase);
/** discburn_format_erase_unref - drop a reference. Since: 2 */
struct discburn_format_erase *discburn_format_erase_unref(struct discburn_format_erase *erase);
/**
 * discburn_format_erase_put_recorder - put_Recorder
 * Returns: 0; DISCBURN_E_ERASE_RECORDER_IN_USE while erasing;
 * DISCBURN_E_ERASE_RECORDER_NOT_SUPPORTED for a drive that cannot erase or
 * format any medium. Since: 2
 */
int discburn_format_erase_put_recorder(struct discburn_format_erase *erase,
				       struct discburn_recorder *rec);
/** discburn_format_erase_get_recorder - get_Recorder: a new reference or NULL. Since: 2 */
int discburn_format_erase_get_recorder(struct discburn_format_erase *erase,
				       struct discburn_recorder **rec);
/**
 * discburn_format_erase_put_client_name - put_ClientName
 * Returns: 0; DISCBURN_E_ERASE_CLIENT_NAME_IS_NOT_VALID;
 * DISCBURN_E_ERASE_RECORDER_IN_USE while erasing; E_OUTOFMEMORY. Since: 2
 */
int discburn_format_erase_put_client_name(struct discburn_format_erase *erase,
					  const char *name);
const char *discburn_format_erase_get_client_name(struct discburn_format_erase *erase);
/**
 * discburn_format_erase_put_full_erase - put_FullErase: true overwrites or
 * blanks the whole disc, false (the default) only what makes it look used.
 * Returns: 0 or DISCBURN_E_ERASE_RECORDER_IN_USE. Since: 2
 */
int discburn_format_erase_put_full_erase(struct discburn_format_erase *erase, bool full);
bool discburn_format_erase_get_full_erase(struct discburn_format_erase *erase);
/** CurrentPhysicalMediaType: needs a recorder (DISCBURN_E_RECORDER_REQUIRED). Since: 2 */
int discburn_format_erase_get_current_physical_media_type(struct discburn_format_erase *erase,
							  uint32_t *type);

/**
 * discburn_erase_progress_fn - DDiscFormat2EraseEvents::Update
 * @elapsed_seconds: since the erase began
 * @estimated_total_seconds: elapsed plus the driver's estimate of what is
 *	left; 0 while unknown
 * Called on the erasing thread about every 500 ms and once at the end.
 * Returns: 0 to go on, anything else to cancel the erase (the disc is
 * then in an indeterminate state: erase it again).
 */
typedef int (*discburn_erase_progress_fn)(struct discburn_format_erase *erase,
					  unsigned int elapsed_seconds,
					  unsigned int estimated_total_seconds,
					  void *userdata);
/** discburn_format_erase_set_progress_fn - connect the Update event. Since: 2 */
void discburn_format_erase_set_progress_fn(struct discburn_format_erase *erase,
					   discburn_erase_progress_fn fn, void *userdata);
/**
 * discburn_format_erase_erase_media - EraseMedia
 *
 * Synchronous: blanks a CD-RW (minimal or full), formats a DVD+RW or BD-RE
 * and zeroes what makes it look used (quick) or all of it (full). Takes
 * the lock under the client name unless the recorder object holds it.
 *
 * Returns: 0; DISCBURN_E_RECORDER_REQUIRED;
 * DISCBURN_E_ERASE_CLIENT_NAME_IS_NOT_VALID (no name put);
 * _ERASE_RECORDER_IN_USE; _ERASE_MEDIA_IS_NOT_SUPPORTED;
 * _ERASE_RECORDER_NOT_SUPPORTED; _ERASE_DRIVE_FAILED_ERASE_COMMAND;
 * _RECORDER_MEDIA_NO_MEDIA; _RECORDER_MEDIA_WRITE_PROTECTED;
 * _RECORDER_LOCKED; _REQUEST_CANCELLED...
 *
 * Since: 2
 */
int discburn_format_erase_erase_media(struct discburn_format_erase *erase);

/**
 * discburn_event_get_progress - the session progress an event carries
 * @ev: the event; DISCBURN_EVENT_PROGRESS and _WRITE_DONE always carry
 *	one, other events the recorder's last session's if there was one
 * @progress: out: set @progress->size first
 *
 * Returns: 0; DISCBURN_E_INVALIDARG when the event carries none (or a
 * @progress->size below 4).
 *
 * Since: 2
 */
int discburn_event_get_progress(struct discburn_event *ev,
				struct discburn_write_progress *progress);

/*
 * ------------------------------------------------------------------------
 * Raw CD writer (IDiscFormat2RawCD). Since: 3
 * ------------------------------------------------------------------------
 * A whole CD session written Disc-At-Once in MMC write type RAW: the
 * stream carries every sector, lead-in (TOC in Q, CD-TEXT in R-W),
 * pregaps, program area and lead-out, 2352 bytes of main channel plus 16
 * (DISCBURN_RAW_SUBCODE_PQ_ONLY) or 96 (_IS_COOKED, _IS_RAW) bytes of
 * sub-channel each; discburn_raw_image makes such streams. Blank CD-R and
 * CD-RW only. The sequence is IMAPI2's: put_Recorder, put_ClientName,
 * (sector type, BUFE, speed), PrepareMedia, WriteMedia or WriteMedia2 (as
 * often as the disc allows: once), ReleaseMedia.
 */
struct discburn_format_raw;

/** discburn_format_raw_new - create a raw writer (MsftDiscFormat2RawCD); sector type IS_COOKED, BUFE on, fastest. Since: 3 */
int discburn_format_raw_new(struct discburn_ctx *ctx, struct discburn_format_raw **raw);
/** discburn_format_raw_ref - take a reference. Since: 3 */
struct discburn_format_raw *discburn_format_raw_ref(struct discburn_format_raw *raw);
/** discburn_format_raw_unref - drop a reference; the last one releases a prepared medium. Since: 3 */
struct discburn_format_raw *discburn_format_raw_unref(struct discburn_format_raw *raw);

/**
 * discburn_format_raw_put_recorder - put_Recorder
 * @rec: the recorder (a reference is taken), or NULL to unbind
 * Returns: 0; DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS while writing;
 * DISCBURN_E_DF2RAW_MEDIA_IS_PREPARED between PrepareMedia and
 * ReleaseMedia; DISCBURN_E_DF2RAW_RECORDER_NOT_SUPPORTED for a drive
 * without raw Disc-At-Once (feature 002Eh). Since: 3
 */
int discburn_format_raw_put_recorder(struct discburn_format_raw *raw,
				     struct discburn_recorder *rec);
/** discburn_format_raw_get_recorder - get_Recorder: a new reference or NULL. Since: 3 */
int discburn_format_raw_get_recorder(struct discburn_format_raw *raw,
				     struct discburn_recorder **rec);
/**
 * discburn_format_raw_put_client_name - put_ClientName
 * @name: 1..63 bytes of 0-9 A-Z a-z, space and .,:;_-
 * Returns: 0; DISCBURN_E_DF2RAW_CLIENT_NAME_IS_NOT_VALID;
 * DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS; DISCBURN_E_DF2RAW_MEDIA_IS_PREPARED
 * (the name cannot change between PrepareMedia and ReleaseMedia);
 * DISCBURN_E_OUTOFMEMORY; DISCBURN_E_POINTER. Since: 3
 */
int discburn_format_raw_put_client_name(struct discburn_format_raw *raw, const char *name);
/** discburn_format_raw_get_client_name - the name, or NULL. Since: 3 */
const char *discburn_format_raw_get_client_name(struct discburn_format_raw *raw);

/**
 * discburn_format_raw_put_requested_sector_type - put_RequestedSectorType
 * @type: DISCBURN_RAW_SUBCODE_PQ_ONLY, _IS_COOKED (the default) or _IS_RAW
 * Given to the driver by PrepareMedia. Returns: 0; DISCBURN_E_INVALIDARG;
 * _DF2RAW_WRITE_IN_PROGRESS; while prepared, _DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED
 * for a type the drive refused and _DF2RAW_MEDIA_IS_PREPARED for another
 * type than the prepared one. Since: 3
 */
int discburn_format_raw_put_requested_sector_type(struct discburn_format_raw *raw,
						  uint32_t type);
uint32_t discburn_format_raw_get_requested_sector_type(struct discburn_format_raw *raw);
/**
 * discburn_format_raw_get_supported_sector_types - SupportedSectorTypes
 * @types: out: malloc()ed DISCBURN_RAW_SUBCODE_* values, ascending; free() it
 * Before PrepareMedia, what the drive's features announce; after it, what
 * the drive took on this medium (probed with MODE SELECT). Since: 3
 */
int discburn_format_raw_get_supported_sector_types(struct discburn_format_raw *raw,
						   uint32_t **types, size_t *count);
/**
 * discburn_format_raw_put_buffer_underrun_free_disabled - BUFE off (true) or on
 * Given to the driver by PrepareMedia; while prepared a change is
 * DISCBURN_E_DF2RAW_MEDIA_IS_PREPARED. Since: 3
 */
int discburn_format_raw_put_buffer_underrun_free_disabled(struct discburn_format_raw *raw,
							  bool value);
bool discburn_format_raw_get_buffer_underrun_free_disabled(struct discburn_format_raw *raw);
/**
 * discburn_format_raw_set_write_speed - SetWriteSpeed, applied by PrepareMedia
 * @sectors_per_second: 2048-byte sectors per second, or -1 for the fastest
 * Returns: 0; E_INVALIDARG; _DF2RAW_WRITE_IN_PROGRESS; _DF2RAW_MEDIA_IS_PREPARED.
 * Since: 3
 */
int discburn_format_raw_set_write_speed(struct discburn_format_raw *raw,
					int32_t sectors_per_second, bool pure_cav);
int32_t discburn_format_raw_get_requested_write_speed(struct discburn_format_raw *raw);
bool discburn_format_raw_get_requested_rotation_type_is_pure_cav(struct discburn_format_raw *raw);
/** CurrentWriteSpeed: what PrepareMedia set, else the drive's. Since: 3 */
int discburn_format_raw_get_current_write_speed(struct discburn_format_raw *raw,
						int32_t *sectors_per_second);
/** CurrentPhysicalMediaType: DISCBURN_MEDIA_*; DISCBURN_E_DF2RAW_NO_RECORDER_SPECIFIED. Since: 3 */
int discburn_format_raw_get_current_physical_media_type(struct discburn_format_raw *raw,
							uint32_t *type);
/** IsRecorderSupported: @rec, or the bound one when NULL. Since: 3 */
int discburn_format_raw_is_recorder_supported(struct discburn_format_raw *raw,
					      struct discburn_recorder *rec, bool *supported);
/** IsCurrentMediaSupported: a blank CD-R/RW in a raw-capable drive. Since: 3 */
int discburn_format_raw_is_current_media_supported(struct discburn_format_raw *raw,
						   struct discburn_recorder *rec,
						   bool *supported);

/**
 * discburn_format_raw_prepare_media - PrepareMedia
 *
 * Takes the exclusive lock under the client name (unless the recorder
 * object holds it), checks drive and medium, locks the door, probes the
 * sector types, sets the speed.
 *
 * Returns: 0 or DISCBURN_S_*ADJUSTED; DISCBURN_E_DF2RAW_NO_RECORDER_SPECIFIED;
 * _DF2RAW_CLIENT_NAME_IS_NOT_VALID (none put); _DF2RAW_MEDIA_IS_PREPARED;
 * _DF2RAW_WRITE_IN_PROGRESS; _DF2RAW_RECORDER_NOT_SUPPORTED;
 * _DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED; _DF2RAW_MEDIA_IS_NOT_SUPPORTED;
 * _DF2RAW_MEDIA_IS_NOT_BLANK; _RECORDER_MEDIA_NO_MEDIA; _RECORDER_LOCKED...
 * Since: 3
 */
int discburn_format_raw_prepare_media(struct discburn_format_raw *raw);
/**
 * discburn_format_raw_release_media - ReleaseMedia: the door and the lock go
 * Returns: 0; DISCBURN_E_DF2RAW_MEDIA_IS_NOT_PREPARED;
 * _DF2RAW_WRITE_IN_PROGRESS. Since: 3
 */
int discburn_format_raw_release_media(struct discburn_format_raw *raw);
/** StartOfNextSession: the lead-in start (negative on a blank disc); DF2RAW_MEDIA_IS_NOT_PREPARED. Since: 3 */
int discburn_format_raw_get_start_of_next_session(struct discburn_format_raw *raw, int32_t *lba);
/** LastPossibleStartOfLeadout; DF2RAW_MEDIA_IS_NOT_PREPARED. Since: 3 */
int discburn_format_raw_get_last_possible_start_of_leadout(struct discburn_format_raw *raw,
							   int32_t *lba);

/**
 * discburn_raw_progress_fn - DDiscFormat2RawCDEvents::Update
 * Called on the writing thread for each progress notification of the
 * write (action DISCBURN_RAW_ACTION_*), and once at the end with state
 * DISCBURN_SESSION_DONE and the result. Returns nonzero to cancel.
 */
typedef int (*discburn_raw_progress_fn)(struct discburn_format_raw *raw,
					const struct discburn_write_progress *progress,
					void *userdata);
/** discburn_format_raw_set_progress_fn - connect the Update event. Since: 3 */
void discburn_format_raw_set_progress_fn(struct discburn_format_raw *raw,
					 discburn_raw_progress_fn fn, void *userdata);

/**
 * discburn_format_raw_write_media2 - WriteMedia2(stream, streamLeadInSectors)
 * @fd: the stream, from its current offset to its end: whole sectors of
 *	the requested type; a regular file goes by sendfile(2) and its size
 *	is declared (too large or too short a lead-in is refused before
 *	anything is written)
 * @leadin_sectors: stream sectors before LBA 0; 0 means 22650 (the stream
 *	begins at MSF 95:00:00)
 *
 * Synchronous; the medium must be prepared. The driver skips what
 * precedes the medium's lead-in. Progress goes to the progress function;
 * cancel from it or with discburn_format_raw_cancel_write(). The medium
 * stays prepared: call discburn_format_raw_release_media() after.
 *
 * Returns: the write's result: 0; DISCBURN_E_DF2RAW_MEDIA_IS_NOT_PREPARED;
 * _DF2RAW_WRITE_IN_PROGRESS; _DF2RAW_MEDIA_IS_NOT_BLANK;
 * _DF2RAW_STREAM_LEADIN_TOO_SHORT; _DF2RAW_STREAM_NOT_SUPPORTED;
 * _DF2RAW_NOT_ENOUGH_SPACE; _REQUEST_CANCELLED; _LOSS_OF_STREAMING;
 * _DEVICE_NOT_CONNECTED...
 * Since: 3
 */
int discburn_format_raw_write_media2(struct discburn_format_raw *raw, int fd,
				     int32_t leadin_sectors);
/** discburn_format_raw_write_media - WriteMedia: WriteMedia2 with 22650. Since: 3 */
int discburn_format_raw_write_media(struct discburn_format_raw *raw, int fd);
/**
 * discburn_format_raw_write_media_stream - WriteMedia2 from a read callback
 * @stream_bytes: the size if known (declared, checked up front), else 0
 * (discburn_raw_stream_read() with its stream is such a callback.) Since: 3
 */
int discburn_format_raw_write_media_stream(struct discburn_format_raw *raw,
					   discburn_read_fn read_fn, void *userdata,
					   uint64_t stream_bytes, int32_t leadin_sectors);
/**
 * discburn_format_raw_cancel_write - CancelWrite, from anywhere
 * (async-signal-safe). The write ends DISCBURN_E_REQUEST_CANCELLED and the
 * medium stays prepared. Returns: 0 or DISCBURN_E_DF2RAW_WRITE_NOT_IN_PROGRESS.
 * Since: 3
 */
int discburn_format_raw_cancel_write(struct discburn_format_raw *raw);
/** discburn_format_raw_get_failed_lba - LBA the last write failed at, -1 if none. Since: 3 */
int32_t discburn_format_raw_get_failed_lba(struct discburn_format_raw *raw);
/** discburn_format_raw_get_last_progress - the last write's final progress. Since: 3 */
int discburn_format_raw_get_last_progress(struct discburn_format_raw *raw,
					  struct discburn_write_progress *progress);

/*
 * ------------------------------------------------------------------------
 * Raw CD image creator (IRawCDImageCreator, IRawCDImageTrackInfo). Since: 3
 * ------------------------------------------------------------------------
 * Builds the stream discburn_format_raw writes: lead-in with the TOC in Q
 * (and CD-TEXT in R-W), track 1's 2-second pause, the tracks with their
 * pauses, indexes, ISRC and MCN frames and P flags, and a 90-second
 * lead-out, beginning at MSF 95:00:00 (LBA -22650) unless told otherwise.
 * The layout is in Documentation/library.rst, "Raw CD". Beyond IMAPI2: data tracks
 * (Mode 1, Mode 2 Form 1/2, before any audio), CD-TEXT, the lead-in
 * length, per-track pauses. Tracks are named by their number on the disc
 * (the first is 1 unless put_StartingTrackNumber said otherwise).
 */
struct discburn_raw_image;
struct discburn_raw_stream;

/* IMAPI_CD_SECTOR_TYPE values the creator takes */
#define DISCBURN_CD_SECTOR_AUDIO	0	/* 2352 bytes: 588 stereo 16-bit samples */
#define DISCBURN_CD_SECTOR_MODE1	2	/* 2048 user bytes, EDC/ECC added */
#define DISCBURN_CD_SECTOR_MODE2FORM1	4	/* 2048 user bytes, EDC/ECC added */
#define DISCBURN_CD_SECTOR_MODE2FORM2	5	/* 2324 user bytes, EDC added */

/* IMAPI_CD_TRACK_DIGITAL_COPY_SETTING */
#define DISCBURN_CD_COPY_PERMITTED	0
#define DISCBURN_CD_COPY_PROHIBITED	1
#define DISCBURN_CD_COPY_SCMS		2	/* the copy bit alternates: one copy */

/* CD-TEXT items: the pack types */
#define DISCBURN_CDTEXT_TITLE		0x80
#define DISCBURN_CDTEXT_PERFORMER	0x81
#define DISCBURN_CDTEXT_SONGWRITER	0x82
#define DISCBURN_CDTEXT_COMPOSER	0x83
#define DISCBURN_CDTEXT_ARRANGER	0x84
#define DISCBURN_CDTEXT_MESSAGE		0x85
#define DISCBURN_CDTEXT_UPC_ISRC	0x8E

#define DISCBURN_RAW_MAX_TRACKS		99
#define DISCBURN_RAW_MAX_INDEXES	99

/** discburn_raw_image_new - an empty image (MsftRawCDImageCreator): IS_COOKED, track 1 first. Since: 3 */
int discburn_raw_image_new(struct discburn_ctx *ctx, struct discburn_raw_image **img);
/** discburn_raw_image_ref - take a reference. Since: 3 */
struct discburn_raw_image *discburn_raw_image_ref(struct discburn_raw_image *img);
/** discburn_raw_image_unref - drop a reference. Since: 3 */
struct discburn_raw_image *discburn_raw_image_unref(struct discburn_raw_image *img);

/*
 * Every put below returns 0, DISCBURN_E_POINTER, or
 * DISCBURN_E_RAW_IMAGE_IS_READ_ONLY once the result was created, besides
 * what it lists.
 */
/** ResultingImageType: DISCBURN_RAW_SUBCODE_* (E_INVALIDARG else). Since: 3 */
int discburn_raw_image_put_resulting_image_type(struct discburn_raw_image *img, uint32_t type);
uint32_t discburn_raw_image_get_resulting_image_type(struct discburn_raw_image *img);
/**
 * StartingTrackNumber: 1..99, before any track (RAW_IMAGE_TRACKS_ALREADY_ADDED;
 * out of range RAW_IMAGE_TOO_MANY_TRACKS); not 1 means audio only. Since: 3
 */
int discburn_raw_image_put_starting_track_number(struct discburn_raw_image *img,
						 unsigned int number);
unsigned int discburn_raw_image_get_starting_track_number(struct discburn_raw_image *img);
/**
 * MediaCatalogNumber: 13 digits (leading zeros may be left out) with a
 * valid EAN-13 check digit, else E_INVALIDARG; NULL or "" for none. Since: 3
 */
int discburn_raw_image_put_media_catalog_number(struct discburn_raw_image *img,
						const char *mcn);
/** the 13 digits, or NULL. Since: 3 */
const char *discburn_raw_image_get_media_catalog_number(struct discburn_raw_image *img);
/**
 * DisableGaplessAudio: false (the default) lays audio tracks end to end,
 * each later track's pause (index 0) marking the last seconds of the
 * previous track's audio; true inserts each pause as silence. Since: 3
 */
int discburn_raw_image_put_disable_gapless_audio(struct discburn_raw_image *img, bool disable);
bool discburn_raw_image_get_disable_gapless_audio(struct discburn_raw_image *img);
/**
 * StartOfLeadoutLimit: the latest lead-out start allowed (default and
 * most 398099, MSF 88:29:74); set it to the medium's
 * LastPossibleStartOfLeadout. RAW_IMAGE_INSUFFICIENT_SPACE if the tracks
 * already reach further. Since: 3
 */
int discburn_raw_image_put_start_of_leadout_limit(struct discburn_raw_image *img, int32_t lba);
int32_t discburn_raw_image_get_start_of_leadout_limit(struct discburn_raw_image *img);
/**
 * discburn_raw_image_put_leadin_sectors - where the stream begins
 * @sectors: stream sectors before LBA 0, 151..45150; default 22650 (MSF
 *	95:00:00, what WriteMedia expects). Give -StartOfNextSession of the
 *	prepared medium to write no surplus lead-in (then WriteMedia2 with
 *	the same number). Not in IMAPI2. Since: 3
 */
int discburn_raw_image_put_leadin_sectors(struct discburn_raw_image *img, int32_t sectors);
int32_t discburn_raw_image_get_leadin_sectors(struct discburn_raw_image *img);
/** NumberOfExistingTracks. Since: 3 */
unsigned int discburn_raw_image_get_number_of_existing_tracks(struct discburn_raw_image *img);
/** StartOfLeadout: LBA of the lead-out as the tracks lay out now, -1 without tracks. Since: 3 */
int32_t discburn_raw_image_get_start_of_leadout(struct discburn_raw_image *img);
/** LastUsedUserSectorInImage: the lead-out's LBA minus one, -1 without tracks. Since: 3 */
int32_t discburn_raw_image_get_last_used_user_sector(struct discburn_raw_image *img);

/**
 * discburn_raw_image_add_track - AddTrack from a file
 * @type: DISCBURN_CD_SECTOR_AUDIO (a WAV file of 44.1 kHz 16-bit stereo
 *	PCM, or raw PCM of that form, little-endian), _MODE1, _MODE2FORM1 or
 *	_MODE2FORM2 (user data, e.g. an ISO 9660 image). Data tracks come
 *	first, Mode 1 and Mode 2 do not mix.
 * @fd: a regular file, read from its current offset when the stream is
 *	read (the image keeps its own duplicate of @fd)
 * @number: out: the track's number, or NULL
 *
 * The last sector is padded; a track shorter than 4 s (300 sectors) is
 * padded to 4 s. The track gets a 2-second pause, copy permitted, no
 * pre-emphasis, no ISRC.
 *
 * Returns: 0; E_INVALIDARG (not a regular file; a WAV of another format,
 * an AIFF file: the log says which); RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED
 * (other types, data after audio, data with a starting number other than
 * 1); RAW_IMAGE_TOO_MANY_TRACKS; RAW_IMAGE_INSUFFICIENT_SPACE (the
 * lead-out would pass StartOfLeadoutLimit). Since: 3
 */
int discburn_raw_image_add_track(struct discburn_raw_image *img, uint32_t type, int fd,
				 int32_t *number);
/**
 * discburn_raw_image_add_track_stream - AddTrack from a read callback
 * @bytes: how many bytes the track has (raw PCM for audio), known now
 * @read_fn: called while the result is read, in order, for the track's bytes
 * Returns: as discburn_raw_image_add_track(). Since: 3
 */
int discburn_raw_image_add_track_stream(struct discburn_raw_image *img, uint32_t type,
					discburn_read_fn read_fn, void *userdata, uint64_t bytes,
					int32_t *number);

/**
 * struct discburn_raw_track_info - IRawCDImageTrackInfo
 * @size: set by the caller to sizeof(struct discburn_raw_track_info)
 * @starting_lba: StartingLba: index 1
 * @sector_count: SectorCount: from index 1 to the next track's pause or
 *	the lead-out
 * @track_number: TrackNumber
 * @sector_type: SectorType, DISCBURN_CD_SECTOR_*
 * @isrc: ISRC, 12 characters without dashes, "" if none
 * @digital_audio_copy_setting: DISCBURN_CD_COPY_*
 * @audio_has_preemphasis: AudioHasPreemphasis
 * @pregap_start_lba: first sector of the track's pause (index 0)
 * @pregap_sectors: sectors of index 0
 * @index_count: indexes 1.. of the track
 * @indexes: TrackIndexes: offsets of indexes 1.. from index 1 (the first is 0)
 */
struct discburn_raw_track_info {
	uint32_t size;
	int32_t starting_lba;
	int32_t sector_count;
	uint32_t track_number;
	uint32_t sector_type;
	char isrc[13];
	uint32_t digital_audio_copy_setting;
	bool audio_has_preemphasis;
	int32_t pregap_start_lba;
	int32_t pregap_sectors;
	uint32_t index_count;
	int32_t indexes[DISCBURN_RAW_MAX_INDEXES];
};
/** discburn_raw_image_get_track_info - TrackInfo(number); E_INVALIDARG for no such track. Since: 3 */
int discburn_raw_image_get_track_info(struct discburn_raw_image *img, unsigned int number,
				      struct discburn_raw_track_info *info);
/**
 * discburn_raw_image_track_put_isrc - ISRC, "CC-OOO-YY-NNNNN" (dashes
 * optional), NULL or "" for none; E_INVALIDARG if malformed,
 * RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED on a data track. Since: 3
 */
int discburn_raw_image_track_put_isrc(struct discburn_raw_image *img, unsigned int number,
				      const char *isrc);
/** DigitalAudioCopySetting: DISCBURN_CD_COPY_* (audio tracks). Since: 3 */
int discburn_raw_image_track_put_digital_audio_copy_setting(struct discburn_raw_image *img,
							    unsigned int number,
							    uint32_t setting);
/** AudioHasPreemphasis (audio tracks). Since: 3 */
int discburn_raw_image_track_put_audio_has_preemphasis(struct discburn_raw_image *img,
						       unsigned int number, bool value);
/**
 * discburn_raw_image_track_put_pregap - the track's pause (index 0), sectors
 * Default 150; the first track's is always 150 (E_INVALIDARG otherwise);
 * after a data track, at least 150. RAW_IMAGE_INSUFFICIENT_SPACE if the
 * lead-out would pass its limit. Not in IMAPI2. Since: 3
 */
int discburn_raw_image_track_put_pregap(struct discburn_raw_image *img, unsigned int number,
					int32_t sectors);
/**
 * discburn_raw_image_track_add_index - AddTrackIndex
 * @offset: sectors from index 1; the new index's number follows from the order
 * Returns: 0; DISCBURN_S_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS (success);
 * RAW_IMAGE_TOO_MANY_TRACK_INDEXES (99); RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX
 * (10 sectors apart at least); E_INVALIDARG past the track. Since: 3
 */
int discburn_raw_image_track_add_index(struct discburn_raw_image *img, unsigned int number,
				       int32_t offset);
/**
 * discburn_raw_image_track_clear_index - ClearTrackIndex
 * Returns: 0; RAW_IMAGE_TRACK_INDEX_OFFSET_ZERO_CANNOT_BE_CLEARED;
 * RAW_IMAGE_TRACK_INDEX_NOT_FOUND. Since: 3
 */
int discburn_raw_image_track_clear_index(struct discburn_raw_image *img, unsigned int number,
					 int32_t offset);

/**
 * discburn_raw_image_put_cdtext - one CD-TEXT item (not in IMAPI2)
 * @number: 0 for the disc, else a track's number
 * @type: DISCBURN_CDTEXT_TITLE .. _MESSAGE, or _UPC_ISRC (which, when not
 *	put, comes from the MCN and the ISRCs)
 * @text: UTF-8 that ISO 8859-1 can hold, at most 160 characters; NULL or
 *	"" to remove it
 *
 * The lead-in of an IS_COOKED or IS_RAW image then carries one block of
 * CD-TEXT (ISO 8859-1, the language of discburn_raw_image_put_cdtext_language()).
 * Returns: 0; E_INVALIDARG; E_OUTOFMEMORY. Since: 3
 */
int discburn_raw_image_put_cdtext(struct discburn_raw_image *img, unsigned int number,
				  uint32_t type, const char *text);
/** discburn_raw_image_put_cdtext_language - EBU language code of the block (default 0x09 English). Since: 3 */
int discburn_raw_image_put_cdtext_language(struct discburn_raw_image *img, unsigned int code);

/**
 * discburn_raw_image_create_result - CreateResultImage
 * @stream: out: the session's stream, one reference
 *
 * Once only: the image is read-only afterwards. The stream generates the
 * sectors as it is read.
 * Returns: 0; RAW_IMAGE_NO_TRACKS; RAW_IMAGE_IS_READ_ONLY;
 * RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED (CD-TEXT with PQ_ONLY);
 * E_INVALIDARG (CD-TEXT beyond one block); E_OUTOFMEMORY. Since: 3
 */
int discburn_raw_image_create_result(struct discburn_raw_image *img,
				     struct discburn_raw_stream **stream);
/** discburn_raw_stream_ref - take a reference. Since: 3 */
struct discburn_raw_stream *discburn_raw_stream_ref(struct discburn_raw_stream *stream);
/** discburn_raw_stream_unref - drop a reference. Since: 3 */
struct discburn_raw_stream *discburn_raw_stream_unref(struct discburn_raw_stream *stream);
/**
 * discburn_raw_stream_read - the next bytes of the stream (a discburn_read_fn)
 * @stream: a struct discburn_raw_stream
 * Returns: bytes (> 0), 0 at the end, or a negative status (a track's
 * source failed). Since: 3
 */
ssize_t discburn_raw_stream_read(void *stream, void *buf, size_t len);
/** discburn_raw_stream_get_size - bytes of the whole stream. Since: 3 */
uint64_t discburn_raw_stream_get_size(struct discburn_raw_stream *stream);
/** discburn_raw_stream_get_sector_bytes - 2368 or 2448. Since: 3 */
uint32_t discburn_raw_stream_get_sector_bytes(struct discburn_raw_stream *stream);
/** discburn_raw_stream_get_leadin_sectors - sectors before LBA 0, for WriteMedia2. Since: 3 */
int32_t discburn_raw_stream_get_leadin_sectors(struct discburn_raw_stream *stream);
/** discburn_raw_stream_write_to_fd - the rest of the stream into a file. Since: 3 */
int discburn_raw_stream_write_to_fd(struct discburn_raw_stream *stream, int fd);

#ifdef __cplusplus
}
#endif

#endif /* _DISCBURN_H_ */
