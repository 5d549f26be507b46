// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discburn_monitor: a libnl-genl socket subscribed to the "events" group
 * of the "discburn" family. The caller polls its fd; receive() drains what
 * the kernel queued into a FIFO of parsed events and hands them out one by
 * one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "internal.h"

struct event_node {
	struct event_node *next;
	struct discburn_event *ev;
};

struct discburn_monitor {
	int refcount;
	struct discburn_ctx *ctx;
	struct nl_sock *sk;
	int family;
	struct event_node *head, *tail;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct discburn_monitor *mon = arg;
	struct discburn_event *ev;
	struct event_node *node;
	int ret;

	ret = discburn_event_parse(nlmsg_hdr(msg), mon->family, &ev);
	if (ret < 0) {
		err(mon->ctx, "dropping malformed discburn event: %s\n", strerror(-ret));
		return NL_SKIP;
	}
	if (!ev)
		return NL_SKIP;
	node = malloc(sizeof(*node));
	if (!node) {
		discburn_event_unref(ev);
		err(mon->ctx, "dropping discburn event: out of memory\n");
		return NL_SKIP;
	}
	node->next = NULL;
	node->ev = ev;
	if (mon->tail)
		mon->tail->next = node;
	else
		mon->head = node;
	mon->tail = node;
	return NL_OK;
}

/* libnl error codes -> status, for the few that can happen here */
static int nl_status(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	case NLE_OBJ_NOTFOUND:
	case NLE_NOADDR:
		return DISCBURN_STATUS(DISCBURN_E_DEVICE_NOT_CONNECTED);
	case NLE_PERM:
	case NLE_NOACCESS:
		return DISCBURN_STATUS(DISCBURN_E_ACCESS_DENIED);
	case NLE_INVAL:
		return DISCBURN_STATUS(DISCBURN_E_INVALIDARG);
	case NLE_OPNOTSUPP:
	case NLE_PROTO_MISMATCH:
		return DISCBURN_STATUS(DISCBURN_E_NOTIMPL);
	default:
		return DISCBURN_STATUS(DISCBURN_E_FAIL);
	}
}

DISCBURN_EXPORT int discburn_monitor_new(struct discburn_ctx *ctx,
					 struct discburn_monitor **out)
{
	struct discburn_monitor *mon;
	int ret, grp;

	if (!ctx || !out)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	mon = calloc(1, sizeof(*mon));
	if (!mon)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	mon->refcount = 1;
	mon->sk = nl_socket_alloc();
	if (!mon->sk) {
		ret = DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
		goto err_free;
	}
	nl_socket_disable_seq_check(mon->sk);
	nl_socket_disable_auto_ack(mon->sk);
	ret = genl_connect(mon->sk);
	if (ret < 0) {
		err(ctx, "generic netlink: %s\n", nl_geterror(ret));
		ret = nl_status(ret);
		goto err_sock;
	}
	mon->family = genl_ctrl_resolve(mon->sk, DISCBURN_FAMILY_NAME);
	grp = genl_ctrl_resolve_grp(mon->sk, DISCBURN_FAMILY_NAME, DISCBURN_MCGRP_EVENTS);
	if (mon->family < 0 || grp < 0) {
		dbg(ctx, "netlink family %s not registered (is discburn.ko loaded?)\n",
		    DISCBURN_FAMILY_NAME);
		ret = DISCBURN_STATUS(DISCBURN_E_DEVICE_NOT_CONNECTED);
		goto err_sock;
	}
	ret = nl_socket_add_membership(mon->sk, grp);
	if (ret < 0) {
		err(ctx, "joining %s/%s: %s\n", DISCBURN_FAMILY_NAME, DISCBURN_MCGRP_EVENTS,
		    nl_geterror(ret));
		ret = nl_status(ret);
		goto err_sock;
	}
	nl_socket_set_nonblocking(mon->sk);
	nl_socket_set_buffer_size(mon->sk, 1 << 20, 0);
	nl_socket_modify_cb(mon->sk, NL_CB_VALID, NL_CB_CUSTOM, on_valid, mon);
	mon->ctx = discburn_ref(ctx);
	*out = mon;
	return 0;

err_sock:
	nl_socket_free(mon->sk);
err_free:
	free(mon);
	return ret;
}

DISCBURN_EXPORT struct discburn_monitor *discburn_monitor_ref(struct discburn_monitor *mon)
{
	if (mon)
		mon->refcount++;
	return mon;
}

DISCBURN_EXPORT struct discburn_monitor *discburn_monitor_unref(struct discburn_monitor *mon)
{
	struct event_node *node;

	if (!mon || --mon->refcount > 0)
		return NULL;
	while ((node = mon->head)) {
		mon->head = node->next;
		discburn_event_unref(node->ev);
		free(node);
	}
	nl_socket_free(mon->sk);
	discburn_unref(mon->ctx);
	free(mon);
	return NULL;
}

DISCBURN_EXPORT int discburn_monitor_get_fd(struct discburn_monitor *mon)
{
	return mon ? nl_socket_get_fd(mon->sk) : -1;
}

DISCBURN_EXPORT int discburn_monitor_receive(struct discburn_monitor *mon,
					     struct discburn_event **ev)
{
	struct event_node *node;
	int ret;

	if (!mon || !ev)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	*ev = NULL;
	while (!mon->head) {
		ret = nl_recvmsgs_default(mon->sk);
		if (ret == -NLE_AGAIN)
			return 0;
		if (ret == -NLE_INTR)
			continue;
		if (ret == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped events; say so and go on */
			err(mon->ctx, "events were lost: receive buffer overrun\n");
			continue;
		}
		if (ret < 0) {
			err(mon->ctx, "netlink receive: %s\n", nl_geterror(ret));
			return nl_status(ret);
		}
	}
	node = mon->head;
	mon->head = node->next;
	if (!mon->head)
		mon->tail = NULL;
	*ev = node->ev;
	free(node);
	return 0;
}
