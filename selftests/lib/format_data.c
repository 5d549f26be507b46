// SPDX-License-Identifier: GPL-2.0
/*
 * discburn_format_data (IDiscFormat2Data) and discburn_format_erase
 * (IDiscFormat2Erase) against a fresh emulated recorder per test: burns
 * from a file (sendfile), a pipe and a read callback on every medium, read
 * back identical; the disc's properties; put_Recorder against drives that
 * cannot write the medium or anything; the client-name rules; every option
 * refused during a write; every failure the library reports, provoked
 * (RECORDER_REQUIRED, MEDIA_NOT_BLANK, INVALID_MEDIA_STATE,
 * STREAM_NOT_SUPPORTED, STREAM_TOO_LARGE, write-protected, no medium,
 * locked, test write where impossible, loss of streaming, verification,
 * unplug); progress in order with the result last; cancel from the
 * callback and from another thread; erase of CD-RW, DVD+RW and BD-RE.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "lib.h"

#define ST(x) DISCBURN_STATUS(DISCBURN_##x)

struct events {
	int n;
	struct discburn_write_progress ev[4096];
	int cancel_at_lba;	/* cancel once last_written_lba reaches this; -1 never */
	bool cancel_by_call;	/* ... by discburn_format_data_cancel_write, else by return */
	int cancel_ret;
};

static int record_progress(struct discburn_format_data *data,
			   const struct discburn_write_progress *p, void *userdata)
{
	struct events *e = userdata;

	if (e->n < (int)(sizeof(e->ev) / sizeof(e->ev[0])))
		e->ev[e->n++] = *p;
	if (e->cancel_at_lba >= 0 && p->last_written_lba >= e->cancel_at_lba &&
	    p->state != DISCBURN_SESSION_DONE) {
		e->cancel_at_lba = -1;
		if (!e->cancel_by_call)
			return 1;
		e->cancel_ret = discburn_format_data_cancel_write(data);
	}
	return 0;
}

/* ---- one fresh drive per test, the medium by variant ---- */

FIXTURE(media) {
	struct emu emu;
	struct discburn_ctx *ctx;
	struct discburn_recorder *rec;
	struct discburn_format_data *data;
};

FIXTURE_VARIANT(media) {
	const char *medium;
	uint32_t type;
	bool overwrite;		/* DVD+RW, BD-RE: written from LBA 0 */
};

FIXTURE_VARIANT_ADD(media, cdr80) { .medium = "cdr80", .type = DISCBURN_MEDIA_CDR };
FIXTURE_VARIANT_ADD(media, cdrw) { .medium = "cdrw", .type = DISCBURN_MEDIA_CDRW };
FIXTURE_VARIANT_ADD(media, dvdr) { .medium = "dvdr", .type = DISCBURN_MEDIA_DVDDASHR };
FIXTURE_VARIANT_ADD(media, dvdplusr) { .medium = "dvdplusr", .type = DISCBURN_MEDIA_DVDPLUSR };
FIXTURE_VARIANT_ADD(media, dvdplusrw) {
	.medium = "dvdplusrw", .type = DISCBURN_MEDIA_DVDPLUSRW, .overwrite = true };
FIXTURE_VARIANT_ADD(media, bdr) { .medium = "bdr", .type = DISCBURN_MEDIA_BDR };
FIXTURE_VARIANT_ADD(media, bdre) {
	.medium = "bdre", .type = DISCBURN_MEDIA_BDRE, .overwrite = true };

FIXTURE_SETUP(media)
{
	int ret;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ret = emu_new(&self->emu, variant->medium, NULL);
	ASSERT_EQ(0, ret) TH_LOG("emulated %s: %s", variant->medium, strerror(-ret));
	ASSERT_EQ(0, discburn_new(&self->ctx));
	discburn_set_log_fn(self->ctx, lib_quiet_log, NULL);
	ASSERT_EQ(0, discburn_recorder_new_from_index(self->ctx, self->emu.index, &self->rec));
	ASSERT_EQ(0, discburn_format_data_new(self->ctx, &self->data));
	ASSERT_EQ(0, discburn_format_data_put_recorder(self->data, self->rec));
	ASSERT_EQ(0, discburn_format_data_put_client_name(self->data, "Lib Test"));
}

FIXTURE_TEARDOWN(media)
{
	discburn_format_data_unref(self->data);
	discburn_recorder_unref(self->rec);
	discburn_unref(self->ctx);
	emu_del(&self->emu);
}

TEST_F(media, write_from_a_file_reads_back_identical)
{
	const size_t sectors = 1000;
	unsigned char *buf = lib_pattern(sectors, 1);
	struct discburn_exclusive_owner o;
	uint32_t type = 0;
	int fd, ret;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, discburn_format_data_get_current_physical_media_type(self->data, &type));
	EXPECT_EQ(variant->type, type);
	fd = lib_file(buf, sectors * SECTOR);
	ASSERT_LE(0, fd);
	ret = discburn_format_data_write(self->data, fd);
	ASSERT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	EXPECT_EQ((off_t)(sectors * SECTOR), lseek(fd, 0, SEEK_CUR));
	close(fd);
	EXPECT_EQ(1, lib_read_equals(&self->emu, 0, buf, sectors * SECTOR));
	ASSERT_EQ(0, discburn_recorder_get_owner(self->rec, &o));
	EXPECT_FALSE(o.locked);
	free(buf);
}

TEST_F(media, progress_comes_in_order_and_the_last_carries_the_result)
{
	const size_t sectors = 4000;
	unsigned char *buf = lib_pattern(sectors, 2);
	struct lib_stream s = { .buf = buf, .len = sectors * SECTOR, .unit = 64 * 1024 };
	static struct events e;
	int i, ret, writing = 0;

	ASSERT_NE(NULL, buf);
	memset(&e, 0, sizeof(e));
	e.cancel_at_lba = -1;
	discburn_format_data_set_progress_fn(self->data, record_progress, &e);
	ret = discburn_format_data_write_stream(self->data, lib_stream_read, &s, 0);
	ASSERT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	ASSERT_GE(e.n, 2);
	for (i = 0; i < e.n; i++) {
		EXPECT_EQ(DISCBURN_FORMAT_DATA, e.ev[i].format);
		EXPECT_EQ(sizeof(struct discburn_write_progress), e.ev[i].size);
		if (e.ev[i].action == DISCBURN_ACTION_WRITING_DATA)
			writing++;
		if (i == 0)
			continue;
		EXPECT_GE(e.ev[i].last_written_lba, e.ev[i - 1].last_written_lba) TH_LOG("event %d", i);
		EXPECT_GE(e.ev[i].last_read_lba, e.ev[i - 1].last_read_lba) TH_LOG("event %d", i);
		EXPECT_GE(e.ev[i].elapsed_ns, e.ev[i - 1].elapsed_ns) TH_LOG("event %d", i);
		EXPECT_NE(DISCBURN_SESSION_DONE, e.ev[i - 1].state) TH_LOG("event %d", i - 1);
	}
	EXPECT_GE(writing, 1);
	EXPECT_EQ(DISCBURN_SESSION_DONE, e.ev[e.n - 1].state);
	EXPECT_EQ(DISCBURN_ACTION_COMPLETED, e.ev[e.n - 1].action);
	EXPECT_EQ(0, e.ev[e.n - 1].result);
	EXPECT_EQ((uint64_t)sectors * SECTOR, e.ev[e.n - 1].bytes_read);
	EXPECT_GE(e.ev[e.n - 1].last_written_lba,
		  e.ev[e.n - 1].start_lba + (int32_t)sectors - 1);
	EXPECT_EQ(1, lib_read_equals(&self->emu, e.ev[e.n - 1].start_lba, buf, sectors * SECTOR));
	free(buf);
}

TEST_F(media, write_from_a_pipe_reads_back_identical)
{
	const size_t sectors = 1500;
	unsigned char *buf = lib_pattern(sectors, 3);
	int pfd[2], ret, status;
	pid_t child;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, pipe(pfd));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		size_t off = 0;

		close(pfd[0]);
		/* in odd pieces, with pauses: the library must not mind */
		while (off < sectors * SECTOR) {
			size_t n = sectors * SECTOR - off < 77777 ? sectors * SECTOR - off : 77777;
			ssize_t w = write(pfd[1], buf + off, n);

			if (w <= 0)
				_exit(1);
			off += (size_t)w;
			if (off % 7 == 0)
				st_msleep(5);
		}
		_exit(0);
	}
	close(pfd[1]);
	ret = discburn_format_data_write(self->data, pfd[0]);
	close(pfd[0]);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	EXPECT_EQ(1, lib_read_equals(&self->emu, 0, buf, sectors * SECTOR));
	free(buf);
}

TEST_F(media, properties_describe_the_blank_disc)
{
	struct discburn_write_speed_descriptor *descs;
	uint32_t state = 0, wp = 1, type = 0, *types, *speeds;
	int32_t total = 0, free_sectors = 0, nwa = -5, prev = 0, last = 0, cur = 0;
	bool sup = false, msup = false, pblank = false, hblank = false, in = false;
	size_t n, i, nd;

	ASSERT_EQ(0, discburn_format_data_get_current_media_status(self->data, &state));
	EXPECT_TRUE(state & (DISCBURN_MEDIA_STATE_BLANK | DISCBURN_MEDIA_STATE_OVERWRITE_ONLY))
		TH_LOG("media state 0x%x", state);
	EXPECT_FALSE(state & DISCBURN_MEDIA_STATE_FINALIZED);
	ASSERT_EQ(0, discburn_format_data_get_write_protect_status(self->data, &wp));
	EXPECT_EQ(0, wp);
	ASSERT_EQ(0, discburn_format_data_get_total_sectors_on_media(self->data, &total));
	ASSERT_EQ(0, discburn_format_data_get_free_sectors_on_media(self->data, &free_sectors));
	EXPECT_GT(free_sectors, 0);
	EXPECT_GE(total, free_sectors);
	ASSERT_EQ(0, discburn_format_data_get_next_writable_address(self->data, &nwa));
	EXPECT_EQ(0, nwa);
	ASSERT_EQ(0, discburn_format_data_get_start_address_of_previous_session(self->data, &prev));
	ASSERT_EQ(0, discburn_format_data_get_last_written_address_of_previous_session(self->data,
										       &last));
	if (!variant->overwrite) {
		EXPECT_EQ(-1, prev);
		EXPECT_EQ(-1, last);
	}
	ASSERT_EQ(0, discburn_format_data_get_current_physical_media_type(self->data, &type));
	EXPECT_EQ(variant->type, type);
	ASSERT_EQ(0, discburn_format_data_is_recorder_supported(self->data, NULL, &sup));
	EXPECT_TRUE(sup);
	ASSERT_EQ(0, discburn_format_data_is_current_media_supported(self->data, self->rec, &msup));
	EXPECT_TRUE(msup);
	ASSERT_EQ(0, discburn_format_data_get_media_physically_blank(self->data, &pblank));
	ASSERT_EQ(0, discburn_format_data_get_media_heuristically_blank(self->data, &hblank));
	EXPECT_TRUE(hblank);
	if (!variant->overwrite)
		EXPECT_TRUE(pblank);
	ASSERT_EQ(0, discburn_format_data_get_supported_media_types(self->data, &types, &n));
	for (i = 0; i < n; i++)
		in |= types[i] == variant->type;
	free(types);
	EXPECT_TRUE(in);
	ASSERT_EQ(0, discburn_format_data_get_supported_write_speeds(self->data, &speeds, &n));
	ASSERT_EQ(0, discburn_format_data_get_supported_write_speed_descriptors(self->data,
										 &descs, &nd));
	ASSERT_GT(n, 0);
	ASSERT_EQ(n, nd);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(speeds[i], descs[i].write_speed);
		EXPECT_EQ(variant->type, descs[i].media_type);
		EXPECT_EQ((uint32_t)(((uint64_t)descs[i].kbps * 1000 + 1024) / 2048),
			  descs[i].write_speed);
		if (i)
			EXPECT_GE(speeds[i - 1], speeds[i]);
	}
	free(speeds);
	free(descs);
	ASSERT_EQ(0, discburn_format_data_get_current_write_speed(self->data, &cur));
	EXPECT_GE(cur, 0);
}

/* ---- one fresh drive per test, configured by the test ---- */

FIXTURE(emu) {
	struct emu emu;
	struct discburn_ctx *ctx;
	struct discburn_recorder *rec;
	struct discburn_format_data *data;
};

FIXTURE_SETUP(emu)
{
	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, discburn_new(&self->ctx));
	discburn_set_log_fn(self->ctx, lib_quiet_log, NULL);
	ASSERT_EQ(0, discburn_format_data_new(self->ctx, &self->data));
}

FIXTURE_TEARDOWN(emu)
{
	discburn_format_data_unref(self->data);
	discburn_recorder_unref(self->rec);
	discburn_unref(self->ctx);
	emu_del(&self->emu);
}

/* Plug in a drive with @medium and @knobs, open it, bind it, name the writer. */
static void plug(struct __test_metadata *_metadata, FIXTURE_DATA(emu) *self,
		 const char *medium, const char *const *knobs)
{
	int ret = emu_new(&self->emu, medium, knobs);

	ASSERT_EQ(0, ret) TH_LOG("emulated %s: %s", medium, strerror(-ret));
	ASSERT_EQ(0, discburn_recorder_new_from_index(self->ctx, self->emu.index, &self->rec));
	ASSERT_EQ(0, discburn_format_data_put_recorder(self->data, self->rec));
	ASSERT_EQ(0, discburn_format_data_put_client_name(self->data, "Lib Test"));
}

/* Write @sectors of pattern @seed from a file; the write's status. */
static int write_pattern(struct discburn_format_data *data, size_t sectors, uint32_t seed)
{
	unsigned char *buf = lib_pattern(sectors, seed);
	int fd, ret;

	if (!buf)
		return -1;
	fd = lib_file(buf, sectors * SECTOR);
	free(buf);
	if (fd < 0)
		return -1;
	ret = discburn_format_data_write(data, fd);
	close(fd);
	return ret;
}

static bool locked(struct discburn_recorder *rec)
{
	struct discburn_exclusive_owner o;

	return !discburn_recorder_get_owner(rec, &o) && o.locked;
}

TEST_F(emu, without_a_recorder_everything_is_recorder_required)
{
	struct discburn_write_speed_descriptor *d;
	struct discburn_recorder *rec = (void *)1;
	uint32_t u, *list;
	int32_t i;
	bool b;
	size_t n;

	ASSERT_EQ(0, discburn_format_data_get_recorder(self->data, &rec));
	EXPECT_EQ(NULL, rec);
	ASSERT_EQ(0, discburn_format_data_put_client_name(self->data, "No Recorder"));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED), write_pattern(self->data, 10, 1));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED), discburn_format_data_get_current_media_status(self->data, &u));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED), discburn_format_data_get_write_protect_status(self->data, &u));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED), discburn_format_data_get_total_sectors_on_media(self->data, &i));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED), discburn_format_data_get_free_sectors_on_media(self->data, &i));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED), discburn_format_data_get_next_writable_address(self->data, &i));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED),
		  discburn_format_data_get_start_address_of_previous_session(self->data, &i));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED),
		  discburn_format_data_get_last_written_address_of_previous_session(self->data, &i));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED),
		  discburn_format_data_get_current_physical_media_type(self->data, &u));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED),
		  discburn_format_data_get_supported_write_speeds(self->data, &list, &n));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED),
		  discburn_format_data_get_supported_write_speed_descriptors(self->data, &d, &n));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED), discburn_format_data_get_current_write_speed(self->data, &i));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED),
		  discburn_format_data_get_current_rotation_type_is_pure_cav(self->data, &b));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED),
		  discburn_format_data_is_recorder_supported(self->data, NULL, &b));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED),
		  discburn_format_data_is_current_media_supported(self->data, NULL, &b));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED), discburn_format_data_get_media_physically_blank(self->data, &b));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED),
		  discburn_format_data_get_media_heuristically_blank(self->data, &b));
	EXPECT_EQ(ST(E_RECORDER_REQUIRED),
		  discburn_format_data_get_supported_media_types(self->data, &list, &n));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_NOT_IN_PROGRESS), discburn_format_data_cancel_write(self->data));
	EXPECT_EQ(ST(E_POINTER), discburn_format_data_write_stream(self->data, NULL, NULL, 0));
	EXPECT_EQ(ST(E_POINTER), discburn_format_data_new(self->ctx, NULL));
}

TEST_F(emu, put_recorder_binds_and_unbinds)
{
	struct discburn_recorder *got = NULL;

	plug(_metadata, self, "cdr80", NULL);
	ASSERT_EQ(0, discburn_format_data_get_recorder(self->data, &got));
	EXPECT_EQ(self->rec, got);
	discburn_recorder_unref(got);
	ASSERT_EQ(0, discburn_format_data_put_recorder(self->data, NULL));
	ASSERT_EQ(0, discburn_format_data_get_recorder(self->data, &got));
	EXPECT_EQ(NULL, got);
	EXPECT_EQ(ST(E_RECORDER_REQUIRED), write_pattern(self->data, 10, 1));
	/* the writer keeps its own reference: the caller's may go */
	ASSERT_EQ(0, discburn_format_data_put_recorder(self->data, self->rec));
	self->rec = discburn_recorder_unref(self->rec);
	EXPECT_EQ(0, write_pattern(self->data, 300, 1));
}

TEST_F(emu, client_name_follows_the_lock_rules)
{
	char name[80];

	plug(_metadata, self, "cdr80", NULL);
	EXPECT_STREQ("Lib Test", discburn_format_data_get_client_name(self->data));
	ASSERT_EQ(0, discburn_format_data_put_client_name(self->data, "a"));
	EXPECT_STREQ("a", discburn_format_data_get_client_name(self->data));
	ASSERT_EQ(0, discburn_format_data_put_client_name(self->data, "Kiosk 2.0: burn, test_1;-"));
	memset(name, 'x', 63);
	name[63] = '\0';
	ASSERT_EQ(0, discburn_format_data_put_client_name(self->data, name));
	EXPECT_STREQ(name, discburn_format_data_get_client_name(self->data));
	name[63] = 'y';
	name[64] = '\0';
	EXPECT_EQ(ST(E_DF2DATA_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_data_put_client_name(self->data, name));
	EXPECT_EQ(ST(E_DF2DATA_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_data_put_client_name(self->data, ""));
	EXPECT_EQ(ST(E_DF2DATA_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_data_put_client_name(self->data, "a/b"));
	EXPECT_EQ(ST(E_DF2DATA_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_data_put_client_name(self->data, "tab\there"));
	EXPECT_EQ(ST(E_DF2DATA_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_data_put_client_name(self->data, "caf\xc3\xa9"));
	EXPECT_EQ(ST(E_DF2DATA_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_data_put_client_name(self->data, "quote'"));
	EXPECT_EQ(ST(E_POINTER), discburn_format_data_put_client_name(self->data, NULL));
	/* every refusal left the last good name */
	name[63] = '\0';
	memset(name, 'x', 63);
	EXPECT_STREQ(name, discburn_format_data_get_client_name(self->data));
}

TEST_F(emu, write_needs_a_client_name)
{
	struct discburn_format_data *unnamed;

	plug(_metadata, self, "cdr80", NULL);
	ASSERT_EQ(0, discburn_format_data_new(self->ctx, &unnamed));
	ASSERT_EQ(0, discburn_format_data_put_recorder(unnamed, self->rec));
	EXPECT_EQ(NULL, discburn_format_data_get_client_name(unnamed));
	/* the recorder's file has a name from the fixture's writer: not this one's */
	ASSERT_EQ(0, write_pattern(self->data, 300, 1));
	ASSERT_EQ(0, discburn_format_data_put_force_overwrite(unnamed, true));
	EXPECT_EQ(ST(E_DF2DATA_CLIENT_NAME_IS_NOT_VALID), write_pattern(unnamed, 10, 2));
	discburn_format_data_unref(unnamed);
}

/* ---- a write on another thread, slowed down by the emulator ---- */

struct bg_write {
	pthread_t th;
	struct discburn_format_data *data;
	struct lib_stream s;
	volatile int writing;		/* the progress said: writing, data on the disc */
	volatile int done;
	int ret;
	char owner[DISCBURN_CLIENT_NAME_MAX + 1];
	struct discburn_recorder *watch;	/* another object, to read the owner */
	struct events *e;
};

static int bg_progress(struct discburn_format_data *data, const struct discburn_write_progress *p,
		       void *userdata)
{
	struct bg_write *w = userdata;
	struct discburn_exclusive_owner o;

	if (w->e)
		record_progress(data, p, w->e);
	if (p->action == DISCBURN_ACTION_WRITING_DATA && p->last_written_lba >= 0 &&
	    p->state != DISCBURN_SESSION_DONE && !w->writing) {
		if (w->watch && !discburn_recorder_get_owner(w->watch, &o) && o.locked)
			snprintf(w->owner, sizeof(w->owner), "%s", o.name);
		w->writing = 1;
	}
	return 0;
}

static void *bg_thread(void *arg)
{
	struct bg_write *w = arg;

	w->ret = discburn_format_data_write_stream(w->data, lib_stream_read, &w->s, 0);
	w->done = 1;
	return NULL;
}

/* Start writing @sectors of pattern on a thread; wait until data reaches the disc. */
static int bg_start(struct bg_write *w, struct discburn_format_data *data,
		    const unsigned char *buf, size_t sectors)
{
	double t0 = st_now();

	w->data = data;
	w->s.buf = buf;
	w->s.len = sectors * SECTOR;
	w->s.unit = 256 * 1024;
	discburn_format_data_set_progress_fn(data, bg_progress, w);
	if (pthread_create(&w->th, NULL, bg_thread, w))
		return -1;
	while (!w->writing && !w->done && st_now() - t0 < 20)
		st_msleep(10);
	return w->writing ? 0 : -1;
}

static int bg_join(struct bg_write *w)
{
	pthread_join(w->th, NULL);
	return w->ret;
}

TEST_F_TIMEOUT(emu, every_put_during_a_write_is_write_in_progress, 60)
{
	static const char *const knobs[] = { "write_speed=4", NULL };
	unsigned char *buf = lib_pattern(20000, 4);
	struct discburn_recorder *other = NULL, *got = NULL;
	struct bg_write w = { 0 };
	char path[64];

	ASSERT_NE(NULL, buf);
	plug(_metadata, self, "cdr80", knobs);
	snprintf(path, sizeof(path), "/dev/discburn%d", self->emu.index);
	ASSERT_EQ(0, discburn_recorder_new(self->ctx, path, &other));
	w.watch = other;
	ASSERT_EQ(0, bg_start(&w, self->data, buf, 20000));

	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS), discburn_format_data_put_recorder(self->data, other));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS), discburn_format_data_put_recorder(self->data, NULL));
	ASSERT_EQ(0, discburn_format_data_get_recorder(self->data, &got));
	EXPECT_EQ(self->rec, got);
	discburn_recorder_unref(got);
	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS),
		  discburn_format_data_put_client_name(self->data, "Other Name"));
	EXPECT_STREQ("Lib Test", discburn_format_data_get_client_name(self->data));
	/* a bad name is refused for what it is, writing or not */
	EXPECT_EQ(ST(E_DF2DATA_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_data_put_client_name(self->data, "bad/name"));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS),
		  discburn_format_data_put_force_media_to_be_closed(self->data, true));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS),
		  discburn_format_data_put_force_overwrite(self->data, true));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS),
		  discburn_format_data_put_postgap_already_in_image(self->data, true));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS),
		  discburn_format_data_put_buffer_underrun_free_disabled(self->data, true));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS),
		  discburn_format_data_put_disable_consumer_dvd_compatibility_mode(self->data, true));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS),
		  discburn_format_data_put_append_session(self->data, true));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS), discburn_format_data_put_test_write(self->data, true));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS),
		  discburn_format_data_put_verification_level(self->data, DISCBURN_VERIFY_FULL));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS),
		  discburn_format_data_set_write_speed(self->data, 300, true));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_IN_PROGRESS), write_pattern(self->data, 10, 5));
	/* nothing changed */
	EXPECT_FALSE(discburn_format_data_get_force_media_to_be_closed(self->data));
	EXPECT_FALSE(discburn_format_data_get_force_overwrite(self->data));
	EXPECT_FALSE(discburn_format_data_get_postgap_already_in_image(self->data));
	EXPECT_FALSE(discburn_format_data_get_buffer_underrun_free_disabled(self->data));
	EXPECT_FALSE(discburn_format_data_get_disable_consumer_dvd_compatibility_mode(self->data));
	EXPECT_FALSE(discburn_format_data_get_append_session(self->data));
	EXPECT_FALSE(discburn_format_data_get_test_write(self->data));
	EXPECT_EQ(DISCBURN_VERIFY_NONE, discburn_format_data_get_verification_level(self->data));
	EXPECT_EQ(-1, discburn_format_data_get_requested_write_speed(self->data));
	EXPECT_FALSE(discburn_format_data_get_requested_rotation_type_is_pure_cav(self->data));
	/* the lock was taken under the writer's client name */
	EXPECT_STREQ("Lib Test", w.owner);

	EXPECT_EQ(0, discburn_format_data_cancel_write(self->data));
	EXPECT_EQ(ST(E_REQUEST_CANCELLED), bg_join(&w));
	/* idle again: puts work */
	EXPECT_EQ(0, discburn_format_data_put_force_overwrite(self->data, true));
	EXPECT_EQ(0, discburn_format_data_put_recorder(self->data, other));
	discburn_recorder_unref(other);
	free(buf);
}

TEST_F(emu, options_read_back_what_was_put)
{
	plug(_metadata, self, "cdr80", NULL);
	EXPECT_EQ(-1, discburn_format_data_get_requested_write_speed(self->data));
	ASSERT_EQ(0, discburn_format_data_put_force_media_to_be_closed(self->data, true));
	ASSERT_EQ(0, discburn_format_data_put_force_overwrite(self->data, true));
	ASSERT_EQ(0, discburn_format_data_put_postgap_already_in_image(self->data, true));
	ASSERT_EQ(0, discburn_format_data_put_buffer_underrun_free_disabled(self->data, true));
	ASSERT_EQ(0, discburn_format_data_put_disable_consumer_dvd_compatibility_mode(self->data, true));
	ASSERT_EQ(0, discburn_format_data_put_append_session(self->data, true));
	ASSERT_EQ(0, discburn_format_data_put_test_write(self->data, true));
	ASSERT_EQ(0, discburn_format_data_put_verification_level(self->data, DISCBURN_VERIFY_QUICK));
	ASSERT_EQ(0, discburn_format_data_set_write_speed(self->data, 1200, true));
	EXPECT_TRUE(discburn_format_data_get_force_media_to_be_closed(self->data));
	EXPECT_TRUE(discburn_format_data_get_force_overwrite(self->data));
	EXPECT_TRUE(discburn_format_data_get_postgap_already_in_image(self->data));
	EXPECT_TRUE(discburn_format_data_get_buffer_underrun_free_disabled(self->data));
	EXPECT_TRUE(discburn_format_data_get_disable_consumer_dvd_compatibility_mode(self->data));
	EXPECT_TRUE(discburn_format_data_get_append_session(self->data));
	EXPECT_TRUE(discburn_format_data_get_test_write(self->data));
	EXPECT_EQ(DISCBURN_VERIFY_QUICK, discburn_format_data_get_verification_level(self->data));
	EXPECT_EQ(1200, discburn_format_data_get_requested_write_speed(self->data));
	EXPECT_TRUE(discburn_format_data_get_requested_rotation_type_is_pure_cav(self->data));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_format_data_put_verification_level(self->data, 3));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_format_data_set_write_speed(self->data, 0, false));
	EXPECT_EQ(ST(E_INVALIDARG), discburn_format_data_set_write_speed(self->data, -2, false));
	EXPECT_EQ(DISCBURN_VERIFY_QUICK, discburn_format_data_get_verification_level(self->data));
	EXPECT_EQ(1200, discburn_format_data_get_requested_write_speed(self->data));
	ASSERT_EQ(0, discburn_format_data_set_write_speed(self->data, -1, false));
	EXPECT_EQ(-1, discburn_format_data_get_requested_write_speed(self->data));
}

TEST_F(emu, appendable_disc_needs_append_and_then_gets_a_second_session)
{
	unsigned char *two = lib_pattern(400, 22);
	int32_t nwa = 0, prev = 0;
	uint32_t state = 0;
	int fd;

	ASSERT_NE(NULL, two);
	plug(_metadata, self, "dvdplusr", NULL);
	ASSERT_EQ(0, discburn_format_data_put_disable_consumer_dvd_compatibility_mode(self->data, true));
	ASSERT_EQ(0, write_pattern(self->data, 500, 21));
	ASSERT_EQ(0, discburn_format_data_get_current_media_status(self->data, &state));
	EXPECT_TRUE(state & DISCBURN_MEDIA_STATE_APPENDABLE) TH_LOG("state 0x%x", state);
	EXPECT_EQ(ST(E_DF2DATA_MEDIA_NOT_BLANK), write_pattern(self->data, 400, 22));
	ASSERT_EQ(0, discburn_format_data_get_next_writable_address(self->data, &nwa));
	EXPECT_GE(nwa, 500);
	ASSERT_EQ(0, discburn_format_data_get_start_address_of_previous_session(self->data, &prev));
	EXPECT_EQ(0, prev);
	ASSERT_EQ(0, discburn_format_data_put_append_session(self->data, true));
	fd = lib_file(two, 400 * SECTOR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, discburn_format_data_write(self->data, fd));
	close(fd);
	EXPECT_EQ(1, lib_read_equals(&self->emu, nwa, two, 400 * SECTOR));
	ASSERT_EQ(0, discburn_format_data_get_start_address_of_previous_session(self->data, &prev));
	EXPECT_EQ(nwa, prev);
	free(two);
}

TEST_F(emu, closed_disc_is_invalid_media_state)
{
	uint32_t state = 0;
	bool sup = true;

	plug(_metadata, self, "cdr80", NULL);
	ASSERT_EQ(0, discburn_format_data_put_force_media_to_be_closed(self->data, true));
	ASSERT_EQ(0, write_pattern(self->data, 300, 31));
	ASSERT_EQ(0, discburn_format_data_get_current_media_status(self->data, &state));
	EXPECT_TRUE(state & DISCBURN_MEDIA_STATE_FINALIZED) TH_LOG("state 0x%x", state);
	ASSERT_EQ(0, discburn_format_data_is_current_media_supported(self->data, NULL, &sup));
	EXPECT_FALSE(sup);
	ASSERT_EQ(0, discburn_format_data_put_append_session(self->data, true));
	EXPECT_EQ(ST(E_DF2DATA_INVALID_MEDIA_STATE), write_pattern(self->data, 300, 32));
}

TEST_F(emu, stream_of_partial_sectors_is_stream_not_supported)
{
	unsigned char *buf = lib_pattern(301, 41);
	struct lib_stream s = { .buf = buf, .len = 300 * SECTOR + 1000 };
	struct discburn_media_status m = { .size = sizeof(m) };
	int fd;

	ASSERT_NE(NULL, buf);
	plug(_metadata, self, "cdr80", NULL);
	/* a file: refused before anything is written */
	fd = lib_file(buf, 300 * SECTOR + 1);
	ASSERT_LE(0, fd);
	EXPECT_EQ(ST(E_DF2DATA_STREAM_NOT_SUPPORTED), discburn_format_data_write(self->data, fd));
	close(fd);
	ASSERT_EQ(0, discburn_recorder_get_media_status(self->rec, &m));
	EXPECT_EQ(0, m.disc_status);
	EXPECT_FALSE(locked(self->rec));
	/* a stream of unknown size: at its end */
	EXPECT_EQ(ST(E_DF2DATA_STREAM_NOT_SUPPORTED),
		  discburn_format_data_write_stream(self->data, lib_stream_read, &s, 0));
	EXPECT_FALSE(locked(self->rec));
	free(buf);
}

TEST_F(emu, stream_larger_than_the_disc_is_too_large)
{
	static const char *const knobs[] = { "capacity_sectors=2000", NULL };
	unsigned char *buf = lib_pattern(4000, 51);
	struct lib_stream s = { .buf = buf, .len = 4000 * SECTOR };
	struct discburn_media_status m = { .size = sizeof(m) };
	int32_t free_sectors = 0;
	int fd;

	ASSERT_NE(NULL, buf);
	plug(_metadata, self, "dvdplusr", knobs);
	ASSERT_EQ(0, discburn_format_data_get_free_sectors_on_media(self->data, &free_sectors));
	EXPECT_LE(free_sectors, 2000);
	/* declared: refused up front, the disc untouched */
	fd = lib_file(buf, 4000 * SECTOR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(ST(E_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA),
		  discburn_format_data_write(self->data, fd));
	close(fd);
	ASSERT_EQ(0, discburn_recorder_get_media_status(self->rec, &m));
	EXPECT_EQ(0, m.disc_status);
	/* declared too, through the callback's size */
	EXPECT_EQ(ST(E_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA),
		  discburn_format_data_write_stream(self->data, lib_stream_read, &s, 4000 * SECTOR));
	EXPECT_EQ(0, s.pos);
	/* not declared: when the stream passes the end */
	EXPECT_EQ(ST(E_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA),
		  discburn_format_data_write_stream(self->data, lib_stream_read, &s, 0));
	EXPECT_FALSE(locked(self->rec));
	free(buf);
}

TEST_F(emu, write_protected_disc_is_refused)
{
	uint32_t wp = 0;

	plug(_metadata, self, "cdr80", NULL);
	ASSERT_EQ(0, emu_knob(&self->emu, "write_protect", "1"));
	ASSERT_EQ(0, discburn_format_data_get_write_protect_status(self->data, &wp));
	EXPECT_NE(0, wp);
	EXPECT_EQ(ST(E_RECORDER_MEDIA_WRITE_PROTECTED), write_pattern(self->data, 300, 61));
	EXPECT_FALSE(locked(self->rec));
	ASSERT_EQ(0, emu_knob(&self->emu, "write_protect", "0"));
	EXPECT_EQ(0, write_pattern(self->data, 300, 61));
}

TEST_F(emu, no_disc_is_no_media)
{
	uint32_t type = 99;
	bool sup = true, rsup = false;
	int32_t nwa;

	plug(_metadata, self, "none", NULL);
	EXPECT_EQ(ST(E_RECORDER_MEDIA_NO_MEDIA), write_pattern(self->data, 300, 71));
	ASSERT_EQ(0, discburn_format_data_get_current_physical_media_type(self->data, &type));
	EXPECT_EQ(DISCBURN_MEDIA_UNKNOWN, type);
	ASSERT_EQ(0, discburn_format_data_is_current_media_supported(self->data, NULL, &sup));
	EXPECT_FALSE(sup);
	ASSERT_EQ(0, discburn_format_data_is_recorder_supported(self->data, NULL, &rsup));
	EXPECT_TRUE(rsup);
	EXPECT_EQ(ST(E_RECORDER_MEDIA_NO_MEDIA),
		  discburn_format_data_get_next_writable_address(self->data, &nwa));
	EXPECT_FALSE(locked(self->rec));
}

TEST_F(emu, a_recorder_locked_by_another_is_recorder_locked)
{
	struct discburn_recorder *other = NULL;
	char path[64];

	plug(_metadata, self, "cdr80", NULL);
	snprintf(path, sizeof(path), "/dev/discburn%d", self->emu.index);
	ASSERT_EQ(0, discburn_recorder_new(self->ctx, path, &other));
	ASSERT_EQ(0, discburn_recorder_acquire_exclusive(other, false, "Someone Else"));
	EXPECT_EQ(ST(E_RECORDER_LOCKED), write_pattern(self->data, 300, 81));
	ASSERT_EQ(0, discburn_recorder_release_exclusive(other));
	EXPECT_EQ(0, write_pattern(self->data, 300, 81));
	discburn_recorder_unref(other);
}

TEST_F(emu, a_lock_the_recorder_holds_is_used_and_kept)
{
	struct discburn_exclusive_owner o;

	plug(_metadata, self, "cdr80", NULL);
	ASSERT_EQ(0, discburn_recorder_acquire_exclusive(self->rec, false, "Held Before"));
	EXPECT_EQ(0, write_pattern(self->data, 300, 91));
	ASSERT_EQ(0, discburn_recorder_get_owner(self->rec, &o));
	EXPECT_TRUE(o.locked);
	EXPECT_TRUE(o.mine);
	EXPECT_STREQ("Held Before", o.name);
	EXPECT_EQ(1, discburn_recorder_get_exclusive_count(self->rec));
	ASSERT_EQ(0, discburn_recorder_release_exclusive(self->rec));
	EXPECT_FALSE(locked(self->rec));
}

TEST_F(emu, test_write_leaves_the_disc_blank_where_it_can_and_fails_elsewhere)
{
	struct discburn_media_status m = { .size = sizeof(m) };
	struct discburn_format_data *plus;
	struct discburn_recorder *rec2;
	struct emu e2;

	plug(_metadata, self, "cdr80", NULL);
	ASSERT_EQ(0, discburn_format_data_put_test_write(self->data, true));
	EXPECT_EQ(0, write_pattern(self->data, 300, 101));
	ASSERT_EQ(0, discburn_recorder_get_media_status(self->rec, &m));
	EXPECT_EQ(0, m.disc_status);
	EXPECT_EQ(0, m.next_writable_address);

	ASSERT_EQ(0, emu_new(&e2, "dvdplusr", NULL));
	ASSERT_EQ(0, discburn_recorder_new_from_index(self->ctx, e2.index, &rec2));
	ASSERT_EQ(0, discburn_format_data_new(self->ctx, &plus));
	ASSERT_EQ(0, discburn_format_data_put_recorder(plus, rec2));
	ASSERT_EQ(0, discburn_format_data_put_client_name(plus, "Test Write"));
	ASSERT_EQ(0, discburn_format_data_put_test_write(plus, true));
	EXPECT_EQ(ST(E_DF2DATA_MEDIA_IS_NOT_SUPPORTED), write_pattern(plus, 300, 102));
	discburn_format_data_unref(plus);
	discburn_recorder_unref(rec2);
	emu_del(&e2);
}

TEST_F_TIMEOUT(emu, cancel_from_the_callback_by_its_return_value, 60)
{
	static const char *const knobs[] = { "write_speed=4", NULL };
	unsigned char *buf = lib_pattern(20000, 111);
	struct lib_stream s = { .unit = 256 * 1024 };
	static struct events e;
	char state[16];
	struct discburn_media_status m = { .size = sizeof(m) };
	double t0;
	int ret;

	ASSERT_NE(NULL, buf);
	plug(_metadata, self, "cdr80", knobs);
	s.buf = buf;
	s.len = 20000 * SECTOR;
	memset(&e, 0, sizeof(e));
	e.cancel_at_lba = 200;
	discburn_format_data_set_progress_fn(self->data, record_progress, &e);
	t0 = st_now();
	ret = discburn_format_data_write_stream(self->data, lib_stream_read, &s, 0);
	EXPECT_EQ(ST(E_REQUEST_CANCELLED), ret);
	EXPECT_LT(st_now() - t0, 40);
	ASSERT_GE(e.n, 2);
	EXPECT_EQ(DISCBURN_SESSION_DONE, e.ev[e.n - 1].state);
	EXPECT_EQ(ST(E_REQUEST_CANCELLED), e.ev[e.n - 1].result);
	EXPECT_LT(s.pos, s.len);
	EXPECT_FALSE(locked(self->rec));
	ASSERT_EQ(0, discburn_recorder_get_media_status(self->rec, &m));
	snprintf(state, sizeof(state), "%u", m.disc_status);
	TH_LOG("after the cancel: disc status %s, media state 0x%x, next writable %lld",
	       state, m.media_state, (long long)m.next_writable_address);
	free(buf);
}

TEST_F_TIMEOUT(emu, cancel_from_the_callback_by_cancel_write, 60)
{
	static const char *const knobs[] = { "write_speed=4", NULL };
	unsigned char *buf = lib_pattern(20000, 112);
	struct lib_stream s = { .unit = 256 * 1024 };
	struct discburn_write_progress last = { .size = sizeof(last) };
	static struct events e;

	ASSERT_NE(NULL, buf);
	plug(_metadata, self, "cdr80", knobs);
	s.buf = buf;
	s.len = 20000 * SECTOR;
	memset(&e, 0, sizeof(e));
	e.cancel_at_lba = 200;
	e.cancel_by_call = true;
	e.cancel_ret = 12345;
	discburn_format_data_set_progress_fn(self->data, record_progress, &e);
	EXPECT_EQ(ST(E_REQUEST_CANCELLED),
		  discburn_format_data_write_stream(self->data, lib_stream_read, &s, 0));
	EXPECT_EQ(0, e.cancel_ret);
	EXPECT_FALSE(locked(self->rec));
	ASSERT_EQ(0, discburn_format_data_get_last_progress(self->data, &last));
	EXPECT_EQ(ST(E_REQUEST_CANCELLED), last.result);
	EXPECT_EQ(DISCBURN_SESSION_DONE, last.state);
	free(buf);
}

TEST_F_TIMEOUT(emu, cancel_from_another_thread, 60)
{
	static const char *const knobs[] = { "write_speed=4", NULL };
	unsigned char *buf = lib_pattern(20000, 113);
	struct bg_write w = { 0 };
	double t0;

	ASSERT_NE(NULL, buf);
	plug(_metadata, self, "cdr80", knobs);
	EXPECT_EQ(ST(E_DF2DATA_WRITE_NOT_IN_PROGRESS), discburn_format_data_cancel_write(self->data));
	ASSERT_EQ(0, bg_start(&w, self->data, buf, 20000));
	EXPECT_TRUE(locked(self->rec));
	t0 = st_now();
	EXPECT_EQ(0, discburn_format_data_cancel_write(self->data));
	EXPECT_EQ(ST(E_REQUEST_CANCELLED), bg_join(&w));
	EXPECT_LT(st_now() - t0, 30);
	EXPECT_LT(w.s.pos, w.s.len);
	EXPECT_FALSE(locked(self->rec));
	EXPECT_EQ(ST(E_DF2DATA_WRITE_NOT_IN_PROGRESS), discburn_format_data_cancel_write(self->data));
	/* the writer works again afterwards (on a new disc: a cancel spoils a CD-R) */
	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "0"));
	ASSERT_EQ(0, emu_knob(&self->emu, "medium", "cdr80"));
	st_msleep(200);
	EXPECT_EQ(0, write_pattern(self->data, 300, 114));
	free(buf);
}

TEST_F(emu, a_failing_read_callback_is_the_result)
{
	unsigned char *buf = lib_pattern(2000, 121);
	struct lib_stream s = { .stall_at = 600 * SECTOR, .fail_with = ST(E_FAIL) };

	ASSERT_NE(NULL, buf);
	plug(_metadata, self, "cdr80", NULL);
	s.buf = buf;
	s.len = 2000 * SECTOR;
	EXPECT_EQ(ST(E_FAIL), discburn_format_data_write_stream(self->data, lib_stream_read, &s, 0));
	EXPECT_FALSE(locked(self->rec));
	free(buf);
}

TEST_F_TIMEOUT(emu, source_stall_without_bufe_is_loss_of_streaming, 90)
{
	static const char *const knobs[] = { "write_speed=24", NULL };
	unsigned char *buf = lib_pattern(12000, 131);
	struct lib_stream s = { .stall_at = 6000 * SECTOR, .stall_ms = 8000, .unit = 64 * 1024 };
	int32_t lba;

	ASSERT_NE(NULL, buf);
	plug(_metadata, self, "cdr80", knobs);
	s.buf = buf;
	s.len = 12000 * SECTOR;
	ASSERT_EQ(0, discburn_format_data_put_buffer_underrun_free_disabled(self->data, true));
	EXPECT_EQ(ST(E_LOSS_OF_STREAMING),
		  discburn_format_data_write_stream(self->data, lib_stream_read, &s, 0));
	lba = discburn_format_data_get_failed_lba(self->data);
	EXPECT_GE(lba, 0);
	EXPECT_LT(lba, 12000);
	EXPECT_FALSE(locked(self->rec));
	free(buf);
}

TEST_F_TIMEOUT(emu, source_stall_with_bufe_is_survived, 90)
{
	static const char *const knobs[] = { "write_speed=24", NULL };
	unsigned char *buf = lib_pattern(12000, 132);
	struct lib_stream s = { .stall_at = 6000 * SECTOR, .stall_ms = 8000, .unit = 64 * 1024 };

	ASSERT_NE(NULL, buf);
	plug(_metadata, self, "cdr80", knobs);
	s.buf = buf;
	s.len = 12000 * SECTOR;
	EXPECT_EQ(0, discburn_format_data_write_stream(self->data, lib_stream_read, &s, 0));
	EXPECT_EQ(1, lib_read_equals(&self->emu, 0, buf, 12000 * SECTOR));
	free(buf);
}

TEST_F(emu, verification_failure_gives_the_lba)
{
	static const char *const knobs[] = { "corrupt_read_lba=123", NULL };
	struct discburn_write_progress last = { .size = sizeof(last) };

	if (!emu_has_knob("corrupt_read_lba"))
		SKIP(return, "discburn_emu has no corrupt_read_lba knob");
	plug(_metadata, self, "dvdplusr", knobs);
	ASSERT_EQ(0, discburn_format_data_put_verification_level(self->data, DISCBURN_VERIFY_FULL));
	EXPECT_EQ(ST(E_BURN_VERIFICATION_FAILED), write_pattern(self->data, 500, 141));
	EXPECT_EQ(123, discburn_format_data_get_failed_lba(self->data));
	ASSERT_EQ(0, discburn_format_data_get_last_progress(self->data, &last));
	EXPECT_EQ(123, last.failed_lba);
	EXPECT_EQ(ST(E_BURN_VERIFICATION_FAILED), last.result);
	/* the next write's failure has no LBA: the getter says so */
	EXPECT_EQ(ST(E_DF2DATA_INVALID_MEDIA_STATE), write_pattern(self->data, 500, 141));
	EXPECT_EQ(-1, discburn_format_data_get_failed_lba(self->data));
}

TEST_F(emu, full_verification_of_a_good_burn_succeeds)
{
	static struct events e;
	int i, verifying = 0;

	plug(_metadata, self, "bdr", NULL);
	memset(&e, 0, sizeof(e));
	e.cancel_at_lba = -1;
	discburn_format_data_set_progress_fn(self->data, record_progress, &e);
	ASSERT_EQ(0, discburn_format_data_put_verification_level(self->data, DISCBURN_VERIFY_FULL));
	EXPECT_EQ(0, write_pattern(self->data, 3000, 142));
	EXPECT_EQ(-1, discburn_format_data_get_failed_lba(self->data));
	for (i = 0; i < e.n; i++)
		verifying += e.ev[i].action == DISCBURN_ACTION_VERIFYING;
	EXPECT_GE(verifying, 1);
}

TEST_F(emu, a_speed_the_drive_does_not_have_is_adjusted)
{
	int ret;

	plug(_metadata, self, "cdr80", NULL);
	/* 4.4x: no drive offers it; the write succeeds with S_SPEEDADJUSTED */
	ASSERT_EQ(0, discburn_format_data_set_write_speed(self->data, 333, false));
	ret = write_pattern(self->data, 300, 151);
	EXPECT_EQ(ST(S_SPEEDADJUSTED), ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	EXPECT_FALSE(DISCBURN_FAILED(ret));
	EXPECT_EQ(333, discburn_format_data_get_requested_write_speed(self->data));
}

TEST_F_TIMEOUT(emu, unplug_during_the_write_is_device_not_connected, 60)
{
	static const char *const knobs[] = { "unplug_write_nth=20", NULL };
	struct discburn_format_data *data = self->data;
	int ret;

	plug(_metadata, self, "cdr80", knobs);
	ret = write_pattern(data, 3000, 161);
	EXPECT_EQ(ST(E_DEVICE_NOT_CONNECTED), ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
}

TEST_F(emu, a_refused_put_recorder_keeps_the_previous_binding)
{
	static const char *const knobs[] = { "drive=rom", NULL };
	struct discburn_recorder *rom, *got = NULL;
	struct emu e2;

	if (!emu_has_knob("drive"))
		SKIP(return, "discburn_emu has no drive knob yet");
	plug(_metadata, self, "cdr80", NULL);
	ASSERT_EQ(0, emu_new(&e2, "cdr80", knobs));
	ASSERT_EQ(0, discburn_recorder_new_from_index(self->ctx, e2.index, &rom));
	EXPECT_EQ(ST(E_DF2DATA_RECORDER_NOT_SUPPORTED),
		  discburn_format_data_put_recorder(self->data, rom));
	ASSERT_EQ(0, discburn_format_data_get_recorder(self->data, &got));
	EXPECT_EQ(self->rec, got);
	discburn_recorder_unref(got);
	EXPECT_EQ(0, write_pattern(self->data, 300, 172));
	discburn_recorder_unref(rom);
	emu_del(&e2);
}

/* ---- put_Recorder against drives that cannot write (the emulator's drive knob) ---- */

FIXTURE(drive) {
	struct emu emu;
	struct discburn_ctx *ctx;
	struct discburn_recorder *rec;
	struct discburn_format_data *data;
};

FIXTURE_VARIANT(drive) {
	const char *drive;
	const char *medium;
	int put;		/* put_Recorder's answer */
	bool media;		/* IsCurrentMediaSupported */
	int write;		/* the write's answer when bound */
};

FIXTURE_VARIANT_ADD(drive, recorder_with_cd_r) {
	.drive = "recorder", .medium = "cdr80", .put = 0, .media = true, .write = 0 };
FIXTURE_VARIANT_ADD(drive, rom_reader) {
	.drive = "rom", .medium = "cdr80",
	.put = DISCBURN_STATUS(DISCBURN_E_DF2DATA_RECORDER_NOT_SUPPORTED) };
FIXTURE_VARIANT_ADD(drive, cd_writer_with_dvd_plus_r) {
	.drive = "cd", .medium = "dvdplusr", .put = 0, .media = false,
	.write = DISCBURN_STATUS(DISCBURN_E_DF2DATA_MEDIA_IS_NOT_SUPPORTED) };
FIXTURE_VARIANT_ADD(drive, dvd_writer_with_bd_r) {
	.drive = "dvd", .medium = "bdr", .put = 0, .media = false,
	.write = DISCBURN_STATUS(DISCBURN_E_DF2DATA_MEDIA_IS_NOT_SUPPORTED) };

FIXTURE_SETUP(drive)
{
	char knob[64];
	const char *knobs[] = { knob, NULL };
	int ret;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	if (!emu_has_knob("drive"))
		SKIP(return, "discburn_emu has no drive knob yet");
	snprintf(knob, sizeof(knob), "drive=%s", variant->drive);
	ret = emu_new(&self->emu, variant->medium, knobs);
	ASSERT_EQ(0, ret) TH_LOG("emulated %s drive: %s", variant->drive, strerror(-ret));
	ASSERT_EQ(0, discburn_new(&self->ctx));
	discburn_set_log_fn(self->ctx, lib_quiet_log, NULL);
	ASSERT_EQ(0, discburn_recorder_new_from_index(self->ctx, self->emu.index, &self->rec));
	ASSERT_EQ(0, discburn_format_data_new(self->ctx, &self->data));
	ASSERT_EQ(0, discburn_format_data_put_client_name(self->data, "Drive Test"));
}

FIXTURE_TEARDOWN(drive)
{
	discburn_format_data_unref(self->data);
	discburn_recorder_unref(self->rec);
	discburn_unref(self->ctx);
	emu_del(&self->emu);
}

TEST_F(drive, put_recorder_answers_what_the_drive_can_do)
{
	struct discburn_recorder *got = (void *)1;
	bool sup = !variant->put, msup = !variant->media;
	int ret;

	ASSERT_EQ(0, discburn_format_data_is_recorder_supported(self->data, self->rec, &sup));
	EXPECT_EQ(!variant->put, sup);
	ret = discburn_format_data_put_recorder(self->data, self->rec);
	EXPECT_EQ(variant->put, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	ASSERT_EQ(0, discburn_format_data_get_recorder(self->data, &got));
	if (variant->put) {
		/* the binding is unchanged: still none */
		EXPECT_EQ(NULL, got);
		EXPECT_EQ(ST(E_RECORDER_REQUIRED), write_pattern(self->data, 300, 171));
		return;
	}
	EXPECT_EQ(self->rec, got);
	discburn_recorder_unref(got);
	ASSERT_EQ(0, discburn_format_data_is_current_media_supported(self->data, NULL, &msup));
	EXPECT_EQ(variant->media, msup);
	ret = write_pattern(self->data, 300, 171);
	EXPECT_EQ(variant->write, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	EXPECT_FALSE(locked(self->rec));
}

/* ---- erase (IDiscFormat2Erase) of rewritable media ---- */

FIXTURE(erase) {
	struct emu emu;
	struct discburn_ctx *ctx;
	struct discburn_recorder *rec;
	struct discburn_format_data *data;
	struct discburn_format_erase *erase;
};

FIXTURE_VARIANT(erase) {
	const char *medium;
	uint32_t type;
};

FIXTURE_VARIANT_ADD(erase, cdrw) { .medium = "cdrw", .type = DISCBURN_MEDIA_CDRW };
FIXTURE_VARIANT_ADD(erase, dvdplusrw) { .medium = "dvdplusrw", .type = DISCBURN_MEDIA_DVDPLUSRW };
FIXTURE_VARIANT_ADD(erase, bdre) { .medium = "bdre", .type = DISCBURN_MEDIA_BDRE };

FIXTURE_SETUP(erase)
{
	int ret;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ret = emu_new(&self->emu, variant->medium, NULL);
	ASSERT_EQ(0, ret) TH_LOG("emulated %s: %s", variant->medium, strerror(-ret));
	ASSERT_EQ(0, discburn_new(&self->ctx));
	discburn_set_log_fn(self->ctx, lib_quiet_log, NULL);
	ASSERT_EQ(0, discburn_recorder_new_from_index(self->ctx, self->emu.index, &self->rec));
	ASSERT_EQ(0, discburn_format_data_new(self->ctx, &self->data));
	ASSERT_EQ(0, discburn_format_data_put_recorder(self->data, self->rec));
	ASSERT_EQ(0, discburn_format_data_put_client_name(self->data, "Erase Test"));
	ASSERT_EQ(0, discburn_format_erase_new(self->ctx, &self->erase));
}

FIXTURE_TEARDOWN(erase)
{
	discburn_format_erase_unref(self->erase);
	discburn_format_data_unref(self->data);
	discburn_recorder_unref(self->rec);
	discburn_unref(self->ctx);
	emu_del(&self->emu);
}

struct erase_events {
	int n;
	unsigned int elapsed[1024];
	unsigned int total[1024];
};

static int erase_progress(struct discburn_format_erase *erase, unsigned int elapsed,
			  unsigned int total, void *userdata)
{
	struct erase_events *e = userdata;

	if (e->n < 1024) {
		e->elapsed[e->n] = elapsed;
		e->total[e->n] = total;
		e->n++;
	}
	return 0;
}

TEST_F_TIMEOUT(erase, erase_leaves_a_used_disc_blank, 120)
{
	static struct erase_events e;
	uint32_t type = 0;
	bool hblank = true;
	int i, ret;

	ASSERT_EQ(0, write_pattern(self->data, 2000, 181));
	ASSERT_EQ(0, discburn_format_data_get_media_heuristically_blank(self->data, &hblank));
	EXPECT_FALSE(hblank);
	EXPECT_EQ(ST(E_RECORDER_REQUIRED), discburn_format_erase_erase_media(self->erase));
	ASSERT_EQ(0, discburn_format_erase_put_recorder(self->erase, self->rec));
	EXPECT_EQ(ST(E_ERASE_CLIENT_NAME_IS_NOT_VALID), discburn_format_erase_erase_media(self->erase));
	EXPECT_EQ(ST(E_ERASE_CLIENT_NAME_IS_NOT_VALID),
		  discburn_format_erase_put_client_name(self->erase, "no/slash"));
	ASSERT_EQ(0, discburn_format_erase_put_client_name(self->erase, "Eraser"));
	EXPECT_STREQ("Eraser", discburn_format_erase_get_client_name(self->erase));
	ASSERT_EQ(0, discburn_format_erase_get_current_physical_media_type(self->erase, &type));
	EXPECT_EQ(variant->type, type);
	EXPECT_FALSE(discburn_format_erase_get_full_erase(self->erase));
	memset(&e, 0, sizeof(e));
	discburn_format_erase_set_progress_fn(self->erase, erase_progress, &e);
	ret = discburn_format_erase_erase_media(self->erase);
	ASSERT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	ASSERT_GE(e.n, 1);
	for (i = 1; i < e.n; i++)
		EXPECT_GE(e.elapsed[i], e.elapsed[i - 1]);
	/* the last call is the end: its total is the time it took */
	EXPECT_EQ(e.elapsed[e.n - 1], e.total[e.n - 1]);
	ASSERT_EQ(0, discburn_format_data_get_media_heuristically_blank(self->data, &hblank));
	EXPECT_TRUE(hblank);
	EXPECT_FALSE(locked(self->rec));
	/* and it takes a new burn without forcing anything */
	EXPECT_EQ(0, write_pattern(self->data, 500, 182));
}

TEST_F_TIMEOUT(erase, full_erase_is_asked_for_and_works, 300)
{
	bool hblank = false;
	int ret;

	ASSERT_EQ(0, write_pattern(self->data, 1000, 183));
	ASSERT_EQ(0, discburn_format_erase_put_recorder(self->erase, self->rec));
	ASSERT_EQ(0, discburn_format_erase_put_client_name(self->erase, "Full Eraser"));
	ASSERT_EQ(0, discburn_format_erase_put_full_erase(self->erase, true));
	EXPECT_TRUE(discburn_format_erase_get_full_erase(self->erase));
	ret = discburn_format_erase_erase_media(self->erase);
	ASSERT_EQ(0, ret) TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	ASSERT_EQ(0, discburn_format_data_get_media_heuristically_blank(self->data, &hblank));
	EXPECT_TRUE(hblank);
}

TEST(erase_refuses_write_once_media)
{
	struct discburn_format_erase *erase;
	struct discburn_recorder *rec;
	struct discburn_ctx *ctx;
	struct emu e;
	int ret;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, emu_new(&e, "cdr80", NULL));
	ASSERT_EQ(0, discburn_new(&ctx));
	discburn_set_log_fn(ctx, lib_quiet_log, NULL);
	ASSERT_EQ(0, discburn_recorder_new_from_index(ctx, e.index, &rec));
	ASSERT_EQ(0, discburn_format_erase_new(ctx, &erase));
	ASSERT_EQ(0, discburn_format_erase_put_recorder(erase, rec));
	ASSERT_EQ(0, discburn_format_erase_put_client_name(erase, "Eraser"));
	ret = discburn_format_erase_erase_media(erase);
	EXPECT_EQ(ST(E_ERASE_MEDIA_IS_NOT_SUPPORTED), ret)
		TH_LOG("%s (0x%08x)", discburn_strerror(ret), ret);
	EXPECT_FALSE(locked(rec));
	discburn_format_erase_unref(erase);
	discburn_recorder_unref(rec);
	discburn_unref(ctx);
	emu_del(&e);
}

TEST_HARNESS_MAIN
