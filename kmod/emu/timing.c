// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - drive buffer and recording speed.
 *
 * The buffer is modelled lazily from timestamps: WRITE adds bytes, and
 * while the drive is recording they drain at the current write speed.
 * Recording starts once the buffer is half full (or at an end point such
 * as SYNCHRONIZE CACHE) and stops when it runs empty. Running empty inside
 * an open track without an end point is an underrun: with BUFE it is a
 * link loss, without it the track is ruined (loss of streaming).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/sched.h>

#include "discburn_emu.h"

static const struct discburn_emu_media_info *emu_info(const struct discburn_emu_dev *dev)
{
	if (dev->disc)
		return dev->disc->info;
	return &discburn_emu_media[DISCBURN_EMU_CDR80];
}

static u64 emu_buffer_size(const struct discburn_emu_dev *dev)
{
	return (u64)dev->buffer_kib * 1024;
}

/**
 * discburn_emu_speed_list() - write speeds the drive offers for the medium
 * @dev: the drive
 * @xs: x-ratings, fastest first (at most EMU_MAX_SPEEDS)
 *
 * Return: number of speeds.
 */
int discburn_emu_speed_list(const struct discburn_emu_dev *dev, u32 *xs)
{
	u32 x = dev->write_speed ? dev->write_speed : emu_info(dev)->max_x;
	int n = 0;

	while (x && n < EMU_MAX_SPEEDS) {
		xs[n++] = x;
		x /= 2;
	}
	return n;
}

/* kB/s of @x times the medium's base speed (CD 1x = 176.4 kB/s) */
u32 discburn_emu_kbps(const struct discburn_emu_dev *dev, u32 x)
{
	const struct discburn_emu_media_info *info = emu_info(dev);

	if (info->cd || !info->speed_1x)
		return DIV_ROUND_CLOSEST(x * 1764, 10);
	return x * info->speed_1x;
}

void discburn_emu_timing_reset(struct discburn_emu_dev *dev)
{
	dev->tm.fill = 0;
	dev->tm.recording = false;
	dev->tm.draining = false;
	dev->tm.stamp = ktime_get();
}

/**
 * discburn_emu_timing_set_speed() - select the write speed (SET CD SPEED ...)
 * @dev: the drive
 * @kbps: requested kB/s, 0 or 0xffff for the fastest
 *
 * Clamps to the offered speeds; the drain rate follows unless write_speed
 * is 0 (unlimited).
 */
void discburn_emu_timing_set_speed(struct discburn_emu_dev *dev, u32 kbps)
{
	const struct discburn_emu_media_info *info = emu_info(dev);
	u32 xs[EMU_MAX_SPEEDS];
	int n = discburn_emu_speed_list(dev, xs);
	u32 x = xs[0];
	int i;

	discburn_emu_timing_update(dev);
	if (kbps && kbps < 0xffff) {
		x = xs[n - 1];
		for (i = n - 1; i >= 0; i--)
			if (discburn_emu_kbps(dev, xs[i]) <= kbps + kbps / 50)
				x = xs[i];
	}
	dev->tm.speed_kbps = discburn_emu_kbps(dev, x);
	dev->tm.read_kbps = discburn_emu_kbps(dev, xs[0]);
	dev->tm.rate = dev->write_speed ? x * info->speed_1x_bytes : 0;
}

static void emu_underrun(struct discburn_emu_dev *dev)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_track *t;
	bool bufe;

	if (!disc)
		return;
	/*
	 * Streaming is lost in every write type: inside an open TAO or
	 * incremental track, inside an SAO cue sheet (its tracks are open
	 * until the session ends) and inside a RAW session.
	 */
	t = discburn_emu_open_track(disc);
	if (!t && !disc->raw.active)
		return;
	bufe = (dev->page5[2] & 0x40) && dev->bufe;
	if (bufe || !(disc->info->cd || disc->medium == DISCBURN_EMU_DVDR)) {
		dev->stats.link_losses++;
		return;
	}
	dev->stats.underruns++;
	if (t)
		t->damaged = true;
	else
		disc->raw.damaged = true;
	dev->deferred_damage = EMU_LOSS_OF_STREAMING;
}

/*
 * The buffer starts recording. stats record_start_ns and record_end_ns
 * bracket everything the drive recorded since power on: with the sectors
 * written they give the speed it achieved, gaps included (make bench).
 */
static void emu_record(struct discburn_emu_dev *dev)
{
	struct discburn_emu_timing *tm = &dev->tm;

	tm->recording = true;
	tm->stamp = ktime_get();
	if (!dev->stats.record_start_ns)
		dev->stats.record_start_ns = ktime_to_ns(tm->stamp);
}

/**
 * discburn_emu_timing_update() - advance the buffer model to now
 * @dev: the drive, lock held
 */
void discburn_emu_timing_update(struct discburn_emu_dev *dev)
{
	struct discburn_emu_timing *tm = &dev->tm;
	ktime_t now = ktime_get();

	if (!tm->rate) {
		tm->fill = 0;
		tm->recording = false;
		tm->draining = false;
	} else if (tm->recording) {
		s64 ns = ktime_to_ns(ktime_sub(now, tm->stamp));
		u64 drained = ns > 0 ? mul_u64_u32_div(ns, tm->rate, NSEC_PER_SEC) : 0;

		if (drained >= tm->fill) {
			/* the moment the buffer ran empty */
			dev->stats.record_end_ns = ktime_to_ns(tm->stamp) +
				mul_u64_u32_div(tm->fill, NSEC_PER_SEC, tm->rate);
			tm->fill = 0;
			tm->recording = false;
			if (!tm->draining)
				emu_underrun(dev);
			tm->draining = false;
		} else {
			tm->fill -= drained;
		}
	}
	tm->stamp = now;
}

static bool emu_should_stop(struct discburn_emu_dev *dev)
{
	return READ_ONCE(dev->dying) || READ_ONCE(dev->abort_current);
}

/* Sleep @ns with the lock dropped; false if woken for unplug or abort */
static bool emu_sleep(struct discburn_emu_dev *dev, u64 ns)
{
	unsigned long j = nsecs_to_jiffies(ns) + 1;

	mutex_unlock(&dev->lock);
	wait_event_timeout(dev->wait, emu_should_stop(dev), j);
	mutex_lock(&dev->lock);
	return !emu_should_stop(dev);
}

/**
 * discburn_emu_timing_admit() - take @bytes of WRITE data into the buffer
 * @dev: the drive, lock held (dropped while waiting for room)
 * @bytes: transfer size
 *
 * Return: 0, 02/04/08 with busy_on_full, or EMU_DONE_NO_CONNECT when the
 * drive is unplugged or the command aborted while waiting.
 */
int discburn_emu_timing_admit(struct discburn_emu_dev *dev, u32 bytes)
{
	struct discburn_emu_timing *tm = &dev->tm;
	u64 size = emu_buffer_size(dev);

	for (;;) {
		discburn_emu_timing_update(dev);
		if (emu_should_stop(dev))
			return EMU_DONE_NO_CONNECT;
		if (!tm->rate)
			return 0;
		if (tm->fill + bytes <= size || !tm->fill)
			break;
		if (!tm->recording)
			emu_record(dev);
		if (dev->busy_on_full)
			return EMU_SENSE(2, 0x04, 0x08);
		if (!emu_sleep(dev, mul_u64_u32_div(tm->fill + bytes - size, NSEC_PER_SEC,
						    tm->rate)))
			return EMU_DONE_NO_CONNECT;
	}
	tm->fill += bytes;
	tm->draining = false;
	if (!tm->recording && tm->fill >= size / 2)
		emu_record(dev);
	return 0;
}

/**
 * discburn_emu_timing_drain() - write out the buffer (an end point)
 * @dev: the drive, lock held (dropped while waiting)
 * @immed: return at once and report 02/04/08 with progress until done
 */
void discburn_emu_timing_drain(struct discburn_emu_dev *dev, bool immed)
{
	struct discburn_emu_timing *tm = &dev->tm;
	u64 ns;

	discburn_emu_timing_update(dev);
	if (!tm->rate || !tm->fill)
		return;
	if (!tm->recording)
		emu_record(dev);
	tm->draining = true;
	ns = mul_u64_u32_div(tm->fill, NSEC_PER_SEC, tm->rate);
	if (immed) {
		discburn_emu_set_busy(dev, EMU_BUSY_SYNC, div_u64(ns, NSEC_PER_MSEC) + 1);
		return;
	}
	if (emu_sleep(dev, ns))
		discburn_emu_timing_update(dev);
}

u64 discburn_emu_timing_free(struct discburn_emu_dev *dev)
{
	discburn_emu_timing_update(dev);
	return emu_buffer_size(dev) - min(dev->tm.fill, emu_buffer_size(dev));
}

u64 discburn_emu_buffer_bytes(const struct discburn_emu_dev *dev)
{
	return dev->tm.fill;
}
