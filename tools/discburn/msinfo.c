// SPDX-License-Identifier: GPL-2.0
/*
 * discburn msinfo DEV: "start,next" of an appendable disc, as
 * `cdrskin -msinfo` and `cdrecord -msinfo` print it: the first sector of
 * the last session (StartAddressOfPreviousSession) and the next writable
 * address (NextWritableAddress), for `genisoimage -C start,next -M /dev/srN`
 * to lay out the next session of a multisession disc.
 */
#include <stdio.h>

#include "cli.h"

static int do_msinfo(struct discburn_ctx *ctx, int argc, char *argv[])
{
	struct discburn_media_status m = { .size = sizeof(m) };
	struct discburn_recorder *rec;
	const char *device;
	struct json j;
	bool json;
	int ret;

	ret = cli_one_device(&discburn_cmd_msinfo, argc, argv, &json, &device);
	if (ret >= 0)
		return ret;
	ret = cli_open(ctx, device, &rec);
	if (ret)
		return ret;
	ret = discburn_recorder_get_media_status(rec, &m);
	if (DISCBURN_FAILED(ret)) {
		ret = cli_fail(rec, device, "read the disc's sessions", ret);
		discburn_recorder_unref(rec);
		return ret;
	}
	discburn_recorder_unref(rec);
	if (m.disc_status != 1 || m.start_of_previous_session < 0) {
		fprintf(stderr, "%s: %s: the disc is %s: %s\n", program_name, device,
			cli_disc_state_name(m.disc_status),
			m.disc_status == 0 ? "it has no session yet; burn the first one without "
					     "-C/-M" :
			"no session can be added to it");
		return EXIT_FAIL;
	}
	if (json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_int(&j, "start_of_previous_session", m.start_of_previous_session);
		json_int(&j, "next_writable_address", m.next_writable_address);
		json_object_end(&j);
		json_finish(&j);
	} else {
		printf("%lld,%lld\n", (long long)m.start_of_previous_session,
		       (long long)m.next_writable_address);
	}
	return EXIT_OK;
}

const struct discburn_cmd discburn_cmd_msinfo = {
	.name = "msinfo",
	.fn = do_msinfo,
	.args = "DEV [--json]",
	.help = "print 'start,next' of an appendable disc for genisoimage -C",
	.usage = "Prints the first sector of the disc's last session and the next writable\n"
		 "address, as cdrskin -msinfo does:\n"
		 "  genisoimage -C \"$(discburn msinfo DEV)\" -M /dev/srN -o next.iso DIR\n"
		 "  discburn burn DEV next.iso --multisession\n"
		 "Options:\n"
		 "  --json      {start_of_previous_session, next_writable_address}\n"
		 "  -h, --help  this text\n"
		 "Exit 1 when the disc is blank or closed.\n",
};
