// SPDX-License-Identifier: GPL-2.0
/*
 * discburn blank DEV [--full]: erase a rewritable disc with libdiscburn's
 * IDiscFormat2Erase: a CD-RW is blanked (minimally, or all of it), a
 * DVD+RW or BD-RE formatted and zeroed where a used disc is recognised (or
 * everywhere). Progress (elapsed and estimated total time) on a terminal
 * or as JSON lines; Ctrl-C cancels (the disc then needs another erase).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define DEFAULT_CLIENT "discburn CLI"

static volatile sig_atomic_t g_cancelled;

static void on_signal(int sig)
{
	g_cancelled = sig;
}

struct blank_ui {
	bool json;
	bool tty;
	const char *device;
};

static int on_progress(struct discburn_format_erase *erase, unsigned int elapsed,
		       unsigned int total, void *userdata)
{
	struct blank_ui *ui = userdata;
	char el[16], tot[16] = "--:--";
	struct json j;

	if (ui->json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "event", "progress");
		json_string(&j, "device", ui->device);
		json_uint(&j, "elapsed_s", elapsed);
		if (total)
			json_uint(&j, "estimated_total_s", total);
		else
			json_null(&j, "estimated_total_s");
		json_object_end(&j);
		json_finish(&j);
	} else if (ui->tty) {
		cli_format_duration((uint64_t)elapsed * 1000000000ULL, el, sizeof(el));
		if (total)
			cli_format_duration((uint64_t)total * 1000000000ULL, tot, sizeof(tot));
		fprintf(stderr, "\rerasing: %s of about %s\033[K", el, tot);
		fflush(stderr);
	}
	return g_cancelled != 0;
}

static int do_blank(struct discburn_ctx *ctx, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "full", no_argument, NULL, 'f' },
		{ "client", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const struct discburn_cmd *cmd = &discburn_cmd_blank;
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct discburn_format_erase *erase = NULL;
	struct discburn_recorder *rec;
	struct blank_ui ui = { 0 };
	const char *device, *client = DEFAULT_CLIENT;
	bool full = false;
	char state[96];
	struct json j;
	int c, ret, rc;

	optind = 0;	/* 0: full re-initialisation of glibc getopt */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			full = true;
			break;
		case 'c':
			client = optarg;
			if (!discburn_client_name_valid(client))
				return cli_usage_error(cmd, "client name '%s' is not valid: use 1-%d "
						       "characters of 0-9 A-Z a-z, space and . , : ; _ -",
						       client, DISCBURN_CLIENT_NAME_MAX);
			break;
		case 'j':
			ui.json = true;
			break;
		case 'h':
			cli_usage(cmd, stdout);
			return EXIT_OK;
		case ':':
			return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	rc = cli_take_device(cmd, argc, argv, &device);
	if (rc >= 0)
		return rc;
	ui.device = device;
	ui.tty = !ui.json && cli_is_tty(STDERR_FILENO);
	rc = cli_open(ctx, device, &rec);
	if (rc)
		return rc;
	ret = discburn_format_erase_new(ctx, &erase);
	if (!DISCBURN_FAILED(ret))
		ret = discburn_format_erase_put_recorder(erase, rec);
	if (DISCBURN_FAILED(ret)) {
		rc = cli_fail(rec, device, "erase", ret);
		goto out_unref;
	}
	discburn_format_erase_put_client_name(erase, client);
	discburn_format_erase_put_full_erase(erase, full);
	discburn_format_erase_set_progress_fn(erase, on_progress, &ui);

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	if (!ui.json)
		fprintf(stderr, "%s: erasing %s (%s); Ctrl-C cancels\n", program_name,
			discburn_recorder_get_path(rec), full ? "full" : "quick");
	ret = discburn_format_erase_erase_media(erase);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (ui.tty)
		fputc('\n', stderr);

	cli_disc_state(rec, state, sizeof(state));
	if (ui.json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "event", "result");
		json_string(&j, "device", discburn_recorder_get_path(rec));
		json_int(&j, "status", (uint32_t)ret);
		json_string(&j, "status_name", discburn_status_name(ret));
		json_string(&j, "message", discburn_strerror(ret));
		json_bool(&j, "full", full);
		json_string(&j, "disc_state", state);
		json_object_end(&j);
		json_finish(&j);
	}
	if (ret == DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED)) {
		fprintf(stderr, "%s: %s: erase cancelled; the disc is %s and should be erased "
			"again.\n", program_name, device, state);
		rc = EXIT_CANCELLED;
	} else if (DISCBURN_FAILED(ret)) {
		rc = cli_fail(rec, device, "erase", ret);
		if ((uint32_t)ret == DISCBURN_E_ERASE_MEDIA_IS_NOT_SUPPORTED)
			fprintf(stderr, "Only rewritable discs can be erased: CD-RW, DVD+RW, BD-RE.\n");
	} else {
		if (!ui.json)
			fprintf(stderr, "%s: %s: erased; the disc is %s.\n", program_name, device,
				state);
		rc = EXIT_OK;
	}
out_unref:
	discburn_format_erase_unref(erase);
	discburn_recorder_unref(rec);
	return rc;
}

const struct discburn_cmd discburn_cmd_blank = {
	.name = "blank",
	.fn = do_blank,
	.args = "DEV [--full] [--client NAME] [--json]",
	.help = "erase a rewritable disc (CD-RW, DVD+RW, BD-RE)",
	.usage = "Options:\n"
		 "  --full             erase all of it (slow); default: quick, only what makes\n"
		 "                     the disc look used\n"
		 "  -c, --client NAME  the lock's client name (default \"" DEFAULT_CLIENT "\")\n"
		 "  --json             one JSON object per progress event {event: \"progress\",\n"
		 "                     elapsed_s, estimated_total_s}, then {event: \"result\"...}\n"
		 "  -h, --help         this text\n"
		 "Ctrl-C or SIGTERM cancels (exit 7); the disc must then be erased again.\n",
};
