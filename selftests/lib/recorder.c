// SPDX-License-Identifier: GPL-2.0
/*
 * libdiscburn against a fresh emulated CD-R recorder per test: opening by
 * every accepted name, identity, profiles, media status, the exclusive
 * lock's nesting count and owner, refusal of a second locker, release on
 * unref, and the monitor's lock events in order.
 */
#include <poll.h>

#include "lib.h"
#include "kselftest_harness.h"

FIXTURE(emu) {
	struct emu emu;
	unsigned int index;
	struct discburn_ctx *ctx;
};

/* The drive alone: the library's enumeration must find its recorder */
FIXTURE_SETUP(emu)
{
	char path[PATH_MAX], buf[64];
	unsigned int *list;
	size_t n, i;
	int tries;

	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new_drive(&self->emu, "cdr80", NULL));

	ASSERT_EQ(0, discburn_new(&self->ctx));
	discburn_set_log_fn(self->ctx, lib_quiet_log, NULL);
	self->index = UINT_MAX;
	for (tries = 0; tries < 50 && self->index == UINT_MAX; tries++) {
		ASSERT_EQ(0, discburn_recorder_enumerate(self->ctx, &list, &n));
		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "/sys/class/discburn/discburn%u/block_device",
				 list[i]);
			if (!st_read(path, buf, sizeof(buf)) && !strcmp(buf, self->emu.sr))
				self->index = list[i];
		}
		free(list);
		if (self->index == UINT_MAX)
			usleep(100000);
	}
	ASSERT_NE(UINT_MAX, self->index);
}

FIXTURE_TEARDOWN(emu)
{
	discburn_unref(self->ctx);
	emu_del(&self->emu);
}

static struct discburn_recorder *open_rec(struct __test_metadata *_metadata,
					  FIXTURE_DATA(emu) *self)
{
	struct discburn_recorder *rec = NULL;

	EXPECT_EQ(0, discburn_recorder_new_from_index(self->ctx, self->index, &rec));
	return rec;
}

TEST_F(emu, opens_by_path_index_and_block_device_alike)
{
	char names[5][48];
	int i;

	snprintf(names[0], sizeof(names[0]), "/dev/discburn%u", self->index);
	snprintf(names[1], sizeof(names[1]), "discburn%u", self->index);
	snprintf(names[2], sizeof(names[2]), "%u", self->index);
	snprintf(names[3], sizeof(names[3]), "%s", self->emu.sr);
	snprintf(names[4], sizeof(names[4]), "/dev/%s", self->emu.sr);
	for (i = 0; i < 5; i++) {
		struct discburn_recorder *rec = NULL;

		ASSERT_EQ(0, discburn_recorder_new(self->ctx, names[i], &rec)) TH_LOG("%s", names[i]);
		EXPECT_EQ(self->index, discburn_recorder_get_index(rec));
		EXPECT_STREQ(names[0], discburn_recorder_get_path(rec));
		EXPECT_STREQ(self->emu.sr, discburn_recorder_get_block_device(rec));
		EXPECT_EQ(self->ctx, discburn_recorder_get_ctx(rec));
		EXPECT_EQ(NULL, discburn_recorder_unref(rec));
	}
}

TEST_F(emu, missing_recorder_is_device_not_connected)
{
	struct discburn_recorder *rec = NULL;

	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_DEVICE_NOT_CONNECTED),
		  discburn_recorder_new(self->ctx, "/dev/discburn250", &rec));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_DEVICE_NOT_CONNECTED),
		  discburn_recorder_new(self->ctx, "sr250", &rec));
	EXPECT_EQ(NULL, rec);
}

TEST_F(emu, identity_matches_sysfs)
{
	struct discburn_recorder *rec = open_rec(_metadata, self);
	struct discburn_scsi_address a;
	char path[PATH_MAX], buf[64];

	ASSERT_NE(NULL, rec);
	snprintf(path, sizeof(path), "/sys/class/discburn/discburn%u/vendor", self->index);
	ASSERT_EQ(0, st_read(path, buf, sizeof(buf)));
	EXPECT_STREQ(buf, discburn_recorder_get_vendor_id(rec));
	snprintf(path, sizeof(path), "/sys/class/discburn/discburn%u/model", self->index);
	ASSERT_EQ(0, st_read(path, buf, sizeof(buf)));
	EXPECT_STREQ(buf, discburn_recorder_get_product_id(rec));
	snprintf(path, sizeof(path), "/sys/class/discburn/discburn%u/revision", self->index);
	ASSERT_EQ(0, st_read(path, buf, sizeof(buf)));
	EXPECT_STREQ(buf, discburn_recorder_get_product_revision(rec));
	ASSERT_EQ(0, discburn_recorder_get_scsi_address(rec, &a));
	EXPECT_EQ(5, a.type);
	discburn_recorder_unref(rec);
}

TEST_F(emu, profiles_include_cd_r_as_current)
{
	struct discburn_recorder *rec = open_rec(_metadata, self);
	uint16_t *p, cur = 0;
	size_t n, i;
	bool cdr = false;
	int ret;

	ASSERT_NE(NULL, rec);
	ret = discburn_recorder_get_profiles(rec, false, &p, &n);
	if (ret == DISCBURN_STATUS(DISCBURN_E_NOTIMPL)) {
		discburn_recorder_unref(rec);
		SKIP(return, "driver has no profiles ioctl");
	}
	ASSERT_EQ(0, ret) TH_LOG("%s", discburn_strerror(ret));
	for (i = 0; i < n; i++)
		cdr |= p[i] == 0x09;
	free(p);
	EXPECT_TRUE(cdr);
	ASSERT_EQ(0, discburn_recorder_get_profiles(rec, true, &p, &n));
	ASSERT_EQ(1, n);
	EXPECT_EQ(0x09, p[0]);
	free(p);
	ASSERT_EQ(0, discburn_recorder_get_current_profile(rec, &cur));
	EXPECT_EQ(0x09, cur);
	discburn_recorder_unref(rec);
}

TEST_F(emu, media_status_of_blank_cd_r)
{
	struct discburn_recorder *rec = open_rec(_metadata, self);
	struct discburn_media_status m = { .size = sizeof(m) };
	int ret;

	ASSERT_NE(NULL, rec);
	ret = discburn_recorder_get_media_status(rec, &m);
	if (ret == DISCBURN_STATUS(DISCBURN_E_NOTIMPL)) {
		discburn_recorder_unref(rec);
		SKIP(return, "driver has no media ioctl");
	}
	ASSERT_EQ(0, ret) TH_LOG("%s", discburn_strerror(ret));
	EXPECT_EQ(DISCBURN_MEDIA_CDR, m.physical_type);
	EXPECT_EQ(0x09, m.current_profile);
	EXPECT_TRUE(m.media_state & DISCBURN_MEDIA_STATE_BLANK);
	EXPECT_EQ(0, m.next_writable_address);
	EXPECT_GT(m.free_sectors, 0);
	EXPECT_LT(m.start_of_next_session, 0);
	EXPECT_EQ(-1, m.start_of_previous_session);
	discburn_recorder_unref(rec);
}

TEST_F(emu, acquire_nests_and_the_lock_goes_at_zero)
{
	struct discburn_recorder *rec = open_rec(_metadata, self);
	struct discburn_exclusive_owner o;

	ASSERT_NE(NULL, rec);
	ASSERT_EQ(0, discburn_recorder_acquire_exclusive(rec, false, "Nest Test"));
	ASSERT_EQ(0, discburn_recorder_acquire_exclusive(rec, false, "Nest Test"));
	EXPECT_EQ(2, discburn_recorder_get_exclusive_count(rec));
	ASSERT_EQ(0, discburn_recorder_get_owner(rec, &o));
	EXPECT_TRUE(o.locked);
	EXPECT_TRUE(o.mine);
	EXPECT_STREQ("Nest Test", o.name);
	EXPECT_EQ(getpid(), o.pid);
	EXPECT_GT(o.since, 1600000000);

	ASSERT_EQ(0, discburn_recorder_release_exclusive(rec));
	ASSERT_EQ(0, discburn_recorder_get_owner(rec, &o));
	EXPECT_TRUE(o.locked);
	ASSERT_EQ(0, discburn_recorder_release_exclusive(rec));
	EXPECT_EQ(0, discburn_recorder_get_exclusive_count(rec));
	ASSERT_EQ(0, discburn_recorder_get_owner(rec, &o));
	EXPECT_FALSE(o.locked);
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_FAIL), discburn_recorder_release_exclusive(rec));
	discburn_recorder_unref(rec);
}

TEST_F(emu, second_recorder_object_is_refused_and_sees_the_owner)
{
	struct discburn_recorder *a = open_rec(_metadata, self), *b = open_rec(_metadata, self);
	struct discburn_exclusive_owner o;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(0, discburn_recorder_acquire_exclusive(a, false, "First"));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_RECORDER_LOCKED),
		  discburn_recorder_acquire_exclusive(b, true, "Second"));
	EXPECT_EQ(0, discburn_recorder_get_exclusive_count(b));
	ASSERT_EQ(0, discburn_recorder_get_owner(b, &o));
	EXPECT_TRUE(o.locked);
	EXPECT_FALSE(o.mine);
	EXPECT_STREQ("First", o.name);
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_FAIL), discburn_recorder_release_exclusive(b));
	ASSERT_EQ(0, discburn_recorder_release_exclusive(a));
	EXPECT_EQ(0, discburn_recorder_acquire_exclusive(b, false, "Second"));
	EXPECT_EQ(0, discburn_recorder_release_exclusive(b));
	discburn_recorder_unref(a);
	discburn_recorder_unref(b);
}

TEST_F(emu, invalid_client_name_is_refused_before_the_driver)
{
	struct discburn_recorder *rec = open_rec(_metadata, self);
	struct discburn_exclusive_owner o;
	char longname[65];

	ASSERT_NE(NULL, rec);
	memset(longname, 'a', 64);
	longname[64] = '\0';
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_RECORDER_CLIENT_NAME_IS_NOT_VALID),
		  discburn_recorder_acquire_exclusive(rec, false, "a/b"));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_RECORDER_CLIENT_NAME_IS_NOT_VALID),
		  discburn_recorder_acquire_exclusive(rec, false, ""));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_RECORDER_CLIENT_NAME_IS_NOT_VALID),
		  discburn_recorder_acquire_exclusive(rec, false, longname));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_POINTER),
		  discburn_recorder_acquire_exclusive(rec, false, NULL));
	ASSERT_EQ(0, discburn_recorder_get_owner(rec, &o));
	EXPECT_FALSE(o.locked);
	discburn_recorder_unref(rec);
}

TEST_F(emu, last_unref_releases_a_held_lock)
{
	struct discburn_recorder *a = open_rec(_metadata, self), *b = open_rec(_metadata, self);
	struct discburn_exclusive_owner o;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(0, discburn_recorder_acquire_exclusive(a, false, "Unref"));
	discburn_recorder_ref(a);
	discburn_recorder_unref(a);
	ASSERT_EQ(0, discburn_recorder_get_owner(b, &o));
	EXPECT_TRUE(o.locked);
	discburn_recorder_unref(a);
	ASSERT_EQ(0, discburn_recorder_get_owner(b, &o));
	EXPECT_FALSE(o.locked);
	discburn_recorder_unref(b);
}

TEST_F(emu, eject_by_another_object_is_refused_while_locked)
{
	struct discburn_recorder *a = open_rec(_metadata, self), *b = open_rec(_metadata, self);

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(0, discburn_recorder_acquire_exclusive(a, false, "Ejector"));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_RECORDER_LOCKED), discburn_recorder_eject(b));
	EXPECT_EQ(0, discburn_recorder_release_exclusive(a));
	discburn_recorder_unref(a);
	discburn_recorder_unref(b);
}

static struct discburn_event *next_event(struct discburn_monitor *mon, int timeout_ms)
{
	struct pollfd pfd = { .fd = discburn_monitor_get_fd(mon), .events = POLLIN };
	struct discburn_event *ev = NULL;

	for (;;) {
		if (discburn_monitor_receive(mon, &ev) || ev)
			return ev;
		if (poll(&pfd, 1, timeout_ms) <= 0)
			return NULL;
	}
}

TEST_F(emu, monitor_sees_lock_then_unlock_with_the_owner)
{
	struct discburn_recorder *rec = open_rec(_metadata, self);
	struct discburn_exclusive_owner o;
	struct discburn_monitor *mon = NULL;
	struct discburn_event *ev;
	int seen = 0;

	ASSERT_NE(NULL, rec);
	ASSERT_EQ(0, discburn_monitor_new(self->ctx, &mon));
	ASSERT_LE(0, discburn_monitor_get_fd(mon));
	ASSERT_EQ(0, discburn_recorder_acquire_exclusive(rec, false, "Watched"));
	ASSERT_EQ(0, discburn_recorder_release_exclusive(rec));

	while (seen < 2 && (ev = next_event(mon, 5000))) {
		if (discburn_event_get_type(ev) != DISCBURN_EVENT_LOCK_CHANGED ||
		    discburn_event_get_index(ev) != (int)self->index) {
			discburn_event_unref(ev);
			continue;
		}
		ASSERT_EQ(0, discburn_event_get_owner(ev, &o));
		if (seen == 0) {
			EXPECT_TRUE(o.locked);
			EXPECT_STREQ("Watched", o.name);
			EXPECT_EQ(getpid(), o.pid);
			EXPECT_EQ(DISCBURN_STATE_LOCKED, discburn_event_get_state(ev));
		} else {
			EXPECT_FALSE(o.locked);
			EXPECT_EQ(DISCBURN_STATE_IDLE, discburn_event_get_state(ev));
		}
		EXPECT_STREQ(self->emu.sr, discburn_event_get_block_device(ev));
		seen++;
		discburn_event_unref(ev);
	}
	EXPECT_EQ(2, seen);
	discburn_monitor_unref(mon);
	discburn_recorder_unref(rec);
}

TEST_F(emu, monitor_sees_the_recorder_removed)
{
	struct discburn_monitor *mon = NULL;
	struct discburn_event *ev;
	bool removed = false;

	ASSERT_EQ(0, discburn_monitor_new(self->ctx, &mon));
	ASSERT_EQ(0, emu_power(&self->emu, 0));
	while (!removed && (ev = next_event(mon, 5000))) {
		removed = discburn_event_get_type(ev) == DISCBURN_EVENT_RECORDER_REMOVED &&
			  discburn_event_get_index(ev) == (int)self->index;
		discburn_event_unref(ev);
	}
	EXPECT_TRUE(removed);
	discburn_monitor_unref(mon);
}

TEST_HARNESS_MAIN
