// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library context: reference count and logging, as libkmod's kmod_ctx.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct discburn_ctx {
	int refcount;
	discburn_log_fn log_fn;
	void *userdata;
	int log_priority;
};

static void log_stderr(struct discburn_ctx *ctx, int priority, const char *file,
		       int line, const char *fn, const char *format, va_list args)
{
	fprintf(stderr, "libdiscburn: %s: ", fn);
	vfprintf(stderr, format, args);
}

/**
 * discburn_log_priority_from_string() - parse DISCBURN_LOG
 * @s: "err", "info", "debug" or a number 0..7
 *
 * Return: the syslog priority, or -1 if @s means nothing.
 */
int discburn_log_priority_from_string(const char *s)
{
	char *end;
	long prio;

	if (!s || !*s)
		return -1;
	errno = 0;
	prio = strtol(s, &end, 10);
	if (!errno && end != s && (*end == '\0' || isspace((unsigned char)*end)))
		return prio >= 0 && prio <= LOG_DEBUG ? (int)prio : -1;
	if (!strncmp(s, "err", 3))
		return LOG_ERR;
	if (!strncmp(s, "warn", 4))
		return LOG_WARNING;
	if (!strncmp(s, "info", 4))
		return LOG_INFO;
	if (!strncmp(s, "debug", 5))
		return LOG_DEBUG;
	return -1;
}

void discburn_log(struct discburn_ctx *ctx, int priority, const char *file,
		  int line, const char *fn, const char *format, ...)
{
	va_list args;

	if (!ctx->log_fn)
		return;
	va_start(args, format);
	ctx->log_fn(ctx, priority, file, line, fn, format, args);
	va_end(args);
}

DISCBURN_EXPORT int discburn_new(struct discburn_ctx **ctx)
{
	struct discburn_ctx *c;
	int prio;

	if (!ctx)
		return DISCBURN_STATUS(DISCBURN_E_POINTER);
	c = calloc(1, sizeof(*c));
	if (!c)
		return DISCBURN_STATUS(DISCBURN_E_OUTOFMEMORY);
	c->refcount = 1;
	c->log_fn = log_stderr;
	c->log_priority = LOG_ERR;
	prio = discburn_log_priority_from_string(secure_getenv("DISCBURN_LOG"));
	if (prio >= 0)
		c->log_priority = prio;
	dbg(c, "context %p created\n", (void *)c);
	*ctx = c;
	return 0;
}

DISCBURN_EXPORT struct discburn_ctx *discburn_ref(struct discburn_ctx *ctx)
{
	if (ctx)
		ctx->refcount++;
	return ctx;
}

DISCBURN_EXPORT struct discburn_ctx *discburn_unref(struct discburn_ctx *ctx)
{
	if (!ctx)
		return NULL;
	if (--ctx->refcount > 0)
		return NULL;
	dbg(ctx, "context %p released\n", (void *)ctx);
	free(ctx);
	return NULL;
}

DISCBURN_EXPORT void discburn_set_log_fn(struct discburn_ctx *ctx,
					 discburn_log_fn log_fn, void *data)
{
	if (!ctx)
		return;
	ctx->log_fn = log_fn;
	ctx->userdata = data;
}

DISCBURN_EXPORT int discburn_get_log_priority(struct discburn_ctx *ctx)
{
	return ctx ? ctx->log_priority : 0;
}

DISCBURN_EXPORT void discburn_set_log_priority(struct discburn_ctx *ctx, int priority)
{
	if (ctx)
		ctx->log_priority = priority;
}

DISCBURN_EXPORT void *discburn_get_userdata(struct discburn_ctx *ctx)
{
	return ctx ? ctx->userdata : NULL;
}

DISCBURN_EXPORT void discburn_set_userdata(struct discburn_ctx *ctx, void *data)
{
	if (ctx)
		ctx->userdata = data;
}
