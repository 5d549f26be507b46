// SPDX-License-Identifier: GPL-2.0
/*
 * stall FILE [PERIOD_MS STALL_MS]: copy FILE to standard output as fast as
 * the reader takes it, but stop for STALL_MS (default 250) every PERIOD_MS
 * (default 2000) of wall time: the stalling source of the rated-speed
 * benchmark (tools/bench/run, Documentation/bench.rst).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	static char buf[CHUNK];
	long long period = 2000, stall = 250, next;
	struct timespec ts;
	ssize_t n, w, off;
	int fd;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: stall FILE [PERIOD_MS STALL_MS]\n");
		return 2;
	}
	if (argc > 2)
		period = atoll(argv[2]);
	if (argc > 3)
		stall = atoll(argv[3]);
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "stall: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	next = now_ms() + period;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "stall: read: %s\n", strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		for (off = 0; off < n; off += w) {
			w = write(STDOUT_FILENO, buf + off, n - off);
			if (w < 0 && errno == EINTR)
				w = 0;
			else if (w < 0)
				return 1;
		}
		if (now_ms() >= next) {
			ts.tv_sec = stall / 1000;
			ts.tv_nsec = (stall % 1000) * 1000000;
			nanosleep(&ts, NULL);
			next = now_ms() + period;
		}
	}
	return 0;
}
