// SPDX-License-Identifier: GPL-2.0
/*
 * The one sense decoder: every CHECK CONDITION and every transport failure
 * of a discburn command becomes a discburn status (numerically the IMAPI2
 * HRESULT) and an errno here, from one table.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <scsi/scsi.h>
#include <scsi/scsi_eh.h>
#include <scsi/scsi_proto.h>

#include "discburn.h"

#define ANY	0x100	/* wildcard for asc or ascq */

/**
 * struct discburn_sense_map - one row of the sense table
 * @key: sense key
 * @asc: additional sense code, or ANY
 * @ascq: additional sense code qualifier, or ANY
 * @status: discburn status
 * @error: positive errno
 */
struct discburn_sense_map {
	u8 key;
	u16 asc;
	u16 ascq;
	u32 status;
	int error;
};

/* First match wins: specific rows before the wildcards of the same key. */
static const struct discburn_sense_map discburn_sense_table[] = {
	{ NOT_READY, 0x3a, ANY, DISCBURN_E_RECORDER_MEDIA_NO_MEDIA, ENOMEDIUM },
	{ NOT_READY, 0x04, 0x01, DISCBURN_E_RECORDER_MEDIA_BECOMING_READY, EAGAIN },
	{ NOT_READY, 0x04, 0x04, DISCBURN_E_RECORDER_MEDIA_FORMAT_IN_PROGRESS, EBUSY },
	{ NOT_READY, 0x04, 0x07, DISCBURN_E_RECORDER_MEDIA_BUSY, EBUSY },
	/* LONG WRITE IN PROGRESS: the drive buffer is full, resend later */
	{ NOT_READY, 0x04, 0x08, DISCBURN_E_RECORDER_MEDIA_BUSY, EAGAIN },
	{ NOT_READY, 0x04, ANY, DISCBURN_E_RECORDER_MEDIA_BECOMING_READY, EAGAIN },
	{ NOT_READY, 0x30, ANY, DISCBURN_E_RECORDER_MEDIA_INCOMPATIBLE, EMEDIUMTYPE },
	{ NOT_READY, 0x57, ANY, DISCBURN_E_RECORDER_MEDIA_INCOMPATIBLE, EMEDIUMTYPE },
	{ NOT_READY, ANY, ANY, DISCBURN_E_RECORDER_MEDIA_BECOMING_READY, EAGAIN },
	{ MEDIUM_ERROR, 0x0c, 0x09, DISCBURN_E_LOSS_OF_STREAMING, EIO },
	{ MEDIUM_ERROR, 0x30, ANY, DISCBURN_E_RECORDER_MEDIA_INCOMPATIBLE, EMEDIUMTYPE },
	{ MEDIUM_ERROR, ANY, ANY, DISCBURN_E_FAIL, EIO },
	{ HARDWARE_ERROR, ANY, ANY, DISCBURN_E_FAIL, EIO },
	{ ILLEGAL_REQUEST, 0x20, ANY, DISCBURN_E_NOTIMPL, EOPNOTSUPP },
	{ ILLEGAL_REQUEST, 0x21, ANY, DISCBURN_E_INVALIDARG, ENOSPC },
	{ ILLEGAL_REQUEST, 0x24, ANY, DISCBURN_E_INVALIDARG, EINVAL },
	{ ILLEGAL_REQUEST, 0x26, ANY, DISCBURN_E_RECORDER_INVALID_MODE_PARAMETERS, EINVAL },
	{ ILLEGAL_REQUEST, 0x27, ANY, DISCBURN_E_RECORDER_MEDIA_WRITE_PROTECTED, EROFS },
	{ ILLEGAL_REQUEST, 0x2c, ANY, DISCBURN_E_UNEXPECTED_RESPONSE_FROM_DEVICE, EIO },
	{ ILLEGAL_REQUEST, 0x30, ANY, DISCBURN_E_RECORDER_MEDIA_INCOMPATIBLE, EMEDIUMTYPE },
	{ ILLEGAL_REQUEST, 0x53, 0x02, DISCBURN_E_RECORDER_MEDIA_BUSY, EBUSY },
	{ ILLEGAL_REQUEST, 0x63, ANY, DISCBURN_E_INVALIDARG, ENOSPC },
	{ ILLEGAL_REQUEST, 0x64, ANY, DISCBURN_E_RECORDER_MEDIA_INCOMPATIBLE, EMEDIUMTYPE },
	{ ILLEGAL_REQUEST, 0x6f, ANY, DISCBURN_E_ACCESS_DENIED, EACCES },
	{ ILLEGAL_REQUEST, ANY, ANY, DISCBURN_E_INVALIDARG, EINVAL },
	{ UNIT_ATTENTION, 0x28, ANY, DISCBURN_E_RECORDER_MEDIA_BECOMING_READY, EAGAIN },
	{ UNIT_ATTENTION, ANY, ANY, DISCBURN_E_RECORDER_MEDIA_BECOMING_READY, EAGAIN },
	{ DATA_PROTECT, ANY, ANY, DISCBURN_E_RECORDER_MEDIA_WRITE_PROTECTED, EROFS },
	{ ABORTED_COMMAND, ANY, ANY, DISCBURN_E_FAIL, EIO },
};

/**
 * discburn_sense_to_status() - map decoded sense to a status and errno
 * @sshdr: the decoded sense
 * @status: out: discburn status, 0 for no error or a recovered one
 *
 * Return: 0 when the sense reports no failure, else a negated errno value.
 */
int discburn_sense_to_status(const struct scsi_sense_hdr *sshdr, u32 *status)
{
	const struct discburn_sense_map *m;
	size_t i;

	if (sshdr->sense_key == NO_SENSE || sshdr->sense_key == RECOVERED_ERROR) {
		*status = DISCBURN_S_OK;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(discburn_sense_table); i++) {
		m = &discburn_sense_table[i];
		if (m->key != sshdr->sense_key)
			continue;
		if (m->asc != ANY && m->asc != sshdr->asc)
			continue;
		if (m->ascq != ANY && m->ascq != sshdr->ascq)
			continue;
		*status = m->status;
		return -m->error;
	}
	*status = DISCBURN_E_UNEXPECTED_RESPONSE_FROM_DEVICE;
	return -EIO;
}

/**
 * discburn_result_to_status() - decode a finished command
 * @cmd: the command, with @result and @sense filled in
 *
 * Sets @cmd->status, @cmd->sshdr and @cmd->sshdr_valid. Safe in any
 * context.
 *
 * Return: 0 on success, else a negated errno value (also in @cmd->error).
 */
int discburn_result_to_status(struct discburn_cmd *cmd)
{
	int ret = 0;

	cmd->sshdr_valid = cmd->sense_len &&
		scsi_normalize_sense(cmd->sense, cmd->sense_len, &cmd->sshdr);
	cmd->status = DISCBURN_S_OK;

	if (cmd->error) {
		/* the request never reached the device or came back failed */
		ret = cmd->error;
		cmd->status = ret == -ETIMEDOUT ? DISCBURN_E_RECORDER_COMMAND_TIMEOUT :
			ret == -ENODEV ? DISCBURN_E_DEVICE_NOT_CONNECTED : DISCBURN_E_FAIL;
	} else if (host_byte(cmd->result) == DID_TIME_OUT) {
		cmd->status = DISCBURN_E_RECORDER_COMMAND_TIMEOUT;
		ret = -ETIMEDOUT;
	} else if (host_byte(cmd->result) == DID_NO_CONNECT ||
		   host_byte(cmd->result) == DID_BAD_TARGET) {
		cmd->status = DISCBURN_E_DEVICE_NOT_CONNECTED;
		ret = -ENODEV;
	} else if (cmd->sshdr_valid) {
		ret = discburn_sense_to_status(&cmd->sshdr, &cmd->status);
	} else if (host_byte(cmd->result) != DID_OK) {
		cmd->status = DISCBURN_E_FAIL;
		ret = -EIO;
	} else if (cmd->result & 0xff) {
		/* CHECK CONDITION without sense, BUSY, RESERVATION CONFLICT... */
		cmd->status = DISCBURN_E_UNEXPECTED_RESPONSE_FROM_DEVICE;
		ret = -EIO;
	}
	cmd->error = ret;
	return ret;
}

/**
 * discburn_sense_code() - the failure's sense triple, packed
 * @cmd: a finished command
 *
 * Return: sense key << 16 | ASC << 8 | ASCQ, or 0 without decoded sense.
 */
u32 discburn_sense_code(const struct discburn_cmd *cmd)
{
	if (!cmd->sshdr_valid)
		return 0;
	return (u32)cmd->sshdr.sense_key << 16 | (u32)cmd->sshdr.asc << 8 |
	       cmd->sshdr.ascq;
}

/**
 * discburn_sense_info() - the INFORMATION field of the sense data
 * @cmd: a finished command
 * @info: out: the field, as a (possibly negative) LBA
 *
 * Return: true when the drive reported a valid INFORMATION field.
 */
bool discburn_sense_info(const struct discburn_cmd *cmd, s32 *info)
{
	u64 v;

	if (!cmd->sense_len ||
	    !scsi_get_sense_info_fld(cmd->sense, cmd->sense_len, &v))
		return false;
	*info = (s32)(u32)v;
	return true;
}
