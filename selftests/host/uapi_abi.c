// SPDX-License-Identifier: GPL-2.0
/*
 * The uapi is an ABI: every ioctl struct's size and the offsets of its
 * 64-bit fields are pinned here, so that a change that would break
 * existing binaries (or 32-bit callers: every __u64 sits at a multiple of
 * 8, so i386 and x86-64 lay the structs out alike) fails a test instead
 * of a user.
 */
#include <stddef.h>
#include <linux/discburn.h>

#include "kselftest_harness.h"

#define SIZE(_s, _n)	EXPECT_EQ(_n, sizeof(struct _s)) TH_LOG(#_s)
#define OFF(_s, _f, _n)	EXPECT_EQ(_n, offsetof(struct _s, _f)) TH_LOG(#_s "." #_f)

TEST(struct_sizes)
{
	SIZE(discburn_identity, 80);
	SIZE(discburn_profiles, 272);
	SIZE(discburn_features, 1040);
	SIZE(discburn_mode_pages, 24);
	SIZE(discburn_capabilities, 32);
	SIZE(discburn_write_speeds, 272);
	SIZE(discburn_media_info, 80);
	SIZE(discburn_lock, 80);
	SIZE(discburn_unlock, 16);
	SIZE(discburn_owner, 96);
	SIZE(discburn_eject, 16);
	SIZE(discburn_client_name, 80);
	SIZE(discburn_format_support, 32);
	SIZE(discburn_data_begin, 64);
	SIZE(discburn_session_finish, 32);
	SIZE(discburn_session_cancel, 16);
	SIZE(discburn_progress, 144);
	SIZE(discburn_erase, 16);
	SIZE(discburn_raw_prepare, 48);
	SIZE(discburn_raw_write, 56);
	SIZE(discburn_raw_release, 16);
	SIZE(discburn_stream_join, 24);
}

TEST(every_struct_begins_with_size_and_status)
{
	OFF(discburn_progress, size, 0);
	OFF(discburn_progress, status, 4);
	OFF(discburn_data_begin, status, 4);
	OFF(discburn_raw_write, status, 4);
}

TEST(u64_fields_are_8_byte_aligned)
{
	OFF(discburn_mode_pages, pages, 16);
	OFF(discburn_owner, since_ns, 16);
	OFF(discburn_format_support, media_types, 16);
	OFF(discburn_data_begin, stream_bytes, 24);
	OFF(discburn_session_finish, bytes, 24);
	OFF(discburn_progress, elapsed_ns, 48);
	OFF(discburn_progress, bytes_written, 88);
	OFF(discburn_progress, writes, 112);
	OFF(discburn_raw_write, stream_bytes, 16);
}

TEST(ioctl_numbers_carry_no_size)
{
	EXPECT_EQ(_IO(0xDB, 0x40), DISCBURN_IOC_GET_IDENTITY);
	EXPECT_EQ(_IO(0xDB, 0x4d), DISCBURN_IOC_DATA_BEGIN);
	EXPECT_EQ(_IO(0xDB, 0x54), DISCBURN_IOC_RAW_RELEASE);
}

TEST_HARNESS_MAIN
