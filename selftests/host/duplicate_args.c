// SPDX-License-Identifier: GPL-2.0
/*
 * Description: discburn_format_data_write_multi() and _stream() refuse
 * arguments that cannot make sense before touching anything (no driver
 * needed): a NULL array or writer, no writer, more than
 * DISCBURN_DUPLICATE_MAX, the same writer twice, a writer without a
 * recorder, a bad fd, no read callback; every results[i] carries the
 * same status, no progress function is called and the writers stay idle.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "libshim/src/internal.h"

#define ST(x) DISCBURN_STATUS(DISCBURN_##x)
#define N 3

static int calls;

static int count_calls(struct discburn_format_data *data,
		       const struct discburn_write_progress *p, void *userdata)
{
	calls++;
	return 0;
}

static ssize_t never_read(void *userdata, void *buf, size_t len)
{
	calls++;
	return 0;
}

FIXTURE(writers) {
	struct discburn_ctx *ctx;
	struct discburn_format_data *w[N];
	int fd;
};

FIXTURE_SETUP(writers)
{
	int i;

	calls = 0;
	ASSERT_EQ(0, discburn_new(&self->ctx));
	for (i = 0; i < N; i++) {
		ASSERT_EQ(0, discburn_format_data_new(self->ctx, &self->w[i]));
		ASSERT_EQ(0, discburn_format_data_put_client_name(self->w[i], "Kiosk Copy"));
		discburn_format_data_set_progress_fn(self->w[i], count_calls, NULL);
	}
	self->fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(writers)
{
	int i;

	for (i = 0; i < N; i++)
		discburn_format_data_unref(self->w[i]);
	discburn_unref(self->ctx);
	close(self->fd);
}

/* write_multi(@datas, @count) is @want, every result too, and nothing ran */
static void refused(struct __test_metadata *_metadata, FIXTURE_DATA(writers) *self,
		    struct discburn_format_data *const *datas, size_t count, int want)
{
	int results[DISCBURN_DUPLICATE_MAX + 1];
	size_t i;

	for (i = 0; i < count; i++)
		results[i] = 1;
	EXPECT_EQ(want, discburn_format_data_write_multi(datas, count, self->fd, results));
	for (i = 0; i < count; i++)
		EXPECT_EQ(want, results[i]) TH_LOG("results[%zu]", i);
	for (i = 0; i < count; i++)
		results[i] = 1;
	EXPECT_EQ(want, discburn_format_data_write_multi_stream(datas, count, never_read, NULL,
								0, results));
	for (i = 0; i < count; i++)
		EXPECT_EQ(want, results[i]) TH_LOG("stream: results[%zu]", i);
	EXPECT_EQ(0, calls);
	/* still idle: a put is not WRITE_IN_PROGRESS */
	for (i = 0; i < N; i++)
		EXPECT_EQ(0, discburn_format_data_put_test_write(self->w[i], false));
}

TEST_F(writers, a_null_array_is_e_pointer)
{
	EXPECT_EQ(ST(E_POINTER), discburn_format_data_write_multi(NULL, 2, self->fd, NULL));
	EXPECT_EQ(ST(E_POINTER), discburn_format_data_write_multi_stream(NULL, 2, never_read,
									  NULL, 0, NULL));
	EXPECT_EQ(0, calls);
}

TEST_F(writers, no_writer_is_e_invalidarg)
{
	refused(_metadata, self, self->w, 0, ST(E_INVALIDARG));
}

TEST_F(writers, more_writers_than_the_driver_takes_is_e_invalidarg)
{
	struct discburn_format_data *many[DISCBURN_DUPLICATE_MAX + 1];
	size_t i;

	EXPECT_EQ(16, DISCBURN_DUPLICATE_MAX);
	for (i = 0; i < DISCBURN_DUPLICATE_MAX + 1; i++)
		many[i] = self->w[i % N];
	refused(_metadata, self, many, DISCBURN_DUPLICATE_MAX + 1, ST(E_INVALIDARG));
}

TEST_F(writers, a_null_writer_is_e_pointer)
{
	struct discburn_format_data *v[N] = { self->w[0], NULL, self->w[2] };

	refused(_metadata, self, v, N, ST(E_POINTER));
}

TEST_F(writers, the_same_writer_twice_is_e_invalidarg)
{
	struct discburn_format_data *v[N] = { self->w[0], self->w[1], self->w[0] };

	refused(_metadata, self, v, N, ST(E_INVALIDARG));
}

TEST_F(writers, a_writer_without_a_recorder_is_recorder_required)
{
	refused(_metadata, self, self->w, N, ST(E_RECORDER_REQUIRED));
	refused(_metadata, self, self->w, 1, ST(E_RECORDER_REQUIRED));
}

TEST_F(writers, a_bad_fd_or_no_callback_is_refused)
{
	int results[N] = { 1, 1, 1 };
	int i;

	EXPECT_EQ(ST(E_INVALIDARG), discburn_format_data_write_multi(self->w, N, -1, results));
	for (i = 0; i < N; i++)
		EXPECT_EQ(ST(E_INVALIDARG), results[i]);
	EXPECT_EQ(ST(E_POINTER), discburn_format_data_write_multi_stream(self->w, N, NULL, NULL,
									  0, results));
	for (i = 0; i < N; i++)
		EXPECT_EQ(ST(E_POINTER), results[i]);
	EXPECT_EQ(0, calls);
}

TEST_HARNESS_MAIN
