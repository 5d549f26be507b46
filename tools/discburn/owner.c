// SPDX-License-Identifier: GPL-2.0
/*
 * discburn owner DEV: who holds the exclusive lock (ExclusiveAccessOwner).
 */
#include <stdio.h>

#include "cli.h"

static int do_owner(struct discburn_ctx *ctx, int argc, char *argv[])
{
	struct discburn_exclusive_owner o;
	struct discburn_recorder *rec;
	const char *device;
	char sentence[160];
	bool json;
	struct json j;
	int ret;

	ret = cli_one_device(&discburn_cmd_owner, argc, argv, &json, &device);
	if (ret >= 0)
		return ret;
	ret = cli_open(ctx, device, &rec);
	if (ret)
		return ret;
	ret = discburn_recorder_get_owner(rec, &o);
	if (DISCBURN_FAILED(ret)) {
		ret = cli_fail(rec, device, "ask for the owner", ret);
		discburn_recorder_unref(rec);
		return ret;
	}
	if (json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "device", discburn_recorder_get_path(rec));
		json_bool(&j, "locked", o.locked);
		cli_json_owner(&j, "owner", &o);
		json_object_end(&j);
		json_finish(&j);
	} else {
		cli_owner_sentence(&o, sentence, sizeof(sentence));
		printf("%s: %s\n", discburn_recorder_get_path(rec), sentence);
	}
	discburn_recorder_unref(rec);
	return EXIT_OK;
}

const struct discburn_cmd discburn_cmd_owner = {
	.name = "owner",
	.fn = do_owner,
	.args = "DEV [--json]",
	.help = "show who holds the recorder's exclusive lock, and since when",
	.usage = "Options:\n"
		 "  --json      one JSON object: {device, locked, owner: null or\n"
		 "              {client, pid, since_epoch, since, mine}}\n"
		 "  -h, --help  this text\n",
};
