// SPDX-License-Identifier: GPL-2.0
/*
 * JSON writer. Keys are passed for members of objects and NULL for array
 * elements and the top-level value.
 */
#include "json.h"

/**
 * json_escape() - write @s as a JSON string literal, quotes included
 * @f: output
 * @s: bytes; NULL is written as null. Bytes >= 0x80 are passed through
 *     when they form valid UTF-8 and written as \u00XX otherwise, so the
 *     output is always valid JSON.
 */
void json_escape(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*p) {
		unsigned char c = *p;
		int len = 0, i;

		switch (c) {
		case '"': fputs("\\\"", f); p++; continue;
		case '\\': fputs("\\\\", f); p++; continue;
		case '\b': fputs("\\b", f); p++; continue;
		case '\f': fputs("\\f", f); p++; continue;
		case '\n': fputs("\\n", f); p++; continue;
		case '\r': fputs("\\r", f); p++; continue;
		case '\t': fputs("\\t", f); p++; continue;
		}
		if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
			p++;
			continue;
		}
		if (c < 0x80) {
			fputc(c, f);
			p++;
			continue;
		}
		if ((c & 0xE0) == 0xC0 && c >= 0xC2)
			len = 2;
		else if ((c & 0xF0) == 0xE0)
			len = 3;
		else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
			len = 4;
		for (i = 1; i < len; i++)
			if ((p[i] & 0xC0) != 0x80)
				len = 0;
		/* no overlong forms, surrogates or code points past U+10FFFF */
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0) ||
		    (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
			len = 0;
		if (!len) {
			/* not UTF-8: keep the byte's value, as U+0080..U+00FF */
			fprintf(f, "\\u%04x", c);
			p++;
			continue;
		}
		fwrite(p, 1, (size_t)len, f);
		p += len;
	}
	fputc('"', f);
}

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = true;
}

static void sep(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
	if (key) {
		json_escape(j->f, key);
		fputc(':', j->f);
	}
}

static void push(struct json *j, char c)
{
	fputc(c, j->f);
	if (j->depth < JSON_MAX_DEPTH - 1)
		j->depth++;
	j->first[j->depth] = true;
}

void json_object_begin(struct json *j, const char *key)
{
	sep(j, key);
	push(j, '{');
}

void json_object_end(struct json *j)
{
	fputc('}', j->f);
	if (j->depth)
		j->depth--;
}

void json_array_begin(struct json *j, const char *key)
{
	sep(j, key);
	push(j, '[');
}

void json_array_end(struct json *j)
{
	fputc(']', j->f);
	if (j->depth)
		j->depth--;
}

void json_string(struct json *j, const char *key, const char *val)
{
	sep(j, key);
	json_escape(j->f, val);
}

void json_int(struct json *j, const char *key, int64_t val)
{
	sep(j, key);
	fprintf(j->f, "%lld", (long long)val);
}

void json_uint(struct json *j, const char *key, uint64_t val)
{
	sep(j, key);
	fprintf(j->f, "%llu", (unsigned long long)val);
}

/* A number with three decimals; NaN and infinities, which JSON lacks, as null. */
void json_double(struct json *j, const char *key, double val)
{
	sep(j, key);
	if (val != val || val > 1e300 || val < -1e300)
		fputs("null", j->f);
	else
		fprintf(j->f, "%.3f", val);
}

void json_bool(struct json *j, const char *key, bool val)
{
	sep(j, key);
	fputs(val ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	sep(j, key);
	fputs("null", j->f);
}

void json_finish(struct json *j)
{
	fputc('\n', j->f);
	fflush(j->f);
	j->depth = 0;
	j->first[0] = true;
}
