/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The typeface of the documents mudawala draws (certificates, the PDF
 * minutes), Amiri, an Arabic Naskh with a Latin companion, and what both
 * documents draw with it. */
#ifndef MUDAWALA_TYPEFACE_H
#define MUDAWALA_TYPEFACE_H

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>

#include "core/sink.h"
#include "util/error.h"

#define TYPEFACE "Amiri"

/* 0 if Pango finds the typeface; else -1 saying which package to
 * install. */
int typeface_check(struct mw_error *err);

/* A paragraph of text (or Pango markup, if markup) in the typeface at
 * size points, wrapped to width (-1: one line); its direction follows
 * its text, and left alignment is flipped for a right-to-left one.  The
 * caller unrefs it. */
PangoLayout *typeface_layout(cairo_t *cr, const char *text, bool markup,
    double size, bool bold, double width);

/* A cairo_write_func_t into a sink (closure): a PDF surface made with it
 * writes the document as it is drawn. */
cairo_status_t typeface_to_sink(void *closure, const unsigned char *data,
    unsigned int len);

#endif
