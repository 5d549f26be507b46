// SPDX-License-Identifier: GPL-2.0
/*
 * discburn eject DEV [--close]: open or close the tray (EjectMedia /
 * CloseTray). The driver refuses it while another client holds the lock.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static int do_eject(struct discburn_ctx *ctx, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "close", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const struct discburn_cmd *cmd = &discburn_cmd_eject;
	struct discburn_recorder *rec;
	bool json = false, load = false;
	const char *device;
	struct json j;
	int c, ret;

	optind = 0;	/* 0: full re-initialisation of glibc getopt */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			load = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			cli_usage(cmd, stdout);
			return EXIT_OK;
		default:
			return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	ret = cli_take_device(cmd, argc, argv, &device);
	if (ret >= 0)
		return ret;

	ret = cli_open(ctx, device, &rec);
	if (ret)
		return ret;
	ret = load ? discburn_recorder_close_tray(rec) : discburn_recorder_eject(rec);
	if (DISCBURN_FAILED(ret)) {
		ret = cli_fail(rec, device, load ? "close the tray" : "eject", ret);
		discburn_recorder_unref(rec);
		return ret;
	}
	if (json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "device", discburn_recorder_get_path(rec));
		json_string(&j, "action", load ? "close-tray" : "eject");
		json_bool(&j, "ok", true);
		json_object_end(&j);
		json_finish(&j);
	}
	discburn_recorder_unref(rec);
	return EXIT_OK;
}

const struct discburn_cmd discburn_cmd_eject = {
	.name = "eject",
	.fn = do_eject,
	.args = "DEV [--close] [--json]",
	.help = "eject the disc (or close the tray with --close)",
	.usage = "Options:\n"
		 "  --close     load: close the tray instead of opening it\n"
		 "  --json      one JSON object: {device, action, ok}\n"
		 "  -h, --help  this text\n"
		 "Refused (exit 4) while another client holds the lock.\n",
};
