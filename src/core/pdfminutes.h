/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The minutes of the deliberation as PDF: what the HTML minutes say, laid
 * out on A4 by Cairo and Pango. */
#ifndef MUDAWALA_PDFMINUTES_H
#define MUDAWALA_PDFMINUTES_H

#include <stddef.h>

#include "core/sink.h"
#include "util/error.h"

/*
 * Lay out html -- the minutes as minutes_write() composes them, a small
 * and known set of elements -- as PDF into out: A4, "page N of M" at the
 * foot of every page, tables cut between rows with their header repeated,
 * the bar charts drawn, the Arabic shaped by HarfBuzz in the Amiri face
 * (refused with a clear message when it is missing), fonts embedded.
 * title goes in the document's metadata.
 */
int pdf_minutes_write(const char *html, size_t len, const char *title,
    struct sink *out, struct mw_error *err);

#endif
