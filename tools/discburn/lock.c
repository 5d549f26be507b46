// SPDX-License-Identifier: GPL-2.0
/*
 * discburn lock DEV --client NAME [--ignore-volume] [-- CMD ARGS...]
 *
 * Takes the recorder's exclusive lock (AcquireExclusiveAccess) and holds
 * it while CMD runs, or until SIGINT/SIGTERM/SIGHUP without CMD. The lock
 * lives in this process's open file, which CMD does not inherit: if this
 * process dies, the driver releases the lock.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

static int run_command(char *argv[], const sigset_t *orig)
{
	sigset_t set;
	pid_t child;
	int sig, status;

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
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	for (;;) {
		sig = sigwaitinfo(&set, NULL);
		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			kill(child, sig);	/* pass it on; CMD decides */
			continue;
		}
		if (waitpid(child, &status, WNOHANG) == child)
			break;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

static int wait_for_signal(void)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	do
		sig = sigwaitinfo(&set, NULL);
	while (sig < 0);
	return sig;
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
	int c, i, ret, rc;

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

	if (command) {
		rc = run_command(command, &orig);
	} else {
		wait_for_signal();
		rc = EXIT_OK;
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
		 "Exit 4 if another client holds the recorder.\n",
};
