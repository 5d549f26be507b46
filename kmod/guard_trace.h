/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracepoint the guard (tools/guard/) listens on: which device nodes
 * reach a recorder and which thread group owns its lock. It fires under
 * the recorder's excl_mutex at every lock and release, in the task that
 * makes the change, so the guard's BPF map is in step before the lock
 * ioctl returns.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM discburn

#if !defined(_DISCBURN_GUARD_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _DISCBURN_GUARD_TRACE_H

#include <linux/kdev_t.h>
#include <linux/tracepoint.h>

/*
 * discburn_guard_lock - a recorder was locked or released
 * @index: N of /dev/discburnN
 * @sr: srN's block device number, 0 if none
 * @sg: sgN's character device number, 0 if none
 * @bsg: the bsg node's character device number, 0 if none
 * @tgid: the owner's thread group (initial namespace); 0: released
 *
 * A release carries no device numbers: the listener forgets those it was
 * given with the lock.
 */
TRACE_EVENT(discburn_guard_lock,
	    TP_PROTO(int index, dev_t sr, dev_t sg, dev_t bsg, pid_t tgid),
	    TP_ARGS(index, sr, sg, bsg, tgid),
	    TP_STRUCT__entry(__field(int, index)
			     __field(dev_t, sr)
			     __field(dev_t, sg)
			     __field(dev_t, bsg)
			     __field(pid_t, tgid)),
	    TP_fast_assign(__entry->index = index;
			   __entry->sr = sr;
			   __entry->sg = sg;
			   __entry->bsg = bsg;
			   __entry->tgid = tgid;),
	    TP_printk("discburn%d sr=%u:%u sg=%u:%u bsg=%u:%u owner=%d",
		      __entry->index, MAJOR(__entry->sr), MINOR(__entry->sr),
		      MAJOR(__entry->sg), MINOR(__entry->sg),
		      MAJOR(__entry->bsg), MINOR(__entry->bsg), __entry->tgid)
);

#endif /* _DISCBURN_GUARD_TRACE_H */

/* This part must be outside the include guard */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE guard_trace
#include <trace/define_trace.h>
