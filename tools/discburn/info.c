// SPDX-License-Identifier: GPL-2.0
/*
 * discburn info DEV: identity, profiles, features, capabilities and write
 * speeds of one recorder (IDiscRecorder2's properties). Identity is read
 * even while another client holds the lock; the rest then reads
 * "unavailable" with the reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct {
	uint32_t bit;
	const char *name;
} cap_names[] = {
	{ DISCBURN_CAP_LOAD_MEDIA, "load-media" },
	{ DISCBURN_CAP_EJECT, "eject" },
	{ DISCBURN_CAP_CD_WRITE, "cd-write" },
	{ DISCBURN_CAP_CD_RW, "cd-rw" },
	{ DISCBURN_CAP_CD_TAO, "cd-tao" },
	{ DISCBURN_CAP_CD_SAO, "cd-sao" },
	{ DISCBURN_CAP_CD_RAW16, "cd-raw16" },
	{ DISCBURN_CAP_CD_RAW96P, "cd-raw96p" },
	{ DISCBURN_CAP_CD_RAW96R, "cd-raw96r" },
	{ DISCBURN_CAP_DVD_INCREMENTAL, "dvd-incremental" },
	{ DISCBURN_CAP_DVD_DAO, "dvd-dao" },
	{ DISCBURN_CAP_DVD_PLUS, "dvd-plus" },
	{ DISCBURN_CAP_BD_SRM, "bd-srm" },
	{ DISCBURN_CAP_BUFE, "bufe" },
	{ DISCBURN_CAP_TEST_WRITE, "test-write" },
};

static void unavailable(const char *what, int status)
{
	printf("%-14s unavailable: %s\n", what, discburn_strerror(status));
}

static void print_codes(struct json *j, bool json, const char *key, const char *label,
			uint16_t *codes, size_t n, bool profiles)
{
	size_t i;

	if (json) {
		json_array_begin(j, key);
		for (i = 0; i < n; i++) {
			if (profiles) {
				json_object_begin(j, NULL);
				json_uint(j, "profile", codes[i]);
				json_string(j, "name", discburn_profile_name(codes[i]));
				json_object_end(j);
			} else {
				json_uint(j, NULL, codes[i]);
			}
		}
		json_array_end(j);
		return;
	}
	printf("%-14s", label);
	for (i = 0; i < n; i++) {
		const char *name = profiles ? discburn_profile_name(codes[i]) : NULL;

		if (name)
			printf(" %s", name);
		else
			printf(" %04Xh", codes[i]);
	}
	printf("%s\n", n ? "" : " none");
}

static void show_codes(struct discburn_recorder *rec, struct json *j, bool json,
		       bool profiles, bool current)
{
	const char *key = profiles ? (current ? "current_profiles" : "profiles")
				   : (current ? "current_features" : "features");
	const char *label = profiles ? (current ? "current:" : "profiles:")
				     : (current ? "current feat.:" : "features:");
	uint16_t *codes;
	size_t n;
	int ret;

	ret = profiles ? discburn_recorder_get_profiles(rec, current, &codes, &n)
		       : discburn_recorder_get_features(rec, current, &codes, &n);
	if (DISCBURN_FAILED(ret)) {
		if (json)
			json_null(j, key);
		else
			unavailable(label, ret);
		return;
	}
	print_codes(j, json, key, label, codes, n, profiles);
	free(codes);
}

static void show_caps(struct discburn_recorder *rec, struct json *j, bool json)
{
	struct discburn_recorder_caps caps = { .size = sizeof(caps) };
	size_t i;
	int ret;

	ret = discburn_recorder_get_capabilities(rec, &caps);
	if (DISCBURN_FAILED(ret)) {
		if (json)
			json_null(j, "capabilities");
		else
			unavailable("capabilities:", ret);
		return;
	}
	if (json) {
		json_object_begin(j, "capabilities");
		for (i = 0; i < sizeof(cap_names) / sizeof(cap_names[0]); i++)
			json_bool(j, cap_names[i].name, caps.flags & cap_names[i].bit);
		json_uint(j, "max_transfer", caps.max_transfer);
		json_uint(j, "alignment_mask", caps.alignment_mask);
		json_uint(j, "buffer_size", caps.buffer_size);
		json_object_end(j);
		return;
	}
	printf("%-14s", "capabilities:");
	for (i = 0; i < sizeof(cap_names) / sizeof(cap_names[0]); i++)
		if (caps.flags & cap_names[i].bit)
			printf(" %s", cap_names[i].name);
	printf("\n%-14s %u bytes\n", "max transfer:", caps.max_transfer);
	if (caps.buffer_size)
		printf("%-14s %u KiB\n", "buffer:", caps.buffer_size / 1024);
}

static void show_speeds(struct discburn_recorder *rec, struct json *j, bool json)
{
	uint32_t *kbps;
	size_t n, i;
	int ret;

	ret = discburn_recorder_get_write_speeds(rec, &kbps, &n);
	if (DISCBURN_FAILED(ret)) {
		if (json)
			json_null(j, "write_speeds_kbps");
		else
			unavailable("write speeds:", ret);
		return;
	}
	if (json) {
		json_array_begin(j, "write_speeds_kbps");
		for (i = 0; i < n; i++)
			json_uint(j, NULL, kbps[i]);
		json_array_end(j);
	} else {
		printf("%-14s", "write speeds:");
		for (i = 0; i < n; i++)
			printf(" %u", kbps[i]);
		printf("%s\n", n ? " kB/s" : " none reported");
	}
	free(kbps);
}

/*
 * The guard (Documentation/guard.rst): "on" while its BPF LSM program keeps
 * other processes' commands off locked recorders, "off" without it.
 */
static void show_guard(struct json *j, bool json)
{
	char state[16] = "unknown";
	FILE *f = fopen("/sys/module/discburn/parameters/guard", "r");

	if (f) {
		if (fgets(state, sizeof(state), f))
			state[strcspn(state, "\n")] = 0;
		fclose(f);
	}
	if (json)
		json_string(j, "guard", state);
	else
		printf("%-14s %s\n", "guard:", !strcmp(state, "on") ?
		       "on (others' commands to srN/sgN refused while locked)" :
		       !strcmp(state, "off") ?
		       "off (the lock keeps out mounts and O_EXCL openers only)" : state);
}

static int do_info(struct discburn_ctx *ctx, int argc, char *argv[])
{
	struct discburn_recorder *rec;
	struct discburn_scsi_address a;
	const char *device, *bdev;
	bool json;
	struct json j;
	int ret;

	ret = cli_one_device(&discburn_cmd_info, argc, argv, &json, &device);
	if (ret >= 0)
		return ret;
	ret = cli_open(ctx, device, &rec);
	if (ret)
		return ret;
	discburn_recorder_get_scsi_address(rec, &a);
	bdev = discburn_recorder_get_block_device(rec);
	if (json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_uint(&j, "index", discburn_recorder_get_index(rec));
		json_string(&j, "device", discburn_recorder_get_path(rec));
		json_string(&j, "block_device", bdev);
		json_string(&j, "vendor", discburn_recorder_get_vendor_id(rec));
		json_string(&j, "product", discburn_recorder_get_product_id(rec));
		json_string(&j, "revision", discburn_recorder_get_product_revision(rec));
		json_uint(&j, "scsi_type", a.type);
		json_object_begin(&j, "scsi_address");
		json_uint(&j, "host", a.host);
		json_uint(&j, "channel", a.channel);
		json_uint(&j, "id", a.id);
		json_uint(&j, "lun", a.lun);
		json_object_end(&j);
	} else {
		printf("%-14s %s\n", "device:", discburn_recorder_get_path(rec));
		printf("%-14s %s\n", "block device:", bdev ? bdev : "none");
		printf("%-14s %s\n", "vendor:", discburn_recorder_get_vendor_id(rec));
		printf("%-14s %s\n", "product:", discburn_recorder_get_product_id(rec));
		printf("%-14s %s\n", "revision:", discburn_recorder_get_product_revision(rec));
		printf("%-14s %u:%u:%u:%u (type %u)\n", "scsi address:", a.host, a.channel,
		       a.id, a.lun, a.type);
	}
	show_guard(&j, json);
	show_codes(rec, &j, json, true, false);
	show_codes(rec, &j, json, true, true);
	show_codes(rec, &j, json, false, false);
	show_caps(rec, &j, json);
	show_speeds(rec, &j, json);
	if (json) {
		json_object_end(&j);
		json_finish(&j);
	}
	discburn_recorder_unref(rec);
	return EXIT_OK;
}

const struct discburn_cmd discburn_cmd_info = {
	.name = "info",
	.fn = do_info,
	.args = "DEV [--json]",
	.help = "show a recorder's identity, profiles, features and capabilities",
	.usage = "Options:\n"
		 "  --json      one JSON object; sections the drive cannot answer now\n"
		 "              (locked by another client, old driver) are null\n"
		 "  -h, --help  this text\n",
};
