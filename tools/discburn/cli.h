/* SPDX-License-Identifier: GPL-2.0 */
/*
 * discburn CLI: the subcommand table and the helpers they share.
 */
#ifndef _DISCBURN_CLI_H_
#define _DISCBURN_CLI_H_

#include <stdbool.h>
#include <discburn.h>

#include "json.h"
#include "progress.h"

/* Exit codes (documented in Documentation/cli.rst and `discburn --help`). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* the operation failed; the message says why */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_NODEV = 3,		/* no such recorder, or it went away */
	EXIT_LOCKED = 4,	/* another client holds the recorder */
	EXIT_NOMEDIA = 5,	/* no disc in the drive */
	EXIT_ACCESS = 6,	/* permission denied */
	EXIT_CANCELLED = 7,	/* burn/blank cancelled (Ctrl-C, SIGTERM) */
};

struct discburn_cmd {
	const char *name;
	int (*fn)(struct discburn_ctx *ctx, int argc, char *argv[]);
	const char *args;	/* synopsis after the name */
	const char *help;	/* one line */
	const char *usage;	/* option list for `discburn CMD --help` */
};

extern const struct discburn_cmd discburn_cmd_list;
extern const struct discburn_cmd discburn_cmd_info;
extern const struct discburn_cmd discburn_cmd_media;
extern const struct discburn_cmd discburn_cmd_lock;
extern const struct discburn_cmd discburn_cmd_owner;
extern const struct discburn_cmd discburn_cmd_eject;
extern const struct discburn_cmd discburn_cmd_monitor;
extern const struct discburn_cmd discburn_cmd_burn;
extern const struct discburn_cmd discburn_cmd_blank;
extern const struct discburn_cmd discburn_cmd_msinfo;

/* common.c */
extern const char *program_name;
void cli_usage(const struct discburn_cmd *cmd, FILE *f);
int cli_usage_error(const struct discburn_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cli_exit_code(int status);
int cli_fail(struct discburn_recorder *rec, const char *device, const char *what,
	     int status);
int cli_open(struct discburn_ctx *ctx, const char *device, struct discburn_recorder **rec);
int cli_take_device(const struct discburn_cmd *cmd, int argc, char *argv[],
		    const char **device);
int cli_one_device(const struct discburn_cmd *cmd, int argc, char *argv[], bool *json,
		   const char **device);
void cli_format_time(int64_t epoch, char *buf, size_t len);
void cli_format_iso_time(int64_t epoch, char *buf, size_t len);
void cli_owner_sentence(const struct discburn_exclusive_owner *o, char *buf, size_t len);
void cli_json_owner(struct json *j, const char *key, const struct discburn_exclusive_owner *o);
int cli_disc_state(struct discburn_recorder *rec, char *buf, size_t len);
bool cli_is_tty(int fd);

#endif /* _DISCBURN_CLI_H_ */
