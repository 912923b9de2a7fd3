/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one way text reaches the screen: logical UTF-8 in, cells out, for a
 * given width and paragraph direction.  FriBidi resolves the embedding
 * levels (with brackets), joins and shapes Arabic to presentation forms
 * (lam-alef ligatures included) and reorders the line; widths are
 * measured with wcwidth after shaping; a line too long is cut in logical
 * order and ends with "…" where the reader expects it.  In terminal mode
 * the text stays logical and unshaped, for terminals that reorder
 * themselves and for screen readers. */
#ifndef MUDAWALA_TEXT_BIDI_H
#define MUDAWALA_TEXT_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum text_dir {
	TEXT_DIR_AUTO,          /* the first strong character decides */
	TEXT_DIR_LTR,
	TEXT_DIR_RTL,
};

enum text_mode {
	TEXT_MODE_APP,          /* reordered and shaped here */
	TEXT_MODE_TERMINAL,     /* logical and unshaped */
};

#define TEXT_CELL_MARKS 4

/* One character cell of the screen, left to right. */
struct text_cell {
	uint32_t base;                          /* as drawn (shaped) */
	uint32_t marks[TEXT_CELL_MARKS];        /* combining marks on it */
	int nmarks;
	int width;                              /* 1, or 2 for a wide one */
	size_t logical;         /* index of base in the logical code points */
};

struct text_layout {
	struct text_cell *cells;
	size_t n;
	int width;              /* columns used, at most the width asked */
	bool rtl;               /* the paragraph direction, resolved */
	bool cut;               /* the text did not fit and ends with "…" */
};

/*
 * Lay out one line (no control characters: see text_one_line()) in at
 * most width columns.  An AUTO paragraph with no strong character takes
 * fallback's direction.  Free with text_layout_free().
 */
void text_layout(const char *utf8, int width, enum text_dir dir,
    enum text_dir fallback, enum text_mode mode, struct text_layout *out);
void text_layout_free(struct text_layout *l);

/* The cells as UTF-8, left to right (caller frees). */
char *text_layout_utf8(const struct text_layout *l);

/* Whether the text holds a right-to-left letter (Arabic, Hebrew...). */
bool text_has_rtl(const char *utf8);

/* Whether the text holds a letter of any direction (not only digits,
 * punctuation and spaces). */
bool text_has_letter(const char *utf8);

/* The column (from the left) where logical index i is drawn, for the
 * cursor; past the end: the column after the text in reading order. */
int text_layout_column(const struct text_layout *l, size_t logical);

#endif
