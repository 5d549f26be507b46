// SPDX-License-Identifier: GPL-2.0
/*
 * The exclusive lock against real tools on a burned, mountable CD-R:
 * while locked, mount(2) gets EBUSY and cdrskin and growisofs report the
 * drive busy; after release all of them work again. A lock on a mounted
 * disc fails without ignore-volume. And, measured rather than wished
 * away: what the lock does not keep out (SG_IO through a plain open of
 * /dev/srN or through /dev/sgN, plain reads of /dev/srN).
 */
#include <stdarg.h>
#include <scsi/sg.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "core.h"
#include "kselftest_harness.h"

#define ISO "/tmp/discburn-lock-tools.iso"
#define MNT "/tmp/discburn-lock-tools.mnt"

/* Run a shell command; its output (stdout+stderr) goes to @out. */
static int run_out(char *out, size_t len, const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	size_t n = 0;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (out) {
		n = fread(out, 1, len - 1, p);
		out[n] = 0;
	} else {
		char sink[4096];

		while (fread(sink, 1, sizeof(sink), p) > 0)
			;
	}
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

FIXTURE(burned) {
	struct emu emu;
	char sg[64];
	int fd;
	char out[65536];
};

FIXTURE_SETUP(burned)
{
	char path[PATH_MAX + 16], buf[32];

	self->fd = -1;
	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	if (run_out(NULL, 0, "command -v cdrskin && command -v genisoimage && command -v growisofs"))
		SKIP(return, "cdrskin, growisofs or genisoimage missing");
	ASSERT_EQ(0, run_out(self->out, sizeof(self->out),
			     "set -e; d=$(mktemp -d); echo hello > $d/hello.txt; "
			     "genisoimage -quiet -R -o " ISO " $d; rm -rf $d"));
	ASSERT_EQ(0, emu_new(&self->emu, "cdr80", NULL));
	ASSERT_EQ(0, run_out(self->out, sizeof(self->out), "cdrskin dev=%s -tao " ISO,
			     self->emu.srdev)) TH_LOG("%s", self->out);
	snprintf(path, sizeof(path), "%s/sg_device", self->emu.dir);
	ASSERT_EQ(0, st_read(path, buf, sizeof(buf)));
	snprintf(self->sg, sizeof(self->sg), "/dev/%s", buf);
	mkdir(MNT, 0755);
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(burned)
{
	umount(MNT);
	if (self->fd >= 0)
		close(self->fd);
	emu_del(&self->emu);
	rmdir(MNT);
	unlink(ISO);
}

static int do_mount(const char *dev)
{
	int ret = mount(dev, MNT, "iso9660", MS_RDONLY, NULL) ? -errno : 0;

	if (!ret)
		umount(MNT);
	return ret;
}

TEST_F(burned, mount_is_ebusy_while_locked)
{
	ASSERT_EQ(0, do_mount(self->emu.srdev));
	ASSERT_EQ(0, _rec_lock(self->fd, "Mount Blocker", 0, NULL));
	EXPECT_EQ(-EBUSY, do_mount(self->emu.srdev));
	ASSERT_EQ(0, _rec_unlock(self->fd, 0, NULL));
	EXPECT_EQ(0, do_mount(self->emu.srdev));
}

TEST_F(burned, cdrskin_reports_busy_while_locked)
{
	ASSERT_EQ(0, _rec_lock(self->fd, "cdrskin blocker", 0, NULL));
	EXPECT_NE(0, run_out(self->out, sizeof(self->out),
			     "cdrskin dev=%s --drive_abort_on_busy -checkdrive",
			     self->emu.srdev));
	EXPECT_NE(NULL, strcasestr(self->out, "busy")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, _rec_unlock(self->fd, 0, NULL));
	EXPECT_EQ(0, run_out(self->out, sizeof(self->out),
			     "cdrskin dev=%s --drive_abort_on_busy -checkdrive",
			     self->emu.srdev)) TH_LOG("%s", self->out);
}

TEST(growisofs_reports_busy_while_locked)
{
	struct discburn_media_info mi;
	char out[65536];
	struct emu e;
	int fd;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	if (run_out(NULL, 0, "command -v growisofs && command -v genisoimage"))
		SKIP(return, "growisofs or genisoimage missing");
	ASSERT_EQ(0, run_out(out, sizeof(out),
			     "set -e; d=$(mktemp -d); echo hello > $d/hello.txt; "
			     "genisoimage -quiet -R -o " ISO " $d; rm -rf $d"));
	ASSERT_EQ(0, emu_new(&e, "dvdplusr", NULL));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, _rec_lock(fd, "growisofs blocker", 0, NULL));
	EXPECT_NE(0, run_out(out, sizeof(out), "growisofs -Z %s=" ISO, e.srdev));
	/* growisofs words it "unable to O_EXCL /dev/srN" */
	EXPECT_TRUE(strcasestr(out, "busy") || strstr(out, "unable to O_EXCL"))
		TH_LOG("%s", out);
	/* and nothing was written */
	ASSERT_EQ(0, _rec_media(fd, &mi));
	EXPECT_EQ(DISCBURN_MEDIA_STATE_BLANK, mi.media_state);
	ASSERT_EQ(0, _rec_unlock(fd, 0, NULL));
	EXPECT_EQ(0, run_out(out, sizeof(out), "growisofs -Z %s=" ISO, e.srdev))
		TH_LOG("%s", out);
	ASSERT_EQ(0, _rec_media(fd, &mi));
	EXPECT_EQ(DISCBURN_MEDIA_STATE_APPENDABLE, mi.media_state);
	close(fd);
	emu_del(&e);
	unlink(ISO);
}

TEST_F(burned, lock_on_mounted_disc_needs_ignore_volume)
{
	__u32 st;

	ASSERT_EQ(0, mount(self->emu.srdev, MNT, "iso9660", MS_RDONLY, NULL));
	EXPECT_EQ(-EBUSY, _rec_lock(self->fd, "Polite Burner", 0, &st));
	EXPECT_EQ(DISCBURN_E_RECORDER_MEDIA_BUSY, st);
	EXPECT_EQ(0, _rec_lock(self->fd, "Forceful Burner",
			       DISCBURN_LOCK_IGNORE_VOLUME, &st));
	EXPECT_EQ(0, st);
	/* the mounted file system keeps working */
	EXPECT_EQ(0, access(MNT "/hello.txt", R_OK));
	EXPECT_EQ(0, _rec_unlock(self->fd, 0, NULL));
	EXPECT_EQ(0, umount(MNT));
}

static int sg_tur(const char *dev, int flags)
{
	unsigned char cdb[6] = { 0 }, sense[32];
	struct sg_io_hdr io = {
		.interface_id = 'S',
		.dxfer_direction = SG_DXFER_NONE,
		.cmd_len = sizeof(cdb),
		.mx_sb_len = sizeof(sense),
		.cmdp = cdb,
		.sbp = sense,
		.timeout = 10000,
	};
	int fd, ret;

	fd = open(dev, flags);
	if (fd < 0)
		return -errno;
	ret = ioctl(fd, SG_IO, &io) ? -errno : io.status;
	close(fd);
	return ret;
}

/*
 * The gap, measured: the claim keeps out exclusive openers only. A plain
 * open of srN and every open of sgN still reach the drive with SG_IO.
 * Closing it needs the SCSI midlayer's help (a per-device hook consulted
 * by sg and scsi_ioctl, or a "passthrough owner" on the scsi_device); a
 * module cannot do it through exported interfaces alone.
 */
TEST_F(burned, lock_does_not_keep_out_sg_io_on_plain_opens)
{
	char buf[2048];
	int sr;

	ASSERT_EQ(0, _rec_lock(self->fd, "gap probe", 0, NULL));
	EXPECT_EQ(-EBUSY, sg_tur(self->emu.srdev, O_RDONLY | O_NONBLOCK | O_EXCL));
	EXPECT_EQ(0, sg_tur(self->emu.srdev, O_RDONLY | O_NONBLOCK));
	EXPECT_EQ(0, sg_tur(self->emu.srdev, O_RDWR | O_NONBLOCK));
	EXPECT_EQ(0, sg_tur(self->sg, O_RDWR));
	/* sg's own O_EXCL only excludes other sg openers */
	EXPECT_EQ(0, sg_tur(self->sg, O_RDWR | O_EXCL));
	/* plain block reads of srN work too */
	sr = open(self->emu.srdev, O_RDONLY);
	ASSERT_LE(0, sr) TH_LOG("open %s: %s", self->emu.srdev, strerror(errno));
	EXPECT_EQ((ssize_t)sizeof(buf), pread(sr, buf, sizeof(buf), 16 * 2048));
	close(sr);
	ASSERT_EQ(0, _rec_unlock(self->fd, 0, NULL));
}

TEST_HARNESS_MAIN
