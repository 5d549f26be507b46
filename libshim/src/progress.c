// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct discburn_write_progress, the library's IDiscFormat2DataEventArgs:
 * made from the driver's struct discburn_progress (GET_PROGRESS) or from
 * the netlink progress nest (event.c), with the derived values IMAPI2
 * reports too (TotalTime, FreeSystemBuffer, the speed in sectors per
 * second), and copied out to callers that may know a shorter struct.
 * Pure: no I/O.
 */
#include <string.h>

#include "internal.h"

/**
 * discburn_kbps_to_sectors() - kB/s (1000 bytes) to 2048-byte sectors/s
 * @kbps: the drive's unit
 *
 * Return: sectors per second, rounded to the nearest.
 */
uint32_t discburn_kbps_to_sectors(uint32_t kbps)
{
	return (uint32_t)(((uint64_t)kbps * 1000 + 1024) / 2048);
}

/**
 * discburn_progress_derive() - fill in what follows from the rest
 * @p: progress with the driver's fields set
 *
 * TotalTime is elapsed plus remaining while the estimate is known (0 when
 * not), the elapsed time once the session is done; FreeSystemBuffer is
 * total minus used.
 */
void discburn_progress_derive(struct discburn_write_progress *p)
{
	if (p->state == DISCBURN_SESSION_DONE)
		p->total_ns = p->elapsed_ns;
	else
		p->total_ns = p->remaining_ns ? p->elapsed_ns + p->remaining_ns : 0;
	p->ring_free = p->ring_used < p->ring_total ? p->ring_total - p->ring_used : 0;
	p->current_speed = discburn_kbps_to_sectors(p->current_speed_kbps);
}

/**
 * discburn_progress_from_uapi() - convert the driver's snapshot
 * @k: DISCBURN_IOC_GET_PROGRESS's answer
 * @p: out: the whole library struct, size set
 */
void discburn_progress_from_uapi(const struct discburn_progress *k,
				 struct discburn_write_progress *p)
{
	memset(p, 0, sizeof(*p));
	p->size = sizeof(*p);
	p->format = k->format;
	p->state = k->state;
	p->action = k->action;
	p->result = (int32_t)k->result;
	p->start_lba = (int32_t)k->start_lba;
	p->sector_count = (int32_t)k->sector_count;
	p->last_read_lba = (int32_t)k->last_read_lba;
	p->last_written_lba = (int32_t)k->last_written_lba;
	p->failed_lba = (int32_t)k->failed_lba;
	p->sense = k->sense;
	p->seq = k->seq;
	p->elapsed_ns = k->elapsed_ns;
	p->remaining_ns = k->remaining_ns;
	p->ring_total = k->ring_total;
	p->ring_used = k->ring_used;
	p->bytes_read = k->bytes_read;
	p->bytes_written = k->bytes_written;
	p->drive_buffer_total = k->drive_buffer_total;
	p->drive_buffer_free = k->drive_buffer_free;
	p->current_speed_kbps = k->current_speed;
	p->writes = k->writes;
	discburn_progress_derive(p);
}

/**
 * discburn_progress_none() - the progress of a session that never ran
 * @p: out
 * @format: DISCBURN_FORMAT_*
 * @result: why
 *
 * A final progress for a write that failed before the driver had a
 * session: done, nothing read or written, every LBA -1.
 */
void discburn_progress_none(struct discburn_write_progress *p, uint32_t format, int result)
{
	memset(p, 0, sizeof(*p));
	p->size = sizeof(*p);
	p->format = format;
	p->state = DISCBURN_SESSION_DONE;
	p->action = format == DISCBURN_FORMAT_ERASE ? DISCBURN_ERASE_ACTION_COMPLETED :
		    format == DISCBURN_FORMAT_RAW ? DISCBURN_RAW_ACTION_UNKNOWN :
		    DISCBURN_ACTION_COMPLETED;
	p->result = result;
	p->last_read_lba = -1;
	p->last_written_lba = -1;
	p->failed_lba = -1;
}

/**
 * discburn_progress_copy_out() - hand a progress to a caller
 * @src: the library's whole struct
 * @dst: the caller's, with @dst->size the size it knows
 *
 * Return: 0, or DISCBURN_E_INVALIDARG when @dst->size cannot even hold
 * the size field.
 */
int discburn_progress_copy_out(const struct discburn_write_progress *src,
			       struct discburn_write_progress *dst)
{
	size_t n = dst->size;

	if (n < sizeof(uint32_t))
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	if (n > sizeof(*src))
		n = sizeof(*src);
	memcpy(dst, src, n);
	dst->size = (uint32_t)n;
	return 0;
}

static const char *const data_actions[] = {
	[DISCBURN_ACTION_VALIDATING_MEDIA] = "validating-media",
	[DISCBURN_ACTION_FORMATTING_MEDIA] = "formatting-media",
	[DISCBURN_ACTION_INITIALIZING_HARDWARE] = "initializing-hardware",
	[DISCBURN_ACTION_CALIBRATING_POWER] = "calibrating-power",
	[DISCBURN_ACTION_WRITING_DATA] = "writing",
	[DISCBURN_ACTION_FINALIZATION] = "finalization",
	[DISCBURN_ACTION_COMPLETED] = "completed",
	[DISCBURN_ACTION_VERIFYING] = "verifying",
};

static const char *const raw_actions[] = {
	[DISCBURN_RAW_ACTION_UNKNOWN] = "unknown",
	[DISCBURN_RAW_ACTION_PREPARING] = "preparing",
	[DISCBURN_RAW_ACTION_WRITING] = "writing",
	[DISCBURN_RAW_ACTION_FINISHING] = "finishing",
};

static const char *const erase_actions[] = {
	[DISCBURN_ERASE_ACTION_ERASING] = "erasing",
	[DISCBURN_ERASE_ACTION_COMPLETED] = "completed",
};

#define NAME_OF(tbl, i) ((i) < ARRAY_SIZE(tbl) ? (tbl)[i] : NULL)

DISCBURN_EXPORT const char *discburn_action_name(unsigned int format, unsigned int action)
{
	switch (format) {
	case DISCBURN_FORMAT_DATA:
		return NAME_OF(data_actions, action);
	case DISCBURN_FORMAT_RAW:
		return NAME_OF(raw_actions, action);
	case DISCBURN_FORMAT_ERASE:
		return NAME_OF(erase_actions, action);
	default:
		return NULL;
	}
}
