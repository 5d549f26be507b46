// SPDX-License-Identifier: GPL-2.0
/*
 * Recorder attach/detach and the lifetime of open files, on scsi_debug's
 * MMC-typed devices (ptype=5): every ROM device gets /dev/discburnN and
 * /sys/class/discburn/discburnN; removal takes them away; an open file on a
 * removed recorder answers ENODEV and never crashes the kernel.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/discburn.h>

#include "kselftest_harness.h"
#include "core.h"

#define SDEBUG_ADD_HOST "/sys/bus/pseudo/drivers/scsi_debug/add_host"

static int read_attr(const char *dir, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	return st_read(path, buf, len);
}

/* Indexes of the recorders whose drive is a scsi_debug device, ascending. */
static int sdebug_recorders(int *idx, int max)
{
	struct dirent *de;
	int n = 0;
	DIR *d;

	d = opendir(CLASS_DIR);
	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		char dir[PATH_MAX], model[64];

		if (strncmp(de->d_name, "discburn", 8))
			continue;
		snprintf(dir, sizeof(dir), CLASS_DIR "/%s", de->d_name);
		if (read_attr(dir, "model", model, sizeof(model)) == 0 &&
		    !strcmp(model, "scsi_debug"))
			idx[n++] = atoi(de->d_name + 8);
	}
	closedir(d);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && idx[j - 1] > idx[j]; j--) {
			int t = idx[j];

			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
	return n;
}

/* Wait up to 10 s for the number of scsi_debug recorders to become want. */
static int wait_recorders(int want, int *idx, int max)
{
	int n = -1;

	for (int i = 0; i < 200; i++) {
		n = sdebug_recorders(idx, max);
		if (n == want)
			return n;
		usleep(50000);
	}
	return n;
}

/*
 * device_add() makes the sysfs directory before devtmpfs makes the node, so a
 * recorder can be counted a moment before /dev/discburnN exists: wait up to
 * 10 s for a node (or a sysfs path) to appear.
 */
static int wait_node(const char *path)
{
	for (int i = 0; i < 200; i++) {
		if (!access(path, F_OK))
			return 0;
		usleep(50000);
	}
	return -1;
}

static int run(const char *cmd)
{
	int rc = system(cmd);

	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

FIXTURE(sdebug) {
	int index;
	char dir[128];
	char dev[64];
};

FIXTURE_SETUP(sdebug)
{
	int idx[8];

	if (access("/sys/class/discburn", F_OK))
		SKIP(return, "discburn.ko is not loaded");
	run("rmmod scsi_debug 2>/dev/null");
	ASSERT_EQ(0, run("modprobe scsi_debug ptype=5 dev_size_mb=1"));
	ASSERT_EQ(1, wait_recorders(1, idx, 8));
	self->index = idx[0];
	snprintf(self->dir, sizeof(self->dir), CLASS_DIR "/discburn%d", idx[0]);
	snprintf(self->dev, sizeof(self->dev), "/dev/discburn%d", idx[0]);
	ASSERT_EQ(0, wait_node(self->dev));
}

FIXTURE_TEARDOWN(sdebug)
{
	int idx[8];

	run("rmmod scsi_debug 2>/dev/null");
	wait_recorders(0, idx, 8);
}

TEST_F(sdebug, attach_creates_node_and_sysfs)
{
	char buf[256], link[PATH_MAX], path[PATH_MAX];
	struct stat st;
	ssize_t n;

	ASSERT_EQ(0, stat(self->dev, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(self->index, (int)minor(st.st_rdev));

	ASSERT_EQ(0, read_attr(self->dir, "vendor", buf, sizeof(buf)));
	EXPECT_STREQ("Linux", buf);
	ASSERT_EQ(0, read_attr(self->dir, "model", buf, sizeof(buf)));
	EXPECT_STREQ("scsi_debug", buf);
	ASSERT_EQ(0, read_attr(self->dir, "revision", buf, sizeof(buf)));
	EXPECT_EQ(4, strlen(buf));

	/* The device link leads to a ROM-type scsi_device ... */
	snprintf(path, sizeof(path), "%s/device", self->dir);
	n = readlink(path, link, sizeof(link) - 1);
	ASSERT_GT(n, 0);
	ASSERT_EQ(0, read_attr(path, "type", buf, sizeof(buf)));
	EXPECT_STREQ("5", buf);

	/* ... whose block device sr bound is the one block_device names. */
	ASSERT_EQ(0, read_attr(self->dir, "block_device", buf, sizeof(buf)));
	ASSERT_EQ(0, strncmp(buf, "sr", 2));
	snprintf(path, sizeof(path), "%s/device/block/%s", self->dir, buf);
	EXPECT_EQ(0, wait_node(path));
	snprintf(path, sizeof(path), "/dev/%s", buf);
	EXPECT_EQ(0, wait_node(path));
}

TEST_F(sdebug, hosts_added_and_removed_attach_and_detach)
{
	char path[PATH_MAX];
	int idx[8];

	ASSERT_EQ(0, st_write(SDEBUG_ADD_HOST, "2"));
	ASSERT_EQ(3, wait_recorders(3, idx, 8));
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/dev/discburn%d", idx[i]);
		EXPECT_EQ(0, wait_node(path));
	}

	/* add_host=-1 removes the newest host. */
	ASSERT_EQ(0, st_write(SDEBUG_ADD_HOST, "-1"));
	ASSERT_EQ(2, wait_recorders(2, idx, 8));
	ASSERT_EQ(0, st_write(SDEBUG_ADD_HOST, "-1"));
	ASSERT_EQ(1, wait_recorders(1, idx, 8));
	EXPECT_EQ(self->index, idx[0]);
	ASSERT_EQ(0, st_write(SDEBUG_ADD_HOST, "-1"));
	ASSERT_EQ(0, wait_recorders(0, idx, 8));
	EXPECT_NE(0, access(self->dev, F_OK));
	EXPECT_NE(0, access(self->dir, F_OK));
}

TEST_F(sdebug, open_close_and_identity)
{
	struct discburn_identity id = { .size = sizeof(id) };
	char buf[64];
	int fd;

	fd = open(self->dev, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, DISCBURN_IOC_GET_IDENTITY, &id));
	EXPECT_EQ(0, id.status);
	EXPECT_EQ(self->index, (int)id.index);
	EXPECT_EQ(5, id.scsi_type);
	EXPECT_STREQ("Linux", (char *)id.vendor);
	EXPECT_STREQ("scsi_debug", (char *)id.product);
	ASSERT_EQ(0, read_attr(self->dir, "revision", buf, sizeof(buf)));
	EXPECT_STREQ(buf, (char *)id.revision);
	EXPECT_EQ(0, close(fd));

	/* Opening twice at once is fine: exclusivity is the lock's business. */
	fd = open(self->dev, O_RDONLY);
	ASSERT_LE(0, fd);
	int fd2 = open(self->dev, O_RDONLY);

	ASSERT_LE(0, fd2);
	EXPECT_EQ(0, close(fd2));
	EXPECT_EQ(0, close(fd));
}

TEST_F(sdebug, unknown_ioctl_is_enotty)
{
	unsigned int cmds[] = {
		_IO(DISCBURN_IOC_MAGIC, 0xff),
		_IOWR(DISCBURN_IOC_MAGIC, DISCBURN_IOC_BASE, struct discburn_identity),
		_IO('X', 1),
		0,
	};
	char buf[512] = { 0 };
	int fd;

	fd = open(self->dev, O_RDWR);
	ASSERT_LE(0, fd);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		errno = 0;
		EXPECT_EQ(-1, ioctl(fd, cmds[i], buf));
		EXPECT_EQ(ENOTTY, errno);
	}
	close(fd);
}

TEST_F(sdebug, not_seekable)
{
	int fd = open(self->dev, O_RDONLY);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, lseek(fd, 0, SEEK_SET));
	EXPECT_EQ(ESPIPE, errno);
	close(fd);
}

TEST_F(sdebug, open_file_after_removal_gets_enodev)
{
	struct discburn_identity id = { .size = sizeof(id) };
	struct pollfd pfd;
	int fd, idx[8];

	fd = open(self->dev, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, st_write(SDEBUG_ADD_HOST, "-1"));
	ASSERT_EQ(0, wait_recorders(0, idx, 8));

	errno = 0;
	EXPECT_EQ(-1, ioctl(fd, DISCBURN_IOC_GET_IDENTITY, &id));
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(DISCBURN_E_DEVICE_NOT_CONNECTED, id.status);

	pfd.fd = fd;
	pfd.events = POLLIN | POLLOUT;
	EXPECT_EQ(1, poll(&pfd, 1, 1000));
	EXPECT_TRUE(pfd.revents & POLLHUP);

	/* The node is gone: nothing new can open the removed recorder. */
	EXPECT_EQ(-1, open(self->dev, O_RDWR));
	EXPECT_EQ(0, close(fd));
}

TEST_F(sdebug, poll_sleeper_woken_by_removal)
{
	struct pollfd pfd;
	pid_t pid;
	int fd, status, idx[8];

	fd = open(self->dev, O_RDWR);
	ASSERT_LE(0, fd);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		/* Blocks until the removal wakes it; the parent bounds it. */
		_exit(poll(&pfd, 1, 20000) == 1 && (pfd.revents & POLLHUP) ? 0 : 1);
	}
	usleep(300000);
	ASSERT_EQ(0, st_write(SDEBUG_ADD_HOST, "-1"));
	ASSERT_EQ(0, wait_recorders(0, idx, 8));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	close(fd);
}

TEST_F(sdebug, rmmod_while_open_is_refused_then_works)
{
	int fd, idx[8];

	fd = open(self->dev, O_RDWR);
	ASSERT_LE(0, fd);

	/* The open file pins discburn.ko and, through the scsi_device, the
	 * low-level driver, as an open sg file does. */
	errno = 0;
	EXPECT_EQ(-1, syscall(SYS_delete_module, "discburn", O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
	errno = 0;
	EXPECT_EQ(-1, syscall(SYS_delete_module, "scsi_debug", O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);

	/* Hot-unplug still proceeds with the file open. */
	ASSERT_EQ(0, st_write(SDEBUG_ADD_HOST, "-1"));
	ASSERT_EQ(0, wait_recorders(0, idx, 8));
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(0, syscall(SYS_delete_module, "scsi_debug", O_NONBLOCK));
}

TEST_F(sdebug, reload_attaches_existing_devices)
{
	char cmd[PATH_MAX + 64];
	const char *top = getenv("DISCBURN_TOP");
	const char *kver = getenv("KVER");
	int idx[8];

	if (!top || !kver)
		SKIP(return, "DISCBURN_TOP and KVER are set only inside tools/vm");
	ASSERT_EQ(0, run("rmmod discburn"));
	EXPECT_NE(0, access(CLASS_DIR, F_OK));
	snprintf(cmd, sizeof(cmd), "insmod %s/build/%s/kmod/discburn.ko", top, kver);
	ASSERT_EQ(0, run(cmd));
	/* add_dev runs for devices that already exist. */
	ASSERT_EQ(1, wait_recorders(1, idx, 8));
}

TEST_HARNESS_MAIN
