/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * discburn: user-space ABI of the discburn optical-recorder driver.
 *
 * Rules (Documentation/userspace-api.rst):
 *  - every ioctl takes one struct that starts with __u32 size and __u32 status;
 *    a shorter struct than the kernel knows is accepted down to the size of the
 *    first version, a longer one must have an all-zero tail (else E2BIG);
 *  - status receives the discburn status of the call: 0, or the IMAPI2 HRESULT
 *    value below; errno says the same thing in POSIX terms;
 *  - reserved fields must be zero (else EINVAL), pointers travel as __u64;
 *  - unknown ioctls fail with ENOTTY;
 *  - LOCK, UNLOCK and EJECT need a file opened for writing (EBADF and
 *    E_ACCESS_DENIED otherwise).
 */
#ifndef _UAPI_LINUX_DISCBURN_H
#define _UAPI_LINUX_DISCBURN_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define DISCBURN_DEVICE_PREFIX	"discburn"	/* /dev/discburnN */
#define DISCBURN_CLASS_NAME	"discburn"	/* /sys/class/discburn */

/*
 * Status values. Numerically the IMAPI2 HRESULTs (imapi2error.h), so that
 * code ported from IMAPI2 compares against the same numbers. 0 is success;
 * DISCBURN_S_* are successes with information, DISCBURN_E_* failures.
 */
#define DISCBURN_S_OK						0x00000000U
#define DISCBURN_E_NOTIMPL					0x80004001U
#define DISCBURN_E_POINTER					0x80004003U
#define DISCBURN_E_FAIL						0x80004005U
#define DISCBURN_E_ACCESS_DENIED				0x80070005U
#define DISCBURN_E_OUTOFMEMORY					0x8007000EU
#define DISCBURN_E_DEVICE_NOT_CONNECTED			0x8007048FU
#define DISCBURN_E_INVALIDARG					0x80070057U
#define DISCBURN_E_REQUEST_CANCELLED				0xC0AA0002U
#define DISCBURN_E_RECORDER_REQUIRED				0xC0AA0003U
#define DISCBURN_S_SPEEDADJUSTED				0x00AA0004U
#define DISCBURN_S_ROTATIONADJUSTED				0x00AA0005U
#define DISCBURN_S_BOTHADJUSTED					0x00AA0006U
#define DISCBURN_E_BURN_VERIFICATION_FAILED			0xC0AA0007U
#define DISCBURN_S_COMMAND_HAS_SENSE_DATA			0x00AA0200U
#define DISCBURN_E_RECORDER_NO_SUCH_MODE_PAGE			0xC0AA0201U
#define DISCBURN_E_RECORDER_MEDIA_NO_MEDIA			0xC0AA0202U
#define DISCBURN_E_RECORDER_MEDIA_INCOMPATIBLE			0xC0AA0203U
#define DISCBURN_E_RECORDER_MEDIA_UPSIDE_DOWN			0xC0AA0204U
#define DISCBURN_E_RECORDER_MEDIA_BECOMING_READY		0xC0AA0205U
#define DISCBURN_E_RECORDER_MEDIA_FORMAT_IN_PROGRESS		0xC0AA0206U
#define DISCBURN_E_RECORDER_MEDIA_BUSY				0xC0AA0207U
#define DISCBURN_E_RECORDER_INVALID_MODE_PARAMETERS		0xC0AA0208U
#define DISCBURN_E_RECORDER_MEDIA_WRITE_PROTECTED		0xC0AA0209U
#define DISCBURN_E_RECORDER_NO_SUCH_FEATURE			0xC0AA020AU
#define DISCBURN_E_RECORDER_FEATURE_IS_NOT_CURRENT		0xC0AA020BU
#define DISCBURN_E_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED	0xC0AA020CU
#define DISCBURN_E_RECORDER_COMMAND_TIMEOUT			0xC0AA020DU
#define DISCBURN_E_RECORDER_DVD_STRUCTURE_NOT_PRESENT		0xC0AA020EU
#define DISCBURN_E_RECORDER_MEDIA_SPEED_MISMATCH		0xC0AA020FU
#define DISCBURN_E_RECORDER_LOCKED				0xC0AA0210U
#define DISCBURN_E_RECORDER_CLIENT_NAME_IS_NOT_VALID		0xC0AA0211U
#define DISCBURN_E_RECORDER_MEDIA_NOT_FORMATTED			0xC0AA0212U
#define DISCBURN_E_RECORDER_INVALID_RESPONSE_FROM_DEVICE	0xC0AA02FFU
#define DISCBURN_E_LOSS_OF_STREAMING				0xC0AA0300U
#define DISCBURN_E_UNEXPECTED_RESPONSE_FROM_DEVICE		0xC0AA0301U
#define DISCBURN_S_WRITE_NOT_IN_PROGRESS			0x00AA0302U
#define DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS			0xC0AA0400U
#define DISCBURN_E_DF2DATA_WRITE_NOT_IN_PROGRESS		0xC0AA0401U
#define DISCBURN_E_DF2DATA_INVALID_MEDIA_STATE			0xC0AA0402U
#define DISCBURN_E_DF2DATA_STREAM_NOT_SUPPORTED			0xC0AA0403U
#define DISCBURN_E_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA	0xC0AA0404U
#define DISCBURN_E_DF2DATA_MEDIA_NOT_BLANK			0xC0AA0405U
#define DISCBURN_E_DF2DATA_MEDIA_IS_NOT_SUPPORTED		0xC0AA0406U
#define DISCBURN_E_DF2DATA_RECORDER_NOT_SUPPORTED		0xC0AA0407U
#define DISCBURN_E_DF2DATA_CLIENT_NAME_IS_NOT_VALID		0xC0AA0408U
#define DISCBURN_E_DF2TAO_WRITE_IN_PROGRESS			0xC0AA0500U
#define DISCBURN_E_DF2TAO_WRITE_NOT_IN_PROGRESS			0xC0AA0501U
#define DISCBURN_E_DF2TAO_MEDIA_IS_NOT_PREPARED			0xC0AA0502U
#define DISCBURN_E_DF2TAO_MEDIA_IS_PREPARED			0xC0AA0503U
#define DISCBURN_E_DF2TAO_PROPERTY_FOR_BLANK_MEDIA_ONLY		0xC0AA0504U
#define DISCBURN_E_DF2TAO_TABLE_OF_CONTENTS_EMPTY_DISC		0xC0AA0505U
#define DISCBURN_E_DF2TAO_MEDIA_IS_NOT_BLANK			0xC0AA0506U
#define DISCBURN_E_DF2TAO_MEDIA_IS_NOT_SUPPORTED		0xC0AA0507U
#define DISCBURN_E_DF2TAO_TRACK_LIMIT_REACHED			0xC0AA0508U
#define DISCBURN_E_DF2TAO_NOT_ENOUGH_SPACE			0xC0AA0509U
#define DISCBURN_E_DF2TAO_NO_RECORDER_SPECIFIED			0xC0AA050AU
#define DISCBURN_E_DF2TAO_INVALID_ISRC				0xC0AA050BU
#define DISCBURN_E_DF2TAO_INVALID_MCN				0xC0AA050CU
#define DISCBURN_E_DF2TAO_STREAM_NOT_SUPPORTED			0xC0AA050DU
#define DISCBURN_E_DF2TAO_RECORDER_NOT_SUPPORTED		0xC0AA050EU
#define DISCBURN_E_DF2TAO_CLIENT_NAME_IS_NOT_VALID		0xC0AA050FU
#define DISCBURN_E_DF2RAW_WRITE_IN_PROGRESS			0xC0AA0600U
#define DISCBURN_E_DF2RAW_WRITE_NOT_IN_PROGRESS			0xC0AA0601U
#define DISCBURN_E_DF2RAW_MEDIA_IS_NOT_PREPARED			0xC0AA0602U
#define DISCBURN_E_DF2RAW_MEDIA_IS_PREPARED			0xC0AA0603U
#define DISCBURN_E_DF2RAW_CLIENT_NAME_IS_NOT_VALID		0xC0AA0604U
#define DISCBURN_E_DF2RAW_MEDIA_IS_NOT_BLANK			0xC0AA0606U
#define DISCBURN_E_DF2RAW_MEDIA_IS_NOT_SUPPORTED		0xC0AA0607U
#define DISCBURN_E_DF2RAW_NOT_ENOUGH_SPACE			0xC0AA0609U
#define DISCBURN_E_DF2RAW_NO_RECORDER_SPECIFIED			0xC0AA060AU
#define DISCBURN_E_DF2RAW_STREAM_NOT_SUPPORTED			0xC0AA060DU
#define DISCBURN_E_DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED		0xC0AA060EU
#define DISCBURN_E_DF2RAW_STREAM_LEADIN_TOO_SHORT		0xC0AA060FU
#define DISCBURN_E_DF2RAW_RECORDER_NOT_SUPPORTED		0xC0AA0610U
#define DISCBURN_E_ERASE_RECORDER_IN_USE			0x80AA0900U
#define DISCBURN_E_ERASE_ONLY_ONE_RECORDER_SUPPORTED		0x80AA0901U
#define DISCBURN_E_ERASE_DISC_INFORMATION_TOO_SMALL		0x80AA0902U
#define DISCBURN_E_ERASE_MODE_PAGE_2A_TOO_SMALL			0x80AA0903U
#define DISCBURN_E_ERASE_MEDIA_IS_NOT_ERASABLE			0x80AA0904U
#define DISCBURN_E_ERASE_DRIVE_FAILED_ERASE_COMMAND		0x80AA0905U
#define DISCBURN_E_ERASE_TOOK_LONGER_THAN_ONE_HOUR		0x80AA0906U
#define DISCBURN_E_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE	0x80AA0907U
#define DISCBURN_E_ERASE_DRIVE_FAILED_SPINUP_COMMAND		0x80AA0908U
#define DISCBURN_E_ERASE_MEDIA_IS_NOT_SUPPORTED			0xC0AA0909U
#define DISCBURN_E_ERASE_RECORDER_NOT_SUPPORTED			0xC0AA090AU
#define DISCBURN_E_ERASE_CLIENT_NAME_IS_NOT_VALID		0xC0AA090BU
#define DISCBURN_E_RAW_IMAGE_IS_READ_ONLY			0x80AA0A00U
#define DISCBURN_E_RAW_IMAGE_TOO_MANY_TRACKS			0x80AA0A01U
#define DISCBURN_E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED		0x80AA0A02U
#define DISCBURN_E_RAW_IMAGE_NO_TRACKS				0x80AA0A03U
#define DISCBURN_E_RAW_IMAGE_TRACKS_ALREADY_ADDED		0x80AA0A04U
#define DISCBURN_E_RAW_IMAGE_INSUFFICIENT_SPACE			0x80AA0A05U
#define DISCBURN_E_RAW_IMAGE_TOO_MANY_TRACK_INDEXES		0x80AA0A06U
#define DISCBURN_E_RAW_IMAGE_TRACK_INDEX_NOT_FOUND		0x80AA0A07U
#define DISCBURN_S_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS		0x00AA0A08U
#define DISCBURN_E_RAW_IMAGE_TRACK_INDEX_OFFSET_ZERO_CANNOT_BE_CLEARED 0x80AA0A09U
#define DISCBURN_E_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX 0x80AA0A0AU

/*
 * ioctl numbers carry no size: the struct's own size field versions it, so
 * a struct can grow without a new number.
 */
#define DISCBURN_IOC_MAGIC	0xDB
#define DISCBURN_IOC_BASE	0x40

/**
 * struct discburn_identity - DISCBURN_IOC_GET_IDENTITY
 * @size: sizeof(struct discburn_identity) as the caller knows it
 * @status: out: discburn status of the call
 * @index: out: N of /dev/discburnN
 * @scsi_type: out: SCSI peripheral device type (5 = MMC, 4 = WORM)
 * @host: out: SCSI host number
 * @channel: out: SCSI channel
 * @id: out: SCSI target id
 * @lun: out: SCSI logical unit
 * @vendor: out: INQUIRY vendor identification, NUL-terminated, trimmed
 * @product: out: INQUIRY product identification, NUL-terminated, trimmed
 * @revision: out: INQUIRY product revision level, NUL-terminated, trimmed
 *
 * Cached at attach time: answered even while another file holds the
 * exclusive lock, and without touching the drive.
 */
struct discburn_identity {
	__u32 size;
	__u32 status;
	__u32 index;
	__u32 scsi_type;
	__u32 host;
	__u32 channel;
	__u32 id;
	__u32 lun;
	__u8 vendor[16];
	__u8 product[24];
	__u8 revision[8];
};

#define DISCBURN_IOC_GET_IDENTITY	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 0)

/*
 * Values reported in struct fields. Signed quantities (LBAs that may be
 * negative, -1 for "none") travel as two's complement in __u32 fields.
 */

/* IMAPI_MEDIA_PHYSICAL_TYPE */
#define DISCBURN_MEDIA_UNKNOWN			0x00
#define DISCBURN_MEDIA_CDROM			0x01
#define DISCBURN_MEDIA_CDR			0x02
#define DISCBURN_MEDIA_CDRW			0x03
#define DISCBURN_MEDIA_DVDROM			0x04
#define DISCBURN_MEDIA_DVDRAM			0x05
#define DISCBURN_MEDIA_DVDPLUSR			0x06
#define DISCBURN_MEDIA_DVDPLUSRW		0x07
#define DISCBURN_MEDIA_DVDPLUSR_DUALLAYER	0x08
#define DISCBURN_MEDIA_DVDDASHR			0x09
#define DISCBURN_MEDIA_DVDDASHRW		0x0A
#define DISCBURN_MEDIA_DVDDASHR_DUALLAYER	0x0B
#define DISCBURN_MEDIA_DISK			0x0C
#define DISCBURN_MEDIA_DVDPLUSRW_DUALLAYER	0x0D
#define DISCBURN_MEDIA_HDDVDROM			0x0E
#define DISCBURN_MEDIA_HDDVDR			0x0F
#define DISCBURN_MEDIA_HDDVDRAM			0x10
#define DISCBURN_MEDIA_BDROM			0x11
#define DISCBURN_MEDIA_BDR			0x12
#define DISCBURN_MEDIA_BDRE			0x13

/* IMAPI_FORMAT2_DATA_MEDIA_STATE bits */
#define DISCBURN_MEDIA_STATE_UNKNOWN		0x0000
#define DISCBURN_MEDIA_STATE_OVERWRITE_ONLY	0x0001
#define DISCBURN_MEDIA_STATE_BLANK		0x0002
#define DISCBURN_MEDIA_STATE_APPENDABLE		0x0004
#define DISCBURN_MEDIA_STATE_FINAL_SESSION	0x0008
#define DISCBURN_MEDIA_STATE_INFORMATIONAL_MASK	0x000F
#define DISCBURN_MEDIA_STATE_DAMAGED		0x0400
#define DISCBURN_MEDIA_STATE_ERASE_REQUIRED	0x0800
#define DISCBURN_MEDIA_STATE_NON_EMPTY_SESSION	0x1000
#define DISCBURN_MEDIA_STATE_WRITE_PROTECTED	0x2000
#define DISCBURN_MEDIA_STATE_FINALIZED		0x4000
#define DISCBURN_MEDIA_STATE_UNSUPPORTED_MEDIA	0x8000
#define DISCBURN_MEDIA_STATE_UNSUPPORTED_MASK	0xFC00

/* IMAPI_MEDIA_WRITE_PROTECT_STATE bits */
#define DISCBURN_WP_UNTIL_POWERDOWN		0x0001
#define DISCBURN_WP_BY_CARTRIDGE		0x0002
#define DISCBURN_WP_BY_MEDIA_SPECIFIC_REASON	0x0004
#define DISCBURN_WP_BY_SOFTWARE_WRITE_PROTECT	0x0008
#define DISCBURN_WP_BY_DISC_CONTROL_BLOCK	0x0010
#define DISCBURN_WP_READ_ONLY_MEDIA		0x4000

/* Recorder state (sysfs "state", netlink DISCBURN_A_RECORDER_STATE) */
enum discburn_recorder_state {
	DISCBURN_RECORDER_STATE_IDLE,		/* "idle": nobody holds the lock */
	DISCBURN_RECORDER_STATE_LOCKED,		/* "locked": a client holds the lock */
	DISCBURN_RECORDER_STATE_WRITING,	/* "writing": the owner is writing */
	DISCBURN_RECORDER_STATE_DETACHED,	/* "detached": the drive is gone */
};

/* Short names, as first published */
#define DISCBURN_STATE_IDLE	DISCBURN_RECORDER_STATE_IDLE
#define DISCBURN_STATE_LOCKED	DISCBURN_RECORDER_STATE_LOCKED
#define DISCBURN_STATE_WRITING	DISCBURN_RECORDER_STATE_WRITING
#define DISCBURN_STATE_DETACHED	DISCBURN_RECORDER_STATE_DETACHED

#define DISCBURN_CLIENT_NAME_LEN	64	/* 1..63 bytes + NUL */
#define DISCBURN_MAX_PROFILES		64
#define DISCBURN_MAX_FEATURES		256
#define DISCBURN_MAX_SPEEDS		32

/**
 * struct discburn_profiles - DISCBURN_IOC_GET_PROFILES
 * @size: sizeof(struct discburn_profiles) as the caller knows it
 * @status: out: discburn status of the call
 * @current_profile: out: current MMC profile (0 = no medium)
 * @count: out: number of valid entries in @profiles
 * @profiles: out: supported MMC profiles (IMAPI_PROFILE_TYPE values) in
 *	bits 0-15, DISCBURN_PROFILE_CURRENT set on the current ones
 *
 * From GET CONFIGURATION feature 0000h. Touches the drive.
 */
struct discburn_profiles {
	__u32 size;
	__u32 status;
	__u32 current_profile;
	__u32 count;
	__u32 profiles[DISCBURN_MAX_PROFILES];
};

#define DISCBURN_PROFILE_CURRENT	0x80000000U
#define DISCBURN_PROFILE_MASK		0x0000FFFFU

/**
 * struct discburn_features - DISCBURN_IOC_GET_FEATURES
 * @size: sizeof(struct discburn_features) as the caller knows it
 * @status: out: discburn status of the call
 * @count: out: number of valid entries in @features
 * @__reserved: must be zero
 * @features: out: feature codes (IMAPI_FEATURE_PAGE_TYPE values) in bits
 *	0-15, DISCBURN_FEATURE_CURRENT set on the current ones,
 *	DISCBURN_FEATURE_PERSISTENT on persistent ones
 */
struct discburn_features {
	__u32 size;
	__u32 status;
	__u32 count;
	__u32 __reserved;
	__u32 features[DISCBURN_MAX_FEATURES];
};

#define DISCBURN_FEATURE_CURRENT	0x80000000U
#define DISCBURN_FEATURE_PERSISTENT	0x40000000U
#define DISCBURN_FEATURE_MASK		0x0000FFFFU

/**
 * struct discburn_mode_pages - DISCBURN_IOC_GET_MODE_PAGES
 * @size: sizeof(struct discburn_mode_pages) as the caller knows it
 * @status: out: discburn status of the call
 * @request_type: in: IMAPI_MODE_PAGE_REQUEST_TYPE (0 current, 1 changeable,
 *	2 default, 3 saved)
 * @__reserved: must be zero
 * @pages: out: bit n set when mode page n (IMAPI_MODE_PAGE_TYPE) is
 *	supported (MODE SENSE(10) of page 3Fh)
 */
struct discburn_mode_pages {
	__u32 size;
	__u32 status;
	__u32 request_type;
	__u32 __reserved;
	__u64 pages;
};

/**
 * struct discburn_capabilities - DISCBURN_IOC_GET_CAPABILITIES
 * @size: sizeof(struct discburn_capabilities) as the caller knows it
 * @status: out: discburn status of the call
 * @flags: out: DISCBURN_CAP_* bits (from GET CONFIGURATION and page 2Ah)
 * @max_transfer: out: largest transfer of one command, in bytes
 * @alignment_mask: out: buffer alignment the queue requires, minus one
 * @buffer_size: out: drive buffer in bytes (page 2Ah), 0 if unknown
 * @__reserved: must be zero
 */
struct discburn_capabilities {
	__u32 size;
	__u32 status;
	__u32 flags;
	__u32 max_transfer;
	__u32 alignment_mask;
	__u32 buffer_size;
	__u32 __reserved[2];
};

#define DISCBURN_CAP_LOAD_MEDIA		(1U << 0)  /* can load (close tray) itself */
#define DISCBURN_CAP_EJECT		(1U << 1)  /* can eject */
#define DISCBURN_CAP_CD_TAO		(1U << 2)  /* 002Dh */
#define DISCBURN_CAP_CD_SAO		(1U << 3)  /* 002Eh SAO */
#define DISCBURN_CAP_CD_RAW16		(1U << 4)  /* 002Eh raw, 16-byte PQ */
#define DISCBURN_CAP_CD_RAW96P		(1U << 5)  /* 002Eh raw, packed R-W */
#define DISCBURN_CAP_CD_RAW96R		(1U << 6)  /* 002Eh raw, raw R-W */
#define DISCBURN_CAP_DVD_INCREMENTAL	(1U << 7)  /* 0021h on DVD-R/-RW */
#define DISCBURN_CAP_DVD_DAO		(1U << 8)  /* 002Fh */
#define DISCBURN_CAP_DVD_PLUS		(1U << 9)  /* 002Ah or 002Bh */
#define DISCBURN_CAP_BD_SRM		(1U << 10) /* 0041h */
#define DISCBURN_CAP_BUFE		(1U << 11) /* buffer-underrun free */
#define DISCBURN_CAP_TEST_WRITE		(1U << 12) /* simulated write */
#define DISCBURN_CAP_CD_WRITE		(1U << 13) /* any CD write mode */
#define DISCBURN_CAP_CD_RW		(1U << 14) /* CD-RW writing */

/**
 * struct discburn_write_speeds - DISCBURN_IOC_GET_WRITE_SPEEDS
 * @size: sizeof(struct discburn_write_speeds) as the caller knows it
 * @status: out: discburn status of the call
 * @count: out: number of valid entries in @kbps and @speed_flags
 * @current_kbps: out: current write speed in kB/s (1000 bytes), 0 if unknown
 * @kbps: out: supported write speeds for drive and medium, kB/s, fastest first
 * @speed_flags: out: DISCBURN_SPEED_* per entry of @kbps
 *
 * From GET PERFORMANCE type 03h (write speed descriptors). IMAPI2 reports
 * sectors per second: kbps * 1000 / 2048.
 */
struct discburn_write_speeds {
	__u32 size;
	__u32 status;
	__u32 count;
	__u32 current_kbps;
	__u32 kbps[DISCBURN_MAX_SPEEDS];
	__u32 speed_flags[DISCBURN_MAX_SPEEDS];
};

#define DISCBURN_SPEED_PURE_CAV		(1U << 0)

/**
 * struct discburn_media_info - DISCBURN_IOC_GET_MEDIA_INFO
 * @size: sizeof(struct discburn_media_info) as the caller knows it
 * @status: out: discburn status of the call
 * @physical_type: out: DISCBURN_MEDIA_* (IMAPI_MEDIA_PHYSICAL_TYPE)
 * @current_profile: out: MMC profile of the medium
 * @media_state: out: DISCBURN_MEDIA_STATE_* bits
 * @write_protect: out: DISCBURN_WP_* bits
 * @total_sectors: out: sectors on the medium, used and free
 * @free_sectors: out: sectors free for an incremental write
 * @next_writable_address: out: LBA of the next write (0 when blank)
 * @start_of_previous_session: out: first LBA of the last complete session,
 *	-1 if none
 * @last_written_of_previous_session: out: last LBA of that session, -1 if
 *	none
 * @start_of_next_session: out: blank CD-R/RW: start of the lead-in of the
 *	next session (negative, from ATIP); else the next writable address
 * @last_possible_start_of_leadout: out: CD: ATIP last possible lead-out
 *	start; else total_sectors; -1 if unknown
 * @sessions: out: number of sessions (incomplete one included)
 * @tracks: out: number of the last track
 * @disc_status: out: READ DISC INFORMATION disc status (0 blank,
 *	1 appendable, 2 complete, 3 other)
 * @__reserved: must be zero
 *
 * Touches the drive: READ DISC INFORMATION, READ TRACK INFORMATION,
 * GET CONFIGURATION, READ TOC/PMA/ATIP format 4 on CD-R/RW.
 */
struct discburn_media_info {
	__u32 size;
	__u32 status;
	__u32 physical_type;
	__u32 current_profile;
	__u32 media_state;
	__u32 write_protect;
	__u32 total_sectors;
	__u32 free_sectors;
	__u32 next_writable_address;
	__u32 start_of_previous_session;
	__u32 last_written_of_previous_session;
	__u32 start_of_next_session;
	__u32 last_possible_start_of_leadout;
	__u32 sessions;
	__u32 tracks;
	__u32 disc_status;
	__u32 __reserved[4];
};

/**
 * struct discburn_lock - DISCBURN_IOC_LOCK
 * @size: sizeof(struct discburn_lock) as the caller knows it
 * @status: out: discburn status of the call
 * @flags: in: DISCBURN_LOCK_IGNORE_VOLUME
 * @__reserved: must be zero
 * @client_name: in: 1..63 bytes of [0-9A-Za-z .,:;_-], NUL-terminated
 *
 * Makes this open file the exclusive owner of the recorder. Fails
 * RECORDER_LOCKED (EBUSY) if any file holds it, this one included;
 * RECORDER_CLIENT_NAME_IS_NOT_VALID (EINVAL) for a bad name; RECORDER_MEDIA_BUSY
 * (EBUSY) if a file system is mounted from the medium and
 * DISCBURN_LOCK_IGNORE_VOLUME is not given.
 */
struct discburn_lock {
	__u32 size;
	__u32 status;
	__u32 flags;
	__u32 __reserved;
	__u8 client_name[DISCBURN_CLIENT_NAME_LEN];
};

#define DISCBURN_LOCK_IGNORE_VOLUME	(1U << 0)

/**
 * struct discburn_unlock - DISCBURN_IOC_UNLOCK
 * @size: sizeof(struct discburn_unlock) as the caller knows it
 * @status: out: discburn status of the call
 * @flags: in: DISCBURN_UNLOCK_NO_MEDIA_NOTIFICATIONS
 * @__reserved: must be zero
 *
 * Fails E_ACCESS_DENIED (EPERM) when another file owns the lock and
 * E_FAIL (EINVAL) when nobody does.
 */
struct discburn_unlock {
	__u32 size;
	__u32 status;
	__u32 flags;
	__u32 __reserved;
};

#define DISCBURN_UNLOCK_NO_MEDIA_NOTIFICATIONS	(1U << 0)

/**
 * struct discburn_owner - DISCBURN_IOC_GET_OWNER
 * @size: sizeof(struct discburn_owner) as the caller knows it
 * @status: out: discburn status of the call
 * @locked: out: 1 if a client holds the lock
 * @pid: out: thread-group id (in the caller's pid namespace) of the process
 *	that took the lock, 0 if unknown or not locked
 * @since_ns: out: CLOCK_REALTIME time the lock was taken, ns
 * @mine: out: 1 if this open file holds the lock
 * @__reserved: must be zero
 * @client_name: out: the owner's client name, NUL-terminated
 */
struct discburn_owner {
	__u32 size;
	__u32 status;
	__u32 locked;
	__u32 pid;
	__u64 since_ns;
	__u32 mine;
	__u32 __reserved;
	__u8 client_name[DISCBURN_CLIENT_NAME_LEN];
};

/**
 * struct discburn_eject - DISCBURN_IOC_EJECT
 * @size: sizeof(struct discburn_eject) as the caller knows it
 * @status: out: discburn status of the call
 * @flags: in: DISCBURN_EJECT_CLOSE_TRAY to load instead of eject
 * @__reserved: must be zero
 *
 * START STOP UNIT with LoEj. Refused with RECORDER_LOCKED (EBUSY) to
 * anyone but the owner while the recorder is locked.
 */
struct discburn_eject {
	__u32 size;
	__u32 status;
	__u32 flags;
	__u32 __reserved;
};

#define DISCBURN_EJECT_CLOSE_TRAY	(1U << 0)

/*
 * Disc formats: the kernel half of IMAPI2's IDiscFormat2Data,
 * IDiscFormat2RawCD and IDiscFormat2Erase. A file has at most one session
 * (one burn, raw session or erase) at a time, a recorder at most one, and
 * only the exclusive lock's owner can have one; beginning a session takes
 * the lock under the file's client name when the file does not hold it.
 *
 * Per-file states (struct discburn_progress.state):
 *   IDLE --DATA_BEGIN--> READY --write()--> WRITING --SESSION_FINISH-->
 *   FINISHING --> DONE --(result collected by SESSION_FINISH)--> IDLE
 *   CANCEL from READY/WRITING: stops feeding, drains, reports
 *   REQUEST_CANCELLED through SESSION_FINISH. Closing the file cancels.
 *   Raw: IDLE --RAW_PREPARE--> PREPARED --RAW_WRITE--> READY --write()-->
 *   WRITING --SESSION_FINISH--> FINISHING --> PREPARED --RAW_RELEASE--> IDLE
 */
#define DISCBURN_FORMAT_NONE		0
#define DISCBURN_FORMAT_DATA		1	/* IDiscFormat2Data */
#define DISCBURN_FORMAT_RAW		2	/* IDiscFormat2RawCD */
#define DISCBURN_FORMAT_ERASE		3	/* IDiscFormat2Erase */

#define DISCBURN_SESSION_IDLE		0	/* no session */
#define DISCBURN_SESSION_READY		1	/* begun, no data yet */
#define DISCBURN_SESSION_WRITING	2	/* stream arriving */
#define DISCBURN_SESSION_FINISHING	3	/* stream ended: draining, closing */
#define DISCBURN_SESSION_PREPARED	4	/* raw: prepared, not writing */
#define DISCBURN_SESSION_DONE		5	/* ended; result not collected */

/* IMAPI_FORMAT2_DATA_WRITE_ACTION (progress.action of a data session) */
#define DISCBURN_ACTION_VALIDATING_MEDIA	0
#define DISCBURN_ACTION_FORMATTING_MEDIA	1
#define DISCBURN_ACTION_INITIALIZING_HARDWARE	2
#define DISCBURN_ACTION_CALIBRATING_POWER	3
#define DISCBURN_ACTION_WRITING_DATA		4
#define DISCBURN_ACTION_FINALIZATION		5
#define DISCBURN_ACTION_COMPLETED		6
#define DISCBURN_ACTION_VERIFYING		7

/* IMAPI_FORMAT2_RAW_CD_WRITE_ACTION (progress.action of a raw session) */
#define DISCBURN_RAW_ACTION_UNKNOWN		0
#define DISCBURN_RAW_ACTION_PREPARING		1
#define DISCBURN_RAW_ACTION_WRITING		2
#define DISCBURN_RAW_ACTION_FINISHING		3

/* progress.action of an erase session */
#define DISCBURN_ERASE_ACTION_ERASING		1
#define DISCBURN_ERASE_ACTION_COMPLETED		2

/* IMAPI_BURN_VERIFICATION_LEVEL */
#define DISCBURN_VERIFY_NONE		0
#define DISCBURN_VERIFY_QUICK		1
#define DISCBURN_VERIFY_FULL		2

/**
 * struct discburn_client_name - DISCBURN_IOC_SET_CLIENT_NAME
 * @size: sizeof(struct discburn_client_name) as the caller knows it
 * @status: out: discburn status of the call
 * @format: in: DISCBURN_FORMAT_DATA, _RAW or _ERASE: whose status values
 *	the call reports
 * @__reserved: must be zero
 * @client_name: in: 1..63 bytes of [0-9A-Za-z .,:;_-], NUL-terminated
 *
 * The name a session's exclusive lock is taken under (put_ClientName).
 * Fails <FORMAT>_CLIENT_NAME_IS_NOT_VALID (EINVAL) for a bad name,
 * <FORMAT>_WRITE_IN_PROGRESS (EBUSY) while the file's session is writing
 * or finishing, DF2RAW_MEDIA_IS_PREPARED (EBUSY) while a raw session is
 * prepared; the name stays as it was.
 */
struct discburn_client_name {
	__u32 size;
	__u32 status;
	__u32 format;
	__u32 __reserved;
	__u8 client_name[DISCBURN_CLIENT_NAME_LEN];
};

/**
 * struct discburn_format_support - DISCBURN_IOC_GET_FORMAT_SUPPORT
 * @size: sizeof(struct discburn_format_support) as the caller knows it
 * @status: out: discburn status of the call
 * @format: in: DISCBURN_FORMAT_*
 * @flags: out: DISCBURN_SUPPORT_* bits
 * @media_types: out: bit n set when this format can write medium type n
 *	(DISCBURN_MEDIA_*) in this drive (SupportedMediaTypes)
 * @physical_type: out: the current medium, DISCBURN_MEDIA_*
 * @__reserved: must be zero
 *
 * IsRecorderSupported, IsCurrentMediaSupported, MediaPhysicallyBlank,
 * MediaHeuristicallyBlank and SupportedMediaTypes, decided from the
 * drive's profiles and features (GET CONFIGURATION), never from its name.
 * No medium, or one the drive cannot read, is success with
 * DISCBURN_SUPPORT_MEDIA clear.
 */
struct discburn_format_support {
	__u32 size;
	__u32 status;
	__u32 format;
	__u32 flags;
	__u64 media_types;
	__u32 physical_type;
	__u32 __reserved;
};

#define DISCBURN_SUPPORT_RECORDER		(1U << 0)
#define DISCBURN_SUPPORT_MEDIA			(1U << 1)
#define DISCBURN_SUPPORT_PHYSICALLY_BLANK	(1U << 2)
#define DISCBURN_SUPPORT_HEURISTICALLY_BLANK	(1U << 3)

/**
 * struct discburn_data_begin - DISCBURN_IOC_DATA_BEGIN
 * @size: sizeof(struct discburn_data_begin) as the caller knows it
 * @status: out: 0, S_SPEEDADJUSTED, S_ROTATIONADJUSTED or S_BOTHADJUSTED
 *	on success; else why the session could not begin
 * @flags: in: DISCBURN_DATA_* (IDiscFormat2Data's options)
 * @verify: in: DISCBURN_VERIFY_* level, run after the disc is closed
 * @write_speed: in: requested speed in sectors (2048 bytes) per second,
 *	0xFFFFFFFF (or 0) for the fastest (SetWriteSpeed)
 * @ring_kib: in: stream ring size in KiB, 0 for the default; out: the
 *	size used (bounded by the ring_max_kib module parameter)
 * @stream_bytes: in: declared size of the stream, 0 if unknown; checked
 *	against the free space (STREAM_TOO_LARGE_FOR_CURRENT_MEDIA) and
 *	against the multiple of 2048 (STREAM_NOT_SUPPORTED)
 * @start_lba: out: LBA of the stream's first sector
 * @free_sectors: out: sectors free for this write
 * @current_speed: out: the speed the drive uses, sectors per second
 * @chunk_bytes: out: bytes per WRITE command
 * @__reserved: must be zero
 *
 * Validates the medium, takes the exclusive lock under the file's client
 * name if the file does not hold it, locks the door, formats a blank
 * DVD+RW or BD-RE, sets write parameters and speed, and leaves the file's
 * session READY for the stream, which arrives by write(2), writev(2) or
 * splice(2)/sendfile(2) in 2048-byte sectors. Failures: DF2DATA_*
 * (WRITE_IN_PROGRESS, INVALID_MEDIA_STATE, MEDIA_NOT_BLANK,
 * MEDIA_IS_NOT_SUPPORTED, RECORDER_NOT_SUPPORTED, STREAM_NOT_SUPPORTED,
 * STREAM_TOO_LARGE_FOR_CURRENT_MEDIA, CLIENT_NAME_IS_NOT_VALID when no
 * name was set), RECORDER_MEDIA_NO_MEDIA, RECORDER_MEDIA_WRITE_PROTECTED,
 * RECORDER_LOCKED.
 */
struct discburn_data_begin {
	__u32 size;
	__u32 status;
	__u32 flags;
	__u32 verify;
	__u32 write_speed;
	__u32 ring_kib;
	__u64 stream_bytes;
	__u32 start_lba;
	__u32 free_sectors;
	__u32 current_speed;
	__u32 chunk_bytes;
	__u32 __reserved[4];
};

#define DISCBURN_DATA_FORCE_CLOSE	(1U << 0)  /* ForceMediaToBeClosed */
#define DISCBURN_DATA_FORCE_OVERWRITE	(1U << 1)  /* ForceOverwrite */
#define DISCBURN_DATA_POSTGAP_IN_IMAGE	(1U << 2)  /* PostgapAlreadyInImage */
#define DISCBURN_DATA_BUFE_DISABLED	(1U << 3)  /* BufferUnderrunFreeDisabled */
#define DISCBURN_DATA_NO_DVD_COMPAT	(1U << 4)  /* DisableConsumerDvdCompatibilityMode */
#define DISCBURN_DATA_APPEND		(1U << 5)  /* add a session to an appendable disc */
#define DISCBURN_DATA_TEST_WRITE	(1U << 6)  /* simulate (CD, DVD-R) */
#define DISCBURN_DATA_PURE_CAV		(1U << 7)  /* RequestedRotationTypeIsPureCAV */
#define DISCBURN_DATA_FLAGS		0xFFU

#define DISCBURN_SPEED_FASTEST		0xFFFFFFFFU

/**
 * struct discburn_session_finish - DISCBURN_IOC_SESSION_FINISH
 * @size: sizeof(struct discburn_session_finish) as the caller knows it
 * @status: out: the session's result: 0 or S_*ADJUSTED on success, else
 *	its failure (REQUEST_CANCELLED, LOSS_OF_STREAMING, BURN_VERIFICATION_
 *	FAILED, DF2DATA_STREAM_NOT_SUPPORTED, DEVICE_NOT_CONNECTED...)
 * @flags: in: DISCBURN_FINISH_NOWAIT
 * @__reserved: must be zero
 * @failed_lba: out: first LBA that failed (write error, verification), or
 *	-1
 * @last_written_lba: out: last LBA the drive accepted; before the first
 *	WRITE, the stream's start LBA - 1 (so it only grows)
 * @bytes: out: stream bytes taken
 *
 * Ends the stream (a short last unit is padded as the medium requires),
 * waits for the session to end (drain, SYNCHRONIZE CACHE, close track,
 * session or disc, verify, unlock the door, release a lock the session
 * took) and collects its result; the file is IDLE again. Interrupted by a
 * signal it fails EINTR and the session goes on: call it again.
 * DISCBURN_FINISH_NOWAIT ends the stream and returns EINPROGRESS at once
 * unless the session is DONE. Without a session: WRITE_NOT_IN_PROGRESS.
 */
struct discburn_session_finish {
	__u32 size;
	__u32 status;
	__u32 flags;
	__u32 __reserved;
	__u32 failed_lba;
	__u32 last_written_lba;
	__u64 bytes;
};

#define DISCBURN_FINISH_NOWAIT		(1U << 0)

/**
 * struct discburn_session_cancel - DISCBURN_IOC_SESSION_CANCEL
 * @size: sizeof(struct discburn_session_cancel) as the caller knows it
 * @status: out: discburn status of the call
 * @format: in: DISCBURN_FORMAT_* of the caller's format object, for the
 *	status when nothing runs
 * @__reserved: must be zero
 *
 * CancelWrite: from any thread that has the file. Stops taking the
 * stream (blocked writers return ECANCELED), waits for the commands in
 * flight, closes what can be closed; SESSION_FINISH then reports
 * REQUEST_CANCELLED. Fails <FORMAT>_WRITE_NOT_IN_PROGRESS (ENOENT) when no
 * session is writing.
 */
struct discburn_session_cancel {
	__u32 size;
	__u32 status;
	__u32 format;
	__u32 __reserved;
};

/**
 * struct discburn_progress - DISCBURN_IOC_GET_PROGRESS
 * @size: sizeof(struct discburn_progress) as the caller knows it
 * @status: out: discburn status of the call
 * @format: out: DISCBURN_FORMAT_* of the recorder's session, 0 if none
 * @state: out: DISCBURN_SESSION_*
 * @action: out: CurrentAction (DISCBURN_ACTION_*, _RAW_ACTION_* or
 *	_ERASE_ACTION_* by @format)
 * @result: out: the session's status: 0 while it runs or after success
 * @start_lba: out: StartLba
 * @sector_count: out: SectorCount: sectors of the stream, declared or so
 *	far
 * @last_read_lba: out: LastReadLba: last sector taken from the stream
 * @last_written_lba: out: LastWrittenLba: last sector the drive accepted;
 *	@start_lba - 1 before the first WRITE, so it only grows (a raw
 *	session starts in the lead-in, where -1 is a real sector)
 * @failed_lba: out: LBA of the failure, -1 if none
 * @sense: out: sense key << 16 | ASC << 8 | ASCQ of the failure, 0 if none
 * @elapsed_ns: out: ElapsedTime
 * @remaining_ns: out: RemainingTime (estimate, 0 if unknown)
 * @ring_total: out: TotalSystemBuffer, bytes
 * @ring_used: out: UsedSystemBuffer, bytes (FreeSystemBuffer is the
 *	difference)
 * @bytes_read: out: stream bytes taken
 * @bytes_written: out: bytes the drive accepted (stream and padding)
 * @drive_buffer_total: out: the drive's buffer (READ BUFFER CAPACITY),
 *	bytes, 0 if unknown
 * @drive_buffer_free: out: free bytes of it
 * @current_speed: out: write speed in use, kB/s (1000 bytes)
 * @owner_pid: out: process that began the session
 * @writes: out: WRITE commands completed
 * @busy_retries: out: WRITEs resent: after LONG WRITE IN PROGRESS, or
 *	refused because they reached the drive before the WRITE ahead of them
 * @seq: out: incremented at every change of @action or @state
 * @__reserved: must be zero
 *
 * Any file may ask, the lock owner's or not: it reads the recorder's
 * current session (or the last one, until another begins).
 */
struct discburn_progress {
	__u32 size;
	__u32 status;
	__u32 format;
	__u32 state;
	__u32 action;
	__u32 result;
	__u32 start_lba;
	__u32 sector_count;
	__u32 last_read_lba;
	__u32 last_written_lba;
	__u32 failed_lba;
	__u32 sense;
	__u64 elapsed_ns;
	__u64 remaining_ns;
	__u64 ring_total;
	__u64 ring_used;
	__u64 bytes_read;
	__u64 bytes_written;
	__u32 drive_buffer_total;
	__u32 drive_buffer_free;
	__u32 current_speed;
	__u32 owner_pid;
	__u64 writes;
	__u32 busy_retries;
	__u32 seq;
	__u32 __reserved[4];
};

/**
 * struct discburn_erase - DISCBURN_IOC_ERASE
 * @size: sizeof(struct discburn_erase) as the caller knows it
 * @status: out: the result (as SESSION_FINISH reports it)
 * @flags: in: DISCBURN_ERASE_FULL (FullErase)
 * @__reserved: must be zero
 *
 * IDiscFormat2Erase::EraseMedia: blanks a CD-RW (minimal, or full), or
 * formats a DVD+RW or BD-RE (quick, or full), as an erase session with
 * progress; takes the lock under the file's client name if needed and
 * waits for the end. Interrupted by a signal it fails EINTR and the
 * erase goes on: SESSION_FINISH collects the result. Fails
 * ERASE_MEDIA_IS_NOT_SUPPORTED, ERASE_RECORDER_NOT_SUPPORTED,
 * ERASE_CLIENT_NAME_IS_NOT_VALID, ERASE_RECORDER_IN_USE (another session),
 * ERASE_DRIVE_FAILED_ERASE_COMMAND.
 */
struct discburn_erase {
	__u32 size;
	__u32 status;
	__u32 flags;
	__u32 __reserved;
};

#define DISCBURN_ERASE_FULL		(1U << 0)

/**
 * struct discburn_stream_join - DISCBURN_IOC_STREAM_JOIN
 * @size: sizeof(struct discburn_stream_join) as the caller knows it
 * @status: out: discburn status of the call
 * @fd: in: an open /dev/discburnM whose data session leads the duplication
 * @flags: in: none defined, must be zero
 * @__reserved: must be zero
 *
 * Duplication: the caller's data session (begun, no data yet) writes the
 * stream of the session of @fd (another recorder's, begun, no data yet)
 * instead of a stream of its own: the stream is written once, into that
 * session's ring, by write(2) on any of the files, and every member's
 * drive writes it at its own pace; SESSION_FINISH on any of them ends the
 * stream, and each file's SESSION_FINISH returns its own result. A member
 * that fails, is cancelled or unplugged drops out; the others go on.
 * Fails DF2DATA_WRITE_NOT_IN_PROGRESS (ENOENT) without a data session,
 * E_INVALIDARG (EINVAL) when @fd is no recorder with a data session, or
 * when the rings' units do not match, DF2DATA_WRITE_IN_PROGRESS (EBUSY)
 * once either stream has begun.
 */
struct discburn_stream_join {
	__u32 size;
	__u32 status;
	__u32 fd;
	__u32 flags;
	__u32 __reserved[2];
};

/* IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE = MMC data block type */
#define DISCBURN_RAW_SUBCODE_PQ_ONLY	1	/* 2352 + 16-byte P-Q: 2368 bytes */
#define DISCBURN_RAW_SUBCODE_IS_COOKED	2	/* 2352 + packed P-W: 2448 bytes */
#define DISCBURN_RAW_SUBCODE_IS_RAW	3	/* 2352 + raw P-W: 2448 bytes */

/* Where IMAPI's raw images begin: MSF 95:00:00, LBA -22650 */
#define DISCBURN_RAW_DEFAULT_LEADIN	22650

/**
 * struct discburn_raw_prepare - DISCBURN_IOC_RAW_PREPARE
 * @size: sizeof(struct discburn_raw_prepare) as the caller knows it
 * @status: out: 0 or S_*ADJUSTED, else why the medium cannot be prepared
 * @sector_type: in: DISCBURN_RAW_SUBCODE_*, 0 for IS_COOKED
 * @flags: in: DISCBURN_RAW_BUFE_DISABLED
 * @write_speed: in: sectors per second, counted in 2048-byte sectors as
 *	for data, or DISCBURN_SPEED_FASTEST (or 0)
 * @sector_types: out: bit n set when the drive takes sector type n
 *	(SupportedSectorTypes)
 * @start_of_next_session: out: StartOfNextSession: LBA of the lead-in
 *	start (negative on a blank disc, from the ATIP)
 * @last_possible_start_of_leadout: out: LastPossibleStartOfLeadout
 * @current_speed: out: the speed the drive uses, sectors per second
 * @__reserved: must be zero
 *
 * IDiscFormat2RawCD::PrepareMedia: takes the lock under the file's client
 * name (DISCBURN_FORMAT_RAW) if the file does not hold it, checks the
 * drive and the medium, locks the door; the file's raw session is then
 * PREPARED. Fails DF2RAW_MEDIA_IS_PREPARED (already), DF2RAW_WRITE_IN_PROGRESS
 * (another session), DF2RAW_CLIENT_NAME_IS_NOT_VALID (no name),
 * DF2RAW_RECORDER_NOT_SUPPORTED (no raw Disc-At-Once),
 * DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED, DF2RAW_MEDIA_IS_NOT_SUPPORTED (not a
 * CD-R/RW), DF2RAW_MEDIA_IS_NOT_BLANK, RECORDER_MEDIA_NO_MEDIA,
 * RECORDER_LOCKED.
 */
struct discburn_raw_prepare {
	__u32 size;
	__u32 status;
	__u32 sector_type;
	__u32 flags;
	__u32 write_speed;
	__u32 sector_types;
	__u32 start_of_next_session;
	__u32 last_possible_start_of_leadout;
	__u32 current_speed;
	__u32 __reserved[3];
};

#define DISCBURN_RAW_BUFE_DISABLED	(1U << 0)	/* BufferUnderrunFreeDisabled */

/**
 * struct discburn_raw_write - DISCBURN_IOC_RAW_WRITE
 * @size: sizeof(struct discburn_raw_write) as the caller knows it
 * @status: out: discburn status of the call
 * @leadin_sectors: in: sectors of the stream before LBA 0 (WriteMedia2's
 *	streamLeadInSectors); 0 for DISCBURN_RAW_DEFAULT_LEADIN (WriteMedia:
 *	the stream begins at MSF 95:00:00)
 * @flags: in: none defined, must be zero
 * @stream_bytes: in: declared size of the stream, 0 if unknown
 * @ring_kib: in: stream ring size in KiB, 0 for the default; out: the
 *	size used
 * @start_lba: out: LBA of the first sector sent to the drive (the lead-in
 *	start)
 * @skip_sectors: out: stream sectors before that, which the kernel
 *	skips (IMAPI's Seek)
 * @sector_bytes: out: bytes per stream sector (2368 or 2448)
 * @chunk_bytes: out: bytes per WRITE
 * @__reserved: must be zero
 *
 * IDiscFormat2RawCD::WriteMedia/WriteMedia2: from PREPARED, begins the
 * stream (write(2), writev(2), splice(2) of whole sectors of the prepared
 * type), ended by SESSION_FINISH, after which the session is PREPARED
 * again until DISCBURN_IOC_RAW_RELEASE. Fails DF2RAW_MEDIA_IS_NOT_PREPARED,
 * DF2RAW_WRITE_IN_PROGRESS, DF2RAW_MEDIA_IS_NOT_BLANK,
 * DF2RAW_STREAM_LEADIN_TOO_SHORT (the stream begins after the medium's
 * lead-in start), DF2RAW_STREAM_NOT_SUPPORTED (a declared size that is
 * not whole sectors), DF2RAW_NOT_ENOUGH_SPACE.
 */
struct discburn_raw_write {
	__u32 size;
	__u32 status;
	__u32 leadin_sectors;
	__u32 flags;
	__u64 stream_bytes;
	__u32 ring_kib;
	__u32 start_lba;
	__u32 skip_sectors;
	__u32 sector_bytes;
	__u32 chunk_bytes;
	__u32 __reserved[3];
};

/**
 * struct discburn_raw_release - DISCBURN_IOC_RAW_RELEASE
 * @size: sizeof(struct discburn_raw_release) as the caller knows it
 * @status: out: discburn status of the call
 * @flags: in: none defined, must be zero
 * @__reserved: must be zero
 *
 * IDiscFormat2RawCD::ReleaseMedia: unlocks the door and drops the lock
 * PrepareMedia took; the file is IDLE. Fails DF2RAW_MEDIA_IS_NOT_PREPARED
 * and DF2RAW_WRITE_IN_PROGRESS (finish or cancel the write first).
 */
struct discburn_raw_release {
	__u32 size;
	__u32 status;
	__u32 flags;
	__u32 __reserved;
};

#define DISCBURN_IOC_GET_PROFILES	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 1)
#define DISCBURN_IOC_GET_FEATURES	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 2)
#define DISCBURN_IOC_GET_MODE_PAGES	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 3)
#define DISCBURN_IOC_GET_CAPABILITIES	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 4)
#define DISCBURN_IOC_GET_WRITE_SPEEDS	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 5)
#define DISCBURN_IOC_GET_MEDIA_INFO	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 6)
#define DISCBURN_IOC_LOCK		_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 7)
#define DISCBURN_IOC_UNLOCK		_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 8)
#define DISCBURN_IOC_GET_OWNER		_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 9)
#define DISCBURN_IOC_EJECT		_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 10)
#define DISCBURN_IOC_SET_CLIENT_NAME	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 11)
#define DISCBURN_IOC_GET_FORMAT_SUPPORT	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 12)
#define DISCBURN_IOC_DATA_BEGIN		_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 13)
#define DISCBURN_IOC_SESSION_FINISH	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 14)
#define DISCBURN_IOC_SESSION_CANCEL	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 15)
#define DISCBURN_IOC_GET_PROGRESS	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 16)
#define DISCBURN_IOC_ERASE		_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 17)
#define DISCBURN_IOC_RAW_PREPARE	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 18)
#define DISCBURN_IOC_RAW_WRITE		_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 19)
#define DISCBURN_IOC_RAW_RELEASE	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 20)
#define DISCBURN_IOC_STREAM_JOIN	_IO(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE + 21)

/*
 * Generic netlink family "discburn" (Documentation/netlink/specs/discburn.yaml).
 */
#define DISCBURN_FAMILY_NAME		"discburn"
#define DISCBURN_FAMILY_VERSION		1
#define DISCBURN_MCGRP_EVENTS		"events"

enum {
	DISCBURN_A_RECORDER_INDEX = 1,		/* u32: N of /dev/discburnN */
	DISCBURN_A_RECORDER_VENDOR,		/* string */
	DISCBURN_A_RECORDER_MODEL,		/* string */
	DISCBURN_A_RECORDER_REVISION,		/* string */
	DISCBURN_A_RECORDER_BLOCK_DEVICE,	/* string: "srN", absent if none */
	DISCBURN_A_RECORDER_STATE,		/* u32: enum discburn_recorder_state */
	DISCBURN_A_RECORDER_OWNER_NAME,		/* string: only while locked */
	DISCBURN_A_RECORDER_OWNER_PID,		/* u32: only while locked */
	DISCBURN_A_RECORDER_OWNER_SINCE,	/* u64: CLOCK_REALTIME ns */
	DISCBURN_A_RECORDER_SCSI_TYPE,		/* u32 */
	DISCBURN_A_RECORDER_CURRENT_PROFILE,	/* u32: last known, 0 none */
	DISCBURN_A_RECORDER_PAD,		/* padding for u64 */
	DISCBURN_A_RECORDER_PROGRESS,		/* nest: DISCBURN_A_PROGRESS_* */

	__DISCBURN_A_RECORDER_MAX,
	DISCBURN_A_RECORDER_MAX = (__DISCBURN_A_RECORDER_MAX - 1)
};

/* Inside DISCBURN_A_RECORDER_PROGRESS: struct discburn_progress's fields */
enum {
	DISCBURN_A_PROGRESS_FORMAT = 1,		/* u32: DISCBURN_FORMAT_* */
	DISCBURN_A_PROGRESS_STATE,		/* u32: DISCBURN_SESSION_* */
	DISCBURN_A_PROGRESS_ACTION,		/* u32: CurrentAction */
	DISCBURN_A_PROGRESS_RESULT,		/* u32: status, 0 while running */
	DISCBURN_A_PROGRESS_START_LBA,		/* u32 (signed) */
	DISCBURN_A_PROGRESS_SECTOR_COUNT,	/* u32 */
	DISCBURN_A_PROGRESS_LAST_READ_LBA,	/* u32 (signed) */
	DISCBURN_A_PROGRESS_LAST_WRITTEN_LBA,	/* u32 (signed) */
	DISCBURN_A_PROGRESS_FAILED_LBA,		/* u32 (signed), -1 none */
	DISCBURN_A_PROGRESS_SENSE,		/* u32: key << 16 | asc << 8 | ascq */
	DISCBURN_A_PROGRESS_ELAPSED_NS,		/* u64 */
	DISCBURN_A_PROGRESS_REMAINING_NS,	/* u64 */
	DISCBURN_A_PROGRESS_RING_TOTAL,		/* u64: bytes */
	DISCBURN_A_PROGRESS_RING_USED,		/* u64: bytes */
	DISCBURN_A_PROGRESS_BYTES_READ,		/* u64 */
	DISCBURN_A_PROGRESS_BYTES_WRITTEN,	/* u64 */
	DISCBURN_A_PROGRESS_DRIVE_BUFFER_TOTAL,	/* u32: bytes */
	DISCBURN_A_PROGRESS_DRIVE_BUFFER_FREE,	/* u32: bytes */
	DISCBURN_A_PROGRESS_CURRENT_SPEED,	/* u32: kB/s */
	DISCBURN_A_PROGRESS_SEQ,		/* u32 */
	DISCBURN_A_PROGRESS_WRITES,		/* u64 */
	DISCBURN_A_PROGRESS_PAD,		/* padding for u64 */
	DISCBURN_A_PROGRESS_OWNER_PID,		/* u32: who began it (initial pid ns) */
	DISCBURN_A_PROGRESS_BUSY_RETRIES,	/* u32: WRITEs resent */

	__DISCBURN_A_PROGRESS_MAX,
	DISCBURN_A_PROGRESS_MAX = (__DISCBURN_A_PROGRESS_MAX - 1)
};

enum {
	DISCBURN_CMD_GET_RECORDER = 1,		/* do (index) and dump */
	DISCBURN_CMD_RECORDER_ADD_NTF,		/* events: recorder attached */
	DISCBURN_CMD_RECORDER_DEL_NTF,		/* events: recorder removed */
	DISCBURN_CMD_MEDIA_CHANGE_NTF,		/* events: medium changed */
	DISCBURN_CMD_LOCK_CHANGE_NTF,		/* events: locked or unlocked */
	DISCBURN_CMD_PROGRESS_NTF,		/* events: a session's progress */
	DISCBURN_CMD_WRITE_DONE_NTF,		/* events: a session ended (result) */

	__DISCBURN_CMD_MAX,
	DISCBURN_CMD_MAX = (__DISCBURN_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_DISCBURN_H */
