// SPDX-License-Identifier: GPL-2.0
/*
 * discburn rawimage OUT TRACK... [options]: build a raw CD session stream
 * (libdiscburn's IRawCDImageCreator) into a file without burning it, for
 * `discburn rawburn` or another tool. The options that describe the disc
 * (tracks, gaps, ISRC, MCN, CD-TEXT, sector type) are shared with
 * `discburn audio` (cli_image_*).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct {
	const char *key;
	uint32_t type;
} cdtext_keys[] = {
	{ "title", DISCBURN_CDTEXT_TITLE },
	{ "performer", DISCBURN_CDTEXT_PERFORMER },
	{ "songwriter", DISCBURN_CDTEXT_SONGWRITER },
	{ "composer", DISCBURN_CDTEXT_COMPOSER },
	{ "arranger", DISCBURN_CDTEXT_ARRANGER },
	{ "message", DISCBURN_CDTEXT_MESSAGE },
	{ "upc", DISCBURN_CDTEXT_UPC_ISRC },
	{ "isrc", DISCBURN_CDTEXT_UPC_ISRC },
};

/** cli_parse_sector_type() - pq, cooked or raw; 0 for anything else */
uint32_t cli_parse_sector_type(const char *s)
{
	if (!strcmp(s, "pq") || !strcmp(s, "pq-only") || !strcmp(s, "16"))
		return DISCBURN_RAW_SUBCODE_PQ_ONLY;
	if (!strcmp(s, "cooked") || !strcmp(s, "96p"))
		return DISCBURN_RAW_SUBCODE_IS_COOKED;
	if (!strcmp(s, "raw") || !strcmp(s, "96r"))
		return DISCBURN_RAW_SUBCODE_IS_RAW;
	return 0;
}

const char *cli_sector_type_name(uint32_t type)
{
	switch (type) {
	case DISCBURN_RAW_SUBCODE_PQ_ONLY:
		return "pq";
	case DISCBURN_RAW_SUBCODE_IS_COOKED:
		return "cooked";
	case DISCBURN_RAW_SUBCODE_IS_RAW:
		return "raw";
	default:
		return "unknown";
	}
}

/*
 * One --cdtext value: "[N:]key=value,key=value"; a backslash keeps the
 * next character (a comma in a title). Returns 0 or the usage error.
 */
static int cdtext_option(struct cli_image *ci, const char *arg)
{
	char *copy = strdup(arg), *p, *out, *key, *val;
	unsigned int track = 0;
	int ret = 0;

	if (!copy)
		return -1;
	p = copy;
	if (*p >= '0' && *p <= '9' && strchr(p, ':') && strchr(p, ':') < strchr(p, '=')) {
		track = (unsigned int)strtoul(p, &p, 10);
		if (*p != ':') {
			free(copy);
			return -1;
		}
		p++;
	}
	while (*p && !ret) {
		size_t i;

		key = p;
		val = strchr(p, '=');
		if (!val) {
			ret = -1;
			break;
		}
		*val++ = '\0';
		/* unescape up to the next unescaped comma */
		for (out = p = val; *p && *p != ','; p++) {
			if (*p == '\\' && p[1])
				p++;
			*out++ = *p;
		}
		if (*p == ',')
			p++;
		*out = '\0';
		for (i = 0; i < sizeof(cdtext_keys) / sizeof(cdtext_keys[0]); i++)
			if (!strcmp(key, cdtext_keys[i].key))
				break;
		if (i == sizeof(cdtext_keys) / sizeof(cdtext_keys[0]) ||
		    ci->ncdtext >= CLI_MAX_CDTEXT) {
			ret = -1;
			break;
		}
		ci->cdtext[ci->ncdtext].track = track;
		ci->cdtext[ci->ncdtext].type = cdtext_keys[i].type;
		ci->cdtext[ci->ncdtext].text = strdup(val);
		ci->ncdtext++;
	}
	free(copy);
	return ret;
}

/**
 * cli_image_option() - take one of the options that describe the disc
 * @ci: what they say so far
 * @c: the option's code (CLI_OPT_*)
 * @arg: its value
 *
 * Return: 0, or -1 for a bad value (the caller prints the usage error).
 */
int cli_image_option(struct cli_image *ci, int c, const char *arg)
{
	char *end;
	double d;

	switch (c) {
	case CLI_OPT_GAP:
		d = strtod(arg, &end);
		if (*end || !(d >= 0) || d > 60)
			return -1;
		ci->gap = (int32_t)(d * 75 + 0.5);
		ci->gap_set = true;
		return 0;
	case CLI_OPT_GAPLESS:
		ci->gapless = true;
		return 0;
	case CLI_OPT_ISRC:
		if (ci->nisrc >= DISCBURN_RAW_MAX_TRACKS)
			return -1;
		ci->isrc[ci->nisrc++] = arg;
		return 0;
	case CLI_OPT_MCN:
		ci->mcn = arg;
		return 0;
	case CLI_OPT_CDTEXT:
		return cdtext_option(ci, arg);
	case CLI_OPT_SECTOR_TYPE:
		ci->sector_type = cli_parse_sector_type(arg);
		return ci->sector_type ? 0 : -1;
	case CLI_OPT_FIRST:
		ci->first = (unsigned int)strtoul(arg, &end, 10);
		return *end || ci->first < 1 || ci->first > 99 ? -1 : 0;
	case CLI_OPT_LEADIN:
		ci->leadin = (int32_t)strtol(arg, &end, 10);
		return *end || ci->leadin <= 150 || ci->leadin > 45150 ? -1 : 0;
	default:
		return -1;
	}
}

void cli_image_free(struct cli_image *ci)
{
	unsigned int i;

	for (i = 0; i < ci->ncdtext; i++)
		free(ci->cdtext[i].text);
	discburn_raw_image_unref(ci->img);
	ci->img = NULL;
}

static int image_fail(const char *what, const char *arg, int ret)
{
	fprintf(stderr, "%s: %s '%s': %s (0x%08X)\n", program_name, what, arg,
		discburn_strerror(ret), (uint32_t)ret);
	return EXIT_FAIL;
}

/*
 * A track operand: FILE for audio (WAV or raw PCM), mode1:FILE,
 * mode2form1:FILE or mode2form2:FILE for data.
 */
static int add_track(struct cli_image *ci, const char *operand, int32_t *number)
{
	static const struct {
		const char *prefix;
		uint32_t type;
	} kinds[] = {
		{ "mode1:", DISCBURN_CD_SECTOR_MODE1 },
		{ "mode2form1:", DISCBURN_CD_SECTOR_MODE2FORM1 },
		{ "mode2form2:", DISCBURN_CD_SECTOR_MODE2FORM2 },
		{ "audio:", DISCBURN_CD_SECTOR_AUDIO },
	};
	uint32_t type = DISCBURN_CD_SECTOR_AUDIO;
	const char *path = operand;
	size_t i;
	int fd, ret;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!strncmp(operand, kinds[i].prefix, strlen(kinds[i].prefix))) {
			type = kinds[i].type;
			path = operand + strlen(kinds[i].prefix);
		}
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot open '%s': %s\n", program_name, path, strerror(errno));
		return EXIT_FAIL;
	}
	ret = discburn_raw_image_add_track(ci->img, type, fd, number);
	close(fd);
	if (ret)
		return image_fail("cannot add track", path, ret);
	return EXIT_OK;
}

/**
 * cli_image_build() - the image the options and the track operands describe
 * @ctx: the library
 * @ci: the options; ci->img is set on success
 * @tracks: the operands
 * @n: how many
 *
 * Return: an exit code; the message is printed.
 */
int cli_image_build(struct discburn_ctx *ctx, struct cli_image *ci, char *const tracks[], int n)
{
	unsigned int i;
	int32_t number;
	int ret, rc, k;

	ret = discburn_raw_image_new(ctx, &ci->img);
	if (ret)
		return image_fail("cannot create", "image", ret);
	if (ci->sector_type)
		discburn_raw_image_put_resulting_image_type(ci->img, ci->sector_type);
	if (ci->first)
		discburn_raw_image_put_starting_track_number(ci->img, ci->first);
	if (ci->leadin)
		discburn_raw_image_put_leadin_sectors(ci->img, ci->leadin);
	/* --gap N: N seconds of silence between tracks; --gapless: none inserted */
	discburn_raw_image_put_disable_gapless_audio(ci->img, !ci->gapless);
	for (k = 0; k < n; k++) {
		rc = add_track(ci, tracks[k], &number);
		if (rc)
			return rc;
		if (k && ci->gap_set && !ci->gapless) {
			ret = discburn_raw_image_track_put_pregap(ci->img, (unsigned int)number,
								  ci->gap);
			if (ret)
				return image_fail("cannot set the gap before", tracks[k], ret);
		}
	}
	for (i = 0; i < ci->nisrc; i++) {
		const char *v = ci->isrc[i], *eq = strchr(v, '=');
		unsigned int t = discburn_raw_image_get_starting_track_number(ci->img) + i;

		/* "N=ISRC" names the track, a bare ISRC goes to the next one */
		if (eq) {
			t = (unsigned int)atoi(v);
			v = eq + 1;
		}
		ret = discburn_raw_image_track_put_isrc(ci->img, t, v);
		if (ret)
			return image_fail("bad --isrc", ci->isrc[i], ret);
	}
	if (ci->mcn) {
		ret = discburn_raw_image_put_media_catalog_number(ci->img, ci->mcn);
		if (ret)
			return image_fail("bad --mcn", ci->mcn, ret);
	}
	for (i = 0; i < ci->ncdtext; i++) {
		ret = discburn_raw_image_put_cdtext(ci->img, ci->cdtext[i].track, ci->cdtext[i].type,
						    ci->cdtext[i].text);
		if (ret)
			return image_fail("bad --cdtext", ci->cdtext[i].text, ret);
	}
	return EXIT_OK;
}

/** cli_image_json_tracks() - "tracks": [...] of the image */
void cli_image_json_tracks(struct json *j, struct discburn_raw_image *img)
{
	unsigned int first = discburn_raw_image_get_starting_track_number(img), n, t;

	n = discburn_raw_image_get_number_of_existing_tracks(img);
	json_array_begin(j, "tracks");
	for (t = first; t < first + n; t++) {
		struct discburn_raw_track_info ti = { .size = sizeof(ti) };

		if (discburn_raw_image_get_track_info(img, t, &ti))
			continue;
		json_object_begin(j, NULL);
		json_uint(j, "number", ti.track_number);
		json_string(j, "type", ti.sector_type == DISCBURN_CD_SECTOR_AUDIO ? "audio" : "data");
		json_int(j, "start_lba", ti.starting_lba);
		json_int(j, "sectors", ti.sector_count);
		json_int(j, "pregap_sectors", ti.pregap_sectors);
		json_string(j, "isrc", ti.isrc[0] ? ti.isrc : NULL);
		json_uint(j, "indexes", ti.index_count);
		json_object_end(j);
	}
	json_array_end(j);
}

static int do_rawimage(struct discburn_ctx *ctx, int argc, char *argv[])
{
	static const struct option opts[] = {
		CLI_IMAGE_OPTIONS,
		{ "leadin", required_argument, NULL, CLI_OPT_LEADIN },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const struct discburn_cmd *cmd = &discburn_cmd_rawimage;
	struct cli_image ci = { 0 };
	struct discburn_raw_stream *s = NULL;
	bool json = false;
	const char *out;
	struct json j;
	int c, fd, ret, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			cli_usage(cmd, stdout);
			return EXIT_OK;
		case ':':
			return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		case '?':
			return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		default:
			if (cli_image_option(&ci, c, optarg)) {
				cli_image_free(&ci);
				return cli_usage_error(cmd, "bad value '%s' for '%s'", optarg,
						       argv[optind - 1]);
			}
		}
	}
	if (optind >= argc) {
		cli_image_free(&ci);
		return cli_usage_error(cmd, "missing OUT (the stream file to write)");
	}
	if (optind + 1 >= argc) {
		cli_image_free(&ci);
		return cli_usage_error(cmd, "missing TRACK (a WAV or PCM file, or mode1:FILE)");
	}
	out = argv[optind];
	rc = cli_image_build(ctx, &ci, argv + optind + 1, argc - optind - 1);
	if (rc)
		goto out_free;
	ret = discburn_raw_image_create_result(ci.img, &s);
	if (ret) {
		rc = image_fail("cannot create the stream of", out, ret);
		goto out_free;
	}
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot create '%s': %s\n", program_name, out, strerror(errno));
		rc = EXIT_FAIL;
		goto out_free;
	}
	ret = cli_raw_copy(s, fd, json);
	if (close(fd) && !ret)
		ret = DISCBURN_STATUS(DISCBURN_E_FAIL);
	if (ret) {
		rc = image_fail("cannot write", out, ret);
		goto out_free;
	}
	if (json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "event", "result");
		json_int(&j, "status", 0);
		json_string(&j, "output", out);
		json_uint(&j, "bytes", discburn_raw_stream_get_size(s));
		json_string(&j, "sector_type",
			    cli_sector_type_name(discburn_raw_image_get_resulting_image_type(ci.img)));
		json_uint(&j, "sector_bytes", discburn_raw_stream_get_sector_bytes(s));
		json_int(&j, "leadin_sectors", discburn_raw_stream_get_leadin_sectors(s));
		json_int(&j, "leadout_lba", discburn_raw_image_get_start_of_leadout(ci.img));
		cli_image_json_tracks(&j, ci.img);
		json_object_end(&j);
		json_finish(&j);
	} else {
		fprintf(stderr, "%s: wrote %s: %u tracks, lead-out at LBA %d, %llu bytes in "
			"%u-byte sectors from LBA %d (write it with 'discburn rawburn DEV %s "
			"--sector-type %s --leadin %d')\n", program_name, out,
			discburn_raw_image_get_number_of_existing_tracks(ci.img),
			discburn_raw_image_get_start_of_leadout(ci.img),
			(unsigned long long)discburn_raw_stream_get_size(s),
			discburn_raw_stream_get_sector_bytes(s),
			-discburn_raw_stream_get_leadin_sectors(s), out,
			cli_sector_type_name(discburn_raw_image_get_resulting_image_type(ci.img)),
			discburn_raw_stream_get_leadin_sectors(s));
	}
	rc = EXIT_OK;
out_free:
	discburn_raw_stream_unref(s);
	cli_image_free(&ci);
	return rc;
}

const struct discburn_cmd discburn_cmd_rawimage = {
	.name = "rawimage",
	.fn = do_rawimage,
	.args = "OUT TRACK... [--gap SECONDS|--gapless] [--isrc [N=]ISRC]... [--mcn MCN]\n"
		"       [--cdtext [N:]KEY=VALUE,...]... [--sector-type pq|cooked|raw]\n"
		"       [--first-track N] [--leadin SECTORS] [--json]",
	.help = "build a raw CD session stream (lead-in, tracks, lead-out) into a file",
	.usage = CLI_IMAGE_USAGE
		 "  --leadin SECTORS   stream sectors before LBA 0 (default 22650: the stream\n"
		 "                     begins at MSF 95:00:00, as 'discburn rawburn' assumes)\n"
		 "  --json             progress lines, then {\"event\": \"result\", tracks...}\n"
		 "  -h, --help         this text\n",
};
