/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/text: cleaning input, one-line display, widths and fitting. */
#include <config.h>

#include <locale.h>

#include "helpers.h"
#include "text/clean.h"
#include "text/fold.h"
#include "text/wrap.h"
#include "text/width.h"
#include "util/strbuf.h"

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

static void
clean_composes_to_nfc(void **state)
{
	char *out;
	size_t bad;

	/* "e" + COMBINING ACUTE -> "é" (U+00E9). */
	assert_true(text_clean("De\xCC\x81marche", 10, &out, &bad));
	assert_string_equal(out, "D\xC3\xA9marche");
	free(out);
}

static void
clean_rejects_malformed_utf8(void **state)
{
	char *out = NULL;
	size_t bad = 0;

	assert_false(text_clean("ab\xC3(", 4, &out, &bad));
	assert_int_equal(bad, 2);
	assert_null(out);
	assert_false(text_clean("\xED\xA0\x80", 3, &out, &bad)); /* surrogate */
	assert_int_equal(bad, 0);
}

static void
clean_neutralizes_controls_keeps_newlines(void **state)
{
	char *out;
	size_t bad;
	const char *in = "a\x1b]0;x\x07" "b\nc\td\r\n\xC2\x9B";

	assert_true(text_clean(in, strlen(in), &out, &bad));
	assert_string_equal(out, "a\xEF\xBF\xBD]0;x\xEF\xBF\xBD" "b\nc\td\r\n"
	    "\xEF\xBF\xBD");
	free(out);
}

static void
one_line_replaces_every_control(void **state)
{
	char *out = text_one_line("a\nb\tc\x1b[2J");

	assert_string_equal(out, "a b c\xEF\xBF\xBD[2J");
	free(out);
}

static void
width_counts_columns(void **state)
{
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("\xC3\xA9t\xC3\xA9"), 3);        /* été */
	assert_int_equal(text_width("\xE6\x97\xA5\xE6\x9C\xAC"), 4); /* 日本 */
	/* مُدَاوَلَة: 6 letters, 3 harakat of width 0. */
	assert_int_equal(text_width("\xD9\x85\xD9\x8F\xD8\xAF\xD9\x8E\xD8\xA7"
	    "\xD9\x88\xD9\x8E\xD9\x84\xD8\xA9"), 6);
	/* الإدارة: shaped on screen, lam and alef with hamza are one cell;
	 * sent as logical text (the command line), two. */
	text_width_ligatures(true);
	assert_int_equal(text_width("\xD8\xA7\xD9\x84\xD8\xA5\xD8\xAF\xD8\xA7"
	    "\xD8\xB1\xD8\xA9"), 6);
	text_width_ligatures(false);
	assert_int_equal(text_width("\xD8\xA7\xD9\x84\xD8\xA5\xD8\xAF\xD8\xA7"
	    "\xD8\xB1\xD8\xA9"), 7);
}

static void
fit_truncates_with_ellipsis_and_pads(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	text_fit(&sb, "abcdef", 4, 0);
	assert_string_equal(strbuf_str(&sb), "abc\xE2\x80\xA6");
	strbuf_reset(&sb);
	text_fit(&sb, "ab", 4, 0);
	assert_string_equal(strbuf_str(&sb), "ab  ");
	strbuf_reset(&sb);
	text_fit(&sb, "12", 4, 1);
	assert_string_equal(strbuf_str(&sb), "  12");
	strbuf_reset(&sb);
	/* A wide character that does not fit is not split: pad instead. */
	text_fit(&sb, "\xE6\x97\xA5\xE6\x97\xA5\xE6\x97\xA5", 4, 0);
	assert_string_equal(strbuf_str(&sb), "\xE6\x97\xA5\xE2\x80\xA6 ");
	assert_int_equal(text_width(strbuf_str(&sb)), 4);
	strbuf_free(&sb);
}

static void
fit_never_exceeds_width(void **state)
{
	const char *samples[] = {
		"Prix national de l'administration \xC3\xA9lectronique",
		"\xD8\xA7\xD9\x84\xD8\xAC\xD8\xA7\xD8\xA6\xD8\xB2\xD8\xA9 "
		    "\xD8\xA7\xD9\x84\xD9\x88\xD8\xB7\xD9\x86\xD9\x8A\xD8\xA9",
		"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E x",
	};
	size_t i, w;

	for (i = 0; i < 3; i++)
		for (w = 1; w < 40; w++) {
			struct strbuf sb = STRBUF_INIT;

			text_fit(&sb, samples[i], w, 0);
			assert_int_equal(text_width(strbuf_str(&sb)), w);
			strbuf_free(&sb);
		}
}

static void
fold_ignores_case_accents_and_harakat(void **state)
{
	const struct {
		const char *in, *out;
	} cases[] = {
		{ "e-Démarche", "e-demarche" },
		{ "DÉPÔT Électronique", "depot electronique" },
		/* أ إ آ lose their hamza; harakat and tatweel go. */
		{ "الإدارة", "الاداره" },
		{ "الادارة", "الاداره" },
		{ "مُدَاوَلَةُ اللَّجْنَةِ", "مداوله اللجنه" },
		{ "امتيـــاز", "امتياز" },
		{ "آيت ملول", "ايت ملول" },
		{ "مستوى", "مستوي" },
		/* Presentation forms (as pasted from a PDF) fold to letters. */
		{ "\xEF\xBB\xB7", "لا" },
		{ "  deux\tmots\n ", "deux mots" },
		{ "ﬁchier", "fichier" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *f = text_fold(cases[i].in);

		if (strcmp(f, cases[i].out) != 0)
			fail_msg("fold(%s) = '%s', expected '%s'", cases[i].in, f,
			    cases[i].out);
		free(f);
	}
}

static void
fold_survives_malformed_input(void **state)
{
	char *f = text_fold("ab\xC3(cd");

	assert_string_equal(f, "ab(cd");
	free(f);
}

/* NFC of sb's text as a new string; frees sb. */
static char *
nfc_of(struct strbuf *sb)
{
	size_t n = 0;
	uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)strbuf_str(sb),
	    sb->len, NULL, &n);
	char *out = xmalloc(n + 1);

	assert_non_null(nfc);
	strbuf_free(sb);
	memcpy(out, nfc, n);
	out[n] = '\0';
	free(nfc);
	return out;
}

/* text_fold() as it was before it folded ASCII by itself: the whole
 * string through libunistring, then NFC.  The reference the fast path
 * must agree with. */
static char *
fold_reference(const char *s)
{
	size_t n = 0, i;
	uint8_t *d = u8_casefold((const uint8_t *)s, strlen(s), NULL,
	    UNINORM_NFKD, NULL, &n);
	struct strbuf sb = STRBUF_INIT;
	bool space = true;

	assert_non_null(d);
	for (i = 0; i < n;) {
		ucs4_t uc;
		uint8_t buf[6];
		int w;

		i += (size_t)u8_mbtouc(&uc, d + i, n - i);
		if (uc_is_general_category(uc, UC_CATEGORY_M) || uc == 0x0640)
			continue;
		if (uc <= 0x20 || (uc >= 0x7F && uc <= 0x9F) ||
		    uc_is_general_category(uc, UC_CATEGORY_Zs)) {
			if (!space)
				strbuf_addc(&sb, ' ');
			space = true;
			continue;
		}
		if (uc == 0x0629)
			uc = 0x0647;
		else if (uc == 0x0649)
			uc = 0x064A;
		w = u8_uctomb(buf, uc, sizeof buf);
		strbuf_add(&sb, (const char *)buf, (size_t)w);
		space = false;
	}
	free(d);
	while (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	return nfc_of(&sb);
}

static void
fold_fast_path_agrees_with_the_reference(void **state)
{
	static const char *const corpus[] = {
		"", "   ", "ABC def", "De\xCC\x81marche", "e-Démarche  2019",
		"\xEF\xAC\x81n FULLWIDTH \xEF\xBC\xA1\xEF\xBC\xA2",
		"\xC4\xB0stanbul \xCE\xA3\xCE\xA3\xCF\x82",   /* İ, Σς */
		"الإدارة الرقمية، أيضاً — مُـبادرة", "ﻻ ﻹ ﺎﻟ", "Straße",
		"\xE1\x84\x80\xE1\x85\xA1 \xEA\xB0\x80",      /* jamo, 가 */
		"tab\there\nline\x7f\xC2\x85" "end", "A\xC2\xA0" "B\xE2\x80\x83" "C",
		"x\xCC\x81\xCC\xA7y", "مدرسة ومستشفى", "Q\xCC\x87 100% [a]*?",
	};
	size_t i;
	ucs4_t c;

	(void)state;
	for (i = 0; i < sizeof corpus / sizeof *corpus; i++) {
		char *fast = text_fold(corpus[i]), *ref = fold_reference(corpus[i]);

		if (strcmp(fast, ref) != 0)
			fail_msg("'%s': '%s', expected '%s'", corpus[i], fast, ref);
		free(fast);
		free(ref);
	}
	/* Every two-byte character, between ASCII, after a presentation
	 * form, before a combining mark and a Hangul jamo. */
	for (c = 0x80; c < 0x800; c++) {
		char buf[64], one[3] = { (char)(0xC0 | (c >> 6)),
			(char)(0x80 | (c & 0x3F)), 0 };
		char *fast, *ref;

		snprintf(buf, sizeof buf, "A%sb \xEF\xBA\x8D%s\xCC\x81%s"
		    "\xE1\x84\x80 %s", one, one, one, one);
		fast = text_fold(buf);
		ref = fold_reference(buf);
		if (strcmp(fast, ref) != 0)
			fail_msg("U+%04X: '%s', expected '%s'", (unsigned)c, fast,
			    ref);
		free(fast);
		free(ref);
	}
}

/* NFC of s, controls other than tab and newlines replaced: text_clean()
 * without its shortcut. */
static char *
clean_reference(const char *s)
{
	size_t len = strlen(s), i;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < len;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, (const uint8_t *)s + i, len - i);

		if ((uc < 0x20 || (uc >= 0x7F && uc <= 0x9F)) && uc != '\t' &&
		    uc != '\n' && uc != '\r')
			strbuf_adds(&sb, "\xEF\xBF\xBD");
		else
			strbuf_add(&sb, s + i, (size_t)k);
		i += (size_t)k;
	}
	return nfc_of(&sb);
}

/* The shortcut for text already in NFC agrees with normalizing, for every
 * two-byte character before and after letters and combining marks. */
static void
clean_shortcut_agrees_with_normalizing(void **state)
{
	static const char *const around[] = { "a", "e", "\xD8\xA7" /* ا */,
		"\xCC\x81" /* U+0301 */, "\xD9\x94" /* U+0654 */,
		"\xD9\x8E" /* fatha */, "\xE1\x84\x80" /* jamo */, "\t" };
	size_t a, b;
	ucs4_t c;

	(void)state;
	for (c = 0x80; c < 0x800; c++) {
		char one[3] = { (char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F)),
			0 };

		for (a = 0; a < sizeof around / sizeof *around; a++)
			for (b = 0; b < sizeof around / sizeof *around; b++) {
				char buf[32], *got, *ref;
				size_t bad;

				snprintf(buf, sizeof buf, "%s%s%s%s", around[a], one,
				    one, around[b]);
				assert_true(text_clean(buf, strlen(buf), &got, &bad));
				ref = clean_reference(buf);
				if (strcmp(got, ref) != 0)
					fail_msg("U+%04X between %zu and %zu: differs",
					    (unsigned)c, a, b);
				free(got);
				free(ref);
			}
	}
}

static void
wrap_breaks_at_words_within_width(void **state)
{
	struct wrapped w;
	size_t i;
	const char *text = "Ce critère mesure l'impact du téléservice sur "
	    "l'intérêt général.\nDeuxième paragraphe, "
	    "avec_un_mot_beaucoup_trop_long_pour_une_ligne.";

	text_wrap(text, 20, &w);
	assert_true(w.n >= 5);
	for (i = 0; i < w.n; i++)
		assert_true(text_width(w.lines[i]) <= 20);
	assert_string_equal(w.lines[0], "Ce critère mesure");
	/* The hard newline starts a line. */
	for (i = 0; i < w.n; i++)
		if (strncmp(w.lines[i], "Deuxième", 9) == 0)
			break;
	assert_true(i < w.n);
	text_wrapped_free(&w);

	text_wrap("الجائزة الوطنية للإدارة الإلكترونية", 12, &w);
	for (i = 0; i < w.n; i++)
		assert_true(text_width(w.lines[i]) <= 12);
	assert_string_equal(w.lines[0], "الجائزة");
	text_wrapped_free(&w);
}

/* The non-space bytes of s, in order. */
static void
letters(const char *s, struct strbuf *out)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\n')
			strbuf_addc(out, *s);
}

/*
 * Words exactly as wide as the line, then spaces (the input that broke the
 * heap once: a 116-column word and " x" at 116), wide characters at the
 * edge, marks of no width: at every width, no line is wider than the
 * width unless it is one character, and nothing is lost.
 */
static void
wrap_at_the_edge_keeps_every_letter(void **state)
{
	static const char *const texts[] = {
		"AAAA x", "AAAA  x  ", "AAAA\nBBBB x", " AAAA", "A B C D E F",
		"\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97 x",    /* wide */
		"e\xCC\x81" "e\xCC\x81" "e\xCC\x81 x",           /* marks */
		"\xD9\x85\xD9\x8F\xD8\xAF\xD9\x8E\xD8\xA7 x",  /* harakat */
		"                ", "",
	};
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT, big = STRBUF_INIT;
	size_t t, width, i;

	(void)state;
	for (i = 0; i < 116; i++)
		strbuf_addc(&big, 'A');
	strbuf_adds(&big, " x");
	for (t = 0; t <= sizeof texts / sizeof texts[0]; t++) {
		const char *text = t < sizeof texts / sizeof texts[0] ? texts[t] :
		    strbuf_str(&big);

		for (width = 1; width <= 130; width++) {
			struct wrapped w;

			text_wrap(text, width, &w);
			strbuf_reset(&want);
			strbuf_reset(&got);
			letters(text, &want);
			for (i = 0; i < w.n; i++) {
				size_t cols = text_width(w.lines[i]);

				if (cols > width && u8_mbsnlen((const uint8_t *)
				    w.lines[i], strlen(w.lines[i])) > 1)
					fail_msg("'%s' at %zu: line '%s' is %zu wide",
					    text, width, w.lines[i], cols);
				letters(w.lines[i], &got);
			}
			assert_string_equal(strbuf_str(&got), strbuf_str(&want));
			text_wrapped_free(&w);
		}
	}
	strbuf_free(&want);
	strbuf_free(&got);
	strbuf_free(&big);
}

/* One administration, however its name is typed; Arabic too. */
static void
name_keys_ignore_case_accents_spaces_and_punctuation(void **state)
{
	static const char *const same[] = {
		"Commune de Rabat", "commune de rabat ", "  COMMUNE  DE RABAT.",
		"Commune-de-Rabat", "Communé de Rabat",
	};
	char *want = text_name_key(same[0]), *k;
	size_t i;

	(void)state;
	assert_string_equal(want, "commune de rabat");
	for (i = 1; i < sizeof same / sizeof same[0]; i++) {
		k = text_name_key(same[i]);
		assert_string_equal(k, want);
		free(k);
	}
	free(want);
	want = text_name_key("جماعة الرباط");
	k = text_name_key("جَمَاعَةُ  الرِّبَاط.");
	assert_string_equal(k, want);
	free(k);
	free(want);
	k = text_name_key(" .-, ");
	assert_string_equal(k, "");
	free(k);
	k = text_name_key("Commune de Salé");
	want = text_name_key("Commune de Rabat");
	assert_string_not_equal(k, want);
	free(k);
	free(want);
}

static void
bars_measure_in_eighths(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	text_bar(&sb, 20, 20, 10, false);
	assert_int_equal(text_width(strbuf_str(&sb)), 10);
	strbuf_reset(&sb);
	text_bar(&sb, 10, 20, 10, false);   /* five full cells */
	assert_string_equal(strbuf_str(&sb), "█████");
	strbuf_reset(&sb);
	text_bar(&sb, 1, 16, 2, false);     /* one eighth */
	assert_string_equal(strbuf_str(&sb), "▏");
	strbuf_reset(&sb);
	text_bar(&sb, 30, 20, 4, false);    /* clamped to the scale */
	assert_string_equal(strbuf_str(&sb), "████");
	strbuf_reset(&sb);
	text_bar(&sb, 0.0 / 0.0, 20, 4, false); /* nothing for NaN */
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_reset(&sb);
	/* Right to left: whole cells and a right half block. */
	text_bar(&sb, 13, 20, 4, true);     /* 2.6 cells -> 2.5 */
	assert_string_equal(strbuf_str(&sb), "██▐");
	strbuf_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_composes_to_nfc),
		cmocka_unit_test(clean_shortcut_agrees_with_normalizing),
		cmocka_unit_test(clean_rejects_malformed_utf8),
		cmocka_unit_test(clean_neutralizes_controls_keeps_newlines),
		cmocka_unit_test(one_line_replaces_every_control),
		cmocka_unit_test(width_counts_columns),
		cmocka_unit_test(fit_truncates_with_ellipsis_and_pads),
		cmocka_unit_test(fit_never_exceeds_width),
		cmocka_unit_test(fold_ignores_case_accents_and_harakat),
		cmocka_unit_test(fold_survives_malformed_input),
		cmocka_unit_test(fold_fast_path_agrees_with_the_reference),
		cmocka_unit_test(wrap_breaks_at_words_within_width),
		cmocka_unit_test(wrap_at_the_edge_keeps_every_letter),
		cmocka_unit_test(name_keys_ignore_case_accents_spaces_and_punctuation),
		cmocka_unit_test(bars_measure_in_eighths),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
