/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The text of a document, page by page: PDF through poppler, plain text
 * as one page.  For the search index and for reading inside the TUI. */
#ifndef MUDAWALA_DOCTEXT_H
#define MUDAWALA_DOCTEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Called for each page, numbered from 1, with its text (UTF-8, NFC, never
 * NULL); a non-zero return stops and is returned. */
typedef int (*doctext_page_fn)(void *ctx, int page, const char *text);

/* Does a document of this MIME type have text we can read? */
bool doctext_readable(const char *mime);

/*
 * Give each page of data (of MIME type mime) to fn.  The number of
 * pages, 0 for a type without text, or -1 for a document that cannot be
 * read (a damaged PDF, a text file that is not UTF-8).
 */
int doctext_pages(const void *data, size_t len, const char *mime,
    doctext_page_fn fn, void *ctx);

#endif
