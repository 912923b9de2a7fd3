/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/i18n.h"

void (*fatal_hook)(void);

/* Cut s (NUL-terminated, len bytes) back to a UTF-8 boundary. */
static void
trim_utf8(char *s, size_t len)
{
	while (len > 0 && ((unsigned char)s[len - 1] & 0xC0) == 0x80)
		len--;
	if (len > 0 && ((unsigned char)s[len - 1] & 0x80) != 0)
		len--;
	s[len] = '\0';
}

static int
error_vset(struct mw_error *err, enum mw_status status, const char *fmt,
    va_list ap)
{
	int n;

	if (err == NULL)
		return -1;
	err->status = status;
	n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	if (n < 0)
		snprintf(err->msg, sizeof err->msg, "%s", fmt);
	else if ((size_t)n >= sizeof err->msg)
		trim_utf8(err->msg, sizeof err->msg - 1);
	return -1;
}

int
error_set(struct mw_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, MW_FAIL, fmt, ap);
	va_end(ap);
	return -1;
}

int
error_usage(struct mw_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, MW_USAGE, fmt, ap);
	va_end(ap);
	return -1;
}

void
error_clear(struct mw_error *err)
{
	if (err != NULL) {
		err->status = MW_OK;
		err->msg[0] = '\0';
	}
}

_Noreturn void
fatal(const char *fmt, ...)
{
	va_list ap;

	if (fatal_hook != NULL)
		fatal_hook();
	fputs("mudawala: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
		fatal("out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		fatal("out of memory");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n == 0 ? 1 : n);
	if (p == NULL)
		fatal("out of memory");
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		fatal("out of memory");
	return p;
}

const char *
error_text(int e)
{
	switch (e) {
	case ENOENT:
		return _("no such file or folder");
	case EACCES:
	case EPERM:
		return _("permission denied");
	case EROFS:
		return _("the file system is read-only");
	case ENOSPC:
		return _("no space left on the disk");
	case EDQUOT:
		return _("the disk quota is exceeded");
	case EEXIST:
		return _("the file already exists");
	case EISDIR:
		return _("it is a folder");
	case ENOTDIR:
		return _("a part of the path is not a folder");
	case ENAMETOOLONG:
		return _("the file name is too long");
	case EIO:
		return _("input/output error (the disk or the medium)");
	case ELOOP:
		return _("too many symbolic links");
	}
	return strerror(e);
}
