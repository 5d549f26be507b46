// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "discburn", as Documentation/netlink/specs/
 * discburn.yaml describes it: get-recorder (do and dump) and the multicast
 * group "events", whose notifications carry the get-recorder reply.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/pid.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "discburn.h"

enum {
	DISCBURN_NLGRP_EVENTS,
};

static const struct nla_policy discburn_recorder_policy[DISCBURN_A_RECORDER_INDEX + 1] = {
	[DISCBURN_A_RECORDER_INDEX] = NLA_POLICY_MAX(NLA_U32, DISCBURN_MAX_RECORDERS - 1),
};

static const struct genl_multicast_group discburn_nl_mcgrps[] = {
	[DISCBURN_NLGRP_EVENTS] = { .name = DISCBURN_MCGRP_EVENTS },
};

static struct genl_family discburn_nl_family;

/*
 * Fill one recorder's attributes. @ntf: a multicast notification, whose
 * pids are given in the initial namespace; else the requester's.
 */
static int discburn_nl_fill(struct sk_buff *skb, struct discburn_recorder *rec,
			    bool ntf)
{
	char name[DISCBURN_CLIENT_NAME_LEN];
	struct device *disk;
	bool locked;
	u64 since;
	u32 pid;
	int ret;

	spin_lock(&rec->owner_lock);
	locked = rec->owner;
	memcpy(name, rec->owner_name, sizeof(name));
	since = rec->owner_since;
	pid = rec->owner_pid ? (ntf ? pid_nr(rec->owner_pid) :
				pid_vnr(rec->owner_pid)) : 0;
	spin_unlock(&rec->owner_lock);

	if (nla_put_u32(skb, DISCBURN_A_RECORDER_INDEX, rec->index) ||
	    nla_put_string(skb, DISCBURN_A_RECORDER_VENDOR, rec->vendor) ||
	    nla_put_string(skb, DISCBURN_A_RECORDER_MODEL, rec->model) ||
	    nla_put_string(skb, DISCBURN_A_RECORDER_REVISION, rec->revision) ||
	    nla_put_u32(skb, DISCBURN_A_RECORDER_STATE, discburn_recorder_state(rec)) ||
	    nla_put_u32(skb, DISCBURN_A_RECORDER_SCSI_TYPE, rec->sdev->type) ||
	    nla_put_u32(skb, DISCBURN_A_RECORDER_CURRENT_PROFILE,
			READ_ONCE(rec->current_profile)))
		return -EMSGSIZE;

	if (!discburn_detaching(rec)) {
		disk = discburn_recorder_disk(rec);
		if (disk) {
			ret = nla_put_string(skb, DISCBURN_A_RECORDER_BLOCK_DEVICE,
					     dev_name(disk));
			put_device(disk);
			if (ret)
				return ret;
		}
	}
	if (locked &&
	    (nla_put_string(skb, DISCBURN_A_RECORDER_OWNER_NAME, name) ||
	     nla_put_u32(skb, DISCBURN_A_RECORDER_OWNER_PID, pid) ||
	     nla_put_u64_64bit(skb, DISCBURN_A_RECORDER_OWNER_SINCE, since,
			       DISCBURN_A_RECORDER_PAD)))
		return -EMSGSIZE;
	return 0;
}

static int discburn_nl_get_recorder_doit(struct sk_buff *skb,
					 struct genl_info *info)
{
	struct discburn_recorder *rec;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, DISCBURN_A_RECORDER_INDEX))
		return -EINVAL;
	rec = discburn_recorder_get(nla_get_u32(info->attrs[DISCBURN_A_RECORDER_INDEX]));
	if (!rec) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[DISCBURN_A_RECORDER_INDEX],
				    "no such recorder");
		return -ENODEV;
	}

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		ret = -ENOMEM;
		goto err_put;
	}
	hdr = genlmsg_put_reply(msg, info, &discburn_nl_family, 0,
				DISCBURN_CMD_GET_RECORDER);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err_free;
	}
	ret = discburn_nl_fill(msg, rec, false);
	if (ret)
		goto err_free;
	genlmsg_end(msg, hdr);
	discburn_recorder_put(rec);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
err_put:
	discburn_recorder_put(rec);
	return ret;
}

static int discburn_nl_get_recorder_dumpit(struct sk_buff *skb,
					   struct netlink_callback *cb)
{
	struct discburn_recorder *rec;
	int index = cb->args[0];
	void *hdr;

	while ((rec = discburn_recorder_get_next(&index))) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &discburn_nl_family,
				  NLM_F_MULTI, DISCBURN_CMD_GET_RECORDER);
		if (!hdr) {
			discburn_recorder_put(rec);
			break;
		}
		if (discburn_nl_fill(skb, rec, false)) {
			genlmsg_cancel(skb, hdr);
			discburn_recorder_put(rec);
			break;
		}
		genlmsg_end(skb, hdr);
		discburn_recorder_put(rec);
		index++;
	}
	cb->args[0] = index;
	return skb->len;
}

static const struct genl_small_ops discburn_nl_ops[] = {
	{
		.cmd = DISCBURN_CMD_GET_RECORDER,
		.doit = discburn_nl_get_recorder_doit,
		.dumpit = discburn_nl_get_recorder_dumpit,
	},
};

static struct genl_family discburn_nl_family __ro_after_init = {
	.name = DISCBURN_FAMILY_NAME,
	.version = DISCBURN_FAMILY_VERSION,
	.maxattr = DISCBURN_A_RECORDER_INDEX,
	.policy = discburn_recorder_policy,
	.module = THIS_MODULE,
	.small_ops = discburn_nl_ops,
	.n_small_ops = ARRAY_SIZE(discburn_nl_ops),
	.mcgrps = discburn_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(discburn_nl_mcgrps),
};

/**
 * discburn_netlink_notify() - multicast a recorder event to "events"
 * @rec: the recorder
 * @cmd: DISCBURN_CMD_*_NTF
 *
 * Process context. Nothing is built when nobody listens.
 */
void discburn_netlink_notify(struct discburn_recorder *rec, u8 cmd)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&discburn_nl_family, &init_net, DISCBURN_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &discburn_nl_family, 0, cmd);
	if (!hdr || discburn_nl_fill(msg, rec, true)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&discburn_nl_family, msg, 0, DISCBURN_NLGRP_EVENTS,
			  GFP_KERNEL);
}

/**
 * discburn_netlink_init() - register the generic netlink family
 *
 * Return: 0 on success, else a negated errno value.
 */
int discburn_netlink_init(void)
{
	return genl_register_family(&discburn_nl_family);
}

/**
 * discburn_netlink_exit() - unregister the generic netlink family
 */
void discburn_netlink_exit(void)
{
	genl_unregister_family(&discburn_nl_family);
}
