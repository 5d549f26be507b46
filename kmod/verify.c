// SPDX-License-Identifier: GPL-2.0
/*
 * Burn verification (IMAPI_BURN_VERIFICATION_LEVEL): while the stream is
 * copied in, a crc32 of every 2048-byte sector is kept (4 bytes per
 * sector, in pages allocated as the stream grows); after the disc is
 * closed, "quick" reads back the first, the last and sixteen evenly
 * spaced units, "full" reads everything. A sector that differs or cannot
 * be read is BURN_VERIFICATION_FAILED with its LBA.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/crc32.h>
#include <linux/gfp.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "discburn.h"

#define DISCBURN_CRC_PER_PAGE	(PAGE_SIZE / sizeof(u32))
#define DISCBURN_QUICK_SAMPLES	16

/**
 * discburn_verify_alloc() - prepare a stream's checksum table
 * @ring: the stream
 * @max_bytes: the most it can carry
 *
 * Return: 0 on success, else -ENOMEM.
 */
int discburn_verify_alloc(struct discburn_ring *ring, u64 max_bytes)
{
	u64 sectors = div_u64(max_bytes, DISCBURN_SECTOR);
	unsigned int pages = max_t(u64, 1, DIV_ROUND_UP_ULL(sectors, DISCBURN_CRC_PER_PAGE));

	ring->crc = kvcalloc(pages, sizeof(*ring->crc), GFP_KERNEL_ACCOUNT);
	if (!ring->crc)
		return -ENOMEM;
	ring->crc_pages = pages;
	return 0;
}

/**
 * discburn_verify_free() - free a stream's checksum table
 * @ring: the stream
 */
void discburn_verify_free(struct discburn_ring *ring)
{
	unsigned int i;

	if (!ring->crc)
		return;
	for (i = 0; i < ring->crc_pages; i++)
		free_page((unsigned long)ring->crc[i]);
	kvfree(ring->crc);
	ring->crc = NULL;
	ring->crc_pages = 0;
}

static u32 *discburn_verify_slot(struct discburn_ring *ring, u64 sector)
{
	u64 page = div_u64(sector, DISCBURN_CRC_PER_PAGE);

	if (page >= ring->crc_pages || !ring->crc[page])
		return NULL;
	return &ring->crc[page][sector - page * DISCBURN_CRC_PER_PAGE];
}

/**
 * discburn_verify_record() - checksum the sectors copied in so far
 * @ring: the stream; the caller holds its write_mutex
 * @data_end: stream bytes in the ring now
 *
 * Sectors are read from the ring, where they stay until every member has
 * written them.
 *
 * Return: 0, or -ENOMEM (the table could not grow).
 */
int discburn_verify_record(struct discburn_ring *ring, u64 data_end)
{
	while (ring->crc_next + DISCBURN_SECTOR <= data_end) {
		u64 sector = div_u64(ring->crc_next, DISCBURN_SECTOR);
		u64 page = div_u64(sector, DISCBURN_CRC_PER_PAGE);
		u32 pos, *slot;

		if (page >= ring->crc_pages)
			return 0;
		if (!ring->crc[page]) {
			ring->crc[page] = (u32 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
			if (!ring->crc[page])
				return -ENOMEM;
		}
		slot = discburn_verify_slot(ring, sector);
		div_u64_rem(ring->crc_next, ring->size, &pos);
		*slot = crc32_le(~0U, ring->buf + pos, DISCBURN_SECTOR);
		ring->crc_next += DISCBURN_SECTOR;
	}
	return 0;
}

/* Read back @count sectors from stream sector @first and compare. */
static int discburn_verify_range(struct discburn_session *sess, u8 *buf, u64 first,
				 u32 count, u32 *status, s32 *bad_lba)
{
	s32 lba = sess->start_lba + (s32)first;
	u32 i, *slot;
	int ret;

	ret = discburn_mmc_read(sess->rec, lba, count, buf, status);
	if (ret) {
		*bad_lba = lba;
		*status = discburn_detaching(sess->rec) ?
			  DISCBURN_E_DEVICE_NOT_CONNECTED :
			  DISCBURN_E_BURN_VERIFICATION_FAILED;
		return ret;
	}
	for (i = 0; i < count; i++) {
		slot = discburn_verify_slot(sess->ring, first + i);
		if (!slot ||
		    crc32_le(~0U, buf + (size_t)i * DISCBURN_SECTOR, DISCBURN_SECTOR) != *slot) {
			*bad_lba = lba + i;
			*status = DISCBURN_E_BURN_VERIFICATION_FAILED;
			return -EIO;
		}
	}
	return 0;
}

/**
 * discburn_verify_run() - read the disc back and compare
 * @sess: the session, its stream written and the disc closed
 * @status: out: BURN_VERIFICATION_FAILED (or DEVICE_NOT_CONNECTED)
 * @bad_lba: out: the first LBA that differs or could not be read
 *
 * Return: 0 when everything compared equal, else a negated errno value.
 */
int discburn_verify_run(struct discburn_session *sess, u32 *status,
			s32 *bad_lba)
{
	u32 per = sess->chunk / DISCBURN_SECTOR;
	u64 sectors, units, u, step = 1, read, in_ring;
	u8 *buf;
	int ret = 0;

	discburn_stream_counts(sess, &read, &in_ring);
	sectors = div_u64(in_ring, DISCBURN_SECTOR);
	if (!sectors || !sess->ring || !sess->ring->crc_pages)
		return 0;
	buf = kvmalloc(sess->chunk, GFP_KERNEL);
	if (!buf) {
		*status = DISCBURN_E_OUTOFMEMORY;
		return -ENOMEM;
	}
	units = DIV_ROUND_UP_ULL(sectors, per);
	if (sess->verify == DISCBURN_VERIFY_QUICK && units > DISCBURN_QUICK_SAMPLES + 2)
		step = div_u64(units, DISCBURN_QUICK_SAMPLES);
	for (u = 0; u < units && !ret; u += step) {
		u64 first = u * per;

		ret = discburn_verify_range(sess, buf, first, min_t(u64, per, sectors - first),
					    status, bad_lba);
		cond_resched();
	}
	if (!ret && step > 1 && (units - 1) % step) {
		u64 first = (units - 1) * per;

		ret = discburn_verify_range(sess, buf, first, sectors - first, status, bad_lba);
	}
	kvfree(buf);
	return ret;
}
