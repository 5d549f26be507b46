// SPDX-License-Identifier: GPL-2.0
/*
 * discburn-guard: loads the guard's BPF LSM programs (guard.bpf.c) and keeps
 * them loaded until it is stopped. While a recorder is locked, every
 * command-sending ioctl and write(2) on its srN, sgN and bsg nodes from a
 * process other than the lock's owner fails EBUSY; the kernel, not this
 * process, keeps the map in step with the locks (discburn.ko's tracepoint
 * discburn_guard_lock). Refusals are printed, one line each. See
 * Documentation/guard.rst.
 *
 * Exit status: 0 when stopped by SIGTERM/SIGINT, 2 when the kernel does not
 * run the BPF LSM, 1 on any other failure.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/types.h>

#include "guard.h"
#include "guard.skel.h"

#define GUARD_PARAM	"/sys/module/discburn/parameters/guard"
#define LSM_LIST	"/sys/kernel/security/lsm"
#define EXIT_NO_BPF_LSM	2

static volatile sig_atomic_t stop;
static bool verbose;
static bool quiet;

static void on_signal(int sig)
{
	stop = 1;
}

static void msg(const char *fmt, ...)
{
	va_list ap;

	fputs("discburn-guard: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || (level == LIBBPF_INFO && !verbose))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* 1 if "bpf" is an active LSM, 0 if not, -errno if it cannot be told */
static int bpf_lsm_active(void)
{
	char buf[512], *tok, *save;
	FILE *f = fopen(LSM_LIST, "r");

	if (!f)
		return -errno;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (!strcmp(tok, "bpf"))
			return 1;
	return 0;
}

static bool kernel_has_func(const char *name)
{
	struct btf *btf = btf__load_vmlinux_btf();
	bool ret;

	if (!btf)
		return false;
	ret = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) > 0;
	btf__free(btf);
	return ret;
}

static int write_param(const char *val)
{
	FILE *f = fopen(GUARD_PARAM, "w");
	int ret = 0;

	if (!f)
		return -errno;
	if (fputs(val, f) < 0)
		ret = -errno;
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

/* Tell systemd (Type=notify) without linking libsystemd */
static void sd_notify_ready(void)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static const char ready[] = "READY=1\nSTATUS=guarding locked recorders";
	socklen_t len;
	int fd;

	if (!path || (path[0] != '/' && path[0] != '@') ||
	    strlen(path) >= sizeof(sa.sun_path))
		return;
	strcpy(sa.sun_path, path);
	if (path[0] == '@')
		sa.sun_path[0] = 0;
	len = offsetof(struct sockaddr_un, sun_path) + strlen(path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	sendto(fd, ready, sizeof(ready) - 1, 0, (struct sockaddr *)&sa, len);
	close(fd);
}

static const char *cmd_name(__u32 op, __u32 cmd)
{
	static char buf[32];

	if (op == GUARD_OP_WRITE)
		return "write";
	switch (cmd) {
	case 0x2285: return "SG_IO";
	case 0x2284: return "SG_SCSI_RESET";
	case 1: return "SCSI_IOCTL_SEND_COMMAND";
	case 2: return "SCSI_IOCTL_TEST_UNIT_READY";
	case 5: return "SCSI_IOCTL_START_UNIT";
	case 6: return "SCSI_IOCTL_STOP_UNIT";
	case 0x5309: return "CDROMEJECT";
	case 0x5319: return "CDROMCLOSETRAY";
	case 0x5326: return "CDROM_DRIVE_STATUS";
	case 0x5327: return "CDROM_DISC_STATUS";
	case 0x5329: return "CDROM_LOCKDOOR";
	case 0x5393: return "CDROM_SEND_PACKET";
	}
	snprintf(buf, sizeof(buf), "ioctl 0x%x", cmd);
	return buf;
}

static int on_refusal(void *ctx, void *data, size_t len)
{
	const struct guard_refusal *r = data;

	if (quiet || len < sizeof(*r))
		return 0;
	printf("refused %s%s on %s %u:%u (discburn%u) from pid %u (%.16s), owner %u\n",
	       cmd_name(r->op, r->cmd), r->op == GUARD_OP_IOCTL32 ? " (32-bit)" : "",
	       r->kind == GUARD_BLOCK ? "block" : "char",
	       r->rdev >> 20, r->rdev & 0xfffff,	/* the kernel's dev_t */ r->index, r->tgid, r->comm, r->owner);
	fflush(stdout);
	return 0;
}

static void print_stats(struct guard *skel)
{
	static const char *const names[GUARD_STAT_MAX] = {
		[GUARD_STAT_REFUSED] = "refused",
		[GUARD_STAT_OWNER_PASSED] = "owner_passed",
		[GUARD_STAT_EVENTS] = "lock_events",
		[GUARD_STAT_LOST] = "records_lost",
	};
	int fd = bpf_map__fd(skel->maps.stats);
	__u32 i;

	for (i = 0; i < GUARD_STAT_MAX; i++) {
		__u64 v = 0;

		bpf_map_lookup_elem(fd, &i, &v);
		msg("%s %llu", names[i], (unsigned long long)v);
	}
}

static void usage(FILE *f)
{
	fputs("usage: discburn-guard [-q] [-v]\n"
	      "  Keep other processes' commands off locked recorders until stopped.\n"
	      "  -q  do not print refusals   -v  libbpf's messages too\n", f);
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct guard *skel;
	struct sigaction sa = { .sa_handler = on_signal };
	int opt, ret, status = 1;

	while ((opt = getopt(argc, argv, "qvh")) != -1) {
		switch (opt) {
		case 'q':
			quiet = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	libbpf_set_print(libbpf_log);

	ret = bpf_lsm_active();
	if (ret < 0) {
		msg("cannot read %s (%s): is securityfs mounted?", LSM_LIST, strerror(-ret));
		return 1;
	}
	if (!ret) {
		msg("the kernel does not run the BPF LSM (\"bpf\" is not in %s); "
		    "add it to lsm= on the kernel command line", LSM_LIST);
		return EXIT_NO_BPF_LSM;
	}
	if (access(GUARD_PARAM, W_OK)) {
		msg("%s: %s (is a discburn.ko with the guard tracepoint loaded?)",
		    GUARD_PARAM, strerror(errno));
		return 1;
	}

	skel = guard__open();
	if (!skel) {
		msg("cannot open the BPF object: %s", strerror(errno));
		return 1;
	}
	/* 32-bit ioctls have their own hook where the kernel has it */
	if (!kernel_has_func("bpf_lsm_file_ioctl_compat"))
		bpf_program__set_autoload(skel->progs.guard_ioctl_compat, false);
	ret = guard__load(skel);
	if (ret) {
		msg("cannot load the BPF programs: %s", strerror(-ret));
		goto out;
	}

	/* the LSM hooks first (the map is empty), then the lock events */
	skel->links.guard_ioctl = bpf_program__attach(skel->progs.guard_ioctl);
	skel->links.guard_permission = bpf_program__attach(skel->progs.guard_permission);
	if (bpf_program__autoload(skel->progs.guard_ioctl_compat))
		skel->links.guard_ioctl_compat =
			bpf_program__attach(skel->progs.guard_ioctl_compat);
	if (!skel->links.guard_ioctl || !skel->links.guard_permission ||
	    (bpf_program__autoload(skel->progs.guard_ioctl_compat) &&
	     !skel->links.guard_ioctl_compat)) {
		msg("cannot attach the LSM programs: %s", strerror(errno));
		goto out;
	}
	skel->links.guard_lock_event = bpf_program__attach(skel->progs.guard_lock_event);
	if (!skel->links.guard_lock_event) {
		msg("cannot attach to discburn_guard_lock: %s", strerror(errno));
		goto out;
	}
	/* locks taken before we listened */
	ret = write_param("sync");
	if (ret) {
		msg("cannot replay the locks through %s: %s", GUARD_PARAM, strerror(-ret));
		goto out;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.refusals), on_refusal, NULL, NULL);
	if (!rb) {
		msg("cannot open the refusal ring: %s", strerror(errno));
		goto out;
	}

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	printf("discburn-guard: on\n");
	fflush(stdout);
	sd_notify_ready();

	while (!stop) {
		ret = ring_buffer__poll(rb, 500);
		if (ret < 0 && ret != -EINTR) {
			msg("ring buffer: %s", strerror(-ret));
			goto out;
		}
	}
	ring_buffer__consume(rb);
	status = 0;
out:
	if (!status || verbose)
		print_stats(skel);
	ring_buffer__free(rb);
	guard__destroy(skel);
	if (!status)
		msg("off");
	return status;
}
