/* SPDX-License-Identifier: GPL-2.0 */
/*
 * discburn_emu - private structures and cross-file prototypes of the
 * emulated MMC optical recorder.
 */
#ifndef DISCBURN_EMU_H
#define DISCBURN_EMU_H

#include <linux/bitmap.h>
#include <linux/configfs.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <linux/xxhash.h>

struct scsi_cmnd;
struct Scsi_Host;

enum discburn_emu_medium {
	DISCBURN_EMU_NONE,
	DISCBURN_EMU_CDR74,
	DISCBURN_EMU_CDR80,
	DISCBURN_EMU_CDRW,
	DISCBURN_EMU_DVDR,
	DISCBURN_EMU_DVDPLUSR,
	DISCBURN_EMU_DVDPLUSRW,
	DISCBURN_EMU_BDR,
	DISCBURN_EMU_BDRE,
	DISCBURN_EMU_NR_MEDIA,
};

/* What kind of drive the emulator is (the `drive` knob) */
enum discburn_emu_drive {
	DISCBURN_EMU_DRIVE_RECORDER,	/* CD, DVD and BD writer */
	DISCBURN_EMU_DRIVE_DVD,		/* CD and DVD writer, no BD */
	DISCBURN_EMU_DRIVE_CD,		/* CD writer that reads DVD-ROM */
	DISCBURN_EMU_DRIVE_ROM,		/* reader of CD, DVD and BD */
	DISCBURN_EMU_NR_DRIVES,
};

/* What the drive can do with the disc in its tray */
enum discburn_emu_access {
	EMU_ACCESS_WRITE,	/* read and record */
	EMU_ACCESS_READ,	/* read only: the drive cannot record this medium */
	EMU_ACCESS_NONE,	/* incompatible medium: nothing works */
};

/* Sense triple packed into an int: 0 = GOOD, else key << 16 | asc << 8 | ascq */
#define EMU_SENSE(k, asc, ascq)	((int)(((k) << 16) | ((asc) << 8) | (ascq)))
#define EMU_SK(s)		(((s) >> 16) & 0xf)
#define EMU_ASC(s)		(((s) >> 8) & 0xff)
#define EMU_ASCQ(s)		((s) & 0xff)

#define EMU_INVALID_FIELD	EMU_SENSE(5, 0x24, 0)
#define EMU_INVALID_OPCODE	EMU_SENSE(5, 0x20, 0)
#define EMU_BAD_PARAM		EMU_SENSE(5, 0x26, 0)
#define EMU_PARAM_LEN		EMU_SENSE(5, 0x1a, 0)
#define EMU_SEQ_ERROR		EMU_SENSE(5, 0x2c, 0)
#define EMU_LBA_RANGE		EMU_SENSE(5, 0x21, 0)
#define EMU_BAD_WRITE_ADDR	EMU_SENSE(5, 0x21, 2)
#define EMU_ILLEGAL_TRACK	EMU_SENSE(5, 0x64, 0)
#define EMU_NO_MEDIUM		EMU_SENSE(2, 0x3a, 1)
#define EMU_TRAY_OPEN		EMU_SENSE(2, 0x3a, 2)
#define EMU_CANNOT_WRITE	EMU_SENSE(5, 0x30, 5)
#define EMU_CANNOT_READ		EMU_SENSE(5, 0x30, 2)
#define EMU_CANNOT_FORMAT	EMU_SENSE(5, 0x30, 6)
#define EMU_NOT_FORMATTED	EMU_SENSE(5, 0x30, 0x10)
#define EMU_WRITE_PROTECTED	EMU_SENSE(7, 0x27, 0)
#define EMU_LOSS_OF_STREAMING	EMU_SENSE(3, 0x0c, 9)
#define EMU_SESSION_FIXATION	EMU_SENSE(3, 0x72, 0)
#define EMU_REMOVAL_PREVENTED	EMU_SENSE(5, 0x53, 2)
#define EMU_INCOMPATIBLE	EMU_SENSE(2, 0x30, 0)

/* Special handler results */
#define EMU_DONE_NO_CONNECT	(-1)	/* complete with DID_NO_CONNECT */
#define EMU_DONE_DROP		(-2)	/* never complete: injected timeout */

#define EMU_MAX_TRACKS		99
#define EMU_CD_SLOT		2448	/* 2352 main + 96 sub-channel */
#define EMU_CD_BASE		(-12000)	/* lowest storable CD LBA */
#define EMU_LEADOUT_FIRST	6750
#define EMU_LEADOUT_NEXT	2250

/* Immed operation kinds, reported as 02/04/<ascq> */
#define EMU_BUSY_FORMAT		0x04
#define EMU_BUSY_OPERATION	0x07
#define EMU_BUSY_SYNC		0x08

/* Page 05 write types */
#define EMU_WT_PACKET		0
#define EMU_WT_TAO		1
#define EMU_WT_SAO		2
#define EMU_WT_RAW		3

#define EMU_PAGE5_LEN		52

struct discburn_emu_media_info {
	const char *name;
	u16 profile;
	bool cd;
	bool bd;
	bool erasable;		/* CD-RW, DVD+RW, BD-RE */
	bool overwrite;		/* random writable once formatted */
	u32 capacity;		/* user blocks (CD: last lead-out start) */
	s32 atip_leadin;	/* CD: ATIP lead-in start LBA */
	u32 speed_1x;		/* kB/s (k = 1000) */
	u32 speed_1x_bytes;	/* bytes/s of user data at 1x */
	u8 max_x;		/* fastest advertised x-rating */
};

struct discburn_emu_track {
	u16 session;
	s32 pregap;		/* first block of the pregap (CD) */
	s32 start;		/* first user block (INDEX 1) */
	u32 blocks;		/* user blocks recorded */
	u32 tail;		/* run-out blocks counted in the size (TAO) */
	u32 reserved;		/* RESERVE TRACK size, 0 if none */
	u8 control;		/* CONTROL nibble / track mode */
	u8 data_mode;		/* 1, 2 or 0xf */
	u8 write_type;
	bool open;		/* being written (invisible to READ TOC) */
	bool damaged;		/* underrun without BUFE: a coaster */
	bool has_isrc;		/* an ADR 3 frame was recorded in the track */
	char isrc[12];		/* its ISRC, ASCII */
};

struct discburn_emu_sess {
	s32 leadout;		/* lead-out start LBA */
	u8 disc_type;		/* 00 / 10 / 20 */
	u8 first_track;
	u8 last_track;
};

/* SAO layout from SEND CUE SHEET */
struct discburn_emu_cue {
	bool active;
	bool cdtext;		/* lead-in form 0x41: CD-TEXT packs precede -150 */
	s32 first;		/* first expected LBA */
	s32 next;		/* next expected LBA */
	s32 leadout;
	int ntracks;
	struct {
		s32 pregap;
		s32 start;
		u8 control;
		u8 form;
	} t[EMU_MAX_TRACKS];
};

/* RAW recording in progress: the TOC gathered from the lead-in's Q frames */
struct discburn_emu_raw {
	bool active;
	s32 leadin;		/* first LBA written */
	s32 program;		/* first program-area LBA of this session */
	s32 next;		/* next expected LBA */
	bool have_a0;
	bool have_a1;
	bool have_a2;
	bool have_b0;		/* ADR 5 B0: the disc stays appendable */
	bool damaged;		/* underrun without BUFE: a coaster */
	u8 first;		/* A0 PMIN */
	u8 last;		/* A1 PMIN */
	u8 disc_type;		/* A0 PSEC */
	s32 leadout;		/* A2 */
	DECLARE_BITMAP(seen, EMU_MAX_TRACKS + 1);
	s32 start[EMU_MAX_TRACKS + 1];
	u8 control[EMU_MAX_TRACKS + 1];
	bool have_mcn;		/* an ADR 2 frame in the program area */
	char mcn[13];
	DECLARE_BITMAP(isrc_seen, EMU_MAX_TRACKS + 1);
	char isrc[EMU_MAX_TRACKS + 1][12];
};

/* CD-TEXT packs (18 bytes with CRC), by block (0-7) and sequence number */
#define EMU_CDTEXT_PACKS	(8 * 256)
struct discburn_emu_cdtext {
	DECLARE_BITMAP(seen, EMU_CDTEXT_PACKS);
	u8 pack[EMU_CDTEXT_PACKS][18];
};

/* The disc in the tray; everything before @store is its recorded layout */
struct discburn_emu_disc {
	enum discburn_emu_medium medium;
	const struct discburn_emu_media_info *info;
	u32 capacity;		/* effective user capacity in blocks */
	int ntracks;
	struct discburn_emu_track tracks[EMU_MAX_TRACKS];
	int nsessions;		/* complete sessions */
	struct discburn_emu_sess sessions[EMU_MAX_TRACKS];
	bool finalized;
	bool has_mcn;		/* an ADR 2 (MCN) frame was recorded */
	char mcn[13];		/* the disc's media catalog number, ASCII */
	bool formatted;		/* DVD+RW / BD-RE / BD-R pre-formatted */
	bool pow;		/* BD-R formatted with pseudo-overwrite */
	u8 bg_status;		/* DVD+RW background format status */
	struct discburn_emu_cue cue;
	struct discburn_emu_raw raw;
	struct xarray store;	/* page index -> struct page */
	struct discburn_emu_cdtext *cdtext;	/* the first lead-in's, or NULL */
	struct discburn_emu_cdtext *cdtext_rx;	/* gathered by a RAW session */
	u64 page_limit;		/* store_limit_mib in pages, 0 = unlimited */
	struct xxh64_state checksum;	/* store=checksum: of everything written */
	u64 stored_pages;
	struct discburn_emu_sim *sim;	/* Test Write in progress */
};

/* Test Write: the layout to return to when the simulated session ends */
struct discburn_emu_sim {
	u64 tracks;		/* stats before the simulation */
	u64 sessions;
	struct discburn_emu_disc layout;	/* up to (not including) store */
};

/* Drive buffer model */
struct discburn_emu_timing {
	u64 fill;		/* bytes in the drive buffer */
	ktime_t stamp;		/* time of the last update */
	bool recording;
	bool draining;		/* drain to an end point (SYNC/CLOSE) */
	u32 rate;		/* bytes/s drained while recording, 0 = unlimited */
	u32 speed_kbps;		/* current write speed (kB/s) */
	u32 read_kbps;
};

struct discburn_emu_stats {
	u64 commands;
	u64 writes;
	u64 sectors_written;
	u64 underruns;
	u64 link_losses;
	u64 sync_caches;
	u64 tracks;
	u64 sessions;
	u64 corrupted_reads;		/* blocks returned inverted */
	u64 write_ns;			/* time spent in WRITE commands */
	u64 first_write_ns;		/* ktime_get_ns() of the first WRITE done */
	u64 last_write_ns;		/* and of the last */
	u64 record_start_ns;		/* the buffer first recording */
	u64 record_end_ns;		/* and last running empty */
	u64 reordered;			/* WRITEs run before the one ahead */
	u64 sink_bytes;			/* the last sink_mib run */
	u64 sink_ns;
	int last_sense;
};

struct discburn_emu_host;

/* One configfs directory: the drive's configuration and its state */
struct discburn_emu_dev {
	struct config_group group;
	struct mutex lock;		/* knobs, disc, drive state */
	wait_queue_head_t wait;		/* timing sleeps, woken on unplug */
	struct work_struct unplug_work;	/* unplug_write_nth */
	unsigned int index;

	/* identity */
	char vendor[9];
	char product[17];
	char revision[5];

	/* knobs (see Documentation/emulator.rst) */
	enum discburn_emu_drive drive;
	enum discburn_emu_medium medium;
	u32 capacity_sectors;		/* 0 = real capacity */
	u32 write_speed;		/* x-rating, 0 = unlimited */
	u32 buffer_kib;
	u32 bufe;			/* BUFE supported */
	u32 busy_on_full;		/* 02/04/08 instead of waiting */
	u32 max_transfer_kib;
	bool store_checksum;
	u32 store_limit_mib;		/* 0 = unlimited */
	bool tray_open;
	u32 write_protect;
	s64 fail_write_lba;		/* -1 = off */
	s64 corrupt_read_lba;		/* -1 = off */
	u32 fail_write_nth;		/* 0 = off */
	int fail_sense;
	u32 fail_timeout_nth;		/* 0 = off */
	u32 unplug_write_nth;		/* 0 = off */
	u32 reorder_writes;		/* WRITE pairs still to swap */
	bool sink_running;		/* sink_mib is writing */
	bool power;

	/* live drive state, under lock */
	struct discburn_emu_host *host;
	bool dying;
	bool abort_current;		/* the running command was aborted */
	struct discburn_emu_disc *disc;
	u32 disc_gen;			/* bumped on every disc change */
	u8 page5[EMU_PAGE5_LEN];
	u8 page1_retry;
	u32 block_len;			/* MODE SELECT block length */
	int pending_ua;			/* sense of a pending unit attention */
	u8 media_event;			/* GESN media event code pending */
	bool prevent;
	bool ow_dirty;			/* overwrite media written since SYNC */
	ktime_t busy_start;
	ktime_t busy_end;
	u8 busy_ascq;
	int deferred_damage;		/* underrun to report on next write/sync */
	struct discburn_emu_timing tm;
	struct discburn_emu_stats stats;
	u32 write_count;		/* WRITE commands, for the _nth faults */
	bool sense_info_valid;		/* INFORMATION of the next sense */
	s32 sense_info;
	u8 *scratch;			/* data buffer of the worker */
	u32 scratch_len;
};

static inline struct discburn_emu_dev *to_emu_dev(struct config_item *item)
{
	return container_of(to_config_group(item), struct discburn_emu_dev, group);
}

/* main.c */
extern struct device *discburn_emu_root;

/* config.c */
int discburn_emu_config_init(void);
void discburn_emu_config_exit(void);

/* host.c */
int discburn_emu_host_add(struct discburn_emu_dev *dev);
void discburn_emu_host_remove(struct discburn_emu_dev *dev);
int discburn_emu_host_name(struct discburn_emu_dev *dev, char *buf, bool sg);
struct scsi_device *discburn_emu_host_sdev(struct discburn_emu_dev *dev);

/* sink.c */
int discburn_emu_sink(struct discburn_emu_dev *dev, u32 mib);

/* cdb.c */
int discburn_emu_execute(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
void discburn_emu_respond(struct scsi_cmnd *sc, const void *buf, u32 len, u32 alloc);
u32 discburn_emu_data_out(struct scsi_cmnd *sc, void *buf, u32 len);
bool discburn_emu_busy(struct discburn_emu_dev *dev, u16 *progress);
void discburn_emu_set_busy(struct discburn_emu_dev *dev, u8 ascq, unsigned int ms);

static inline u32 emu_get_be16(const u8 *p)
{
	return (p[0] << 8) | p[1];
}

static inline u32 emu_get_be24(const u8 *p)
{
	return (p[0] << 16) | (p[1] << 8) | p[2];
}

static inline u32 emu_get_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static inline void emu_put_be16(u8 *p, u32 v)
{
	p[0] = (v >> 8) & 0xff;
	p[1] = v & 0xff;
}

static inline void emu_put_be24(u8 *p, u32 v)
{
	p[0] = (v >> 16) & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = v & 0xff;
}

static inline void emu_put_be32(u8 *p, u32 v)
{
	p[0] = (v >> 24) & 0xff;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

/* mmc_ident.c: identity, mode pages, features, events, speed */
int discburn_emu_tur(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_request_sense(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_inquiry(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_mode_sense(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_mode_select(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_get_configuration(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_event_status(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_start_stop(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_prevent(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_mechanism_status(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_report_luns(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_good(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_set_cd_speed(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_set_streaming(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_get_performance(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_read_buffer_capacity(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
void discburn_emu_page5_defaults(u8 *p);

/* mmc_toc.c: disc structure reports */
int discburn_emu_read_toc(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_read_disc_info(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_read_track_info(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_read_capacity(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_read_format_capacities(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_read_disc_structure(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_read_subchannel(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);

/* mmc_write.c: recording */
int discburn_emu_write(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_sync_cache(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_close(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_send_cue(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_reserve_track(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_blank(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_format(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);

/* mmc_read.c: read-back */
int discburn_emu_read(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
int discburn_emu_read_cd(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);

/* media.c: the disc model */
extern const struct discburn_emu_media_info discburn_emu_media[DISCBURN_EMU_NR_MEDIA];
int discburn_emu_medium_parse(const char *s, enum discburn_emu_medium *m);
struct discburn_emu_disc *discburn_emu_disc_new(enum discburn_emu_medium m, u32 capacity);
void discburn_emu_disc_free(struct discburn_emu_disc *disc);
void discburn_emu_disc_set_limit(struct discburn_emu_disc *disc, u32 mib);
void discburn_emu_disc_blank(struct discburn_emu_disc *disc);
int discburn_emu_store_write(struct discburn_emu_disc *disc, bool checksum, s32 lba,
			     u32 off, const void *buf, u32 len);
void discburn_emu_store_read(struct discburn_emu_disc *disc, s32 lba, u32 off, void *buf,
			     u32 len);
u32 discburn_emu_slot(const struct discburn_emu_disc *disc);
struct discburn_emu_track *discburn_emu_open_track(struct discburn_emu_disc *disc);
struct discburn_emu_track *discburn_emu_track_at(struct discburn_emu_disc *disc, s32 lba);
int discburn_emu_open_session(const struct discburn_emu_disc *disc);
int discburn_emu_visible_tracks(const struct discburn_emu_disc *disc);
s32 discburn_emu_nwa(struct discburn_emu_dev *dev, u8 write_type);
s32 discburn_emu_next_leadin(const struct discburn_emu_disc *disc);
s32 discburn_emu_sao_start(const struct discburn_emu_disc *disc);
s32 discburn_emu_recorded_end(const struct discburn_emu_disc *disc);
void discburn_emu_lba_to_msf(s32 lba, u8 *msf);
s32 discburn_emu_msf_to_lba(u8 m, u8 s, u8 f);
void discburn_emu_insert(struct discburn_emu_dev *dev, enum discburn_emu_medium m);
void discburn_emu_media_changed(struct discburn_emu_dev *dev);
u16 discburn_emu_q_crc(const u8 *q);
int discburn_emu_toc_text(struct discburn_emu_dev *dev, char *buf, size_t size);
extern const char *const discburn_emu_drive_names[DISCBURN_EMU_NR_DRIVES];
enum discburn_emu_access discburn_emu_access(const struct discburn_emu_dev *dev);
u16 discburn_emu_profile(const struct discburn_emu_dev *dev);
bool discburn_emu_drive_writes(const struct discburn_emu_dev *dev);

/* timing.c: drive buffer and speed */
#define EMU_MAX_SPEEDS		6
int discburn_emu_speed_list(const struct discburn_emu_dev *dev, u32 *xs);
u32 discburn_emu_kbps(const struct discburn_emu_dev *dev, u32 x);
void discburn_emu_timing_reset(struct discburn_emu_dev *dev);
void discburn_emu_timing_set_speed(struct discburn_emu_dev *dev, u32 kbps);
void discburn_emu_timing_update(struct discburn_emu_dev *dev);
int discburn_emu_timing_admit(struct discburn_emu_dev *dev, u32 bytes);
void discburn_emu_timing_drain(struct discburn_emu_dev *dev, bool immed);
u64 discburn_emu_timing_free(struct discburn_emu_dev *dev);
u64 discburn_emu_buffer_bytes(const struct discburn_emu_dev *dev);

/* mmc_write.c: Test Write */
int discburn_emu_sim_begin(struct discburn_emu_dev *dev);
void discburn_emu_sim_end(struct discburn_emu_dev *dev);

/* raw.c: RAW (write type 3) recording */
void discburn_emu_raw_init(void);
int discburn_emu_raw_write(struct discburn_emu_dev *dev, s32 lba, u32 n, u32 size, u8 *data);
int discburn_emu_raw_complete(struct discburn_emu_dev *dev);
void discburn_emu_cdtext_free(struct discburn_emu_disc *disc);

/* inject.c: fault rules */
int discburn_emu_inject_write(struct discburn_emu_dev *dev, s32 lba, u32 nblocks,
			      s32 *fail_lba);
int discburn_emu_sense_parse(const char *s, int *sense);

#endif /* DISCBURN_EMU_H */
