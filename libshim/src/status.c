// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Status values: one table from every DISCBURN_S_ and DISCBURN_E_ value of
 * the uapi header to its name and a sentence, and the mapping of POSIX
 * errors that reach the library without a driver status to the COM values
 * IMAPI2 uses for them. selftests/host/status.c checks the table against
 * the header: complete, unique, every sentence present.
 */
#include <errno.h>
#include <stddef.h>

#include "internal.h"

#define S(sym, text) { DISCBURN_##sym, "DISCBURN_" #sym, text }

const struct discburn_status_desc discburn_status_table[] = {
	S(S_OK, "Success"),
	S(E_NOTIMPL, "Not implemented by this driver or drive"),
	S(E_POINTER, "Invalid pointer argument"),
	S(E_FAIL, "Unspecified failure"),
	S(E_ACCESS_DENIED, "Access denied"),
	S(E_OUTOFMEMORY, "Out of memory"),
	S(E_DEVICE_NOT_CONNECTED, "The recorder is not connected (removed, or the driver is not loaded)"),
	S(E_INVALIDARG, "Invalid argument"),
	S(E_REQUEST_CANCELLED, "The request was cancelled"),
	S(E_RECORDER_REQUIRED, "No recorder has been selected"),
	S(S_SPEEDADJUSTED, "The write speed was adjusted to one the drive supports"),
	S(S_ROTATIONADJUSTED, "The rotation type was adjusted to one the drive supports"),
	S(S_BOTHADJUSTED, "Both write speed and rotation type were adjusted"),
	S(E_BURN_VERIFICATION_FAILED, "Verification of the written data failed"),
	S(S_COMMAND_HAS_SENSE_DATA, "The drive failed the command and returned sense data"),
	S(E_RECORDER_NO_SUCH_MODE_PAGE, "The drive does not have the requested mode page"),
	S(E_RECORDER_MEDIA_NO_MEDIA, "There is no disc in the drive"),
	S(E_RECORDER_MEDIA_INCOMPATIBLE, "The disc in the drive is incompatible or of an unknown type"),
	S(E_RECORDER_MEDIA_UPSIDE_DOWN, "The disc is inserted upside down"),
	S(E_RECORDER_MEDIA_BECOMING_READY, "The drive is becoming ready; try again shortly"),
	S(E_RECORDER_MEDIA_FORMAT_IN_PROGRESS, "The disc is being formatted; try again when it is done"),
	S(E_RECORDER_MEDIA_BUSY, "The drive is busy with a long operation"),
	S(E_RECORDER_INVALID_MODE_PARAMETERS, "The drive rejected the mode parameters"),
	S(E_RECORDER_MEDIA_WRITE_PROTECTED, "The disc is write-protected"),
	S(E_RECORDER_NO_SUCH_FEATURE, "The drive does not support the requested feature"),
	S(E_RECORDER_FEATURE_IS_NOT_CURRENT, "The feature is not current for the disc in the drive"),
	S(E_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED, "The drive does not support GET CONFIGURATION"),
	S(E_RECORDER_COMMAND_TIMEOUT, "The drive did not complete the command in time"),
	S(E_RECORDER_DVD_STRUCTURE_NOT_PRESENT, "The requested DVD structure is not present"),
	S(E_RECORDER_MEDIA_SPEED_MISMATCH, "The drive does not support the disc's speed"),
	S(E_RECORDER_LOCKED, "The recorder is exclusively locked by another client"),
	S(E_RECORDER_CLIENT_NAME_IS_NOT_VALID, "Invalid client name: use 1-63 characters of 0-9 A-Z a-z space . , : ; _ -"),
	S(E_RECORDER_MEDIA_NOT_FORMATTED, "The disc must be formatted first"),
	S(E_RECORDER_INVALID_RESPONSE_FROM_DEVICE, "The drive returned invalid data"),
	S(E_LOSS_OF_STREAMING, "Loss of streaming (buffer underrun): use a local source, a lower speed, or enable BUFE"),
	S(E_UNEXPECTED_RESPONSE_FROM_DEVICE, "The drive reported an unrecoverable error while writing"),
	S(S_WRITE_NOT_IN_PROGRESS, "No write is in progress"),
	S(E_DF2DATA_WRITE_IN_PROGRESS, "A data write is in progress"),
	S(E_DF2DATA_WRITE_NOT_IN_PROGRESS, "No data write is in progress"),
	S(E_DF2DATA_INVALID_MEDIA_STATE, "The disc is in a state that cannot be written"),
	S(E_DF2DATA_STREAM_NOT_SUPPORTED, "The data stream is not usable (its size must be a multiple of 2048 bytes)"),
	S(E_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA, "The data does not fit on the disc"),
	S(E_DF2DATA_MEDIA_NOT_BLANK, "The disc is not blank; erase it or force overwrite"),
	S(E_DF2DATA_MEDIA_IS_NOT_SUPPORTED, "This disc type cannot be written as data"),
	S(E_DF2DATA_RECORDER_NOT_SUPPORTED, "The drive cannot write data discs of this kind"),
	S(E_DF2DATA_CLIENT_NAME_IS_NOT_VALID, "Invalid client name for the data writer"),
	S(E_DF2TAO_WRITE_IN_PROGRESS, "A track-at-once write is in progress"),
	S(E_DF2TAO_WRITE_NOT_IN_PROGRESS, "No track-at-once write is in progress"),
	S(E_DF2TAO_MEDIA_IS_NOT_PREPARED, "The disc has not been prepared for track-at-once writing"),
	S(E_DF2TAO_MEDIA_IS_PREPARED, "Not allowed while the disc is prepared for track-at-once writing"),
	S(E_DF2TAO_PROPERTY_FOR_BLANK_MEDIA_ONLY, "This setting applies to blank discs only"),
	S(E_DF2TAO_TABLE_OF_CONTENTS_EMPTY_DISC, "An empty disc has no table of contents"),
	S(E_DF2TAO_MEDIA_IS_NOT_BLANK, "Track-at-once audio needs a blank CD-R or CD-RW"),
	S(E_DF2TAO_MEDIA_IS_NOT_SUPPORTED, "Track-at-once audio supports only CD-R and CD-RW"),
	S(E_DF2TAO_TRACK_LIMIT_REACHED, "A CD holds at most 99 tracks"),
	S(E_DF2TAO_NOT_ENOUGH_SPACE, "The track does not fit on the disc"),
	S(E_DF2TAO_NO_RECORDER_SPECIFIED, "No recorder has been set for the track-at-once writer"),
	S(E_DF2TAO_INVALID_ISRC, "Invalid ISRC"),
	S(E_DF2TAO_INVALID_MCN, "Invalid media catalog number"),
	S(E_DF2TAO_STREAM_NOT_SUPPORTED, "The audio stream is not usable"),
	S(E_DF2TAO_RECORDER_NOT_SUPPORTED, "The drive cannot write track-at-once"),
	S(E_DF2TAO_CLIENT_NAME_IS_NOT_VALID, "Invalid client name for the track-at-once writer"),
	S(E_DF2RAW_WRITE_IN_PROGRESS, "A raw write is in progress"),
	S(E_DF2RAW_WRITE_NOT_IN_PROGRESS, "No raw write is in progress"),
	S(E_DF2RAW_MEDIA_IS_NOT_PREPARED, "The disc has not been prepared for raw writing"),
	S(E_DF2RAW_MEDIA_IS_PREPARED, "Not allowed while the disc is prepared for raw writing"),
	S(E_DF2RAW_CLIENT_NAME_IS_NOT_VALID, "Invalid client name for the raw writer"),
	S(E_DF2RAW_MEDIA_IS_NOT_BLANK, "Raw writing needs a blank CD-R or CD-RW"),
	S(E_DF2RAW_MEDIA_IS_NOT_SUPPORTED, "Raw writing supports only CD-R and CD-RW"),
	S(E_DF2RAW_NOT_ENOUGH_SPACE, "The session does not fit on the disc"),
	S(E_DF2RAW_NO_RECORDER_SPECIFIED, "No recorder has been set for the raw writer"),
	S(E_DF2RAW_STREAM_NOT_SUPPORTED, "The raw stream is not usable"),
	S(E_DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED, "The drive does not support the requested raw sector type"),
	S(E_DF2RAW_STREAM_LEADIN_TOO_SHORT, "The raw stream has too little lead-in for this disc"),
	S(E_DF2RAW_RECORDER_NOT_SUPPORTED, "The drive cannot write raw disc-at-once"),
	S(E_ERASE_RECORDER_IN_USE, "An erase is in progress on this recorder"),
	S(E_ERASE_ONLY_ONE_RECORDER_SUPPORTED, "Only one recorder can be erased at a time"),
	S(E_ERASE_DISC_INFORMATION_TOO_SMALL, "The drive returned too little disc information"),
	S(E_ERASE_MODE_PAGE_2A_TOO_SMALL, "The drive returned too little capabilities data"),
	S(E_ERASE_MEDIA_IS_NOT_ERASABLE, "The disc cannot be erased"),
	S(E_ERASE_DRIVE_FAILED_ERASE_COMMAND, "The drive failed the erase command"),
	S(E_ERASE_TOOK_LONGER_THAN_ONE_HOUR, "The erase did not finish within an hour"),
	S(E_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE, "Unexpected drive error during erase; the disc's state is unknown"),
	S(E_ERASE_DRIVE_FAILED_SPINUP_COMMAND, "The drive failed to spin up"),
	S(E_ERASE_MEDIA_IS_NOT_SUPPORTED, "This disc type cannot be erased"),
	S(E_ERASE_RECORDER_NOT_SUPPORTED, "The drive cannot erase discs"),
	S(E_ERASE_CLIENT_NAME_IS_NOT_VALID, "Invalid client name for the eraser"),
	S(E_RAW_IMAGE_IS_READ_ONLY, "The raw image has already been created and is read-only"),
	S(E_RAW_IMAGE_TOO_MANY_TRACKS, "Track numbers are limited to 1-99"),
	S(E_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED, "The sector type is not supported"),
	S(E_RAW_IMAGE_NO_TRACKS, "The raw image has no tracks"),
	S(E_RAW_IMAGE_TRACKS_ALREADY_ADDED, "Must be set before tracks are added"),
	S(E_RAW_IMAGE_INSUFFICIENT_SPACE, "The lead-out would start beyond the limit"),
	S(E_RAW_IMAGE_TOO_MANY_TRACK_INDEXES, "A track holds at most 99 indexes"),
	S(E_RAW_IMAGE_TRACK_INDEX_NOT_FOUND, "No index at that offset"),
	S(S_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS, "The index already exists"),
	S(E_RAW_IMAGE_TRACK_INDEX_OFFSET_ZERO_CANNOT_BE_CLEARED, "Index 1 at offset 0 cannot be removed"),
	S(E_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX, "Indexes must be at least 10 sectors apart"),
};

const size_t discburn_status_table_len = ARRAY_SIZE(discburn_status_table);

static const struct discburn_status_desc *lookup(int status)
{
	size_t i;

	for (i = 0; i < discburn_status_table_len; i++)
		if (discburn_status_table[i].value == (uint32_t)status)
			return &discburn_status_table[i];
	return NULL;
}

DISCBURN_EXPORT const char *discburn_strerror(int status)
{
	const struct discburn_status_desc *d = lookup(status);

	if (d)
		return d->text;
	return status < 0 ? "Unknown failure" : "Unknown success code";
}

DISCBURN_EXPORT const char *discburn_status_name(int status)
{
	const struct discburn_status_desc *d = lookup(status);

	return d ? d->name : NULL;
}

/**
 * discburn_status_from_errno() - status for a POSIX failure without one
 * @errnum: a positive errno value
 *
 * Used when a system call fails before the driver could fill in a status
 * (open(), a missing ioctl, sysfs, netlink).
 *
 * Return: the IMAPI2/COM status as a (negative) int; 0 for 0.
 */
int discburn_status_from_errno(int errnum)
{
	switch (errnum) {
	case 0:
		return 0;
	case ENOMEM:
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	case EINVAL:
	case E2BIG:
	case ERANGE:
	case ENAMETOOLONG:
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	case EACCES:
	case EPERM:
	case EROFS:
		return DISCBURN_STATUS(DISCBURN_E_ACCESS_DENIED);
	case ENOENT:
	case ENODEV:
	case ENXIO:
	case ESHUTDOWN:
		return DISCBURN_STATUS(DISCBURN_E_DEVICE_NOT_CONNECTED);
	case EFAULT:
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	case ENOTTY:
	case EOPNOTSUPP:
	case ENOSYS:
	case EPROTONOSUPPORT:
		return DISCBURN_STATUS(DISCBURN_E_NOTIMPL);
	case EBUSY:
		return DISCBURN_STATUS(DISCBURN_E_RECORDER_LOCKED);
	case ENOMEDIUM:
		return DISCBURN_STATUS(DISCBURN_E_RECORDER_MEDIA_NO_MEDIA);
	case ETIMEDOUT:
		return DISCBURN_STATUS(DISCBURN_E_RECORDER_COMMAND_TIMEOUT);
	case ECANCELED:
	case EINTR:
		return DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED);
	default:
		return DISCBURN_STATUS(DISCBURN_E_FAIL);
	}
}
