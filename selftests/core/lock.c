// SPDX-License-Identifier: GPL-2.0
/*
 * Exclusive access: lock, unlock and query; one owning file; client-name
 * validation; other files kept away from the drive but not from identity
 * and owner; release by unlock, close, SIGKILL and unplug; srN claimed
 * while locked.
 */
#include <signal.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <sys/wait.h>

#include "core.h"
#include "kselftest_harness.h"

FIXTURE(lock) {
	struct emu emu;
	int fd;
	int fd2;
};

FIXTURE_SETUP(lock)
{
	self->fd = -1;
	self->fd2 = -1;
	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, emu_new(&self->emu, "cdr80", NULL));
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);
	self->fd2 = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd2);
}

FIXTURE_TEARDOWN(lock)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->fd2 >= 0)
		close(self->fd2);
	emu_del(&self->emu);
}

TEST_F(lock, lock_query_unlock)
{
	struct discburn_owner o;
	char buf[256];
	__u32 st;

	ASSERT_EQ(0, _rec_owner(self->fd2, &o));
	EXPECT_EQ(0, o.locked);
	ASSERT_EQ(0, core_attr(&self->emu, "state", buf, sizeof(buf)));
	EXPECT_STREQ("idle", buf);

	ASSERT_EQ(0, _rec_lock(self->fd, "Kiosk Burner", 0, &st));
	EXPECT_EQ(0, st);

	ASSERT_EQ(0, _rec_owner(self->fd2, &o));
	EXPECT_EQ(1, o.locked);
	EXPECT_EQ(0, o.mine);
	EXPECT_EQ(getpid(), (pid_t)o.pid);
	EXPECT_STREQ("Kiosk Burner", (char *)o.client_name);
	EXPECT_LT(0, o.since_ns);
	ASSERT_EQ(0, _rec_owner(self->fd, &o));
	EXPECT_EQ(1, o.mine);

	ASSERT_EQ(0, core_attr(&self->emu, "state", buf, sizeof(buf)));
	EXPECT_STREQ("locked", buf);
	ASSERT_EQ(0, core_attr(&self->emu, "exclusive_owner", buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "name=Kiosk Burner"));
	EXPECT_EQ(0, strncmp(buf, "pid=", 4));

	ASSERT_EQ(0, _rec_unlock(self->fd, 0, &st));
	EXPECT_EQ(0, st);
	ASSERT_EQ(0, _rec_owner(self->fd2, &o));
	EXPECT_EQ(0, o.locked);
	EXPECT_EQ(0, o.client_name[0]);
	ASSERT_EQ(0, core_attr(&self->emu, "state", buf, sizeof(buf)));
	EXPECT_STREQ("idle", buf);
	ASSERT_EQ(0, core_attr(&self->emu, "exclusive_owner", buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
}

TEST_F(lock, second_lock_from_same_file_is_recorder_locked)
{
	__u32 st;

	ASSERT_EQ(0, _rec_lock(self->fd, "first", 0, &st));
	EXPECT_EQ(-EBUSY, _rec_lock(self->fd, "first", 0, &st));
	EXPECT_EQ(DISCBURN_E_RECORDER_LOCKED, st);
}

TEST_F(lock, second_lock_from_other_file_is_recorder_locked)
{
	__u32 st;

	ASSERT_EQ(0, _rec_lock(self->fd, "first", 0, &st));
	EXPECT_EQ(-EBUSY, _rec_lock(self->fd2, "second", 0, &st));
	EXPECT_EQ(DISCBURN_E_RECORDER_LOCKED, st);
}

TEST_F(lock, second_lock_from_other_process_is_recorder_locked)
{
	int status;
	pid_t pid;

	ASSERT_EQ(0, _rec_lock(self->fd, "first", 0, NULL));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int fd = rec_open(&self->emu, O_RDWR);
		__u32 st = 0;

		if (fd < 0)
			_exit(2);
		if (_rec_lock(fd, "other process", 0, &st) != -EBUSY)
			_exit(3);
		_exit(st == DISCBURN_E_RECORDER_LOCKED ? 0 : 4);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_F(lock, unlock_by_other_file_is_access_denied)
{
	__u32 st;

	EXPECT_EQ(-EINVAL, _rec_unlock(self->fd, 0, &st));
	EXPECT_EQ(DISCBURN_E_FAIL, st);
	ASSERT_EQ(0, _rec_lock(self->fd, "owner", 0, NULL));
	EXPECT_EQ(-EPERM, _rec_unlock(self->fd2, 0, &st));
	EXPECT_EQ(DISCBURN_E_ACCESS_DENIED, st);
	EXPECT_EQ(0, _rec_unlock(self->fd, 0, &st));
}

static void name_check(struct __test_metadata *_metadata, int fd,
		       const unsigned char *name, size_t len, int valid)
{
	struct discburn_lock l = { .size = sizeof(l) };
	int ret;

	memcpy(l.client_name, name, len);
	ret = ioctl(fd, DISCBURN_IOC_LOCK, &l) ? -errno : 0;
	if (valid) {
		EXPECT_EQ(0, ret) TH_LOG("name '%.*s' refused", (int)len, name);
		EXPECT_EQ(0, _rec_unlock(fd, DISCBURN_UNLOCK_NO_MEDIA_NOTIFICATIONS, NULL));
	} else {
		EXPECT_EQ(-EINVAL, ret) TH_LOG("name '%.*s' accepted", (int)len, name);
		EXPECT_EQ(DISCBURN_E_RECORDER_CLIENT_NAME_IS_NOT_VALID, l.status);
	}
}

TEST_F(lock, client_name_lengths)
{
	unsigned char name[64];

	memset(name, 'a', sizeof(name));
	name[1] = 0;
	name_check(_metadata, self->fd, name, 64, 1);		/* 1 byte */
	memset(name, 'b', sizeof(name));
	name[63] = 0;
	name_check(_metadata, self->fd, name, 64, 1);		/* 63 bytes */
	memset(name, 'c', sizeof(name));
	name_check(_metadata, self->fd, name, 64, 0);		/* 64, no NUL */
	memset(name, 0, sizeof(name));
	name_check(_metadata, self->fd, name, 64, 0);		/* empty */
}

TEST_F(lock, client_name_allowed_characters)
{
	const char *allowed[] = {
		"0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		"abcdefghijklmnopqrstuvwxyz", "a b", "a.b", "a,b", "a:b", "a;b",
		"a_b", "a-b", " ", "-", "Kiosk Burner 2.0: disc 1; copy_2, final-",
	};
	unsigned char name[64];
	size_t i;

	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		memset(name, 0, sizeof(name));
		strcpy((char *)name, allowed[i]);
		name_check(_metadata, self->fd, name, 64, 1);
	}
}

TEST_F(lock, client_name_forbidden_bytes)
{
	const unsigned char bad[] = {
		'/', '\'', '\t', 0x80, 0xff, 0xe9, '"', '\\', '(', '@', '!', '\n',
		0x7f, 0x01,
	};
	unsigned char name[64];
	size_t i;

	for (i = 0; i < sizeof(bad); i++) {
		memset(name, 0, sizeof(name));
		name[0] = 'o';
		name[1] = 'k';
		name[2] = bad[i];
		name_check(_metadata, self->fd, name, 64, 0);
	}
}

TEST_F(lock, other_file_kept_from_drive_but_sees_identity_and_owner)
{
	struct discburn_identity id = { .size = sizeof(id) };
	struct discburn_eject ej = { .size = sizeof(ej) };
	struct discburn_media_info mi;
	struct discburn_profiles p;
	struct discburn_owner o;

	ASSERT_EQ(0, _rec_lock(self->fd, "owner", 0, NULL));
	EXPECT_EQ(-EBUSY, _rec_profiles(self->fd2, &p));
	EXPECT_EQ(DISCBURN_E_RECORDER_LOCKED, p.status);
	EXPECT_EQ(-EBUSY, _rec_media(self->fd2, &mi));
	EXPECT_EQ(DISCBURN_E_RECORDER_LOCKED, mi.status);
	EXPECT_EQ(-1, ioctl(self->fd2, DISCBURN_IOC_EJECT, &ej));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(DISCBURN_E_RECORDER_LOCKED, ej.status);

	EXPECT_EQ(0, ioctl(self->fd2, DISCBURN_IOC_GET_IDENTITY, &id));
	EXPECT_STREQ("DISCBURN", (char *)id.vendor);
	EXPECT_EQ(0, _rec_owner(self->fd2, &o));
	EXPECT_STREQ("owner", (char *)o.client_name);

	/* the owner itself still reaches the drive */
	EXPECT_EQ(0, _rec_profiles(self->fd, &p));
	EXPECT_EQ(0, _rec_media(self->fd, &mi));
	ASSERT_EQ(0, _rec_unlock(self->fd, 0, NULL));
	EXPECT_EQ(0, _rec_profiles(self->fd2, &p));
}

TEST_F(lock, close_of_owner_releases)
{
	struct discburn_owner o;

	ASSERT_EQ(0, _rec_lock(self->fd, "closing", 0, NULL));
	close(self->fd);
	self->fd = -1;
	ASSERT_EQ(0, _rec_owner(self->fd2, &o));
	EXPECT_EQ(0, o.locked);
	EXPECT_EQ(0, _rec_lock(self->fd2, "next", 0, NULL));
}

TEST_F(lock, kill9_of_owner_releases_within_a_second)
{
	struct discburn_owner o;
	int pfd[2], status;
	double t0;
	char c;
	pid_t pid;

	ASSERT_EQ(0, pipe(pfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int fd = rec_open(&self->emu, O_RDWR);

		if (fd < 0 || _rec_lock(fd, "doomed", 0, NULL))
			_exit(1);
		if (write(pfd[1], "L", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(pfd[1]);
	ASSERT_EQ(1, read(pfd[0], &c, 1));
	close(pfd[0]);
	ASSERT_EQ(0, _rec_owner(self->fd2, &o));
	ASSERT_EQ(1, o.locked);
	EXPECT_EQ(pid, (pid_t)o.pid);

	t0 = st_now();
	ASSERT_EQ(0, kill(pid, SIGKILL));
	do {
		ASSERT_EQ(0, _rec_owner(self->fd2, &o));
		if (!o.locked)
			break;
		st_msleep(10);
	} while (st_now() - t0 < 1.0);
	EXPECT_EQ(0, o.locked);
	TH_LOG("released after %.3f s", st_now() - t0);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, _rec_lock(self->fd2, "survivor", 0, NULL));
}

TEST_F(lock, srN_claimed_while_locked)
{
	int sr;

	sr = open(self->emu.srdev, O_RDONLY | O_NONBLOCK | O_EXCL);
	ASSERT_LE(0, sr) TH_LOG("%s: %s", self->emu.srdev, strerror(errno));
	close(sr);

	ASSERT_EQ(0, _rec_lock(self->fd, "claimer", 0, NULL));
	errno = 0;
	EXPECT_EQ(-1, open(self->emu.srdev, O_RDONLY | O_NONBLOCK | O_EXCL));
	EXPECT_EQ(EBUSY, errno);
	ASSERT_EQ(0, _rec_unlock(self->fd, 0, NULL));

	sr = open(self->emu.srdev, O_RDONLY | O_NONBLOCK | O_EXCL);
	EXPECT_LE(0, sr);
	if (sr >= 0)
		close(sr);
}

TEST_F(lock, busy_srN_refused_without_ignore_volume)
{
	struct discburn_owner o;
	__u32 st;
	int sr;

	/* an O_EXCL opener (a burner, or a mount) holds srN */
	sr = open(self->emu.srdev, O_RDONLY | O_NONBLOCK | O_EXCL);
	ASSERT_LE(0, sr);
	EXPECT_EQ(-EBUSY, _rec_lock(self->fd, "polite", 0, &st));
	EXPECT_EQ(DISCBURN_E_RECORDER_MEDIA_BUSY, st);
	ASSERT_EQ(0, _rec_owner(self->fd2, &o));
	EXPECT_EQ(0, o.locked);

	EXPECT_EQ(0, _rec_lock(self->fd, "forceful", DISCBURN_LOCK_IGNORE_VOLUME, &st));
	EXPECT_EQ(0, st);
	EXPECT_EQ(0, _rec_unlock(self->fd, 0, NULL));
	close(sr);
}

TEST_F(lock, unplug_of_locked_recorder)
{
	struct discburn_owner o;
	struct discburn_profiles p;

	ASSERT_EQ(0, _rec_lock(self->fd, "unplugged", 0, NULL));
	ASSERT_EQ(0, emu_power(&self->emu, 0));
	EXPECT_EQ(-ENODEV, _rec_owner(self->fd2, &o));
	EXPECT_EQ(-ENODEV, _rec_profiles(self->fd, &p));
	EXPECT_EQ(DISCBURN_E_DEVICE_NOT_CONNECTED, p.status);
	EXPECT_EQ(-ENODEV, _rec_unlock(self->fd, 0, NULL));
	EXPECT_EQ(-ENODEV, _rec_lock(self->fd2, "late", 0, NULL));
	close(self->fd);
	self->fd = -1;
	close(self->fd2);
	self->fd2 = -1;
}

/*
 * Another process keeps asking for the media while we hold the lock: it is
 * refused with EBUSY until the drive is unplugged, then told ENODEV (exit
 * 0); never seeing the refusal (2), another error (3) or no ENODEV within
 * 60 s (1) fails.
 */
TEST_F(lock, unplug_while_other_process_is_kept_out)
{
	int status, i;
	pid_t pid;

	ASSERT_EQ(0, _rec_lock(self->fd, "racer", 0, NULL));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct discburn_media_info mi;
		int fd = rec_open(&self->emu, O_RDWR);
		bool refused = false;

		for (i = 0; i < 600000; i++) {
			int ret = _rec_media(fd, &mi);

			if (ret == -EBUSY && mi.status == DISCBURN_E_RECORDER_LOCKED)
				refused = true;
			else if (ret == -ENODEV)
				_exit(refused ? 0 : 2);
			else
				_exit(3);
			if (i % 64 == 0)
				usleep(1000);
		}
		_exit(1);
	}
	st_msleep(300);
	ASSERT_EQ(0, emu_power(&self->emu, 0));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* media-change uevents of @sr ("sr0") waiting on @sock */
static int media_uevents(int sock, const char *sr)
{
	char buf[8192], devname[48];
	int n = 0;
	ssize_t len;

	snprintf(devname, sizeof(devname), "DEVNAME=%s", sr);
	while ((len = recv(sock, buf, sizeof(buf) - 1, MSG_DONTWAIT)) > 0) {
		bool change = !strncmp(buf, "change@", 7), media = false, ours = false;
		ssize_t off = strlen(buf) + 1;

		buf[len] = '\0';
		for (; off < len; off += strlen(buf + off) + 1) {
			media |= !strcmp(buf + off, "DISK_MEDIA_CHANGE=1");
			ours |= !strcmp(buf + off, devname);
		}
		n += change && media && ours;
	}
	return n;
}

/*
 * Each release with media notification asks udev to look at the disc
 * again, and udev probes the drive with commands: a lock/unlock loop must
 * not become a probe loop. 100 cycles give at most one uevent per second
 * they took (plus the leading and the trailing one), and the last is not
 * lost. Counted on the kernel's uevent socket.
 */
TEST_F(lock, lock_unlock_loop_does_not_flood_udev)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int rcvbuf = 4 << 20, sock, i, n;
	struct timespec t0, t1;
	double secs;

	sock = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	ASSERT_LE(0, sock);
	setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	ASSERT_EQ(0, bind(sock, (struct sockaddr *)&sa, sizeof(sa)));
	/* let the uevent of the drive's own appearance pass */
	st_msleep(1500);
	media_uevents(sock, self->emu.sr);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, _rec_lock(self->fd, "looper", 0, NULL));
		ASSERT_EQ(0, _rec_unlock(self->fd, 0, NULL));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* the held-back one follows within a second */
	st_msleep(2500);
	n = media_uevents(sock, self->emu.sr);
	TH_LOG("100 lock/unlock cycles in %.2f s: %d media-change uevents", secs, n);
	EXPECT_LE(1, n);
	EXPECT_GE((int)secs + 3, n);
	close(sock);
}

TEST_F(lock, read_only_file_may_query_but_not_lock)
{
	struct discburn_eject ej = { .size = sizeof(ej) };
	struct discburn_owner o;
	__u32 st;
	int ro;

	ro = rec_open(&self->emu, O_RDONLY);
	ASSERT_LE(0, ro);
	EXPECT_EQ(-EBADF, _rec_lock(ro, "reader", 0, &st));
	EXPECT_EQ(DISCBURN_E_ACCESS_DENIED, st);
	EXPECT_EQ(-1, ioctl(ro, DISCBURN_IOC_EJECT, &ej));
	EXPECT_EQ(EBADF, errno);
	ASSERT_EQ(0, _rec_lock(self->fd, "writer", 0, NULL));
	EXPECT_EQ(-EBADF, _rec_unlock(ro, 0, &st));
	EXPECT_EQ(0, _rec_owner(ro, &o));
	EXPECT_STREQ("writer", (char *)o.client_name);
	close(ro);
}

TEST_F(lock, racing_lockers_exactly_one_wins)
{
	int pfd[2], i, status, wins = 0, busy = 0;
	pid_t pids[8];
	char c;

	ASSERT_EQ(0, pipe(pfd));
	for (i = 0; i < 8; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (!pids[i]) {
			char name[16];
			int fd = rec_open(&self->emu, O_RDWR);
			int ret;

			snprintf(name, sizeof(name), "racer %d", i);
			if (fd < 0 || read(pfd[0], &c, 1) != 1)
				_exit(3);
			ret = _rec_lock(fd, name, 0, NULL);
			if (!ret)
				st_msleep(300);	/* hold it while the others try */
			_exit(ret == 0 ? 0 : ret == -EBUSY ? 1 : 2);
		}
	}
	close(pfd[0]);
	ASSERT_EQ(8, write(pfd[1], "GGGGGGGG", 8));
	close(pfd[1]);
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		ASSERT_TRUE(WIFEXITED(status));
		wins += WEXITSTATUS(status) == 0;
		busy += WEXITSTATUS(status) == 1;
	}
	EXPECT_EQ(1, wins);
	EXPECT_EQ(7, busy);
}

TEST_F(lock, lock_churn_with_queries_and_unplug)
{
	struct discburn_owner o;
	pid_t pid;
	int i, status;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		/* a reader hammering owner, media and sysfs */
		char buf[256];

		for (i = 0; i < 100000; i++) {
			struct discburn_media_info mi;

			if (_rec_owner(self->fd2, &o) == -ENODEV)
				_exit(0);
			_rec_media(self->fd2, &mi);
			core_attr(&self->emu, "exclusive_owner", buf, sizeof(buf));
			core_attr(&self->emu, "profiles", buf, sizeof(buf));
		}
		_exit(1);
	}
	for (i = 0; i < 50; i++) {
		if (_rec_lock(self->fd, "churn", 0, NULL))
			break;
		_rec_unlock(self->fd, i & 1 ? DISCBURN_UNLOCK_NO_MEDIA_NOTIFICATIONS : 0, NULL);
	}
	ASSERT_EQ(0, _rec_lock(self->fd, "churn", 0, NULL));
	ASSERT_EQ(0, emu_power(&self->emu, 0));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

static long emu_commands(const struct emu *e)
{
	char path[PATH_MAX + 8], line[128];
	long n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/stats", e->dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "commands %ld", &n) == 1)
			break;
	fclose(f);
	return n;
}

TEST_F(lock, media_polling_paused_while_locked)
{
	char path[128];
	long c0, c1;

	snprintf(path, sizeof(path), "/sys/block/%s/events_poll_msecs", self->emu.sr);
	if (st_write(path, "100"))
		SKIP(return, "no events_poll_msecs");

	st_msleep(300);
	c0 = emu_commands(&self->emu);
	st_msleep(1000);
	c1 = emu_commands(&self->emu);
	ASSERT_LT(c0 + 3, c1) TH_LOG("the kernel does not poll %s", self->emu.sr);

	ASSERT_EQ(0, _rec_lock(self->fd, "quiet please", 0, NULL));
	st_msleep(300);
	c0 = emu_commands(&self->emu);
	st_msleep(1000);
	c1 = emu_commands(&self->emu);
	EXPECT_EQ(c0, c1) TH_LOG("%ld commands while locked", c1 - c0);

	ASSERT_EQ(0, _rec_unlock(self->fd, 0, NULL));
	st_msleep(300);
	c0 = emu_commands(&self->emu);
	st_msleep(1000);
	c1 = emu_commands(&self->emu);
	EXPECT_LT(c0 + 3, c1);
	st_write(path, "0");
}

TEST_HARNESS_MAIN
