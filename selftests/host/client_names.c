// SPDX-License-Identifier: GPL-2.0
/*
 * Description: client-name validation follows the cdrom class driver:
 * 1-63 bytes of 0-9 A-Z a-z and " .,:;_-", NUL-terminated.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

TEST(names_of_1_and_63_bytes_are_valid_and_64_is_not)
{
	char name[80];

	EXPECT_TRUE(discburn_client_name_valid("a"));
	memset(name, 'x', 63);
	name[63] = '\0';
	EXPECT_TRUE(discburn_client_name_valid(name));
	name[63] = 'x';
	name[64] = '\0';
	EXPECT_FALSE(discburn_client_name_valid(name));
}

TEST(each_allowed_punctuation_character_is_valid)
{
	const char *p;
	char name[4];

	for (p = " .,:;_-"; *p; p++) {
		name[0] = 'A';
		name[1] = *p;
		name[2] = 'z';
		name[3] = '\0';
		EXPECT_TRUE(discburn_client_name_valid(name)) TH_LOG("'%c'", *p);
	}
	EXPECT_TRUE(discburn_client_name_valid("Kiosk Burner 2.0, a:b;c_d-e"));
	EXPECT_TRUE(discburn_client_name_valid("0123456789"));
}

TEST(forbidden_bytes_and_empty_names_are_invalid)
{
	static const char *const bad[] = {
		"", "a/b", "it's", "tab\there", "\x80", "caf\xc3\xa9", "a\\b", "(x)",
		"a\"b", "a@b", "#1", "bang!", "new\nline", "a+b", "a=b", "~", "\x7f",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_FALSE(discburn_client_name_valid(bad[i])) TH_LOG("#%zu", i);
	EXPECT_FALSE(discburn_client_name_valid(NULL));
}

TEST(every_byte_is_judged_like_the_cdrom_driver)
{
	unsigned int c;

	for (c = 1; c < 256; c++) {
		bool want = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
			    (c >= 'a' && c <= 'z') || (c && strchr(" .,:;_-", (int)c));
		char name[2] = { (char)c, 0 };

		EXPECT_EQ(want, discburn_client_name_valid(name)) TH_LOG("byte 0x%02x", c);
	}
}

TEST(profile_and_media_names_cover_the_common_discs)
{
	EXPECT_STREQ("CD-R", discburn_profile_name(0x09));
	EXPECT_STREQ("CD-RW", discburn_profile_name(0x0A));
	EXPECT_STREQ("DVD+R", discburn_profile_name(0x1B));
	EXPECT_STREQ("BD-RE", discburn_profile_name(0x43));
	EXPECT_EQ(NULL, discburn_profile_name(0x1234));
	EXPECT_STREQ("CD-R", discburn_media_type_name(DISCBURN_MEDIA_CDR));
	EXPECT_STREQ("BD-RE", discburn_media_type_name(DISCBURN_MEDIA_BDRE));
	EXPECT_STREQ("DVD-R", discburn_media_type_name(DISCBURN_MEDIA_DVDDASHR));
	EXPECT_EQ(NULL, discburn_media_type_name(0x14));
}

TEST_HARNESS_MAIN
