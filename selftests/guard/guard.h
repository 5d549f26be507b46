/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the guard selftests (Documentation/guard.rst): start and stop
 * build/bin/discburn-guard, read its refusal log, send SCSI commands the
 * ways other tools do (SG_IO on srN, sgN and bsg, sg's write interface),
 * and a holder: another process that takes the lock and keeps it until
 * told otherwise.
 */
#ifndef _DISCBURN_SELFTEST_GUARD_H
#define _DISCBURN_SELFTEST_GUARD_H

#include <stdarg.h>
#include <linux/bsg.h>
#include <linux/cdrom.h>
#include <linux/fs.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>
#include <sys/mman.h>
#include <sys/mount.h>

#include "../core/burn.h"

#define GUARD_PARAM	"/sys/module/discburn/parameters/guard"
#define LSM_LIST	"/sys/kernel/security/lsm"

struct guard {
	pid_t pid;
	char log[64];
};

/* 1: the kernel runs the BPF LSM; 0: it does not; -errno: cannot tell */
static inline int guard_bpf_lsm(void)
{
	char buf[512];

	if (access(LSM_LIST, R_OK))
		mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL);
	if (st_read(LSM_LIST, buf, sizeof(buf)))
		return -errno;
	return strstr(buf, "bpf") != NULL;
}

static inline int guard_state(char *buf, size_t len)
{
	return st_read(GUARD_PARAM, buf, len);
}

static inline int guard_is_on(void)
{
	char buf[16];

	return !guard_state(buf, sizeof(buf)) && !strcmp(buf, "on");
}

/* Lines of the guard's log that contain @needle */
static inline int guard_log_count(const struct guard *g, const char *needle)
{
	char line[512];
	int n = 0;
	FILE *f = fopen(g->log, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			n++;
	fclose(f);
	return n;
}

/* Wait up to @secs for @n refusal lines containing @needle */
static inline int guard_wait_log(const struct guard *g, const char *needle, int n,
				 double secs)
{
	double t0 = st_now();
	int got;

	while ((got = guard_log_count(g, needle)) < n && st_now() - t0 < secs)
		st_msleep(50);
	return got;
}

/*
 * Start the guard, its output in a log under /tmp; 0 once it says it is on,
 * -ENOENT when the binary is missing (a failure, not a skip), else the
 * negated exit status it died with.
 */
static inline int guard_start(struct guard *g)
{
	static unsigned int seq;
	const char *top = getenv("DISCBURN_TOP");
	char bin[PATH_MAX];
	double t0;
	int st;

	snprintf(bin, sizeof(bin), "%s/build/bin/discburn-guard", top ? top : ".");
	if (access(bin, X_OK))
		return -ENOENT;
	snprintf(g->log, sizeof(g->log), "/tmp/discburn-guard-%d-%u.log", getpid(), seq++);
	g->pid = fork();
	if (g->pid < 0)
		return -errno;
	if (!g->pid) {
		int fd = open(g->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(fd, 1);
		dup2(fd, 2);
		execl(bin, "discburn-guard", (char *)NULL);
		_exit(127);
	}
	t0 = st_now();
	while (st_now() - t0 < 60) {
		if (guard_log_count(g, "discburn-guard: on"))
			return 0;
		if (waitpid(g->pid, &st, WNOHANG) == g->pid) {
			g->pid = 0;
			return WIFEXITED(st) ? -WEXITSTATUS(st) : -EINTR;
		}
		st_msleep(20);
	}
	return -ETIMEDOUT;
}

/* Stop it with @sig; its exit status, 128+signal if killed, -1 if not running */
static inline int guard_stop(struct guard *g, int sig)
{
	int st;

	if (g->pid <= 0)
		return -1;
	kill(g->pid, sig);
	if (waitpid(g->pid, &st, 0) != g->pid)
		return -1;
	g->pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ---- commands, sent as other tools send them ---- */

/* bsg nodes take SG_IO in its v4 form; on_node() sets this per node */
static int guard_bsg_node;

static inline int sgio_v4(int fd, const unsigned char *cdb, int cdb_len, int dir,
			  void *buf, unsigned int len)
{
	unsigned char sense[32];
	struct sg_io_v4 io = {
		.guard = 'Q',
		.protocol = BSG_PROTOCOL_SCSI,
		.subprotocol = BSG_SUB_PROTOCOL_SCSI_CMD,
		.request_len = cdb_len,
		.request = (uintptr_t)cdb,
		.max_response_len = sizeof(sense),
		.response = (uintptr_t)sense,
		.timeout = 20000,
	};

	if (dir == SG_DXFER_TO_DEV) {
		io.dout_xfer_len = len;
		io.dout_xferp = (uintptr_t)buf;
	} else if (dir == SG_DXFER_FROM_DEV) {
		io.din_xfer_len = len;
		io.din_xferp = (uintptr_t)buf;
	}
	return ioctl(fd, SG_IO, &io) ? -errno : (int)io.device_status;
}

/* SG_IO: -errno when the ioctl fails, else the SCSI status (0 GOOD) */
static inline int sgio(int fd, const unsigned char *cdb, int cdb_len, int dir,
		       void *buf, unsigned int len)
{
	unsigned char sense[32];
	struct sg_io_hdr io = {
		.interface_id = 'S',
		.dxfer_direction = dir,
		.cmd_len = cdb_len,
		.mx_sb_len = sizeof(sense),
		.dxfer_len = len,
		.dxferp = buf,
		.cmdp = (unsigned char *)cdb,
		.sbp = sense,
		.timeout = 20000,
	};

	if (guard_bsg_node)
		return sgio_v4(fd, cdb, cdb_len, dir, buf, len);
	return ioctl(fd, SG_IO, &io) ? -errno : io.status;
}

static inline int cmd_tur(int fd)
{
	static const unsigned char cdb[6] = { 0x00 };

	return sgio(fd, cdb, 6, SG_DXFER_NONE, NULL, 0);
}

static inline int cmd_inquiry(int fd)
{
	static const unsigned char cdb[6] = { 0x12, 0, 0, 0, 96, 0 };
	unsigned char buf[96];

	return sgio(fd, cdb, 6, SG_DXFER_FROM_DEV, buf, sizeof(buf));
}

/* WRITE(10) of one 2048-byte sector of 0xA5 at LBA 0 */
static inline int cmd_write10(int fd)
{
	static const unsigned char cdb[10] = { 0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
	unsigned char buf[2048];

	memset(buf, 0xa5, sizeof(buf));
	return sgio(fd, cdb, 10, SG_DXFER_TO_DEV, buf, sizeof(buf));
}

/* sg's v3 write()/read() interface: TEST UNIT READY; -errno or status */
static inline int cmd_sg_write_tur(int fd)
{
	unsigned char cdb[6] = { 0 }, sense[32];
	struct sg_io_hdr io = {
		.interface_id = 'S',
		.dxfer_direction = SG_DXFER_NONE,
		.cmd_len = 6,
		.mx_sb_len = sizeof(sense),
		.cmdp = cdb,
		.sbp = sense,
		.timeout = 20000,
	};

	if (write(fd, &io, sizeof(io)) < 0)
		return -errno;
	if (read(fd, &io, sizeof(io)) < 0)
		return -errno;
	return io.status;
}

/* Open @path with @flags, run @fn on it: its result, or -errno of the open */
static inline int on_node(const char *path, int flags, int (*fn)(int fd))
{
	int fd = open(path, flags | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	guard_bsg_node = !strncmp(path, "/dev/bsg/", 9);
	ret = fn(fd);
	guard_bsg_node = 0;
	close(fd);
	return ret;
}

/* The recorder's sgN and bsg nodes, from sysfs */
static inline int guard_nodes(const struct emu *e, char *sg, size_t sglen,
			      char *bsg, size_t bsglen)
{
	char path[PATH_MAX + 32];
	struct dirent *de;
	DIR *d;

	if (!e->sgdev[0])
		return -ENOENT;
	snprintf(sg, sglen, "%s", e->sgdev);
	snprintf(path, sizeof(path), "%s/device/bsg", e->recdir);
	d = opendir(path);
	if (!d)
		return -ENOENT;
	bsg[0] = 0;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			snprintf(bsg, bsglen, "/dev/bsg/%.64s", de->d_name);
	closedir(d);
	return bsg[0] ? 0 : -ENOENT;
}

/* ---- another process that holds the lock ---- */

struct holder {
	pid_t pid;
	int ctl;	/* write 'u' to unlock; close to end the holder */
	int ack;
};

/* Fork a process that locks @e and waits; 0 once it holds the lock */
static inline int holder_start(struct holder *h, const struct emu *e)
{
	int to[2], from[2];
	char c;

	if (pipe2(to, O_CLOEXEC) || pipe2(from, O_CLOEXEC))
		return -errno;
	h->pid = fork();
	if (h->pid < 0)
		return -errno;
	if (!h->pid) {
		int fd, ret;

		close(to[1]);
		close(from[0]);
		fd = rec_open(e, O_RDWR);
		ret = fd < 0 ? -errno : _rec_lock(fd, "guard holder", 0, NULL);
		c = ret ? 'e' : 'l';
		if (write(from[1], &c, 1) != 1)
			_exit(1);
		while (read(to[0], &c, 1) == 1) {
			if (c == 'u') {
				c = _rec_unlock(fd, 0, NULL) ? 'e' : 'u';
				if (write(from[1], &c, 1) != 1)
					_exit(1);
			}
		}
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	h->ctl = to[1];
	h->ack = from[0];
	if (read(h->ack, &c, 1) != 1 || c != 'l')
		return -EIO;
	return 0;
}

static inline int holder_unlock(struct holder *h)
{
	char c = 'u';

	if (write(h->ctl, &c, 1) != 1 || read(h->ack, &c, 1) != 1)
		return -EIO;
	return c == 'u' ? 0 : -EIO;
}

/* End the holder: by closing its control pipe, or by @sig if non-zero */
static inline void holder_stop(struct holder *h, int sig)
{
	if (h->pid <= 0)
		return;
	if (sig)
		kill(h->pid, sig);
	close(h->ctl);
	close(h->ack);
	waitpid(h->pid, NULL, 0);
	h->pid = 0;
}

/* Run @fn(@arg) in a child process; its result (0 or -errno, > -126) */
static inline int in_child(int (*fn)(const char *path), const char *arg)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -errno;
	if (!pid)
		_exit(-fn(arg) & 0x7f);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? -WEXITSTATUS(st) : -EINTR;
}

/* Run a shell command, output (stdout+stderr) into @out; its exit status */
static inline int run_out(char *out, size_t len, const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	size_t n;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	n = fread(out, 1, len - 1, p);
	out[n] = 0;
	while (fread(cmd, 1, sizeof(cmd), p) > 0)
		;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#endif /* _DISCBURN_SELFTEST_GUARD_H */
