// SPDX-License-Identifier: GPL-2.0
/*
 * discburn burn DEV... IMAGE|- [options]: write an image (ISO 9660, UDF...)
 * as a data session with libdiscburn's IDiscFormat2Data. The image goes
 * into the kernel by sendfile(2) when it is a regular file; '-' reads it
 * from standard input. Progress comes from the driver's netlink events: a
 * bar on a terminal, one JSON object per event with --json. Ctrl-C
 * (SIGINT) or SIGTERM cancels cleanly: the driver stops taking the stream,
 * lets the drive finish what it has, closes what can be closed and
 * releases the lock; then the disc's state is read back and reported.
 *
 * Several DEVs burn the same image to every one of them at once
 * (discburn_format_data_write_multi(): the image goes into the kernel
 * once): a bar per drive, progress and a result per drive, and a drive
 * that fails or is unplugged drops out while the others finish; the exit
 * status is not 0 if any drive failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define DEFAULT_CLIENT "discburn CLI"

/* The writers a signal cancels; g_ndata is set after g_data[] is filled. */
static struct discburn_format_data *g_data[DISCBURN_DUPLICATE_MAX];
static volatile sig_atomic_t g_ndata;
static volatile sig_atomic_t g_cancelled;

/* Async-signal-safe: discburn_format_data_cancel_write() is. */
static void on_signal(int sig)
{
	sig_atomic_t i;

	g_cancelled = sig;
	for (i = 0; i < g_ndata; i++)
		discburn_format_data_cancel_write(g_data[i]);
}

/* The terminal lines of a duplication: one per drive, redrawn together. */
struct burn_board {
	unsigned int n;
	bool shown;
	char line[DISCBURN_DUPLICATE_MAX][320];
};

struct burn_ui {
	bool json;
	bool tty;
	bool bar_shown;
	uint32_t last_action;
	const char *device;		/* as given */
	const char *path;		/* /dev/discburnN: "device" of the JSON objects */
	struct burn_board *board;	/* several drives: the shared lines */
	unsigned int row;
};

static int term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

/* Redraw every drive's line, this one's changed: "DEV  [####---]  42% ...". */
static void board_update(struct burn_ui *ui, const struct discburn_write_progress *p)
{
	struct burn_board *b = ui->board;
	char bar[200];
	unsigned int i;
	int w = term_width();
	int dev = (int)strlen(ui->device);

	cli_progress_line(p, w - dev - 2 > 20 ? w - dev - 2 : 20, bar, sizeof(bar));
	snprintf(b->line[ui->row], sizeof(b->line[ui->row]), "%s  %s", ui->device, bar);
	if (b->shown)
		fprintf(stderr, "\033[%uA", b->n);
	for (i = 0; i < b->n; i++)
		fprintf(stderr, "\r%s\033[K\n", b->line[i]);
	b->shown = true;
	fflush(stderr);
}

static int on_progress(struct discburn_format_data *data,
		       const struct discburn_write_progress *p, void *userdata)
{
	struct burn_ui *ui = userdata;
	char line[256];
	struct json j;

	if (ui->json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "event", "progress");
		json_string(&j, "device", ui->path ? ui->path : ui->device);
		cli_progress_json(&j, p);
		json_object_end(&j);
		json_finish(&j);
		return 0;
	}
	if (ui->tty && ui->board) {
		board_update(ui, p);
		return 0;
	}
	if (ui->tty) {
		cli_progress_line(p, term_width(), line, sizeof(line));
		fprintf(stderr, "\r%s\033[K", line);
		if (p->state == DISCBURN_SESSION_DONE)
			fputc('\n', stderr);
		fflush(stderr);
		ui->bar_shown = p->state != DISCBURN_SESSION_DONE;
		return 0;
	}
	/* a log: one line per action */
	if (p->state != DISCBURN_SESSION_DONE && p->action != ui->last_action) {
		ui->last_action = p->action;
		if (ui->board)
			fprintf(stderr, "%s: %s: %s\n", program_name, ui->device,
				discburn_action_name(p->format, p->action) ?: "working");
		else
			fprintf(stderr, "%s: %s\n", program_name,
				discburn_action_name(p->format, p->action) ?: "working");
	}
	return 0;
}

/* The hint for a failed burn: what the status means for the user. */
static void burn_hint(int status, const char *image)
{
	const char *hint = NULL;

	switch ((uint32_t)status) {
	case DISCBURN_E_DF2DATA_MEDIA_NOT_BLANK:
		hint = "The disc is not blank: add a session with --multisession, overwrite a "
		       "rewritable disc with --overwrite, or erase it with 'discburn blank'.";
		break;
	case DISCBURN_E_DF2DATA_INVALID_MEDIA_STATE:
		hint = "The disc is closed (complete) or damaged: nothing more can be written. "
		       "Use another disc, or erase a rewritable one with 'discburn blank'.";
		break;
	case DISCBURN_E_DF2DATA_STREAM_NOT_SUPPORTED:
		hint = "The image must be whole 2048-byte sectors (an ISO 9660 or UDF image is).";
		break;
	case DISCBURN_E_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA:
		hint = "The image does not fit in the free space: 'discburn media DEV' shows it.";
		break;
	case DISCBURN_E_DF2DATA_MEDIA_IS_NOT_SUPPORTED:
		hint = "This drive cannot write this disc as data (or --test on a disc that "
		       "cannot simulate: only CD-R/RW and DVD-R can).";
		break;
	case DISCBURN_E_DF2DATA_RECORDER_NOT_SUPPORTED:
		hint = "This drive cannot write data discs.";
		break;
	case DISCBURN_E_RECORDER_MEDIA_WRITE_PROTECTED:
		hint = "The disc is write-protected.";
		break;
	case DISCBURN_E_LOSS_OF_STREAMING:
		hint = "The drive ran out of data (buffer underrun): use a local image, a lower "
		       "--speed, or leave buffer-underrun protection on (no --no-bufe).";
		break;
	case DISCBURN_E_BURN_VERIFICATION_FAILED:
		hint = "What was read back differs from the image: the disc is not reliable.";
		break;
	default:
		break;
	}
	(void)image;
	if (hint)
		fprintf(stderr, "%s\n", hint);
}

static void print_result(struct discburn_format_data *data, struct discburn_recorder *rec,
			 const struct burn_ui *ui, int ret, const char *state)
{
	struct discburn_write_progress p = { .size = sizeof(p) };
	char took[16];
	struct json j;

	if (discburn_format_data_get_last_progress(data, &p))
		memset(&p, 0, sizeof(p));
	cli_format_duration(p.elapsed_ns, took, sizeof(took));
	if (ui->json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "event", "result");
		json_string(&j, "device", discburn_recorder_get_path(rec));
		json_int(&j, "status", (uint32_t)ret);
		json_string(&j, "status_name", discburn_status_name(ret));
		json_string(&j, "message", discburn_strerror(ret));
		json_bool(&j, "cancelled", ret == DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED));
		json_int(&j, "failed_lba", discburn_format_data_get_failed_lba(data));
		json_int(&j, "start_lba", p.start_lba);
		json_int(&j, "last_written_lba", p.last_written_lba);
		json_uint(&j, "bytes", p.bytes_read);
		json_double(&j, "elapsed_s", (double)p.elapsed_ns / 1e9);
		json_string(&j, "disc_state", state);
		json_object_end(&j);
		json_finish(&j);
	}
	if (ret == DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED)) {
		fprintf(stderr, "%s: %s: cancelled (E_IMAPI_REQUEST_CANCELLED 0x%08X) after %s; "
			"the disc is %s.\n", program_name, ui->device, (uint32_t)ret, took, state);
		return;
	}
	if (DISCBURN_FAILED(ret)) {
		if (cli_exit_code(ret) != EXIT_FAIL) {
			/* locked, no disc, no drive, no permission: the usual words */
			cli_fail(rec, ui->device, "burn", ret);
			return;
		}
		if (discburn_format_data_get_failed_lba(data) >= 0)
			fprintf(stderr, "%s: %s: the burn failed at LBA %d: %s (0x%08X); "
				"the disc is %s.\n", program_name, ui->device,
				discburn_format_data_get_failed_lba(data), discburn_strerror(ret),
				(uint32_t)ret, state);
		else
			fprintf(stderr, "%s: %s: cannot burn: %s (0x%08X); the disc is %s.\n",
				program_name, ui->device, discburn_strerror(ret), (uint32_t)ret,
				state);
		return;
	}
	if (!ui->json)
		fprintf(stderr, "%s: %s: burnt %.1f MiB from LBA %d in %s (%.1f MiB/s); "
			"the disc is %s.\n", program_name, ui->device,
			(double)p.bytes_read / 1048576.0, p.start_lba, took,
			cli_progress_mibps(&p), state);
	if (ret > 0 && !ui->json)
		fprintf(stderr, "%s: note: %s\n", program_name, discburn_strerror(ret));
}

struct burn_opts {
	struct cli_speed speed;
	bool close_disc, multi, overwrite, no_bufe, test;
	unsigned int verify;
	const char *client;
};

/* One drive of the burn: its recorder, its writer, its terminal line. */
struct burn_drive {
	const char *device;
	struct discburn_recorder *rec;
	struct discburn_format_data *data;
	struct burn_ui ui;
	int ret;
};

/* Open @d->device and give it a writer with the options; the exit code. */
static int burn_setup(struct discburn_ctx *ctx, struct burn_drive *d, const struct burn_opts *o,
		      const char *image)
{
	uint32_t type = DISCBURN_MEDIA_UNKNOWN;
	int rc, ret;

	rc = cli_open(ctx, d->device, &d->rec);
	if (rc)
		return rc;
	ret = discburn_format_data_new(ctx, &d->data);
	if (!DISCBURN_FAILED(ret))
		ret = discburn_format_data_put_recorder(d->data, d->rec);
	if (DISCBURN_FAILED(ret)) {
		rc = cli_fail(d->rec, d->device, "burn", ret);
		burn_hint(ret, image);
		return rc;
	}
	discburn_format_data_put_client_name(d->data, o->client);
	discburn_format_data_put_force_media_to_be_closed(d->data, o->close_disc);
	discburn_format_data_put_append_session(d->data, o->multi);
	/* a DVD+R left appendable: no consumer-compatibility closing */
	discburn_format_data_put_disable_consumer_dvd_compatibility_mode(d->data, o->multi);
	discburn_format_data_put_force_overwrite(d->data, o->overwrite);
	discburn_format_data_put_buffer_underrun_free_disabled(d->data, o->no_bufe);
	discburn_format_data_put_test_write(d->data, o->test);
	discburn_format_data_put_verification_level(d->data, o->verify);
	if (o->speed.kind == CLI_SPEED_X)
		discburn_format_data_get_current_physical_media_type(d->data, &type);
	discburn_format_data_set_write_speed(d->data, cli_speed_sectors(&o->speed, type), false);
	discburn_format_data_set_progress_fn(d->data, on_progress, &d->ui);
	d->ui.path = discburn_recorder_get_path(d->rec);
	return EXIT_OK;
}

/* The exit status of one drive's result. */
static int burn_exit(int ret)
{
	if (ret == DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED) && g_cancelled)
		return EXIT_CANCELLED;
	return DISCBURN_FAILED(ret) ? cli_exit_code(ret) : EXIT_OK;
}

static int do_burn(struct discburn_ctx *ctx, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "speed", required_argument, NULL, 's' },
		{ "close", no_argument, NULL, 'C' },
		{ "multisession", no_argument, NULL, 'm' },
		{ "overwrite", no_argument, NULL, 'o' },
		{ "no-bufe", no_argument, NULL, 'B' },
		{ "test", no_argument, NULL, 't' },
		{ "verify", required_argument, NULL, 'V' },
		{ "client", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const struct discburn_cmd *cmd = &discburn_cmd_burn;
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct burn_opts o = { .speed = { .kind = CLI_SPEED_MAX }, .verify = DISCBURN_VERIFY_NONE,
			       .client = DEFAULT_CLIENT };
	struct burn_drive drives[DISCBURN_DUPLICATE_MAX];
	int results[DISCBURN_DUPLICATE_MAX];
	struct burn_board board = { 0 };
	bool json = false, tty;
	unsigned int i, j, n;
	const char *image;
	char state[96];
	struct stat st;
	int c, fd, ret, rc;

	optind = 0;	/* 0: full re-initialisation of glibc getopt */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (cli_parse_speed(optarg, &o.speed))
				return cli_usage_error(cmd, "--speed takes 'max', an x-rating such as "
						       "'4x', or sectors per second, not '%s'",
						       optarg);
			break;
		case 'C':
			o.close_disc = true;
			break;
		case 'm':
			o.multi = true;
			break;
		case 'o':
			o.overwrite = true;
			break;
		case 'B':
			o.no_bufe = true;
			break;
		case 't':
			o.test = true;
			break;
		case 'V':
			if (cli_parse_verify(optarg, &o.verify))
				return cli_usage_error(cmd, "--verify takes none, quick or full, not '%s'",
						       optarg);
			break;
		case 'c':
			o.client = optarg;
			if (!discburn_client_name_valid(o.client))
				return cli_usage_error(cmd, "client name '%s' is not valid: use 1-%d "
						       "characters of 0-9 A-Z a-z, space and . , : ; _ -",
						       o.client, DISCBURN_CLIENT_NAME_MAX);
			break;
		case 'j':
			json = true;
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
	if (optind >= argc)
		return cli_usage_error(cmd, "missing DEV (/dev/discburnN, N or srN)");
	if (optind + 1 >= argc)
		return cli_usage_error(cmd, "missing IMAGE (a file, or - for standard input)");
	if (argc - optind - 1 > DISCBURN_DUPLICATE_MAX)
		return cli_usage_error(cmd, "%d recorders: at most %d burn one image at once",
				       argc - optind - 1, DISCBURN_DUPLICATE_MAX);
	n = (unsigned int)(argc - optind - 1);
	image = argv[argc - 1];
	/* "burn DEV A.iso B.iso": one image per burn, several DEVs */
	for (i = 0; i < n; i++)
		if (!stat(argv[optind + i], &st) && S_ISREG(st.st_mode))
			return cli_usage_error(cmd, "'%s' is a file, not a recorder: one IMAGE "
					       "comes last, after every DEV", argv[optind + i]);
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(argv[optind + i], argv[optind + j]))
				return cli_usage_error(cmd, "'%s' is given twice: one copy per "
						       "recorder", argv[optind + i]);
	tty = !json && cli_is_tty(STDERR_FILENO);
	board.n = n;
	memset(drives, 0, sizeof(drives));
	for (i = 0; i < n; i++) {
		drives[i].device = argv[optind + i];
		drives[i].ui = (struct burn_ui){ .json = json, .tty = tty,
						 .last_action = UINT32_MAX,
						 .device = drives[i].device,
						 .board = n > 1 ? &board : NULL, .row = i };
	}

	if (!strcmp(image, "-")) {
		fd = STDIN_FILENO;
	} else {
		fd = open(image, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "%s burn: cannot open '%s': %s\n", program_name, image,
				strerror(errno));
			return EXIT_FAIL;
		}
	}
	rc = EXIT_OK;
	for (i = 0; i < n && !rc; i++)
		rc = burn_setup(ctx, &drives[i], &o, image);
	/* the same drive by two names (/dev/discburn0, 0, sr0) */
	for (i = 0; i < n && !rc; i++)
		for (j = 0; j < i && !rc; j++)
			if (discburn_recorder_get_index(drives[i].rec) ==
			    discburn_recorder_get_index(drives[j].rec))
				rc = cli_usage_error(cmd, "'%s' and '%s' are the same recorder: one "
						     "copy per recorder", drives[j].device,
						     drives[i].device);
	if (rc)
		goto out_unref;

	for (i = 0; i < n; i++)
		g_data[i] = drives[i].data;
	g_ndata = (sig_atomic_t)n;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	if (!json && n == 1)
		fprintf(stderr, "%s: burning %s to %s%s; Ctrl-C cancels\n", program_name,
			fd == STDIN_FILENO ? "standard input" : image,
			discburn_recorder_get_path(drives[0].rec),
			o.test ? " (test write: nothing is recorded)" : "");
	else if (!json)
		fprintf(stderr, "%s: burning %s to %u recorders at once%s; Ctrl-C cancels\n",
			program_name, fd == STDIN_FILENO ? "standard input" : image, n,
			o.test ? " (test write: nothing is recorded)" : "");
	if (g_cancelled) {
		for (i = 0; i < n; i++)
			results[i] = DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED);
	} else if (n == 1) {
		results[0] = discburn_format_data_write(drives[0].data, fd);
	} else {
		struct discburn_format_data *datas[DISCBURN_DUPLICATE_MAX];

		for (i = 0; i < n; i++)
			datas[i] = drives[i].data;
		discburn_format_data_write_multi(datas, n, fd, results);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	g_ndata = 0;

	/* a result per drive; the exit status is the first failing drive's */
	for (i = 0; i < n; i++) {
		ret = results[i];
		cli_disc_state(drives[i].rec, state, sizeof(state));
		print_result(drives[i].data, drives[i].rec, &drives[i].ui, ret, state);
		if (DISCBURN_FAILED(ret))
			burn_hint(ret, image);
		if (!rc)
			rc = burn_exit(ret);
	}
	if (n > 1 && !json) {
		for (i = 0, j = 0; i < n; i++)
			j += !DISCBURN_FAILED(results[i]);
		fprintf(stderr, "%s: %u of %u copies burnt.\n", program_name, j, n);
	}
out_unref:
	for (i = 0; i < n; i++) {
		discburn_format_data_unref(drives[i].data);
		discburn_recorder_unref(drives[i].rec);
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

const struct discburn_cmd discburn_cmd_burn = {
	.name = "burn",
	.fn = do_burn,
	.args = "DEV... IMAGE|- [--speed X|N] [--close] [--multisession] [--overwrite]\n"
		"       [--no-bufe] [--test] [--verify=none|quick|full] [--client NAME] [--json]",
	.help = "write an image (ISO 9660, UDF) to the disc as a data session",
	.usage = "IMAGE is a file (handed to the kernel by sendfile) or - for standard input;\n"
		 "it must be whole 2048-byte sectors. A blank CD-R/RW, DVD-R, DVD+R or BD-R\n"
		 "gets one session, left appendable (except DVD+R, closed for DVD players\n"
		 "unless --multisession); DVD+RW and BD-RE are written from sector 0.\n"
		 "Several DEVs (up to 16) burn the same image to every one at once: the image\n"
		 "is read once, each drive writes at its own pace, each gets its own progress\n"
		 "line and result, and a drive that fails or is unplugged drops out while the\n"
		 "others finish; the exit status is the first failing drive's.\n"
		 "Options:\n"
		 "  --speed X|N        'max' (default), an x-rating of the disc's family ('4x',\n"
		 "                     CD 1x = 75 sectors/s, DVD 676, BD 2195) or N sectors of\n"
		 "                     2048 bytes per second; the drive picks the nearest\n"
		 "  --close            close the disc: no session can be added afterwards\n"
		 "  --multisession     add a session to an appendable disc and leave it\n"
		 "                     appendable (for 'genisoimage -C $(discburn msinfo DEV) -M')\n"
		 "  --overwrite        overwrite a used DVD+RW or BD-RE\n"
		 "  --no-bufe          turn buffer-underrun protection off (CD-R/RW)\n"
		 "  --test             test write: the drive simulates, the disc stays as it was\n"
		 "                     (CD-R/RW and DVD-R)\n"
		 "  --verify=LEVEL     none (default), quick or full read-back after the burn\n"
		 "  -c, --client NAME  the lock's client name (default \"" DEFAULT_CLIENT "\")\n"
		 "  --json             one JSON object per progress event on stdout, then one\n"
		 "                     {\"event\": \"result\", status, status_name, disc_state...}\n"
		 "                     per drive; each carries the drive's \"device\"\n"
		 "  -h, --help         this text\n"
		 "On a terminal a progress bar shows percent, MiB/s, ETA, the kernel's ring and\n"
		 "the drive's buffer. Ctrl-C or SIGTERM cancels: the driver stops cleanly, the\n"
		 "disc's state is reported, and the exit status is 7.\n",
};
