// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the CLI's JSON writer produces valid JSON: strings escaped
 * per RFC 8259 (quotes, backslash, control bytes), valid UTF-8 kept,
 * invalid bytes and surrogates escaped, members and arrays comma-separated.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "tools/discburn/json.c"

static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	json_escape(f, s);
	fclose(f);
	return buf;
}

#define EXPECT_ESCAPE(want, in)				\
	do {						\
		char *_got = escaped(in);		\
		EXPECT_STREQ(want, _got);		\
		free(_got);				\
	} while (0)

TEST(quotes_backslashes_and_control_bytes_are_escaped)
{
	EXPECT_ESCAPE("\"plain\"", "plain");
	EXPECT_ESCAPE("\"a\\\"b\"", "a\"b");
	EXPECT_ESCAPE("\"a\\\\b\"", "a\\b");
	EXPECT_ESCAPE("\"\\n\\r\\t\\b\\f\"", "\n\r\t\b\f");
	EXPECT_ESCAPE("\"\\u0001\\u001f\\u007f\"", "\x01\x1f\x7f");
	EXPECT_ESCAPE("\"/\"", "/");
	EXPECT_ESCAPE("\"\"", "");
	EXPECT_ESCAPE("null", NULL);
}

TEST(valid_utf8_is_kept)
{
	EXPECT_ESCAPE("\"caf\xc3\xa9\"", "caf\xc3\xa9");
	EXPECT_ESCAPE("\"\xe2\x82\xac\"", "\xe2\x82\xac");
	EXPECT_ESCAPE("\"\xf0\x9f\x92\xbf\"", "\xf0\x9f\x92\xbf");
}

TEST(invalid_utf8_bytes_are_escaped)
{
	EXPECT_ESCAPE("\"\\u0080\"", "\x80");
	EXPECT_ESCAPE("\"\\u00c3(\"", "\xc3(");
	EXPECT_ESCAPE("\"\\u00c0\\u0080\"", "\xc0\x80");		/* overlong */
	EXPECT_ESCAPE("\"\\u00ed\\u00a0\\u0080\"", "\xed\xa0\x80");	/* surrogate */
	EXPECT_ESCAPE("\"\\u00f4\\u0090\\u0080\\u0080\"", "\xf4\x90\x80\x80"); /* > U+10FFFF */
	EXPECT_ESCAPE("\"\\u00e2\\u0082\"", "\xe2\x82");		/* truncated */
}

TEST(objects_and_arrays_are_comma_separated)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, f);
	json_object_begin(&j, NULL);
	json_string(&j, "a", "x");
	json_int(&j, "b", -1);
	json_array_begin(&j, "c");
	json_uint(&j, NULL, 1);
	json_uint(&j, NULL, 2);
	json_object_begin(&j, NULL);
	json_bool(&j, "d", true);
	json_null(&j, "e");
	json_object_end(&j);
	json_array_end(&j);
	json_array_begin(&j, "empty");
	json_array_end(&j);
	json_bool(&j, "f", false);
	json_object_end(&j);
	json_finish(&j);
	fclose(f);
	EXPECT_STREQ("{\"a\":\"x\",\"b\":-1,\"c\":[1,2,{\"d\":true,\"e\":null}],"
		     "\"empty\":[],\"f\":false}\n", buf);
	free(buf);
}

TEST_HARNESS_MAIN
