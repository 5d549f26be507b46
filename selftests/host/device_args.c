// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the device arguments the library and CLI accept:
 * /dev/discburnN, discburnN, N, /dev/srN, srN, and nothing else.
 */
#include <errno.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

static int parse(const char *s, enum discburn_devarg_kind *k, unsigned int *n)
{
	return discburn_parse_devarg(s, k, n);
}

TEST(recorder_path_name_and_number_give_the_index)
{
	enum discburn_devarg_kind k;
	unsigned int n;

	ASSERT_EQ(0, parse("/dev/discburn0", &k, &n));
	EXPECT_EQ(DISCBURN_DEVARG_INDEX, k);
	EXPECT_EQ(0, n);
	ASSERT_EQ(0, parse("discburn12", &k, &n));
	EXPECT_EQ(DISCBURN_DEVARG_INDEX, k);
	EXPECT_EQ(12, n);
	ASSERT_EQ(0, parse("7", &k, &n));
	EXPECT_EQ(DISCBURN_DEVARG_INDEX, k);
	EXPECT_EQ(7, n);
	ASSERT_EQ(0, parse("255", &k, &n));
	EXPECT_EQ(255, n);
}

TEST(sr_path_and_name_give_the_block_device_number)
{
	enum discburn_devarg_kind k;
	unsigned int n;

	ASSERT_EQ(0, parse("sr0", &k, &n));
	EXPECT_EQ(DISCBURN_DEVARG_SR, k);
	EXPECT_EQ(0, n);
	ASSERT_EQ(0, parse("/dev/sr3", &k, &n));
	EXPECT_EQ(DISCBURN_DEVARG_SR, k);
	EXPECT_EQ(3, n);
}

TEST(malformed_arguments_are_rejected)
{
	static const char *const bad[] = {
		"", "/dev/", "discburn", "sr", "/dev/discburn", "/dev/sr",
		"01", "sr01", "-1", "+1", "1a", " 1", "1 ", "0x1", "/dev/5",
		"/dev/sda", "sda", "discburn1x", "/dev/discburn1/", "dev/sr0",
		"/dev//sr0", "/dev/discburn-1", "srX",
	};
	enum discburn_devarg_kind k;
	unsigned int n;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_EQ(-EINVAL, parse(bad[i], &k, &n)) TH_LOG("bad[%zu]", i);
	EXPECT_EQ(-EINVAL, parse(NULL, &k, &n));
}

TEST(numbers_beyond_int_max_are_out_of_range)
{
	enum discburn_devarg_kind k;
	unsigned int n;

	EXPECT_EQ(-ERANGE, parse("99999999999", &k, &n));
	EXPECT_EQ(-ERANGE, parse("sr2147483648", &k, &n));
	EXPECT_EQ(0, parse("2147483647", &k, &n));
}

TEST_HARNESS_MAIN
