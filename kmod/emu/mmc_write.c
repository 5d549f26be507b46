// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - recording: WRITE(10/12), WRITE AND VERIFY, SYNCHRONIZE
 * CACHE, CLOSE TRACK/SESSION, SEND CUE SHEET, RESERVE TRACK, BLANK and
 * FORMAT UNIT. CD TAO and SAO, DVD-R incremental/DAO, DVD+R, BD-R SRM,
 * DVD+RW and BD-RE overwrite.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bcd.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <scsi/scsi_cmnd.h>

#include "discburn_emu.h"

#define EMU_MIN_TRACK	300	/* shortest CD track in blocks */

static u8 emu_write_type(const struct discburn_emu_dev *dev)
{
	return dev->page5[2] & 0x0f;
}

static bool emu_sequential_dvd(const struct discburn_emu_disc *disc)
{
	return !disc->info->cd && !disc->info->overwrite;
}

/* Page 05 Test Write: honoured on CD and DVD-R, ignored elsewhere */
static bool emu_test_write(const struct discburn_emu_dev *dev)
{
	const struct discburn_emu_disc *disc = dev->disc;

	return (dev->page5[2] & 0x10) &&
	       (disc->info->cd || disc->medium == DISCBURN_EMU_DVDR);
}

/**
 * discburn_emu_sim_begin() - enter or leave simulation before a recording step
 * @dev: the drive, lock held, a disc loaded
 *
 * With Test Write set, the first step that changes the recorded layout
 * (WRITE, SEND CUE SHEET, RESERVE TRACK) snapshots the layout; the steps
 * then run as usual, but nothing reaches the store, and the snapshot comes
 * back when the session ends. A real step after a simulation that never
 * ended drops the simulated layout first.
 *
 * Return: 0 or a sense code.
 */
int discburn_emu_sim_begin(struct discburn_emu_dev *dev)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_sim *sim;

	if (!emu_test_write(dev)) {
		if (disc->sim)
			discburn_emu_sim_end(dev);
		return 0;
	}
	if (disc->sim)
		return 0;
	sim = kvmalloc(sizeof(*sim), GFP_NOIO);
	if (!sim)
		return EMU_SENSE(4, 0x44, 0);
	sim->tracks = dev->stats.tracks;
	sim->sessions = dev->stats.sessions;
	memcpy(&sim->layout, disc, offsetof(struct discburn_emu_disc, store));
	disc->sim = sim;
	return 0;
}

/**
 * discburn_emu_sim_end() - end a simulation: the disc is as before it
 * @dev: the drive, lock held
 */
void discburn_emu_sim_end(struct discburn_emu_dev *dev)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_sim *sim = disc ? disc->sim : NULL;

	if (!sim)
		return;
	memcpy(disc, &sim->layout, offsetof(struct discburn_emu_disc, store));
	dev->stats.tracks = sim->tracks;
	dev->stats.sessions = sim->sessions;
	disc->sim = NULL;
	kvfree(sim);
	discburn_emu_timing_reset(dev);
	discburn_emu_media_changed(dev);
}

/* Sync pattern, BCD address and mode byte of a CD data sector */
static void emu_cd_header(u8 *h, s32 lba, u8 mode)
{
	u8 msf[3];

	h[0] = 0;
	memset(&h[1], 0xff, 10);
	h[11] = 0;
	discburn_emu_lba_to_msf(lba, msf);
	h[12] = bin2bcd(msf[0]);
	h[13] = bin2bcd(msf[1]);
	h[14] = bin2bcd(msf[2]);
	h[15] = mode;
}

/* Store one CD block of @size bytes as a 2352 (+ sub-channel) slot */
static int emu_store_cd_block(struct discburn_emu_dev *dev, s32 lba, const u8 *data,
			      u32 size, u8 data_mode)
{
	struct discburn_emu_disc *disc = dev->disc;
	bool ck = dev->store_checksum;
	u8 h[24];
	int ret;

	if (disc->sim)
		return 0;
	if (ck)
		return discburn_emu_store_write(disc, true, lba, 0, data, size);
	switch (size) {
	case 2048:
		memset(h, 0, sizeof(h));
		emu_cd_header(h, lba, data_mode == 2 ? 2 : 1);
		if (data_mode == 2) {
			ret = discburn_emu_store_write(disc, false, lba, 0, h, 24);
			return ret ?: discburn_emu_store_write(disc, false, lba, 24, data, 2048);
		}
		ret = discburn_emu_store_write(disc, false, lba, 0, h, 16);
		return ret ?: discburn_emu_store_write(disc, false, lba, 16, data, 2048);
	case 2056:
	case 2324:
	case 2332:
	case 2336:
		emu_cd_header(h, lba, 2);
		ret = discburn_emu_store_write(disc, false, lba, 0, h, 16);
		if (size == 2056 || size == 2332)
			return ret ?: discburn_emu_store_write(disc, false, lba, 16, data, size);
		return ret ?: discburn_emu_store_write(disc, false, lba, 24, data, size);
	case 2352:
	case 2368:
	case 2448:
		return discburn_emu_store_write(disc, false, lba, 0, data, size);
	default:
		return -EINVAL;
	}
}

static int emu_store_blocks(struct discburn_emu_dev *dev, s32 lba, const u8 *data, u32 n,
			    u32 size, u8 data_mode)
{
	struct discburn_emu_disc *disc = dev->disc;
	u32 i;
	int ret;

	if (disc->sim)
		return 0;
	if (!disc->info->cd)
		return discburn_emu_store_write(disc, dev->store_checksum, lba, 0, data,
						n * 2048);
	for (i = 0; i < n; i++) {
		ret = emu_store_cd_block(dev, lba + i, data + i * size, size, data_mode);
		if (ret)
			return ret;
	}
	return 0;
}

static u8 emu_data_mode(u8 control, u8 block_type)
{
	if (!(control & 0x04))
		return 0x0f;
	return block_type >= 10 ? 2 : 1;
}

static struct discburn_emu_track *emu_new_track(struct discburn_emu_dev *dev, s32 start)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_track *t;

	if (disc->ntracks >= EMU_MAX_TRACKS)
		return NULL;
	t = &disc->tracks[disc->ntracks++];
	memset(t, 0, sizeof(*t));
	t->session = disc->nsessions + 1;
	t->start = start;
	t->pregap = disc->info->cd ? start - 150 : start;
	t->write_type = emu_write_type(dev);
	t->open = true;
	if (disc->info->cd) {
		t->control = dev->page5[3] & 0x0f;
		t->data_mode = emu_data_mode(t->control, dev->page5[4] & 0x0f);
	} else {
		t->control = disc->medium == DISCBURN_EMU_DVDR &&
			     t->write_type == EMU_WT_SAO ? 4 : 5;
		t->data_mode = 1;
	}
	dev->stats.tracks++;
	return t;
}

/* End the track being written: pad CD TAO tracks, add the run-out */
static void emu_end_track(struct discburn_emu_dev *dev, struct discburn_emu_track *t)
{
	struct discburn_emu_disc *disc = dev->disc;

	if (!t->open)
		return;
	t->open = false;
	if (disc->info->cd && t->write_type != EMU_WT_SAO) {
		if (t->blocks < EMU_MIN_TRACK)
			t->blocks = EMU_MIN_TRACK;
		t->tail = 2;
	}
	if (!t->blocks && !t->reserved && t == &disc->tracks[disc->ntracks - 1]) {
		disc->ntracks--;	/* closing an empty invisible track */
		dev->stats.tracks--;
	}
}

static int emu_close_session(struct discburn_emu_dev *dev, bool finalize)
{
	struct discburn_emu_disc *disc = dev->disc;
	int open = discburn_emu_open_session(disc);
	struct discburn_emu_sess *s;
	struct discburn_emu_track *last;
	int i, first = 0;

	if (open) {
		for (i = 0; i < disc->ntracks; i++)
			if (disc->tracks[i].session == open && disc->tracks[i].damaged)
				return EMU_SESSION_FIXATION;
		for (i = disc->ntracks - 1; i >= 0 && disc->tracks[i].session == open; i--)
			emu_end_track(dev, &disc->tracks[i]);
	}
	open = discburn_emu_open_session(disc);
	if (!open) {
		if (disc->sim) {
			discburn_emu_sim_end(dev);
		} else if (finalize && disc->nsessions && !disc->finalized) {
			disc->finalized = true;
			discburn_emu_media_changed(dev);
		}
		return 0;
	}
	for (i = 0; i < disc->ntracks; i++) {
		if (disc->tracks[i].session == open) {
			first = i + 1;
			break;
		}
	}
	last = &disc->tracks[disc->ntracks - 1];
	s = &disc->sessions[disc->nsessions];
	s->first_track = first;
	s->last_track = disc->ntracks;
	if (disc->info->cd) {
		s->leadout = last->start + last->blocks + last->tail;
		s->disc_type = dev->page5[8];
	} else {
		s->leadout = discburn_emu_recorded_end(disc);
		s->disc_type = 0;
	}
	disc->nsessions++;
	disc->finalized = finalize || disc->ntracks >= EMU_MAX_TRACKS;
	dev->stats.sessions++;
	discburn_emu_media_changed(dev);
	discburn_emu_sim_end(dev);
	return 0;
}

/* Page-5 multi-session field: 11b keeps the disc appendable */
static bool emu_finalize_by_page5(const struct discburn_emu_dev *dev)
{
	return (dev->page5[3] >> 6) != 3;
}

static int emu_write_cd_tao(struct discburn_emu_dev *dev, s32 lba, u32 n, u32 size,
			    const u8 *data)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_track *t = discburn_emu_open_track(disc);

	if (lba != discburn_emu_nwa(dev, EMU_WT_TAO))
		return EMU_BAD_WRITE_ADDR;
	if ((s64)lba + n > disc->capacity)
		return EMU_LBA_RANGE;
	if (!t) {
		t = emu_new_track(dev, lba);
		if (!t)
			return EMU_BAD_WRITE_ADDR;
	}
	if (emu_store_blocks(dev, lba, data, n, size, t->data_mode))
		return EMU_SENSE(3, 0x0c, 0);
	t->blocks += n;
	return 0;
}

static int emu_write_cd_sao(struct discburn_emu_dev *dev, s32 lba, u32 n, u32 size,
			    const u8 *data)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_cue *cue = &disc->cue;
	int first = disc->ntracks - cue->ntracks;
	u32 i;
	int k;

	if (first < 0 || cue->ntracks < 1 || cue->ntracks > EMU_MAX_TRACKS)
		return EMU_SEQ_ERROR;
	if (size == 96) {
		/*
		 * CD-TEXT: 96-byte blocks of packs into the lead-in, up to
		 * the first pregap. Accepted, not kept (no READ TOC format 5).
		 */
		if (!cue->cdtext || cue->next != cue->first ||
		    lba < disc->info->atip_leadin || (s64)lba + n > cue->first)
			return EMU_BAD_WRITE_ADDR;
		return 0;
	}
	/* Disc-At-Once records without a break: each WRITE where the last ended */
	if (lba != cue->next || lba >= cue->leadout)
		return EMU_BAD_WRITE_ADDR;
	if ((s64)lba + n > cue->leadout)
		return EMU_LBA_RANGE;
	for (i = 0; i < n; i++) {
		u8 mode = 1;

		for (k = cue->ntracks - 1; k >= 0; k--) {
			if (lba + (s32)i >= cue->t[k].pregap) {
				mode = disc->tracks[first + k].data_mode;
				break;
			}
		}
		if (emu_store_cd_block(dev, lba + i, data + i * size, size, mode))
			return EMU_SENSE(3, 0x0c, 0);
	}
	cue->next = lba + n;
	for (k = 0; k < cue->ntracks; k++) {
		struct discburn_emu_track *t = &disc->tracks[first + k];
		s32 end = k + 1 < cue->ntracks ? cue->t[k + 1].pregap : cue->leadout;

		if (cue->next > t->start)
			t->blocks = min(cue->next, end) - t->start;
	}
	return 0;
}

/* An SAO session ruined by an underrun: its tracks end where the data did */
static void emu_abort_sao(struct discburn_emu_dev *dev)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_cue *cue = &disc->cue;
	int first = disc->ntracks - cue->ntracks;
	int k;

	for (k = 0; first >= 0 && k < cue->ntracks; k++) {
		disc->tracks[first + k].open = false;
		disc->tracks[first + k].damaged = true;
	}
	cue->active = false;
}

static void emu_complete_sao(struct discburn_emu_dev *dev)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_cue *cue = &disc->cue;
	int first = disc->ntracks - cue->ntracks;
	int k;

	if (first < 0 || cue->ntracks > EMU_MAX_TRACKS) {
		memset(cue, 0, sizeof(*cue));
		return;
	}
	for (k = 0; k < cue->ntracks; k++) {
		struct discburn_emu_track *t = &disc->tracks[first + k];
		s32 end = k + 1 < cue->ntracks ? cue->t[k + 1].pregap : cue->leadout;

		t->blocks = end - t->start;
		t->open = false;
	}
	cue->active = false;
	emu_close_session(dev, emu_finalize_by_page5(dev));
}

static int emu_write_dvd_seq(struct discburn_emu_dev *dev, s32 lba, u32 n, const u8 *data)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_track *t = disc->ntracks ? &disc->tracks[disc->ntracks - 1] : NULL;
	s32 nwa = discburn_emu_nwa(dev, emu_write_type(dev));

	if (lba < 0 || (s64)lba + n > disc->capacity)
		return EMU_LBA_RANGE;
	if (disc->pow && t && lba < nwa && lba >= 0) {
		/* pseudo-overwrite of recorded blocks */
		if ((s64)lba + n > nwa) {
			if (!t->open)
				return EMU_BAD_WRITE_ADDR;
			t->blocks = lba + n - t->start;
		}
		goto store;
	}
	if (lba != nwa)
		return EMU_BAD_WRITE_ADDR;
	if (!t || (!t->open && t->blocks >= t->reserved)) {
		t = emu_new_track(dev, lba);
		if (!t)
			return EMU_BAD_WRITE_ADDR;
	}
	if (t->reserved && t->blocks + n > t->reserved)
		return EMU_LBA_RANGE;
	if (emu_store_blocks(dev, lba, data, n, 2048, 1))
		return EMU_SENSE(3, 0x0c, 0);
	t->blocks += n;
	return 0;
store:
	if (emu_store_blocks(dev, lba, data, n, 2048, 1))
		return EMU_SENSE(3, 0x0c, 0);
	return 0;
}

static int emu_write_overwrite(struct discburn_emu_dev *dev, s32 lba, u32 n, const u8 *data)
{
	struct discburn_emu_disc *disc = dev->disc;

	if (!disc->formatted)
		return EMU_NOT_FORMATTED;
	if (lba < 0 || (s64)lba + n > disc->capacity)
		return EMU_LBA_RANGE;
	if (emu_store_blocks(dev, lba, data, n, 2048, 1))
		return EMU_SENSE(3, 0x0c, 0);
	disc->bg_status = 3;
	dev->ow_dirty = true;
	return 0;
}

static bool emu_block_size_ok(bool cd, u32 size)
{
	if (!cd)
		return size == 2048;
	switch (size) {
	case 2048: case 2056: case 2324: case 2332: case 2336:
	case 2352: case 2368: case 2448:
		return true;
	}
	return false;
}

static int emu_write(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	s32 lba = (s32)emu_get_be32(&cdb[2]);
	u32 n = cdb[0] == 0xaa ? emu_get_be32(&cdb[6]) : emu_get_be16(&cdb[7]);
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_track *t;
	u32 bytes = scsi_bufflen(sc);
	s32 fail_lba = lba;
	u32 size, gen;
	int ret;

	if (!n)
		return 0;
	if (dev->write_protect)
		return EMU_WRITE_PROTECTED;
	if (bytes % n || bytes > dev->scratch_len)
		return EMU_INVALID_FIELD;
	size = bytes / n;
	if (!emu_block_size_ok(disc->info->cd, size) &&
	    !(size == 96 && disc->info->cd && disc->cue.active && disc->cue.cdtext))
		return EMU_INVALID_FIELD;
	if (disc->finalized && !disc->info->overwrite)
		return EMU_BAD_WRITE_ADDR;
	t = discburn_emu_open_track(disc);
	if (t && t->damaged) {
		dev->sense_info_valid = true;
		dev->sense_info = lba;
		return EMU_LOSS_OF_STREAMING;
	}

	ret = discburn_emu_inject_write(dev, lba, n, &fail_lba);
	if (ret) {
		if (ret > 0) {
			dev->sense_info_valid = true;
			dev->sense_info = fail_lba;
		}
		return ret;
	}
	if (discburn_emu_data_out(sc, dev->scratch, bytes) != bytes)
		return EMU_PARAM_LEN;

	gen = dev->disc_gen;
	ret = discburn_emu_timing_admit(dev, bytes);
	if (ret)
		return ret;
	if (dev->disc_gen != gen || !dev->disc || dev->tray_open)
		return EMU_SENSE(6, 0x28, 0);
	disc = dev->disc;
	t = discburn_emu_open_track(disc);
	if (t && t->damaged) {
		dev->sense_info_valid = true;
		dev->sense_info = lba;
		return EMU_LOSS_OF_STREAMING;
	}
	ret = discburn_emu_sim_begin(dev);
	if (ret)
		return ret;

	if (disc->info->overwrite)
		ret = emu_write_overwrite(dev, lba, n, dev->scratch);
	else if (!disc->info->cd)
		ret = emu_write_dvd_seq(dev, lba, n, dev->scratch);
	else if (disc->cue.active)
		ret = emu_write_cd_sao(dev, lba, n, size, dev->scratch);
	else if (disc->raw.active || emu_write_type(dev) == EMU_WT_RAW)
		ret = discburn_emu_raw_write(dev, lba, n, size, dev->scratch);
	else if (emu_write_type(dev) == EMU_WT_TAO || emu_write_type(dev) == EMU_WT_PACKET)
		ret = emu_write_cd_tao(dev, lba, n, size, dev->scratch);
	else
		ret = EMU_SEQ_ERROR;
	if (ret) {
		dev->sense_info_valid = true;
		dev->sense_info = lba;
		return ret;
	}
	dev->stats.writes++;
	dev->stats.sectors_written += n;
	return 0;
}

/*
 * WRITE(10)/WRITE(12). The time each takes here — the data copied out of
 * the request, stored or checksummed, the drive model updated — adds up in
 * stats write_ns: the sink rate, how fast this drive takes WRITEs with
 * nothing above it (make bench). The first and the last WRITE that took
 * data are stamped (CLOCK_MONOTONIC), so that make bench reads a burn's
 * write phase from the drive instead of polling it.
 */
int discburn_emu_write(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	struct discburn_emu_stats *s = &dev->stats;
	u64 t0 = ktime_get_ns();
	u64 writes = s->writes;
	int ret = emu_write(dev, sc);
	u64 t1 = ktime_get_ns();

	s->write_ns += t1 - t0;
	if (s->writes != writes) {
		if (!s->first_write_ns)
			s->first_write_ns = t1;
		s->last_write_ns = t1;
	}
	return ret;
}

int discburn_emu_sync_cache(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	bool immed = sc->cmnd[1] & 0x02;
	struct discburn_emu_disc *disc;
	struct discburn_emu_track *t;

	dev->stats.sync_caches++;
	if (!dev->disc || dev->tray_open)
		return 0;
	discburn_emu_timing_drain(dev, immed);
	disc = dev->disc;
	if (!disc)
		return 0;
	t = discburn_emu_open_track(disc);
	if (t && t->damaged) {
		if (disc->cue.active)
			emu_abort_sao(dev);
		else
			emu_end_track(dev, t);
		return EMU_LOSS_OF_STREAMING;
	}
	if (disc->info->cd) {
		if (disc->raw.active)
			return discburn_emu_raw_complete(dev);
		if (disc->cue.active)
			emu_complete_sao(dev);
		else if (t && t->write_type != EMU_WT_SAO)
			emu_end_track(dev, t);
	} else if (emu_sequential_dvd(disc)) {
		if (t && t->reserved && t->blocks >= t->reserved &&
		    disc->medium == DISCBURN_EMU_DVDR && t->write_type == EMU_WT_SAO)
			emu_close_session(dev, true);
	} else if (dev->ow_dirty) {
		dev->ow_dirty = false;
		discburn_emu_media_changed(dev);
	}
	return 0;
}

int discburn_emu_close(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	const u8 *cdb = sc->cmnd;
	bool immed = cdb[1] & 0x01;
	u8 fn = cdb[2] & 0x07;
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_track *t;

	discburn_emu_timing_drain(dev, immed);
	disc = dev->disc;
	if (!disc)
		return EMU_NO_MEDIUM;
	if (disc->info->overwrite) {
		if (fn > 3)
			return EMU_INVALID_FIELD;
		if (fn >= 2 && disc->formatted) {
			disc->bg_status = 3;
			discburn_emu_media_changed(dev);
		}
		return 0;
	}
	/*
	 * An SAO session ends with SYNCHRONIZE CACHE after its last block;
	 * the tracks of the cue sheet are not the host's to close.
	 */
	if (disc->info->cd && disc->cue.active)
		return EMU_SEQ_ERROR;
	t = discburn_emu_open_track(disc);
	switch (fn) {
	case 1:
		if (t && t->damaged) {
			emu_end_track(dev, t);
			return EMU_LOSS_OF_STREAMING;
		}
		if (t)
			emu_end_track(dev, t);
		else if (disc->ntracks && disc->tracks[disc->ntracks - 1].reserved)
			disc->tracks[disc->ntracks - 1].open = false;
		return 0;
	case 2:
		if (disc->info->cd && disc->raw.active)
			return discburn_emu_raw_complete(dev);
		if (disc->info->cd || disc->medium == DISCBURN_EMU_DVDR)
			return emu_close_session(dev, emu_finalize_by_page5(dev));
		return emu_close_session(dev, false);
	case 3:
	case 5:
	case 6:
		if (disc->info->cd)
			return EMU_INVALID_FIELD;
		return emu_close_session(dev, true);
	default:
		return EMU_INVALID_FIELD;
	}
}

static u8 emu_form_mode(u8 form, u8 ctl)
{
	if (!(ctl & 0x04))
		return 0x0f;
	return (form & 0x30) ? 2 : 1;
}

int discburn_emu_send_cue(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_cue *cue = &disc->cue;
	u32 len = emu_get_be24(&sc->cmnd[6]);
	u8 *d = dev->scratch;
	int next_tno = disc->ntracks + 1;
	s32 prev = S32_MIN;
	bool have_leadout = false;
	u32 i;
	int k;

	if (len % 8)
		return EMU_INVALID_FIELD;
	if (!disc->info->cd || emu_write_type(dev) != EMU_WT_SAO || disc->finalized ||
	    cue->active || disc->raw.active || discburn_emu_open_track(disc) ||
	    discburn_emu_open_session(disc))
		return EMU_SEQ_ERROR;
	if (len > dev->scratch_len || discburn_emu_data_out(sc, d, len) != len)
		return EMU_PARAM_LEN;
	k = discburn_emu_sim_begin(dev);
	if (k)
		return k;
	memset(cue, 0, sizeof(*cue));
	for (i = 0; i < len; i += 8) {
		u8 *e = &d[i];
		u8 adr = e[0] & 0x0f;
		u8 ctl = e[0] >> 4;
		u8 tno = e[1];
		s32 lba = discburn_emu_msf_to_lba(e[5], e[6], e[7]);

		if (adr == 1 && tno == 0 && (e[3] & 0x40))
			cue->cdtext = true;
		if (adr != 1 || tno == 0)
			continue;
		if (lba < prev || have_leadout)
			return EMU_BAD_PARAM;
		prev = lba;
		if (tno == 0xaa) {
			cue->leadout = lba;
			have_leadout = true;
			continue;
		}
		k = cue->ntracks - 1;
		if (tno == next_tno + cue->ntracks) {
			if (cue->ntracks >= EMU_MAX_TRACKS - disc->ntracks)
				return EMU_BAD_PARAM;
			k = cue->ntracks++;
			cue->t[k].pregap = lba;
			cue->t[k].start = lba;
		} else if (k < 0 || tno != next_tno + k) {
			return EMU_BAD_PARAM;
		}
		if (e[2] == 1) {
			cue->t[k].start = lba;
			cue->t[k].control = ctl;
			cue->t[k].form = e[3];
		}
	}
	if (!cue->ntracks || !have_leadout || cue->leadout > (s32)disc->capacity ||
	    cue->t[0].pregap < discburn_emu_sao_start(disc)) {
		memset(cue, 0, sizeof(*cue));
		return EMU_BAD_PARAM;
	}
	for (k = 0; k < cue->ntracks; k++) {
		struct discburn_emu_track *t = emu_new_track(dev, cue->t[k].start);

		if (!t) {
			disc->ntracks -= k;
			dev->stats.tracks -= k;
			memset(cue, 0, sizeof(*cue));
			return EMU_BAD_PARAM;
		}
		t->pregap = cue->t[k].pregap;
		t->control = cue->t[k].control;
		t->data_mode = emu_form_mode(cue->t[k].form, t->control);
		t->write_type = EMU_WT_SAO;
	}
	cue->first = cue->t[0].pregap;
	cue->next = cue->first;
	cue->active = true;
	return 0;
}

int discburn_emu_reserve_track(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	struct discburn_emu_disc *disc = dev->disc;
	u32 size = emu_get_be32(&sc->cmnd[5]);
	u32 align = disc->info->bd ? 32 : 16;
	struct discburn_emu_track *t;
	s32 nwa;

	if (disc->info->cd)
		return EMU_INVALID_FIELD;
	if (!emu_sequential_dvd(disc) || disc->finalized || sc->cmnd[1] & 0x01)
		return EMU_SEQ_ERROR;
	t = discburn_emu_open_track(disc);
	if (t && t->blocks)
		return EMU_SEQ_ERROR;
	if (!t && discburn_emu_sim_begin(dev))
		return EMU_SENSE(4, 0x44, 0);
	if (!t) {
		nwa = discburn_emu_nwa(dev, emu_write_type(dev));
		t = emu_new_track(dev, nwa);
		if (!t)
			return EMU_SENSE(5, 0x72, 5);
	}
	size = ALIGN(size, align);
	if ((s64)t->start + size > disc->capacity) {
		emu_end_track(dev, t);
		return EMU_LBA_RANGE;
	}
	t->reserved = size;
	t->write_type = emu_write_type(dev);
	if (disc->medium == DISCBURN_EMU_DVDR && t->write_type == EMU_WT_SAO)
		t->control = 4;
	return 0;
}

int discburn_emu_blank(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	struct discburn_emu_disc *disc = dev->disc;
	u8 type = sc->cmnd[1] & 0x07;

	if (disc->medium != DISCBURN_EMU_CDRW)
		return EMU_CANNOT_WRITE;
	if (dev->write_protect)
		return EMU_WRITE_PROTECTED;
	if (type > 1)
		return EMU_INVALID_FIELD;
	discburn_emu_disc_blank(disc);
	discburn_emu_timing_reset(dev);
	discburn_emu_media_changed(dev);
	if (sc->cmnd[1] & 0x10)
		discburn_emu_set_busy(dev, EMU_BUSY_OPERATION, type ? 300 : 1200);
	return 0;
}

/* A formatted overwritable disc is one complete session of one track */
static void emu_format_overwrite(struct discburn_emu_disc *disc)
{
	struct discburn_emu_track *t = &disc->tracks[0];

	memset(t, 0, sizeof(*t));
	t->session = 1;
	t->blocks = disc->capacity;
	t->control = 4;
	t->data_mode = 1;
	disc->ntracks = 1;
	disc->sessions[0].leadout = disc->capacity;
	disc->sessions[0].first_track = 1;
	disc->sessions[0].last_track = 1;
	disc->nsessions = 1;
	disc->finalized = true;
	disc->formatted = true;
	disc->bg_status = 3;
}

int discburn_emu_format(struct discburn_emu_dev *dev, struct scsi_cmnd *sc)
{
	struct discburn_emu_disc *disc = dev->disc;
	u8 d[12] = { 0 };
	u8 type, subtype;

	if (dev->write_protect)
		return EMU_WRITE_PROTECTED;
	if (!(sc->cmnd[1] & 0x10)) {
		type = disc->medium == DISCBURN_EMU_DVDPLUSRW ? 0x26 : 0;
		subtype = 0;
	} else {
		if (discburn_emu_data_out(sc, d, sizeof(d)) < sizeof(d))
			return EMU_PARAM_LEN;
		type = d[8] >> 2;
		subtype = d[8] & 0x03;
	}
	switch (disc->medium) {
	case DISCBURN_EMU_DVDPLUSRW:
		if (type != 0x26)
			return EMU_INVALID_FIELD;
		if (!disc->formatted)
			emu_format_overwrite(disc);
		break;
	case DISCBURN_EMU_BDRE:
		if (type != 0x00 && type != 0x30 && type != 0x31)
			return EMU_INVALID_FIELD;
		discburn_emu_disc_blank(disc);
		emu_format_overwrite(disc);
		break;
	case DISCBURN_EMU_BDR:
		if (type != 0x00 && type != 0x32)
			return EMU_INVALID_FIELD;
		if (disc->ntracks || disc->formatted)
			return EMU_SEQ_ERROR;
		disc->formatted = true;
		disc->pow = type == 0x32 && subtype == 0;
		break;
	default:
		return EMU_CANNOT_FORMAT;
	}
	discburn_emu_media_changed(dev);
	if (d[1] & 0x02)
		discburn_emu_set_busy(dev, EMU_BUSY_FORMAT, 200);
	return 0;
}
