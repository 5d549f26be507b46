// SPDX-License-Identifier: GPL-2.0
/*
 * The guard against real tools and real burns. While another process holds
 * the lock, sg_inq on srN and sgN, cdrskin on sgN, wodim on srN and sgN and
 * eject on srN all fail with EBUSY (the claim stops the O_EXCL openers, the
 * guard the rest; the guard's log shows which it refused), and after the
 * release all of them work again. The owner's burn reads back
 * byte-identical while a loop of intruders runs beside it, none of whom
 * gets a command through; an owner killed in the middle of a burn leaves
 * nothing guarded and nothing stuck.
 */
#include "guard.h"
#include "kselftest_harness.h"

#define IMG_SECTORS	1024

FIXTURE(tools) {
	struct emu emu;
	struct guard g;
	struct holder h;
	char sg[64];
	char bsg[96];
	char out[65536];
};

FIXTURE_SETUP(tools)
{
	int lsm = guard_bpf_lsm();

	memset(&self->g, 0, sizeof(self->g));
	memset(&self->h, 0, sizeof(self->h));
	self->emu.dir[0] = 0;
	ASSERT_LE(0, lsm) TH_LOG("cannot read %s", LSM_LIST);
	if (!lsm)
		SKIP(return, "the kernel does not run the BPF LSM");
	/* a missing tool is a failure: make deps installs them all */
	ASSERT_EQ(0, run_out(self->out, sizeof(self->out),
			     "command -v sg_inq cdrskin wodim eject"))
		TH_LOG("missing: %s", self->out);
	ASSERT_EQ(0, emu_new(&self->emu, "cdr80", NULL));
	ASSERT_EQ(0, guard_nodes(&self->emu, self->sg, sizeof(self->sg),
				 self->bsg, sizeof(self->bsg)));
	ASSERT_EQ(0, guard_start(&self->g));
}

FIXTURE_TEARDOWN(tools)
{
	holder_stop(&self->h, 0);
	guard_stop(&self->g, SIGTERM);
	emu_del(&self->emu);
}

/* Each refused tool: its command line, and whose refusal its EBUSY is */
struct refused_tool {
	const char *cmd;	/* the node follows */
	bool on_sg;		/* the node is sgN, else srN */
	const char *comm;	/* refused by the guard: in its log; NULL: by the claim */
	bool quiet;		/* prints no errno: the guard's log is the witness */
};

static const struct refused_tool refused_tools[] = {
	{ "sg_inq", false, "(sg_inq)", false },
	{ "sg_inq", true, "(sg_inq)", false },
	/* cdrskin opens srN O_EXCL as well: the claim answers */
	{ "cdrskin -checkdrive dev=", true, NULL, false },
	{ "cdrskin --drive_not_exclusive -checkdrive dev=", true, "(cdrskin)", true },
	{ "wodim -checkdrive dev=", false, NULL, false },
	{ "wodim -checkdrive dev=", true, "(wodim)", false },
	{ "eject", false, NULL, false },
	/* -F opens without O_EXCL: CDROM_LOCKDOOR, CDROMEJECT, SG_IO refused */
	{ "eject -F", false, "(eject)", true },
};

/*
 * Fourteen runs of real tools, each seconds long under TCG: within the
 * harness's default 30 s on Debian's kernels (all three tests of this
 * program take 40 s there), past it on the debug kernel.
 */
TEST_F_TIMEOUT(tools, real_tools_get_ebusy_while_locked_and_work_after_release, 300)
{
	char cmd[PATH_MAX + 16], tray[16];
	size_t i;

	ASSERT_EQ(0, holder_start(&self->h, &self->emu));
	for (i = 0; i < sizeof(refused_tools) / sizeof(refused_tools[0]); i++) {
		const struct refused_tool *t = &refused_tools[i];
		const char *node = t->on_sg ? self->sg : self->emu.srdev;
		int before = t->comm ? guard_log_count(&self->g, t->comm) : 0;

		snprintf(cmd, sizeof(cmd), "%s%s%s", t->cmd,
			 t->cmd[strlen(t->cmd) - 1] == '=' ? "" : " ", node);
		EXPECT_NE(0, run_out(self->out, sizeof(self->out), "timeout 120 %s", cmd))
			TH_LOG("%s got through: %s", cmd, self->out);
		EXPECT_TRUE(t->quiet || strcasestr(self->out, "Device or resource busy") ||
			    strstr(self->out, "Errno: 16"))
			TH_LOG("%s: %s", cmd, self->out);
		if (t->comm)
			EXPECT_LT(before, guard_wait_log(&self->g, t->comm, before + 1, 5))
				TH_LOG("the guard did not refuse %s", cmd);
	}
	/* the tray stayed shut */
	snprintf(cmd, sizeof(cmd), "%s/tray", self->emu.dir);
	ASSERT_EQ(0, st_read(cmd, tray, sizeof(tray)));
	EXPECT_STREQ("closed", tray);
	ASSERT_EQ(0, holder_unlock(&self->h));

	EXPECT_EQ(0, run_out(self->out, sizeof(self->out), "sg_inq %s", self->emu.srdev))
		TH_LOG("%s", self->out);
	EXPECT_EQ(0, run_out(self->out, sizeof(self->out), "sg_inq %s", self->sg))
		TH_LOG("%s", self->out);
	EXPECT_EQ(0, run_out(self->out, sizeof(self->out), "cdrskin dev=%s -checkdrive",
			     self->sg)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, run_out(self->out, sizeof(self->out), "wodim dev=%s -checkdrive",
			     self->emu.srdev)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, run_out(self->out, sizeof(self->out), "eject %s", self->emu.srdev))
		TH_LOG("%s", self->out);
	EXPECT_EQ(0, run_out(self->out, sizeof(self->out), "eject -t %s", self->emu.srdev))
		TH_LOG("%s", self->out);
}

/* What the intruders got: counted in shared memory */
struct intruders {
	volatile int stop;
	volatile long tries;
	volatile long refused;
	volatile long passed;
	volatile long tool_runs;
	volatile long tool_passed;
};

static void count(struct intruders *in, int r)
{
	in->tries++;
	if (r == -EBUSY)
		in->refused++;
	else
		in->passed++;
}

static int eject_ioctl(int fd)
{
	return ioctl(fd, CDROMEJECT) ? -errno : 0;
}

/* Every way in that the guard closes, round after round, until stopped */
static pid_t intruders_start(struct intruders *in, const struct emu *e,
			     const char *sg, const char *bsg)
{
	pid_t pid = fork();
	char cmd[256];

	if (pid)
		return pid;
	snprintf(cmd, sizeof(cmd), "sg_inq %s >/dev/null 2>&1", e->srdev);
	while (!in->stop) {
		count(in, on_node(e->srdev, O_RDONLY | O_NONBLOCK, cmd_tur));
		count(in, on_node(e->srdev, O_RDWR | O_NONBLOCK, cmd_write10));
		count(in, on_node(e->srdev, O_RDONLY | O_NONBLOCK, eject_ioctl));
		count(in, on_node(sg, O_RDWR, cmd_inquiry));
		count(in, on_node(sg, O_RDWR, cmd_sg_write_tur));
		count(in, on_node(bsg, O_RDWR, cmd_write10));
		in->tool_runs++;
		if (!system(cmd))
			in->tool_passed++;
	}
	_exit(0);
}

TEST_F(tools, burn_reads_back_identical_beside_a_loop_of_intruders)
{
	struct intruders *in = mmap(NULL, sizeof(*in), PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	size_t len = IMG_SECTORS * SECTOR;
	struct discburn_session_finish f;
	struct discburn_data_begin b;
	unsigned char *img = burn_pattern(IMG_SECTORS, 0x9a2d);
	int fd = rec_open(&self->emu, O_RDWR);
	pid_t pid;

	ASSERT_NE(MAP_FAILED, in);
	ASSERT_NE(NULL, img);
	ASSERT_LE(0, fd);
	memset(in, 0, sizeof(*in));
	/* 8x: the burn lasts long enough for many rounds */
	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "8"));
	ASSERT_EQ(0, _rec_lock(fd, "guarded burn", 0, NULL));
	pid = intruders_start(in, &self->emu, self->sg, self->bsg);
	ASSERT_LT(0, pid);

	ASSERT_EQ(0, burn_set_name(fd, "guarded burn", NULL));
	burn_begin_init(&b, 0, len);
	ASSERT_EQ(0, _burn_begin(fd, &b)) TH_LOG("begin: status 0x%08x", b.status);
	ASSERT_EQ(0, burn_write_all(fd, img, len, 65536));
	ASSERT_EQ(0, burn_finish(fd, &f, 0)) TH_LOG("finish: 0x%08x", f.status);
	EXPECT_EQ(0, f.status);
	in->stop = 1;
	waitpid(pid, NULL, 0);
	ASSERT_EQ(0, _rec_unlock(fd, 0, NULL));

	TH_LOG("intruders: %ld calls refused, %ld passed; %ld sg_inq runs, %ld passed",
	       in->refused, in->passed, in->tool_runs, in->tool_passed);
	EXPECT_EQ(0, in->passed);
	EXPECT_EQ(0, in->tool_passed);
	EXPECT_LT(6, in->refused);
	EXPECT_LT(0, in->tool_runs);
	EXPECT_EQ(1, burn_read_equals(&self->emu, (__s32)b.start_lba, img, len));
	/* after release everyone is back */
	EXPECT_EQ(0, on_node(self->emu.srdev, O_RDONLY | O_NONBLOCK, cmd_tur));
	close(fd);
	free(img);
}

TEST_F(tools, an_owner_killed_mid_burn_leaves_nothing_guarded_or_stuck)
{
	unsigned char *img = burn_pattern(IMG_SECTORS, 0x4b1);
	int fd, ready[2];
	pid_t pid;
	char c;

	ASSERT_NE(NULL, img);
	ASSERT_EQ(0, pipe(ready));
	/* 1x: the burn runs for seconds */
	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "1"));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int rfd = rec_open(&self->emu, O_RDWR);

		if (rfd < 0 || burn_begin(rfd, 0, 0, NULL))
			_exit(1);
		c = 'w';
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		burn_write_all(rfd, img, IMG_SECTORS * SECTOR, 65536);
		_exit(0);
	}
	ASSERT_EQ(1, read(ready[0], &c, 1));
	st_msleep(500);
	EXPECT_EQ(-EBUSY, on_node(self->emu.srdev, O_RDONLY | O_NONBLOCK, cmd_tur));
	EXPECT_EQ(-EBUSY, on_node(self->sg, O_RDWR, cmd_tur));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);

	fd = rec_open(&self->emu, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_LE(0, burn_wait_unlocked(fd, 60));
	close(fd);
	EXPECT_EQ(0, on_node(self->emu.srdev, O_RDONLY | O_NONBLOCK, cmd_tur));
	EXPECT_EQ(0, on_node(self->sg, O_RDWR, cmd_inquiry));
	EXPECT_EQ(0, on_node(self->bsg, O_RDWR, cmd_tur));
	/* the guard lives on, guarding the next lock */
	EXPECT_EQ(0, kill(self->g.pid, 0));
	ASSERT_EQ(0, holder_start(&self->h, &self->emu));
	EXPECT_EQ(-EBUSY, on_node(self->sg, O_RDWR, cmd_tur));
	free(img);
}

TEST_HARNESS_MAIN
