/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libdiscburn private structures and cross-file prototypes, grouped by the
 * file that defines them. Pure helpers (no I/O) are kept in their own files
 * so the host unit tests can call them directly.
 */
#ifndef _DISCBURN_INTERNAL_H_
#define _DISCBURN_INTERNAL_H_

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

#include "discburn.h"

#define DISCBURN_EXPORT __attribute__((visibility("default")))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Where the driver's objects live; overridable by the tests. */
#define DISCBURN_SYSFS_CLASS	"/sys/class/" DISCBURN_CLASS_NAME
#define DISCBURN_DEV_DIR	"/dev"

/* context.c */
void discburn_log(struct discburn_ctx *ctx, int priority, const char *file,
		  int line, const char *fn, const char *format, ...) _printf_(6, 7);
int discburn_log_priority_from_string(const char *s);

#define discburn_log_cond(ctx, prio, ...)					\
	do {									\
		if ((ctx) && discburn_get_log_priority(ctx) >= (prio))		\
			discburn_log(ctx, prio, __FILE__, __LINE__, __func__,	\
				     __VA_ARGS__);				\
	} while (0)
#define dbg(ctx, ...)	discburn_log_cond(ctx, LOG_DEBUG, __VA_ARGS__)
#define info(ctx, ...)	discburn_log_cond(ctx, LOG_INFO, __VA_ARGS__)
#define err(ctx, ...)	discburn_log_cond(ctx, LOG_ERR, __VA_ARGS__)

/* status.c */
struct discburn_status_desc {
	uint32_t value;
	const char *name;
	const char *text;
};
extern const struct discburn_status_desc discburn_status_table[];
extern const size_t discburn_status_table_len;
int discburn_status_from_errno(int errnum);

/* devarg.c: device-argument parsing */
enum discburn_devarg_kind {
	DISCBURN_DEVARG_INDEX,	/* /dev/discburnN, discburnN or N */
	DISCBURN_DEVARG_SR,	/* /dev/srN or srN */
};
int discburn_parse_devarg(const char *arg, enum discburn_devarg_kind *kind,
			  unsigned int *n);

/* names.c: client names, profile and media-type names */
bool discburn_client_name_char_ok(unsigned char c);

/* sysfs.c */
int discburn_sysfs_read(const char *root, unsigned int index, const char *attr,
			char *buf, size_t len);
int discburn_sysfs_enumerate(const char *root, unsigned int **indexes, size_t *count);
int discburn_sysfs_find_sr(const char *root, unsigned int sr, unsigned int *index);
int discburn_parse_u16_list(const char *s, uint16_t **out, size_t *count);

/* ioctl.c: every call into the driver, one function per ioctl; each
 * returns a library status (the driver's, or one mapped from errno) */
int discburn_ioc_get_identity(int fd, struct discburn_identity *id);
int discburn_ioc_get_profiles(int fd, struct discburn_profiles *p);
int discburn_ioc_get_features(int fd, struct discburn_features *f);
int discburn_ioc_get_capabilities(int fd, struct discburn_capabilities *c);
int discburn_ioc_get_write_speeds(int fd, struct discburn_write_speeds *w);
int discburn_ioc_get_media_info(int fd, struct discburn_media_info *m);
int discburn_ioc_lock(int fd, bool ignore_volume, const char *name);
int discburn_ioc_unlock(int fd);
int discburn_ioc_get_owner(int fd, struct discburn_exclusive_owner *owner);
int discburn_ioc_eject(int fd, bool load);
int discburn_ioc_set_client_name(int fd, uint32_t format, const char *name);
int discburn_ioc_get_format_support(int fd, uint32_t format,
				    struct discburn_format_support *fs);
int discburn_ioc_data_begin(int fd, struct discburn_data_begin *b, int *errnum);
int discburn_ioc_session_finish(int fd, uint32_t flags, struct discburn_session_finish *f,
				int *errnum);
int discburn_ioc_session_cancel(int fd, uint32_t format);
int discburn_ioc_get_progress(int fd, struct discburn_progress *p);
int discburn_ioc_erase(int fd, bool full, int *errnum);
int discburn_ioc_raw_prepare(int fd, struct discburn_raw_prepare *rp, int *errnum);
int discburn_ioc_raw_write(int fd, struct discburn_raw_write *rw);
int discburn_ioc_raw_release(int fd);
int discburn_ioc_stream_join(int fd, int lead_fd);

/* recorder.c */
int discburn_recorder_fd(struct discburn_recorder *rec);

/* progress.c: struct discburn_write_progress from the driver's forms. Pure. */
void discburn_progress_from_uapi(const struct discburn_progress *k,
				 struct discburn_write_progress *p);
void discburn_progress_derive(struct discburn_write_progress *p);
void discburn_progress_none(struct discburn_write_progress *p, uint32_t format, int result);
int discburn_progress_copy_out(const struct discburn_write_progress *src,
			       struct discburn_write_progress *dst);
uint32_t discburn_kbps_to_sectors(uint32_t kbps);

/* event.c */
struct discburn_event {
	int refcount;
	enum discburn_event_type type;
	int index;
	uint32_t state;
	uint32_t scsi_type;
	uint32_t current_profile;
	char vendor[32];
	char model[32];
	char revision[16];
	char block_device[32];
	struct discburn_exclusive_owner owner;
	bool has_progress;
	struct discburn_write_progress progress;
};
struct nlmsghdr;
struct nlattr;
int discburn_event_parse(struct nlmsghdr *nlh, int family, struct discburn_event **ev);
int discburn_progress_parse_nest(struct nlattr *nest, struct discburn_write_progress *p);

/*
 * format.c: what the format objects (data writer, eraser) share: the
 * binding, the client name, the writing state that cancel reads from any
 * thread or signal handler, and the run of one session: its progress from
 * netlink, the driver's blocking calls on a helper thread while the
 * caller's thread delivers that progress, and the final progress.
 */
enum discburn_fmt_state {
	DISCBURN_FMT_IDLE,
	DISCBURN_FMT_BEGINNING,	/* the driver's session is not attached yet */
	DISCBURN_FMT_RUNNING,	/* the session runs: SESSION_CANCEL reaches it */
};

struct discburn_fmt {
	int refcount;
	struct discburn_ctx *ctx;
	uint32_t format;		/* DISCBURN_FORMAT_DATA or _ERASE */
	pthread_mutex_t lock;		/* rec, client_name, options, state changes */
	struct discburn_recorder *rec;
	char *client_name;
	atomic_int state;		/* enum discburn_fmt_state */
	atomic_int cancel;		/* cancel asked */
	atomic_int cancel_sent;		/* SESSION_CANCEL accepted */
	atomic_int fd;			/* the recorder's fd while not idle, else -1 */
	int wake_fd;			/* eventfd: cancel wakes the run */
	bool retry_cancel;		/* resend until the session is there */
	/* the run: touched by the running thread only */
	struct discburn_monitor *mon;
	int index;
	bool seen_running;
	bool have_done;
	struct discburn_write_progress done;
	uint32_t poll_seq;
	uint64_t poll_bytes;
	uint64_t poll_at;
	bool have_last;
	struct discburn_write_progress last;
	/* the callback, as the object type wants it; returns nonzero to cancel */
	int (*deliver)(struct discburn_fmt *f, const struct discburn_write_progress *p);
};

int discburn_fmt_init(struct discburn_fmt *f, struct discburn_ctx *ctx, uint32_t format);
void discburn_fmt_fini(struct discburn_fmt *f);
int discburn_fmt_busy_status(const struct discburn_fmt *f);
int discburn_fmt_cancel(struct discburn_fmt *f);
void discburn_fmt_run_begin(struct discburn_fmt *f);
void discburn_fmt_run_end(struct discburn_fmt *f, int result, bool began, int32_t failed_lba);
int discburn_fmt_poll_timeout(struct discburn_fmt *f);
int discburn_fmt_monitor_fd(struct discburn_fmt *f);
void discburn_fmt_events(struct discburn_fmt *f);
void discburn_fmt_tick(struct discburn_fmt *f);
void discburn_fmt_drain_wake(struct discburn_fmt *f);
void discburn_fmt_send_cancel(struct discburn_fmt *f);
int discburn_fmt_call(struct discburn_fmt *f, void (*fn)(void *arg), void *arg);

/* The stream of a write: a regular file by sendfile(2), else read(2) or a callback. */
#define DISCBURN_STREAM_BUF	(256 * 1024)	/* bytes read from a pipe or callback at once */
struct discburn_source {
	int fd;				/* -1: the callback */
	bool regular;			/* sendfile(2) from @fd at @off */
	off_t off;
	uint64_t left;
	discburn_read_fn read_fn;
	void *userdata;
	bool eof;
	char *buf;			/* DISCBURN_STREAM_BUF bytes */
	size_t len;			/* bytes in @buf not yet written */
	size_t pos;
	int error;			/* the source failed with this status */
};
void discburn_source_read(struct discburn_ctx *ctx, struct discburn_source *src);
void discburn_fmt_stream(struct discburn_fmt *f, struct discburn_source *src, int fd);
/* SESSION_FINISH on a helper thread (discburn_fmt_call()), again after EINTR */
struct discburn_finish_call {
	int fd;
	struct discburn_session_finish f;
	int ret;
};
void discburn_fmt_finish_fn(void *arg);

/*
 * format_data.c: one data write in steps, for discburn_format_data_write()
 * and for a duplication (duplicate.c), which runs several at once.
 */
struct discburn_data_run {
	struct discburn_format_data *data;	/* referenced while claimed */
	struct discburn_fmt *f;
	int fd;					/* the recorder's file */
	char name[DISCBURN_CLIENT_NAME_MAX + 1];
	struct discburn_data_begin b;
	int ret;				/* the status so far, then the result */
	bool began;				/* the driver's session is ours */
	int32_t failed_lba;
};
int discburn_format_data_run_claim(struct discburn_format_data *data, uint64_t stream_bytes,
				   struct discburn_data_run *run);
void discburn_format_data_run_begin_fn(void *arg);
void discburn_format_data_run_started(struct discburn_data_run *run);
void discburn_format_data_run_release(struct discburn_data_run *run, bool deliver);

/* raw_subcode.c: CD addresses and sub-channel. Pure. */
#define DISCBURN_RAW_MAIN	2352	/* main channel bytes of a CD sector */
uint8_t discburn_bcd(unsigned int v);
int32_t discburn_msf_to_lba(unsigned int m, unsigned int s, unsigned int f);
void discburn_lba_to_msf(int32_t lba, uint8_t msf[3]);
void discburn_lba_to_msf_bcd(int32_t lba, uint8_t msf[3]);
uint16_t discburn_crc16(const uint8_t *p, size_t n);
void discburn_q_crc(uint8_t q[12]);
bool discburn_q_crc_ok(const uint8_t q[12]);
void discburn_q_position(uint8_t q[12], uint8_t control, unsigned int tno,
			 unsigned int index, uint32_t rel, int32_t lba);
void discburn_q_toc(uint8_t q[12], uint8_t control, unsigned int point, int32_t lba,
		    const uint8_t pmsf[3]);
bool discburn_mcn_normalize(const char *in, char out[14]);
bool discburn_isrc_normalize(const char *in, char out[13]);
void discburn_q_mcn(uint8_t q[12], uint8_t control, const char *mcn, int32_t lba);
void discburn_q_isrc(uint8_t q[12], uint8_t control, const char *isrc, int32_t lba);
bool discburn_p_leadout(uint32_t rel);
void discburn_subcode_pw(uint8_t out[96], bool p, const uint8_t q[12], const uint8_t *rw);
void discburn_subcode_pq16(uint8_t out[16], bool p, const uint8_t q[12]);
void discburn_subcode_q_of_pw(const uint8_t pw[96], uint8_t q[12]);
void discburn_pack_symbols(const uint8_t pack[18], uint8_t sym[24]);

/* raw_sector.c: data sectors (sync, header, EDC, ECC, scrambler). Pure. */
enum {
	DISCBURN_SECTOR_MODE1 = 1,
	DISCBURN_SECTOR_MODE2_FORM1,
	DISCBURN_SECTOR_MODE2_FORM2,
};
void discburn_scramble(uint8_t sector[DISCBURN_RAW_MAIN]);
uint32_t discburn_edc(const uint8_t *p, size_t n);
void discburn_ecc(uint8_t sector[DISCBURN_RAW_MAIN]);
void discburn_sector_header(uint8_t sector[DISCBURN_RAW_MAIN], int32_t lba, uint8_t mode);
void discburn_sector_data(uint8_t sector[DISCBURN_RAW_MAIN], int32_t lba, unsigned int kind,
			  const uint8_t *user, const uint8_t *subheader, bool scramble);

/* cdtext.c: CD-TEXT packs of one block. Pure. */
#define DISCBURN_CDTEXT_PACK		18
#define DISCBURN_CDTEXT_MAX_PACKS	256
#define DISCBURN_CDTEXT_TRACKS		99
struct discburn_cdtext_in {
	unsigned int first_track;
	unsigned int last_track;
	uint8_t charset;		/* 0x00 ISO 8859-1 */
	uint8_t language;		/* 0x09 English */
	uint8_t copyright;
	/* [type - 0x80][0: disc, k: k-th track], ISO 8859-1 */
	const char *text[16][DISCBURN_CDTEXT_TRACKS + 1];
};
void discburn_cdtext_pack_crc(uint8_t pack[DISCBURN_CDTEXT_PACK]);
int discburn_cdtext_build(const struct discburn_cdtext_in *in, uint8_t *out);
int discburn_latin1_from_utf8(const char *in, char *out, size_t len);

#endif /* _DISCBURN_INTERNAL_H_ */
