/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <fribidi.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <wchar.h>

#include "text/bidi.h"
#include "util/error.h"

#define ELLIPSIS 0x2026

/* FriBidi's arrays for one run of the pipeline. */
struct run {
	FriBidiChar *str;       /* logical, then shaped */
	FriBidiCharType *types;
	FriBidiBracketType *brackets;
	FriBidiLevel *levels;
	FriBidiArabicProp *joining;
	FriBidiStrIndex *map;   /* visual position -> logical index */
	FriBidiChar *visual;
	size_t len;
	bool rtl;
};

static void
run_free(struct run *r)
{
	free(r->str);
	free(r->types);
	free(r->brackets);
	free(r->levels);
	free(r->joining);
	free(r->map);
	free(r->visual);
}

/* Levels, joining and shaping of the logical string; the visual order
 * and its map in app mode. */
static void
run_pipeline(struct run *r, enum text_dir dir, enum text_dir fallback,
    enum text_mode mode)
{
	FriBidiParType base;
	size_t i, n = r->len ? r->len : 1;

	r->types = xcalloc(n, sizeof *r->types);
	r->brackets = xcalloc(n, sizeof *r->brackets);
	r->levels = xcalloc(n, sizeof *r->levels);
	r->joining = xcalloc(n, sizeof *r->joining);
	r->map = xcalloc(n, sizeof *r->map);
	r->visual = xcalloc(n, sizeof *r->visual);
	fribidi_get_bidi_types(r->str, (FriBidiStrIndex)r->len, r->types);
	if (dir == TEXT_DIR_LTR)
		base = FRIBIDI_PAR_LTR;
	else if (dir == TEXT_DIR_RTL)
		base = FRIBIDI_PAR_RTL;
	else {
		base = fribidi_get_par_direction(r->types, (FriBidiStrIndex)r->len);
		/* No strong character: the interface decides. */
		if (base == FRIBIDI_PAR_ON)
			base = fallback == TEXT_DIR_RTL ? FRIBIDI_PAR_RTL :
			    FRIBIDI_PAR_LTR;
	}
	fribidi_get_bracket_types(r->str, (FriBidiStrIndex)r->len, r->types,
	    r->brackets);
	if (fribidi_get_par_embedding_levels_ex(r->types, r->brackets,
	    (FriBidiStrIndex)r->len, &base, r->levels) == 0)
		memset(r->levels, 0, n * sizeof *r->levels);
	r->rtl = FRIBIDI_IS_RTL(base);
	for (i = 0; i < r->len; i++)
		r->map[i] = (FriBidiStrIndex)i;
	if (mode == TEXT_MODE_TERMINAL) {
		memcpy(r->visual, r->str, r->len * sizeof *r->str);
		return;
	}
	fribidi_get_joining_types(r->str, (FriBidiStrIndex)r->len, r->joining);
	fribidi_join_arabic(r->types, (FriBidiStrIndex)r->len, r->levels,
	    r->joining);
	fribidi_shape(FRIBIDI_FLAG_SHAPE_MIRRORING | FRIBIDI_FLAGS_ARABIC,
	    r->levels, (FriBidiStrIndex)r->len, r->joining, r->str);
	/* FriBidi leaves the hamza, which never joins, in its base form; its
	 * isolated presentation form is U+FE80. */
	for (i = 0; i < r->len; i++)
		if (r->str[i] == 0x0621)
			r->str[i] = 0xFE80;
	memcpy(r->visual, r->str, r->len * sizeof *r->str);
	if (fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, r->types,
	    (FriBidiStrIndex)r->len, 0, base, r->levels, r->visual,
	    r->map) == 0) {
		/* Out of memory inside FriBidi: logical order, still legible. */
		memcpy(r->visual, r->str, r->len * sizeof *r->str);
		for (i = 0; i < r->len; i++)
			r->map[i] = (FriBidiStrIndex)i;
	}
}

/* Drawn as nothing: bidi controls, joiners, the fillers that lam-alef
 * ligatures leave. */
static bool
invisible(FriBidiCharType type, uint32_t c)
{
	return c == 0xFEFF || FRIBIDI_IS_EXPLICIT_OR_BN(type) ||
	    FRIBIDI_IS_ISOLATE(type);
}

static int
columns(uint32_t c)
{
	int w = wcwidth((wchar_t)c);

	return w < 0 ? 1 : w;
}

static void
add_cell(struct text_layout *l, size_t *cap, uint32_t c, int w,
    size_t logical)
{
	struct text_cell *cell;

	if (l->n == *cap) {
		*cap = *cap ? 2 * *cap : 32;
		l->cells = xrealloc(l->cells, *cap * sizeof *l->cells);
	}
	cell = &l->cells[l->n++];
	memset(cell, 0, sizeof *cell);
	cell->base = c;
	cell->width = w;
	cell->logical = logical;
	l->width += w;
}

/* Cells from the visual string: a mark joins the cell before it (REORDER_NSM
 * keeps it after its base), an orphan mark gets a no-break space. */
static void
build_cells(const struct run *r, struct text_layout *l)
{
	size_t i, cap = 0;

	for (i = 0; i < r->len; i++) {
		uint32_t c = r->visual[i];
		size_t li = (size_t)r->map[i];
		int w;

		if (invisible(r->types[li], c))
			continue;
		w = columns(c);
		if (w == 0) {
			struct text_cell *prev = l->n ? &l->cells[l->n - 1] : NULL;

			if (prev == NULL) {
				add_cell(l, &cap, 0xA0, 1, li);
				prev = &l->cells[l->n - 1];
			}
			if (prev->nmarks < TEXT_CELL_MARKS)
				prev->marks[prev->nmarks++] = c;
			continue;
		}
		add_cell(l, &cap, c, w, li);
	}
}

/* The logical prefix that fits in width columns (whole characters with
 * their marks), measured on the shaped text. */
static size_t
fitting_prefix(const struct run *r, int width)
{
	int used = 0;
	size_t i, keep = 0;

	for (i = 0; i < r->len; i++) {
		int w = invisible(r->types[i], r->str[i]) ? 0 : columns(r->str[i]);

		if (w > 0 && used + w > width)
			break;
		used += w;
		keep = i + 1;
	}
	/* A mark never leaves its base; trailing marks of a kept base are
	 * kept with it above, marks after the cut go with the cut. */
	return keep;
}

/*
 * Printable ASCII in a left-to-right paragraph: every level is 0 (no
 * R, AL or AN character, no explicit embedding), so nothing reorders,
 * mirrors or shapes, and each byte is one cell.  Most of a screen is such
 * text (ids, numbers, French titles); this skips FriBidi for it.  Returns
 * false when the full pipeline is needed.
 */
static bool
layout_ascii_ltr(const char *s, int width, enum text_dir dir,
    enum text_dir fallback, struct text_layout *out)
{
	size_t len, keep, i, cap = 0;
	bool strong = false;

	for (len = 0; s[len] != '\0'; len++) {
		unsigned char c = (unsigned char)s[len];

		if (c < 0x20 || c > 0x7E)
			return false;
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			strong = true;
	}
	/* An AUTO paragraph without a letter takes the fallback's side. */
	if (dir == TEXT_DIR_RTL || (dir == TEXT_DIR_AUTO && !strong &&
	    fallback == TEXT_DIR_RTL))
		return false;
	keep = len <= (size_t)width ? len : (size_t)width - 1;
	for (i = 0; i < keep; i++)
		add_cell(out, &cap, (unsigned char)s[i], 1, i);
	if (keep < len) {
		add_cell(out, &cap, ELLIPSIS, columns(ELLIPSIS), keep);
		out->cut = true;
	}
	return true;
}

void
text_layout(const char *utf8, int width, enum text_dir dir,
    enum text_dir fallback, enum text_mode mode, struct text_layout *out)
{
	struct run r = { 0 };
	size_t len = 0, total = 0, i;
	uint32_t *u;

	memset(out, 0, sizeof *out);
	if (width > 0 && layout_ascii_ltr(utf8, width, dir, fallback, out))
		return;
	u = u8_to_u32((const uint8_t *)utf8, strlen(utf8), NULL, &len);
	if (u == NULL || width <= 0) {
		free(u);
		return;
	}
	r.str = xcalloc(len ? len : 1, sizeof *r.str);
	for (i = 0; i < len; i++)
		r.str[i] = u[i];
	r.len = len;
	run_pipeline(&r, dir, fallback, mode);
	for (i = 0; i < r.len; i++)
		if (!invisible(r.types[i], r.str[i]))
			total += (size_t)columns(r.str[i]);
	if (total > (size_t)width) {
		/* Cut in logical order and end with "…", a neutral that takes
		 * the paragraph's direction: it lands where reading ends.
		 * Shaping is contextual (a lam that loses its alef needs a
		 * cell of its own), so measure again until it fits. */
		size_t keep = fitting_prefix(&r, width - 1);
		enum text_dir was = r.rtl ? TEXT_DIR_RTL : TEXT_DIR_LTR;

		for (;;) {
			size_t used = 0;

			run_free(&r);
			memset(&r, 0, sizeof r);
			r.str = xcalloc(keep + 1, sizeof *r.str);
			for (i = 0; i < keep; i++)
				r.str[i] = u[i];
			r.str[keep] = ELLIPSIS;
			r.len = keep + 1;
			run_pipeline(&r, was, fallback, mode);
			for (i = 0; i < r.len; i++)
				if (!invisible(r.types[i], r.str[i]))
					used += (size_t)columns(r.str[i]);
			if (used <= (size_t)width || keep == 0)
				break;
			keep--;
		}
		out->cut = true;
	}
	out->rtl = r.rtl;
	build_cells(&r, out);
	run_free(&r);
	free(u);
}

void
text_layout_free(struct text_layout *l)
{
	free(l->cells);
	memset(l, 0, sizeof *l);
}

char *
text_layout_utf8(const struct text_layout *l)
{
	size_t cap = 8 * (l->n + 1) * (1 + TEXT_CELL_MARKS), len = 0, i;
	uint8_t *buf = xmalloc(cap);
	int k;

	for (i = 0; i < l->n; i++) {
		const struct text_cell *c = &l->cells[i];

		len += (size_t)u8_uctomb(buf + len, c->base, (int)(cap - len));
		for (k = 0; k < c->nmarks; k++)
			len += (size_t)u8_uctomb(buf + len, c->marks[k],
			    (int)(cap - len));
	}
	buf[len] = '\0';
	return (char *)buf;
}

int
text_layout_column(const struct text_layout *l, size_t logical)
{
	size_t i;
	int col = 0;

	for (i = 0; i < l->n; i++) {
		if (l->cells[i].logical == logical)
			return col;
		col += l->cells[i].width;
	}
	return l->rtl ? 0 : l->width;
}

/* Whether a character of utf8 has a bidi type that is_type accepts. */
static bool
has_type(const char *utf8, bool (*is_type)(FriBidiCharType))
{
	const uint8_t *p = (const uint8_t *)utf8;
	size_t left = strlen(utf8);

	while (left > 0) {
		ucs4_t c;
		int n = u8_mbtouc(&c, p, left);

		if (is_type(fribidi_get_bidi_type(c)))
			return true;
		p += n;
		left -= (size_t)n;
	}
	return false;
}

static bool
is_rtl_letter(FriBidiCharType t)
{
	return t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL;
}

static bool
is_letter(FriBidiCharType t)
{
	return FRIBIDI_IS_STRONG(t);
}

bool
text_has_rtl(const char *utf8)
{
	return has_type(utf8, is_rtl_letter);
}

bool
text_has_letter(const char *utf8)
{
	return has_type(utf8, is_letter);
}
