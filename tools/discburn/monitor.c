// SPDX-License-Identifier: GPL-2.0
/*
 * discburn monitor: print the driver's events as they happen, one line
 * each (one JSON object per line with --json), until SIGINT/SIGTERM or
 * --count events: recorders added and removed, media and lock changes, and
 * the progress and end (write-done) of every burn or erase.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

/* " writing 42% LBA 1234 of 0+5000, 12.3 MiB/s, ring 87%, drive 63%" */
static void print_progress(const struct discburn_write_progress *p)
{
	const char *action = discburn_action_name(p->format, p->action);
	double percent = cli_progress_percent(p);

	printf(" %s", action ? action : "working");
	if (percent >= 0)
		printf(" %.0f%%", percent);
	if (p->format == DISCBURN_FORMAT_ERASE) {
		printf(", %.0f s", (double)p->elapsed_ns / 1e9);
		return;
	}
	printf(" LBA %d of %d+%d, %.1f MiB/s", p->last_written_lba, p->start_lba,
	       p->sector_count, cli_progress_mibps(p));
	if (p->ring_total)
		printf(", ring %u%%", (unsigned int)(p->ring_used * 100 / p->ring_total));
	if (p->drive_buffer_total)
		printf(", drive %u%%",
		       (unsigned int)((uint64_t)(p->drive_buffer_total - p->drive_buffer_free) *
				      100 / p->drive_buffer_total));
}

/* " data: Success (0x00000000), LBA 0-4999, 0:35" */
static void print_done(const struct discburn_write_progress *p)
{
	static const char *const formats[] = { "session", "data", "raw", "erase" };
	char took[16];

	cli_format_duration(p->elapsed_ns, took, sizeof(took));
	printf(" %s: %s (0x%08X)", p->format < 4 ? formats[p->format] : "session",
	       discburn_strerror(p->result), (uint32_t)p->result);
	if (p->format != DISCBURN_FORMAT_ERASE && p->bytes_written &&
	    p->last_written_lba >= p->start_lba)
		printf(", LBA %d-%d", p->start_lba, p->last_written_lba);
	if (p->failed_lba != -1)
		printf(", failed at LBA %d", p->failed_lba);
	printf(", %s", took);
}

static void print_event(struct discburn_event *ev, bool json)
{
	enum discburn_event_type type = discburn_event_get_type(ev);
	const char *bdev = discburn_event_get_block_device(ev);
	const char *state = discburn_state_name(discburn_event_get_state(ev));
	struct discburn_exclusive_owner o;
	int index = discburn_event_get_index(ev);
	char dev[32], when[32], sentence[160];
	struct json j;

	struct discburn_write_progress p = { .size = sizeof(p) };
	bool progress = (type == DISCBURN_EVENT_PROGRESS || type == DISCBURN_EVENT_WRITE_DONE) &&
			!discburn_event_get_progress(ev, &p);

	discburn_event_get_owner(ev, &o);
	snprintf(dev, sizeof(dev), "/dev/discburn%d", index);
	if (json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "event", discburn_event_type_name(type));
		json_int(&j, "time", (int64_t)time(NULL));
		if (index >= 0) {
			json_int(&j, "index", index);
			json_string(&j, "device", dev);
		} else {
			json_null(&j, "index");
			json_null(&j, "device");
		}
		json_string(&j, "block_device", bdev);
		json_string(&j, "state", state);
		json_string(&j, "vendor", discburn_event_get_vendor_id(ev));
		json_string(&j, "product", discburn_event_get_product_id(ev));
		json_uint(&j, "current_profile", discburn_event_get_current_profile(ev));
		cli_json_owner(&j, "owner", &o);
		if (progress) {
			json_object_begin(&j, "progress");
			cli_progress_json(&j, &p);
			json_object_end(&j);
		}
		json_object_end(&j);
		json_finish(&j);
		return;
	}
	cli_format_time(time(NULL), when, sizeof(when));
	printf("%s %-16s %-16s %-6s", when, discburn_event_type_name(type),
	       index >= 0 ? dev : "-", bdev ? bdev : "-");
	switch (type) {
	case DISCBURN_EVENT_LOCK_CHANGED:
		cli_owner_sentence(&o, sentence, sizeof(sentence));
		printf(" %s", sentence);
		break;
	case DISCBURN_EVENT_RECORDER_ADDED:
		printf(" %s %s %s", discburn_event_get_vendor_id(ev) ?: "",
		       discburn_event_get_product_id(ev) ?: "",
		       discburn_event_get_product_revision(ev) ?: "");
		break;
	case DISCBURN_EVENT_MEDIA_CHANGED: {
		const char *name =
			discburn_profile_name((uint16_t)discburn_event_get_current_profile(ev));

		printf(" %s", discburn_event_get_current_profile(ev) ? (name ?: "unknown medium")
								     : "no medium");
		break;
	}
	case DISCBURN_EVENT_PROGRESS:
		if (progress)
			print_progress(&p);
		break;
	case DISCBURN_EVENT_WRITE_DONE:
		if (progress)
			print_done(&p);
		break;
	default:
		break;
	}
	printf("\n");
	fflush(stdout);
}

static int do_monitor(struct discburn_ctx *ctx, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const struct discburn_cmd *cmd = &discburn_cmd_monitor;
	struct discburn_monitor *mon;
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned long count = 0, seen = 0;
	bool json = false;
	struct pollfd pfd;
	char *end;
	int c, ret, rc = EXIT_OK;

	optind = 0;	/* 0: full re-initialisation of glibc getopt */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			count = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-' || !count)
				return cli_usage_error(cmd, "--count needs a positive number, not '%s'",
						       optarg);
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
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);

	ret = discburn_monitor_new(ctx, &mon);
	if (ret == DISCBURN_STATUS(DISCBURN_E_DEVICE_NOT_CONNECTED)) {
		fprintf(stderr, "%s: the discburn netlink family is not registered.\n"
			"Load the driver: modprobe discburn\n", program_name);
		return EXIT_NODEV;
	}
	if (DISCBURN_FAILED(ret))
		return cli_fail(NULL, "netlink", "subscribe to events", ret);

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	pfd.fd = discburn_monitor_get_fd(mon);
	pfd.events = POLLIN;
	if (!json)
		fprintf(stderr, "%s: watching recorder events; Ctrl-C stops\n", program_name);
	while (!stop && (!count || seen < count)) {
		struct discburn_event *ev;

		if (poll(&pfd, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: poll: %s\n", program_name, strerror(errno));
			rc = EXIT_FAIL;
			break;
		}
		for (;;) {
			ret = discburn_monitor_receive(mon, &ev);
			if (DISCBURN_FAILED(ret)) {
				rc = cli_fail(NULL, "netlink", "receive events", ret);
				stop = 1;
				break;
			}
			if (!ev)
				break;
			print_event(ev, json);
			discburn_event_unref(ev);
			if (count && ++seen >= count)
				break;
		}
	}
	discburn_monitor_unref(mon);
	return rc;
}

const struct discburn_cmd discburn_cmd_monitor = {
	.name = "monitor",
	.fn = do_monitor,
	.args = "[--count N] [--json]",
	.help = "print recorder events (added, removed, media, lock, progress) as they happen",
	.usage = "Options:\n"
		 "  -n, --count N  stop after N events\n"
		 "  --json         one JSON object per line: {event, time, index, device,\n"
		 "                 block_device, state, vendor, product, current_profile, owner},\n"
		 "                 progress and write-done events also {progress: {format,\n"
		 "                 state, action, percent, LBAs, times, ring, drive buffer,\n"
		 "                 speed, result...}}\n"
		 "  -h, --help     this text\n"
		 "Runs until SIGINT or SIGTERM (exit 0). Exit 3 if discburn.ko is not loaded.\n",
};
