// SPDX-License-Identifier: GPL-2.0
/*
 * Pure helpers of burn, blank and monitor: option values, the progress bar
 * and progress as JSON. selftests/host/cli_progress.c tests them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"

/* 1x of each family in sectors of 2048 bytes per second (MMC's ratings) */
#define CD_1X_SECTORS	75.0			/* 153,600 B/s */
#define DVD_1X_SECTORS	(1385000.0 / 2048)	/* 676.27 */
#define BD_1X_SECTORS	(4495500.0 / 2048)	/* 2195.07 */

/**
 * cli_parse_speed() - parse --speed
 * @s: "max" (or "fastest"), "Nx" with N > 0 (decimals allowed), or a
 *	positive whole number of sectors per second
 * @sp: out
 *
 * Return: 0, or -1 for anything else.
 */
int cli_parse_speed(const char *s, struct cli_speed *sp)
{
	unsigned long v;
	size_t len;
	char *end;
	double x;

	if (!s || !*s)
		return -1;
	if (!strcmp(s, "max") || !strcmp(s, "fastest")) {
		sp->kind = CLI_SPEED_MAX;
		return 0;
	}
	len = strlen(s);
	if (s[len - 1] == 'x' || s[len - 1] == 'X') {
		if (len < 2 || !(s[0] >= '0' && s[0] <= '9') ||
		    !(s[len - 2] >= '0' && s[len - 2] <= '9'))
			return -1;
		errno = 0;
		x = strtod(s, &end);
		if (errno || end != s + len - 1 || !(x > 0) || x > 1000)
			return -1;
		sp->kind = CLI_SPEED_X;
		sp->x = x;
		return 0;
	}
	if (!(s[0] >= '1' && s[0] <= '9'))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > INT32_MAX)
		return -1;
	sp->kind = CLI_SPEED_SECTORS;
	sp->sectors = (uint32_t)v;
	return 0;
}

/**
 * cli_speed_sectors() - the --speed value in sectors per second
 * @sp: parsed
 * @media_type: DISCBURN_MEDIA_* of the disc, for an x-rating
 *
 * Return: sectors per second (at least 1), or -1 for the fastest.
 */
int32_t cli_speed_sectors(const struct cli_speed *sp, uint32_t media_type)
{
	double one, v;

	switch (sp->kind) {
	case CLI_SPEED_SECTORS:
		return (int32_t)sp->sectors;
	case CLI_SPEED_X:
		break;
	default:
		return -1;
	}
	switch (media_type) {
	case DISCBURN_MEDIA_CDROM:
	case DISCBURN_MEDIA_CDR:
	case DISCBURN_MEDIA_CDRW:
		one = CD_1X_SECTORS;
		break;
	case DISCBURN_MEDIA_BDROM:
	case DISCBURN_MEDIA_BDR:
	case DISCBURN_MEDIA_BDRE:
		one = BD_1X_SECTORS;
		break;
	default:
		one = DVD_1X_SECTORS;
		break;
	}
	v = sp->x * one + 0.5;
	return v < 1 ? 1 : v > INT32_MAX ? INT32_MAX : (int32_t)v;
}

static const char *const verify_names[] = {
	[DISCBURN_VERIFY_NONE] = "none",
	[DISCBURN_VERIFY_QUICK] = "quick",
	[DISCBURN_VERIFY_FULL] = "full",
};

/** cli_parse_verify() - "none", "quick" or "full"; 0 or -1 */
int cli_parse_verify(const char *s, unsigned int *level)
{
	unsigned int i;

	for (i = 0; s && i < sizeof(verify_names) / sizeof(verify_names[0]); i++) {
		if (!strcmp(s, verify_names[i])) {
			*level = i;
			return 0;
		}
	}
	return -1;
}

const char *cli_verify_name(unsigned int level)
{
	return level < sizeof(verify_names) / sizeof(verify_names[0]) ? verify_names[level] :
									 NULL;
}

const char *cli_disc_state_name(uint32_t disc_status)
{
	static const char *const names[] = { "blank", "appendable", "complete", "other" };

	return disc_status < 4 ? names[disc_status] : "unknown";
}

void cli_format_duration(uint64_t ns, char *buf, size_t len)
{
	uint64_t s = (ns + 500000000ULL) / 1000000000ULL;

	if (s >= 3600)
		snprintf(buf, len, "%u:%02u:%02u", (unsigned int)(s / 3600),
			 (unsigned int)(s / 60 % 60), (unsigned int)(s % 60));
	else
		snprintf(buf, len, "%u:%02u", (unsigned int)(s / 60), (unsigned int)(s % 60));
}

double cli_progress_percent(const struct discburn_write_progress *p)
{
	double done, total;

	if (p->state == DISCBURN_SESSION_DONE && p->result >= 0)
		return 100.0;
	if (p->format == DISCBURN_FORMAT_ERASE) {
		if (!p->total_ns)
			return -1;
		done = (double)p->elapsed_ns;
		total = (double)p->total_ns;
	} else {
		if (p->sector_count <= 0)
			return -1;
		/* last_written_lba is start_lba - 1 until the first WRITE */
		done = p->bytes_written && p->last_written_lba >= p->start_lba ?
		       (double)(p->last_written_lba - p->start_lba + 1) : 0;
		total = (double)p->sector_count;
	}
	if (done > total)
		done = total;
	return 100.0 * done / total;
}

double cli_progress_mibps(const struct discburn_write_progress *p)
{
	if (!p->elapsed_ns || !p->bytes_written)
		return 0;
	return (double)p->bytes_written / 1048576.0 / ((double)p->elapsed_ns / 1e9);
}

static int fill_percent(uint64_t used, uint64_t total)
{
	if (!total)
		return -1;
	if (used > total)
		used = total;
	return (int)((used * 100 + total / 2) / total);
}

#define BAR 16	/* columns of the bar between its brackets */

/* Short words for the bar, which must fit 80 columns. */
static const char *action_label(const struct discburn_write_progress *p)
{
	static const char *const data[] = {
		[DISCBURN_ACTION_VALIDATING_MEDIA] = "validating",
		[DISCBURN_ACTION_FORMATTING_MEDIA] = "formatting",
		[DISCBURN_ACTION_INITIALIZING_HARDWARE] = "initializing",
		[DISCBURN_ACTION_CALIBRATING_POWER] = "calibrating",
		[DISCBURN_ACTION_WRITING_DATA] = "writing",
		[DISCBURN_ACTION_FINALIZATION] = "finalizing",
		[DISCBURN_ACTION_COMPLETED] = "done",
		[DISCBURN_ACTION_VERIFYING] = "verifying",
	};
	const char *a;

	if (p->format == DISCBURN_FORMAT_DATA && p->action < sizeof(data) / sizeof(data[0]))
		return data[p->action];
	a = discburn_action_name(p->format, p->action);
	return a ? a : "working";
}

/**
 * cli_progress_line() - the terminal's progress line
 * @p: the progress
 * @width: columns available (the line is cut to width - 1)
 * @buf: out, NUL-terminated
 * @len: room in @buf
 *
 * "[######----------]  42%  12.3 MiB/s ETA 0:35 ring  87% drive  63% writing"
 * Unknown values read "--".
 */
void cli_progress_line(const struct discburn_write_progress *p, int width, char *buf,
		       size_t len)
{
	char bar[32], eta[16] = "--:--", pct[16] = " --%", ring[16] = " --%", drive[16] = " --%";
	double percent = cli_progress_percent(p);
	int i, fill, r, d, n;

	if (p->remaining_ns && p->state != DISCBURN_SESSION_DONE)
		cli_format_duration(p->remaining_ns, eta, sizeof(eta));
	else if (p->state == DISCBURN_SESSION_DONE)
		snprintf(eta, sizeof(eta), "0:00");
	fill = percent < 0 ? 0 : (int)(percent * BAR / 100);
	bar[0] = '[';
	for (i = 0; i < BAR; i++)
		bar[1 + i] = i < fill ? '#' : '-';
	bar[BAR + 1] = ']';
	bar[BAR + 2] = '\0';
	if (percent >= 0)
		snprintf(pct, sizeof(pct), "%3d%%", (int)percent);
	r = fill_percent(p->ring_used, p->ring_total);
	if (r >= 0)
		snprintf(ring, sizeof(ring), "%3d%%", r);
	d = fill_percent(p->drive_buffer_total - (p->drive_buffer_free < p->drive_buffer_total ?
						  p->drive_buffer_free : p->drive_buffer_total),
			 p->drive_buffer_total);
	if (d >= 0)
		snprintf(drive, sizeof(drive), "%3d%%", d);
	if (p->format == DISCBURN_FORMAT_ERASE) {
		char el[16];

		cli_format_duration(p->elapsed_ns, el, sizeof(el));
		n = snprintf(buf, len, "%s %s elapsed %s ETA %s %s", bar, pct, el, eta,
			     action_label(p));
	} else {
		n = snprintf(buf, len, "%s %s %5.1f MiB/s ETA %s ring %s drive %s %s", bar,
			     pct, cli_progress_mibps(p), eta, ring, drive, action_label(p));
	}
	if (width > 1 && n >= width && (size_t)(width - 1) < len)
		buf[width - 1] = '\0';
}

static const char *state_names[] = {
	[DISCBURN_SESSION_IDLE] = "idle",
	[DISCBURN_SESSION_READY] = "ready",
	[DISCBURN_SESSION_WRITING] = "writing",
	[DISCBURN_SESSION_FINISHING] = "finishing",
	[DISCBURN_SESSION_PREPARED] = "prepared",
	[DISCBURN_SESSION_DONE] = "done",
};

static const char *format_names[] = {
	[DISCBURN_FORMAT_NONE] = "none",
	[DISCBURN_FORMAT_DATA] = "data",
	[DISCBURN_FORMAT_RAW] = "raw",
	[DISCBURN_FORMAT_ERASE] = "erase",
};

/**
 * cli_progress_json() - a progress as members of a JSON object
 * @j: the writer, inside an object
 * @p: the progress
 *
 * format, state, action (names and codes), percent (null while unknown),
 * the LBAs, times in seconds and nanoseconds, ring and drive buffer, speed,
 * bytes, writes and the result (as a number and, when not 0, its name).
 */
void cli_progress_json(struct json *j, const struct discburn_write_progress *p)
{
	double percent = cli_progress_percent(p);
	const char *name;

	json_string(j, "format", p->format < 4 ? format_names[p->format] : NULL);
	json_string(j, "state", p->state < 6 ? state_names[p->state] : NULL);
	json_string(j, "action", discburn_action_name(p->format, p->action));
	json_uint(j, "action_code", p->action);
	if (percent >= 0)
		json_double(j, "percent", percent);
	else
		json_null(j, "percent");
	json_int(j, "start_lba", p->start_lba);
	json_int(j, "sector_count", p->sector_count);
	json_int(j, "last_read_lba", p->last_read_lba);
	json_int(j, "last_written_lba", p->last_written_lba);
	json_int(j, "failed_lba", p->failed_lba);
	json_double(j, "elapsed_s", (double)p->elapsed_ns / 1e9);
	json_double(j, "remaining_s", (double)p->remaining_ns / 1e9);
	json_double(j, "total_s", (double)p->total_ns / 1e9);
	json_uint(j, "elapsed_ns", p->elapsed_ns);
	json_uint(j, "ring_total", p->ring_total);
	json_uint(j, "ring_used", p->ring_used);
	json_uint(j, "ring_free", p->ring_free);
	json_uint(j, "drive_buffer_total", p->drive_buffer_total);
	json_uint(j, "drive_buffer_free", p->drive_buffer_free);
	json_uint(j, "speed_kbps", p->current_speed_kbps);
	json_uint(j, "speed_sectors", p->current_speed);
	json_uint(j, "bytes_read", p->bytes_read);
	json_uint(j, "bytes_written", p->bytes_written);
	json_uint(j, "writes", p->writes);
	json_uint(j, "seq", p->seq);
	json_int(j, "result", (uint32_t)p->result);
	name = discburn_status_name(p->result);
	json_string(j, "result_name", p->result ? name : NULL);
}
