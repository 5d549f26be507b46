// SPDX-License-Identifier: GPL-2.0
/*
 * discburn: command-line front end of libdiscburn. Dispatches over a table
 * of subcommands, one per file (kmod's tools/kmod.c pattern).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "cli.h"

static const struct discburn_cmd *const commands[] = {
	&discburn_cmd_list,
	&discburn_cmd_info,
	&discburn_cmd_media,
	&discburn_cmd_lock,
	&discburn_cmd_owner,
	&discburn_cmd_eject,
	&discburn_cmd_burn,
	&discburn_cmd_audio,
	&discburn_cmd_rawburn,
	&discburn_cmd_rawimage,
	&discburn_cmd_blank,
	&discburn_cmd_msinfo,
	&discburn_cmd_monitor,
};

static void help(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [-v] COMMAND [ARGS]\n"
		"Optical disc recorders driven by discburn.ko.\n\nCommands:\n", program_name);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i]->name, commands[i]->help);
	fprintf(f, "\nDEV is /dev/discburnN, N or srN. Every command takes --json and --help.\n"
		"Options:\n"
		"  -v, --verbose   log library messages (repeat for debug); DISCBURN_LOG=debug too\n"
		"  -h, --help      this text\n"
		"\nExit status: 0 success, 1 failure, 2 usage error, 3 no such recorder,\n"
		"4 recorder locked by another client, 5 no disc, 6 permission denied,\n"
		"7 burn or blank cancelled; 'lock -- CMD' exits with CMD's status.\n");
}

static const struct discburn_cmd *find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const struct discburn_cmd *cmd;
	struct discburn_ctx *ctx;
	int c, verbose = 0, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
			verbose++;
			break;
		case 'h':
			help(stdout);
			return EXIT_OK;
		default:
			fprintf(stderr, "%s: unknown option '%s'\nTry '%s --help'.\n",
				program_name, argv[optind - 1], program_name);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[optind], "help")) {
		if (optind + 1 < argc && (cmd = find(argv[optind + 1]))) {
			cli_usage(cmd, stdout);
			return EXIT_OK;
		}
		help(stdout);
		return EXIT_OK;
	}
	cmd = find(argv[optind]);
	if (!cmd) {
		fprintf(stderr, "%s: unknown command '%s'\nTry '%s --help'.\n",
			program_name, argv[optind], program_name);
		return EXIT_USAGE;
	}
	ret = discburn_new(&ctx);
	if (DISCBURN_FAILED(ret)) {
		fprintf(stderr, "%s: %s\n", program_name, discburn_strerror(ret));
		return EXIT_FAIL;
	}
	if (verbose)
		discburn_set_log_priority(ctx, verbose > 1 ? LOG_DEBUG : LOG_INFO);
	ret = cmd->fn(ctx, argc - optind, argv + optind);
	discburn_unref(ctx);
	return ret;
}
