// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the session progress of the driver's notifications is
 * parsed from the progress nest as the kernel builds it: progress and
 * write-done notifications are their event types, every field reaches
 * struct discburn_write_progress (signed LBAs sign-extended, TotalTime and
 * FreeSystemBuffer derived), an event without the nest has no progress, a
 * malformed nest refuses the message, and a caller's shorter struct gets
 * only what it knows. GET_PROGRESS's struct converts the same way.
 */
#include <errno.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

#define FAMILY 0x1234

static struct nl_msg *ntf(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg)
		genlmsg_put(msg, 0, 0, FAMILY, 0, 0, cmd, DISCBURN_FAMILY_VERSION);
	return msg;
}

/* The nest a writing data session sends. */
static void put_progress(struct nl_msg *msg, uint32_t state, uint32_t result)
{
	struct nlattr *nest = nla_nest_start(msg, DISCBURN_A_RECORDER_PROGRESS);

	nla_put_u32(msg, DISCBURN_A_PROGRESS_FORMAT, DISCBURN_FORMAT_DATA);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_STATE, state);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_ACTION, DISCBURN_ACTION_WRITING_DATA);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_RESULT, result);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_START_LBA, (uint32_t)-150);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_SECTOR_COUNT, 5000);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_LAST_READ_LBA, 2999);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_LAST_WRITTEN_LBA, 1999);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_FAILED_LBA, (uint32_t)-1);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_SENSE, 0x030c09);
	nla_put_u64(msg, DISCBURN_A_PROGRESS_ELAPSED_NS, 3000000000ULL);
	nla_put_u64(msg, DISCBURN_A_PROGRESS_REMAINING_NS, 4500000000ULL);
	nla_put_u64(msg, DISCBURN_A_PROGRESS_RING_TOTAL, 8388608);
	nla_put_u64(msg, DISCBURN_A_PROGRESS_RING_USED, 2097152);
	nla_put_u64(msg, DISCBURN_A_PROGRESS_BYTES_READ, 3000 * 2048ULL);
	nla_put_u64(msg, DISCBURN_A_PROGRESS_BYTES_WRITTEN, 2000 * 2048ULL);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_DRIVE_BUFFER_TOTAL, 2097152);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_DRIVE_BUFFER_FREE, 524288);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_CURRENT_SPEED, 2822);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_SEQ, 9);
	nla_put_u64(msg, DISCBURN_A_PROGRESS_WRITES, 61);
	nla_nest_end(msg, nest);
}

TEST(progress_notification_carries_every_field)
{
	struct discburn_write_progress p = { .size = sizeof(p) };
	struct nl_msg *msg = ntf(DISCBURN_CMD_PROGRESS_NTF);
	struct discburn_event *ev;

	ASSERT_NE(NULL, msg);
	nla_put_u32(msg, DISCBURN_A_RECORDER_INDEX, 2);
	nla_put_u32(msg, DISCBURN_A_RECORDER_STATE, DISCBURN_STATE_WRITING);
	put_progress(msg, DISCBURN_SESSION_WRITING, 0);
	ASSERT_EQ(0, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	ASSERT_NE(NULL, ev);
	EXPECT_EQ(DISCBURN_EVENT_PROGRESS, discburn_event_get_type(ev));
	EXPECT_STREQ("progress", discburn_event_type_name(discburn_event_get_type(ev)));
	EXPECT_EQ(2, discburn_event_get_index(ev));
	ASSERT_EQ(0, discburn_event_get_progress(ev, &p));
	EXPECT_EQ(sizeof(p), p.size);
	EXPECT_EQ(DISCBURN_FORMAT_DATA, p.format);
	EXPECT_EQ(DISCBURN_SESSION_WRITING, p.state);
	EXPECT_EQ(DISCBURN_ACTION_WRITING_DATA, p.action);
	EXPECT_EQ(0, p.result);
	EXPECT_EQ(-150, p.start_lba);
	EXPECT_EQ(5000, p.sector_count);
	EXPECT_EQ(2999, p.last_read_lba);
	EXPECT_EQ(1999, p.last_written_lba);
	EXPECT_EQ(-1, p.failed_lba);
	EXPECT_EQ(0x030c09, p.sense);
	EXPECT_EQ(9, p.seq);
	EXPECT_EQ(3000000000ULL, p.elapsed_ns);
	EXPECT_EQ(4500000000ULL, p.remaining_ns);
	EXPECT_EQ(7500000000ULL, p.total_ns);
	EXPECT_EQ(8388608, p.ring_total);
	EXPECT_EQ(2097152, p.ring_used);
	EXPECT_EQ(8388608 - 2097152, p.ring_free);
	EXPECT_EQ(3000 * 2048ULL, p.bytes_read);
	EXPECT_EQ(2000 * 2048ULL, p.bytes_written);
	EXPECT_EQ(2097152, p.drive_buffer_total);
	EXPECT_EQ(524288, p.drive_buffer_free);
	EXPECT_EQ(2822, p.current_speed_kbps);
	EXPECT_EQ(1378, p.current_speed);	/* 2822 kB/s in 2048-byte sectors */
	EXPECT_EQ(61, p.writes);
	discburn_event_unref(ev);
	nlmsg_free(msg);
}

TEST(write_done_carries_the_result_and_its_total_is_the_elapsed_time)
{
	struct discburn_write_progress p = { .size = sizeof(p) };
	struct nl_msg *msg = ntf(DISCBURN_CMD_WRITE_DONE_NTF);
	struct discburn_event *ev;

	put_progress(msg, DISCBURN_SESSION_DONE, DISCBURN_E_LOSS_OF_STREAMING);
	ASSERT_EQ(0, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	EXPECT_EQ(DISCBURN_EVENT_WRITE_DONE, discburn_event_get_type(ev));
	EXPECT_STREQ("write-done", discburn_event_type_name(discburn_event_get_type(ev)));
	ASSERT_EQ(0, discburn_event_get_progress(ev, &p));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_LOSS_OF_STREAMING), p.result);
	EXPECT_TRUE(DISCBURN_FAILED(p.result));
	EXPECT_EQ(p.elapsed_ns, p.total_ns);
	discburn_event_unref(ev);
	nlmsg_free(msg);
}

TEST(event_without_the_nest_has_no_progress)
{
	struct discburn_write_progress p = { .size = sizeof(p) };
	struct nl_msg *msg = ntf(DISCBURN_CMD_LOCK_CHANGE_NTF);
	struct discburn_event *ev;

	nla_put_u32(msg, DISCBURN_A_RECORDER_INDEX, 0);
	ASSERT_EQ(0, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_INVALIDARG), discburn_event_get_progress(ev, &p));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_POINTER), discburn_event_get_progress(ev, NULL));
	discburn_event_unref(ev);
	nlmsg_free(msg);
}

TEST(missing_progress_attributes_read_as_unknown)
{
	struct discburn_write_progress p = { .size = sizeof(p) };
	struct nl_msg *msg = ntf(DISCBURN_CMD_PROGRESS_NTF);
	struct discburn_event *ev;
	struct nlattr *nest;

	nest = nla_nest_start(msg, DISCBURN_A_RECORDER_PROGRESS);
	nla_put_u32(msg, DISCBURN_A_PROGRESS_FORMAT, DISCBURN_FORMAT_ERASE);
	nla_nest_end(msg, nest);
	ASSERT_EQ(0, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	ASSERT_EQ(0, discburn_event_get_progress(ev, &p));
	EXPECT_EQ(DISCBURN_FORMAT_ERASE, p.format);
	EXPECT_EQ(-1, p.last_read_lba);
	EXPECT_EQ(-1, p.last_written_lba);
	EXPECT_EQ(-1, p.failed_lba);
	EXPECT_EQ(0, p.total_ns);
	EXPECT_EQ(0, p.ring_free);
	discburn_event_unref(ev);
	nlmsg_free(msg);
}

TEST(malformed_nest_refuses_the_message)
{
	struct nl_msg *msg = ntf(DISCBURN_CMD_PROGRESS_NTF);
	struct discburn_event *ev = (void *)1;
	struct nlattr *nest;
	uint16_t shortval = 3;

	nest = nla_nest_start(msg, DISCBURN_A_RECORDER_PROGRESS);
	nla_put(msg, DISCBURN_A_PROGRESS_STATE, sizeof(shortval), &shortval);
	nla_nest_end(msg, nest);
	EXPECT_EQ(-EINVAL, discburn_event_parse(nlmsg_hdr(msg), FAMILY, &ev));
	EXPECT_EQ(NULL, ev);
	nlmsg_free(msg);
}

TEST(a_shorter_caller_struct_gets_only_what_it_knows)
{
	struct discburn_write_progress src, dst;

	memset(&src, 0x5a, sizeof(src));
	src.size = sizeof(src);
	memset(&dst, 0, sizeof(dst));
	dst.size = offsetof(struct discburn_write_progress, elapsed_ns);
	ASSERT_EQ(0, discburn_progress_copy_out(&src, &dst));
	EXPECT_EQ(offsetof(struct discburn_write_progress, elapsed_ns), dst.size);
	EXPECT_EQ(src.state, dst.state);
	EXPECT_EQ(src.seq, dst.seq);
	EXPECT_EQ(0, dst.elapsed_ns);
	EXPECT_EQ(0, dst.writes);
	dst.size = 2;
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_INVALIDARG), discburn_progress_copy_out(&src, &dst));
	/* a longer one than the library knows: cut to the library's */
	dst.size = sizeof(dst) + 64;
	ASSERT_EQ(0, discburn_progress_copy_out(&src, &dst));
	EXPECT_EQ(sizeof(dst), dst.size);
}

TEST(get_progress_struct_converts_like_the_nest)
{
	struct discburn_progress k = {
		.format = DISCBURN_FORMAT_DATA, .state = DISCBURN_SESSION_FINISHING,
		.action = DISCBURN_ACTION_FINALIZATION, .start_lba = (uint32_t)-5,
		.last_written_lba = (uint32_t)-1, .failed_lba = 1234,
		.elapsed_ns = 10, .remaining_ns = 0, .ring_total = 100, .ring_used = 140,
		.current_speed = 1385, .writes = 7,
	};
	struct discburn_write_progress p;

	discburn_progress_from_uapi(&k, &p);
	EXPECT_EQ(sizeof(p), p.size);
	EXPECT_EQ(DISCBURN_SESSION_FINISHING, p.state);
	EXPECT_EQ(-5, p.start_lba);
	EXPECT_EQ(-1, p.last_written_lba);
	EXPECT_EQ(1234, p.failed_lba);
	EXPECT_EQ(0, p.total_ns);	/* no estimate yet */
	EXPECT_EQ(0, p.ring_free);	/* never negative */
	EXPECT_EQ(676, p.current_speed);	/* DVD 1x */
	EXPECT_EQ(7, p.writes);
}

TEST(a_session_that_never_ran_is_done_with_its_result)
{
	struct discburn_write_progress p;

	discburn_progress_none(&p, DISCBURN_FORMAT_DATA,
			       DISCBURN_STATUS(DISCBURN_E_RECORDER_LOCKED));
	EXPECT_EQ(DISCBURN_SESSION_DONE, p.state);
	EXPECT_EQ(DISCBURN_ACTION_COMPLETED, p.action);
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_RECORDER_LOCKED), p.result);
	EXPECT_EQ(-1, p.failed_lba);
	EXPECT_EQ(0, p.bytes_read);
	discburn_progress_none(&p, DISCBURN_FORMAT_ERASE, 0);
	EXPECT_EQ(DISCBURN_ERASE_ACTION_COMPLETED, p.action);
}

TEST(action_names_follow_the_format)
{
	EXPECT_STREQ("writing", discburn_action_name(DISCBURN_FORMAT_DATA,
						     DISCBURN_ACTION_WRITING_DATA));
	EXPECT_STREQ("verifying", discburn_action_name(DISCBURN_FORMAT_DATA,
						       DISCBURN_ACTION_VERIFYING));
	EXPECT_STREQ("formatting-media", discburn_action_name(DISCBURN_FORMAT_DATA,
							      DISCBURN_ACTION_FORMATTING_MEDIA));
	EXPECT_STREQ("erasing", discburn_action_name(DISCBURN_FORMAT_ERASE,
						     DISCBURN_ERASE_ACTION_ERASING));
	EXPECT_STREQ("finishing", discburn_action_name(DISCBURN_FORMAT_RAW,
						       DISCBURN_RAW_ACTION_FINISHING));
	EXPECT_EQ(NULL, discburn_action_name(DISCBURN_FORMAT_DATA, 99));
	EXPECT_EQ(NULL, discburn_action_name(DISCBURN_FORMAT_ERASE, 0));
	EXPECT_EQ(NULL, discburn_action_name(DISCBURN_FORMAT_NONE, 0));
}

TEST(kbps_to_sectors_rounds_to_the_nearest)
{
	EXPECT_EQ(75, discburn_kbps_to_sectors(154));	/* CD 1x, 153.6 kB/s */
	EXPECT_EQ(676, discburn_kbps_to_sectors(1385));	/* DVD 1x */
	EXPECT_EQ(2195, discburn_kbps_to_sectors(4495));	/* BD 1x */
	EXPECT_EQ(0, discburn_kbps_to_sectors(0));
	EXPECT_EQ(2097152000U, discburn_kbps_to_sectors(UINT32_MAX));
}

TEST_HARNESS_MAIN
