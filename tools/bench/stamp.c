// SPDX-License-Identifier: GPL-2.0
/*
 * stamp: copy standard input to standard output line by line, each line
 * prefixed with CLOCK_MONOTONIC in nanoseconds and a space, taken when the
 * line arrived. The progress-latency benchmark puts it behind
 * `discburn monitor --json`.
 */
#include <stdio.h>
#include <time.h>

int main(void)
{
	char line[65536];
	struct timespec ts;

	while (fgets(line, sizeof(line), stdin)) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		printf("%lld %s", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec, line);
		fflush(stdout);
	}
	return 0;
}
