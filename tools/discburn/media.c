// SPDX-License-Identifier: GPL-2.0
/*
 * discburn media DEV: the disc in the drive as IDiscFormat2Data and
 * IDiscFormat2RawCD describe it.
 */
#include <stdio.h>

#include "cli.h"

static const struct {
	uint32_t bit;
	const char *name;
} state_names[] = {
	{ DISCBURN_MEDIA_STATE_OVERWRITE_ONLY, "overwrite-only" },
	{ DISCBURN_MEDIA_STATE_BLANK, "blank" },
	{ DISCBURN_MEDIA_STATE_APPENDABLE, "appendable" },
	{ DISCBURN_MEDIA_STATE_FINAL_SESSION, "final-session" },
	{ DISCBURN_MEDIA_STATE_DAMAGED, "damaged" },
	{ DISCBURN_MEDIA_STATE_ERASE_REQUIRED, "erase-required" },
	{ DISCBURN_MEDIA_STATE_NON_EMPTY_SESSION, "non-empty-session" },
	{ DISCBURN_MEDIA_STATE_WRITE_PROTECTED, "write-protected" },
	{ DISCBURN_MEDIA_STATE_FINALIZED, "finalized" },
	{ DISCBURN_MEDIA_STATE_UNSUPPORTED_MEDIA, "unsupported-media" },
}, wp_names[] = {
	{ DISCBURN_WP_UNTIL_POWERDOWN, "until-powerdown" },
	{ DISCBURN_WP_BY_CARTRIDGE, "by-cartridge" },
	{ DISCBURN_WP_BY_MEDIA_SPECIFIC_REASON, "by-media-specific-reason" },
	{ DISCBURN_WP_BY_SOFTWARE_WRITE_PROTECT, "by-software-write-protect" },
	{ DISCBURN_WP_BY_DISC_CONTROL_BLOCK, "by-disc-control-block" },
	{ DISCBURN_WP_READ_ONLY_MEDIA, "read-only-media" },
};

static const char *const disc_status_names[] = { "blank", "appendable", "complete", "other" };

#define FLAGS(j, json, key, label, tbl, v)					\
	do {									\
		size_t _i;							\
		if (json) {							\
			json_array_begin(j, key);				\
			for (_i = 0; _i < sizeof(tbl) / sizeof(tbl[0]); _i++)	\
				if ((v) & tbl[_i].bit)				\
					json_string(j, NULL, tbl[_i].name);	\
			json_array_end(j);					\
		} else {							\
			printf("%-22s", label);					\
			for (_i = 0; _i < sizeof(tbl) / sizeof(tbl[0]); _i++)	\
				if ((v) & tbl[_i].bit)				\
					printf(" %s", tbl[_i].name);		\
			printf("%s\n", (v) ? "" : " none");			\
		}								\
	} while (0)

static void num(struct json *j, bool json, const char *key, const char *label, int64_t v)
{
	if (json)
		json_int(j, key, v);
	else
		printf("%-22s %lld\n", label, (long long)v);
}

static int do_media(struct discburn_ctx *ctx, int argc, char *argv[])
{
	struct discburn_media_status m = { .size = sizeof(m) };
	struct discburn_recorder *rec;
	const char *device, *type, *profile;
	bool json;
	struct json j;
	int ret;

	ret = cli_one_device(&discburn_cmd_media, argc, argv, &json, &device);
	if (ret >= 0)
		return ret;
	ret = cli_open(ctx, device, &rec);
	if (ret)
		return ret;
	ret = discburn_recorder_get_media_status(rec, &m);
	if (DISCBURN_FAILED(ret)) {
		ret = cli_fail(rec, device, "read the disc's state", ret);
		discburn_recorder_unref(rec);
		return ret;
	}
	type = discburn_media_type_name(m.physical_type);
	profile = discburn_profile_name((uint16_t)m.current_profile);
	if (json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "device", discburn_recorder_get_path(rec));
		json_uint(&j, "physical_type", m.physical_type);
		json_string(&j, "physical_type_name", type);
		json_uint(&j, "current_profile", m.current_profile);
		json_string(&j, "current_profile_name", profile);
		json_uint(&j, "media_state", m.media_state);
		json_uint(&j, "write_protect", m.write_protect);
		json_string(&j, "disc_status", m.disc_status < 4 ?
			    disc_status_names[m.disc_status] : NULL);
	} else {
		printf("%-22s %s\n", "device:", discburn_recorder_get_path(rec));
		printf("%-22s %s\n", "medium:", type ? type : "unknown");
		printf("%-22s %s (%04Xh)\n", "profile:", profile ? profile : "unknown",
		       m.current_profile);
		printf("%-22s %s\n", "disc status:", m.disc_status < 4 ?
		       disc_status_names[m.disc_status] : "unknown");
	}
	FLAGS(&j, json, "media_state_flags", "state:", state_names, m.media_state);
	FLAGS(&j, json, "write_protect_flags", "write protect:", wp_names, m.write_protect);
	num(&j, json, "sessions", "sessions:", m.sessions);
	num(&j, json, "tracks", "tracks:", m.tracks);
	num(&j, json, "total_sectors", "total sectors:", m.total_sectors);
	num(&j, json, "free_sectors", "free sectors:", m.free_sectors);
	num(&j, json, "next_writable_address", "next writable address:", m.next_writable_address);
	num(&j, json, "start_of_previous_session", "previous session start:",
	    m.start_of_previous_session);
	num(&j, json, "last_written_of_previous_session", "previous session end:",
	    m.last_written_of_previous_session);
	num(&j, json, "start_of_next_session", "next session start:", m.start_of_next_session);
	num(&j, json, "last_possible_start_of_leadout", "last lead-out start:",
	    m.last_possible_start_of_leadout);
	if (json) {
		json_object_end(&j);
		json_finish(&j);
	}
	discburn_recorder_unref(rec);
	return EXIT_OK;
}

const struct discburn_cmd discburn_cmd_media = {
	.name = "media",
	.fn = do_media,
	.args = "DEV [--json]",
	.help = "show the disc: type, blank/appendable/complete, capacity, addresses",
	.usage = "Options:\n"
		 "  --json      one JSON object with the IMAPI2 properties (sectors of 2048 bytes)\n"
		 "  -h, --help  this text\n"
		 "Exit status 5 when there is no disc, 4 when another client holds the drive.\n",
};
