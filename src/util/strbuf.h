/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A growable byte string, always NUL-terminated. */
#ifndef MUDAWALA_STRBUF_H
#define MUDAWALA_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;   /* owned; "" until something is added */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_reset(struct strbuf *sb);
/* The contents (never NULL); valid until the next change. */
const char *strbuf_str(const struct strbuf *sb);
/* Hand the buffer to the caller (who frees it) and reset sb. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

#endif
