/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure helpers of burn, blank and monitor (progress.c, no I/O but the
 * FILE they are given): option values, the progress bar, progress as
 * JSON members, durations and disc states. Unit-tested on the host.
 */
#ifndef _DISCBURN_CLI_PROGRESS_H_
#define _DISCBURN_CLI_PROGRESS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <discburn.h>

#include "json.h"

/* --speed: "max", an x-rating ("4x", "2.4x") or sectors per second ("1350") */
struct cli_speed {
	enum { CLI_SPEED_MAX, CLI_SPEED_X, CLI_SPEED_SECTORS } kind;
	double x;
	uint32_t sectors;
};

int cli_parse_speed(const char *s, struct cli_speed *sp);
int32_t cli_speed_sectors(const struct cli_speed *sp, uint32_t media_type);
int cli_parse_verify(const char *s, unsigned int *level);
const char *cli_verify_name(unsigned int level);

/* "blank", "appendable", "complete", "other" for READ DISC INFORMATION's status */
const char *cli_disc_state_name(uint32_t disc_status);
/* "0:07", "12:34", "1:02:03" */
void cli_format_duration(uint64_t ns, char *buf, size_t len);
/* Done fraction of a session in percent, -1 while unknown. */
double cli_progress_percent(const struct discburn_write_progress *p);
/* Average write rate so far, MiB/s (0 before anything was written). */
double cli_progress_mibps(const struct discburn_write_progress *p);
/*
 * One line for a terminal, without newline: bar, percent, MiB/s, ETA, ring
 * and drive-buffer fill and the action, at most @width columns.
 */
void cli_progress_line(const struct discburn_write_progress *p, int width, char *buf,
		       size_t len);
/* The members of one progress JSON object (the caller opens and closes it). */
void cli_progress_json(struct json *j, const struct discburn_write_progress *p);

#endif /* _DISCBURN_CLI_PROGRESS_H_ */
