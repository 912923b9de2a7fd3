/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The minutes as PDF.  What they say is composed once, by minutes.c, as a
 * small and known HTML; this lays that document out on A4 with Cairo and
 * Pango: libxml2 reads it, each block becomes a Pango layout (HarfBuzz
 * shapes the Arabic, each paragraph takes the direction of its own text),
 * tables are cut between rows with their header drawn again on the next
 * page, the bar charts' rectangles and labels are drawn as they are.  Two
 * passes: the first counts the pages, so that each says "page N of M".
 */
#include <config.h>

#include <cairo-pdf.h>
#include <libxml/HTMLparser.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/pdfminutes.h"
#include "core/typeface.h"
#include "util/i18n.h"
#include "util/strbuf.h"

#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_X 48.0
#define MARGIN_TOP 48.0
#define MARGIN_BOTTOM 60.0
#define BODY_W (PAGE_W - 2 * MARGIN_X)
#define MAX_COLUMNS 16

struct layout {
	cairo_t *cr;
	bool rtl;               /* the document's direction (html dir) */
	bool draw;              /* the second pass: draw; the first counts */
	double y;
	int page, pages;        /* pages: the total, known on the 2nd pass */
	char *watermark;        /* a draft's word, drawn behind each page */
};

static bool
is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static char *
attr(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp((xmlNode *)n, (const xmlChar *)name);
}

static bool
has_class(const xmlNode *n, const char *cls)
{
	char *c = attr(n, "class");
	bool yes = c != NULL && strcmp(c, cls) == 0;

	xmlFree(c);
	return yes;
}

/* ---- inline content as Pango markup ---- */

static void
markup_text(struct strbuf *sb, const char *text)
{
	char *e = g_markup_escape_text(text, -1);

	strbuf_adds(sb, e);
	g_free(e);
}

static void
markup(struct strbuf *sb, const xmlNode *n)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE) {
			markup_text(sb, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "br")) {
			strbuf_addc(sb, '\n');
		} else if (is(n, "strong") || is(n, "b") || is(n, "th")) {
			strbuf_adds(sb, "<b>");
			markup(sb, n->children);
			strbuf_adds(sb, "</b>");
		} else if (is(n, "bdi")) {
			/* FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE: the
			 * value is laid out apart from the sentence around it. */
			strbuf_adds(sb, "\xE2\x81\xA8");
			markup(sb, n->children);
			strbuf_adds(sb, "\xE2\x81\xA9");
		} else if (is(n, "span") && has_class(n, "mono")) {
			strbuf_adds(sb, "<span font_family=\"monospace\" "
			    "size=\"8pt\">");
			markup(sb, n->children);
			strbuf_adds(sb, "</span>");
		} else {
			markup(sb, n->children);
		}
	}
}

/* ---- pages ---- */

static void
page_furniture(struct layout *l)
{
	char num[32], tot[32], *foot;
	PangoLayout *pl;
	int w;

	if (!l->draw)
		return;
	if (l->watermark != NULL) {
		cairo_save(l->cr);
		cairo_translate(l->cr, PAGE_W / 2, PAGE_H / 2);
		cairo_rotate(l->cr, -M_PI / 6);
		cairo_set_source_rgba(l->cr, 0.7, 0, 0, 0.08);
		pl = typeface_layout(l->cr, l->watermark, false, 80, false, -1);
		pango_layout_get_size(pl, &w, NULL);
		cairo_move_to(l->cr, -(double)w / PANGO_SCALE / 2, -50);
		pango_cairo_show_layout(l->cr, pl);
		g_object_unref(pl);
		cairo_restore(l->cr);
	}
	snprintf(num, sizeof num, "%d", l->page);
	snprintf(tot, sizeof tot, "%d", l->pages);
	/* The same words as the HTML minutes' footer. */
	foot = g_strdup_printf(_("page %s of %s"), num, tot);
	pl = typeface_layout(l->cr, foot, false, 9, false, BODY_W);
	pango_layout_set_alignment(pl, PANGO_ALIGN_CENTER);
	cairo_set_source_rgb(l->cr, 0.35, 0.35, 0.35);
	cairo_move_to(l->cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 24);
	pango_cairo_show_layout(l->cr, pl);
	cairo_set_source_rgb(l->cr, 0.07, 0.07, 0.07);
	g_object_unref(pl);
	g_free(foot);
}

static void
new_page(struct layout *l)
{
	cairo_show_page(l->cr);
	l->page++;
	l->y = MARGIN_TOP;
	page_furniture(l);
}

/* Room for h more points on this page, else the next one. */
static void
need(struct layout *l, double h)
{
	if (l->y + h > PAGE_H - MARGIN_BOTTOM && l->y > MARGIN_TOP)
		new_page(l);
}

/* ---- paragraphs ---- */

static PangoLayout *
text_layout(struct layout *l, const char *mk, double size, bool bold,
    double width)
{
	return typeface_layout(l->cr, mk, true, size, bold, width);
}

static double
layout_height(PangoLayout *pl)
{
	int h;

	pango_layout_get_size(pl, NULL, &h);
	return (double)h / PANGO_SCALE;
}

/* A block of inline content; a heading keeps room for what follows. */
static void
paragraph(struct layout *l, const xmlNode *children, double size, bool bold,
    double before, double keep, const char *prefix)
{
	struct strbuf sb = STRBUF_INIT;
	PangoLayout *pl;
	double h;

	if (prefix != NULL)
		strbuf_adds(&sb, prefix);
	markup(&sb, children);
	pl = text_layout(l, strbuf_str(&sb), size, bold, BODY_W);
	h = layout_height(pl);
	l->y += before;
	need(l, h + keep);
	if (l->draw) {
		cairo_move_to(l->cr, MARGIN_X, l->y);
		pango_cairo_show_layout(l->cr, pl);
	}
	l->y += h;
	g_object_unref(pl);
	strbuf_free(&sb);
}

static void
rule(struct layout *l, double width)
{
	if (l->draw) {
		cairo_set_line_width(l->cr, width);
		cairo_move_to(l->cr, MARGIN_X, l->y + 1);
		cairo_line_to(l->cr, PAGE_W - MARGIN_X, l->y + 1);
		cairo_stroke(l->cr);
	}
	l->y += 3;
}

/* ---- tables ---- */

struct table {
	int ncols;
	double width[MAX_COLUMNS];
	bool numeric[MAX_COLUMNS];
	const xmlNode *head;    /* the header row, drawn on each page */
};

static int
cells(const xmlNode *tr, const xmlNode **out)
{
	int n = 0;

	for (const xmlNode *c = tr->children; c != NULL; c = c->next)
		if ((is(c, "td") || is(c, "th")) && n < MAX_COLUMNS)
			out[n++] = c;
	return n;
}

static PangoLayout *
cell_layout(struct layout *l, const xmlNode *cell, double width)
{
	struct strbuf sb = STRBUF_INIT;
	PangoLayout *pl;

	markup(&sb, cell->children);
	pl = text_layout(l, strbuf_str(&sb), 8.5, is(cell, "th"), width - 6);
	strbuf_free(&sb);
	return pl;
}

/* The x of column i, from the right in a right-to-left document. */
static double
column_x(const struct layout *l, const struct table *t, int i)
{
	double x = 0;

	for (int k = 0; k < i; k++)
		x += t->width[k];
	return l->rtl ? PAGE_W - MARGIN_X - x - t->width[i] : MARGIN_X + x;
}

static void
draw_row(struct layout *l, const struct table *t, const xmlNode *tr,
    bool header)
{
	const xmlNode *c[MAX_COLUMNS];
	PangoLayout *pl[MAX_COLUMNS] = { 0 };
	int n = cells(tr, c), i;
	double h = 0;

	for (i = 0; i < n && i < t->ncols; i++) {
		pl[i] = cell_layout(l, c[i], t->width[i]);
		h = fmax(h, layout_height(pl[i]));
	}
	h += 4;
	if (!header && l->y + h > PAGE_H - MARGIN_BOTTOM) {
		new_page(l);
		if (t->head != NULL)
			draw_row(l, t, t->head, true);
	}
	for (i = 0; i < n && i < t->ncols; i++) {
		double x = column_x(l, t, i);

		if (l->draw) {
			if (header) {
				cairo_set_source_rgb(l->cr, 0.92, 0.92, 0.92);
				cairo_rectangle(l->cr, x, l->y, t->width[i], h);
				cairo_fill(l->cr);
				cairo_set_source_rgb(l->cr, 0.07, 0.07, 0.07);
			}
			cairo_set_line_width(l->cr, 0.5);
			cairo_rectangle(l->cr, x, l->y, t->width[i], h);
			cairo_stroke(l->cr);
			cairo_move_to(l->cr, x + 3, l->y + 2);
			pango_cairo_show_layout(l->cr, pl[i]);
		}
		g_object_unref(pl[i]);
	}
	l->y += h;
}

/* Column widths: each column's widest cell on one line, shared out in
 * proportion when the whole is wider than the page. */
static void
measure(struct layout *l, const xmlNode *table, struct table *t)
{
	double natural[MAX_COLUMNS] = { 0 }, sum = 0;

	for (const xmlNode *s = table->children; s != NULL; s = s->next) {
		const xmlNode *rows = is(s, "tr") ? s : s->children;

		for (const xmlNode *tr = rows; tr != NULL;
		    tr = is(s, "tr") ? NULL : tr->next) {
			const xmlNode *c[MAX_COLUMNS];
			int n;

			if (!is(tr, "tr"))
				continue;
			n = cells(tr, c);
			if (n > t->ncols)
				t->ncols = n;
			if (is(s, "thead") && t->head == NULL)
				t->head = tr;
			for (int i = 0; i < n; i++) {
				PangoLayout *pl = cell_layout(l, c[i], 10000);
				int w;

				pango_layout_get_size(pl, &w, NULL);
				natural[i] = fmax(natural[i],
				    fmin((double)w / PANGO_SCALE + 8, BODY_W));
				g_object_unref(pl);
			}
		}
	}
	for (int i = 0; i < t->ncols; i++)
		sum += natural[i];
	if (sum <= BODY_W) {
		for (int i = 0; i < t->ncols; i++)
			t->width[i] = natural[i];
		return;
	}
	/* Too wide: the narrow columns (numbers, ids) keep their width, the
	 * wide ones (titles, names) share what is left and wrap. */
	{
		double fair = BODY_W / t->ncols, kept = 0, wide = 0;

		for (int i = 0; i < t->ncols; i++) {
			if (natural[i] <= fair)
				kept += natural[i];
			else
				wide += natural[i];
		}
		for (int i = 0; i < t->ncols; i++)
			t->width[i] = natural[i] <= fair ? natural[i] :
			    fmax((BODY_W - kept) * natural[i] / wide, 24);
	}
}

static void
table(struct layout *l, const xmlNode *node)
{
	struct table t = { 0 };

	measure(l, node, &t);
	if (t.ncols == 0)
		return;
	l->y += 4;
	need(l, 40);
	for (const xmlNode *s = node->children; s != NULL; s = s->next) {
		if (is(s, "tr")) {
			draw_row(l, &t, s, false);
			continue;
		}
		for (const xmlNode *tr = s->children; tr != NULL; tr = tr->next)
			if (is(tr, "tr"))
				draw_row(l, &t, tr, is(s, "thead"));
	}
	l->y += 4;
}

/* ---- the bar charts (rect and text, as minutes.c draws them) ---- */

/* A number of the chart's markup, within what a page can hold: the
 * markup is ours, but a layout must never meet an infinity, a NaN or a
 * size Pango refuses. */
static double
num_attr(const xmlNode *n, const char *name)
{
	char *v = attr(n, name);
	double d = v != NULL ? strtod(v, NULL) : 0;

	xmlFree(v);
	return isfinite(d) ? fmin(fmax(d, 0), 2000) : 0;
}

static void
chart(struct layout *l, const xmlNode *svg)
{
	double w = num_attr(svg, "width"), h = num_attr(svg, "height");
	double scale = w > BODY_W ? BODY_W / w : 1;
	double x0 = l->rtl ? PAGE_W - MARGIN_X - w * scale : MARGIN_X;

	if (w <= 0 || h <= 0)
		return;
	need(l, h * scale + 8);
	if (l->draw) {
		for (const xmlNode *n = svg->children; n != NULL; n = n->next) {
			if (is(n, "rect")) {
				cairo_set_source_rgb(l->cr, 0.29, 0.44, 0.65);
				cairo_rectangle(l->cr, x0 + num_attr(n, "x") * scale,
				    l->y + num_attr(n, "y") * scale,
				    num_attr(n, "width") * scale,
				    num_attr(n, "height") * scale);
				cairo_fill(l->cr);
			} else if (is(n, "text")) {
				xmlChar *t = xmlNodeGetContent(n);
				struct strbuf sb = STRBUF_INIT;
				PangoLayout *pl;

				markup_text(&sb, (const char *)t);
				pl = text_layout(l, strbuf_str(&sb),
				    fmin(fmax(num_attr(n, "font-size") * scale, 1), 48),
				    false, 200);
				char *anchor = attr(n, "text-anchor");
				int tw;
				double x = x0 + num_attr(n, "x") * scale;

				pango_layout_set_width(pl, -1);
				pango_layout_get_size(pl, &tw, NULL);
				/* SVG places text by its anchor and baseline. */
				if (anchor != NULL && strcmp(anchor, "end") == 0)
					x -= (double)tw / PANGO_SCALE;
				else if (anchor != NULL && strcmp(anchor, "middle") == 0)
					x -= (double)tw / PANGO_SCALE / 2;
				xmlFree(anchor);
				cairo_set_source_rgb(l->cr, 0.07, 0.07, 0.07);
				cairo_move_to(l->cr, x, l->y + num_attr(n, "y") * scale -
				    (double)pango_layout_get_baseline(pl) / PANGO_SCALE);
				pango_cairo_show_layout(l->cr, pl);
				g_object_unref(pl);
				strbuf_free(&sb);
				xmlFree(t);
			}
		}
		cairo_set_source_rgb(l->cr, 0.07, 0.07, 0.07);
	}
	l->y += h * scale + 6;
}

/* ---- the signatures: two columns of lines to sign ---- */

static void
signatures(struct layout *l, const xmlNode *grid)
{
	int k = 0;

	for (const xmlNode *d = grid->children; d != NULL; d = d->next) {
		struct strbuf sb = STRBUF_INIT;
		PangoLayout *pl;
		double x, col_w = (BODY_W - 24) / 2;
		int col = k++ % 2;

		if (!is(d, "div"))
			continue;
		if (col == 0) {
			l->y += 34;
			need(l, 40);
		}
		markup(&sb, d->children);
		pl = text_layout(l, strbuf_str(&sb), 10, false, col_w);
		x = l->rtl ? PAGE_W - MARGIN_X - col_w - col * (col_w + 24) :
		    MARGIN_X + col * (col_w + 24);
		if (l->draw) {
			cairo_set_line_width(l->cr, 0.8);
			cairo_move_to(l->cr, x, l->y);
			cairo_line_to(l->cr, x + col_w, l->y);
			cairo_stroke(l->cr);
			cairo_move_to(l->cr, x, l->y + 3);
			pango_cairo_show_layout(l->cr, pl);
		}
		if (col == 1 || d->next == NULL)
			l->y += layout_height(pl) + 3;
		g_object_unref(pl);
		strbuf_free(&sb);
	}
}

/* ---- the document ---- */

static void
blocks(struct layout *l, const xmlNode *n)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "h1")) {
			paragraph(l, n->children, 18, true, 6, 40, NULL);
		} else if (is(n, "h2")) {
			paragraph(l, n->children, 14, true, 14, 50, NULL);
			rule(l, 0.6);
		} else if (is(n, "h3")) {
			paragraph(l, n->children, 12, true, 8, 40, NULL);
		} else if (is(n, "p")) {
			paragraph(l, n->children, 10.5, false, 4, 0, NULL);
		} else if (is(n, "li")) {
			paragraph(l, n->children, 10.5, false, 2, 0, "\xE2\x80\xA2 ");
		} else if (is(n, "table")) {
			table(l, n);
		} else if (is(n, "svg")) {
			chart(l, n);
		} else if (is(n, "div") && has_class(n, "sign")) {
			signatures(l, n);
		} else if (is(n, "div") && has_class(n, "watermark")) {
			continue;       /* drawn behind each page */
		} else if (is(n, "div") && has_class(n, "draft")) {
			cairo_set_source_rgb(l->cr, 0.7, 0, 0);
			paragraph(l, n->children, 11, true, 0, 0, NULL);
			cairo_set_source_rgb(l->cr, 0.07, 0.07, 0.07);
			rule(l, 1.5);
		} else if (is(n, "header") && has_class(n, "letterhead")) {
			blocks(l, n->children);
			rule(l, 1.5);
		} else {
			blocks(l, n->children);
		}
	}
}

static const xmlNode *
find(const xmlNode *n, const char *name)
{
	for (; n != NULL; n = n->next) {
		const xmlNode *f;

		if (is(n, name))
			return n;
		if ((f = find(n->children, name)) != NULL)
			return f;
	}
	return NULL;
}

static cairo_status_t
discard(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}


/* One pass over the document: counting (out NULL) or drawing. */
static int
run(const xmlNode *root, const char *title, struct layout *l,
    struct sink *out, struct mw_error *err)
{
	cairo_surface_t *s = out != NULL ?
	    cairo_pdf_surface_create_for_stream(typeface_to_sink, out, PAGE_W,
	    PAGE_H) :
	    cairo_pdf_surface_create_for_stream(discard, NULL, PAGE_W, PAGE_H);
	const xmlNode *body = find(root, "body");
	int ret = 0;

	if (out != NULL) {
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
		    PACKAGE_NAME " " PACKAGE_VERSION);
	}
	l->cr = cairo_create(s);
	l->draw = out != NULL;
	l->page = 1;
	l->y = MARGIN_TOP;
	cairo_set_source_rgb(l->cr, 0.07, 0.07, 0.07);
	page_furniture(l);
	if (body != NULL)
		blocks(l, body->children);
	cairo_show_page(l->cr);
	cairo_destroy(l->cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		ret = error_set(err, "%s", cairo_status_to_string(
		    cairo_surface_status(s)));
	cairo_surface_destroy(s);
	return ret;
}

int
pdf_minutes_write(const char *html, size_t len, const char *title,
    struct sink *out, struct mw_error *err)
{
	htmlDocPtr doc;
	struct layout l = { 0 };
	const xmlNode *root, *wm;
	char *dir;
	int ret;

	if (typeface_check(err) != 0)
		return -1;
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (doc == NULL)
		return error_set(err, _("the minutes cannot be laid out as PDF"));
	root = xmlDocGetRootElement(doc);
	dir = root != NULL ? attr(root, "dir") : NULL;
	l.rtl = dir != NULL && strcmp(dir, "rtl") == 0;
	xmlFree(dir);
	wm = find(root, "div");
	while (wm != NULL && !has_class(wm, "watermark"))
		wm = find(wm->next, "div");
	if (wm != NULL)
		l.watermark = (char *)xmlNodeGetContent((xmlNode *)wm);
	/* First the pages are counted, then drawn with "page N of M". */
	ret = run(root, title, &l, NULL, err);
	if (ret == 0) {
		l.pages = l.page;
		ret = run(root, title, &l, out, err);
	}
	xmlFree(l.watermark);
	xmlFreeDoc(doc);
	return ret;
}
