// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "discburn": a libnl monitor on group "events"
 * sees add, lock, unlock, media and remove events in order; get-recorder
 * do and dump list every recorder; malformed requests are refused with an
 * error and an extack report, never a crash.
 */
#include <poll.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <sys/socket.h>

#include "core.h"
#include "kselftest_harness.h"

#define MAX_EVENTS 64

struct event {
	int cmd;
	int index;
	int state;
	int has_owner;
	char owner[64];
	unsigned int pid;
	unsigned int profile;
	char block[32];
	char vendor[32];
};

struct events {
	struct event ev[MAX_EVENTS];
	int n;
};

static int parse_recorder(struct nl_msg *msg, struct event *e)
{
	struct nlattr *tb[DISCBURN_A_RECORDER_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));

	memset(e, 0, sizeof(*e));
	e->index = -1;
	e->cmd = gh->cmd;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, DISCBURN_A_RECORDER_MAX, NULL))
		return -1;
	if (tb[DISCBURN_A_RECORDER_INDEX])
		e->index = nla_get_u32(tb[DISCBURN_A_RECORDER_INDEX]);
	if (tb[DISCBURN_A_RECORDER_STATE])
		e->state = nla_get_u32(tb[DISCBURN_A_RECORDER_STATE]);
	if (tb[DISCBURN_A_RECORDER_OWNER_NAME]) {
		e->has_owner = 1;
		snprintf(e->owner, sizeof(e->owner), "%s",
			 nla_get_string(tb[DISCBURN_A_RECORDER_OWNER_NAME]));
	}
	if (tb[DISCBURN_A_RECORDER_OWNER_PID])
		e->pid = nla_get_u32(tb[DISCBURN_A_RECORDER_OWNER_PID]);
	if (tb[DISCBURN_A_RECORDER_CURRENT_PROFILE])
		e->profile = nla_get_u32(tb[DISCBURN_A_RECORDER_CURRENT_PROFILE]);
	if (tb[DISCBURN_A_RECORDER_BLOCK_DEVICE])
		snprintf(e->block, sizeof(e->block), "%s",
			 nla_get_string(tb[DISCBURN_A_RECORDER_BLOCK_DEVICE]));
	if (tb[DISCBURN_A_RECORDER_VENDOR])
		snprintf(e->vendor, sizeof(e->vendor), "%s",
			 nla_get_string(tb[DISCBURN_A_RECORDER_VENDOR]));
	return 0;
}

static int collect_cb(struct nl_msg *msg, void *arg)
{
	struct events *evs = arg;

	if (evs->n < MAX_EVENTS && !parse_recorder(msg, &evs->ev[evs->n]))
		evs->n++;
	return NL_OK;
}

static struct nl_sock *monitor_open(struct events *evs)
{
	struct nl_sock *sk = nl_socket_alloc();
	int grp;

	if (!sk || genl_connect(sk))
		return NULL;
	grp = genl_ctrl_resolve_grp(sk, DISCBURN_FAMILY_NAME, DISCBURN_MCGRP_EVENTS);
	if (grp < 0 || nl_socket_add_membership(sk, grp))
		return NULL;
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, collect_cb, evs);
	nl_socket_set_nonblocking(sk);
	return sk;
}

/* Read events for up to @ms milliseconds. */
static void monitor_drain(struct nl_sock *sk, int ms)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(sk), .events = POLLIN };
	double end = st_now() + ms / 1000.0;

	while (st_now() < end) {
		if (poll(&pfd, 1, 20) > 0)
			nl_recvmsgs_default(sk);
	}
}

/* Events of recorder @index, media-change ones dropped if @no_media. */
static int filter(const struct events *in, int index, int no_media,
		  struct event *out)
{
	int i, n = 0;

	for (i = 0; i < in->n; i++) {
		if (in->ev[i].index != index)
			continue;
		if (no_media && in->ev[i].cmd == DISCBURN_CMD_MEDIA_CHANGE_NTF)
			continue;
		out[n++] = in->ev[i];
	}
	return n;
}

TEST(events_arrive_in_order)
{
	struct event ev[MAX_EVENTS];
	struct events evs = { 0 };
	struct nl_sock *sk;
	struct emu e;
	int fd, n, i, media_after_unlock = 0;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	sk = monitor_open(&evs);
	ASSERT_NE(NULL, sk);

	ASSERT_EQ(0, emu_new(&e, "cdr80", NULL));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);
	monitor_drain(sk, 100);
	ASSERT_EQ(0, _rec_lock(fd, "Monitor Test", 0, NULL));
	monitor_drain(sk, 100);
	ASSERT_EQ(0, _rec_unlock(fd, 0, NULL));
	monitor_drain(sk, 100);
	close(fd);
	emu_del(&e);
	monitor_drain(sk, 300);

	n = filter(&evs, e.index, 1, ev);
	ASSERT_EQ(4, n);
	EXPECT_EQ(DISCBURN_CMD_RECORDER_ADD_NTF, ev[0].cmd);
	EXPECT_EQ(DISCBURN_STATE_IDLE, ev[0].state);
	EXPECT_STREQ("DISCBURN", ev[0].vendor);
	EXPECT_EQ(DISCBURN_CMD_LOCK_CHANGE_NTF, ev[1].cmd);
	EXPECT_EQ(DISCBURN_STATE_LOCKED, ev[1].state);
	EXPECT_EQ(1, ev[1].has_owner);
	EXPECT_STREQ("Monitor Test", ev[1].owner);
	EXPECT_EQ(getpid(), (pid_t)ev[1].pid);
	EXPECT_EQ(DISCBURN_CMD_LOCK_CHANGE_NTF, ev[2].cmd);
	EXPECT_EQ(DISCBURN_STATE_IDLE, ev[2].state);
	EXPECT_EQ(0, ev[2].has_owner);
	EXPECT_EQ(DISCBURN_CMD_RECORDER_DEL_NTF, ev[3].cmd);
	EXPECT_EQ(DISCBURN_STATE_DETACHED, ev[3].state);

	/*
	 * the unlock announced a media change, after the lock change, with
	 * the disc that is in the drive (not "no medium")
	 */
	n = filter(&evs, e.index, 0, ev);
	for (i = 0; i < n; i++) {
		if (ev[i].cmd == DISCBURN_CMD_LOCK_CHANGE_NTF && !ev[i].has_owner &&
		    i + 1 < n && ev[i + 1].cmd == DISCBURN_CMD_MEDIA_CHANGE_NTF) {
			media_after_unlock = 1;
			EXPECT_EQ(0x09, ev[i + 1].profile);
		}
	}
	EXPECT_EQ(1, media_after_unlock);
	nl_socket_free(sk);
}

TEST(unlock_without_media_notification_sends_no_media_event)
{
	struct event ev[MAX_EVENTS];
	struct events evs = { 0 };
	struct nl_sock *sk;
	struct emu e;
	int fd, n, i;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, emu_new(&e, "cdr80", NULL));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);
	sk = monitor_open(&evs);
	ASSERT_NE(NULL, sk);
	ASSERT_EQ(0, _rec_lock(fd, "quiet", 0, NULL));
	ASSERT_EQ(0, _rec_unlock(fd, DISCBURN_UNLOCK_NO_MEDIA_NOTIFICATIONS, NULL));
	monitor_drain(sk, 200);
	n = filter(&evs, e.index, 0, ev);
	EXPECT_EQ(2, n);
	for (i = 0; i < n; i++)
		EXPECT_EQ(DISCBURN_CMD_LOCK_CHANGE_NTF, ev[i].cmd);
	close(fd);
	emu_del(&e);
	nl_socket_free(sk);
}

TEST(eject_and_load_send_media_events)
{
	struct discburn_eject ej = { .size = sizeof(ej) };
	struct event ev[MAX_EVENTS];
	struct events evs = { 0 };
	struct nl_sock *sk;
	struct emu e;
	int fd, n;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, emu_new(&e, "cdr80", NULL));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);
	sk = monitor_open(&evs);
	ASSERT_NE(NULL, sk);
	ASSERT_EQ(0, ioctl(fd, DISCBURN_IOC_EJECT, &ej)) TH_LOG("status %#x", ej.status);
	ej.flags = DISCBURN_EJECT_CLOSE_TRAY;
	ASSERT_EQ(0, ioctl(fd, DISCBURN_IOC_EJECT, &ej)) TH_LOG("status %#x", ej.status);
	monitor_drain(sk, 200);
	n = filter(&evs, e.index, 0, ev);
	EXPECT_LE(2, n);
	EXPECT_EQ(DISCBURN_CMD_MEDIA_CHANGE_NTF, ev[0].cmd);
	close(fd);
	emu_del(&e);
	nl_socket_free(sk);
}

static int dump_cb(struct nl_msg *msg, void *arg)
{
	return collect_cb(msg, arg);
}

static int get_recorders(struct events *evs, int index)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_msg *msg;
	int fam, ret;

	if (!sk || genl_connect(sk))
		return -1;
	fam = genl_ctrl_resolve(sk, DISCBURN_FAMILY_NAME);
	msg = nlmsg_alloc();
	if (fam < 0 || !msg)
		return -1;
	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, fam, 0,
		    index < 0 ? NLM_F_DUMP : 0, DISCBURN_CMD_GET_RECORDER,
		    DISCBURN_FAMILY_VERSION);
	if (index >= 0)
		nla_put_u32(msg, DISCBURN_A_RECORDER_INDEX, index);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, dump_cb, evs);
	ret = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (ret >= 0)
		ret = nl_recvmsgs_default(sk);
	if (ret >= 0 && index >= 0)
		ret = nl_wait_for_ack(sk);
	nl_socket_free(sk);
	return ret;
}

TEST(dump_lists_every_recorder)
{
	struct events evs = { 0 };
	struct emu e1, e2;
	struct dirent *de;
	int nsys = 0, i, found1 = 0, found2 = 0;
	DIR *d;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, emu_new(&e1, "cdr80", NULL));
	ASSERT_EQ(0, emu_new(&e2, "dvdr", NULL));
	ASSERT_LE(0, get_recorders(&evs, -1));

	d = opendir(CLASS_DIR);
	ASSERT_NE(NULL, d);
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, "discburn", 8))
			nsys++;
	closedir(d);
	EXPECT_EQ(nsys, evs.n);
	for (i = 0; i < evs.n; i++) {
		EXPECT_EQ(DISCBURN_CMD_GET_RECORDER, evs.ev[i].cmd);
		if (evs.ev[i].index == e1.index) {
			found1 = 1;
			EXPECT_STREQ(e1.sr, evs.ev[i].block);
		}
		if (evs.ev[i].index == e2.index) {
			found2 = 1;
			EXPECT_STREQ(e2.sr, evs.ev[i].block);
		}
	}
	EXPECT_EQ(1, found1);
	EXPECT_EQ(1, found2);
	emu_del(&e1);
	emu_del(&e2);
}

TEST(get_one_recorder_with_owner)
{
	struct events evs = { 0 };
	struct emu e;
	int fd;

	if (access(EMU_CFS, F_OK))
		SKIP(return, "discburn_emu not loaded");
	ASSERT_EQ(0, emu_new(&e, "cdr80", NULL));
	fd = rec_open(&e, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, _rec_lock(fd, "Getter", 0, NULL));
	ASSERT_LE(0, get_recorders(&evs, e.index));
	ASSERT_EQ(1, evs.n);
	EXPECT_EQ(e.index, evs.ev[0].index);
	EXPECT_EQ(DISCBURN_STATE_LOCKED, evs.ev[0].state);
	EXPECT_STREQ("Getter", evs.ev[0].owner);
	EXPECT_EQ(getpid(), (pid_t)evs.ev[0].pid);
	EXPECT_STREQ(e.sr, evs.ev[0].block);
	close(fd);
	emu_del(&e);
}

/* ---- malformed requests over a raw socket, with extended acks ---- */

struct raw {
	int fd;
	int fam;
};

static int raw_open(struct raw *r)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;

	if (!sk || genl_connect(sk))
		return -1;
	r->fam = genl_ctrl_resolve(sk, DISCBURN_FAMILY_NAME);
	nl_socket_free(sk);
	if (r->fam < 0)
		return -1;
	r->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (r->fd < 0 || bind(r->fd, (struct sockaddr *)&sa, sizeof(sa)))
		return -1;
	setsockopt(r->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(r->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

/*
 * Send @cmd with raw attribute bytes @attrs; returns the errno of the ack
 * (0 for success) and copies any extack message to @msg.
 */
static int raw_request(struct raw *r, __u8 cmd, __u8 reserved, const void *attrs,
		       size_t alen, char *msg, size_t msglen, int *miss_type)
{
	char buf[8192];
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	struct genlmsghdr *gh;
	struct nlmsgerr *err;
	struct nlattr *a;
	ssize_t n;
	int off;

	memset(buf, 0, sizeof(buf));
	nh->nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + alen);
	nh->nlmsg_type = r->fam;
	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nh->nlmsg_seq = 1;
	gh = NLMSG_DATA(nh);
	gh->cmd = cmd;
	gh->version = DISCBURN_FAMILY_VERSION;
	gh->reserved = reserved;
	memcpy((char *)gh + GENL_HDRLEN, attrs, alen);
	if (send(r->fd, buf, nh->nlmsg_len, 0) < 0)
		return -1000;
	msg[0] = 0;
	*miss_type = -1;
	for (;;) {
		n = recv(r->fd, buf, sizeof(buf), 0);
		if (n < (ssize_t)NLMSG_HDRLEN)
			return -1001;
		if (nh->nlmsg_type != NLMSG_ERROR)
			continue;
		err = NLMSG_DATA(nh);
		off = NLMSG_HDRLEN + sizeof(*err);
		if (nh->nlmsg_flags & NLM_F_ACK_TLVS) {
			while (off + (int)sizeof(*a) <= (int)nh->nlmsg_len) {
				a = (struct nlattr *)(buf + off);
				if (a->nla_len < sizeof(*a))
					break;
				if (a->nla_type == NLMSGERR_ATTR_MSG)
					snprintf(msg, msglen, "%s", (char *)(a + 1));
				if (a->nla_type == NLMSGERR_ATTR_MISS_TYPE)
					*miss_type = *(__u32 *)(a + 1);
				off += NLA_ALIGN(a->nla_len);
			}
		}
		return -err->error;
	}
}

struct attr_u32 {
	struct nlattr a;
	__u32 v;
};

TEST(malformed_requests_are_refused)
{
	struct attr_u32 idx = { { 8, DISCBURN_A_RECORDER_INDEX }, 0 };
	struct attr_u32 bad_type = { { 8, DISCBURN_A_RECORDER_VENDOR }, 0 };
	struct { struct nlattr a; __u8 v; __u8 pad[3]; } short_idx = {
		{ 5, DISCBURN_A_RECORDER_INDEX }, 1, { 0 } };
	char msg[256];
	struct raw r;
	int miss;

	ASSERT_EQ(0, raw_open(&r));

	/* do without the index: EINVAL, the missing attribute named */
	EXPECT_EQ(EINVAL, raw_request(&r, DISCBURN_CMD_GET_RECORDER, 0, NULL, 0,
				      msg, sizeof(msg), &miss));
	EXPECT_EQ(DISCBURN_A_RECORDER_INDEX, miss);

	/* index beyond the policy's maximum */
	idx.v = 1000;
	EXPECT_EQ(ERANGE, raw_request(&r, DISCBURN_CMD_GET_RECORDER, 0, &idx,
				      sizeof(idx), msg, sizeof(msg), &miss));
	EXPECT_NE(0, msg[0]);
	TH_LOG("out of range: '%s'", msg);

	/* a recorder that does not exist */
	idx.v = 255;
	EXPECT_EQ(ENODEV, raw_request(&r, DISCBURN_CMD_GET_RECORDER, 0, &idx,
				      sizeof(idx), msg, sizeof(msg), &miss));
	EXPECT_STREQ("no such recorder", msg);

	/* an attribute the request may not carry (strict policy) */
	EXPECT_EQ(EINVAL, raw_request(&r, DISCBURN_CMD_GET_RECORDER, 0, &bad_type,
				      sizeof(bad_type), msg, sizeof(msg), &miss));
	TH_LOG("unknown attribute: '%s'", msg);

	/* an index of the wrong length */
	EXPECT_NE(0, raw_request(&r, DISCBURN_CMD_GET_RECORDER, 0, &short_idx,
				 sizeof(short_idx), msg, sizeof(msg), &miss));

	/* non-zero reserved byte in the genl header */
	idx.v = 0;
	EXPECT_EQ(EINVAL, raw_request(&r, DISCBURN_CMD_GET_RECORDER, 1, &idx,
				      sizeof(idx), msg, sizeof(msg), &miss));

	/* notifications and unknown commands are not requests */
	EXPECT_EQ(EOPNOTSUPP, raw_request(&r, DISCBURN_CMD_LOCK_CHANGE_NTF, 0, &idx,
					  sizeof(idx), msg, sizeof(msg), &miss));
	EXPECT_EQ(EOPNOTSUPP, raw_request(&r, 200, 0, NULL, 0, msg, sizeof(msg), &miss));
	close(r.fd);
}

TEST(garbage_messages_do_not_crash)
{
	unsigned char junk[512];
	struct raw r;
	int i, miss;
	char msg[256];

	ASSERT_EQ(0, raw_open(&r));
	srand(4);
	for (i = 0; i < 2000; i++) {
		size_t len = rand() % sizeof(junk);
		size_t j;

		for (j = 0; j < len; j++)
			junk[j] = rand();
		raw_request(&r, DISCBURN_CMD_GET_RECORDER, 0, junk, len, msg,
			    sizeof(msg), &miss);
	}
	close(r.fd);
}

TEST_HARNESS_MAIN
