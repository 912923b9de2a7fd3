/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * src/ui/draw.c read back from ncurses: the real drawing code on a
 * terminal opened on /dev/null, each cell read with mvin_wch().  Left to
 * right without the Arabic catalogue; mirrored with it.
 */
#include <config.h>

#include <locale.h>
#include <libintl.h>

#include "helpers.h"
#include "ui/ui.h"

static wchar_t
cell(int y, int x, wchar_t *mark)
{
	cchar_t cc;
	wchar_t wch[CCHARW_MAX + 1] = { 0 };
	attr_t attrs;
	short pair;

	if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wch, &attrs, &pair,
	    NULL) == ERR)
		return 0;
	if (mark != NULL)
		*mark = wch[1];
	return wch[0];
}

static attr_t
cell_attr(int y, int x)
{
	cchar_t cc;
	wchar_t wch[CCHARW_MAX + 1] = { 0 };
	attr_t attrs = 0;
	short pair;

	if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wch, &attrs, &pair,
	    NULL) == ERR)
		return 0;
	return attrs;
}

static SCREEN *
open_screen(void)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *sc;

	setenv("LINES", "6", 1);
	setenv("COLUMNS", "40", 1);
	sc = newterm("xterm", out, in);
	assert_non_null(sc);
	return sc;
}

static void
left_to_right_without_the_arabic_catalogue(void **state)
{
	SCREEN *sc = open_screen();
	wchar_t mark = 0;

	(void)state;
	setenv("LANGUAGE", "fr", 1);
	ui_draw_configure(TEXT_MODE_APP);
	assert_false(ui_mirrored());
	ui_text(0, 0, 20, "امتياز", A_NORMAL, false);
	/* An Arabic title in a French interface: its own direction, shaped,
	 * right-aligned in its field, where an Arabic reader starts. */
	assert_int_equal(cell(0, 13, NULL), L' ');
	assert_int_equal(cell(0, 14, NULL), 0xFEAF);    /* zain, read last */
	assert_int_equal(cell(0, 19, NULL), 0xFE8D);    /* alef, read first */
	ui_text(1, 2, 10, "مُ", A_NORMAL, false);
	assert_int_equal(cell(1, 11, &mark), 0xFEE1);    /* meem isolated */
	assert_int_equal(mark, 0x064F);                 /* damma on it */
	ui_text(2, 0, 8, "Prix national", A_NORMAL, true);
	assert_int_equal(cell(2, 0, NULL), L'P');
	assert_int_equal(cell(2, 7, NULL), 0x2026);     /* cut on the right */
	/* Bold Latin stays bold; Arabic is underlined instead, its bold
	 * forms being broken in common terminal fonts. */
	ui_text(3, 0, 10, "Prix", A_BOLD, false);
	assert_true(cell_attr(3, 0) & A_BOLD);
	ui_text(4, 0, 10, "الإلكتروني", A_BOLD, false);
	assert_false(cell_attr(4, 9) & A_BOLD);
	assert_true(cell_attr(4, 9) & A_UNDERLINE);
	endwin();
	delscreen(sc);
}

static void
mirrored_with_it(void **state)
{
	const char *dir = scratch_path("locale/ar/LC_MESSAGES");
	char cmd[1024];
	SCREEN *sc;

	(void)state;
	snprintf(cmd, sizeof cmd, "mkdir -p '%s' && msgfmt -o '%s/mudawala.mo' "
	    "'%s/po/ar.po'", dir, dir, getenv("MUDAWALA_SRCDIR"));
	assert_int_equal(system(cmd), 0);
	bindtextdomain("mudawala", scratch_path("locale"));
	textdomain("mudawala");
	setenv("LANGUAGE", "ar", 1);
	sc = open_screen();
	ui_draw_configure(TEXT_MODE_APP);
	assert_true(ui_mirrored());
	/* Columns 0-9 of the layout are the last ten of the screen; the
	 * text starts from their right. */
	ui_text(0, 0, 10, "ملف", A_NORMAL, false);
	assert_int_equal(cell(0, 39, NULL), 0xFEE3);    /* meem, read first */
	assert_int_equal(cell(0, 38, NULL), 0xFEE0);
	assert_int_equal(cell(0, 37, NULL), 0xFED2);
	assert_int_equal(cell(0, 36, NULL), L' ');
	/* A right-aligned field keeps its side when it holds a number, so
	 * that a column's units stay under each other ... */
	ui_text(1, 0, 10, "12", A_NORMAL, true);
	assert_int_equal(cell(1, 38, NULL), L'1');
	assert_int_equal(cell(1, 39, NULL), L'2');
	assert_int_equal(cell(1, 37, NULL), L' ');
	/* ... and goes to the end of the line, the left, when it holds
	 * words. */
	ui_text(3, 0, 10, "ملف", A_NORMAL, true);
	assert_int_equal(cell(3, 32, NULL), 0xFEE3);
	assert_int_equal(cell(3, 30, NULL), 0xFED2);
	/* Terminal mode: logical, unshaped, not mirrored. */
	ui_draw_configure(TEXT_MODE_TERMINAL);
	assert_false(ui_mirrored());
	ui_text(2, 0, 10, "ملف", A_NORMAL, false);
	assert_int_equal(cell(2, 0, NULL), 0x0645);
	assert_int_equal(cell(2, 2, NULL), 0x0641);
	endwin();
	delscreen(sc);
}

/* Arabic counts in six forms: 0, 1, 2, 3-10, 11-99, 100+ (and 103 takes
 * the form of 3, 111 that of 11). */
static void
arabic_counts_take_their_six_forms(void **state)
{
	static const struct { unsigned long n; const char *want; } cases[] = {
		{ 0, "لا ملف (0)" }, { 1, "ملف واحد (1)" }, { 2, "ملفان (2)" },
		{ 7, "7 ملفات" }, { 11, "11 ملفًا" }, { 99, "99 ملفًا" },
		{ 100, "100 ملف" }, { 103, "103 ملفات" }, { 111, "111 ملفًا" },
	};
	size_t i;

	(void)state;
	setenv("LANGUAGE", "ar", 1);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[128];

		snprintf(buf, sizeof buf, ngettext("%d dossier", "%d dossiers",
		    cases[i].n), (int)cases[i].n);
		assert_string_equal(buf, cases[i].want);
	}
}

static void
cells_keep_attributes_width_and_alignment(void **state)
{
	SCREEN *sc = open_screen();
	cchar_t cc;
	wchar_t wch[CCHARW_MAX + 1] = { 0 };
	attr_t attrs;
	short pair;
	int x;

	(void)state;
	setenv("LANGUAGE", "fr", 1);
	ui_draw_configure(TEXT_MODE_APP);
	assert_false(ui_mirrored());
	start_color();
	init_pair(3, COLOR_RED, COLOR_BLACK);
	/* Right-aligned: the blanks first, all in the field's attributes. */
	ui_text(0, 2, 6, "42", A_BOLD | COLOR_PAIR(3), true);
	for (x = 2; x < 8; x++) {
		assert_int_equal(mvin_wch(0, x, &cc), OK);
		assert_int_equal(getcchar(&cc, wch, &attrs, &pair, NULL), OK);
		assert_true(attrs & A_BOLD);
		assert_int_equal(pair, 3);
		assert_int_equal(wch[0], x < 6 ? L' ' : x == 6 ? L'4' : L'2');
	}
	assert_int_equal(cell(0, 8, NULL), L' ');       /* nothing beyond */
	/* Wide characters take two columns each, and the padding follows. */
	ui_text(1, 0, 8, "漢字x", A_NORMAL, false);
	assert_int_equal(cell(1, 0, NULL), 0x6F22);
	assert_int_equal(cell(1, 2, NULL), 0x5B57);
	assert_int_equal(cell(1, 4, NULL), L'x');
	assert_int_equal(cell(1, 5, NULL), L' ');
	/* A field wider than any fixed buffer. */
	ui_text(2, 0, 300, "abc", A_NORMAL, true);
	assert_int_equal(cell(2, 37, NULL), L' ');
	endwin();
	delscreen(sc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		/* First: the others bind the Arabic catalogue. */
		cmocka_unit_test(cells_keep_attributes_width_and_alignment),
		cmocka_unit_test(left_to_right_without_the_arabic_catalogue),
		cmocka_unit_test(mirrored_with_it),
		cmocka_unit_test(arabic_counts_take_their_six_forms),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("draw", tests, NULL, NULL);
}
