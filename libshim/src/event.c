// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discburn_event: one notification of the "events" multicast group,
 * parsed from its generic netlink message. The notifications reuse the
 * get-recorder reply's attributes (Documentation/netlink/specs/discburn.yaml).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include "internal.h"

static struct nla_policy recorder_policy[DISCBURN_A_RECORDER_MAX + 1] = {
	[DISCBURN_A_RECORDER_INDEX] = { .type = NLA_U32 },
	[DISCBURN_A_RECORDER_VENDOR] = { .type = NLA_STRING },
	[DISCBURN_A_RECORDER_MODEL] = { .type = NLA_STRING },
	[DISCBURN_A_RECORDER_REVISION] = { .type = NLA_STRING },
	[DISCBURN_A_RECORDER_BLOCK_DEVICE] = { .type = NLA_STRING },
	[DISCBURN_A_RECORDER_STATE] = { .type = NLA_U32 },
	[DISCBURN_A_RECORDER_OWNER_NAME] = { .type = NLA_STRING },
	[DISCBURN_A_RECORDER_OWNER_PID] = { .type = NLA_U32 },
	[DISCBURN_A_RECORDER_OWNER_SINCE] = { .type = NLA_U64 },
	[DISCBURN_A_RECORDER_SCSI_TYPE] = { .type = NLA_U32 },
	[DISCBURN_A_RECORDER_CURRENT_PROFILE] = { .type = NLA_U32 },
	[DISCBURN_A_RECORDER_PROGRESS] = { .type = NLA_NESTED },
};

static struct nla_policy progress_policy[DISCBURN_A_PROGRESS_MAX + 1] = {
	[DISCBURN_A_PROGRESS_FORMAT] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_STATE] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_ACTION] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_RESULT] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_START_LBA] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_SECTOR_COUNT] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_LAST_READ_LBA] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_LAST_WRITTEN_LBA] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_FAILED_LBA] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_SENSE] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_ELAPSED_NS] = { .type = NLA_U64 },
	[DISCBURN_A_PROGRESS_REMAINING_NS] = { .type = NLA_U64 },
	[DISCBURN_A_PROGRESS_RING_TOTAL] = { .type = NLA_U64 },
	[DISCBURN_A_PROGRESS_RING_USED] = { .type = NLA_U64 },
	[DISCBURN_A_PROGRESS_BYTES_READ] = { .type = NLA_U64 },
	[DISCBURN_A_PROGRESS_BYTES_WRITTEN] = { .type = NLA_U64 },
	[DISCBURN_A_PROGRESS_DRIVE_BUFFER_TOTAL] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_DRIVE_BUFFER_FREE] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_CURRENT_SPEED] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_SEQ] = { .type = NLA_U32 },
	[DISCBURN_A_PROGRESS_WRITES] = { .type = NLA_U64 },
};

static enum discburn_event_type type_of(uint8_t cmd)
{
	switch (cmd) {
	case DISCBURN_CMD_RECORDER_ADD_NTF:
		return DISCBURN_EVENT_RECORDER_ADDED;
	case DISCBURN_CMD_RECORDER_DEL_NTF:
		return DISCBURN_EVENT_RECORDER_REMOVED;
	case DISCBURN_CMD_MEDIA_CHANGE_NTF:
		return DISCBURN_EVENT_MEDIA_CHANGED;
	case DISCBURN_CMD_LOCK_CHANGE_NTF:
		return DISCBURN_EVENT_LOCK_CHANGED;
	case DISCBURN_CMD_PROGRESS_NTF:
		return DISCBURN_EVENT_PROGRESS;
	case DISCBURN_CMD_WRITE_DONE_NTF:
		return DISCBURN_EVENT_WRITE_DONE;
	default:
		return DISCBURN_EVENT_UNKNOWN;
	}
}

static void copy_str(char *dst, size_t len, struct nlattr *a)
{
	if (!a)
		return;
	snprintf(dst, len, "%.*s", (int)strnlen(nla_data(a), (size_t)nla_len(a)),
		 (const char *)nla_data(a));
}

static uint32_t u32_or(struct nlattr **tb, int attr, uint32_t dflt)
{
	return tb[attr] ? nla_get_u32(tb[attr]) : dflt;
}

static uint64_t u64_or(struct nlattr **tb, int attr, uint64_t dflt)
{
	return tb[attr] ? nla_get_u64(tb[attr]) : dflt;
}

/**
 * discburn_progress_parse_nest() - the session progress of a notification
 * @nest: the DISCBURN_A_RECORDER_PROGRESS attribute
 * @p: out: the whole library struct, size set. Absent LBAs read -1,
 *	other absent values 0 (an older driver sends fewer attributes).
 *
 * Return: 0, or -EINVAL for a malformed nest.
 */
int discburn_progress_parse_nest(struct nlattr *nest, struct discburn_write_progress *p)
{
	struct nlattr *tb[DISCBURN_A_PROGRESS_MAX + 1];

	if (nla_parse_nested(tb, DISCBURN_A_PROGRESS_MAX, nest, progress_policy) < 0)
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	p->size = sizeof(*p);
	p->format = u32_or(tb, DISCBURN_A_PROGRESS_FORMAT, DISCBURN_FORMAT_NONE);
	p->state = u32_or(tb, DISCBURN_A_PROGRESS_STATE, DISCBURN_SESSION_IDLE);
	p->action = u32_or(tb, DISCBURN_A_PROGRESS_ACTION, 0);
	p->result = (int32_t)u32_or(tb, DISCBURN_A_PROGRESS_RESULT, 0);
	p->start_lba = (int32_t)u32_or(tb, DISCBURN_A_PROGRESS_START_LBA, 0);
	p->sector_count = (int32_t)u32_or(tb, DISCBURN_A_PROGRESS_SECTOR_COUNT, 0);
	p->last_read_lba = (int32_t)u32_or(tb, DISCBURN_A_PROGRESS_LAST_READ_LBA, UINT32_MAX);
	p->last_written_lba = (int32_t)u32_or(tb, DISCBURN_A_PROGRESS_LAST_WRITTEN_LBA,
					      UINT32_MAX);
	p->failed_lba = (int32_t)u32_or(tb, DISCBURN_A_PROGRESS_FAILED_LBA, UINT32_MAX);
	p->sense = u32_or(tb, DISCBURN_A_PROGRESS_SENSE, 0);
	p->seq = u32_or(tb, DISCBURN_A_PROGRESS_SEQ, 0);
	p->elapsed_ns = u64_or(tb, DISCBURN_A_PROGRESS_ELAPSED_NS, 0);
	p->remaining_ns = u64_or(tb, DISCBURN_A_PROGRESS_REMAINING_NS, 0);
	p->ring_total = u64_or(tb, DISCBURN_A_PROGRESS_RING_TOTAL, 0);
	p->ring_used = u64_or(tb, DISCBURN_A_PROGRESS_RING_USED, 0);
	p->bytes_read = u64_or(tb, DISCBURN_A_PROGRESS_BYTES_READ, 0);
	p->bytes_written = u64_or(tb, DISCBURN_A_PROGRESS_BYTES_WRITTEN, 0);
	p->drive_buffer_total = u32_or(tb, DISCBURN_A_PROGRESS_DRIVE_BUFFER_TOTAL, 0);
	p->drive_buffer_free = u32_or(tb, DISCBURN_A_PROGRESS_DRIVE_BUFFER_FREE, 0);
	p->current_speed_kbps = u32_or(tb, DISCBURN_A_PROGRESS_CURRENT_SPEED, 0);
	p->writes = u64_or(tb, DISCBURN_A_PROGRESS_WRITES, 0);
	discburn_progress_derive(p);
	return 0;
}

/**
 * discburn_event_parse() - turn one netlink message into an event
 * @nlh: the message
 * @family: the discburn family id; other families' messages are skipped
 * @ev: out: the event with one reference, or NULL if @nlh is not one of ours
 *
 * Return: 0, or a negative errno for a malformed message (-EINVAL) or
 * -ENOMEM.
 */
int discburn_event_parse(struct nlmsghdr *nlh, int family, struct discburn_event **ev)
{
	struct nlattr *tb[DISCBURN_A_RECORDER_MAX + 1];
	struct genlmsghdr *gnlh;
	struct discburn_event *e;

	*ev = NULL;
	if (nlh->nlmsg_type != family)
		return 0;
	if (!genlmsg_valid_hdr(nlh, 0))
		return -EINVAL;
	gnlh = nlmsg_data(nlh);
	if (genlmsg_parse(nlh, 0, tb, DISCBURN_A_RECORDER_MAX, recorder_policy) < 0)
		return -EINVAL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->refcount = 1;
	e->type = type_of(gnlh->cmd);
	e->index = tb[DISCBURN_A_RECORDER_INDEX] ?
		   (int)nla_get_u32(tb[DISCBURN_A_RECORDER_INDEX]) : -1;
	if (tb[DISCBURN_A_RECORDER_STATE])
		e->state = nla_get_u32(tb[DISCBURN_A_RECORDER_STATE]);
	if (tb[DISCBURN_A_RECORDER_SCSI_TYPE])
		e->scsi_type = nla_get_u32(tb[DISCBURN_A_RECORDER_SCSI_TYPE]);
	if (tb[DISCBURN_A_RECORDER_CURRENT_PROFILE])
		e->current_profile = nla_get_u32(tb[DISCBURN_A_RECORDER_CURRENT_PROFILE]);
	copy_str(e->vendor, sizeof(e->vendor), tb[DISCBURN_A_RECORDER_VENDOR]);
	copy_str(e->model, sizeof(e->model), tb[DISCBURN_A_RECORDER_MODEL]);
	copy_str(e->revision, sizeof(e->revision), tb[DISCBURN_A_RECORDER_REVISION]);
	copy_str(e->block_device, sizeof(e->block_device), tb[DISCBURN_A_RECORDER_BLOCK_DEVICE]);
	if (tb[DISCBURN_A_RECORDER_OWNER_NAME]) {
		e->owner.locked = true;
		copy_str(e->owner.name, sizeof(e->owner.name), tb[DISCBURN_A_RECORDER_OWNER_NAME]);
		if (tb[DISCBURN_A_RECORDER_OWNER_PID])
			e->owner.pid = (pid_t)nla_get_u32(tb[DISCBURN_A_RECORDER_OWNER_PID]);
		if (tb[DISCBURN_A_RECORDER_OWNER_SINCE])
			e->owner.since = (int64_t)(nla_get_u64(tb[DISCBURN_A_RECORDER_OWNER_SINCE]) /
						   1000000000ULL);
	}
	if (tb[DISCBURN_A_RECORDER_PROGRESS]) {
		if (discburn_progress_parse_nest(tb[DISCBURN_A_RECORDER_PROGRESS],
						 &e->progress)) {
			free(e);
			return -EINVAL;
		}
		e->has_progress = true;
	}
	*ev = e;
	return 0;
}

DISCBURN_EXPORT struct discburn_event *discburn_event_ref(struct discburn_event *ev)
{
	if (ev)
		ev->refcount++;
	return ev;
}

DISCBURN_EXPORT struct discburn_event *discburn_event_unref(struct discburn_event *ev)
{
	if (ev && --ev->refcount == 0)
		free(ev);
	return NULL;
}

DISCBURN_EXPORT enum discburn_event_type discburn_event_get_type(struct discburn_event *ev)
{
	return ev ? ev->type : DISCBURN_EVENT_UNKNOWN;
}

DISCBURN_EXPORT const char *discburn_event_type_name(enum discburn_event_type type)
{
	switch (type) {
	case DISCBURN_EVENT_RECORDER_ADDED:
		return "recorder-added";
	case DISCBURN_EVENT_RECORDER_REMOVED:
		return "recorder-removed";
	case DISCBURN_EVENT_MEDIA_CHANGED:
		return "media-changed";
	case DISCBURN_EVENT_LOCK_CHANGED:
		return "lock-changed";
	case DISCBURN_EVENT_PROGRESS:
		return "progress";
	case DISCBURN_EVENT_WRITE_DONE:
		return "write-done";
	default:
		return "unknown";
	}
}

DISCBURN_EXPORT int discburn_event_get_index(struct discburn_event *ev)
{
	return ev ? ev->index : -1;
}

DISCBURN_EXPORT const char *discburn_event_get_block_device(struct discburn_event *ev)
{
	return ev && ev->block_device[0] ? ev->block_device : NULL;
}

DISCBURN_EXPORT const char *discburn_event_get_vendor_id(struct discburn_event *ev)
{
	return ev && ev->vendor[0] ? ev->vendor : NULL;
}

DISCBURN_EXPORT const char *discburn_event_get_product_id(struct discburn_event *ev)
{
	return ev && ev->model[0] ? ev->model : NULL;
}

DISCBURN_EXPORT const char *discburn_event_get_product_revision(struct discburn_event *ev)
{
	return ev && ev->revision[0] ? ev->revision : NULL;
}

DISCBURN_EXPORT unsigned int discburn_event_get_state(struct discburn_event *ev)
{
	return ev ? ev->state : 0;
}

DISCBURN_EXPORT unsigned int discburn_event_get_current_profile(struct discburn_event *ev)
{
	return ev ? ev->current_profile : 0;
}

DISCBURN_EXPORT int discburn_event_get_owner(struct discburn_event *ev,
					     struct discburn_exclusive_owner *owner)
{
	if (!ev || !owner)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	*owner = ev->owner;
	return 0;
}

DISCBURN_EXPORT int discburn_event_get_progress(struct discburn_event *ev,
						struct discburn_write_progress *progress)
{
	if (!ev || !progress)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	if (!ev->has_progress)
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	return discburn_progress_copy_out(&ev->progress, progress);
}

/** discburn_state_name() - "idle", "locked", "writing", "detached" */
DISCBURN_EXPORT const char *discburn_state_name(unsigned int state)
{
	switch (state) {
	case DISCBURN_STATE_IDLE:
		return "idle";
	case DISCBURN_STATE_LOCKED:
		return "locked";
	case DISCBURN_STATE_WRITING:
		return "writing";
	case DISCBURN_STATE_DETACHED:
		return "detached";
	default:
		return NULL;
	}
}
