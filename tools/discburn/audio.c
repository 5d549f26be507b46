// SPDX-License-Identifier: GPL-2.0
/*
 * discburn audio DEV a.wav b.wav ... [options]: burn an audio CD
 * Disc-At-Once: the tracks (WAV or raw PCM, 44.1 kHz 16-bit stereo) go
 * into a raw image (IRawCDImageCreator) laid out for this disc's lead-in,
 * with gaps, ISRCs, the MCN and CD-TEXT as asked, and the image is written
 * as it is generated (IDiscFormat2RawCD): no temporary file.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int do_audio(struct discburn_ctx *ctx, int argc, char *argv[])
{
	static const struct option opts[] = {
		CLI_IMAGE_OPTIONS,
		CLI_RAW_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const struct discburn_cmd *cmd = &discburn_cmd_audio;
	struct cli_raw_job job = { .speed = { .kind = CLI_SPEED_MAX } };
	struct cli_image ci = { 0 };
	char what[64];
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(cmd, stdout);
			return EXIT_OK;
		case ':':
			cli_image_free(&ci);
			return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		case '?':
			cli_image_free(&ci);
			return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		case 's':
		case 'B':
		case 'c':
		case 'j':
			if (!cli_raw_option(&job, c, optarg))
				break;
			cli_image_free(&ci);
			return cli_usage_error(cmd, "bad value '%s' for '%s'", optarg,
					       argv[optind - 1]);
		default:
			if (!cli_image_option(&ci, c, optarg))
				break;
			cli_image_free(&ci);
			return cli_usage_error(cmd, "bad value '%s' for '%s'", optarg,
					       argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		cli_image_free(&ci);
		return cli_usage_error(cmd, "missing DEV (/dev/discburnN, N or srN)");
	}
	if (optind + 1 >= argc) {
		cli_image_free(&ci);
		return cli_usage_error(cmd, "missing the tracks (WAV files of 44.1 kHz, 16-bit "
				       "stereo PCM)");
	}
	/* a normal audio CD: two seconds of silence between tracks unless told */
	if (!ci.gap_set && !ci.gapless) {
		ci.gap = 150;
		ci.gap_set = true;
	}
	job.device = argv[optind];
	rc = cli_image_build(ctx, &ci, argv + optind + 1, argc - optind - 1);
	if (rc)
		goto out_free;
	job.sector_type = discburn_raw_image_get_resulting_image_type(ci.img);
	job.ci = &ci;
	snprintf(what, sizeof(what), "%u tracks",
		 discburn_raw_image_get_number_of_existing_tracks(ci.img));
	job.what = what;
	rc = cli_raw_burn(ctx, &job);
out_free:
	cli_image_free(&ci);
	return rc;
}

const struct discburn_cmd discburn_cmd_audio = {
	.name = "audio",
	.fn = do_audio,
	.args = "DEV TRACK... [--gap SECONDS|--gapless] [--isrc [N=]ISRC]... [--mcn MCN]\n"
		"       [--cdtext [N:]KEY=VALUE,...]... [--sector-type pq|cooked|raw]\n"
		"       [--first-track N] [--speed X|N] [--no-bufe] [--client NAME] [--json]",
	.help = "burn an audio CD Disc-At-Once from WAV files, with CD-TEXT, ISRC and MCN",
	.usage = "The disc must be a blank CD-R or CD-RW. Tracks are burnt in the order given;\n"
		 "two seconds of silence separate them unless --gap or --gapless says otherwise.\n"
		 CLI_IMAGE_USAGE
		 CLI_RAW_USAGE,
};
