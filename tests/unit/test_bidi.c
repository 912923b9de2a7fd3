/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * src/text/bidi: the layout of Arabic, French and mixed lines.  Golden
 * code points for the strings of TEXT.md, then properties over a corpus
 * at every width: no unshaped Arabic letter in app mode, never wider than
 * the field, reading starts at the right in RTL, and the cells, sorted
 * back into logical order, un-mirrored and NFKC-folded, give back the
 * text (or its prefix, when cut).
 */
#include <config.h>

#include <locale.h>
#include <uninorm.h>
#include <unistr.h>

#include "helpers.h"
#include "text/bidi.h"

static const char *const corpus[] = {
	"الجائزة الوطنية للإدارة الإلكترونية",
	"امتياز 2019 – e-Démarche",
	"مُدَاوَلَةُ اللَّجْنَةِ",
	"الدورة (2019) [ملف رقم 12]",
	"Prix national de l'administration électronique",
	"لا إله إلا الله — لأن لإدارة لآلئ",
	"Application MapNewsDisplay تطبيق",
	"بوابة «إدارتي» 3.0 للمواطن",
	"Télédéclaration et télépaiement de la TVA",
	"12345",
	"إجراءات الأعضاء",
	"",
};

/* The code points of the cells, left to right, bases only. */
static void
cells_are(const char *text, int width, const uint32_t *want, size_t n)
{
	struct text_layout l;
	size_t i;

	text_layout(text, width, TEXT_DIR_AUTO, TEXT_DIR_LTR, TEXT_MODE_APP, &l);
	assert_int_equal(l.n, n);
	for (i = 0; i < n; i++)
		if (l.cells[i].base != want[i])
			fail_msg("cell %zu: U+%04X, expected U+%04X", i,
			    (unsigned)l.cells[i].base, (unsigned)want[i]);
	text_layout_free(&l);
}

static void
golden_cells(void **state)
{
	/* "امتياز": alef isolated, meem initial, teh medial, yeh medial,
	 * alef final, zain isolated; drawn from the right. */
	static const uint32_t emtiaz[] = { 0xFEAF, 0xFE8E, 0xFEF4, 0xFE98,
	    0xFEE3, 0xFE8D };
	/* "لإ": one lam-alef-hamza-below ligature; "لا" in "لاجئ" too. */
	static const uint32_t la[] = { 0xFEFB };
	static const uint32_t lia[] = { 0xFEF9 };
	/* "(ملف)" in an Arabic line: brackets mirrored. */
	static const uint32_t paren[] = { 0x0028, 0xFED2, 0xFEE0, 0xFEE3,
	    0x0029 };
	/* Cut to 10 columns: "…" at the reading end, on the left. */
	static const uint32_t cut[] = { 0x2026, 0xFE8D, 0x0020, 0xFE93,
	    0xFEB0, 0xFE8B, 0xFE8E, 0xFEA0, 0xFEDF, 0xFE8D };
	struct text_layout l;

	(void)state;
	cells_are("امتياز", 20, emtiaz, 6);
	cells_are("لا", 20, la, 1);
	cells_are("لإ", 20, lia, 1);
	cells_are("(ملف)", 20, paren, 5);
	cells_are("الجائزة الوطنية للإدارة الإلكترونية", 10, cut, 10);
	/* TEXT.md: 35 columns logical, 33 shaped (two lam-alefs). */
	text_layout("الجائزة الوطنية للإدارة الإلكترونية", 80, TEXT_DIR_AUTO,
	    TEXT_DIR_LTR, TEXT_MODE_APP, &l);
	assert_int_equal(l.width, 33);
	assert_true(l.rtl);
	assert_false(l.cut);
	text_layout_free(&l);
	/* Harakat stay on their letters: 13 cells for 22 code points. */
	text_layout("مُدَاوَلَةُ اللَّجْنَةِ", 80, TEXT_DIR_AUTO, TEXT_DIR_LTR,
	    TEXT_MODE_APP, &l);
	assert_int_equal(l.n, 13);
	assert_int_equal(l.cells[l.n - 1].base, 0xFEE3);        /* meem */
	assert_int_equal(l.cells[l.n - 1].nmarks, 1);
	assert_int_equal(l.cells[l.n - 1].marks[0], 0x064F);    /* damma */
	text_layout_free(&l);
	/* French stays as it is, cut on the right. */
	text_layout("Prix national de l'administration", 10, TEXT_DIR_AUTO,
	    TEXT_DIR_RTL, TEXT_MODE_APP, &l);
	assert_false(l.rtl);
	assert_int_equal(l.cells[9].base, 0x2026);
	text_layout_free(&l);
	/* No strong letter: the interface's direction, so an RTL screen
	 * keeps "12 / 20" where its reader starts. */
	text_layout("12 / 20", 80, TEXT_DIR_AUTO, TEXT_DIR_RTL, TEXT_MODE_APP,
	    &l);
	assert_true(l.rtl);
	text_layout_free(&l);
	/* Terminal mode: logical and unshaped. */
	text_layout("امتياز", 20, TEXT_DIR_AUTO, TEXT_DIR_LTR,
	    TEXT_MODE_TERMINAL, &l);
	assert_int_equal(l.cells[0].base, 0x0627);
	assert_int_equal(l.cells[5].base, 0x0632);
	text_layout_free(&l);
}

static int
cmp_logical(const void *a, const void *b)
{
	const struct text_cell *x = a, *y = b;

	return (x->logical > y->logical) - (x->logical < y->logical);
}

/* NFKC of a UCS-4 string as UTF-8, bidi-mirrored brackets put back. */
static char *
nfkc(const uint32_t *s, size_t n, bool unmirror)
{
	uint32_t *copy = xcalloc(n ? n : 1, sizeof *copy);
	uint8_t *out;
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		copy[i] = s[i];
		if (unmirror) {
			static const uint32_t pairs[][2] = { { '(', ')' },
			    { '[', ']' }, { 0xAB, 0xBB } };
			size_t k;

			for (k = 0; k < 3; k++)
				if (copy[i] == pairs[k][0])
					copy[i] = pairs[k][1];
				else if (copy[i] == pairs[k][1])
					copy[i] = pairs[k][0];
		}
	}
	out = u32_to_u8(copy, n, NULL, &len);
	free(copy);
	out = xrealloc(out, len + 1);
	out[len] = '\0';
	{
		size_t olen = 0;
		uint8_t *norm = u8_normalize(UNINORM_NFKC, out, len, NULL, &olen);

		free(out);
		norm = xrealloc(norm, olen + 1);
		norm[olen] = '\0';
		return (char *)norm;
	}
}

static void
properties_over_the_corpus(void **state)
{
	size_t t;

	(void)state;
	for (t = 0; t < sizeof corpus / sizeof corpus[0]; t++) {
		size_t ulen = 0;
		uint32_t *u = u8_to_u32((const uint8_t *)corpus[t],
		    strlen(corpus[t]), NULL, &ulen);
		int width;

		for (width = 1; width <= 60; width++) {
			struct text_layout l;
			uint32_t *back;
			size_t i, k, nb = 0;
			char *got, *want;

			text_layout(corpus[t], width, TEXT_DIR_AUTO, TEXT_DIR_LTR,
			    TEXT_MODE_APP, &l);
			if (l.width > width)
				fail_msg("'%s' at %d: %d columns", corpus[t], width,
				    l.width);
			for (i = 0; i < l.n; i++)
				if (l.cells[i].base >= 0x0621 &&
				    l.cells[i].base <= 0x064A &&
				    l.cells[i].base != 0x0640)
					fail_msg("'%s' at %d: unshaped U+%04X",
					    corpus[t], width,
					    (unsigned)l.cells[i].base);
			/* Reading starts at the right in RTL: the rightmost cell
			 * holds the first character drawn in logical order. */
			if (l.rtl && l.n > 0) {
				size_t first = l.cells[0].logical;

				for (i = 1; i < l.n; i++)
					if (l.cells[i].logical < first)
						first = l.cells[i].logical;
				if (l.cells[l.n - 1].logical != first)
					fail_msg("'%s' at %d: reading starts at logical "
					    "%zu, not at the right", corpus[t], width,
					    first);
			}
			/* Round trip. */
			if (l.n > 0)
				qsort(l.cells, l.n, sizeof *l.cells, cmp_logical);
			back = xcalloc(l.n * (1 + TEXT_CELL_MARKS) + 1,
			    sizeof *back);
			for (i = 0; i < l.n; i++) {
				if (l.cells[i].base == 0x2026 && l.cut)
					continue;
				back[nb++] = l.cells[i].base;
				for (k = 0; k < (size_t)l.cells[i].nmarks; k++)
					back[nb++] = l.cells[i].marks[k];
			}
			got = nfkc(back, nb, l.rtl);
			want = nfkc(u, ulen, false);
			if (strncmp(got, want, strlen(got)) != 0 ||
			    (!l.cut && strcmp(got, want) != 0))
				fail_msg("'%s' at %d: round trip gave '%s'",
				    corpus[t], width, got);
			free(got);
			free(want);
			free(back);
			text_layout_free(&l);
		}
		free(u);
	}
}

static void
columns_map_back_to_logical_positions(void **state)
{
	struct text_layout l;

	(void)state;
	text_layout("abc", 10, TEXT_DIR_AUTO, TEXT_DIR_LTR, TEXT_MODE_APP, &l);
	assert_int_equal(text_layout_column(&l, 0), 0);
	assert_int_equal(text_layout_column(&l, 2), 2);
	assert_int_equal(text_layout_column(&l, 3), 3);
	text_layout_free(&l);
	text_layout("ملف", 10, TEXT_DIR_AUTO, TEXT_DIR_LTR, TEXT_MODE_APP, &l);
	assert_int_equal(text_layout_column(&l, 0), 2);  /* meem, rightmost */
	assert_int_equal(text_layout_column(&l, 2), 0);
	text_layout_free(&l);
}

/*
 * Printable ASCII laid out left to right skips FriBidi; it must give the
 * cells the full pipeline gives.  A leading U+FEFF (drawn as nothing)
 * sends the same text through the pipeline, one logical index later.
 */
static void
ascii_shortcut_matches_the_pipeline(void **state)
{
	static const char *const ascii[] = { "", "D000123", "12.50", "(5)",
		"a [b] c", "Prix national de l'e-administration, 2026!",
		"  spaces  ", "~`!@#$%^&*()_+{}|:\"<>?", "-3.5 / 20" };
	static const enum text_dir dirs[] = { TEXT_DIR_AUTO, TEXT_DIR_LTR };
	size_t t, d, i;
	int width, fb;

	(void)state;
	for (t = 0; t < sizeof ascii / sizeof *ascii; t++)
		for (d = 0; d < 2; d++)
			for (fb = 0; fb < 2; fb++)
				for (width = 1; width <= 50; width++) {
					enum text_dir fallback = fb ? TEXT_DIR_RTL :
					    TEXT_DIR_LTR;
					struct text_layout fast, slow;
					char *bom = xmalloc(strlen(ascii[t]) + 4);

					strcpy(bom, "\xEF\xBB\xBF");
					strcat(bom, ascii[t]);
					text_layout(ascii[t], width, dirs[d], fallback,
					    TEXT_MODE_APP, &fast);
					text_layout(bom, width + 0, dirs[d], fallback,
					    TEXT_MODE_APP, &slow);
					if (fast.n != slow.n || fast.width != slow.width ||
					    fast.rtl != slow.rtl || fast.cut != slow.cut)
						fail_msg("'%s' at %d: %zu cells/%d cols vs "
						    "%zu/%d", ascii[t], width, fast.n,
						    fast.width, slow.n, slow.width);
					for (i = 0; i < fast.n; i++)
						if (fast.cells[i].base != slow.cells[i].base ||
						    fast.cells[i].logical + 1 !=
						    slow.cells[i].logical)
							fail_msg("'%s' at %d: cell %zu differs",
							    ascii[t], width, i);
					text_layout_free(&fast);
					text_layout_free(&slow);
					free(bom);
				}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_cells),
		cmocka_unit_test(properties_over_the_corpus),
		cmocka_unit_test(columns_map_back_to_logical_positions),
		cmocka_unit_test(ascii_shortcut_matches_the_pipeline),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("bidi", tests, NULL, NULL);
}
