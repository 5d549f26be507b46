// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The driver's sysfs class: enumeration, attributes, srN lookup. Every
 * function takes the class directory so the host tests can point it at a
 * fake tree.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/**
 * discburn_sysfs_read() - read one attribute of discburnN, without the newline
 * @root: the class directory (DISCBURN_SYSFS_CLASS)
 * @index: N
 * @attr: attribute name
 * @buf: out: NUL-terminated contents
 * @len: size of @buf
 *
 * Return: length read, or a negative errno.
 */
int discburn_sysfs_read(const char *root, unsigned int index, const char *attr,
			char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	if (len == 0)
		return -EINVAL;
	if (snprintf(path, sizeof(path), "%s/%s%u/%s", root, DISCBURN_DEVICE_PREFIX,
		     index, attr) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return (int)n;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return (int)n;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/**
 * discburn_sysfs_enumerate() - N of every discburnN entry, ascending
 * @root: the class directory
 * @indexes: out: malloc()ed array, NULL if none
 * @count: out: entries
 *
 * A missing class directory (module not loaded) is an empty list.
 *
 * Return: 0 or a negative errno.
 */
int discburn_sysfs_enumerate(const char *root, unsigned int **indexes, size_t *count)
{
	unsigned int *list = NULL, *tmp;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *dir;

	*indexes = NULL;
	*count = 0;
	dir = opendir(root);
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dir))) {
		enum discburn_devarg_kind kind;
		unsigned int idx;

		if (strncmp(de->d_name, DISCBURN_DEVICE_PREFIX,
			    strlen(DISCBURN_DEVICE_PREFIX)))
			continue;
		if (discburn_parse_devarg(de->d_name, &kind, &idx) ||
		    kind != DISCBURN_DEVARG_INDEX)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			tmp = realloc(list, cap * sizeof(*list));
			if (!tmp) {
				free(list);
				closedir(dir);
				return -ENOMEM;
			}
			list = tmp;
		}
		list[n++] = idx;
	}
	closedir(dir);
	if (n)
		qsort(list, n, sizeof(*list), cmp_uint);
	*indexes = list;
	*count = n;
	return 0;
}

/**
 * discburn_sysfs_find_sr() - which recorder drives /dev/srN
 * @root: the class directory
 * @sr: N of srN
 * @index: out: N of the matching discburnN
 *
 * Return: 0, -ENODEV if no recorder has that block device, or a negative errno.
 */
int discburn_sysfs_find_sr(const char *root, unsigned int sr, unsigned int *index)
{
	unsigned int *list;
	char want[32], buf[64];
	size_t n, i;
	int ret;

	ret = discburn_sysfs_enumerate(root, &list, &n);
	if (ret)
		return ret;
	snprintf(want, sizeof(want), "sr%u", sr);
	ret = -ENODEV;
	for (i = 0; i < n; i++) {
		if (discburn_sysfs_read(root, list[i], "block_device", buf, sizeof(buf)) < 0)
			continue;
		if (!strcmp(buf, want)) {
			*index = list[i];
			ret = 0;
			break;
		}
	}
	free(list);
	return ret;
}

/**
 * discburn_parse_u16_list() - parse "0x0009 0x000a" or "9,10" into numbers
 * @s: the text (whitespace or comma separated; base 0 numbers)
 * @out: out: malloc()ed array, NULL when empty
 * @count: out: entries
 *
 * Return: 0, -EINVAL for a malformed or out-of-range entry, -ENOMEM.
 */
int discburn_parse_u16_list(const char *s, uint16_t **out, size_t *count)
{
	uint16_t *list = NULL, *tmp;
	size_t n = 0;

	*out = NULL;
	*count = 0;
	while (*s) {
		unsigned long v;
		char *end;

		if (*s == ' ' || *s == ',' || *s == '\n' || *s == '\t') {
			s++;
			continue;
		}
		if (*s < '0' || *s > '9')
			goto err_inval;
		errno = 0;
		v = strtoul(s, &end, 0);
		if (errno || end == s || v > 0xFFFF)
			goto err_inval;
		if (*end && *end != ' ' && *end != ',' && *end != '\n' && *end != '\t')
			goto err_inval;
		tmp = realloc(list, (n + 1) * sizeof(*list));
		if (!tmp) {
			free(list);
			return -ENOMEM;
		}
		list = tmp;
		list[n++] = (uint16_t)v;
		s = end;
	}
	*out = list;
	*count = n;
	return 0;

err_inval:
	free(list);
	return -EINVAL;
}
