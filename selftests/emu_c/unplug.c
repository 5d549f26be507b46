// SPDX-License-Identifier: GPL-2.0
/*
 * Unplug (power=0) racing with the commands in flight: a WRITE the
 * emulator deliberately never completes (fail_timeout_nth) while the
 * mid-layer's timeout and abort run, and a WRITE waiting for buffer room
 * in a real-time burn. Every SG_IO must return promptly, the drive must
 * go away, and the kernel must not splat (the runner checks).
 */
#include <signal.h>
#include <sys/wait.h>

#include "emu_c.h"
#include "kselftest_harness.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Child: WRITE(10)s at the TAO NWA until one fails; exit 0 if it returned */
static void writer(const struct emu *d, unsigned int timeout_ms, int count)
{
	static unsigned char buf[32 * 2048];
	unsigned char cdb[10] = { 0x2a };
	int fd = ec_open_sg(d);
	int i, lba = 0;

	if (fd < 0)
		_exit(2);
	for (i = 0; i < count; i++) {
		struct sgres r;

		ec_put_be32(&cdb[2], lba);
		ec_put_be16(&cdb[7], 32);
		r = ec_sgio(fd, cdb, 10, SG_DXFER_TO_DEV, buf, sizeof(buf), timeout_ms);
		if (r.ret || r.status || r.host)
			break;
		lba += 32;
	}
	close(fd);
	_exit(0);
}

/* Wait up to @secs for @pid; -1 on timeout (the child is killed) */
static int wait_child(pid_t pid, double secs)
{
	double end = now() + secs;
	int st;

	while (now() < end) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
		st_msleep(20);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return -1;
}

/*
 * The dropped WRITE is aborted by the mid-layer after its 0.3-1.3 s
 * timeout while the unplug comes at 0-1.2 s: sometimes before, sometimes
 * during, sometimes after the abort.
 */
TEST(unplug_races_injected_timeout_and_abort)
{
	const char *knobs[] = { "fail_timeout_nth=2", NULL };
	int i;

	EMU_SKIP_WITHOUT_EMU();
	for (i = 0; i < 12; i++) {
		struct emu d;
		double t;
		pid_t pid;
		int rc;

		ASSERT_EQ(0, emu_new_drive(&d, "cdr80", knobs));
		pid = fork();
		ASSERT_LE(0, pid);
		if (!pid)
			writer(&d, 300 + (i * 97) % 1000, 4);
		st_msleep(50 + (i * 113) % 1200);
		t = now();
		ASSERT_EQ(0, emu_knob(&d, "power", "0"));
		EXPECT_LT(now() - t, 20.0) TH_LOG("round %d: unplug took %.1f s", i, now() - t);
		rc = wait_child(pid, 30);
		EXPECT_EQ(0, rc) TH_LOG("round %d: writer %d", i, rc);
		emu_del(&d);
		EXPECT_NE(0, access(d.dir, F_OK));
	}
}

/* A dropped WRITE on a host that is unplugged completes at once */
TEST(unplug_completes_dropped_write)
{
	const char *knobs[] = { "fail_timeout_nth=1", NULL };
	struct emu d;
	double t;
	pid_t pid;

	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new_drive(&d, "cdr80", knobs));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		writer(&d, 60000, 1);
	st_msleep(500);
	t = now();
	ASSERT_EQ(0, emu_knob(&d, "power", "0"));
	EXPECT_EQ(0, wait_child(pid, 10));
	EXPECT_LT(now() - t, 10.0);
	emu_del(&d);
}

/* WRITEs sleeping for buffer room at 1x are woken by the unplug */
TEST(unplug_during_busy_burn)
{
	const char *knobs[] = { "write_speed=1", "buffer_kib=256", NULL };
	int i;

	EMU_SKIP_WITHOUT_EMU();
	for (i = 0; i < 4; i++) {
		struct emu d;
		pid_t pid;

		ASSERT_EQ(0, emu_new_drive(&d, "cdr80", knobs));
		pid = fork();
		ASSERT_LE(0, pid);
		if (!pid)
			writer(&d, 60000, 100000);
		st_msleep(800 + i * 400);
		ASSERT_EQ(0, emu_knob(&d, "power", "0"));
		EXPECT_EQ(0, wait_child(pid, 15));
		emu_del(&d);
	}
}

TEST_HARNESS_MAIN
