// SPDX-License-Identifier: GPL-2.0
/*
 * discburn lock DEV --client NAME [--ignore-volume] [-- CMD ARGS...]
 *
 * Takes the recorder's exclusive lock (AcquireExclusiveAccess) and holds
 * it while CMD runs, or until SIGINT/SIGTERM/SIGHUP without CMD. The lock
 * lives in this process's open file, which CMD does not inherit: if this
 * process dies, the driver releases the lock. If the drive is removed the
 * driver reports POLLHUP on that file: CMD is ended (SIGTERM, SIGKILL after
 * a grace period) and the exit status is EXIT_NODEV.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <poll.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define GRACE_SECONDS	5	/* after SIGTERM, before SIGKILL */

/* What ended a wait: a signal (its number), the drive gone, or the timeout. */
enum { WAIT_GONE = 0, WAIT_TIMEOUT = -1 };

/*
 * Wait for one of the blocked signals of @sfd, or for the recorder's file
 * @recfd to report POLLHUP/POLLERR (the drive was removed: the driver says
 * so on every open file, and the lock went with it). @recfd -1: signals
 * only. @timeout_ms -1: no timeout.
 */
static int wait_event(int sfd, int recfd, int timeout_ms)
{
	struct pollfd pfd[2] = {
		{ .fd = sfd, .events = POLLIN },
		{ .fd = recfd },
	};
	struct signalfd_siginfo si;
	int n;

	for (;;) {
		n = poll(pfd, 2, timeout_ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return WAIT_TIMEOUT;
		if (pfd[1].revents & (POLLHUP | POLLERR | POLLNVAL))
			return WAIT_GONE;
		if ((pfd[0].revents & POLLIN) && read(sfd, &si, sizeof(si)) == sizeof(si))
			return (int)si.ssi_signo;
	}
}

static void say_gone(struct discburn_recorder *rec, const char *cmd)
{
	fprintf(stderr, "%s lock: %s: the recorder is gone (unplugged or removed); "
		"the lock went with it%s%s%s\n", program_name, discburn_recorder_get_path(rec),
		cmd ? ", ending '" : "", cmd ? cmd : "", cmd ? "'" : "");
}

/* SIGTERM, a grace period, then SIGKILL; returns CMD's wait status. */
static int end_command(pid_t child, int sfd)
{
	struct timespec t0, now;
	int status, left;

	kill(child, SIGTERM);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (waitpid(child, &status, WNOHANG) == child)
			return status;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = GRACE_SECONDS * 1000 - (int)((now.tv_sec - t0.tv_sec) * 1000 +
						    (now.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			break;
		wait_event(sfd, -1, left);
	}
	fprintf(stderr, "%s lock: '%d' did not end within %d s of SIGTERM: SIGKILL\n",
		program_name, (int)child, GRACE_SECONDS);
	kill(child, SIGKILL);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/*
 * Run CMD and wait for it, passing SIGINT/SIGTERM/SIGHUP on. If the drive
 * goes away meanwhile, CMD is ended and *@gone set.
 */
static int run_command(struct discburn_recorder *rec, char *argv[], const sigset_t *orig,
		       int sfd, bool *gone)
{
	pid_t child;
	int ev, status;

	child = fork();
	if (child < 0) {
		fprintf(stderr, "%s lock: cannot start '%s': %s\n", program_name, argv[0],
			strerror(errno));
		return EXIT_FAIL;
	}
	if (child == 0) {
		sigprocmask(SIG_SETMASK, orig, NULL);
		execvp(argv[0], argv);
		fprintf(stderr, "%s lock: cannot run '%s': %s\n", program_name, argv[0],
			strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	for (;;) {
		ev = wait_event(sfd, discburn_recorder_get_fd(rec), -1);
		if (ev == WAIT_GONE) {
			*gone = true;
			say_gone(rec, argv[0]);
			status = end_command(child, sfd);
			break;
		}
		if (ev == SIGCHLD) {
			if (waitpid(child, &status, WNOHANG) == child)
				break;
			continue;
		}
		if (ev > 0)
			kill(child, ev);	/* pass it on; CMD decides */
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

/* Hold the lock until a signal, or until the drive goes (*@gone). */
static void wait_for_signal(struct discburn_recorder *rec, int sfd, bool *gone)
{
	int ev;

	do
		ev = wait_event(sfd, discburn_recorder_get_fd(rec), -1);
	while (ev == SIGCHLD || ev == WAIT_TIMEOUT);
	if (ev == WAIT_GONE) {
		*gone = true;
		say_gone(rec, NULL);
	}
}

static void print_json(struct discburn_recorder *rec, const char *name, bool force,
		       const char *state, int exit_status)
{
	struct json j;

	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_string(&j, "device", discburn_recorder_get_path(rec));
	json_string(&j, "client", name);
	json_bool(&j, "ignore_volume", force);
	json_int(&j, "pid", getpid());
	json_string(&j, "state", state);
	if (exit_status >= 0)
		json_int(&j, "command_status", exit_status);
	json_object_end(&j);
	json_finish(&j);
}

static int do_lock(struct discburn_ctx *ctx, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "client", required_argument, NULL, 'c' },
		{ "ignore-volume", no_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const struct discburn_cmd *cmd = &discburn_cmd_lock;
	const char *device, *name = NULL;
	struct discburn_recorder *rec;
	bool json = false, force = false;
	char **command = NULL;
	sigset_t set, orig;
	bool gone = false;
	int c, i, ret, rc, sfd;

	/* Split at the first "--": options and DEV before, CMD after. */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			command = argv + i + 1;
			argv[i] = NULL;
			argc = i;
			break;
		}
	}
	optind = 0;	/* 0: full re-initialisation of glibc getopt */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			name = optarg;
			break;
		case 'i':
			force = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			cli_usage(cmd, stdout);
			return EXIT_OK;
		case ':':
			return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error(cmd, "missing DEV (/dev/discburnN, N or srN)");
	if (optind + 1 < argc)
		return cli_usage_error(cmd, "unexpected argument '%s' (put the command after '--')",
				       argv[optind + 1]);
	device = argv[optind];
	if (!name)
		return cli_usage_error(cmd, "missing --client NAME (who holds the lock, shown to others)");
	if (!discburn_client_name_valid(name))
		return cli_usage_error(cmd, "client name '%s' is not valid: use 1-%d characters "
				       "of 0-9 A-Z a-z, space and . , : ; _ -", name,
				       DISCBURN_CLIENT_NAME_MAX);
	if (command && !command[0])
		return cli_usage_error(cmd, "missing command after '--'");

	ret = cli_open(ctx, device, &rec);
	if (ret)
		return ret;

	/* Block the signals before locking so none is lost in between. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &orig);

	ret = discburn_recorder_acquire_exclusive(rec, force, name);
	if (DISCBURN_FAILED(ret)) {
		rc = cli_fail(rec, device, "lock", ret);
		goto out_unref;
	}
	if (json && !command)
		print_json(rec, name, force, "locked", -1);
	else if (!json)
		fprintf(stderr, "%s: %s locked for '%s'%s\n", program_name,
			discburn_recorder_get_path(rec), name,
			command ? "" : "; Ctrl-C or SIGTERM releases it");

	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0) {
		fprintf(stderr, "%s lock: signalfd: %s\n", program_name, strerror(errno));
		rc = EXIT_FAIL;
		goto out_unref;
	}
	if (command) {
		rc = run_command(rec, command, &orig, sfd, &gone);
	} else {
		wait_for_signal(rec, sfd, &gone);
		rc = EXIT_OK;
	}
	close(sfd);

	if (gone) {
		/* nothing left to release: the driver dropped the lock with the drive */
		if (json)
			print_json(rec, name, force, "gone", command ? rc : -1);
		rc = EXIT_NODEV;
		goto out_unref;
	}
	ret = discburn_recorder_release_exclusive(rec);
	if (DISCBURN_FAILED(ret)) {
		int r = cli_fail(rec, device, "unlock", ret);

		if (!command)
			rc = r;
	} else if (json && command) {
		print_json(rec, name, force, "released", rc);
	}

out_unref:
	discburn_recorder_unref(rec);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	return rc;
}

const struct discburn_cmd discburn_cmd_lock = {
	.name = "lock",
	.fn = do_lock,
	.args = "DEV --client NAME [--ignore-volume] [--json] [-- CMD [ARGS...]]",
	.help = "hold the recorder's exclusive lock while CMD runs, or until a signal",
	.usage = "Options:\n"
		 "  -c, --client NAME  who holds the lock (1-63 of 0-9 A-Z a-z space .,:;_-),\n"
		 "                     shown to everyone else\n"
		 "  --ignore-volume    lock even if a file system from the disc is mounted\n"
		 "  --json             one JSON object on stdout {device, client, ignore_volume,\n"
		 "                     pid, state}: without CMD as soon as the lock is held\n"
		 "                     (state \"locked\"), with CMD after it ends (state\n"
		 "                     \"released\", command_status)\n"
		 "  -h, --help         this text\n"
		 "Without CMD the lock is held until SIGINT, SIGTERM or SIGHUP (exit 0).\n"
		 "With CMD, signals are passed on to CMD and the exit status is CMD's\n"
		 "(128+N if it died of signal N, 127 if it could not be found).\n"
		 "If the recorder is removed meanwhile, CMD gets SIGTERM (SIGKILL 5 s\n"
		 "later) and the exit status is 3 (--json: state \"gone\").\n"
		 "Exit 4 if another client holds the recorder.\n",
};
