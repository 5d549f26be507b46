// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - CDB dispatch: opcode table, unit attentions, busy and
 * no-medium gating, sense data and data transfer helpers.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_host.h>

#include "discburn_emu.h"

#define EMU_F_MEDIUM	BIT(0)	/* needs a disc in the closed tray */
#define EMU_F_NO_UA	BIT(1)	/* never reports or clears a unit attention */
#define EMU_F_BUSY_OK	BIT(2)	/* serviceable during long operations */
#define EMU_F_RECORD	BIT(3)	/* records: a ROM drive does not have it */

/* Direction of the data phase: MMC fixes it per opcode */
enum emu_dir {
	EMU_NONE,	/* no data */
	EMU_IN,		/* drive to host */
	EMU_OUT,	/* host to drive */
};

struct discburn_emu_op {
	int (*fn)(struct discburn_emu_dev *dev, struct scsi_cmnd *sc);
	u8 flags;
	u8 dir;
};

static const struct discburn_emu_op emu_ops[256] = {
	[0x00] = { discburn_emu_tur, 0, EMU_NONE },
	[0x01] = { discburn_emu_good, 0, EMU_NONE },	/* REZERO UNIT */
	[0x03] = { discburn_emu_request_sense, EMU_F_NO_UA | EMU_F_BUSY_OK, EMU_IN },
	[0x04] = { discburn_emu_format, EMU_F_MEDIUM | EMU_F_RECORD, EMU_OUT },
	[0x08] = { discburn_emu_read, EMU_F_MEDIUM, EMU_IN },
	[0x12] = { discburn_emu_inquiry, EMU_F_NO_UA | EMU_F_BUSY_OK, EMU_IN },
	[0x15] = { discburn_emu_mode_select, 0, EMU_OUT },
	[0x1a] = { discburn_emu_mode_sense, EMU_F_BUSY_OK, EMU_IN },
	[0x1b] = { discburn_emu_start_stop, 0, EMU_NONE },
	[0x1e] = { discburn_emu_prevent, EMU_F_BUSY_OK, EMU_NONE },
	[0x23] = { discburn_emu_read_format_capacities, EMU_F_MEDIUM, EMU_IN },
	[0x25] = { discburn_emu_read_capacity, EMU_F_MEDIUM, EMU_IN },
	[0x28] = { discburn_emu_read, EMU_F_MEDIUM, EMU_IN },
	[0x2a] = { discburn_emu_write, EMU_F_MEDIUM | EMU_F_RECORD, EMU_OUT },
	[0x2b] = { discburn_emu_good, 0, EMU_NONE },	/* SEEK(10) */
	[0x2e] = { discburn_emu_write, EMU_F_MEDIUM | EMU_F_RECORD, EMU_OUT },
	[0x35] = { discburn_emu_sync_cache, 0, EMU_NONE },
	[0x42] = { discburn_emu_read_subchannel, EMU_F_MEDIUM, EMU_IN },
	[0x43] = { discburn_emu_read_toc, EMU_F_MEDIUM, EMU_IN },
	[0x46] = { discburn_emu_get_configuration, EMU_F_BUSY_OK, EMU_IN },
	[0x4a] = { discburn_emu_event_status, EMU_F_NO_UA | EMU_F_BUSY_OK, EMU_IN },
	[0x51] = { discburn_emu_read_disc_info, EMU_F_MEDIUM, EMU_IN },
	[0x52] = { discburn_emu_read_track_info, EMU_F_MEDIUM, EMU_IN },
	[0x53] = { discburn_emu_reserve_track, EMU_F_MEDIUM | EMU_F_RECORD, EMU_NONE },
	[0x54] = { discburn_emu_good, EMU_F_RECORD, EMU_OUT },	/* SEND OPC */
	[0x55] = { discburn_emu_mode_select, 0, EMU_OUT },
	[0x5a] = { discburn_emu_mode_sense, EMU_F_BUSY_OK, EMU_IN },
	[0x5b] = { discburn_emu_close, EMU_F_MEDIUM | EMU_F_RECORD, EMU_NONE },
	[0x5c] = { discburn_emu_read_buffer_capacity, EMU_F_BUSY_OK, EMU_IN },
	[0x5d] = { discburn_emu_send_cue, EMU_F_MEDIUM | EMU_F_RECORD, EMU_OUT },
	[0xa0] = { discburn_emu_report_luns, EMU_F_NO_UA | EMU_F_BUSY_OK, EMU_IN },
	[0xa1] = { discburn_emu_blank, EMU_F_MEDIUM | EMU_F_RECORD, EMU_NONE },
	[0xa8] = { discburn_emu_read, EMU_F_MEDIUM, EMU_IN },
	[0xaa] = { discburn_emu_write, EMU_F_MEDIUM | EMU_F_RECORD, EMU_OUT },
	[0xac] = { discburn_emu_get_performance, EMU_F_BUSY_OK, EMU_IN },
	[0xad] = { discburn_emu_read_disc_structure, EMU_F_MEDIUM, EMU_IN },
	[0xb6] = { discburn_emu_set_streaming, 0, EMU_OUT },
	[0xbb] = { discburn_emu_set_cd_speed, 0, EMU_NONE },
	[0xbd] = { discburn_emu_mechanism_status, EMU_F_BUSY_OK, EMU_IN },
	[0xbe] = { discburn_emu_read_cd, EMU_F_MEDIUM, EMU_IN },
};

/**
 * discburn_emu_respond() - return data-in, truncated to the allocation length
 * @sc: the command
 * @buf: the full response
 * @len: its length
 * @alloc: the CDB's allocation length
 *
 * Anything not transferred is reported as residual, never as an error.
 */
void discburn_emu_respond(struct scsi_cmnd *sc, const void *buf, u32 len, u32 alloc)
{
	u32 n = min3(len, alloc, scsi_bufflen(sc));
	int done = 0;

	if (sc->sc_data_direction != DMA_FROM_DEVICE)
		return;
	if (n)
		done = scsi_sg_copy_from_buffer(sc, (void *)buf, n);
	scsi_set_resid(sc, scsi_bufflen(sc) - done);
}

/**
 * discburn_emu_data_out() - fetch the data-out buffer
 * @sc: the command
 * @buf: destination
 * @len: parameter list length from the CDB (or the expected byte count)
 *
 * Return: bytes copied: min(@len, transfer length).
 */
u32 discburn_emu_data_out(struct scsi_cmnd *sc, void *buf, u32 len)
{
	u32 n = min(len, scsi_bufflen(sc));

	if (!n || sc->sc_data_direction != DMA_TO_DEVICE)
		return 0;
	return scsi_sg_copy_to_buffer(sc, buf, n);
}

/**
 * discburn_emu_set_busy() - start a long (Immed) operation of @ms milliseconds
 * @dev: the drive
 * @ascq: 02/04/<ascq> reported while it runs
 * @ms: duration
 */
void discburn_emu_set_busy(struct discburn_emu_dev *dev, u8 ascq, unsigned int ms)
{
	ktime_t now = ktime_get();
	ktime_t end = ktime_add_ms(now, ms);

	if (!ms)
		return;
	if (ktime_after(dev->busy_end, now) && ktime_after(dev->busy_end, end))
		return;
	dev->busy_start = now;
	dev->busy_end = end;
	dev->busy_ascq = ascq;
}

/**
 * discburn_emu_busy() - is a long operation still running?
 * @dev: the drive
 * @progress: fraction done x 65536
 *
 * Return: true while busy.
 */
bool discburn_emu_busy(struct discburn_emu_dev *dev, u16 *progress)
{
	ktime_t now = ktime_get();
	s64 total;
	s64 done;

	if (!dev->busy_end || !ktime_before(now, dev->busy_end)) {
		dev->busy_end = 0;
		return false;
	}
	total = ktime_to_ns(ktime_sub(dev->busy_end, dev->busy_start));
	done = ktime_to_ns(ktime_sub(now, dev->busy_start));
	if (total <= 0)
		total = 1;
	*progress = min_t(s64, div64_s64(done * 65536, total), 65535);
	return true;
}

static void emu_build_sense(struct discburn_emu_dev *dev, struct scsi_cmnd *sc, int sense,
			    bool has_progress, u16 progress)
{
	u8 *s = sc->sense_buffer;

	memset(s, 0, SCSI_SENSE_BUFFERSIZE);
	s[0] = 0x70;
	s[2] = EMU_SK(sense);
	s[7] = 0x0a;
	s[12] = EMU_ASC(sense);
	s[13] = EMU_ASCQ(sense);
	if (dev->sense_info_valid) {
		s[0] |= 0x80;
		emu_put_be32(&s[3], (u32)dev->sense_info);
	}
	if (has_progress) {
		s[15] = 0x80;
		emu_put_be16(&s[16], progress);
	}
	sc->result = SAM_STAT_CHECK_CONDITION;
	dev->stats.last_sense = sense;
}

/*
 * The data phase must go the way the opcode says: a read-type CDB with a
 * data-out buffer would otherwise copy the answer into the caller's source
 * pages. No data phase at all is always fine (allocation length 0).
 */
static bool emu_dir_ok(const struct discburn_emu_op *op, enum dma_data_direction d)
{
	switch (d) {
	case DMA_NONE:
		return true;
	case DMA_FROM_DEVICE:
		return op->dir == EMU_IN;
	case DMA_TO_DEVICE:
		return op->dir == EMU_OUT;
	default:
		return false;
	}
}

static int emu_gate(struct discburn_emu_dev *dev, const struct discburn_emu_op *op,
		    u16 *progress, bool *has_progress)
{
	int sense;

	if (dev->pending_ua && !(op->flags & EMU_F_NO_UA)) {
		sense = dev->pending_ua;
		dev->pending_ua = 0;
		return sense;
	}
	if (!(op->flags & EMU_F_BUSY_OK) && discburn_emu_busy(dev, progress)) {
		*has_progress = true;
		return EMU_SENSE(2, 0x04, dev->busy_ascq);
	}
	if (op->flags & EMU_F_MEDIUM) {
		if (dev->tray_open)
			return EMU_TRAY_OPEN;
		if (!dev->disc)
			return EMU_NO_MEDIUM;
		switch (discburn_emu_access(dev)) {
		case EMU_ACCESS_NONE:
			return EMU_INCOMPATIBLE;
		case EMU_ACCESS_READ:
			if (op->flags & EMU_F_RECORD)
				return op->fn == discburn_emu_format ? EMU_CANNOT_FORMAT :
				       EMU_CANNOT_WRITE;
			break;
		default:
			break;
		}
	}
	return 0;
}

/**
 * discburn_emu_execute() - run one CDB against the drive model
 * @dev: the drive, lock held
 * @sc: the command; its result and sense are filled in
 *
 * Return: 0 when @sc is ready to complete, EMU_DONE_NO_CONNECT or
 * EMU_DONE_DROP for the unplug and timeout faults.
 */
int discburn_emu_execute(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const struct discburn_emu_op *op = &emu_ops[sc->cmnd[0]];
	bool has_progress = false;
	u16 progress = 0;
	int sense;

	dev->stats.commands++;
	dev->sense_info_valid = false;
	sc->result = 0;
	scsi_set_resid(sc, 0);

	if (!op->fn || ((op->flags & EMU_F_RECORD) && !discburn_emu_drive_writes(dev))) {
		sense = EMU_INVALID_OPCODE;
	} else if (!emu_dir_ok(op, sc->sc_data_direction)) {
		sense = EMU_INVALID_FIELD;
	} else {
		sense = emu_gate(dev, op, &progress, &has_progress);
		if (!sense)
			sense = op->fn(dev, sc);
	}
	if (sense < 0)
		return sense;
	if (sense) {
		if (sc->sc_data_direction == DMA_FROM_DEVICE)
			scsi_set_resid(sc, scsi_bufflen(sc));
		if (!has_progress && EMU_SK(sense) == 2 && EMU_ASC(sense) == 0x04 &&
		    sc->cmnd[0] == 0x00)
			has_progress = discburn_emu_busy(dev, &progress);
		emu_build_sense(dev, sc, sense, has_progress, progress);
	}
	return 0;
}
