/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Display width of UTF-8 text in terminal columns, measured as ncurses
 * measures it (the C library's wcwidth). */
#ifndef MUDAWALA_TEXT_WIDTH_H
#define MUDAWALA_TEXT_WIDTH_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

/* Columns that s takes on one line (controls count as one replacement).
 * With ligatures on (text shaped on screen, src/text/bidi.c), a lam and
 * the alef after it count as the one cell of their ligature. */
size_t text_width(const char *s);
void text_width_ligatures(bool on);

/*
 * Append s to sb fit into exactly `width` columns: cut at a character
 * boundary with "…" when too wide (combining marks stay with their base),
 * then padded with spaces; with right_align the padding goes first.
 * s should already be one line (text_one_line).
 */
void text_fit(struct strbuf *sb, const char *s, size_t width, int right_align);

/*
 * Append a horizontal bar for value on a scale of 0 to max, at most width
 * columns long, in block elements with eighths of a cell (U+2588,
 * U+2589..U+258F): width * value / max columns, rounded to the nearest
 * eighth.  Nothing for a NaN, a negative width or a max of 0.  For a bar
 * drawn right to left (rtl), whole and half cells: the right half block
 * is the only partial one anchored at the far end.
 */
void text_bar(struct strbuf *sb, double value, double max, int width,
    bool rtl);

#endif
