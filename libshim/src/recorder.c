// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discburn_recorder: IDiscRecorder2 over /dev/discburnN.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

struct discburn_recorder {
	int refcount;
	struct discburn_ctx *ctx;
	int fd;
	unsigned int index;
	unsigned int exclusive_count;
	struct discburn_identity id;
	char path[32];
	char block_device[32];
};

DISCBURN_EXPORT int discburn_recorder_enumerate(struct discburn_ctx *ctx,
						unsigned int **indexes, size_t *count)
{
	int ret;

	if (!ctx || !indexes || !count)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	ret = discburn_sysfs_enumerate(DISCBURN_SYSFS_CLASS, indexes, count);
	if (ret < 0) {
		err(ctx, "cannot read %s: %s\n", DISCBURN_SYSFS_CLASS, strerror(-ret));
		return discburn_status_from_errno(-ret);
	}
	return 0;
}

DISCBURN_EXPORT int discburn_recorder_new_from_index(struct discburn_ctx *ctx,
						     unsigned int index,
						     struct discburn_recorder **out)
{
	struct discburn_recorder *rec;
	int ret;

	if (!ctx || !out)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	rec = calloc(1, sizeof(*rec));
	if (!rec)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	rec->refcount = 1;
	rec->index = index;
	snprintf(rec->path, sizeof(rec->path), DISCBURN_DEV_DIR "/%s%u",
		 DISCBURN_DEVICE_PREFIX, index);
	rec->fd = open(rec->path, O_RDWR | O_CLOEXEC);
	if (rec->fd < 0 && (errno == EACCES || errno == EPERM))
		rec->fd = open(rec->path, O_RDONLY | O_CLOEXEC);
	if (rec->fd < 0) {
		ret = discburn_status_from_errno(errno);
		dbg(ctx, "open %s: %m\n", rec->path);
		goto err_free;
	}
	ret = discburn_ioc_get_identity(rec->fd, &rec->id);
	if (DISCBURN_FAILED(ret)) {
		err(ctx, "%s: identity: %s\n", rec->path, discburn_strerror(ret));
		goto err_close;
	}
	rec->id.vendor[sizeof(rec->id.vendor) - 1] = '\0';
	rec->id.product[sizeof(rec->id.product) - 1] = '\0';
	rec->id.revision[sizeof(rec->id.revision) - 1] = '\0';
	rec->ctx = discburn_ref(ctx);
	dbg(ctx, "%s opened: %s %s %s\n", rec->path, rec->id.vendor,
	    rec->id.product, rec->id.revision);
	*out = rec;
	return 0;

err_close:
	close(rec->fd);
err_free:
	free(rec);
	return ret;
}

DISCBURN_EXPORT int discburn_recorder_new(struct discburn_ctx *ctx, const char *device,
					  struct discburn_recorder **out)
{
	enum discburn_devarg_kind kind;
	unsigned int n, index;
	int ret;

	if (!ctx || !device || !out)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (discburn_parse_devarg(device, &kind, &n)) {
		dbg(ctx, "'%s' is not a recorder: use /dev/discburnN, N or srN\n", device);
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	}
	if (kind == DISCBURN_DEVARG_INDEX)
		return discburn_recorder_new_from_index(ctx, n, out);
	ret = discburn_sysfs_find_sr(DISCBURN_SYSFS_CLASS, n, &index);
	if (ret) {
		dbg(ctx, "no recorder drives sr%u\n", n);
		return discburn_status_from_errno(-ret);
	}
	return discburn_recorder_new_from_index(ctx, index, out);
}

DISCBURN_EXPORT struct discburn_recorder *discburn_recorder_ref(struct discburn_recorder *rec)
{
	if (rec)
		rec->refcount++;
	return rec;
}

DISCBURN_EXPORT struct discburn_recorder *discburn_recorder_unref(struct discburn_recorder *rec)
{
	if (!rec || --rec->refcount > 0)
		return NULL;
	if (rec->exclusive_count)
		discburn_ioc_unlock(rec->fd);
	close(rec->fd);
	discburn_unref(rec->ctx);
	free(rec);
	return NULL;
}

DISCBURN_EXPORT struct discburn_ctx *discburn_recorder_get_ctx(struct discburn_recorder *rec)
{
	return rec ? rec->ctx : NULL;
}

DISCBURN_EXPORT unsigned int discburn_recorder_get_index(struct discburn_recorder *rec)
{
	return rec ? rec->index : 0;
}

DISCBURN_EXPORT const char *discburn_recorder_get_path(struct discburn_recorder *rec)
{
	return rec ? rec->path : NULL;
}

DISCBURN_EXPORT const char *discburn_recorder_get_block_device(struct discburn_recorder *rec)
{
	if (!rec)
		return NULL;
	if (discburn_sysfs_read(DISCBURN_SYSFS_CLASS, rec->index, "block_device",
				rec->block_device, sizeof(rec->block_device)) <= 0)
		return NULL;
	return rec->block_device;
}

DISCBURN_EXPORT const char *discburn_recorder_get_vendor_id(struct discburn_recorder *rec)
{
	return rec ? (const char *)rec->id.vendor : NULL;
}

DISCBURN_EXPORT const char *discburn_recorder_get_product_id(struct discburn_recorder *rec)
{
	return rec ? (const char *)rec->id.product : NULL;
}

DISCBURN_EXPORT const char *discburn_recorder_get_product_revision(struct discburn_recorder *rec)
{
	return rec ? (const char *)rec->id.revision : NULL;
}

DISCBURN_EXPORT int discburn_recorder_get_scsi_address(struct discburn_recorder *rec,
						       struct discburn_scsi_address *addr)
{
	if (!rec || !addr)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	addr->type = rec->id.scsi_type;
	addr->host = rec->id.host;
	addr->channel = rec->id.channel;
	addr->id = rec->id.id;
	addr->lun = rec->id.lun;
	return 0;
}

/* Copy the codes of a profile or feature list, optionally only current ones. */
static int copy_codes(const uint32_t *in, uint32_t n, uint32_t current_bit,
		      bool current_only, uint16_t **out, size_t *count)
{
	uint16_t *list;
	size_t i, m = 0;

	*out = NULL;
	*count = 0;
	if (!n)
		return 0;
	list = calloc(n, sizeof(*list));
	if (!list)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	for (i = 0; i < n; i++)
		if (!current_only || (in[i] & current_bit))
			list[m++] = (uint16_t)(in[i] & 0xFFFF);
	if (!m) {
		free(list);
		return 0;
	}
	*out = list;
	*count = m;
	return 0;
}

DISCBURN_EXPORT int discburn_recorder_get_profiles(struct discburn_recorder *rec,
						   bool current_only,
						   uint16_t **profiles, size_t *count)
{
	struct discburn_profiles p;
	int ret;

	if (!rec || !profiles || !count)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	ret = discburn_ioc_get_profiles(rec->fd, &p);
	if (DISCBURN_FAILED(ret))
		return ret;
	return copy_codes(p.profiles, p.count, DISCBURN_PROFILE_CURRENT, current_only,
			  profiles, count);
}

DISCBURN_EXPORT int discburn_recorder_get_current_profile(struct discburn_recorder *rec,
							  uint16_t *profile)
{
	struct discburn_profiles p;
	int ret;

	if (!rec || !profile)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	ret = discburn_ioc_get_profiles(rec->fd, &p);
	if (DISCBURN_FAILED(ret))
		return ret;
	*profile = (uint16_t)p.current_profile;
	return ret;
}

DISCBURN_EXPORT int discburn_recorder_get_features(struct discburn_recorder *rec,
						   bool current_only,
						   uint16_t **features, size_t *count)
{
	struct discburn_features f;
	int ret;

	if (!rec || !features || !count)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	ret = discburn_ioc_get_features(rec->fd, &f);
	if (DISCBURN_FAILED(ret))
		return ret;
	return copy_codes(f.features, f.count, DISCBURN_FEATURE_CURRENT, current_only,
			  features, count);
}

DISCBURN_EXPORT int discburn_recorder_get_capabilities(struct discburn_recorder *rec,
						       struct discburn_recorder_caps *caps)
{
	struct discburn_capabilities c;
	struct discburn_recorder_caps out;
	size_t n;
	int ret;

	if (!rec || !caps)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (caps->size < sizeof(uint32_t))
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	ret = discburn_ioc_get_capabilities(rec->fd, &c);
	if (DISCBURN_FAILED(ret))
		return ret;
	n = caps->size < sizeof(out) ? caps->size : sizeof(out);
	out.size = (uint32_t)n;
	out.flags = c.flags;
	out.max_transfer = c.max_transfer;
	out.alignment_mask = c.alignment_mask;
	out.buffer_size = c.buffer_size;
	memcpy(caps, &out, n);
	return ret;
}

DISCBURN_EXPORT int discburn_recorder_get_write_speeds(struct discburn_recorder *rec,
						       uint32_t **kbps, size_t *count)
{
	struct discburn_write_speeds w;
	uint32_t *list;
	int ret;

	if (!rec || !kbps || !count)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	*kbps = NULL;
	*count = 0;
	ret = discburn_ioc_get_write_speeds(rec->fd, &w);
	if (DISCBURN_FAILED(ret) || !w.count)
		return ret;
	list = malloc(w.count * sizeof(*list));
	if (!list)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	memcpy(list, w.kbps, w.count * sizeof(*list));
	*kbps = list;
	*count = w.count;
	return ret;
}

DISCBURN_EXPORT int discburn_recorder_get_media_status(struct discburn_recorder *rec,
						       struct discburn_media_status *media)
{
	struct discburn_media_status out;
	struct discburn_media_info m;
	size_t n;
	int ret;

	if (!rec || !media)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (media->size < sizeof(uint32_t))
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	ret = discburn_ioc_get_media_info(rec->fd, &m);
	if (DISCBURN_FAILED(ret))
		return ret;
	memset(&out, 0, sizeof(out));
	n = media->size < sizeof(out) ? media->size : sizeof(out);
	out.size = (uint32_t)n;
	out.physical_type = m.physical_type;
	out.media_state = m.media_state;
	out.write_protect = m.write_protect;
	out.current_profile = m.current_profile;
	out.total_sectors = m.total_sectors;
	out.free_sectors = m.free_sectors;
	out.next_writable_address = (int32_t)m.next_writable_address;
	out.start_of_previous_session = (int32_t)m.start_of_previous_session;
	out.last_written_of_previous_session = (int32_t)m.last_written_of_previous_session;
	out.start_of_next_session = (int32_t)m.start_of_next_session;
	out.last_possible_start_of_leadout = (int32_t)m.last_possible_start_of_leadout;
	out.sessions = m.sessions;
	out.tracks = m.tracks;
	out.disc_status = m.disc_status;
	memcpy(media, &out, n);
	return ret;
}

DISCBURN_EXPORT int discburn_recorder_acquire_exclusive(struct discburn_recorder *rec,
							bool force,
							const char *client_name)
{
	int ret;

	if (!rec || !client_name)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (!discburn_client_name_valid(client_name)) {
		err(rec->ctx, "client name '%s' is not valid\n", client_name);
		return DISCBURN_STATUS(DISCBURN_E_RECORDER_CLIENT_NAME_IS_NOT_VALID);
	}
	if (rec->exclusive_count) {
		rec->exclusive_count++;
		return 0;
	}
	ret = discburn_ioc_lock(rec->fd, force, client_name);
	if (DISCBURN_FAILED(ret)) {
		dbg(rec->ctx, "%s: lock: %s\n", rec->path, discburn_strerror(ret));
		return ret;
	}
	rec->exclusive_count = 1;
	info(rec->ctx, "%s: locked for '%s'\n", rec->path, client_name);
	return ret;
}

DISCBURN_EXPORT int discburn_recorder_release_exclusive(struct discburn_recorder *rec)
{
	int ret;

	if (!rec)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (!rec->exclusive_count) {
		err(rec->ctx, "%s: release without acquire\n", rec->path);
		return DISCBURN_STATUS(DISCBURN_E_FAIL);
	}
	if (rec->exclusive_count > 1) {
		rec->exclusive_count--;
		return 0;
	}
	ret = discburn_ioc_unlock(rec->fd);
	if (DISCBURN_FAILED(ret) &&
	    ret != DISCBURN_STATUS(DISCBURN_E_DEVICE_NOT_CONNECTED)) {
		err(rec->ctx, "%s: unlock: %s\n", rec->path, discburn_strerror(ret));
		return ret;
	}
	/* A removed drive has no lock left to release: the count goes too. */
	rec->exclusive_count = 0;
	return DISCBURN_FAILED(ret) ? ret : 0;
}

DISCBURN_EXPORT unsigned int discburn_recorder_get_exclusive_count(struct discburn_recorder *rec)
{
	return rec ? rec->exclusive_count : 0;
}

DISCBURN_EXPORT int discburn_recorder_get_owner(struct discburn_recorder *rec,
						struct discburn_exclusive_owner *owner)
{
	if (!rec || !owner)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	return discburn_ioc_get_owner(rec->fd, owner);
}

DISCBURN_EXPORT int discburn_recorder_eject(struct discburn_recorder *rec)
{
	if (!rec)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	return discburn_ioc_eject(rec->fd, false);
}

DISCBURN_EXPORT int discburn_recorder_close_tray(struct discburn_recorder *rec)
{
	if (!rec)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	return discburn_ioc_eject(rec->fd, true);
}

DISCBURN_EXPORT int discburn_recorder_get_fd(struct discburn_recorder *rec)
{
	return rec ? rec->fd : -1;
}

/* For the format objects: the fd of a recorder they hold a reference to. */
int discburn_recorder_fd(struct discburn_recorder *rec)
{
	return rec->fd;
}

DISCBURN_EXPORT int discburn_recorder_get_progress(struct discburn_recorder *rec,
						   struct discburn_write_progress *progress)
{
	struct discburn_write_progress p;
	struct discburn_progress k;
	int ret;

	if (!rec || !progress)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (progress->size < sizeof(uint32_t))
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	ret = discburn_ioc_get_progress(rec->fd, &k);
	if (DISCBURN_FAILED(ret))
		return ret;
	discburn_progress_from_uapi(&k, &p);
	return discburn_progress_copy_out(&p, progress);
}
