/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Wrapping text into lines of a given width at the places Unicode allows
 * a line break (libunistring), for the reader's long summaries. */
#ifndef MUDAWALA_TEXT_WRAP_H
#define MUDAWALA_TEXT_WRAP_H

#include <stddef.h>

struct wrapped {
	char **lines;           /* each one line, owned */
	size_t n;
};

/*
 * Break s into lines of at most width columns: at line-break
 * opportunities, at hard newlines, and inside a word only when a word is
 * wider than the line.  Controls become spaces or U+FFFD.  Free with
 * text_wrapped_free().
 */
void text_wrap(const char *s, size_t width, struct wrapped *out);
void text_wrapped_free(struct wrapped *w);

#endif
