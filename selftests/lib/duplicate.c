// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_format_data_write_multi(): one stream burnt to several fresh
 * emulated recorders at once (a CD-R, a DVD+R and a BD-R). Two and three
 * drives, from a file and from a read callback, each disc reading back
 * identical, each writer's progress reaching its own callback with its
 * own result last; a drive unplugged (power=0) in the middle drops out
 * with DEVICE_NOT_CONNECTED while the others finish identical, even when
 * it is the one whose file carries the stream; a drive cancelled drops out
 * with REQUEST_CANCELLED; a drive that cannot begin is out from the start;
 * every argument that makes no sense is refused before anything runs.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "kselftest_harness.h"
#include "lib.h"

#define ST(x) DISCBURN_STATUS(DISCBURN_##x)
#define NDRIVES	3
#define IMG	3000	/* sectors: 6 MiB */

static const char *const media[NDRIVES] = { "cdr80", "dvdplusr", "bdr" };

/* What one writer's progress function saw. */
struct seen {
	struct discburn_format_data *data;
	int calls;
	int wrong_writer;	/* calls that came with another writer */
	int writing;		/* calls while writing */
	bool done;		/* the last call was the end */
	int result;
	int32_t last_written_lba;
	int cancel_at_lba;	/* cancel this writer there; -1 never */
	atomic_int lba;		/* for the unplugging thread */
};

static int on_progress(struct discburn_format_data *data,
		       const struct discburn_write_progress *p, void *userdata)
{
	struct seen *s = userdata;

	s->calls++;
	if (data != s->data)
		s->wrong_writer++;
	s->done = p->state == DISCBURN_SESSION_DONE;
	if (s->done) {
		s->result = p->result;
		return 0;
	}
	if (p->action == DISCBURN_ACTION_WRITING_DATA)
		s->writing++;
	s->last_written_lba = p->last_written_lba;
	atomic_store(&s->lba, p->last_written_lba);
	if (s->cancel_at_lba >= 0 && p->last_written_lba >= s->cancel_at_lba) {
		s->cancel_at_lba = -1;
		return 1;
	}
	return 0;
}

FIXTURE(dup) {
	struct emu emu[NDRIVES];
	struct discburn_ctx *ctx;
	struct discburn_recorder *rec[NDRIVES];
	struct discburn_format_data *data[NDRIVES];
	struct seen seen[NDRIVES];
	unsigned char *img;
};

FIXTURE_SETUP(dup)
{
	static const char *const knobs[] = { "capacity_sectors=40000", NULL };
	int i, ret;

	memset(self->rec, 0, sizeof(self->rec));
	memset(self->data, 0, sizeof(self->data));
	self->ctx = NULL;
	self->img = NULL;
	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, discburn_new(&self->ctx));
	discburn_set_log_fn(self->ctx, lib_quiet_log, NULL);
	for (i = 0; i < NDRIVES; i++) {
		ret = emu_new(&self->emu[i], media[i], knobs);
		ASSERT_EQ(0, ret) TH_LOG("emulated %s: %s", media[i], strerror(-ret));
		ASSERT_EQ(0, discburn_recorder_new_from_index(self->ctx, self->emu[i].index,
							      &self->rec[i]));
		ASSERT_EQ(0, discburn_format_data_new(self->ctx, &self->data[i]));
		ASSERT_EQ(0, discburn_format_data_put_recorder(self->data[i], self->rec[i]));
		ASSERT_EQ(0, discburn_format_data_put_client_name(self->data[i], "Kiosk Copy"));
		memset(&self->seen[i], 0, sizeof(self->seen[i]));
		self->seen[i].data = self->data[i];
		self->seen[i].cancel_at_lba = -1;
		atomic_init(&self->seen[i].lba, -1);
		discburn_format_data_set_progress_fn(self->data[i], on_progress, &self->seen[i]);
	}
	self->img = lib_pattern(IMG, 4242);
	ASSERT_NE(NULL, self->img);
}

FIXTURE_TEARDOWN(dup)
{
	int i;

	for (i = 0; i < NDRIVES; i++) {
		discburn_format_data_unref(self->data[i]);
		discburn_recorder_unref(self->rec[i]);
		emu_del(&self->emu[i]);
	}
	discburn_unref(self->ctx);
	free(self->img);
}

static bool locked(struct discburn_recorder *rec)
{
	struct discburn_exclusive_owner o;

	return !discburn_recorder_get_owner(rec, &o) && o.locked;
}

/* Drive @i burnt the image, said so to its own callback, and let go of the lock. */
static void burnt(struct __test_metadata *_metadata, FIXTURE_DATA(dup) *self, int i)
{
	struct discburn_write_progress p = { .size = sizeof(p) };

	EXPECT_EQ(1, lib_read_equals(&self->emu[i], 0, self->img, IMG * SECTOR))
		TH_LOG("drive %d (%s)", i, media[i]);
	EXPECT_TRUE(self->seen[i].done) TH_LOG("drive %d", i);
	EXPECT_EQ(0, self->seen[i].result) TH_LOG("drive %d", i);
	EXPECT_LT(0, self->seen[i].writing) TH_LOG("drive %d: no progress while writing", i);
	EXPECT_EQ(0, self->seen[i].wrong_writer);
	ASSERT_EQ(0, discburn_format_data_get_last_progress(self->data[i], &p));
	EXPECT_EQ(DISCBURN_SESSION_DONE, p.state);
	EXPECT_EQ(0, p.result);
	EXPECT_EQ((uint64_t)IMG * SECTOR, p.bytes_read);
	EXPECT_FALSE(locked(self->rec[i]));
}

TEST_F_TIMEOUT(dup, two_drives_from_a_file_read_back_identical, 120)
{
	int results[2] = { 1, 1 };
	int fd, ret;

	fd = lib_file(self->img, IMG * SECTOR);
	ASSERT_LE(0, fd);
	ret = discburn_format_data_write_multi(self->data, 2, fd, results);
	ASSERT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	EXPECT_EQ(0, results[0]);
	EXPECT_EQ(0, results[1]);
	EXPECT_EQ((off_t)IMG * SECTOR, lseek(fd, 0, SEEK_CUR));
	close(fd);
	burnt(_metadata, self, 0);
	burnt(_metadata, self, 1);
	/* the third drive was not asked */
	EXPECT_EQ(0, self->seen[2].calls);
}

TEST_F_TIMEOUT(dup, three_drives_from_a_callback_read_back_identical, 120)
{
	struct lib_stream s = { .buf = self->img, .len = IMG * SECTOR, .unit = 48 * 1024 };
	int results[NDRIVES] = { 1, 1, 1 };
	int i, ret;

	ret = discburn_format_data_write_multi_stream(self->data, NDRIVES, lib_stream_read, &s,
						      0, results);
	ASSERT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	for (i = 0; i < NDRIVES; i++) {
		EXPECT_EQ(0, results[i]) TH_LOG("drive %d: 0x%08x", i, results[i]);
		burnt(_metadata, self, i);
	}
}

struct unplugger {
	struct emu *emu;
	struct seen *seen;
	int at_lba;
	bool done;
};

/* power=0 once the drive has written @at_lba (at the latest after 20 s) */
static void *unplug_later(void *arg)
{
	struct unplugger *u = arg;
	int i;

	for (i = 0; i < 2000 && atomic_load(&u->seen->lba) < u->at_lba; i++)
		st_msleep(10);
	u->done = !emu_power(u->emu, 0);
	return NULL;
}

/* Drive @victim, slowed to 1x, is unplugged halfway; the others must finish. */
static void unplug_one(struct __test_metadata *_metadata, FIXTURE_DATA(dup) *self, int victim)
{
	struct unplugger u = { .emu = &self->emu[victim], .seen = &self->seen[victim],
			       .at_lba = IMG / 4 };
	int results[NDRIVES] = { 1, 1, 1 };
	pthread_t th;
	int fd, i, ret;

	/* slowest, so that the unplug comes while the others still burn */
	ASSERT_EQ(0, emu_knob(&self->emu[victim], "write_speed", victim ? "1" : "8"));
	fd = lib_file(self->img, IMG * SECTOR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, pthread_create(&th, NULL, unplug_later, &u));
	ret = discburn_format_data_write_multi(self->data, NDRIVES, fd, results);
	pthread_join(th, NULL);
	close(fd);
	ASSERT_TRUE(u.done);
	EXPECT_LE(u.at_lba, atomic_load(&self->seen[victim].lba))
		TH_LOG("the unplug came before the drive was burning");
	EXPECT_EQ(ST(E_DEVICE_NOT_CONNECTED), results[victim])
		TH_LOG("%s (0x%08x)", discburn_strerror(results[victim]), results[victim]);
	EXPECT_EQ(ST(E_DEVICE_NOT_CONNECTED), ret);
	EXPECT_TRUE(self->seen[victim].done);
	EXPECT_EQ(ST(E_DEVICE_NOT_CONNECTED), self->seen[victim].result);
	for (i = 0; i < NDRIVES; i++) {
		if (i == victim)
			continue;
		EXPECT_EQ(0, results[i]) TH_LOG("drive %d: %s (0x%08x)", i,
						discburn_strerror(results[i]), results[i]);
		burnt(_metadata, self, i);
	}
}

TEST_F_TIMEOUT(dup, unplugged_drive_drops_out_and_the_others_finish, 180)
{
	unplug_one(_metadata, self, 1);
}

TEST_F_TIMEOUT(dup, unplugged_drive_carrying_the_stream_drops_out_too, 180)
{
	/* drive 0 leads: the stream goes through its file until it is gone */
	unplug_one(_metadata, self, 0);
}

TEST_F_TIMEOUT(dup, cancelled_drive_drops_out_and_the_others_finish, 120)
{
	int results[NDRIVES] = { 1, 1, 1 };
	int fd, ret;

	self->seen[2].cancel_at_lba = IMG / 8;
	fd = lib_file(self->img, IMG * SECTOR);
	ASSERT_LE(0, fd);
	ret = discburn_format_data_write_multi(self->data, NDRIVES, fd, results);
	close(fd);
	EXPECT_EQ(ST(E_REQUEST_CANCELLED), ret);
	EXPECT_EQ(ST(E_REQUEST_CANCELLED), results[2]);
	EXPECT_EQ(ST(E_REQUEST_CANCELLED), self->seen[2].result);
	EXPECT_FALSE(locked(self->rec[2]));
	EXPECT_EQ(0, results[0]);
	EXPECT_EQ(0, results[1]);
	burnt(_metadata, self, 0);
	burnt(_metadata, self, 1);
}

TEST_F_TIMEOUT(dup, drive_that_cannot_begin_is_out_and_the_others_burn, 120)
{
	int results[NDRIVES] = { 1, 1, 1 };
	int fd, ret;

	/* drive 0, which would have led, holds no disc */
	ASSERT_EQ(0, discburn_recorder_eject(self->rec[0]));
	fd = lib_file(self->img, IMG * SECTOR);
	ASSERT_LE(0, fd);
	ret = discburn_format_data_write_multi(self->data, NDRIVES, fd, results);
	close(fd);
	EXPECT_TRUE(DISCBURN_FAILED(results[0])) TH_LOG("0x%08x", results[0]);
	EXPECT_EQ(results[0], ret);
	EXPECT_EQ(results[0], self->seen[0].result);
	EXPECT_EQ(0, results[1]);
	EXPECT_EQ(0, results[2]);
	burnt(_metadata, self, 1);
	burnt(_metadata, self, 2);
}

static void expect_refused(struct __test_metadata *_metadata, FIXTURE_DATA(dup) *self,
			   struct discburn_format_data *const *datas, size_t count, int want,
			   const char *what)
{
	int results[DISCBURN_DUPLICATE_MAX + 1];
	size_t i, n = count < DISCBURN_DUPLICATE_MAX + 1 ? count : DISCBURN_DUPLICATE_MAX + 1;
	int fd, ret;

	for (i = 0; i < n; i++)
		results[i] = 1;
	fd = lib_file(self->img, 16 * SECTOR);
	ASSERT_LE(0, fd);
	ret = discburn_format_data_write_multi(datas, count, fd, datas ? results : NULL);
	EXPECT_EQ(want, ret) TH_LOG("%s: %s (0x%08x)", what, discburn_strerror(ret), ret);
	for (i = 0; datas && i < n; i++)
		EXPECT_EQ(want, results[i]) TH_LOG("%s: results[%zu]", what, i);
	/* nothing ran: nothing was read, no callback, every writer idle */
	EXPECT_EQ(0, lseek(fd, 0, SEEK_CUR)) TH_LOG("%s", what);
	close(fd);
	for (i = 0; i < NDRIVES; i++) {
		EXPECT_EQ(0, self->seen[i].calls) TH_LOG("%s: drive %zu", what, i);
		EXPECT_FALSE(locked(self->rec[i])) TH_LOG("%s: drive %zu", what, i);
	}
}

TEST_F(dup, arguments_that_make_no_sense_are_refused_before_anything_runs)
{
	struct discburn_format_data *many[DISCBURN_DUPLICATE_MAX + 1], *v[NDRIVES];
	struct discburn_format_data *unbound, *unnamed, *twin;
	struct discburn_recorder *again;
	int results[2] = { 1, 1 };
	size_t i;

	expect_refused(_metadata, self, NULL, 2, ST(E_POINTER), "NULL array");
	expect_refused(_metadata, self, self->data, 0, ST(E_INVALIDARG), "no writer");
	for (i = 0; i < DISCBURN_DUPLICATE_MAX + 1; i++)
		many[i] = self->data[i % NDRIVES];
	expect_refused(_metadata, self, many, DISCBURN_DUPLICATE_MAX + 1, ST(E_INVALIDARG),
		       "more writers than the driver takes");
	v[0] = self->data[0];
	v[1] = NULL;
	expect_refused(_metadata, self, v, 2, ST(E_POINTER), "a NULL writer");
	v[1] = self->data[0];
	expect_refused(_metadata, self, v, 2, ST(E_INVALIDARG), "the same writer twice");

	/* another writer on the same recorder object, then on another object of it */
	ASSERT_EQ(0, discburn_format_data_new(self->ctx, &twin));
	ASSERT_EQ(0, discburn_format_data_put_client_name(twin, "Kiosk Copy"));
	ASSERT_EQ(0, discburn_format_data_put_recorder(twin, self->rec[1]));
	v[0] = self->data[0];
	v[1] = self->data[1];
	v[2] = twin;
	expect_refused(_metadata, self, v, 3, ST(E_INVALIDARG), "the same recorder twice");
	ASSERT_EQ(0, discburn_recorder_new_from_index(self->ctx, self->emu[1].index, &again));
	ASSERT_EQ(0, discburn_format_data_put_recorder(twin, again));
	expect_refused(_metadata, self, v, 3, ST(E_INVALIDARG), "the same drive twice");
	discburn_recorder_unref(again);
	discburn_format_data_unref(twin);

	ASSERT_EQ(0, discburn_format_data_new(self->ctx, &unbound));
	ASSERT_EQ(0, discburn_format_data_put_client_name(unbound, "Kiosk Copy"));
	v[2] = unbound;
	expect_refused(_metadata, self, v, 3, ST(E_RECORDER_REQUIRED), "an unbound writer");
	discburn_format_data_unref(unbound);

	ASSERT_EQ(0, discburn_format_data_new(self->ctx, &unnamed));
	ASSERT_EQ(0, discburn_format_data_put_recorder(unnamed, self->rec[2]));
	v[2] = unnamed;
	expect_refused(_metadata, self, v, 3, ST(E_DF2DATA_CLIENT_NAME_IS_NOT_VALID),
		       "a writer without a client name");
	discburn_format_data_unref(unnamed);

	/* a bad stream and a missing callback */
	EXPECT_EQ(ST(E_INVALIDARG), discburn_format_data_write_multi(self->data, 2, -1, results));
	EXPECT_EQ(ST(E_INVALIDARG), results[0]);
	EXPECT_EQ(ST(E_INVALIDARG), results[1]);
	EXPECT_EQ(ST(E_POINTER), discburn_format_data_write_multi_stream(self->data, 2, NULL,
									  NULL, 0, results));
	EXPECT_EQ(ST(E_POINTER), results[1]);
	for (i = 0; i < NDRIVES; i++)
		EXPECT_EQ(0, self->seen[i].calls);
}

TEST_HARNESS_MAIN
