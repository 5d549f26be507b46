// SPDX-License-Identifier: GPL-2.0
/*
 * MMC commands of recording, per medium: the write parameters page (05h),
 * write speed, power calibration, formatting, blanking, door lock,
 * SYNCHRONIZE CACHE, CLOSE TRACK/SESSION and the waits for a drive busy
 * with a long operation (IMMED, then TEST UNIT READY until it is done),
 * as libburn, growisofs and wodim drive real recorders
 * (reference/linux-burning-tools.md section 4).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdrom.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_proto.h>

#include "discburn.h"

#define DISCBURN_PAGE_BUFLEN	256
#define DISCBURN_POLL_MS	100

static void db_put_be16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void db_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/**
 * discburn_mmc_class() - how the data format writes a medium
 * @profile: its MMC profile
 *
 * Return: the class, DISCBURN_CLASS_NONE when the data format cannot
 * write it.
 */
enum discburn_medium_class discburn_mmc_class(u16 profile)
{
	switch (profile) {
	case 0x09:
	case 0x0a:
		return DISCBURN_CLASS_CD;
	case 0x11:
	case 0x14:
	case 0x15:
	case 0x16:
		return DISCBURN_CLASS_DVDR;
	case 0x1b:
	case 0x2b:
		return DISCBURN_CLASS_DVDPLUSR;
	case 0x41:
		return DISCBURN_CLASS_BDR;
	case 0x12:
	case 0x13:
	case 0x1a:
	case 0x2a:
	case 0x43:
		return DISCBURN_CLASS_OVERWRITE;
	default:
		return DISCBURN_CLASS_NONE;
	}
}

/* The progress indication of a NOT READY sense (0..65536), or -1. */
static int db_sense_progress(const struct discburn_cmd *cmd)
{
	const u8 *s = cmd->sense;
	const u8 *d;

	if (cmd->sense_len >= 18 && (s[0] & 0x7e) == 0x70 && (s[15] & 0x80))
		return (s[16] << 8) | s[17];
	if (cmd->sense_len >= 8 && (s[0] & 0x7e) == 0x72) {
		d = scsi_sense_desc_find(s, cmd->sense_len, 2);
		if (d && d[1] >= 6 && (d[4] & 0x80))
			return (d[5] << 8) | d[6];
	}
	return -1;
}

/**
 * discburn_mmc_wait_ready() - wait for a long operation to end
 * @rec: the recorder
 * @secs: give up after this long (E_RECORDER_COMMAND_TIMEOUT)
 * @stop: returns true to give up early (-ECANCELED), or NULL
 * @ctx: for @stop and @progress
 * @progress: told the drive's progress (0..65536) while it is busy, or NULL
 * @status: out: discburn status
 *
 * TEST UNIT READY until the drive stops answering NOT READY / operation
 * in progress (02/04/04, 07, 08 and becoming ready 02/04/01).
 *
 * Return: 0 once the drive is ready, else a negated errno value.
 */
int discburn_mmc_wait_ready(struct discburn_recorder *rec, unsigned int secs,
			    bool (*stop)(void *ctx), void *ctx,
			    void (*progress)(void *ctx, u32 fraction), u32 *status)
{
	unsigned long end = jiffies + secs * HZ;
	u8 cdb[6] = { GPCMD_TEST_UNIT_READY };
	struct discburn_cmd *cmd;
	int ret, p;

	cmd = kmalloc(sizeof(*cmd), GFP_KERNEL);
	if (!cmd) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	for (;;) {
		discburn_cmd_init(cmd, cdb, sizeof(cdb), NULL, 0, false,
				  DISCBURN_TMO_QUICK);
		ret = discburn_mmc_exec(rec, cmd);
		*status = cmd->status;
		if (!ret || !cmd->sshdr_valid || cmd->sshdr.sense_key != NOT_READY ||
		    cmd->sshdr.asc != 0x04)
			break;
		p = db_sense_progress(cmd);
		if (progress && p >= 0)
			progress(ctx, p);
		if (discburn_detaching(rec)) {
			*status = DISCBURN_E_DEVICE_NOT_CONNECTED;
			ret = -ENODEV;
			break;
		}
		if (stop && stop(ctx)) {
			*status = DISCBURN_E_REQUEST_CANCELLED;
			ret = -ECANCELED;
			break;
		}
		if (time_after(jiffies, end)) {
			*status = DISCBURN_E_RECORDER_COMMAND_TIMEOUT;
			ret = -ETIMEDOUT;
			break;
		}
		msleep_interruptible(DISCBURN_POLL_MS);
	}
	kfree(cmd);
	return ret;
}

static int db_no_data(struct discburn_recorder *rec, const u8 *cdb,
		      unsigned int len, enum discburn_tmo tmo, u32 *status)
{
	int ret = discburn_mmc_simple(rec, cdb, len, NULL, 0, false, tmo, status);

	return ret < 0 ? ret : 0;
}

/**
 * discburn_mmc_prevent() - lock or unlock the door
 * @rec: the recorder
 * @prevent: true to lock
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_prevent(struct discburn_recorder *rec, bool prevent, u32 *status)
{
	u8 cdb[6] = { GPCMD_PREVENT_ALLOW_MEDIUM_REMOVAL };

	cdb[4] = prevent;
	return db_no_data(rec, cdb, sizeof(cdb), DISCBURN_TMO_QUICK, status);
}

/* MODE SENSE page 05h, let @edit change it, MODE SELECT it back. */
static int db_edit_page5(struct discburn_recorder *rec,
			 void (*edit)(u8 *pg, const void *ctx), const void *ctx,
			 u32 *status)
{
	u8 cdb[10] = { GPCMD_MODE_SELECT_10 };
	unsigned int pglen, first;
	u8 *buf, *pg, *sel;
	int ret;

	buf = kmalloc(DISCBURN_PAGE_BUFLEN * 2, GFP_KERNEL);
	if (!buf) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	ret = discburn_mmc_mode_page(rec, 0x05, buf, DISCBURN_PAGE_BUFLEN, &pg,
				     &pglen, &first, status);
	if (ret)
		goto out_free;
	if (pglen < 16) {
		*status = DISCBURN_E_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
		ret = -EIO;
		goto out_free;
	}
	sel = buf + DISCBURN_PAGE_BUFLEN;
	memset(sel, 0, 8);
	memcpy(sel + 8, pg, pglen);
	pg = sel + 8;
	pg[0] &= 0x3f;				/* PS is reserved in MODE SELECT */
	edit(pg, ctx);
	db_put_be16(&cdb[7], 8 + pglen);
	cdb[1] = 0x10;				/* PF */
	ret = discburn_mmc_simple(rec, cdb, sizeof(cdb), sel, 8 + pglen, true,
				  DISCBURN_TMO_QUICK, status);
	if (ret == -EINVAL)
		*status = DISCBURN_E_RECORDER_INVALID_MODE_PARAMETERS;
	ret = ret < 0 ? ret : 0;
out_free:
	kfree(buf);
	return ret;
}

struct db_data_params {
	enum discburn_medium_class cls;
	bool test_write;
	bool bufe;
	bool last_session;
};

static void db_data_page5(u8 *pg, const void *ctx)
{
	const struct db_data_params *dp = ctx;

	pg[2] = (dp->bufe ? 0x40 : 0) | (dp->test_write ? 0x10 : 0);
	pg[3] = dp->last_session ? 0 : 0xc0;	/* multi-session field */
	if (dp->cls == DISCBURN_CLASS_CD) {
		pg[2] |= 0x01;			/* track at once */
		pg[3] |= 0x04;			/* data, recorded uninterrupted */
		pg[4] = 8;			/* Mode 1, 2048 bytes */
		pg[5] = 0;
		pg[8] = 0x00;			/* CD-DA or CD-ROM session */
		db_put_be32(&pg[10], 0);
		db_put_be16(&pg[14], 150);	/* audio pause length */
	} else {
		pg[2] |= 0x20;			/* LS_V; write type 0: incremental */
		pg[3] |= 0x20 | 0x05;		/* fixed packets, track mode 5 */
		pg[4] = 8;
		pg[5] = 16;			/* link size */
		pg[8] = 0x00;
		db_put_be32(&pg[10], 16);	/* packet size */
	}
}

/**
 * discburn_mmc_write_params() - set the write parameters page for a data burn
 * @rec: the recorder
 * @cls: the medium's class; only CD and DVD-R use page 05h
 * @test_write: simulate
 * @bufe: buffer underrun free recording
 * @last_session: no session may follow (multi-session field 00b, else 11b)
 * @status: out: discburn status
 *
 * CD: track at once, data track (mode 4), Mode 1 2048-byte blocks, 150
 * sectors of audio pause. DVD-R: incremental with a link size of 16, fixed
 * packets of 16 blocks, track mode 5.
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_write_params(struct discburn_recorder *rec,
			      enum discburn_medium_class cls, bool test_write,
			      bool bufe, bool last_session, u32 *status)
{
	struct db_data_params dp = {
		.cls = cls,
		.test_write = test_write,
		.bufe = bufe,
		.last_session = last_session,
	};

	if (cls != DISCBURN_CLASS_CD && cls != DISCBURN_CLASS_DVDR)
		return 0;
	return db_edit_page5(rec, db_data_page5, &dp, status);
}

struct db_raw_params {
	u8 block_type;
	bool bufe;
};

static void db_raw_page5(u8 *pg, const void *ctx)
{
	const struct db_raw_params *rp = ctx;

	pg[2] = (rp->bufe ? 0x40 : 0) | 0x03;	/* raw */
	pg[3] = 0;				/* one session, no more */
	pg[4] = rp->block_type;			/* 1, 2 or 3 */
	pg[5] = 0;
	pg[8] = 0x00;				/* the lead-in's Q says it all */
	db_put_be32(&pg[10], 0);
}

/**
 * discburn_mmc_raw_params() - set the write parameters page for RAW
 * @rec: the recorder
 * @block_type: data block type 1 (2368), 2 (2448 packed) or 3 (2448 raw)
 * @bufe: buffer underrun free recording
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value; a drive that refuses
 * the block type answers RECORDER_INVALID_MODE_PARAMETERS.
 */
int discburn_mmc_raw_params(struct discburn_recorder *rec, u8 block_type,
			    bool bufe, u32 *status)
{
	struct db_raw_params rp = { .block_type = block_type, .bufe = bufe };

	return db_edit_page5(rec, db_raw_page5, &rp, status);
}

/**
 * discburn_mmc_set_speed() - ask for a write speed and read back the result
 * @rec: the recorder
 * @cls: the medium's class (CD: SET CD SPEED, else SET STREAMING)
 * @sectors_per_s: requested speed in 2048-byte sectors per second, or
 *	DISCBURN_SPEED_FASTEST (0 too)
 * @pure_cav: ask for constant angular velocity
 * @end_lba: last LBA the speed applies to (SET STREAMING)
 * @current_kbps: out: the speed the drive reports afterwards (page 2Ah),
 *	0 if unknown
 * @status: out: discburn status
 *
 * A drive that refuses the request keeps its speed; the caller compares.
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_set_speed(struct discburn_recorder *rec,
			   enum discburn_medium_class cls, u32 sectors_per_s,
			   bool pure_cav, u32 end_lba, u32 *current_kbps,
			   u32 *status)
{
	bool fastest = sectors_per_s == DISCBURN_SPEED_FASTEST || !sectors_per_s;
	u32 kbps = fastest ? 0xffff :
		   min_t(u64, 0xffff, DIV_ROUND_UP((u64)sectors_per_s * 2048, 1000));
	unsigned int pglen;
	u8 *buf, *pg;
	u32 st;

	buf = kzalloc(DISCBURN_PAGE_BUFLEN, GFP_KERNEL);
	if (!buf) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	if (cls == DISCBURN_CLASS_CD) {
		u8 cdb[12] = { GPCMD_SET_SPEED };

		cdb[1] = pure_cav ? 0x01 : 0x00;
		db_put_be16(&cdb[2], 0xffff);
		db_put_be16(&cdb[4], kbps);
		db_no_data(rec, cdb, sizeof(cdb), DISCBURN_TMO_QUICK, &st);
	} else {
		u8 cdb[12] = { GPCMD_SET_STREAMING };
		u8 *d = buf;

		memset(d, 0, 28);
		d[0] = (pure_cav ? 0x08 : 0) | (fastest ? 0x04 : 0);	/* WRC, RDD */
		db_put_be32(&d[8], end_lba);
		db_put_be32(&d[12], kbps);
		db_put_be32(&d[16], 1000);
		db_put_be32(&d[20], kbps);
		db_put_be32(&d[24], 1000);
		db_put_be16(&cdb[9], 28);
		discburn_mmc_simple(rec, cdb, sizeof(cdb), d, 28, true,
				    DISCBURN_TMO_QUICK, &st);
	}
	*current_kbps = 0;
	if (!discburn_mmc_mode_page(rec, 0x2a, buf, DISCBURN_PAGE_BUFLEN, &pg,
				    &pglen, NULL, &st) && pglen >= 30)
		*current_kbps = (pg[28] << 8) | pg[29];
	kfree(buf);
	*status = DISCBURN_S_OK;
	return 0;
}

/**
 * discburn_mmc_send_opc() - optimum power calibration (SEND OPC, DoOpc)
 * @rec: the recorder
 *
 * Drives that calibrate by themselves answer "invalid command"; that is
 * not an error.
 *
 * Return: 0, or a negated errno value for a drive that is gone.
 */
int discburn_mmc_send_opc(struct discburn_recorder *rec)
{
	u8 cdb[10] = { GPCMD_SEND_OPC };
	u32 st;
	int ret;

	cdb[1] = 0x01;
	ret = db_no_data(rec, cdb, sizeof(cdb), DISCBURN_TMO_LONG, &st);
	return ret == -ENODEV ? ret : 0;
}

/**
 * discburn_mmc_format() - FORMAT UNIT with IMMED
 * @rec: the recorder
 * @type: format type (26h DVD+RW, 00h/30h/31h BD-RE, ...)
 * @subtype: format subtype
 * @blocks: number of blocks, or 0xffffffff for the medium's maximum
 * @status: out: discburn status
 *
 * Returns once the drive accepted the command; the caller waits for the
 * drive with discburn_mmc_wait_ready().
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_format(struct discburn_recorder *rec, u8 type, u8 subtype,
			u32 blocks, u32 *status)
{
	u8 cdb[6] = { GPCMD_FORMAT_UNIT };
	u8 *d;
	int ret;

	d = kzalloc(12, GFP_KERNEL);
	if (!d) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	cdb[1] = 0x11;			/* FmtData, format code 001b */
	d[1] = 0x82;			/* FOV, IMMED */
	db_put_be16(&d[2], 8);
	db_put_be32(&d[4], blocks);
	d[8] = type << 2 | (subtype & 3);
	ret = discburn_mmc_simple(rec, cdb, sizeof(cdb), d, 12, true,
				  DISCBURN_TMO_LONG, status);
	kfree(d);
	return ret < 0 ? ret : 0;
}

/**
 * discburn_mmc_blank() - BLANK a rewritable CD with IMMED
 * @rec: the recorder
 * @full: the whole disc (type 0) instead of the minimal blank (type 1)
 * @status: out: discburn status
 *
 * Return: 0 once the drive accepted it, else a negated errno value.
 */
int discburn_mmc_blank(struct discburn_recorder *rec, bool full, u32 *status)
{
	u8 cdb[12] = { GPCMD_BLANK };

	cdb[1] = 0x10 | (full ? 0 : 1);
	return db_no_data(rec, cdb, sizeof(cdb), DISCBURN_TMO_LONG, status);
}

/**
 * discburn_mmc_sync_cache() - SYNCHRONIZE CACHE
 * @rec: the recorder
 * @immed: return at once and wait for the drive with TEST UNIT READY
 * @status: out: discburn status
 *
 * Return: 0 once the drive has recorded its buffer, else a negated errno.
 */
int discburn_mmc_sync_cache(struct discburn_recorder *rec, bool immed,
			    u32 *status)
{
	u8 cdb[10] = { SYNCHRONIZE_CACHE };
	int ret;

	cdb[1] = immed ? 0x02 : 0;
	ret = db_no_data(rec, cdb, sizeof(cdb), DISCBURN_TMO_LONG, status);
	if (ret || !immed)
		return ret;
	return discburn_mmc_wait_ready(rec, 600, NULL, NULL, NULL, status);
}

/**
 * discburn_mmc_close() - CLOSE TRACK/SESSION with IMMED, and wait
 * @rec: the recorder
 * @fn: close function (1 track, 2 session, 5/6 finalize DVD+R/BD-R)
 * @track: track number for @fn 1
 * @status: out: discburn status
 *
 * Return: 0 once closed, else a negated errno value.
 */
int discburn_mmc_close(struct discburn_recorder *rec, u8 fn, u16 track,
		       u32 *status)
{
	u8 cdb[10] = { GPCMD_CLOSE_TRACK };
	int ret;

	cdb[1] = 0x01;
	cdb[2] = fn & 0x07;
	db_put_be16(&cdb[4], track);
	ret = db_no_data(rec, cdb, sizeof(cdb), DISCBURN_TMO_LONG, status);
	if (ret)
		return ret;
	return discburn_mmc_wait_ready(rec, 900, NULL, NULL, NULL, status);
}

/**
 * discburn_mmc_read() - READ(10) of 2048-byte sectors
 * @rec: the recorder
 * @lba: first sector
 * @nblocks: sectors
 * @buf: buffer of @nblocks * 2048 bytes (not on the stack)
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_read(struct discburn_recorder *rec, s32 lba, u32 nblocks,
		      void *buf, u32 *status)
{
	u8 cdb[10] = { GPCMD_READ_10 };
	int ret;

	db_put_be32(&cdb[2], lba);
	db_put_be16(&cdb[7], nblocks);
	ret = discburn_mmc_simple(rec, cdb, sizeof(cdb), buf,
				  nblocks * DISCBURN_SECTOR, false,
				  DISCBURN_TMO_MEDIA, status);
	if (ret < 0)
		return ret;
	if (ret != nblocks * DISCBURN_SECTOR) {
		*status = DISCBURN_E_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
		return -EIO;
	}
	return 0;
}

/**
 * discburn_mmc_last_track() - number of the last track on the disc
 * @rec: the recorder
 * @track: out: last track in the last session (the invisible one on an
 *	appendable disc)
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_mmc_last_track(struct discburn_recorder *rec, u16 *track,
			    u32 *status)
{
	u8 cdb[10] = { GPCMD_READ_DISC_INFO };
	u8 *buf;
	int ret;

	buf = kmalloc(34, GFP_KERNEL);
	if (!buf) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	db_put_be16(&cdb[7], 34);
	ret = discburn_mmc_simple(rec, cdb, sizeof(cdb), buf, 34, false,
				  DISCBURN_TMO_MEDIA, status);
	if (ret >= 0 && ret < 12) {
		*status = DISCBURN_E_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
		ret = -EIO;
	}
	if (ret >= 0) {
		*track = buf[6] | (u16)buf[11] << 8;
		ret = 0;
	}
	kfree(buf);
	return ret;
}
