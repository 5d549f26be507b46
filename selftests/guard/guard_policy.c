// SPDX-License-Identifier: GPL-2.0
/*
 * The guard's policy, call by call: while another process holds the lock,
 * SG_IO on srN (plain opens, read-only or not), sgN and bsg, raw WRITEs,
 * command-sending ioctls and sg's write() interface fail EBUSY and never
 * reach the drive; queries of cached identity and the owner still work;
 * handles opened before the lock are refused too; the owner's own handles
 * work (its children's do not: the owner is a thread group); every way of
 * releasing lets everyone back; and no command started after the lock
 * ioctl returned ever gets through (the lock and the guard's map change in
 * one step).
 */
#include "guard.h"
#include "kselftest_harness.h"

static int tur_ro(const char *p) { return on_node(p, O_RDONLY | O_NONBLOCK, cmd_tur); }
static int tur_rw(const char *p) { return on_node(p, O_RDWR | O_NONBLOCK, cmd_tur); }
static int write_rw(const char *p) { return on_node(p, O_RDWR | O_NONBLOCK, cmd_write10); }
static int sgw(const char *p) { return on_node(p, O_RDWR, cmd_sg_write_tur); }

FIXTURE(guarded) {
	struct emu emu;
	struct guard g;
	struct holder h;
	char sg[64];
	char bsg[96];
};

FIXTURE_SETUP(guarded)
{
	int lsm = guard_bpf_lsm();

	memset(&self->g, 0, sizeof(self->g));
	memset(&self->h, 0, sizeof(self->h));
	self->emu.dir[0] = 0;
	ASSERT_LE(0, lsm) TH_LOG("cannot read %s", LSM_LIST);
	if (!lsm)
		SKIP(return, "the kernel does not run the BPF LSM");
	ASSERT_EQ(0, emu_new(&self->emu, "cdr80", NULL));
	ASSERT_EQ(0, guard_nodes(&self->emu, self->sg, sizeof(self->sg),
				 self->bsg, sizeof(self->bsg)));
	ASSERT_EQ(0, guard_start(&self->g)) TH_LOG("discburn-guard did not start");
}

FIXTURE_TEARDOWN(guarded)
{
	holder_stop(&self->h, 0);
	guard_stop(&self->g, SIGTERM);
	emu_del(&self->emu);
}

TEST_F(guarded, sg_io_is_ebusy_on_every_node_while_another_process_holds_the_lock)
{
	char pid[32];

	EXPECT_EQ(0, tur_ro(self->emu.srdev));
	EXPECT_EQ(0, tur_rw(self->emu.srdev));
	EXPECT_EQ(0, tur_rw(self->sg));
	EXPECT_EQ(0, tur_rw(self->bsg));

	ASSERT_EQ(0, holder_start(&self->h, &self->emu));
	EXPECT_EQ(-EBUSY, tur_ro(self->emu.srdev));
	EXPECT_EQ(-EBUSY, tur_rw(self->emu.srdev));
	EXPECT_EQ(-EBUSY, tur_rw(self->sg));
	EXPECT_EQ(-EBUSY, tur_rw(self->bsg));
	/* and it was the guard that said so */
	snprintf(pid, sizeof(pid), "from pid %d ", getpid());
	EXPECT_EQ(4, guard_wait_log(&self->g, pid, 4, 5));

	ASSERT_EQ(0, holder_unlock(&self->h));
	EXPECT_EQ(0, tur_ro(self->emu.srdev));
	EXPECT_EQ(0, tur_rw(self->sg));
	EXPECT_EQ(0, tur_rw(self->bsg));
}

TEST_F(guarded, raw_write_through_a_plain_open_never_reaches_the_drive)
{
	int sr = open(self->emu.srdev, O_RDWR | O_NONBLOCK);
	int sg = open(self->sg, O_RDWR);
	long long writes, cmds;

	ASSERT_LE(0, sr);
	ASSERT_LE(0, sg);
	ASSERT_EQ(0, holder_start(&self->h, &self->emu));
	writes = emu_stat(&self->emu, "writes");
	cmds = emu_stat(&self->emu, "commands");
	EXPECT_EQ(-EBUSY, cmd_write10(sr));
	EXPECT_EQ(-EBUSY, cmd_write10(sg));
	EXPECT_EQ(-EBUSY, cmd_sg_write_tur(sg));
	EXPECT_EQ(-EBUSY, write_rw(self->bsg));
	EXPECT_EQ(writes, emu_stat(&self->emu, "writes"));
	/* nothing else reached it either through handles already open */
	EXPECT_EQ(cmds, emu_stat(&self->emu, "commands"));
	/* what does get through: opening srN (sr checks the medium) */
	close(open(self->emu.srdev, O_RDONLY | O_NONBLOCK));
	TH_LOG("an open and close of %s while locked sent %lld commands",
	       self->emu.srdev, emu_stat(&self->emu, "commands") - cmds);
	ASSERT_EQ(0, holder_unlock(&self->h));
	/* after release the ioctl works again (whatever the drive answers) */
	EXPECT_LE(0, cmd_write10(sr));
	close(sg);
	close(sr);
}

TEST_F(guarded, command_ioctls_are_refused_and_queries_pass)
{
	struct discburn_identity id = { .size = sizeof(id) };
	struct cdrom_generic_command cgc;
	unsigned char buf[64] = { 0 };
	struct discburn_owner o;
	int sr, sg, rec, v, idlun[2];
	unsigned long long bytes;
	struct sg_scsi_id sid;

	ASSERT_EQ(0, holder_start(&self->h, &self->emu));
	sr = open(self->emu.srdev, O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, sr);
	sg = open(self->sg, O_RDWR);
	ASSERT_LE(0, sg);

	/* commands */
	EXPECT_EQ(-1, ioctl(sr, CDROMEJECT));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(-1, ioctl(sr, CDROMCLOSETRAY));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(-1, ioctl(sr, CDROM_DRIVE_STATUS, CDSL_CURRENT));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(-1, ioctl(sr, CDROM_LOCKDOOR, 0));
	EXPECT_EQ(EBUSY, errno);
	memset(&cgc, 0, sizeof(cgc));
	cgc.cmd[0] = 0x12;
	cgc.cmd[4] = 36;
	cgc.buffer = buf;
	cgc.buflen = 36;
	cgc.data_direction = CGC_DATA_READ;
	EXPECT_EQ(-1, ioctl(sr, CDROM_SEND_PACKET, &cgc));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(-1, ioctl(sr, SCSI_IOCTL_TEST_UNIT_READY));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(-1, ioctl(sr, SCSI_IOCTL_SEND_COMMAND, buf));
	EXPECT_EQ(EBUSY, errno);
	v = SG_SCSI_RESET_NOTHING;
	EXPECT_EQ(-1, ioctl(sg, SG_SCSI_RESET, &v));
	EXPECT_EQ(EBUSY, errno);

	/* cached identity and settings */
	EXPECT_LE(0, ioctl(sr, CDROM_GET_CAPABILITY));
	EXPECT_EQ(0, ioctl(sr, SCSI_IOCTL_GET_IDLUN, idlun));
	EXPECT_EQ(0, ioctl(sr, SCSI_IOCTL_GET_BUS_NUMBER, &v));
	EXPECT_EQ(0, ioctl(sr, BLKGETSIZE64, &bytes));
	EXPECT_EQ(0, ioctl(sg, SG_GET_VERSION_NUM, &v));
	EXPECT_EQ(0, ioctl(sg, SG_GET_SCSI_ID, &sid));
	EXPECT_EQ(5, sid.scsi_type);
	v = 30000;
	EXPECT_EQ(0, ioctl(sg, SG_SET_TIMEOUT, &v));
	close(sg);
	close(sr);

	/* another discburn file: identity and the owner query */
	rec = rec_open(&self->emu, O_RDONLY);
	ASSERT_LE(0, rec);
	EXPECT_EQ(0, ioctl(rec, DISCBURN_IOC_GET_IDENTITY, &id));
	ASSERT_EQ(0, _rec_owner(rec, &o));
	EXPECT_EQ(1, o.locked);
	EXPECT_EQ(self->h.pid, (pid_t)o.pid);
	close(rec);
}

TEST_F(guarded, sg_write_interface_is_refused)
{
	EXPECT_EQ(0, sgw(self->sg));
	ASSERT_EQ(0, holder_start(&self->h, &self->emu));
	EXPECT_EQ(-EBUSY, sgw(self->sg));
	ASSERT_EQ(0, holder_unlock(&self->h));
	EXPECT_EQ(0, sgw(self->sg));
}

TEST_F(guarded, handles_opened_before_the_lock_are_refused_too)
{
	int sr = open(self->emu.srdev, O_RDONLY | O_NONBLOCK);
	int sg = open(self->sg, O_RDWR);

	ASSERT_LE(0, sr);
	ASSERT_LE(0, sg);
	EXPECT_EQ(0, cmd_tur(sr));
	EXPECT_EQ(0, cmd_tur(sg));
	ASSERT_EQ(0, holder_start(&self->h, &self->emu));
	EXPECT_EQ(-EBUSY, cmd_tur(sr));
	EXPECT_EQ(-EBUSY, cmd_inquiry(sg));
	EXPECT_EQ(-EBUSY, cmd_sg_write_tur(sg));
	ASSERT_EQ(0, holder_unlock(&self->h));
	EXPECT_EQ(0, cmd_tur(sr));
	EXPECT_EQ(0, cmd_tur(sg));
	close(sg);
	close(sr);
}

TEST_F(guarded, the_owner_keeps_its_own_handles_and_its_children_do_not)
{
	struct discburn_media_info mi;
	int fd = rec_open(&self->emu, O_RDWR);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, _rec_lock(fd, "guard owner", 0, NULL));
	EXPECT_EQ(0, tur_ro(self->emu.srdev));
	EXPECT_EQ(0, on_node(self->sg, O_RDWR, cmd_inquiry));
	EXPECT_EQ(0, tur_rw(self->bsg));
	EXPECT_EQ(0, sgw(self->sg));
	EXPECT_EQ(0, _rec_media(fd, &mi));
	/* a forked child is another thread group: refused */
	EXPECT_EQ(-EBUSY, in_child(tur_ro, self->emu.srdev));
	EXPECT_EQ(-EBUSY, in_child(tur_rw, self->sg));
	EXPECT_EQ(1, guard_wait_log(&self->g, "owner ", 2, 5) >= 2);
	ASSERT_EQ(0, _rec_unlock(fd, 0, NULL));
	EXPECT_EQ(0, in_child(tur_ro, self->emu.srdev));
	close(fd);
}

TEST_F(guarded, unlock_close_and_kill_each_let_everyone_back)
{
	int fd;

	ASSERT_EQ(0, holder_start(&self->h, &self->emu));
	EXPECT_EQ(-EBUSY, tur_ro(self->emu.srdev));
	ASSERT_EQ(0, holder_unlock(&self->h));
	EXPECT_EQ(0, tur_ro(self->emu.srdev));
	holder_stop(&self->h, 0);

	ASSERT_EQ(0, holder_start(&self->h, &self->emu));
	EXPECT_EQ(-EBUSY, tur_rw(self->sg));
	holder_stop(&self->h, 0);	/* exits: its file closes */
	EXPECT_EQ(0, tur_rw(self->sg));

	ASSERT_EQ(0, holder_start(&self->h, &self->emu));
	EXPECT_EQ(-EBUSY, tur_rw(self->bsg));
	holder_stop(&self->h, SIGKILL);
	fd = rec_open(&self->emu, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_LE(0, burn_wait_unlocked(fd, 10));
	close(fd);
	EXPECT_EQ(0, tur_rw(self->bsg));
	EXPECT_EQ(0, tur_ro(self->emu.srdev));
}

/* Shared with the prober of no_command_started_after_the_lock_gets_through */
struct window {
	volatile double locked_since;	/* 0: not locked (or unlocking) */
	volatile int stop;
	volatile long refused;
	volatile long passed_unlocked;
	volatile long passed_locked;	/* the failure: sent wholly inside a lock */
};

TEST_F(guarded, no_command_started_after_the_lock_gets_through)
{
	struct window *w = mmap(NULL, sizeof(*w), PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int fd, i;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, w);
	memset(w, 0, sizeof(*w));
	fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, fd);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int sr = open(self->emu.srdev, O_RDONLY | O_NONBLOCK);

		while (sr >= 0 && !w->stop) {
			double before = w->locked_since, after;
			int r = cmd_tur(sr);

			after = w->locked_since;
			if (r == -EBUSY)
				w->refused++;
			else if (before && before == after)
				w->passed_locked++;
			else
				w->passed_unlocked++;
		}
		_exit(0);
	}
	for (i = 0; i < 40; i++) {
		ASSERT_EQ(0, _rec_lock(fd, "window probe", 0, NULL));
		w->locked_since = st_now();
		st_msleep(10 + i % 7);
		w->locked_since = 0;
		ASSERT_EQ(0, _rec_unlock(fd, DISCBURN_UNLOCK_NO_MEDIA_NOTIFICATIONS, NULL));
		st_msleep(5 + i % 5);
	}
	w->stop = 1;
	waitpid(pid, NULL, 0);
	TH_LOG("refused %ld, passed unlocked %ld, passed inside a lock %ld",
	       w->refused, w->passed_unlocked, w->passed_locked);
	EXPECT_EQ(0, w->passed_locked);
	EXPECT_LT(0, w->refused);
	EXPECT_LT(0, w->passed_unlocked);
	close(fd);
}

TEST_F(guarded, a_guard_started_while_locked_guards_that_lock)
{
	char buf[16];

	ASSERT_EQ(0, holder_start(&self->h, &self->emu));
	EXPECT_EQ(-EBUSY, tur_ro(self->emu.srdev));
	EXPECT_EQ(0, guard_stop(&self->g, SIGTERM));
	ASSERT_EQ(0, guard_state(buf, sizeof(buf)));
	EXPECT_STREQ("off", buf);
	/* without the guard: the lock as it always was */
	EXPECT_EQ(0, tur_ro(self->emu.srdev));
	ASSERT_EQ(0, guard_start(&self->g));
	/* the replay ("sync") gave it the lock taken before it started */
	EXPECT_EQ(-EBUSY, tur_ro(self->emu.srdev));
	EXPECT_EQ(-EBUSY, tur_rw(self->sg));
	ASSERT_EQ(0, holder_unlock(&self->h));
	EXPECT_EQ(0, tur_ro(self->emu.srdev));
}

TEST_F(guarded, guard_state_follows_the_guard_process)
{
	char out[8192];

	EXPECT_TRUE(guard_is_on());
	EXPECT_EQ(0, run_out(out, sizeof(out), "%s/build/bin/discburn info /dev/discburn%d",
			     getenv("DISCBURN_TOP"), self->emu.index));
	EXPECT_NE(NULL, strstr(out, "guard:         on")) TH_LOG("%s", out);
	EXPECT_EQ(0, guard_stop(&self->g, SIGTERM));
	EXPECT_FALSE(guard_is_on());
	EXPECT_EQ(0, run_out(out, sizeof(out),
			     "%s/build/bin/discburn info /dev/discburn%d --json | jq -er .guard",
			     getenv("DISCBURN_TOP"), self->emu.index));
	EXPECT_STREQ("off\n", out);
	ASSERT_EQ(0, guard_start(&self->g));
	EXPECT_TRUE(guard_is_on());
	/* SIGKILL: the links go with the process */
	EXPECT_EQ(128 + SIGKILL, guard_stop(&self->g, SIGKILL));
	EXPECT_FALSE(guard_is_on());
}

TEST_HARNESS_MAIN
