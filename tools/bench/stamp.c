// SPDX-License-Identifier: GPL-2.0
/*
 * stamp: copy standard input to standard output line by line, each line
 * prefixed with CLOCK_MONOTONIC in nanoseconds and a space, taken when the
 * line arrived. The progress-latency benchmark puts it behind
 * `discburn monitor --json`.
 *
 * stamp -n: print CLOCK_MONOTONIC in nanoseconds once, the clock of the
 * emulator's first_write_ns/last_write_ns.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	char line[65536];

	if (argc == 2 && !strcmp(argv[1], "-n")) {
		printf("%lld\n", now_ns());
		return 0;
	}
	if (argc != 1) {
		fprintf(stderr, "usage: stamp [-n]\n");
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		printf("%lld %s", now_ns(), line);
		fflush(stdout);
	}
	return 0;
}
