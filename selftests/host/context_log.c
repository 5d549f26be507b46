// SPDX-License-Identifier: GPL-2.0
/*
 * Description: the library context: reference counting with NULL-safe
 * unref, LOG_ERR by default, DISCBURN_LOG overriding the priority, the
 * caller's log function receiving messages at or above the priority, and
 * objects refusing NULL out-parameters with E_POINTER.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

static int calls;
static int last_prio;

static void count_log(struct discburn_ctx *ctx, int priority, const char *file, int line,
		      const char *fn, const char *format, va_list args)
{
	calls++;
	last_prio = priority;
}

TEST(new_context_logs_errors_only_and_unref_frees_it)
{
	struct discburn_ctx *ctx = NULL;

	unsetenv("DISCBURN_LOG");
	ASSERT_EQ(0, discburn_new(&ctx));
	ASSERT_NE(NULL, ctx);
	EXPECT_EQ(LOG_ERR, discburn_get_log_priority(ctx));
	EXPECT_EQ(ctx, discburn_ref(ctx));
	EXPECT_EQ(NULL, discburn_unref(ctx));
	EXPECT_EQ(NULL, discburn_unref(ctx));
	EXPECT_EQ(NULL, discburn_unref(NULL));
	EXPECT_EQ(NULL, discburn_ref(NULL));
}

TEST(discburn_log_environment_sets_the_priority)
{
	static const struct {
		const char *env;
		int prio;
	} cases[] = {
		{ "debug", LOG_DEBUG }, { "info", LOG_INFO }, { "err", LOG_ERR },
		{ "7", LOG_DEBUG }, { "3", LOG_ERR }, { "warning", LOG_WARNING },
		{ "bogus", LOG_ERR }, { "42", LOG_ERR }, { "", LOG_ERR },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct discburn_ctx *ctx;

		setenv("DISCBURN_LOG", cases[i].env, 1);
		ASSERT_EQ(0, discburn_new(&ctx));
		EXPECT_EQ(cases[i].prio, discburn_get_log_priority(ctx)) TH_LOG("case %zu", i);
		discburn_unref(ctx);
	}
	unsetenv("DISCBURN_LOG");
}

TEST(log_function_gets_messages_at_or_above_the_priority)
{
	struct discburn_ctx *ctx;
	int data;

	unsetenv("DISCBURN_LOG");
	ASSERT_EQ(0, discburn_new(&ctx));
	discburn_set_log_fn(ctx, count_log, &data);
	EXPECT_EQ(&data, discburn_get_userdata(ctx));
	calls = 0;
	dbg(ctx, "hidden %d\n", 1);
	EXPECT_EQ(0, calls);
	err(ctx, "shown %d\n", 2);
	EXPECT_EQ(1, calls);
	EXPECT_EQ(LOG_ERR, last_prio);
	discburn_set_log_priority(ctx, LOG_DEBUG);
	dbg(ctx, "shown %d\n", 3);
	EXPECT_EQ(2, calls);
	EXPECT_EQ(LOG_DEBUG, last_prio);
	discburn_set_log_fn(ctx, NULL, NULL);
	err(ctx, "dropped\n");
	EXPECT_EQ(2, calls);
	discburn_unref(ctx);
}

TEST(null_out_parameters_are_e_pointer)
{
	struct discburn_ctx *ctx;

	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_POINTER), discburn_new(NULL));
	ASSERT_EQ(0, discburn_new(&ctx));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_POINTER), discburn_recorder_new(ctx, "0", NULL));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_POINTER), discburn_recorder_enumerate(ctx, NULL, NULL));
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_POINTER), discburn_monitor_new(ctx, NULL));
	EXPECT_EQ(NULL, discburn_recorder_unref(NULL));
	EXPECT_EQ(NULL, discburn_monitor_unref(NULL));
	discburn_unref(ctx);
}

TEST(malformed_device_name_is_invalidarg_before_any_io)
{
	struct discburn_recorder *rec = (void *)1;
	struct discburn_ctx *ctx;

	ASSERT_EQ(0, discburn_new(&ctx));
	discburn_set_log_fn(ctx, NULL, NULL);
	EXPECT_EQ(DISCBURN_STATUS(DISCBURN_E_INVALIDARG), discburn_recorder_new(ctx, "/dev/sda", &rec));
	EXPECT_EQ((void *)1, rec);
	discburn_unref(ctx);
}

TEST_HARNESS_MAIN
