/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The error type carried through core: a status plus one line of text that
 * names the file, line and field at fault.  Core never prints and never
 * exits; the caller decides what to do with the message. */
#ifndef MUDAWALA_ERROR_H
#define MUDAWALA_ERROR_H

#include <stdbool.h>
#include <stddef.h>

enum mw_status {
	MW_OK = 0,
	MW_FAIL = 1,     /* bad input, refused action, I/O failure */
	MW_USAGE = 2,    /* the command line itself is wrong */
};

struct mw_error {
	enum mw_status status;
	char msg[1024];
};

/*
 * Record a failure in *err (which may be NULL) with a printf-style message
 * and return -1, so that callers can write `return error_set(err, ...);`.
 * A message longer than the buffer is cut at a UTF-8 boundary.
 */
int error_set(struct mw_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like error_set() with status MW_USAGE. */
int error_usage(struct mw_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Forget any recorded failure. */
void error_clear(struct mw_error *err);

/*
 * The system's error e in the language of the messages: the errors a
 * person meets with files (no such file, permission, read-only, full
 * disk...) from our own catalogue, which has Arabic where the C
 * library's has none; the others as the C library says them.
 */
const char *error_text(int e);

/* Print "mudawala: MSG" on stderr and abort, restoring nothing: only for
 * out-of-memory and impossible states.  The UI installs a hook that ends
 * curses mode first. */
_Noreturn void fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Called by fatal() before it prints, e.g. to call endwin(). */
extern void (*fatal_hook)(void);

/* malloc/calloc/realloc/strdup that never return NULL (fatal() instead). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
