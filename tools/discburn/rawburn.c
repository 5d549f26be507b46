// SPDX-License-Identifier: GPL-2.0
/*
 * discburn rawburn DEV IMAGE|- [options]: write a raw CD session stream
 * (2368- or 2448-byte sectors from the lead-in to the end of the lead-out,
 * as `discburn rawimage`, IMAPI2's IRawCDImageCreator or cdrdao's raw
 * tools make) Disc-At-Once with libdiscburn's IDiscFormat2RawCD. The run
 * of a raw burn (prepare, write with progress, Ctrl-C cancels, release,
 * the result) is shared with `discburn audio` (cli_raw_burn()).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

#define DEFAULT_CLIENT "discburn CLI"

static struct discburn_format_raw *volatile g_raw;
static volatile sig_atomic_t g_cancelled;

static void on_signal(int sig)
{
	g_cancelled = sig;
	if (g_raw)
		discburn_format_raw_cancel_write(g_raw);
}

struct raw_ui {
	bool json;
	bool tty;
	uint32_t last_action;
	const char *device;
};

static int term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

static int on_progress(struct discburn_format_raw *raw, const struct discburn_write_progress *p,
		       void *userdata)
{
	struct raw_ui *ui = userdata;
	char line[256];
	struct json j;

	if (ui->json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "event", "progress");
		json_string(&j, "device", ui->device);
		cli_progress_json(&j, p);
		json_object_end(&j);
		json_finish(&j);
		return 0;
	}
	if (ui->tty) {
		cli_progress_line(p, term_width(), line, sizeof(line));
		fprintf(stderr, "\r%s\033[K", line);
		if (p->state == DISCBURN_SESSION_DONE)
			fputc('\n', stderr);
		fflush(stderr);
		return 0;
	}
	if (p->state != DISCBURN_SESSION_DONE && p->action != ui->last_action) {
		ui->last_action = p->action;
		fprintf(stderr, "%s: %s\n", program_name,
			discburn_action_name(p->format, p->action) ?: "working");
	}
	return 0;
}

/**
 * cli_raw_copy() - the rest of a stream into a file, with progress
 * @s: the stream
 * @fd: where
 * @json: progress as JSON lines on stdout (else a bar on a terminal)
 *
 * Return: 0 or a library status.
 */
int cli_raw_copy(struct discburn_raw_stream *s, int fd, bool json)
{
	const size_t chunk = 64 * 2448;
	uint64_t total = discburn_raw_stream_get_size(s), done = 0, shown = 0;
	bool tty = !json && cli_is_tty(STDERR_FILENO);
	uint8_t *buf = malloc(chunk);
	int ret = 0;

	if (!buf)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	for (;;) {
		ssize_t n = discburn_raw_stream_read(s, buf, chunk), off = 0;

		if (n < 0) {
			ret = (int)n;
			break;
		}
		while (off < n) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				fprintf(stderr, "%s: writing: %s\n", program_name,
					strerror(w < 0 ? errno : ENOSPC));
				ret = DISCBURN_STATUS(DISCBURN_E_FAIL);
				goto out_free;
			}
			off += w;
		}
		done += (uint64_t)n;
		if (n == 0 || done - shown >= 16 * 1048576 || done == total) {
			double pct = total ? 100.0 * (double)done / (double)total : 100;
			struct json j;

			shown = done;
			if (json) {
				json_init(&j, stdout);
				json_object_begin(&j, NULL);
				json_string(&j, "event", "progress");
				json_uint(&j, "bytes", done);
				json_uint(&j, "total", total);
				json_double(&j, "percent", pct);
				json_object_end(&j);
				json_finish(&j);
			} else if (tty) {
				fprintf(stderr, "\r%s: %5.1f%% %.1f of %.1f MiB\033[K", program_name, pct,
					(double)done / 1048576, (double)total / 1048576);
				fflush(stderr);
			}
		}
		if (n == 0)
			break;
	}
	if (tty)
		fputc('\n', stderr);
out_free:
	free(buf);
	return ret;
}

static void raw_hint(int status)
{
	const char *hint = NULL;

	switch ((uint32_t)status) {
	case DISCBURN_E_DF2RAW_MEDIA_IS_NOT_BLANK:
		hint = "Raw writing needs a blank CD-R or CD-RW: erase a CD-RW with 'discburn blank'.";
		break;
	case DISCBURN_E_DF2RAW_MEDIA_IS_NOT_SUPPORTED:
		hint = "Raw writing needs a CD-R or CD-RW.";
		break;
	case DISCBURN_E_DF2RAW_RECORDER_NOT_SUPPORTED:
		hint = "This drive cannot write raw CD sessions (no raw Disc-At-Once).";
		break;
	case DISCBURN_E_DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED:
		hint = "The drive does not take this sector type: try another --sector-type "
		       "('discburn info DEV' lists the drive's raw modes).";
		break;
	case DISCBURN_E_DF2RAW_STREAM_LEADIN_TOO_SHORT:
		hint = "The stream's lead-in starts later than this disc's: make the image with a "
		       "longer lead-in (the default, from MSF 95:00:00), or give --leadin.";
		break;
	case DISCBURN_E_DF2RAW_STREAM_NOT_SUPPORTED:
		hint = "The stream must be whole sectors of the sector type (2368 bytes for pq, "
		       "2448 for cooked and raw).";
		break;
	case DISCBURN_E_DF2RAW_NOT_ENOUGH_SPACE:
	case DISCBURN_E_RAW_IMAGE_INSUFFICIENT_SPACE:
		hint = "The session does not fit on this disc.";
		break;
	case DISCBURN_E_LOSS_OF_STREAMING:
		hint = "The drive ran out of data (buffer underrun): use a lower --speed, or leave "
		       "buffer-underrun protection on (no --no-bufe).";
		break;
	default:
		break;
	}
	if (hint)
		fprintf(stderr, "%s\n", hint);
}

static void print_result(struct discburn_format_raw *raw, struct discburn_recorder *rec,
			 const struct cli_raw_job *job, const struct raw_ui *ui, int ret,
			 const char *state)
{
	struct discburn_write_progress p = { .size = sizeof(p) };
	char took[16];
	struct json j;

	if (discburn_format_raw_get_last_progress(raw, &p))
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
		json_string(&j, "sector_type", cli_sector_type_name(job->sector_type));
		json_int(&j, "failed_lba", discburn_format_raw_get_failed_lba(raw));
		json_int(&j, "start_lba", p.start_lba);
		json_int(&j, "last_written_lba", p.last_written_lba);
		json_uint(&j, "bytes", p.bytes_read);
		json_double(&j, "elapsed_s", (double)p.elapsed_ns / 1e9);
		json_string(&j, "disc_state", state);
		if (job->ci && job->ci->img)
			cli_image_json_tracks(&j, job->ci->img);
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
			cli_fail(rec, ui->device, "burn", ret);
			return;
		}
		if (discburn_format_raw_get_failed_lba(raw) != -1)
			fprintf(stderr, "%s: %s: the burn failed at LBA %d: %s (0x%08X); the disc "
				"is %s.\n", program_name, ui->device,
				discburn_format_raw_get_failed_lba(raw), discburn_strerror(ret),
				(uint32_t)ret, state);
		else
			fprintf(stderr, "%s: %s: cannot burn: %s (0x%08X); the disc is %s.\n",
				program_name, ui->device, discburn_strerror(ret), (uint32_t)ret, state);
		return;
	}
	if (!ui->json)
		fprintf(stderr, "%s: %s: wrote the session, %.1f MiB from LBA %d in %s; the disc "
			"is %s.\n", program_name, ui->device, (double)p.bytes_read / 1048576.0,
			p.start_lba, took, state);
}

/**
 * cli_raw_burn() - prepare, write, release, report
 * @ctx: the library
 * @job: what and how; with @job->ci its image is finished here, once the
 *	disc's lead-in start and capacity are known
 *
 * Return: the exit code.
 */
int cli_raw_burn(struct discburn_ctx *ctx, struct cli_raw_job *job)
{
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct raw_ui ui = { .json = job->json, .last_action = UINT32_MAX,
			     .device = job->device };
	struct discburn_format_raw *raw = NULL;
	struct discburn_raw_stream *s = NULL;
	struct discburn_recorder *rec;
	int32_t start = 0, last = 0;
	uint32_t type = DISCBURN_MEDIA_UNKNOWN;
	char state[96];
	int ret, rc;

	ui.tty = !ui.json && cli_is_tty(STDERR_FILENO);
	rc = cli_open(ctx, job->device, &rec);
	if (rc)
		return rc;
	ret = discburn_format_raw_new(ctx, &raw);
	if (!DISCBURN_FAILED(ret))
		ret = discburn_format_raw_put_recorder(raw, rec);
	if (DISCBURN_FAILED(ret)) {
		rc = cli_fail(rec, job->device, "burn", ret);
		raw_hint(ret);
		goto out_unref;
	}
	discburn_format_raw_put_client_name(raw, job->client ? job->client : DEFAULT_CLIENT);
	discburn_format_raw_put_requested_sector_type(raw, job->sector_type);
	discburn_format_raw_put_buffer_underrun_free_disabled(raw, job->no_bufe);
	if (job->speed.kind == CLI_SPEED_X)
		discburn_format_raw_get_current_physical_media_type(raw, &type);
	discburn_format_raw_set_write_speed(raw, cli_speed_sectors(&job->speed, type), false);
	discburn_format_raw_set_progress_fn(raw, on_progress, &ui);

	ret = discburn_format_raw_prepare_media(raw);
	if (DISCBURN_FAILED(ret)) {
		rc = cli_fail(rec, job->device, "prepare the disc", ret);
		raw_hint(ret);
		goto out_unref;
	}
	discburn_format_raw_get_start_of_next_session(raw, &start);
	discburn_format_raw_get_last_possible_start_of_leadout(raw, &last);
	if (job->ci) {
		/* the image begins where this disc's lead-in does, and must fit it */
		discburn_raw_image_put_leadin_sectors(job->ci->img, -start);
		ret = discburn_raw_image_put_start_of_leadout_limit(job->ci->img, last);
		if (!ret)
			ret = discburn_raw_image_create_result(job->ci->img, &s);
		if (ret) {
			fprintf(stderr, "%s: %s: cannot lay out the session: %s (0x%08X)\n",
				program_name, job->device, discburn_strerror(ret), (uint32_t)ret);
			raw_hint(ret);
			rc = EXIT_FAIL;
			goto out_release;
		}
	}

	g_raw = raw;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	if (!ui.json)
		fprintf(stderr, "%s: writing %s to %s Disc-At-Once (%s sectors, lead-in at LBA %d); "
			"Ctrl-C cancels\n", program_name, job->what, discburn_recorder_get_path(rec),
			cli_sector_type_name(job->sector_type), start);
	if (g_cancelled)
		ret = DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED);
	else if (s)
		ret = discburn_format_raw_write_media_stream(raw, discburn_raw_stream_read, s,
							     discburn_raw_stream_get_size(s),
							     discburn_raw_stream_get_leadin_sectors(s));
	else
		ret = discburn_format_raw_write_media2(raw, job->fd, job->leadin);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	g_raw = NULL;

out_release:
	discburn_format_raw_release_media(raw);
	if (rc)
		goto out_unref;
	cli_disc_state(rec, state, sizeof(state));
	print_result(raw, rec, job, &ui, ret, state);
	if (ret == DISCBURN_STATUS(DISCBURN_E_REQUEST_CANCELLED) && g_cancelled) {
		rc = EXIT_CANCELLED;
	} else if (DISCBURN_FAILED(ret)) {
		rc = cli_exit_code(ret);
		raw_hint(ret);
	} else {
		rc = EXIT_OK;
	}
out_unref:
	discburn_raw_stream_unref(s);
	discburn_format_raw_unref(raw);
	discburn_recorder_unref(rec);
	return rc;
}

/* Options of raw writes, shared with audio */
int cli_raw_option(struct cli_raw_job *job, int c, const char *arg)
{
	switch (c) {
	case 's':
		return cli_parse_speed(arg, &job->speed);
	case 'B':
		job->no_bufe = true;
		return 0;
	case 'c':
		job->client = arg;
		return discburn_client_name_valid(arg) ? 0 : -1;
	case 'j':
		job->json = true;
		return 0;
	default:
		return -1;
	}
}

static int do_rawburn(struct discburn_ctx *ctx, int argc, char *argv[])
{
	static const struct option opts[] = {
		CLI_RAW_OPTIONS,
		{ "sector-type", required_argument, NULL, CLI_OPT_SECTOR_TYPE },
		{ "leadin", required_argument, NULL, CLI_OPT_LEADIN },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const struct discburn_cmd *cmd = &discburn_cmd_rawburn;
	struct cli_raw_job job = { .speed = { .kind = CLI_SPEED_MAX },
				   .sector_type = DISCBURN_RAW_SUBCODE_IS_COOKED };
	const char *image;
	char *end;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(cmd, stdout);
			return EXIT_OK;
		case ':':
			return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		case '?':
			return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		case CLI_OPT_SECTOR_TYPE:
			job.sector_type = cli_parse_sector_type(optarg);
			if (!job.sector_type)
				return cli_usage_error(cmd, "--sector-type takes pq, cooked or raw, "
						       "not '%s'", optarg);
			break;
		case CLI_OPT_LEADIN:
			job.leadin = (int32_t)strtol(optarg, &end, 10);
			if (*end || job.leadin <= 150 || job.leadin > 45150)
				return cli_usage_error(cmd, "--leadin takes 151 to 45150 sectors, "
						       "not '%s'", optarg);
			break;
		default:
			if (cli_raw_option(&job, c, optarg))
				return cli_usage_error(cmd, "bad value '%s' for '%s'", optarg,
						       argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error(cmd, "missing DEV (/dev/discburnN, N or srN)");
	if (optind + 1 >= argc)
		return cli_usage_error(cmd, "missing IMAGE (a raw stream file, or -)");
	if (optind + 2 < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 2]);
	job.device = argv[optind];
	image = argv[optind + 1];
	job.what = strcmp(image, "-") ? image : "standard input";
	if (!strcmp(image, "-")) {
		job.fd = STDIN_FILENO;
	} else {
		job.fd = open(image, O_RDONLY | O_CLOEXEC);
		if (job.fd < 0) {
			fprintf(stderr, "%s rawburn: cannot open '%s': %s\n", program_name, image,
				strerror(errno));
			return EXIT_FAIL;
		}
	}
	rc = cli_raw_burn(ctx, &job);
	if (job.fd != STDIN_FILENO)
		close(job.fd);
	return rc;
}

const struct discburn_cmd discburn_cmd_rawburn = {
	.name = "rawburn",
	.fn = do_rawburn,
	.args = "DEV IMAGE|- [--sector-type pq|cooked|raw] [--leadin SECTORS] [--speed X|N]\n"
		"       [--no-bufe] [--client NAME] [--json]",
	.help = "write a raw CD session stream Disc-At-Once (lead-in to lead-out)",
	.usage = "IMAGE is a stream of whole sectors of the sector type, from the lead-in to\n"
		 "the end of the lead-out (what 'discburn rawimage' writes), or - for standard\n"
		 "input. The disc must be a blank CD-R or CD-RW.\n"
		 "Options:\n"
		 "  --sector-type T    pq (2368 bytes: 16 of P-Q), cooked (default; 2448: P-W\n"
		 "                     with R-W packed) or raw (2448: P-W as on the disc)\n"
		 "  --leadin SECTORS   stream sectors before LBA 0 (default 22650: the stream\n"
		 "                     begins at MSF 95:00:00); what precedes the disc's lead-in\n"
		 "                     is skipped\n"
		 CLI_RAW_USAGE,
};
