/* SPDX-License-Identifier: GPL-2.0 */
/*
 * discburn CLI: the subcommand table and the helpers they share.
 */
#ifndef _DISCBURN_CLI_H_
#define _DISCBURN_CLI_H_

#include <stdbool.h>
#include <discburn.h>

#include "json.h"
#include "progress.h"

/* Exit codes (documented in Documentation/cli.rst and `discburn --help`). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* the operation failed; the message says why */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_NODEV = 3,		/* no such recorder, or it went away */
	EXIT_LOCKED = 4,	/* another client holds the recorder */
	EXIT_NOMEDIA = 5,	/* no disc in the drive */
	EXIT_ACCESS = 6,	/* permission denied */
	EXIT_CANCELLED = 7,	/* burn/blank cancelled (Ctrl-C, SIGTERM) */
};

struct discburn_cmd {
	const char *name;
	int (*fn)(struct discburn_ctx *ctx, int argc, char *argv[]);
	const char *args;	/* synopsis after the name */
	const char *help;	/* one line */
	const char *usage;	/* option list for `discburn CMD --help` */
};

extern const struct discburn_cmd discburn_cmd_list;
extern const struct discburn_cmd discburn_cmd_info;
extern const struct discburn_cmd discburn_cmd_media;
extern const struct discburn_cmd discburn_cmd_lock;
extern const struct discburn_cmd discburn_cmd_owner;
extern const struct discburn_cmd discburn_cmd_eject;
extern const struct discburn_cmd discburn_cmd_monitor;
extern const struct discburn_cmd discburn_cmd_burn;
extern const struct discburn_cmd discburn_cmd_blank;
extern const struct discburn_cmd discburn_cmd_msinfo;
extern const struct discburn_cmd discburn_cmd_audio;
extern const struct discburn_cmd discburn_cmd_rawburn;
extern const struct discburn_cmd discburn_cmd_rawimage;

/* rawimage.c: the options that describe a raw image (audio, rawimage) */
enum {
	CLI_OPT_GAP = 0x100,
	CLI_OPT_GAPLESS,
	CLI_OPT_ISRC,
	CLI_OPT_MCN,
	CLI_OPT_CDTEXT,
	CLI_OPT_SECTOR_TYPE,
	CLI_OPT_FIRST,
	CLI_OPT_LEADIN,
};
#define CLI_IMAGE_OPTIONS						\
	{ "gap", required_argument, NULL, CLI_OPT_GAP },		\
	{ "gapless", no_argument, NULL, CLI_OPT_GAPLESS },		\
	{ "isrc", required_argument, NULL, CLI_OPT_ISRC },		\
	{ "mcn", required_argument, NULL, CLI_OPT_MCN },		\
	{ "cdtext", required_argument, NULL, CLI_OPT_CDTEXT },		\
	{ "sector-type", required_argument, NULL, CLI_OPT_SECTOR_TYPE },	\
	{ "first-track", required_argument, NULL, CLI_OPT_FIRST }
#define CLI_IMAGE_USAGE							\
	"TRACK is a WAV file (PCM, 44100 Hz, 16 bits, stereo) or raw PCM of that form;\n" \
	"mode1:FILE, mode2form1:FILE or mode2form2:FILE is a data track (e.g. an ISO\n" \
	"image), which must come before the audio.\n"			\
	"Options:\n"							\
	"  --gap SECONDS      silence before each track after the first (default 2)\n" \
	"  --gapless          no silence: each track's pause marks the end of the last\n" \
	"  --isrc [N=]ISRC    ISRC (CC-OOO-YY-NNNNN) of track N, or of the next track\n" \
	"  --mcn MCN          the disc's Media Catalog Number (13 digits, UPC/EAN)\n" \
	"  --cdtext [N:]KEY=VALUE,...  CD-TEXT of the disc, or of track N; KEY is title,\n" \
	"                     performer, songwriter, composer, arranger, message (or\n" \
	"                     upc/isrc); '\\,' is a comma in a value\n"	\
	"  --sector-type T    pq (2368-byte sectors, no CD-TEXT), cooked (default) or raw\n" \
	"  --first-track N    number of the first track (default 1)\n"
struct cli_image {
	struct discburn_raw_image *img;
	int32_t gap;			/* sectors */
	bool gap_set;
	bool gapless;
	unsigned int nisrc;
	const char *isrc[DISCBURN_RAW_MAX_TRACKS];
	const char *mcn;
	uint32_t sector_type;		/* 0: the default */
	unsigned int first;		/* 0: the default */
	int32_t leadin;			/* 0: the default */
#define CLI_MAX_CDTEXT 256
	unsigned int ncdtext;
	struct {
		unsigned int track;
		uint32_t type;
		char *text;
	} cdtext[CLI_MAX_CDTEXT];
};
int cli_image_option(struct cli_image *ci, int c, const char *arg);
int cli_image_build(struct discburn_ctx *ctx, struct cli_image *ci, char *const tracks[], int n);
void cli_image_free(struct cli_image *ci);
void cli_image_json_tracks(struct json *j, struct discburn_raw_image *img);
uint32_t cli_parse_sector_type(const char *s);
const char *cli_sector_type_name(uint32_t type);

/* rawburn.c: a raw burn (audio, rawburn) */
#define CLI_RAW_OPTIONS							\
	{ "speed", required_argument, NULL, 's' },			\
	{ "no-bufe", no_argument, NULL, 'B' },				\
	{ "client", required_argument, NULL, 'c' },			\
	{ "json", no_argument, NULL, 'j' }
#define CLI_RAW_USAGE							\
	"  --speed X|N        'max' (default), an x-rating ('8x', CD 1x = 75 sectors/s)\n" \
	"                     or N sectors of 2048 bytes per second\n"	\
	"  --no-bufe          turn buffer-underrun protection off\n"	\
	"  -c, --client NAME  the lock's client name (default \"discburn CLI\")\n" \
	"  --json             one JSON object per progress event on stdout, then one\n" \
	"                     {\"event\": \"result\", status, status_name, disc_state...}\n" \
	"  -h, --help         this text\n"					\
	"On a terminal a progress bar shows the burn. Ctrl-C or SIGTERM cancels: the\n" \
	"disc is left as far as it was written, the exit status is 7.\n"
struct cli_raw_job {
	const char *device;
	const char *what;		/* for the messages */
	uint32_t sector_type;
	struct cli_speed speed;
	bool no_bufe;
	bool json;
	const char *client;
	struct cli_image *ci;		/* audio: the image, finished after prepare */
	int fd;				/* rawburn: the stream */
	int32_t leadin;			/* its lead-in sectors, 0 for 22650 */
};
int cli_raw_option(struct cli_raw_job *job, int c, const char *arg);
int cli_raw_burn(struct discburn_ctx *ctx, struct cli_raw_job *job);
int cli_raw_copy(struct discburn_raw_stream *s, int fd, bool json);

/* common.c */
extern const char *program_name;
void cli_usage(const struct discburn_cmd *cmd, FILE *f);
int cli_usage_error(const struct discburn_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cli_exit_code(int status);
int cli_fail(struct discburn_recorder *rec, const char *device, const char *what,
	     int status);
int cli_open(struct discburn_ctx *ctx, const char *device, struct discburn_recorder **rec);
int cli_take_device(const struct discburn_cmd *cmd, int argc, char *argv[],
		    const char **device);
int cli_one_device(const struct discburn_cmd *cmd, int argc, char *argv[], bool *json,
		   const char **device);
void cli_format_time(int64_t epoch, char *buf, size_t len);
void cli_format_iso_time(int64_t epoch, char *buf, size_t len);
void cli_owner_sentence(const struct discburn_exclusive_owner *o, char *buf, size_t len);
void cli_json_owner(struct json *j, const char *key, const struct discburn_exclusive_owner *o);
int cli_disc_state(struct discburn_recorder *rec, char *buf, size_t len);
bool cli_is_tty(int fd);

#endif /* _DISCBURN_CLI_H_ */
