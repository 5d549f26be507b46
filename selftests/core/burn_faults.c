// SPDX-License-Identifier: GPL-2.0
/*
 * Burns that go wrong: a write error at an LBA (status and LBA reported),
 * a drive that answers LONG WRITE IN PROGRESS all the time (resent, the
 * disc still right), WRITEs that reach the drive out of order (resent), a unit attention in the middle (the burn fails with
 * the sense), an underrun on a stalling source with buffer-underrun-free
 * recording off (LOSS_OF_STREAMING) and on (succeeds, link losses
 * counted), unplug and kill -9 in the middle, and cancel, kill -9 and
 * unplug at random points on every class of medium: each time a clean
 * status, the lock released within a second, the drive usable, nothing
 * stuck.
 */
#include "burn.h"
#include "kselftest_harness.h"

#define IMG 4000

FIXTURE(fault) {
	struct emu emu;
	int fd;
	int fd2;
	unsigned char *img;
};

FIXTURE_SETUP(fault)
{
	static const char *const knobs[] = { "capacity_sectors=40000", NULL };

	self->fd = -1;
	self->fd2 = -1;
	self->img = NULL;
	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new(&self->emu, "cdr80", knobs));
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);
	self->fd2 = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd2);
	self->img = burn_pattern(IMG, 1234);
	ASSERT_NE(NULL, self->img);
}

FIXTURE_TEARDOWN(fault)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->fd2 >= 0)
		close(self->fd2);
	free(self->img);
	emu_del(&self->emu);
}

TEST_F(fault, write_error_reports_the_lba)
{
	struct discburn_session_finish f;
	struct discburn_progress p;
	__u32 st;
	int ret;

	ASSERT_EQ(0, emu_knob(&self->emu, "fail_write_lba", "500"));
	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	ret = burn_write_all(self->fd, self->img, 2000 * SECTOR, 65536);
	EXPECT_TRUE(ret == 0 || ret == -EIO) TH_LOG("write: %d", ret);
	EXPECT_EQ(-EIO, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_E_FAIL, f.status);
	EXPECT_EQ(500, (int)f.failed_lba);
	EXPECT_GT(500, (int)f.last_written_lba);
	ASSERT_EQ(0, burn_progress(self->fd2, &p));
	EXPECT_EQ(0x030c00, p.sense);
	EXPECT_EQ(500, (int)p.failed_lba);
	EXPECT_EQ(0, burn_locked(self->fd2));
}

TEST_F(fault, long_write_in_progress_storm)
{
	struct discburn_session_finish f;
	struct discburn_progress p;
	__u32 st;

	ASSERT_EQ(0, emu_knob(&self->emu, "busy_on_full", "1"));
	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "16"));
	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, IMG * SECTOR, 65536));
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0)) TH_LOG("status 0x%08x", f.status);
	ASSERT_EQ(0, burn_progress(self->fd2, &p));
	EXPECT_LT(0, p.busy_retries);
	TH_LOG("%u WRITEs resent", p.busy_retries);
	EXPECT_EQ(1, burn_read_equals(&self->emu, 0, self->img, IMG * SECTOR));
}

/*
 * The block layer keeps no order between the WRITEs in flight; the drive
 * refuses one that comes before the one ahead of it (05/21/02). The drive
 * is paced, so that WRITEs queue up behind the one it runs and the host
 * can swap them.
 */
TEST_F(fault, a_write_that_overtakes_is_sent_again)
{
	struct discburn_session_finish f;
	struct discburn_progress p;
	__u32 st;

	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "24"));
	ASSERT_EQ(0, emu_knob(&self->emu, "reorder_writes", "3"));
	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, IMG * SECTOR, 65536));
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0)) TH_LOG("status 0x%08x", f.status);
	EXPECT_EQ(3, emu_stat(&self->emu, "reordered"));
	ASSERT_EQ(0, burn_progress(self->fd2, &p));
	EXPECT_LE(3, p.busy_retries);
	EXPECT_EQ(1, burn_read_equals(&self->emu, 0, self->img, IMG * SECTOR));
}

TEST_F(fault, unit_attention_mid_burn_fails_it)
{
	struct discburn_session_finish f;
	struct discburn_progress p;
	__u32 st;

	ASSERT_EQ(0, emu_knob(&self->emu, "fail_sense", "6/28/00"));
	ASSERT_EQ(0, emu_knob(&self->emu, "fail_write_nth", "5"));
	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	burn_write_all(self->fd, self->img, IMG * SECTOR, 65536);
	EXPECT_EQ(-EIO, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_E_RECORDER_MEDIA_BECOMING_READY, f.status);
	ASSERT_EQ(0, burn_progress(self->fd2, &p));
	EXPECT_EQ(0x062800, p.sense);
	EXPECT_EQ(0, burn_locked(self->fd2));
}

/* Write @first sectors, stall @stall_ms, write the rest; finish's result. */
static int stalling_burn(struct __test_metadata *_metadata, int fd,
			 const unsigned char *img, size_t first, unsigned int stall_ms,
			 __u32 flags, struct discburn_session_finish *f)
{
	__u32 st;
	int ret;

	ASSERT_EQ(0, burn_begin(fd, flags, 0, &st));
	ASSERT_EQ(0, burn_write_all(fd, img, first * SECTOR, 65536));
	st_msleep(stall_ms);
	ret = burn_write_all(fd, img + first * SECTOR, (IMG - first) * SECTOR, 65536);
	if (ret)
		TH_LOG("write after the stall: %s", strerror(-ret));
	return burn_finish(fd, f, 0);
}

TEST_F(fault, underrun_without_bufe_is_loss_of_streaming)
{
	struct discburn_session_finish f;

	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "4"));
	EXPECT_EQ(-EIO, stalling_burn(_metadata, self->fd, self->img, 800, 4000,
				      DISCBURN_DATA_BUFE_DISABLED, &f));
	EXPECT_EQ(DISCBURN_E_LOSS_OF_STREAMING, f.status);
	EXPECT_LE(1, emu_stat(&self->emu, "underruns"));
	EXPECT_EQ(0, burn_locked(self->fd2));
}

TEST_F(fault, underrun_with_bufe_survives)
{
	struct discburn_session_finish f;

	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "4"));
	EXPECT_EQ(0, stalling_burn(_metadata, self->fd, self->img, 800, 4000, 0, &f));
	EXPECT_EQ(0, f.status);
	EXPECT_LE(1, emu_stat(&self->emu, "link_losses"));
	EXPECT_EQ(0, emu_stat(&self->emu, "underruns"));
	EXPECT_EQ(1, burn_read_equals(&self->emu, 0, self->img, IMG * SECTOR));
}

struct unplugger {
	struct emu *emu;
	unsigned int ms;
};

static void *unplug_later(void *arg)
{
	struct unplugger *u = arg;

	st_msleep(u->ms);
	emu_power(u->emu, 0);
	return NULL;
}

TEST_F(fault, unplug_mid_burn)
{
	struct unplugger u = { .emu = &self->emu, .ms = 400 };
	struct pollfd pfd = { .events = POLLOUT };
	struct discburn_session_finish f;
	struct discburn_data_begin b;
	pthread_t th;
	double t0;
	int ret;

	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "4"));
	ASSERT_EQ(0, burn_set_name(self->fd, "selftest", NULL));
	burn_begin_init(&b, 0, 0);
	b.ring_kib = 1;
	ASSERT_EQ(0, _burn_begin(self->fd, &b));
	ASSERT_EQ(0, pthread_create(&th, NULL, unplug_later, &u));
	t0 = st_now();
	ret = burn_write_all(self->fd, self->img, IMG * SECTOR, 65536);
	pthread_join(th, NULL);
	EXPECT_EQ(-ENODEV, ret);
	EXPECT_GT(10.0, st_now() - t0);
	EXPECT_EQ(-ENODEV, burn_finish(self->fd, &f, 0));
	pfd.fd = self->fd;
	ASSERT_EQ(1, poll(&pfd, 1, 1000));
	EXPECT_TRUE(pfd.revents & POLLHUP);
}

TEST_F(fault, kill9_mid_burn_releases_within_a_second)
{
	struct discburn_session_finish f;
	int pfd[2], status;
	double took;
	pid_t pid;
	char c;

	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "8"));
	ASSERT_EQ(0, pipe(pfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int fd = rec_open(&self->emu, O_RDWR);

		if (fd < 0 || burn_begin(fd, 0, 0, NULL) ||
		    write(pfd[1], "B", 1) != 1)
			_exit(1);
		burn_write_all(fd, self->img, IMG * SECTOR, 65536);
		_exit(2);
	}
	close(pfd[1]);
	ASSERT_EQ(1, read(pfd[0], &c, 1));
	close(pfd[0]);
	st_msleep(300);
	ASSERT_EQ(1, burn_locked(self->fd2));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	took = burn_wait_unlocked(self->fd2, 1.0);
	EXPECT_LE(0, took);
	TH_LOG("lock released %.3f s after the reap", took);
	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "0"));
	ASSERT_EQ(0, emu_knob(&self->emu, "medium", "cdr80"));
	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, NULL));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 400 * SECTOR, 65536));
	EXPECT_EQ(0, burn_finish(self->fd, &f, 0));
}

/* ---- random points, per class of medium ---- */

FIXTURE(chaos) {
	struct emu emu;
	unsigned char *img;
};

FIXTURE_VARIANT(chaos) {
	const char *medium;
	const char *speed;	/* x-rating that makes a burn last about a second */
};

FIXTURE_VARIANT_ADD(chaos, cd) { .medium = "cdr80", .speed = "write_speed=16" };
FIXTURE_VARIANT_ADD(chaos, dvdr) { .medium = "dvdr", .speed = "write_speed=2" };
FIXTURE_VARIANT_ADD(chaos, dvdplusr) { .medium = "dvdplusr", .speed = "write_speed=2" };
FIXTURE_VARIANT_ADD(chaos, bdr) { .medium = "bdr", .speed = "write_speed=1" };
FIXTURE_VARIANT_ADD(chaos, overwrite) { .medium = "dvdplusrw", .speed = "write_speed=2" };

#define CHAOS_ROUNDS	10
#define CHAOS_SECTORS	1500
#define CHAOS_MAX_MS	1000

static int chaos_new(struct emu *e, const char *medium, const char *speed)
{
	const char *const knobs[] = { "capacity_sectors=20000", speed, NULL };

	return emu_new(e, medium, knobs);
}

FIXTURE_SETUP(chaos)
{
	self->img = NULL;
	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, chaos_new(&self->emu, variant->medium, variant->speed));
	self->img = burn_pattern(CHAOS_SECTORS, 42);
	ASSERT_NE(NULL, self->img);
	srand(getpid());
}

FIXTURE_TEARDOWN(chaos)
{
	free(self->img);
	emu_del(&self->emu);
}

/* A child that burns the image: exits 0 done, 1 setup failed, 2 write or finish failed. */
static pid_t chaos_child(const struct emu *e, const unsigned char *img, int ready)
{
	pid_t pid = fork();
	struct discburn_session_finish f;
	int fd;

	if (pid)
		return pid;
	fd = rec_open(e, O_RDWR);
	if (fd < 0 || burn_begin(fd, DISCBURN_DATA_FORCE_OVERWRITE, 0, NULL))
		_exit(1);
	if (write(ready, "B", 1) != 1)
		_exit(1);
	if (burn_write_all(fd, img, CHAOS_SECTORS * SECTOR, 65536) ||
	    burn_finish(fd, &f, 0))
		_exit(2);
	_exit(0);
}

/* The drive answers and nobody holds it. */
static void chaos_check_usable(struct __test_metadata *_metadata, const struct emu *e)
{
	struct discburn_media_info mi;
	int fd = rec_open(e, O_RDWR);

	ASSERT_LE(0, fd);
	EXPECT_LE(0, burn_wait_unlocked(fd, 1.0));
	EXPECT_EQ(0, _rec_media(fd, &mi)) TH_LOG("media info: 0x%08x", mi.status);
	close(fd);
}

TEST_F_TIMEOUT(chaos, cancel_at_random_points, 300)
{
	struct discburn_session_finish f;
	int r, cancelled = 0, finished = 0;

	for (r = 0; r < CHAOS_ROUNDS; r++) {
		struct canceller_arg {
			int fd;
			unsigned int ms;
		} a;
		int fd, ret;
		__u32 st;
		pid_t pid;

		ASSERT_EQ(0, emu_knob(&self->emu, "medium", variant->medium));
		fd = rec_open(&self->emu, O_RDWR);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, burn_begin(fd, 0, 0, &st));
		a.fd = fd;
		a.ms = rand() % CHAOS_MAX_MS;
		/* the canceller shares the owner's open file */
		pid = fork();
		ASSERT_LE(0, pid);
		if (!pid) {
			st_msleep(a.ms);
			_exit(burn_cancel(a.fd, NULL) ? 1 : 0);
		}
		burn_write_all(fd, self->img, CHAOS_SECTORS * SECTOR, 65536);
		ret = burn_finish(fd, &f, 0);
		waitpid(pid, NULL, 0);
		if (ret == -ECANCELED) {
			EXPECT_EQ(DISCBURN_E_REQUEST_CANCELLED, f.status);
			cancelled++;
		} else {
			EXPECT_EQ(0, ret) TH_LOG("round %d: finish %d status 0x%08x", r, ret,
						 f.status);
			finished++;
		}
		close(fd);
		chaos_check_usable(_metadata, &self->emu);
	}
	TH_LOG("%d cancelled, %d finished first", cancelled, finished);
}

TEST_F_TIMEOUT(chaos, kill9_at_random_points, 300)
{
	int r;

	for (r = 0; r < CHAOS_ROUNDS; r++) {
		int pfd[2], status;
		pid_t pid;
		char c;

		ASSERT_EQ(0, emu_knob(&self->emu, "medium", variant->medium));
		ASSERT_EQ(0, pipe(pfd));
		pid = chaos_child(&self->emu, self->img, pfd[1]);
		ASSERT_LE(0, pid);
		close(pfd[1]);
		if (read(pfd[0], &c, 1) == 1)
			st_msleep(rand() % CHAOS_MAX_MS);
		close(pfd[0]);
		kill(pid, SIGKILL);
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		chaos_check_usable(_metadata, &self->emu);
	}
}

TEST_F_TIMEOUT(chaos, unplug_at_random_points, 300)
{
	int r;

	for (r = 0; r < CHAOS_ROUNDS; r++) {
		int pfd[2], status;
		double t0;
		pid_t pid;
		char c;

		ASSERT_EQ(0, pipe(pfd));
		pid = chaos_child(&self->emu, self->img, pfd[1]);
		ASSERT_LE(0, pid);
		close(pfd[1]);
		if (read(pfd[0], &c, 1) == 1)
			st_msleep(rand() % CHAOS_MAX_MS);
		close(pfd[0]);
		ASSERT_EQ(0, emu_power(&self->emu, 0));
		t0 = st_now();
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_GT(10.0, st_now() - t0);
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_NE(1, WEXITSTATUS(status));
		/* plugged in again: a new recorder that works */
		emu_del(&self->emu);
		ASSERT_EQ(0, chaos_new(&self->emu, variant->medium, variant->speed));
		chaos_check_usable(_metadata, &self->emu);
	}
}

TEST_HARNESS_MAIN
