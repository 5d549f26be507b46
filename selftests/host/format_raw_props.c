// SPDX-License-Identifier: GPL-2.0
/*
 * Description: discburn_format_raw without a drive: put_ClientName takes
 * valid names and refuses empty, 64-byte and forbidden-byte ones with
 * DF2RAW_CLIENT_NAME_IS_NOT_VALID and an allocation failure with
 * E_OUTOFMEMORY (each leaving the name as it was); the defaults (IS_COOKED,
 * BUFE on, fastest); every member that needs a recorder or a prepared
 * medium says so (NO_RECORDER_SPECIFIED, MEDIA_IS_NOT_PREPARED,
 * WRITE_NOT_IN_PROGRESS); bad values are E_INVALIDARG.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

#define ST(x) DISCBURN_STATUS(DISCBURN_##x)

/* The library's strdup, made to fail on demand (the test links its sources). */
static int fail_strdup;

char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (fail_strdup)
		return NULL;
	p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

FIXTURE(raw) {
	struct discburn_ctx *ctx;
	struct discburn_format_raw *raw;
};

FIXTURE_SETUP(raw)
{
	ASSERT_EQ(0, discburn_new(&self->ctx));
	discburn_set_log_fn(self->ctx, NULL, NULL);
	ASSERT_EQ(0, discburn_format_raw_new(self->ctx, &self->raw));
}

FIXTURE_TEARDOWN(raw)
{
	fail_strdup = 0;
	discburn_format_raw_unref(self->raw);
	discburn_unref(self->ctx);
}

TEST_F(raw, client_name_one_by_one)
{
	char name[80];

	EXPECT_EQ(NULL, discburn_format_raw_get_client_name(self->raw));
	ASSERT_EQ(0, discburn_format_raw_put_client_name(self->raw, "Raw Kiosk 1.0"));
	EXPECT_STREQ("Raw Kiosk 1.0", discburn_format_raw_get_client_name(self->raw));
	EXPECT_EQ(ST(E_DF2RAW_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_raw_put_client_name(self->raw, ""));
	memset(name, 'n', 64);
	name[64] = '\0';
	EXPECT_EQ(ST(E_DF2RAW_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_raw_put_client_name(self->raw, name));
	name[63] = '\0';
	EXPECT_EQ(0, discburn_format_raw_put_client_name(self->raw, name));
	EXPECT_EQ(ST(E_DF2RAW_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_raw_put_client_name(self->raw, "a/b"));
	EXPECT_EQ(ST(E_DF2RAW_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_raw_put_client_name(self->raw, "tab\there"));
	EXPECT_EQ(ST(E_DF2RAW_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_raw_put_client_name(self->raw, "caf\xc3\xa9"));
	EXPECT_STREQ(name, discburn_format_raw_get_client_name(self->raw));
	fail_strdup = 1;
	EXPECT_EQ(ST(E_OUTOFMEMORY), discburn_format_raw_put_client_name(self->raw, "Other"));
	fail_strdup = 0;
	EXPECT_STREQ(name, discburn_format_raw_get_client_name(self->raw));
	EXPECT_EQ(ST(E_POINTER), discburn_format_raw_put_client_name(self->raw, NULL));
	EXPECT_EQ(ST(E_POINTER), discburn_format_raw_put_client_name(NULL, "x"));
}

TEST_F(raw, defaults_and_bad_values)
{
	EXPECT_EQ(DISCBURN_RAW_SUBCODE_IS_COOKED,
		  discburn_format_raw_get_requested_sector_type(self->raw));
	EXPECT_FALSE(discburn_format_raw_get_buffer_underrun_free_disabled(self->raw));
	EXPECT_EQ(-1, discburn_format_raw_get_requested_write_speed(self->raw));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_format_raw_put_requested_sector_type(self->raw, 0));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_format_raw_put_requested_sector_type(self->raw, 4));
	EXPECT_EQ(0, discburn_format_raw_put_requested_sector_type(self->raw,
								    DISCBURN_RAW_SUBCODE_IS_RAW));
	EXPECT_EQ(DISCBURN_RAW_SUBCODE_IS_RAW,
		  discburn_format_raw_get_requested_sector_type(self->raw));
	EXPECT_EQ(0, discburn_format_raw_put_buffer_underrun_free_disabled(self->raw, true));
	EXPECT_TRUE(discburn_format_raw_get_buffer_underrun_free_disabled(self->raw));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_format_raw_set_write_speed(self->raw, 0, false));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_format_raw_set_write_speed(self->raw, -2, false));
	EXPECT_EQ(0, discburn_format_raw_set_write_speed(self->raw, 600, true));
	EXPECT_EQ(600, discburn_format_raw_get_requested_write_speed(self->raw));
	EXPECT_TRUE(discburn_format_raw_get_requested_rotation_type_is_pure_cav(self->raw));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_format_raw_write_media2(self->raw, 0, -1));
}

TEST_F(raw, without_recorder_or_preparation)
{
	struct discburn_write_progress p = { .size = sizeof(p) };
	struct discburn_recorder *rec = (void *)1;
	uint32_t type, *types;
	size_t n;
	int32_t lba;
	bool yes;

	EXPECT_EQ(0, discburn_format_raw_get_recorder(self->raw, &rec));
	EXPECT_EQ(NULL, rec);
	EXPECT_EQ(ST(E_DF2RAW_NO_RECORDER_SPECIFIED), discburn_format_raw_prepare_media(self->raw));
	EXPECT_EQ(ST(E_DF2RAW_NO_RECORDER_SPECIFIED),
		  discburn_format_raw_get_current_physical_media_type(self->raw, &type));
	EXPECT_EQ(ST(E_DF2RAW_NO_RECORDER_SPECIFIED),
		  discburn_format_raw_get_supported_sector_types(self->raw, &types, &n));
	EXPECT_EQ(ST(E_DF2RAW_NO_RECORDER_SPECIFIED),
		  discburn_format_raw_is_recorder_supported(self->raw, NULL, &yes));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_NOT_PREPARED),
		  discburn_format_raw_get_start_of_next_session(self->raw, &lba));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_NOT_PREPARED),
		  discburn_format_raw_get_last_possible_start_of_leadout(self->raw, &lba));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_NOT_PREPARED), discburn_format_raw_release_media(self->raw));
	EXPECT_EQ(ST(E_DF2RAW_MEDIA_IS_NOT_PREPARED), discburn_format_raw_write_media(self->raw, 0));
	EXPECT_EQ(ST(E_DF2RAW_WRITE_NOT_IN_PROGRESS), discburn_format_raw_cancel_write(self->raw));
	EXPECT_EQ(ST(E_DF2RAW_WRITE_NOT_IN_PROGRESS),
		  discburn_format_raw_get_last_progress(self->raw, &p));
	EXPECT_EQ(-1, discburn_format_raw_get_failed_lba(self->raw));
}

TEST_HARNESS_MAIN
