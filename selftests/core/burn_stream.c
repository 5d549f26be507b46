// SPDX-License-Identifier: GPL-2.0
/*
 * How the stream reaches the kernel: writev(2) of pieces that are not
 * sectors, sendfile(2)/splice(2) from a file, O_NONBLOCK writes that get
 * EAGAIN on a full ring and poll(2) that says when there is room again and
 * when the session has ended; a cancel from another thread that wakes a
 * blocked writer; and the progress events on netlink, in order, with
 * monotone LBAs and one final write-done carrying the result.
 */
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "burn.h"
#include "kselftest_harness.h"

FIXTURE(stream) {
	struct emu emu;
	int fd;
	int fd2;
	unsigned char *img;
};

#define IMG 2000

FIXTURE_SETUP(stream)
{
	static const char *const knobs[] = { "capacity_sectors=40000", NULL };

	self->fd = -1;
	self->fd2 = -1;
	self->img = NULL;
	EMU_SKIP_WITHOUT_EMU();
	ASSERT_EQ(0, emu_new(&self->emu, "dvdplusr", knobs));
	self->fd = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd);
	self->fd2 = rec_open(&self->emu, O_RDWR);
	ASSERT_LE(0, self->fd2);
	self->img = burn_pattern(IMG, 99);
	ASSERT_NE(NULL, self->img);
}

FIXTURE_TEARDOWN(stream)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->fd2 >= 0)
		close(self->fd2);
	free(self->img);
	emu_del(&self->emu);
}

TEST_F(stream, writev_of_odd_pieces)
{
	struct discburn_session_finish f;
	struct iovec iov[3];
	size_t off = 0;
	__u32 st;

	ASSERT_EQ(0, burn_begin(self->fd, 0, IMG * SECTOR, &st));
	while (off < IMG * SECTOR) {
		size_t a = 1000, b = 7, c = 3 * SECTOR + 41;
		size_t left = IMG * SECTOR - off;
		ssize_t n;

		if (a + b + c > left)
			a = left, b = 0, c = 0;
		iov[0] = (struct iovec){ self->img + off, a };
		iov[1] = (struct iovec){ self->img + off + a, b };
		iov[2] = (struct iovec){ self->img + off + a + b, c };
		n = writev(self->fd, iov, 3);
		ASSERT_LT(0, n) TH_LOG("writev: %s", strerror(errno));
		off += n;
	}
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(IMG * SECTOR, f.bytes);
	EXPECT_EQ(1, burn_read_equals(&self->emu, 0, self->img, IMG * SECTOR));
}

TEST_F(stream, sendfile_from_a_file)
{
	char path[] = "/tmp/discburn-stream-XXXXXX";
	struct discburn_session_finish f;
	off_t pos = 0;
	ssize_t n;
	__u32 st;
	int src;

	src = mkstemp(path);
	ASSERT_LE(0, src);
	unlink(path);
	ASSERT_EQ(IMG * SECTOR, write(src, self->img, IMG * SECTOR));
	ASSERT_EQ(0, burn_begin(self->fd, 0, IMG * SECTOR, &st));
	while (pos < IMG * SECTOR) {
		n = sendfile(self->fd, src, &pos, IMG * SECTOR - pos);
		ASSERT_LT(0, n) TH_LOG("sendfile: %s", strerror(errno));
	}
	close(src);
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(IMG * SECTOR, f.bytes);
	EXPECT_EQ(1, burn_read_equals(&self->emu, 0, self->img, IMG * SECTOR));
}

TEST_F(stream, nonblocking_writes_and_poll)
{
	struct pollfd pfd = { .events = POLLOUT | POLLPRI };
	struct discburn_session_finish f;
	struct discburn_data_begin b;
	struct discburn_progress p, p0;
	size_t off = 0;
	int flags, eagain = 0;
	double t0;

	/* a slow drive: 1x DVD, so the smallest ring fills at once */
	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "1"));
	ASSERT_EQ(0, burn_set_name(self->fd, "selftest", NULL));
	burn_begin_init(&b, 0, IMG * SECTOR);
	b.ring_kib = 1;
	ASSERT_EQ(0, _burn_begin(self->fd, &b));
	flags = fcntl(self->fd, F_GETFL);
	ASSERT_EQ(0, fcntl(self->fd, F_SETFL, flags | O_NONBLOCK));

	pfd.fd = self->fd;
	ASSERT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLOUT, pfd.revents);
	t0 = st_now();
	while (off < IMG * SECTOR && st_now() - t0 < 60) {
		ssize_t n;

		ASSERT_EQ(0, burn_progress(self->fd, &p0));
		n = write(self->fd, self->img + off, 65536);
		if (n < 0) {
			ASSERT_EQ(EAGAIN, errno);
			eagain++;
			ASSERT_EQ(0, burn_progress(self->fd, &p));
			/*
			 * The ring was full at the write, but for the WRITEs in
			 * flight; what the drive took since (however long this
			 * process was off the CPU) is the room that came back.
			 */
			EXPECT_GE(p.ring_used + (p.bytes_written - p0.bytes_written) +
				  2 * b.chunk_bytes, p.ring_total)
				TH_LOG("used %llu, written since %llu, total %llu",
				       (unsigned long long)p.ring_used,
				       (unsigned long long)(p.bytes_written - p0.bytes_written),
				       (unsigned long long)p.ring_total);
			/* room comes back while the drive records */
			ASSERT_EQ(1, poll(&pfd, 1, 10000));
			EXPECT_TRUE(pfd.revents & POLLOUT);
			if (eagain >= 3)
				break;
			continue;
		}
		off += n;
	}
	EXPECT_LE(3, eagain);
	ASSERT_EQ(0, burn_cancel(self->fd, NULL));
	ASSERT_EQ(1, poll(&pfd, 1, 10000));
	EXPECT_TRUE(pfd.revents & POLLERR);
	EXPECT_EQ(-1, write(self->fd, self->img, SECTOR));
	EXPECT_EQ(ECANCELED, errno);
	EXPECT_EQ(-ECANCELED, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_E_REQUEST_CANCELLED, f.status);
}

TEST_F(stream, finish_nowait_then_poll_for_the_end)
{
	struct pollfd pfd = { .events = POLLPRI };
	struct discburn_session_finish f;
	__u32 st;

	/* 1x DVD: the drive still records when FINISH returns */
	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "1"));
	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, IMG * SECTOR, 65536));
	EXPECT_EQ(-EINPROGRESS, burn_finish(self->fd, &f, DISCBURN_FINISH_NOWAIT));
	pfd.fd = self->fd;
	ASSERT_EQ(1, poll(&pfd, 1, 30000));
	EXPECT_TRUE(pfd.revents & POLLPRI);
	ASSERT_EQ(0, burn_finish(self->fd, &f, DISCBURN_FINISH_NOWAIT));
	EXPECT_EQ(0, f.status);
	EXPECT_EQ(-ENOENT, burn_finish(self->fd, &f, 0));
}

struct canceller {
	int fd;
	unsigned int ms;
	double at;
};

static void *cancel_later(void *arg)
{
	struct canceller *c = arg;

	st_msleep(c->ms);
	c->at = st_now();
	burn_cancel(c->fd, NULL);
	return NULL;
}

TEST_F(stream, cancel_from_another_thread_wakes_the_writer)
{
	struct canceller c = { .fd = self->fd, .ms = 300 };
	struct discburn_session_finish f;
	struct discburn_data_begin b;
	pthread_t th;
	double woke;
	int ret;

	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "1"));
	ASSERT_EQ(0, burn_set_name(self->fd, "selftest", NULL));
	burn_begin_init(&b, 0, 0);
	b.ring_kib = 1;
	ASSERT_EQ(0, _burn_begin(self->fd, &b));
	ASSERT_EQ(0, pthread_create(&th, NULL, cancel_later, &c));
	/* blocks on the full ring until the cancel */
	ret = burn_write_all(self->fd, self->img, IMG * SECTOR, 65536);
	woke = st_now();
	pthread_join(th, NULL);
	EXPECT_EQ(-ECANCELED, ret);
	EXPECT_GT(2.0, woke - c.at) TH_LOG("writer woke %.3f s after the cancel", woke - c.at);
	EXPECT_EQ(-ECANCELED, burn_finish(self->fd, &f, 0));
	EXPECT_EQ(DISCBURN_E_REQUEST_CANCELLED, f.status);
	EXPECT_EQ(0, burn_locked(self->fd2));
}

/* ---- netlink progress ---- */

#define MAX_NTF 512

struct ntf {
	int cmd;
	__u32 state, action, result, seq, pid;
	__s32 last_written;
	int has_progress;
	char owner[64];
};

struct ntfs {
	int index;
	struct ntf n[MAX_NTF];
	int count;
};

static int ntf_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[DISCBURN_A_RECORDER_MAX + 1];
	struct nlattr *pb[DISCBURN_A_PROGRESS_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct ntfs *ns = arg;
	struct ntf *e;

	if (ns->count >= MAX_NTF ||
	    genlmsg_parse(nlmsg_hdr(msg), 0, tb, DISCBURN_A_RECORDER_MAX, NULL) ||
	    !tb[DISCBURN_A_RECORDER_INDEX] ||
	    (int)nla_get_u32(tb[DISCBURN_A_RECORDER_INDEX]) != ns->index)
		return NL_OK;
	e = &ns->n[ns->count++];
	memset(e, 0, sizeof(*e));
	e->cmd = gh->cmd;
	if (tb[DISCBURN_A_RECORDER_OWNER_NAME])
		snprintf(e->owner, sizeof(e->owner), "%s",
			 nla_get_string(tb[DISCBURN_A_RECORDER_OWNER_NAME]));
	if (tb[DISCBURN_A_RECORDER_PROGRESS] &&
	    !nla_parse_nested(pb, DISCBURN_A_PROGRESS_MAX, tb[DISCBURN_A_RECORDER_PROGRESS],
			      NULL)) {
		e->has_progress = 1;
		e->state = nla_get_u32(pb[DISCBURN_A_PROGRESS_STATE]);
		e->action = nla_get_u32(pb[DISCBURN_A_PROGRESS_ACTION]);
		e->result = nla_get_u32(pb[DISCBURN_A_PROGRESS_RESULT]);
		e->seq = nla_get_u32(pb[DISCBURN_A_PROGRESS_SEQ]);
		e->last_written = nla_get_u32(pb[DISCBURN_A_PROGRESS_LAST_WRITTEN_LBA]);
		if (pb[DISCBURN_A_PROGRESS_OWNER_PID])
			e->pid = nla_get_u32(pb[DISCBURN_A_PROGRESS_OWNER_PID]);
	}
	return NL_OK;
}

static struct nl_sock *ntf_open(struct ntfs *ns)
{
	struct nl_sock *sk = nl_socket_alloc();
	int grp;

	if (!sk || genl_connect(sk))
		return NULL;
	grp = genl_ctrl_resolve_grp(sk, DISCBURN_FAMILY_NAME, DISCBURN_MCGRP_EVENTS);
	if (grp < 0 || nl_socket_add_membership(sk, grp))
		return NULL;
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, ntf_cb, ns);
	nl_socket_set_nonblocking(sk);
	nl_socket_set_buffer_size(sk, 1 << 20, 0);
	return sk;
}

static void ntf_drain(struct nl_sock *sk, int ms)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(sk), .events = POLLIN };
	double end = st_now() + ms / 1000.0;

	while (st_now() < end)
		if (poll(&pfd, 1, 20) > 0)
			nl_recvmsgs_default(sk);
}

TEST_F(stream, progress_events_in_order)
{
	struct discburn_session_finish f;
	struct nl_sock *sk;
	struct ntfs *ns;
	int i, progress = 0, done = 0, writing = 0;
	__u32 last_seq = 0;
	__s32 last_lba = -1;
	size_t off;
	__u32 st;

	ns = calloc(1, sizeof(*ns));
	ASSERT_NE(NULL, ns);
	ns->index = self->emu.index;
	sk = ntf_open(ns);
	ASSERT_NE(NULL, sk);

	/* a drive at 1x DVD makes the burn last long enough for periodic events */
	ASSERT_EQ(0, emu_knob(&self->emu, "write_speed", "1"));
	ASSERT_EQ(0, burn_begin(self->fd, 0, 1200 * SECTOR, &st));
	for (off = 0; off < 1200 * SECTOR; off += 65536) {
		ASSERT_EQ(0, burn_write_all(self->fd, self->img + off, 65536, 65536));
		ntf_drain(sk, 0);
	}
	ASSERT_EQ(0, burn_finish(self->fd, &f, 0));
	ntf_drain(sk, 500);

	for (i = 0; i < ns->count; i++) {
		struct ntf *e = &ns->n[i];

		if (e->cmd != DISCBURN_CMD_PROGRESS_NTF && e->cmd != DISCBURN_CMD_WRITE_DONE_NTF)
			continue;
		ASSERT_TRUE(e->has_progress);
		EXPECT_LE(last_seq, e->seq) TH_LOG("event %d", i);
		EXPECT_LE(last_lba, e->last_written) TH_LOG("event %d", i);
		last_seq = e->seq;
		last_lba = e->last_written;
		if (e->cmd == DISCBURN_CMD_PROGRESS_NTF) {
			EXPECT_EQ(0, done) TH_LOG("progress after write-done");
			EXPECT_STREQ("selftest", e->owner);
			EXPECT_EQ(getpid(), (pid_t)e->pid);
			progress++;
			writing += e->state == DISCBURN_SESSION_WRITING &&
				   e->action == DISCBURN_ACTION_WRITING_DATA;
		} else {
			done++;
			EXPECT_EQ(DISCBURN_SESSION_DONE, e->state);
			EXPECT_EQ(DISCBURN_ACTION_COMPLETED, e->action);
			EXPECT_EQ(0, e->result);
		}
	}
	EXPECT_EQ(1, done);
	EXPECT_LE(3, progress);
	EXPECT_LE(1, writing);
	TH_LOG("%d progress events, %d while writing", progress, writing);
	nl_socket_free(sk);
	free(ns);
}

TEST_F(stream, failed_burn_ends_with_its_status_on_netlink)
{
	struct discburn_session_finish f;
	struct nl_sock *sk;
	struct ntfs *ns;
	int i, done = 0;
	__u32 st;

	ns = calloc(1, sizeof(*ns));
	ASSERT_NE(NULL, ns);
	ns->index = self->emu.index;
	sk = ntf_open(ns);
	ASSERT_NE(NULL, sk);
	ASSERT_EQ(0, burn_begin(self->fd, 0, 0, &st));
	ASSERT_EQ(0, burn_write_all(self->fd, self->img, 100 * SECTOR, 65536));
	ASSERT_EQ(0, burn_cancel(self->fd, NULL));
	EXPECT_EQ(-ECANCELED, burn_finish(self->fd, &f, 0));
	ntf_drain(sk, 300);
	for (i = 0; i < ns->count; i++) {
		if (ns->n[i].cmd != DISCBURN_CMD_WRITE_DONE_NTF)
			continue;
		done++;
		EXPECT_EQ(DISCBURN_E_REQUEST_CANCELLED, ns->n[i].result);
	}
	EXPECT_EQ(1, done);
	nl_socket_free(sk);
	free(ns);
}

TEST_HARNESS_MAIN
