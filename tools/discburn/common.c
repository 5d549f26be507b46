// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers every subcommand shares: usage, opening a recorder, and turning
 * a status into a message that names the cause and the way out.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

const char *program_name = "discburn";

void cli_usage(const struct discburn_cmd *cmd, FILE *f)
{
	fprintf(f, "Usage: %s %s %s\n%s\n", program_name, cmd->name, cmd->args, cmd->help);
	if (cmd->usage)
		fprintf(f, "\n%s", cmd->usage);
}

int cli_usage_error(const struct discburn_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", program_name, cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s %s --help'.\n", program_name, cmd->name);
	return EXIT_USAGE;
}

int cli_exit_code(int status)
{
	switch ((uint32_t)status) {
	case 0:
		return EXIT_OK;
	case DISCBURN_E_DEVICE_NOT_CONNECTED:
		return EXIT_NODEV;
	case DISCBURN_E_RECORDER_LOCKED:
		return EXIT_LOCKED;
	case DISCBURN_E_RECORDER_MEDIA_NO_MEDIA:
		return EXIT_NOMEDIA;
	case DISCBURN_E_ACCESS_DENIED:
		return EXIT_ACCESS;
	default:
		return status < 0 ? EXIT_FAIL : EXIT_OK;
	}
}

void cli_format_time(int64_t epoch, char *buf, size_t len)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	if (!localtime_r(&t, &tm) || !strftime(buf, len, "%H:%M:%S", &tm))
		snprintf(buf, len, "%lld", (long long)epoch);
}

void cli_format_iso_time(int64_t epoch, char *buf, size_t len)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, len, "%lld", (long long)epoch);
}

/* "locked by 'Kiosk Burner' (pid 812) since 12:01:07" */
void cli_owner_sentence(const struct discburn_exclusive_owner *o, char *buf, size_t len)
{
	char when[32], pid[32] = "";

	if (!o->locked) {
		snprintf(buf, len, "not locked");
		return;
	}
	cli_format_time(o->since, when, sizeof(when));
	if (o->pid > 0)
		snprintf(pid, sizeof(pid), " (pid %d)", (int)o->pid);
	snprintf(buf, len, "locked by '%s'%s since %s", o->name, pid, when);
}

void cli_json_owner(struct json *j, const char *key, const struct discburn_exclusive_owner *o)
{
	char iso[40];

	if (!o->locked) {
		json_null(j, key);
		return;
	}
	cli_format_iso_time(o->since, iso, sizeof(iso));
	json_object_begin(j, key);
	json_string(j, "client", o->name);
	if (o->pid > 0)
		json_int(j, "pid", o->pid);
	else
		json_null(j, "pid");
	json_int(j, "since_epoch", o->since);
	json_string(j, "since", iso);
	json_bool(j, "mine", o->mine);
	json_object_end(j);
}

/**
 * cli_fail() - explain a failed status on stderr
 * @rec: the recorder concerned, if open (to ask who holds the lock)
 * @device: the device as the user named it
 * @what: what was being done ("lock", "read media")
 * @status: the library status
 *
 * Return: the exit code for @status.
 */
int cli_fail(struct discburn_recorder *rec, const char *device, const char *what,
	     int status)
{
	struct discburn_exclusive_owner o;
	char sentence[160];

	switch ((uint32_t)status) {
	case DISCBURN_E_RECORDER_LOCKED:
		if (rec && !DISCBURN_FAILED(discburn_recorder_get_owner(rec, &o)) && o.locked) {
			cli_owner_sentence(&o, sentence, sizeof(sentence));
			fprintf(stderr, "%s: %s: cannot %s: %s.\n"
				"Wait for it to finish, or stop that program%s.\n",
				program_name, device, what, sentence,
				o.pid > 0 ? " (see 'ps -p PID')" : "");
		} else {
			fprintf(stderr, "%s: %s: cannot %s: the recorder is locked by another client.\n"
				"Run '%s owner %s' to see who holds it.\n",
				program_name, device, what, program_name, device);
		}
		break;
	case DISCBURN_E_DEVICE_NOT_CONNECTED:
		fprintf(stderr, "%s: %s: no such recorder (or it was removed).\n"
			"Run '%s list' to see the recorders; is discburn.ko loaded?\n",
			program_name, device, program_name);
		break;
	case DISCBURN_E_ACCESS_DENIED:
		fprintf(stderr, "%s: %s: cannot %s: permission denied.\n"
			"Join the 'cdrom' group (and log in again) or run as root.\n",
			program_name, device, what);
		break;
	case DISCBURN_E_RECORDER_MEDIA_NO_MEDIA:
		fprintf(stderr, "%s: %s: cannot %s: there is no disc in the drive.\n"
			"Insert a disc and try again.\n", program_name, device, what);
		break;
	case DISCBURN_E_RECORDER_MEDIA_BECOMING_READY:
		fprintf(stderr, "%s: %s: cannot %s: the drive is becoming ready.\n"
			"Try again in a few seconds.\n", program_name, device, what);
		break;
	case DISCBURN_E_RECORDER_MEDIA_BUSY:
		fprintf(stderr, "%s: %s: cannot %s: %s.\n"
			"If a file system from the disc is mounted, unmount it, or pass --ignore-volume.\n",
			program_name, device, what, discburn_strerror(status));
		break;
	case DISCBURN_E_NOTIMPL:
		fprintf(stderr, "%s: %s: cannot %s: the loaded discburn driver does not support it.\n"
			"Update discburn.ko.\n", program_name, device, what);
		break;
	default:
		fprintf(stderr, "%s: %s: cannot %s: %s (0x%08X).\n", program_name, device, what,
			discburn_strerror(status), (uint32_t)status);
		break;
	}
	return cli_exit_code(status);
}

int cli_open(struct discburn_ctx *ctx, const char *device, struct discburn_recorder **rec)
{
	int ret = discburn_recorder_new(ctx, device, rec);

	if (ret == DISCBURN_STATUS(DISCBURN_E_INVALIDARG)) {
		fprintf(stderr, "%s: '%s' is not a recorder name.\n"
			"Use /dev/discburnN, N or srN; '%s list' shows them.\n",
			program_name, device, program_name);
		return EXIT_USAGE;
	}
	if (DISCBURN_FAILED(ret))
		return cli_fail(NULL, device, "open", ret);
	return EXIT_OK;
}

/**
 * cli_take_device() - take the one DEV operand left after getopt_long()
 * Return: -1 to go on, else the exit code of the usage error.
 */
int cli_take_device(const struct discburn_cmd *cmd, int argc, char *argv[],
		    const char **device)
{
	if (optind >= argc)
		return cli_usage_error(cmd, "missing DEV (/dev/discburnN, N or srN)");
	if (optind + 1 < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	*device = argv[optind];
	return -1;
}

/**
 * cli_one_device() - parse "CMD DEV [--json]" for the simple subcommands
 * Return: -1 to go on, else the exit code (help printed, or usage error).
 */
int cli_one_device(const struct discburn_cmd *cmd, int argc, char *argv[], bool *json,
		   const char **device)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	int c;

	*json = false;
	optind = 0;	/* 0: full re-initialisation of glibc getopt */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			cli_usage(cmd, stdout);
			return EXIT_OK;
		default:
			return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	return cli_take_device(cmd, argc, argv, device);
}

/**
 * cli_disc_state() - "blank", "appendable", "complete" as the drive says now
 * @rec: the recorder
 * @buf: out: the state, or why it is unknown
 * @len: room in @buf
 *
 * Return: the status of reading it.
 */
int cli_disc_state(struct discburn_recorder *rec, char *buf, size_t len)
{
	struct discburn_media_status m = { .size = sizeof(m) };
	int ret = discburn_recorder_get_media_status(rec, &m);

	if (DISCBURN_FAILED(ret))
		snprintf(buf, len, "unknown (%s)", discburn_strerror(ret));
	else
		snprintf(buf, len, "%s", cli_disc_state_name(m.disc_status));
	return ret;
}

bool cli_is_tty(int fd)
{
	return isatty(fd) == 1;
}
