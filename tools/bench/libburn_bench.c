// SPDX-License-Identifier: GPL-2.0
/*
 * libburn_bench DEV IMAGE: burn IMAGE to DEV with libdiscburn's
 * IDiscFormat2Data the way an application would (no CLI in between): the
 * "libdiscburn" row of `make bench`. Prints one JSON line with the status
 * and the library's own elapsed time.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <discburn.h>

int main(int argc, char **argv)
{
	struct discburn_write_progress p = { 0 };
	struct discburn_format_data *data = NULL;
	struct discburn_recorder *rec = NULL;
	struct discburn_ctx *ctx = NULL;
	int ret, fd;

	if (argc != 3) {
		fprintf(stderr, "usage: libburn_bench DEV IMAGE\n");
		return 2;
	}
	fd = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[2]);
		return 1;
	}
	ret = discburn_new(&ctx);
	if (!DISCBURN_FAILED(ret))
		ret = discburn_recorder_new(ctx, argv[1], &rec);
	if (!DISCBURN_FAILED(ret))
		ret = discburn_format_data_new(ctx, &data);
	if (!DISCBURN_FAILED(ret))
		ret = discburn_format_data_put_recorder(data, rec);
	if (!DISCBURN_FAILED(ret))
		ret = discburn_format_data_put_client_name(data, "discburn bench");
	if (!DISCBURN_FAILED(ret))
		ret = discburn_format_data_write(data, fd);
	if (data)
		discburn_format_data_get_last_progress(data, &p);
	printf("{\"status\": %d, \"status_name\": \"%s\", \"bytes\": %llu, \"elapsed_s\": %.6f}\n",
	       ret, discburn_status_name(ret), (unsigned long long)p.bytes_read,
	       (double)p.elapsed_ns / 1e9);
	if (data)
		discburn_format_data_unref(data);
	if (rec)
		discburn_recorder_unref(rec);
	if (ctx)
		discburn_unref(ctx);
	close(fd);
	return DISCBURN_FAILED(ret) ? 1 : 0;
}
