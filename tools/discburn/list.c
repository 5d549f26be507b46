// SPDX-License-Identifier: GPL-2.0
/*
 * discburn list: every recorder, its block device, identity and owner.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void print_one(struct discburn_recorder *rec, struct json *j, bool json)
{
	struct discburn_exclusive_owner o;
	const char *bdev = discburn_recorder_get_block_device(rec);
	char sentence[160];
	int ret;

	ret = discburn_recorder_get_owner(rec, &o);
	if (DISCBURN_FAILED(ret))
		o.locked = false;
	if (json) {
		json_object_begin(j, NULL);
		json_uint(j, "index", discburn_recorder_get_index(rec));
		json_string(j, "device", discburn_recorder_get_path(rec));
		json_string(j, "block_device", bdev);
		json_string(j, "vendor", discburn_recorder_get_vendor_id(rec));
		json_string(j, "product", discburn_recorder_get_product_id(rec));
		json_string(j, "revision", discburn_recorder_get_product_revision(rec));
		if (DISCBURN_FAILED(ret))
			json_null(j, "owner");
		else
			cli_json_owner(j, "owner", &o);
		json_object_end(j);
		return;
	}
	cli_owner_sentence(&o, sentence, sizeof(sentence));
	printf("%-16s %-6s %-8s %-16s %-4s  %s\n", discburn_recorder_get_path(rec),
	       bdev ? bdev : "-", discburn_recorder_get_vendor_id(rec),
	       discburn_recorder_get_product_id(rec),
	       discburn_recorder_get_product_revision(rec),
	       DISCBURN_FAILED(ret) ? "owner unknown" : sentence);
}

static int do_list(struct discburn_ctx *ctx, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	unsigned int *indexes;
	bool json = false;
	int c, ret, rc = EXIT_OK;
	size_t n, i;
	struct json j;

	optind = 0;	/* 0: full re-initialisation of glibc getopt */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			cli_usage(&discburn_cmd_list, stdout);
			return EXIT_OK;
		default:
			return cli_usage_error(&discburn_cmd_list, "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(&discburn_cmd_list, "unexpected argument '%s'",
				       argv[optind]);

	ret = discburn_recorder_enumerate(ctx, &indexes, &n);
	if (DISCBURN_FAILED(ret))
		return cli_fail(NULL, "/sys/class/discburn", "list recorders", ret);
	if (json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_array_begin(&j, "recorders");
	} else if (!n) {
		fprintf(stderr, "%s: no recorders (is discburn.ko loaded?)\n", program_name);
	}
	for (i = 0; i < n; i++) {
		struct discburn_recorder *rec;
		char dev[32];

		ret = discburn_recorder_new_from_index(ctx, indexes[i], &rec);
		if (ret == DISCBURN_STATUS(DISCBURN_E_DEVICE_NOT_CONNECTED))
			continue;	/* removed meanwhile */
		if (DISCBURN_FAILED(ret)) {
			snprintf(dev, sizeof(dev), "/dev/discburn%u", indexes[i]);
			rc = cli_fail(NULL, dev, "open", ret);
			continue;
		}
		print_one(rec, &j, json);
		discburn_recorder_unref(rec);
	}
	free(indexes);
	if (json) {
		json_array_end(&j);
		json_object_end(&j);
		json_finish(&j);
	}
	return rc;
}

const struct discburn_cmd discburn_cmd_list = {
	.name = "list",
	.fn = do_list,
	.args = "[--json]",
	.help = "list the recorders: device, block device, identity, lock owner",
	.usage = "Options:\n"
		 "  --json      one JSON object: {\"recorders\": [{index, device, block_device,\n"
		 "              vendor, product, revision, owner}]}\n"
		 "  -h, --help  this text\n",
};
