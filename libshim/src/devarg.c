// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Parsing of the device arguments every entry point accepts:
 * /dev/discburnN, discburnN, N, /dev/srN and srN. Pure: no I/O.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "internal.h"

/* A decimal number without sign, leading zeros ("0" itself is fine) or tail. */
static int parse_index(const char *s, unsigned int *n)
{
	unsigned long v = 0;

	if (!*s || (s[0] == '0' && s[1]))
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > INT_MAX)
			return -ERANGE;
	}
	*n = (unsigned int)v;
	return 0;
}

static const char *skip_prefix(const char *s, const char *prefix)
{
	size_t len = strlen(prefix);

	return strncmp(s, prefix, len) ? NULL : s + len;
}

/**
 * discburn_parse_devarg() - understand a device argument
 * @arg: the user's string
 * @kind: out: whether N names a discburn recorder or an sr block device
 * @n: out: the number
 *
 * Return: 0, or -EINVAL (-ERANGE for numbers beyond INT_MAX).
 */
int discburn_parse_devarg(const char *arg, enum discburn_devarg_kind *kind,
			  unsigned int *n)
{
	const char *name, *p;

	if (!arg)
		return -EINVAL;
	name = skip_prefix(arg, "/dev/");
	if (!name)
		name = arg;
	p = skip_prefix(name, DISCBURN_DEVICE_PREFIX);
	if (p) {
		*kind = DISCBURN_DEVARG_INDEX;
		return parse_index(p, n);
	}
	p = skip_prefix(name, "sr");
	if (p) {
		*kind = DISCBURN_DEVARG_SR;
		return parse_index(p, n);
	}
	if (name != arg)	/* "/dev/5" is not a recorder */
		return -EINVAL;
	*kind = DISCBURN_DEVARG_INDEX;
	return parse_index(arg, n);
}
