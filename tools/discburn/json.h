/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal JSON writer for --json output: one object per call site, keys
 * in the order written, strings escaped per RFC 8259.
 */
#ifndef _DISCBURN_CLI_JSON_H_
#define _DISCBURN_CLI_JSON_H_

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 8

struct json {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];
};

void json_escape(FILE *f, const char *s);
void json_init(struct json *j, FILE *f);
void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_string(struct json *j, const char *key, const char *val);
void json_int(struct json *j, const char *key, int64_t val);
void json_uint(struct json *j, const char *key, uint64_t val);
void json_double(struct json *j, const char *key, double val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);
/* ends the top-level value with a newline and flushes */
void json_finish(struct json *j);

#endif /* _DISCBURN_CLI_JSON_H_ */
