// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_emu - the disc model: media catalogue, tracks and sessions,
 * next writable addresses and the sparse sector store.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "discburn_emu.h"

#define CD_1X_BYTES	153600
#define DVD_1X_BYTES	1385000
#define BD_1X_BYTES	4495500

const struct discburn_emu_media_info discburn_emu_media[DISCBURN_EMU_NR_MEDIA] = {
	[DISCBURN_EMU_NONE] = { .name = "none" },
	[DISCBURN_EMU_CDR74] = {
		.name = "cdr74", .profile = 0x09, .cd = true,
		.capacity = 336225, .atip_leadin = -11634,
		.speed_1x = 176, .speed_1x_bytes = CD_1X_BYTES, .max_x = 48,
	},
	[DISCBURN_EMU_CDR80] = {
		.name = "cdr80", .profile = 0x09, .cd = true,
		.capacity = 359849, .atip_leadin = -11850,
		.speed_1x = 176, .speed_1x_bytes = CD_1X_BYTES, .max_x = 48,
	},
	[DISCBURN_EMU_CDRW] = {
		.name = "cdrw", .profile = 0x0a, .cd = true, .erasable = true,
		.capacity = 359849, .atip_leadin = -11850,
		.speed_1x = 176, .speed_1x_bytes = CD_1X_BYTES, .max_x = 24,
	},
	[DISCBURN_EMU_DVDR] = {
		.name = "dvdr", .profile = 0x11, .capacity = 2298496,
		.speed_1x = 1385, .speed_1x_bytes = DVD_1X_BYTES, .max_x = 16,
	},
	[DISCBURN_EMU_DVDPLUSR] = {
		.name = "dvdplusr", .profile = 0x1b, .capacity = 2295104,
		.speed_1x = 1385, .speed_1x_bytes = DVD_1X_BYTES, .max_x = 16,
	},
	[DISCBURN_EMU_DVDPLUSRW] = {
		.name = "dvdplusrw", .profile = 0x1a, .capacity = 2295104,
		.erasable = true, .overwrite = true,
		.speed_1x = 1385, .speed_1x_bytes = DVD_1X_BYTES, .max_x = 8,
	},
	[DISCBURN_EMU_BDR] = {
		.name = "bdr", .profile = 0x41, .bd = true, .capacity = 12219392,
		.speed_1x = 4496, .speed_1x_bytes = BD_1X_BYTES, .max_x = 12,
	},
	[DISCBURN_EMU_BDRE] = {
		.name = "bdre", .profile = 0x43, .bd = true, .capacity = 11826176,
		.erasable = true, .overwrite = true,
		.speed_1x = 4496, .speed_1x_bytes = BD_1X_BYTES, .max_x = 6,
	},
};

const char *const discburn_emu_drive_names[DISCBURN_EMU_NR_DRIVES] = {
	[DISCBURN_EMU_DRIVE_RECORDER] = "recorder",
	[DISCBURN_EMU_DRIVE_DVD] = "dvd",
	[DISCBURN_EMU_DRIVE_CD] = "cd",
	[DISCBURN_EMU_DRIVE_ROM] = "rom",
};

/**
 * discburn_emu_access() - what the drive can do with the disc in its tray
 * @dev: the drive
 *
 * Return: EMU_ACCESS_WRITE (also with no disc), EMU_ACCESS_READ for a
 * medium the drive reads but cannot record (any disc in a ROM drive, DVD
 * in a CD writer), EMU_ACCESS_NONE for one it cannot use at all (BD in a
 * CD or DVD drive).
 */
enum discburn_emu_access discburn_emu_access(const struct discburn_emu_dev *dev)
{
	const struct discburn_emu_disc *disc = dev->disc;

	if (!disc)
		return EMU_ACCESS_WRITE;
	switch (dev->drive) {
	case DISCBURN_EMU_DRIVE_DVD:
		return disc->info->bd ? EMU_ACCESS_NONE : EMU_ACCESS_WRITE;
	case DISCBURN_EMU_DRIVE_CD:
		if (disc->info->bd)
			return EMU_ACCESS_NONE;
		return disc->info->cd ? EMU_ACCESS_WRITE : EMU_ACCESS_READ;
	case DISCBURN_EMU_DRIVE_ROM:
		return EMU_ACCESS_READ;
	default:
		return EMU_ACCESS_WRITE;
	}
}

/**
 * discburn_emu_profile() - current profile, as the drive sees the disc
 * @dev: the drive
 *
 * Return: the medium's profile; the ROM profile (CD-ROM 08, DVD-ROM 10,
 * BD-ROM 40) of a medium the drive only reads; 0 with no disc, an open
 * tray or an incompatible medium.
 */
u16 discburn_emu_profile(const struct discburn_emu_dev *dev)
{
	const struct discburn_emu_disc *disc = dev->tray_open ? NULL : dev->disc;

	if (!disc)
		return 0;
	switch (discburn_emu_access(dev)) {
	case EMU_ACCESS_NONE:
		return 0;
	case EMU_ACCESS_READ:
		return disc->info->cd ? 0x08 : disc->info->bd ? 0x40 : 0x10;
	default:
		return disc->info->profile;
	}
}

/* Does the drive record anything at all? */
bool discburn_emu_drive_writes(const struct discburn_emu_dev *dev)
{
	return dev->drive != DISCBURN_EMU_DRIVE_ROM;
}

int discburn_emu_medium_parse(const char *s, enum discburn_emu_medium *m)
{
	int i;

	for (i = 0; i < DISCBURN_EMU_NR_MEDIA; i++) {
		if (sysfs_streq(s, discburn_emu_media[i].name)) {
			*m = i;
			return 0;
		}
	}
	return -EINVAL;
}

void discburn_emu_lba_to_msf(s32 lba, u8 *msf)
{
	u32 n = lba >= -150 ? lba + 150 : lba + 450150;

	msf[0] = n / 4500;
	msf[1] = (n % 4500) / 75;
	msf[2] = n % 75;
}

s32 discburn_emu_msf_to_lba(u8 m, u8 s, u8 f)
{
	s32 n = (m * 60 + s) * 75 + f;

	return m < 90 ? n - 150 : n - 450150;
}

u32 discburn_emu_slot(const struct discburn_emu_disc *disc)
{
	return disc->info->cd ? EMU_CD_SLOT : 2048;
}

static bool emu_store_offset(const struct discburn_emu_disc *disc, s32 lba, u32 off,
			     u64 *pos)
{
	s64 base = disc->info->cd ? EMU_CD_BASE : 0;
	s64 rel = (s64)lba - base;

	if (rel < 0 || rel > (s64)disc->capacity + 20000 - base)
		return false;
	*pos = (u64)rel * discburn_emu_slot(disc) + off;
	return true;
}

/**
 * discburn_emu_store_write() - record @len bytes at byte @off of block @lba
 * @disc: the disc
 * @checksum: hash and drop instead of keeping the data
 * @lba: block address
 * @off: offset inside the block's slot
 * @buf: data
 * @len: length, may span blocks for 2048-byte slots only
 *
 * Return: 0, -ENOMEM, -ERANGE or -ENOSPC (store_limit_mib reached).
 */
int discburn_emu_store_write(struct discburn_emu_disc *disc, bool checksum, s32 lba,
			     u32 off, const void *buf, u32 len)
{
	const u8 *src = buf;
	u64 pos;

	if (checksum) {
		xxh64_update(&disc->checksum, buf, len);
		return 0;
	}
	if (!emu_store_offset(disc, lba, off, &pos))
		return -ERANGE;
	while (len) {
		unsigned long idx = pos >> PAGE_SHIFT;
		u32 poff = offset_in_page(pos);
		u32 n = min_t(u32, len, PAGE_SIZE - poff);
		struct page *page = xa_load(&disc->store, idx);
		void *p;

		if (!page) {
			bool zero = !memchr_inv(src, 0, n);

			if (zero) /* unallocated pages read back as zeros */
				goto next;
			if (disc->page_limit && disc->stored_pages >= disc->page_limit) {
				pr_warn_ratelimited("store limit reached (%llu MiB): write refused\n",
						    disc->page_limit >> (20 - PAGE_SHIFT));
				return -ENOSPC;
			}
			page = alloc_page(GFP_NOIO | __GFP_ZERO);
			if (!page)
				return -ENOMEM;
			if (xa_err(xa_store(&disc->store, idx, page, GFP_NOIO))) {
				__free_page(page);
				return -ENOMEM;
			}
			disc->stored_pages++;
		}
		p = kmap_local_page(page);
		memcpy(p + poff, src, n);
		kunmap_local(p);
next:
		src += n;
		pos += n;
		len -= n;
	}
	return 0;
}

void discburn_emu_store_read(struct discburn_emu_disc *disc, s32 lba, u32 off, void *buf,
			     u32 len)
{
	u8 *dst = buf;
	u64 pos;

	if (!emu_store_offset(disc, lba, off, &pos)) {
		memset(buf, 0, len);
		return;
	}
	while (len) {
		u32 poff = offset_in_page(pos);
		u32 n = min_t(u32, len, PAGE_SIZE - poff);
		struct page *page = xa_load(&disc->store, pos >> PAGE_SHIFT);

		if (page) {
			void *p = kmap_local_page(page);

			memcpy(dst, p + poff, n);
			kunmap_local(p);
		} else {
			memset(dst, 0, n);
		}
		dst += n;
		pos += n;
		len -= n;
	}
}

static void emu_store_clear(struct discburn_emu_disc *disc)
{
	struct page *page;
	unsigned long idx;

	xa_for_each(&disc->store, idx, page) {
		xa_erase(&disc->store, idx);
		__free_page(page);
		cond_resched();
	}
	disc->stored_pages = 0;
	xxh64_reset(&disc->checksum, 0);
}

/**
 * discburn_emu_disc_blank() - make the disc blank (new disc, BLANK, unformatted)
 * @disc: the disc
 */
void discburn_emu_disc_blank(struct discburn_emu_disc *disc)
{
	emu_store_clear(disc);
	kvfree(disc->sim);
	disc->sim = NULL;
	discburn_emu_cdtext_free(disc);
	disc->ntracks = 0;
	disc->nsessions = 0;
	disc->finalized = false;
	disc->has_mcn = false;
	disc->formatted = false;
	disc->pow = false;
	disc->bg_status = 0;
	memset(&disc->cue, 0, sizeof(disc->cue));
	memset(&disc->raw, 0, sizeof(disc->raw));
	memset(disc->tracks, 0, sizeof(disc->tracks));
	memset(disc->sessions, 0, sizeof(disc->sessions));
}

struct discburn_emu_disc *discburn_emu_disc_new(enum discburn_emu_medium m, u32 capacity)
{
	const struct discburn_emu_media_info *info = &discburn_emu_media[m];
	struct discburn_emu_disc *disc;

	disc = kvzalloc(sizeof(*disc), GFP_KERNEL);
	if (!disc)
		return NULL;
	disc->medium = m;
	disc->info = info;
	disc->capacity = info->capacity;
	if (capacity && capacity < info->capacity)
		disc->capacity = capacity;
	xa_init(&disc->store);
	discburn_emu_disc_blank(disc);
	return disc;
}

/**
 * discburn_emu_disc_set_limit() - cap the memory the disc's store may use
 * @disc: the disc
 * @mib: MiB of stored pages, 0 = unlimited
 */
void discburn_emu_disc_set_limit(struct discburn_emu_disc *disc, u32 mib)
{
	disc->page_limit = (u64)mib << (20 - PAGE_SHIFT);
}

void discburn_emu_disc_free(struct discburn_emu_disc *disc)
{
	if (!disc)
		return;
	emu_store_clear(disc);
	kvfree(disc->sim);
	discburn_emu_cdtext_free(disc);
	xa_destroy(&disc->store);
	kvfree(disc);
}

/* The track being written, if any */
struct discburn_emu_track *discburn_emu_open_track(struct discburn_emu_disc *disc)
{
	struct discburn_emu_track *t;

	if (!disc->ntracks)
		return NULL;
	t = &disc->tracks[disc->ntracks - 1];
	return t->open ? t : NULL;
}

/* The track whose pregap, user blocks or tail contains @lba */
struct discburn_emu_track *discburn_emu_track_at(struct discburn_emu_disc *disc, s32 lba)
{
	int i;

	for (i = 0; i < disc->ntracks; i++) {
		struct discburn_emu_track *t = &disc->tracks[i];
		u32 size = max(t->blocks + t->tail, t->reserved);

		if (lba >= t->pregap && lba < t->start + (s32)size)
			return t;
	}
	return NULL;
}

/* Number of the incomplete session (tracks written but not closed), 0 if none */
int discburn_emu_open_session(const struct discburn_emu_disc *disc)
{
	if (disc->ntracks && disc->tracks[disc->ntracks - 1].session > disc->nsessions)
		return disc->nsessions + 1;
	return 0;
}

/* Tracks of complete sessions: what READ TOC shows */
int discburn_emu_visible_tracks(const struct discburn_emu_disc *disc)
{
	if (!disc->nsessions)
		return 0;
	return disc->sessions[disc->nsessions - 1].last_track;
}

/* First block after everything recorded so far (DVD/BD) */
s32 discburn_emu_recorded_end(const struct discburn_emu_disc *disc)
{
	const struct discburn_emu_track *t;

	if (!disc->ntracks)
		return 0;
	t = &disc->tracks[disc->ntracks - 1];
	return t->start + max(t->blocks + t->tail, t->reserved);
}

/* Lead-in start of the next CD session */
s32 discburn_emu_next_leadin(const struct discburn_emu_disc *disc)
{
	s32 lo;

	if (!disc->nsessions)
		return disc->info->atip_leadin;
	lo = disc->sessions[disc->nsessions - 1].leadout;
	return lo + (disc->nsessions == 1 ? EMU_LEADOUT_FIRST : EMU_LEADOUT_NEXT);
}

static s32 emu_cd_tao_nwa(const struct discburn_emu_disc *disc)
{
	const struct discburn_emu_track *t;

	if (discburn_emu_open_session(disc)) {
		t = &disc->tracks[disc->ntracks - 1];
		if (t->open)
			return t->start + t->blocks;
		return t->start + t->blocks + t->tail + 150;
	}
	if (!disc->nsessions)
		return 0;
	return discburn_emu_next_leadin(disc) + 4500 + 150;
}

/* First block an SAO cue sheet may place: the next session's first pregap */
s32 discburn_emu_sao_start(const struct discburn_emu_disc *disc)
{
	return emu_cd_tao_nwa(disc) - 150;
}

/**
 * discburn_emu_nwa() - next writable address of the invisible/open track
 * @dev: the drive
 * @write_type: page-5 write type (CD: decides TAO, SAO or RAW addressing)
 *
 * Return: the address, or S32_MIN when nothing can be written.
 */
s32 discburn_emu_nwa(struct discburn_emu_dev *dev, u8 write_type)
{
	struct discburn_emu_disc *disc = dev->disc;
	struct discburn_emu_track *t;
	u32 align;
	s32 end;

	if (!disc || disc->finalized)
		return S32_MIN;
	if (disc->info->cd) {
		if (write_type == EMU_WT_SAO) {
			/*
			 * A blank disc's SAO session starts with the pregap at
			 * -150. On an appendable disc the invisible track's
			 * NWA is its first user block, whatever the write type:
			 * libburn's -msinfo reads it with SAO parameters, then
			 * records the next session in TAO.
			 */
			if (disc->cue.active)
				return disc->cue.next;
			return disc->ntracks ? emu_cd_tao_nwa(disc) : -150;
		}
		if (disc->raw.active)
			return disc->raw.next;
		if (write_type == EMU_WT_RAW)
			return discburn_emu_next_leadin(disc);
		return emu_cd_tao_nwa(disc);
	}
	t = disc->ntracks ? &disc->tracks[disc->ntracks - 1] : NULL;
	if (t && (t->open || t->blocks < t->reserved))
		return t->start + t->blocks;
	align = disc->info->bd ? 32 : 16;
	end = discburn_emu_recorded_end(disc);
	return ALIGN(end, align);
}

/* Queue the GESN "new media" event the kernel needs to re-read the disc */
void discburn_emu_media_changed(struct discburn_emu_dev *dev)
{
	dev->media_event = 2;
}

/**
 * discburn_emu_insert() - put a new blank disc of type @m in the tray
 * @dev: the drive, lock held
 * @m: medium, DISCBURN_EMU_NONE empties the tray
 */
void discburn_emu_insert(struct discburn_emu_dev *dev, enum discburn_emu_medium m)
{
	struct discburn_emu_disc *disc = NULL;

	if (m != DISCBURN_EMU_NONE) {
		disc = discburn_emu_disc_new(m, dev->capacity_sectors);
		if (!disc)
			m = DISCBURN_EMU_NONE;
		else
			discburn_emu_disc_set_limit(disc, dev->store_limit_mib);
	}
	discburn_emu_disc_free(dev->disc);
	dev->disc = disc;
	dev->disc_gen++;
	dev->medium = m;
	dev->block_len = 2048;
	dev->busy_end = 0;
	dev->deferred_damage = 0;
	discburn_emu_timing_reset(dev);
	discburn_emu_timing_set_speed(dev, 0);
	if (disc) {
		dev->pending_ua = EMU_SENSE(6, 0x28, 0);
		dev->media_event = 2;
	} else {
		dev->media_event = 3;
	}
}

/**
 * discburn_emu_toc_text() - the disc's sessions and tracks in plain text
 * @dev: the drive, lock held
 * @buf: output
 * @size: size of @buf
 *
 * Return: number of bytes written.
 */
int discburn_emu_toc_text(struct discburn_emu_dev *dev, char *buf, size_t size)
{
	struct discburn_emu_disc *disc = dev->disc;
	int n = 0;
	int i;

	if (!disc)
		return scnprintf(buf, size, "medium none\n");
	n += scnprintf(buf + n, size - n, "medium %s\nstatus %s\nsessions %d\n",
		       disc->info->name,
		       disc->finalized ? "complete" :
		       disc->ntracks ? "appendable" : "blank",
		       disc->nsessions);
	for (i = 0; i < disc->nsessions; i++)
		n += scnprintf(buf + n, size - n,
			       "session %d tracks %u-%u leadout %d type %02x\n",
			       i + 1, disc->sessions[i].first_track,
			       disc->sessions[i].last_track, disc->sessions[i].leadout,
			       disc->sessions[i].disc_type);
	for (i = 0; i < disc->ntracks; i++) {
		struct discburn_emu_track *t = &disc->tracks[i];

		n += scnprintf(buf + n, size - n,
			       "track %d session %u start %d blocks %u control %x%s%s\n",
			       i + 1, t->session, t->start, t->blocks, t->control,
			       t->open ? " open" : "", t->damaged ? " damaged" : "");
	}
	return n;
}
