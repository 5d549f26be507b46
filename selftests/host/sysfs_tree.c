// SPDX-License-Identifier: GPL-2.0
/*
 * Description: enumeration and attribute reading against a fake
 * /sys/class/discburn tree: indexes ascend numerically, other entries are
 * ignored, a missing class is an empty list, srN finds its recorder,
 * attributes lose their newline, number lists parse strictly.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

static void put(const char *root, const char *dir, const char *attr, const char *val)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, dir);
	mkdir(path, 0755);
	if (!attr)
		return;
	snprintf(path, sizeof(path), "%s/%s/%s", root, dir, attr);
	f = fopen(path, "w");
	if (f) {
		fputs(val, f);
		fclose(f);
	}
}

static char *fake_tree(void)
{
	static char root[] = "/tmp/discburn-sysfs-XXXXXX";
	char *r = strdup(root);

	if (!mkdtemp(r))
		return NULL;
	put(r, "discburn10", "block_device", "sr3\n");
	put(r, "discburn2", "block_device", "\n");
	put(r, "discburn0", "block_device", "sr0\n");
	put(r, "discburn0", "vendor", "DISCBURN\n");
	put(r, "discburnX", NULL, NULL);
	put(r, "discburn01", NULL, NULL);
	put(r, "sr0", NULL, NULL);
	return r;
}

static void rm_tree(char *root)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		perror("rm");
	free(root);
}

TEST(recorders_are_listed_in_numeric_order_without_strangers)
{
	char *root = fake_tree();
	unsigned int *list;
	size_t n;

	ASSERT_NE(NULL, root);
	ASSERT_EQ(0, discburn_sysfs_enumerate(root, &list, &n));
	ASSERT_EQ(3, n);
	EXPECT_EQ(0, list[0]);
	EXPECT_EQ(2, list[1]);
	EXPECT_EQ(10, list[2]);
	free(list);
	rm_tree(root);
}

TEST(missing_class_directory_is_an_empty_list)
{
	unsigned int *list = (void *)1;
	size_t n = 99;

	ASSERT_EQ(0, discburn_sysfs_enumerate("/nonexistent/discburn", &list, &n));
	EXPECT_EQ(0, n);
	EXPECT_EQ(NULL, list);
}

TEST(sr_block_device_finds_its_recorder)
{
	char *root = fake_tree();
	unsigned int idx = 99;

	ASSERT_EQ(0, discburn_sysfs_find_sr(root, 3, &idx));
	EXPECT_EQ(10, idx);
	ASSERT_EQ(0, discburn_sysfs_find_sr(root, 0, &idx));
	EXPECT_EQ(0, idx);
	EXPECT_EQ(-ENODEV, discburn_sysfs_find_sr(root, 1, &idx));
	rm_tree(root);
}

TEST(attribute_is_read_without_its_newline)
{
	char *root = fake_tree();
	char buf[64];

	EXPECT_EQ(8, discburn_sysfs_read(root, 0, "vendor", buf, sizeof(buf)));
	EXPECT_STREQ("DISCBURN", buf);
	EXPECT_EQ(0, discburn_sysfs_read(root, 2, "block_device", buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
	EXPECT_EQ(-ENOENT, discburn_sysfs_read(root, 0, "nothing", buf, sizeof(buf)));
	EXPECT_EQ(3, discburn_sysfs_read(root, 0, "vendor", buf, 4));
	EXPECT_STREQ("DIS", buf);
	rm_tree(root);
}

TEST(number_lists_parse_hex_and_decimal_and_refuse_junk)
{
	uint16_t *v;
	size_t n;

	ASSERT_EQ(0, discburn_parse_u16_list("0x0009 0x000a,27\n", &v, &n));
	ASSERT_EQ(3, n);
	EXPECT_EQ(0x09, v[0]);
	EXPECT_EQ(0x0a, v[1]);
	EXPECT_EQ(27, v[2]);
	free(v);
	ASSERT_EQ(0, discburn_parse_u16_list("\n", &v, &n));
	EXPECT_EQ(0, n);
	EXPECT_EQ(NULL, v);
	EXPECT_EQ(-EINVAL, discburn_parse_u16_list("0x10000", &v, &n));
	EXPECT_EQ(-EINVAL, discburn_parse_u16_list("9 x", &v, &n));
	EXPECT_EQ(-EINVAL, discburn_parse_u16_list("-1", &v, &n));
	EXPECT_EQ(-EINVAL, discburn_parse_u16_list("12abc", &v, &n));
}

TEST_HARNESS_MAIN
