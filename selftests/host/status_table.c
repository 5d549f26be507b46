// SPDX-License-Identifier: GPL-2.0
/*
 * Description: libdiscburn's status table against uapi/linux/discburn.h:
 * every DISCBURN_S_ and DISCBURN_E_ value of the header has exactly one
 * entry with its name, value and a sentence; no entry is missing or extra;
 * failures are negative ints; errno-only failures map to the COM values.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

struct uapi_status {
	char name[96];
	uint32_t value;
};

/* Parse "#define DISCBURN_[SE]_x 0x...U" lines of the header next to this build. */
static size_t read_uapi(struct uapi_status *out, size_t max)
{
	char exe[PATH_MAX], path[PATH_MAX + 64], line[512];
	ssize_t len;
	size_t n = 0;
	FILE *f;
	int up;

	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0)
		return 0;
	exe[len] = '\0';
	/* TOP/build/hosttests[-san]/NAME -> TOP */
	for (up = 0; up < 3; up++) {
		char *slash = strrchr(exe, '/');

		if (!slash)
			return 0;
		*slash = '\0';
	}
	snprintf(path, sizeof(path), "%s/uapi/linux/discburn.h", exe);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f) && n < max) {
		char name[96];
		unsigned int v;

		if (sscanf(line, "#define %95s 0x%xU", name, &v) != 2)
			continue;
		if (strncmp(name, "DISCBURN_S_", 11) && strncmp(name, "DISCBURN_E_", 11))
			continue;
		snprintf(out[n].name, sizeof(out[n].name), "%s", name);
		out[n].value = v;
		n++;
	}
	fclose(f);
	return n;
}

static struct uapi_status uapi[512];

TEST(every_uapi_status_has_one_table_entry_with_its_name)
{
	size_t n = read_uapi(uapi, 512), i, j;

	ASSERT_GT(n, 90);
	for (i = 0; i < n; i++) {
		int found = 0;

		for (j = 0; j < discburn_status_table_len; j++)
			if (discburn_status_table[j].value == uapi[i].value) {
				found++;
				EXPECT_STREQ(uapi[i].name, discburn_status_table[j].name);
			}
		EXPECT_EQ(1, found) TH_LOG("%s 0x%08X", uapi[i].name, uapi[i].value);
	}
}

TEST(table_has_no_entry_the_header_lacks)
{
	size_t n = read_uapi(uapi, 512), i, j;

	ASSERT_GT(n, 90);
	EXPECT_EQ(n, discburn_status_table_len);
	for (j = 0; j < discburn_status_table_len; j++) {
		int found = 0;

		for (i = 0; i < n; i++)
			found += uapi[i].value == discburn_status_table[j].value;
		EXPECT_EQ(1, found) TH_LOG("%s", discburn_status_table[j].name);
	}
}

TEST(table_values_and_names_are_unique)
{
	size_t i, j;

	for (i = 0; i < discburn_status_table_len; i++)
		for (j = i + 1; j < discburn_status_table_len; j++) {
			EXPECT_NE(discburn_status_table[i].value, discburn_status_table[j].value);
			EXPECT_STRNE(discburn_status_table[i].name, discburn_status_table[j].name);
		}
}

TEST(strerror_has_a_sentence_for_every_status)
{
	size_t i;

	for (i = 0; i < discburn_status_table_len; i++) {
		int st = (int)discburn_status_table[i].value;
		const char *s = discburn_strerror(st);

		ASSERT_NE(NULL, s);
		EXPECT_GT(strlen(s), 5);
		EXPECT_EQ(NULL, strstr(s, "Unknown"));
		EXPECT_STREQ(discburn_status_table[i].name, discburn_status_name(st));
	}
}

TEST(failures_are_negative_and_successes_are_not)
{
	size_t i;

	for (i = 0; i < discburn_status_table_len; i++) {
		const char *name = discburn_status_table[i].name;
		int st = (int)discburn_status_table[i].value;

		bool failure = !strncmp(name, "DISCBURN_E_", 11);

		EXPECT_EQ(failure, DISCBURN_FAILED(st)) TH_LOG("%s", name);
	}
	EXPECT_EQ((int)0xC0AA0210, DISCBURN_STATUS(DISCBURN_E_RECORDER_LOCKED));
	EXPECT_LT(DISCBURN_STATUS(DISCBURN_E_RECORDER_LOCKED), 0);
}

TEST(unknown_status_gets_a_generic_text_and_no_name)
{
	EXPECT_STREQ("Unknown failure", discburn_strerror((int)0xC0AAFFFFu));
	EXPECT_STREQ("Unknown success code", discburn_strerror(0x00AAFFFF));
	EXPECT_EQ(NULL, discburn_status_name((int)0xC0AAFFFFu));
	EXPECT_STREQ("Success", discburn_strerror(0));
}

TEST(errno_only_failures_map_to_com_values)
{
	EXPECT_EQ(0, discburn_status_from_errno(0));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY), discburn_status_from_errno(ENOMEM));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_INVALIDARG), discburn_status_from_errno(EINVAL));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_ACCESS_DENIED), discburn_status_from_errno(EACCES));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_ACCESS_DENIED), discburn_status_from_errno(EPERM));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_DEVICE_NOT_CONNECTED), discburn_status_from_errno(ENOENT));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_DEVICE_NOT_CONNECTED), discburn_status_from_errno(ENODEV));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_POINTER), discburn_status_from_errno(EFAULT));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_NOTIMPL), discburn_status_from_errno(ENOTTY));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_RECORDER_LOCKED), discburn_status_from_errno(EBUSY));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_RECORDER_MEDIA_NO_MEDIA), discburn_status_from_errno(ENOMEDIUM));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_RECORDER_COMMAND_TIMEOUT), discburn_status_from_errno(ETIMEDOUT));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_FAIL), discburn_status_from_errno(EXDEV));
}

TEST_HARNESS_MAIN
