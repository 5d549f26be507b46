// SPDX-License-Identifier: GPL-2.0
/*
 * Identity and media ioctls against the emulator: for every medium it
 * offers, blank, the physical type, media state, sectors, next writable
 * address and (CD) ATIP lead-in and last possible lead-out match the
 * emulator's own figures; after real burns (cdrskin, growisofs) the
 * appendable and complete states match the emulator's TOC. Profiles,
 * features, mode pages, capabilities and write speeds are consistent.
 */
#include <stdarg.h>
#include <linux/cdrom.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "core.h"
#include "burn.h"
#include "kselftest_harness.h"

FIXTURE(blank) {
	struct emu emu;
	int fd;
};

FIXTURE_VARIANT(blank) {
	const char *medium;
	__u32 phys;
	__u32 profile;
	__u32 state;
	__u32 total;
	__s32 next_session;
	int cd;
};

#define BLANK_VARIANT(_m, _phys, _prof, _state, _total, _next, _cd)	\
	FIXTURE_VARIANT_ADD(blank, _m) {				\
		.medium = #_m, .phys = _phys, .profile = _prof,		\
		.state = _state, .total = _total,			\
		.next_session = _next, .cd = _cd,			\
	}

BLANK_VARIANT(cdr74, DISCBURN_MEDIA_CDR, 0x09, DISCBURN_MEDIA_STATE_BLANK,
	      336225, -11634, 1);
BLANK_VARIANT(cdr80, DISCBURN_MEDIA_CDR, 0x09, DISCBURN_MEDIA_STATE_BLANK,
	      359849, -11850, 1);
BLANK_VARIANT(cdrw, DISCBURN_MEDIA_CDRW, 0x0a, DISCBURN_MEDIA_STATE_BLANK,
	      359849, -11850, 1);
BLANK_VARIANT(dvdr, DISCBURN_MEDIA_DVDDASHR, 0x11, DISCBURN_MEDIA_STATE_BLANK,
	      2298496, 0, 0);
BLANK_VARIANT(dvdplusr, DISCBURN_MEDIA_DVDPLUSR, 0x1b, DISCBURN_MEDIA_STATE_BLANK,
	      2295104, 0, 0);
BLANK_VARIANT(dvdplusrw, DISCBURN_MEDIA_DVDPLUSRW, 0x1a,
	      DISCBURN_MEDIA_STATE_BLANK | DISCBURN_MEDIA_STATE_OVERWRITE_ONLY,
	      2295104, 0, 0);
BLANK_VARIANT(bdr, DISCBURN_MEDIA_BDR, 0x41, DISCBURN_MEDIA_STATE_BLANK,
	      12219392, 0, 0);
BLANK_VARIANT(bdre, DISCBURN_MEDIA_BDRE, 0x43,
	      DISCBURN_MEDIA_STATE_BLANK | DISCBURN_MEDIA_STATE_OVERWRITE_ONLY,
	      11826176, 0, 0);

FIXTURE_SETUP(blank)
{
	self->fd = -1;
	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, emu_new(&self->emu, variant->medium, NULL));
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(blank)
{
	if (self->fd >= 0)
		close(self->fd);
	emu_del(&self->emu);
}

TEST_F(blank, media_info_matches_emulator)
{
	struct discburn_media_info mi;

	ASSERT_EQ(0, _rec_media(self->fd, &mi)) TH_LOG("status %#x", mi.status);
	EXPECT_EQ(0, mi.status);
	EXPECT_EQ(variant->phys, mi.physical_type);
	EXPECT_EQ(variant->profile, mi.current_profile);
	EXPECT_EQ(variant->state, mi.media_state);
	EXPECT_EQ(0, mi.write_protect);
	EXPECT_EQ(variant->total, mi.total_sectors);
	EXPECT_EQ(variant->total, mi.free_sectors);
	EXPECT_EQ(0, mi.next_writable_address);
	EXPECT_EQ(-1, (__s32)mi.start_of_previous_session);
	EXPECT_EQ(-1, (__s32)mi.last_written_of_previous_session);
	EXPECT_EQ(variant->next_session, (__s32)mi.start_of_next_session);
	EXPECT_EQ(variant->total, mi.last_possible_start_of_leadout);
	EXPECT_EQ(0, mi.disc_status);
	EXPECT_EQ(1, mi.sessions);
}

TEST_F(blank, profiles_mark_the_current_one)
{
	struct discburn_profiles p;
	char buf[512], want[16];
	__u32 i, current = 0;

	ASSERT_EQ(0, _rec_profiles(self->fd, &p));
	EXPECT_EQ(variant->profile, p.current_profile);
	ASSERT_LT(1, p.count);
	for (i = 0; i < p.count; i++)
		if (p.profiles[i] & DISCBURN_PROFILE_CURRENT) {
			current++;
			EXPECT_EQ(variant->profile, p.profiles[i] & DISCBURN_PROFILE_MASK);
		}
	EXPECT_EQ(1, current);

	ASSERT_EQ(0, core_attr(&self->emu, "current_profile", buf, sizeof(buf)));
	snprintf(want, sizeof(want), "0x%04x", variant->profile);
	EXPECT_STREQ(want, buf);
	ASSERT_EQ(0, core_attr(&self->emu, "profiles", buf, sizeof(buf)));
	snprintf(want, sizeof(want), "0x%04x*", variant->profile);
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("profiles: %s", buf);
}

TEST_F(blank, features_are_ascending_with_core_current)
{
	struct discburn_features f = { .size = sizeof(f) };
	__u32 i;

	ASSERT_EQ(0, ioctl(self->fd, DISCBURN_IOC_GET_FEATURES, &f));
	ASSERT_LT(3, f.count);
	EXPECT_EQ(0x0000 | DISCBURN_FEATURE_CURRENT | DISCBURN_FEATURE_PERSISTENT,
		  f.features[0]);
	EXPECT_EQ(0x0001, f.features[1] & DISCBURN_FEATURE_MASK);
	EXPECT_TRUE(f.features[1] & DISCBURN_FEATURE_CURRENT);
	for (i = 1; i < f.count; i++)
		EXPECT_LT(f.features[i - 1] & DISCBURN_FEATURE_MASK,
			  f.features[i] & DISCBURN_FEATURE_MASK);
	for (i = 0; i < f.count; i++) {
		__u32 code = f.features[i] & DISCBURN_FEATURE_MASK;

		if (code == 0x002d)	/* CD Track at Once */
			EXPECT_EQ(variant->cd, !!(f.features[i] & DISCBURN_FEATURE_CURRENT));
	}
}

TEST_F(blank, mode_pages_include_capabilities_and_write_parameters)
{
	struct discburn_mode_pages m = { .size = sizeof(m) };

	ASSERT_EQ(0, ioctl(self->fd, DISCBURN_IOC_GET_MODE_PAGES, &m));
	EXPECT_TRUE(m.pages & (1ULL << 0x2a));
	EXPECT_TRUE(m.pages & (1ULL << 0x05));
}

TEST_F(blank, capabilities_and_write_speeds)
{
	struct discburn_capabilities c = { .size = sizeof(c) };
	struct discburn_write_speeds w = { .size = sizeof(w) };
	__u32 i;

	ASSERT_EQ(0, ioctl(self->fd, DISCBURN_IOC_GET_CAPABILITIES, &c));
	EXPECT_TRUE(c.flags & DISCBURN_CAP_CD_TAO);
	EXPECT_TRUE(c.flags & DISCBURN_CAP_CD_SAO);
	EXPECT_TRUE(c.flags & DISCBURN_CAP_CD_RAW16);
	EXPECT_TRUE(c.flags & DISCBURN_CAP_BUFE);
	EXPECT_TRUE(c.flags & DISCBURN_CAP_EJECT);
	EXPECT_TRUE(c.flags & DISCBURN_CAP_LOAD_MEDIA);
	EXPECT_TRUE(c.flags & DISCBURN_CAP_BD_SRM);
	EXPECT_LE(65536, c.max_transfer);
	EXPECT_LT(0, c.buffer_size);

	ASSERT_EQ(0, ioctl(self->fd, DISCBURN_IOC_GET_WRITE_SPEEDS, &w));
	ASSERT_LT(0, w.count);
	EXPECT_EQ(w.kbps[0], w.current_kbps);
	for (i = 1; i < w.count; i++)
		EXPECT_GT(w.kbps[i - 1], w.kbps[i]);
}

TEST(no_medium_is_no_media)
{
	struct discburn_media_info mi;
	struct emu e;
	int fd;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, emu_new(&e, "none", NULL));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-ENOMEDIUM, _rec_media(fd, &mi));
	EXPECT_EQ(DISCBURN_E_RECORDER_MEDIA_NO_MEDIA, mi.status);
	EXPECT_EQ(DISCBURN_MEDIA_UNKNOWN, mi.physical_type);
	close(fd);
	emu_del(&e);
}

/*
 * A disc the drive can read but the data format cannot write — a DVD+R in a
 * CD writer reads as DVD-ROM — is UNSUPPORTED_MEDIA (and read-only); the
 * same disc in a DVD writer is not.
 */
TEST(a_disc_the_drive_only_reads_is_unsupported_media)
{
	static const char *const cd_writer[] = { "drive=cd", NULL };
	struct discburn_media_info mi;
	struct emu e;
	int fd;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, emu_new(&e, "dvdplusr", cd_writer));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, _rec_media(fd, &mi)) TH_LOG("status %#x", mi.status);
	EXPECT_EQ(0x10, mi.current_profile);	/* DVD-ROM */
	EXPECT_TRUE(mi.media_state & DISCBURN_MEDIA_STATE_UNSUPPORTED_MEDIA)
		TH_LOG("media state 0x%x", mi.media_state);
	EXPECT_TRUE(mi.media_state & DISCBURN_MEDIA_STATE_WRITE_PROTECTED)
		TH_LOG("media state 0x%x", mi.media_state);
	close(fd);
	emu_del(&e);

	ASSERT_EQ(0, emu_new(&e, "dvdplusr", NULL));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, _rec_media(fd, &mi)) TH_LOG("status %#x", mi.status);
	EXPECT_EQ(DISCBURN_MEDIA_STATE_BLANK, mi.media_state);
	close(fd);
	emu_del(&e);
}

TEST(open_tray_is_no_media_and_load_brings_it_back)
{
	struct discburn_eject ej = { .size = sizeof(ej) };
	struct discburn_media_info mi;
	struct emu e;
	int fd;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, emu_new(&e, "dvdr", NULL));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, DISCBURN_IOC_EJECT, &ej)) TH_LOG("status %#x", ej.status);
	EXPECT_EQ(-ENOMEDIUM, _rec_media(fd, &mi));
	EXPECT_EQ(DISCBURN_E_RECORDER_MEDIA_NO_MEDIA, mi.status);
	ej.flags = DISCBURN_EJECT_CLOSE_TRAY;
	ASSERT_EQ(0, ioctl(fd, DISCBURN_IOC_EJECT, &ej)) TH_LOG("status %#x", ej.status);
	/* a unit attention for the new medium is absorbed by the retry */
	ASSERT_EQ(0, _rec_media(fd, &mi)) TH_LOG("status %#x", mi.status);
	EXPECT_EQ(DISCBURN_MEDIA_DVDDASHR, mi.physical_type);
	EXPECT_EQ(DISCBURN_MEDIA_STATE_BLANK, mi.media_state);
	close(fd);
	emu_del(&e);
}

/* ---- written media, checked against the emulator's TOC ---- */

struct toc {
	int sessions;
	int ntracks;
	int leadout[8];		/* per session */
	int start[8];		/* per track */
	int blocks[8];
};

static int read_toc(const struct emu *e, struct toc *t)
{
	char path[PATH_MAX + 8], line[256];
	int a, b, c, d;
	FILE *f;

	memset(t, 0, sizeof(*t));
	snprintf(path, sizeof(path), "%s/toc", e->dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "session %d tracks %d-%d leadout %d", &a, &b, &c, &d) == 4 &&
		    a < 8) {
			t->leadout[a] = d;
			t->sessions = a > t->sessions ? a : t->sessions;
		} else if (sscanf(line, "track %d session %d start %d blocks %d",
				  &a, &b, &c, &d) == 4 && a < 8) {
			t->start[a] = c;
			t->blocks[a] = d;
			t->ntracks = a > t->ntracks ? a : t->ntracks;
		}
	}
	fclose(f);
	return 0;
}

static int run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#define ISO "/tmp/discburn-media-test.iso"

static int make_iso(void)
{
	return run("set -e; d=$(mktemp -d); head -c 600000 /dev/urandom > $d/a.bin; "
		   "genisoimage -quiet -R -o " ISO " $d; rm -rf $d");
}

TEST(cd_appendable_then_complete_after_cdrskin)
{
	struct discburn_media_info mi;
	struct toc t;
	struct emu e;
	int fd;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	if (run("command -v cdrskin >/dev/null && command -v genisoimage >/dev/null"))
		SKIP(return, "cdrskin or genisoimage missing");
	ASSERT_EQ(0, make_iso());
	ASSERT_EQ(0, emu_new(&e, "cdr80", NULL));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);

	ASSERT_EQ(0, run("cdrskin dev=%s -tao -multi " ISO " >/dev/null 2>&1", e.srdev));
	ASSERT_EQ(0, read_toc(&e, &t));
	ASSERT_EQ(1, t.sessions);
	ASSERT_EQ(0, _rec_media(fd, &mi)) TH_LOG("status %#x", mi.status);
	EXPECT_EQ(DISCBURN_MEDIA_STATE_APPENDABLE, mi.media_state);
	EXPECT_EQ(1, mi.disc_status);
	EXPECT_EQ(2, mi.sessions);
	EXPECT_EQ(t.start[1], (int)mi.start_of_previous_session);
	EXPECT_EQ(t.start[1] + t.blocks[1] - 1, (int)mi.last_written_of_previous_session);
	/* next session: lead-in after the first lead-out, program area later */
	EXPECT_EQ(t.leadout[1] + 6750, (int)mi.start_of_next_session);
	EXPECT_LT(t.leadout[1] + 6750, (int)mi.next_writable_address);
	EXPECT_EQ(359849, mi.total_sectors);
	EXPECT_EQ(359849 - mi.next_writable_address, mi.free_sectors);
	EXPECT_EQ(359849, mi.last_possible_start_of_leadout);

	ASSERT_EQ(0, run("cdrskin dev=%s -tao " ISO " >/dev/null 2>&1", e.srdev));
	ASSERT_EQ(0, read_toc(&e, &t));
	ASSERT_EQ(2, t.sessions);
	ASSERT_EQ(0, _rec_media(fd, &mi)) TH_LOG("status %#x", mi.status);
	EXPECT_EQ(DISCBURN_MEDIA_STATE_FINALIZED, mi.media_state);
	EXPECT_EQ(2, mi.disc_status);
	EXPECT_EQ(0, mi.free_sectors);
	EXPECT_EQ(t.leadout[2], (int)mi.total_sectors);
	EXPECT_EQ(t.start[2], (int)mi.start_of_previous_session);
	EXPECT_EQ(t.start[2] + t.blocks[2] - 1, (int)mi.last_written_of_previous_session);
	EXPECT_EQ(2, mi.tracks);
	close(fd);
	emu_del(&e);
	unlink(ISO);
}

/*
 * sysfs is world-readable: current_profile and profiles must come from the
 * cache, or any user could hammer the drive (and swallow its unit
 * attentions) with cat. 50 reads of each may not reach the drive (before
 * the cache: 100 commands; sr's own polling may add one or two). INQUIRY
 * strings reach sysfs without control bytes.
 */
TEST(sysfs_reads_send_no_commands_and_inquiry_strings_are_sanitised)
{
	static const char *const knobs[] = { "vendor=AB\x01\x1b" "CD", NULL };
	long long before, after;
	char buf[256];
	struct emu e;
	int i;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, emu_new(&e, "dvdplusr", knobs));
	ASSERT_EQ(0, core_attr(&e, "vendor", buf, sizeof(buf)));
	/* the SCSI core turns them into spaces already; we would use '_' */
	EXPECT_EQ(6, strlen(buf));
	EXPECT_EQ(0, strncmp(buf, "AB", 2));
	EXPECT_STREQ("CD", buf + 4);
	for (i = 0; buf[i]; i++)
		EXPECT_TRUE(buf[i] >= 0x20 && buf[i] < 0x7f) TH_LOG("byte %d: %#x", i, buf[i]);
	/* let attach's own refresh finish */
	st_msleep(1000);
	before = emu_stat(&e, "commands");
	ASSERT_LE(0, before);
	for (i = 0; i < 50; i++) {
		ASSERT_EQ(0, core_attr(&e, "current_profile", buf, sizeof(buf)));
		EXPECT_STREQ("0x001b", buf);
		ASSERT_EQ(0, core_attr(&e, "profiles", buf, sizeof(buf)));
	}
	after = emu_stat(&e, "commands");
	TH_LOG("100 sysfs reads: %lld commands reached the drive", after - before);
	EXPECT_GE(3, after - before);
	emu_del(&e);
}

/*
 * Our EJECT goes to the drive as START STOP UNIT: it must not open a tray
 * that sr keeps shut, whether for a mounted disc or for another opener's
 * CDROM_LOCKDOOR (PREVENT ALLOW MEDIUM REMOVAL). Either is MEDIA_BUSY
 * (EBUSY) and the disc stays readable; once released, EJECT works.
 */
TEST(eject_refused_while_mounted_or_the_door_is_locked)
{
	struct discburn_eject ej = { .size = sizeof(ej) };
	struct discburn_media_info mi;
	char mnt[] = "/tmp/discburn-eject-XXXXXX";
	struct emu e;
	int fd, sr;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, run("command -v growisofs >/dev/null && command -v genisoimage >/dev/null"))
		TH_LOG("growisofs or genisoimage missing");
	ASSERT_EQ(0, make_iso());
	ASSERT_EQ(0, emu_new(&e, "dvdplusr", NULL));
	ASSERT_EQ(0, run("growisofs -dvd-compat -Z %s=" ISO " >/dev/null 2>&1", e.srdev));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);

	/* mounted: sr prevents medium removal while the filesystem is up */
	ASSERT_NE(NULL, mkdtemp(mnt));
	ASSERT_EQ(0, run("mount -o ro -t iso9660 %s %s", e.srdev, mnt));
	EXPECT_EQ(-1, ioctl(fd, DISCBURN_IOC_EJECT, &ej));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(DISCBURN_E_RECORDER_MEDIA_BUSY, ej.status);
	EXPECT_EQ(0, run("test $(stat -c %%s %s/a.bin) = 600000", mnt))
		TH_LOG("the mounted file is gone");
	EXPECT_EQ(0, run("umount %s", mnt));
	rmdir(mnt);

	/* another opener locked the door */
	sr = open(e.srdev, O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, sr);
	ASSERT_EQ(0, ioctl(sr, CDROM_LOCKDOOR, 1));
	ej.status = 0;
	EXPECT_EQ(-1, ioctl(fd, DISCBURN_IOC_EJECT, &ej));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(DISCBURN_E_RECORDER_MEDIA_BUSY, ej.status);
	ASSERT_EQ(0, _rec_media(fd, &mi)) TH_LOG("status %#x", mi.status);
	EXPECT_EQ(DISCBURN_MEDIA_DVDPLUSR, mi.physical_type);

	/* unlocked: the tray opens */
	ASSERT_EQ(0, ioctl(sr, CDROM_LOCKDOOR, 0));
	close(sr);
	EXPECT_EQ(0, ioctl(fd, DISCBURN_IOC_EJECT, &ej)) TH_LOG("status %#x", ej.status);
	EXPECT_EQ(-ENOMEDIUM, _rec_media(fd, &mi));
	close(fd);
	emu_del(&e);
	unlink(ISO);
}

TEST(dvdplusr_appendable_after_growisofs)
{
	struct discburn_media_info mi;
	struct toc t;
	struct emu e;
	int fd;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	if (run("command -v growisofs >/dev/null && command -v genisoimage >/dev/null"))
		SKIP(return, "growisofs or genisoimage missing");
	ASSERT_EQ(0, make_iso());
	ASSERT_EQ(0, emu_new(&e, "dvdplusr", NULL));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, run("growisofs -Z %s=" ISO " >/dev/null 2>&1", e.srdev));
	ASSERT_EQ(0, read_toc(&e, &t));
	ASSERT_EQ(0, _rec_media(fd, &mi)) TH_LOG("status %#x", mi.status);
	EXPECT_EQ(DISCBURN_MEDIA_STATE_APPENDABLE, mi.media_state);
	EXPECT_EQ(0, (int)mi.start_of_previous_session);
	EXPECT_EQ(t.blocks[1] - 1, (int)mi.last_written_of_previous_session);
	EXPECT_EQ(t.leadout[1], (int)mi.next_writable_address);
	EXPECT_EQ(2295104, mi.total_sectors);
	EXPECT_EQ(2295104 - mi.next_writable_address, mi.free_sectors);
	close(fd);
	emu_del(&e);
	unlink(ISO);
}

TEST_HARNESS_MAIN
