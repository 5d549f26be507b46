// SPDX-License-Identifier: GPL-2.0
/*
 * Description: discburn events are parsed from generic netlink messages
 * built as the kernel sends them (get-recorder attributes): each
 * notification command gives its event type, owner attributes make a
 * locked owner, other families are skipped, malformed attributes refused.
 */
#include <errno.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

#define FAMILY 0x1234

static struct nl_msg *ntf(int family, uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg)
		genlmsg_put(msg, 0, 0, family, 0, 0, cmd, DISCBURN_FAMILY_VERSION);
	return msg;
}

TEST(lock_change_with_owner_attributes_is_a_locked_owner)
{
	struct discburn_exclusive_owner o;
	struct nl_msg *msg = ntf(FAMILY, DISCBURN_CMD_LOCK_CHANGE_NTF);
	struct discburn_event *ev;

	ASSERT_NE(NULL, msg);
	nla_put_u32(msg, DISCBURN_A_RECORDER_INDEX, 3);
	nla_put_string(msg, DISCBURN_A_RECORDER_BLOCK_DEVICE, "sr1");
	nla_put_u32(msg, DISCBURN_A_RECORDER_STATE, DISCBURN_STATE_LOCKED);
	nla_put_string(msg, DISCBURN_A_RECORDER_OWNER_NAME, "Kiosk Burner");
	nla_put_u32(msg, DISCBURN_A_RECORDER_OWNER_PID, 812);
	nla_put_u64(msg, DISCBURN_A_RECORDER_OWNER_SINCE, 1700000000123456789ULL);
	ASSERT_EQ(0, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	ASSERT_NE(NULL, ev);
	EXPECT_EQ(DISCBURN_EVENT_LOCK_CHANGED, discburn_event_get_type(ev));
	EXPECT_STREQ("lock-changed", discburn_event_type_name(discburn_event_get_type(ev)));
	EXPECT_EQ(3, discburn_event_get_index(ev));
	EXPECT_STREQ("sr1", discburn_event_get_block_device(ev));
	EXPECT_EQ(DISCBURN_STATE_LOCKED, discburn_event_get_state(ev));
	ASSERT_EQ(0, discburn_event_get_owner(ev, &o));
	EXPECT_TRUE(o.locked);
	EXPECT_STREQ("Kiosk Burner", o.name);
	EXPECT_EQ(812, o.pid);
	EXPECT_EQ(1700000000, o.since);
	discburn_event_unref(ev);
	nlmsg_free(msg);
}

TEST(lock_change_without_owner_is_unlocked)
{
	struct discburn_exclusive_owner o;
	struct nl_msg *msg = ntf(FAMILY, DISCBURN_CMD_LOCK_CHANGE_NTF);
	struct discburn_event *ev;

	nla_put_u32(msg, DISCBURN_A_RECORDER_INDEX, 0);
	nla_put_u32(msg, DISCBURN_A_RECORDER_STATE, DISCBURN_STATE_IDLE);
	ASSERT_EQ(0, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	ASSERT_NE(NULL, ev);
	ASSERT_EQ(0, discburn_event_get_owner(ev, &o));
	EXPECT_FALSE(o.locked);
	EXPECT_STREQ("", o.name);
	EXPECT_STREQ("idle", discburn_state_name(discburn_event_get_state(ev)));
	EXPECT_EQ(NULL, discburn_event_get_block_device(ev));
	discburn_event_unref(ev);
	nlmsg_free(msg);
}

TEST(each_notification_command_gives_its_event_type)
{
	static const struct {
		uint8_t cmd;
		enum discburn_event_type type;
		const char *name;
	} map[] = {
		{ DISCBURN_CMD_RECORDER_ADD_NTF, DISCBURN_EVENT_RECORDER_ADDED, "recorder-added" },
		{ DISCBURN_CMD_RECORDER_DEL_NTF, DISCBURN_EVENT_RECORDER_REMOVED, "recorder-removed" },
		{ DISCBURN_CMD_MEDIA_CHANGE_NTF, DISCBURN_EVENT_MEDIA_CHANGED, "media-changed" },
		{ DISCBURN_CMD_LOCK_CHANGE_NTF, DISCBURN_EVENT_LOCK_CHANGED, "lock-changed" },
		{ DISCBURN_CMD_GET_RECORDER, DISCBURN_EVENT_UNKNOWN, "unknown" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		struct nl_msg *msg = ntf(FAMILY, map[i].cmd);
		struct discburn_event *ev;

		nla_put_u32(msg, DISCBURN_A_RECORDER_INDEX, 1);
		nla_put_string(msg, DISCBURN_A_RECORDER_VENDOR, "DISCBURN");
		nla_put_string(msg, DISCBURN_A_RECORDER_MODEL, "Emulated");
		nla_put_u32(msg, DISCBURN_A_RECORDER_CURRENT_PROFILE, 0x09);
		ASSERT_EQ(0, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
		ASSERT_NE(NULL, ev);
		EXPECT_EQ(map[i].type, discburn_event_get_type(ev));
		EXPECT_STREQ(map[i].name, discburn_event_type_name(discburn_event_get_type(ev)));
		EXPECT_STREQ("DISCBURN", discburn_event_get_vendor_id(ev));
		EXPECT_STREQ("Emulated", discburn_event_get_product_id(ev));
		EXPECT_EQ(0x09, discburn_event_get_current_profile(ev));
		discburn_event_unref(ev);
		nlmsg_free(msg);
	}
}

TEST(messages_of_other_families_are_skipped)
{
	struct nl_msg *msg = ntf(FAMILY + 1, DISCBURN_CMD_LOCK_CHANGE_NTF);
	struct discburn_event *ev = (void *)1;

	nla_put_u32(msg, DISCBURN_A_RECORDER_INDEX, 0);
	EXPECT_EQ(0, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	EXPECT_EQ(NULL, ev);
	nlmsg_free(msg);
}

TEST(missing_index_reads_minus_one)
{
	struct nl_msg *msg = ntf(FAMILY, DISCBURN_CMD_MEDIA_CHANGE_NTF);
	struct discburn_event *ev;

	ASSERT_EQ(0, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	ASSERT_NE(NULL, ev);
	EXPECT_EQ(-1, discburn_event_get_index(ev));
	discburn_event_unref(ev);
	nlmsg_free(msg);
}

TEST(short_integer_attribute_is_refused)
{
	struct nl_msg *msg = ntf(FAMILY, DISCBURN_CMD_LOCK_CHANGE_NTF);
	struct discburn_event *ev = (void *)1;
	uint16_t shortval = 1;

	nla_put(msg, DISCBURN_A_RECORDER_INDEX, sizeof(shortval), &shortval);
	EXPECT_EQ(-EINVAL, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	EXPECT_EQ(NULL, ev);
	nlmsg_free(msg);
}

TEST(unterminated_string_is_refused)
{
	struct nl_msg *msg = ntf(FAMILY, DISCBURN_CMD_LOCK_CHANGE_NTF);
	struct discburn_event *ev = (void *)1;

	nla_put(msg, DISCBURN_A_RECORDER_BLOCK_DEVICE, 3, "sr9");
	EXPECT_EQ(-EINVAL, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	EXPECT_EQ(NULL, ev);
	nlmsg_free(msg);
}

TEST(overlong_owner_name_is_cut_to_63_bytes)
{
	struct discburn_exclusive_owner o;
	struct nl_msg *msg = ntf(FAMILY, DISCBURN_CMD_LOCK_CHANGE_NTF);
	struct discburn_event *ev;
	char longname[200];

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	nla_put_string(msg, DISCBURN_A_RECORDER_OWNER_NAME, longname);
	ASSERT_EQ(0, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	ASSERT_NE(NULL, ev);
	discburn_event_get_owner(ev, &o);
	EXPECT_TRUE(o.locked);
	EXPECT_EQ(DISCBURN_CLIENT_NAME_MAX, strlen(o.name));
	discburn_event_unref(ev);
	nlmsg_free(msg);
}

TEST(event_refcount_keeps_it_alive_and_unref_accepts_null)
{
	struct nl_msg *msg = ntf(FAMILY, DISCBURN_CMD_RECORDER_ADD_NTF);
	struct discburn_event *ev;

	ASSERT_EQ(0, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	EXPECT_EQ(ev, discburn_event_ref(ev));
	EXPECT_EQ(NULL, discburn_event_unref(ev));
	EXPECT_EQ(DISCBURN_EVENT_RECORDER_ADDED, discburn_event_get_type(ev));
	EXPECT_EQ(NULL, discburn_event_unref(ev));
	EXPECT_EQ(NULL, discburn_event_unref(NULL));
	nlmsg_free(msg);
}

TEST_HARNESS_MAIN
