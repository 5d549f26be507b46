// SPDX-License-Identifier: GPL-2.0
/*
 * ioctls about the drive and its medium: identity, profiles, features,
 * mode pages, capabilities, write speeds, media info, the tray, and which
 * disc formats the drive and the medium support (IDiscFormat2's
 * IsRecorderSupported, IsCurrentMediaSupported, MediaPhysicallyBlank,
 * MediaHeuristicallyBlank and SupportedMediaTypes). Support is decided
 * from GET CONFIGURATION's profiles and features, never from names.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <scsi/scsi_host.h>

#include "discburn.h"

/* How much of each end of an overwritable disc must be zeros (2 MiB). */
#define DISCBURN_HEURISTIC_SECTORS	1024
#define DISCBURN_HEURISTIC_CHUNK	32	/* sectors per READ */

static int discburn_ioc_get_identity(struct discburn_file *df, void *arg)
{
	struct discburn_identity *id = arg;
	struct discburn_recorder *rec = df->rec;
	struct scsi_device *sdev = rec->sdev;

	id->index = rec->index;
	id->scsi_type = sdev->type;
	id->host = sdev->host->host_no;
	id->channel = sdev->channel;
	id->id = sdev->id;
	id->lun = sdev->lun;
	strscpy(id->vendor, rec->vendor, sizeof(id->vendor));
	strscpy(id->product, rec->model, sizeof(id->product));
	strscpy(id->revision, rec->revision, sizeof(id->revision));
	return 0;
}

static int discburn_ioc_get_profiles(struct discburn_file *df, void *arg)
{
	struct discburn_profiles *p = arg;

	return discburn_mmc_profiles(df->rec, p, &p->status);
}

static int discburn_check_features(const void *arg)
{
	const struct discburn_features *f = arg;

	return f->__reserved ? -EINVAL : 0;
}

static int discburn_ioc_get_features(struct discburn_file *df, void *arg)
{
	struct discburn_features *f = arg;

	f->count = 0;
	return discburn_mmc_features(df->rec, f, &f->status);
}

static int discburn_check_mode_pages(const void *arg)
{
	const struct discburn_mode_pages *m = arg;

	return m->__reserved ? -EINVAL : 0;
}

static int discburn_ioc_get_mode_pages(struct discburn_file *df, void *arg)
{
	struct discburn_mode_pages *m = arg;

	return discburn_mmc_mode_pages(df->rec, m, &m->status);
}

static int discburn_check_capabilities(const void *arg)
{
	const struct discburn_capabilities *c = arg;

	return c->__reserved[0] || c->__reserved[1] ? -EINVAL : 0;
}

static int discburn_ioc_get_capabilities(struct discburn_file *df, void *arg)
{
	struct discburn_capabilities *c = arg;

	return discburn_mmc_capabilities(df->rec, c, &c->status);
}

static int discburn_ioc_get_write_speeds(struct discburn_file *df, void *arg)
{
	struct discburn_write_speeds *w = arg;

	return discburn_mmc_write_speeds(df->rec, w, &w->status);
}

static int discburn_check_media_info(const void *arg)
{
	const struct discburn_media_info *mi = arg;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mi->__reserved); i++)
		if (mi->__reserved[i])
			return -EINVAL;
	return 0;
}

static int discburn_ioc_get_media_info(struct discburn_file *df, void *arg)
{
	struct discburn_media_info *mi = arg;

	return discburn_mmc_media_info(df->rec, mi, &mi->status);
}

static int discburn_check_eject(const void *arg)
{
	const struct discburn_eject *e = arg;

	return e->__reserved || (e->flags & ~DISCBURN_EJECT_CLOSE_TRAY) ?
		-EINVAL : 0;
}

static int discburn_ioc_eject(struct discburn_file *df, void *arg)
{
	struct discburn_eject *e = arg;

	/* another client's burn is kept off by the lock; our own by this */
	if (discburn_session_writing(df->rec)) {
		e->status = DISCBURN_E_DF2DATA_WRITE_IN_PROGRESS;
		return -EBUSY;
	}
	return discburn_mmc_eject(df->rec, e->flags & DISCBURN_EJECT_CLOSE_TRAY,
				  &e->status);
}

/* ---- format support ---- */

struct discburn_support_ctx {
	u16 profiles[DISCBURN_MAX_PROFILES];
	unsigned int nprofiles;
	bool tao;		/* 002Dh */
	bool tao_rw;		/* 002Dh CD-RW */
	bool raw;		/* 002Eh raw */
	bool mastering_rw;	/* 002Eh CD-RW */
	bool incremental;	/* 0021h */
	bool random;		/* 0020h */
	bool formattable;	/* 0023h */
	bool plus_rw;		/* 002Ah write */
	bool plus_r;		/* 002Bh write */
	bool plus_r_dl;		/* 003Bh write */
	bool bd_write;		/* 0041h */
};

static void discburn_support_feature(u16 code, u8 flags, const u8 *d,
				     unsigned int len, void *ctx)
{
	struct discburn_support_ctx *sc = ctx;
	unsigned int i;

	switch (code) {
	case 0x0000:
		for (i = 0; i + 4 <= len && sc->nprofiles < DISCBURN_MAX_PROFILES; i += 4)
			sc->profiles[sc->nprofiles++] = (u16)d[i] << 8 | d[i + 1];
		break;
	case 0x0020:
		sc->random = true;
		break;
	case 0x0021:
		sc->incremental = true;
		break;
	case 0x0023:
		sc->formattable = true;
		break;
	case 0x002a:
		sc->plus_rw = len >= 1 && (d[0] & 0x01);
		break;
	case 0x002b:
		sc->plus_r = len >= 1 && (d[0] & 0x01);
		break;
	case 0x002d:
		sc->tao = true;
		sc->tao_rw = len >= 1 && (d[0] & 0x02);
		break;
	case 0x002e:
		sc->raw = len >= 1 && (d[0] & 0x08);
		sc->mastering_rw = len >= 1 && (d[0] & 0x02);
		break;
	case 0x003b:
		sc->plus_r_dl = len >= 1 && (d[0] & 0x01);
		break;
	case 0x0041:
		sc->bd_write = true;
		break;
	}
}

/* Can this drive write a medium of @profile in @format? */
static bool discburn_support_profile(const struct discburn_support_ctx *sc,
				     u32 format, u16 profile)
{
	switch (format) {
	case DISCBURN_FORMAT_DATA:
		switch (profile) {
		case 0x09:
			return sc->tao;
		case 0x0a:
			return sc->tao && sc->tao_rw;
		case 0x11:
		case 0x14:
		case 0x15:
		case 0x16:
			return sc->incremental;
		case 0x12:
			return sc->random;
		case 0x1a:
			return sc->plus_rw;
		case 0x1b:
			return sc->plus_r;
		case 0x2b:
			return sc->plus_r_dl;
		case 0x41:
		case 0x43:
			return sc->bd_write;
		}
		return false;
	case DISCBURN_FORMAT_RAW:
		if (profile == 0x09)
			return sc->raw;
		if (profile == 0x0a)
			return sc->raw && sc->mastering_rw;
		return false;
	case DISCBURN_FORMAT_ERASE:
		if (profile == 0x0a)
			return sc->tao_rw || sc->mastering_rw;
		if (profile == 0x1a)
			return sc->plus_rw;
		if (profile == 0x43)
			return sc->bd_write && sc->formattable;
		return false;
	}
	return false;
}

/* Is the whole of @buf zero? */
static bool discburn_all_zero(const u8 *buf, size_t len)
{
	return !buf[0] && !memcmp(buf, buf + 1, len - 1);
}

/*
 * MediaHeuristicallyBlank for media that cannot be blank physically
 * (formatted DVD+RW, BD-RE): the first and the last 2 MiB read as zeros.
 */
static bool discburn_heuristically_blank(struct discburn_recorder *rec,
					 u32 total)
{
	const u32 chunk = DISCBURN_HEURISTIC_CHUNK;
	u32 ends[2], lba, n, i, st;
	bool blank = true;
	u8 *buf;

	if (!total)
		return false;
	n = min_t(u32, DISCBURN_HEURISTIC_SECTORS, total);
	ends[0] = 0;
	ends[1] = total - n;
	buf = kvmalloc(chunk * DISCBURN_SECTOR, GFP_KERNEL);
	if (!buf)
		return false;
	for (i = 0; i < ARRAY_SIZE(ends) && blank; i++) {
		for (lba = ends[i]; lba < ends[i] + n && blank; lba += chunk) {
			u32 cnt = min(chunk, ends[i] + n - lba);

			blank = !discburn_mmc_read(rec, lba, cnt, buf, &st) &&
				discburn_all_zero(buf, cnt * DISCBURN_SECTOR);
		}
	}
	kvfree(buf);
	return blank;
}

/**
 * discburn_drive_format_support() - what a disc format can do here
 * @rec: the recorder
 * @format: DISCBURN_FORMAT_*
 * @fs: out: flags, media types, current physical type
 * @status: out: discburn status
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_drive_format_support(struct discburn_recorder *rec, u32 format,
				  struct discburn_format_support *fs,
				  u32 *status)
{
	struct discburn_support_ctx *sc;
	struct discburn_media_info *mi;
	unsigned int i;
	u32 st;
	int ret;

	sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	mi = kzalloc(sizeof(*mi), GFP_KERNEL);
	if (!sc || !mi) {
		*status = DISCBURN_E_OUTOFMEMORY;
		ret = -ENOMEM;
		goto out_free;
	}
	ret = discburn_mmc_walk_features(rec, status, discburn_support_feature, sc);
	if (ret)
		goto out_free;
	fs->flags = 0;
	fs->media_types = 0;
	for (i = 0; i < sc->nprofiles; i++) {
		u32 type = discburn_mmc_physical_type(sc->profiles[i]);

		if (type && discburn_support_profile(sc, format, sc->profiles[i]))
			fs->media_types |= 1ULL << type;
	}
	if (fs->media_types)
		fs->flags |= DISCBURN_SUPPORT_RECORDER;

	/* the medium: no medium is an answer, not a failure */
	fs->physical_type = DISCBURN_MEDIA_UNKNOWN;
	*status = DISCBURN_S_OK;
	ret = discburn_mmc_media_info(rec, mi, &st);
	if (ret) {
		ret = st == DISCBURN_E_RECORDER_MEDIA_NO_MEDIA ||
		      st == DISCBURN_E_RECORDER_MEDIA_INCOMPATIBLE ? 0 : ret;
		*status = ret ? st : DISCBURN_S_OK;
		goto out_free;
	}
	fs->physical_type = mi->physical_type;
	if (mi->disc_status == 0)
		fs->flags |= DISCBURN_SUPPORT_PHYSICALLY_BLANK |
			     DISCBURN_SUPPORT_HEURISTICALLY_BLANK;
	else if (discburn_mmc_class(mi->current_profile) == DISCBURN_CLASS_OVERWRITE &&
		 discburn_heuristically_blank(rec, mi->total_sectors))
		fs->flags |= DISCBURN_SUPPORT_HEURISTICALLY_BLANK;
	if (!(fs->media_types & (1ULL << mi->physical_type)))
		goto out_free;
	switch (format) {
	case DISCBURN_FORMAT_DATA:
		/* a closed or damaged write-once disc takes nothing more */
		if (!(mi->media_state & (DISCBURN_MEDIA_STATE_FINALIZED |
					 DISCBURN_MEDIA_STATE_DAMAGED)) ||
		    (mi->media_state & DISCBURN_MEDIA_STATE_OVERWRITE_ONLY))
			fs->flags |= DISCBURN_SUPPORT_MEDIA;
		break;
	case DISCBURN_FORMAT_RAW:
		if (mi->disc_status == 0)
			fs->flags |= DISCBURN_SUPPORT_MEDIA;
		break;
	default:
		fs->flags |= DISCBURN_SUPPORT_MEDIA;
		break;
	}
out_free:
	kfree(mi);
	kfree(sc);
	return ret;
}

static int discburn_check_format_support(const void *arg)
{
	const struct discburn_format_support *fs = arg;

	if (fs->__reserved)
		return -EINVAL;
	return fs->format >= DISCBURN_FORMAT_DATA &&
	       fs->format <= DISCBURN_FORMAT_ERASE ? 0 : -EINVAL;
}

static int discburn_ioc_get_format_support(struct discburn_file *df, void *arg)
{
	struct discburn_format_support *fs = arg;

	return discburn_drive_format_support(df->rec, fs->format, fs, &fs->status);
}

static const struct discburn_ioctl_op discburn_drive_ops[] = {
	{
		.cmd = DISCBURN_IOC_GET_IDENTITY,
		.size = sizeof(struct discburn_identity),
		DISCBURN_MIN_SIZE(struct discburn_identity, revision),
		DISCBURN_IN_END(struct discburn_identity, status),
		.fn = discburn_ioc_get_identity,
	},
	{
		.cmd = DISCBURN_IOC_GET_PROFILES,
		.size = sizeof(struct discburn_profiles),
		DISCBURN_MIN_SIZE(struct discburn_profiles, profiles),
		DISCBURN_IN_END(struct discburn_profiles, status),
		.drive = true,
		.fn = discburn_ioc_get_profiles,
	},
	{
		.cmd = DISCBURN_IOC_GET_FEATURES,
		.size = sizeof(struct discburn_features),
		DISCBURN_MIN_SIZE(struct discburn_features, features),
		DISCBURN_IN_END(struct discburn_features, status),
		.drive = true,
		.check = discburn_check_features,
		.fn = discburn_ioc_get_features,
	},
	{
		.cmd = DISCBURN_IOC_GET_MODE_PAGES,
		.size = sizeof(struct discburn_mode_pages),
		DISCBURN_MIN_SIZE(struct discburn_mode_pages, pages),
		DISCBURN_IN_END(struct discburn_mode_pages, request_type),
		.drive = true,
		.check = discburn_check_mode_pages,
		.fn = discburn_ioc_get_mode_pages,
	},
	{
		.cmd = DISCBURN_IOC_GET_CAPABILITIES,
		.size = sizeof(struct discburn_capabilities),
		DISCBURN_MIN_SIZE(struct discburn_capabilities, __reserved),
		DISCBURN_IN_END(struct discburn_capabilities, status),
		.drive = true,
		.check = discburn_check_capabilities,
		.fn = discburn_ioc_get_capabilities,
	},
	{
		.cmd = DISCBURN_IOC_GET_WRITE_SPEEDS,
		.size = sizeof(struct discburn_write_speeds),
		DISCBURN_MIN_SIZE(struct discburn_write_speeds, speed_flags),
		DISCBURN_IN_END(struct discburn_write_speeds, status),
		.drive = true,
		.fn = discburn_ioc_get_write_speeds,
	},
	{
		.cmd = DISCBURN_IOC_GET_MEDIA_INFO,
		.size = sizeof(struct discburn_media_info),
		DISCBURN_MIN_SIZE(struct discburn_media_info, __reserved),
		DISCBURN_IN_END(struct discburn_media_info, status),
		.drive = true,
		.check = discburn_check_media_info,
		.fn = discburn_ioc_get_media_info,
	},
	{
		.cmd = DISCBURN_IOC_EJECT,
		.size = sizeof(struct discburn_eject),
		DISCBURN_MIN_SIZE(struct discburn_eject, __reserved),
		DISCBURN_IN_END(struct discburn_eject, __reserved),
		.drive = true,
		.write = true,
		.check = discburn_check_eject,
		.fn = discburn_ioc_eject,
	},
	{
		.cmd = DISCBURN_IOC_GET_FORMAT_SUPPORT,
		.size = sizeof(struct discburn_format_support),
		DISCBURN_MIN_SIZE(struct discburn_format_support, __reserved),
		DISCBURN_IN_END(struct discburn_format_support, format),
		.drive = true,
		.check = discburn_check_format_support,
		.fn = discburn_ioc_get_format_support,
	},
};

const struct discburn_ioctl_table discburn_drive_ioctls = {
	.ops = discburn_drive_ops,
	.n = ARRAY_SIZE(discburn_drive_ops),
};
