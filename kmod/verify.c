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
 * discburn_verify_alloc() - prepare the checksum table
 * @sess: the session, @max_bytes set
 *
 * Return: 0 on success, else -ENOMEM.
 */
int discburn_verify_alloc(struct discburn_session *sess)
{
	u64 sectors = div_u64(sess->max_bytes, DISCBURN_SECTOR);

	sess->crc_pages = DIV_ROUND_UP_ULL(sectors, DISCBURN_CRC_PER_PAGE);
	if (!sess->crc_pages)
		sess->crc_pages = 1;
	sess->crc = kvcalloc(sess->crc_pages, sizeof(*sess->crc), GFP_KERNEL_ACCOUNT);
	return sess->crc ? 0 : -ENOMEM;
}

/**
 * discburn_verify_free() - free the checksum table
 * @sess: the session
 */
void discburn_verify_free(struct discburn_session *sess)
{
	unsigned int i;

	if (!sess->crc)
		return;
	for (i = 0; i < sess->crc_pages; i++)
		free_page((unsigned long)sess->crc[i]);
	kvfree(sess->crc);
	sess->crc = NULL;
}

static u32 *discburn_verify_slot(struct discburn_session *sess, u64 sector)
{
	u64 page = div_u64(sector, DISCBURN_CRC_PER_PAGE);

	if (page >= sess->crc_pages || !sess->crc[page])
		return NULL;
	return &sess->crc[page][sector - page * DISCBURN_CRC_PER_PAGE];
}

/**
 * discburn_verify_record() - checksum the sectors copied in so far
 * @sess: the session; the caller holds its write_mutex
 * @data_end: stream bytes in the ring now
 *
 * Sectors are read from the ring, where they stay until the drive has
 * them. Out of memory fails the session.
 */
void discburn_verify_record(struct discburn_session *sess, u64 data_end)
{
	while (sess->crc_next + DISCBURN_SECTOR <= data_end) {
		u64 sector = div_u64(sess->crc_next, DISCBURN_SECTOR);
		u64 page = div_u64(sector, DISCBURN_CRC_PER_PAGE);
		u32 pos, *slot;

		if (page >= sess->crc_pages)
			return;
		if (!sess->crc[page]) {
			sess->crc[page] = (u32 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
			if (!sess->crc[page]) {
				discburn_session_fail(sess, DISCBURN_E_OUTOFMEMORY, -1, 0);
				return;
			}
		}
		slot = discburn_verify_slot(sess, sector);
		div_u64_rem(sess->crc_next, sess->ring_size, &pos);
		*slot = crc32_le(~0U, sess->ring + pos, DISCBURN_SECTOR);
		sess->crc_next += DISCBURN_SECTOR;
	}
}

/* Read back @count sectors from stream sector @first and compare. */
static int discburn_verify_range(struct discburn_session *sess, u64 first,
				 u32 count, u32 *status, s32 *bad_lba)
{
	s32 lba = sess->start_lba + (s32)first;
	u32 i, *slot;
	int ret;

	ret = discburn_mmc_read(sess->rec, lba, count, sess->ring, status);
	if (ret) {
		*bad_lba = lba;
		*status = discburn_detaching(sess->rec) ?
			  DISCBURN_E_DEVICE_NOT_CONNECTED :
			  DISCBURN_E_BURN_VERIFICATION_FAILED;
		return ret;
	}
	for (i = 0; i < count; i++) {
		slot = discburn_verify_slot(sess, first + i);
		if (!slot ||
		    crc32_le(~0U, sess->ring + (size_t)i * DISCBURN_SECTOR,
			     DISCBURN_SECTOR) != *slot) {
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
 * Uses the ring as the read buffer: the stream is done with it.
 *
 * Return: 0 when everything compared equal, else a negated errno value.
 */
int discburn_verify_run(struct discburn_session *sess, u32 *status,
			s32 *bad_lba)
{
	u64 sectors = div_u64(sess->data_bytes, DISCBURN_SECTOR);
	u32 per = sess->chunk / DISCBURN_SECTOR;
	u64 units = DIV_ROUND_UP_ULL(sectors, per);
	u64 u, step = 1;
	int ret;

	if (!sectors || !sess->crc)
		return 0;
	if (sess->verify == DISCBURN_VERIFY_QUICK && units > DISCBURN_QUICK_SAMPLES + 2)
		step = div_u64(units, DISCBURN_QUICK_SAMPLES);
	for (u = 0; u < units; u += step) {
		u64 first = u * per;

		ret = discburn_verify_range(sess, first, min_t(u64, per, sectors - first),
					    status, bad_lba);
		if (ret)
			return ret;
		cond_resched();
	}
	if (step > 1 && (units - 1) % step) {
		u64 first = (units - 1) * per;

		return discburn_verify_range(sess, first, sectors - first, status, bad_lba);
	}
	return 0;
}
