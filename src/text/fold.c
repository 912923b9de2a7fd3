/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "text/fold.h"
#include "util/error.h"
#include "util/strbuf.h"

/* Spaces: controls, C1, and Unicode space separators become one ' ';
 * *space says the output ends in one (or is empty). */
static void
add_space(struct strbuf *sb, bool *space)
{
	if (!*space)
		strbuf_addc(sb, ' ');
	*space = true;
}

/* Fold the non-ASCII run s[0..len) onto sb. */
static void
fold_run(struct strbuf *sb, const uint8_t *s, size_t len, bool *space)
{
	size_t n = 0, i;
	uint8_t *decomposed;

	/* Case folding into NFKD: compatibility forms (Arabic presentation
	 * forms, ligatures) and canonical ones (é = e + U+0301, أ = ا + U+0654)
	 * come apart, so that the marks can be dropped one by one. */
	decomposed = u8_casefold(s, len, NULL, UNINORM_NFKD, NULL, &n);
	if (decomposed == NULL) {
		/* Malformed input: fold what is well formed. */
		uint8_t *copy = xmalloc(len + 1);
		size_t j = 0;

		for (i = 0; i < len;) {
			ucs4_t uc;
			int k = u8_mbtouc(&uc, s + i, len - i);

			if (uc != 0xFFFD || (k == 3 && memcmp(s + i,
			    "\xEF\xBF\xBD", 3) == 0)) {
				memcpy(copy + j, s + i, (size_t)k);
				j += (size_t)k;
			}
			i += (size_t)k;
		}
		if (u8_check(copy, j) != NULL)
			fatal("text_fold: cannot clean input");
		decomposed = u8_casefold(copy, j, NULL, UNINORM_NFKD, NULL, &n);
		free(copy);
		if (decomposed == NULL && j > 0)
			fatal("out of memory");
	}
	for (i = 0; i < n;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, decomposed + i, n - i);
		uint8_t buf[6];
		int w;

		i += (size_t)k;
		/* Marks, tatweel, and what stands for malformed input. */
		if (uc_is_general_category(uc, UC_CATEGORY_M) || uc == 0x0640 ||
		    uc == 0xFFFD)
			continue;
		if (uc < 0x20 || uc == ' ' || (uc >= 0x7F && uc <= 0x9F) ||
		    uc_is_general_category(uc, UC_CATEGORY_Zs)) {
			add_space(sb, space);
			continue;
		}
		if (uc == 0x0629)               /* ة -> ه */
			uc = 0x0647;
		else if (uc == 0x0649)          /* ى -> ي */
			uc = 0x064A;
		w = u8_uctomb(buf, uc, sizeof buf);
		if (w > 0)
			strbuf_add(sb, (const char *)buf, (size_t)w);
		*space = false;
	}
	free(decomposed);
}

/* Whether s holds a Hangul jamo (U+1100-U+11FF): after the marks are
 * gone, the only characters canonical composition still joins. */
static bool
has_jamo(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 2 < len; i++)
		if ((unsigned char)s[i] == 0xE1 &&
		    (unsigned char)s[i + 1] >= 0x84 &&
		    (unsigned char)s[i + 1] <= 0x87)
			return true;
	return false;
}

/*
 * The fold of each two-byte character (U+0080-U+07FF: Latin, Greek,
 * Cyrillic, Hebrew, Arabic and their marks), computed once by fold_run()
 * itself: folding is character by character (case folding and
 * decomposition map each character on its own, and marks are dropped
 * wherever they are), so a string's fold is the concatenation of its
 * characters' folds.
 */
enum { FOLD_SPACE = -1, FOLD_LONG = -2 };
static struct {
	char s[12];
	signed char len;        /* bytes in s, FOLD_SPACE or FOLD_LONG */
} two_byte[0x800];
static pthread_once_t two_byte_once = PTHREAD_ONCE_INIT;

static void
build_two_byte(void)
{
	ucs4_t c;

	for (c = 0x80; c < 0x800; c++) {
		uint8_t in[2] = { (uint8_t)(0xC0 | (c >> 6)),
			(uint8_t)(0x80 | (c & 0x3F)) };
		struct strbuf sb = STRBUF_INIT;
		bool space = false;

		fold_run(&sb, in, 2, &space);
		if (space)
			two_byte[c].len = FOLD_SPACE;
		else if (sb.len < sizeof two_byte[c].s) {
			memcpy(two_byte[c].s, strbuf_str(&sb), sb.len);
			two_byte[c].len = (signed char)sb.len;
		} else
			two_byte[c].len = FOLD_LONG;
		strbuf_free(&sb);
	}
}

/* The code point of a well-formed two-byte sequence at p, or 0. */
static ucs4_t
two_byte_at(const uint8_t *p)
{
	if (p[0] >= 0xC2 && p[0] <= 0xDF && (p[1] & 0xC0) == 0x80)
		return ((ucs4_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
	return 0;
}

/*
 * ASCII is folded here (lower case, spaces), two-byte characters from the
 * table above, the runs of others through libunistring.  Most text of an
 * edition is ASCII, French or Arabic, and a large import folds every
 * dossier.
 */
char *
text_fold(const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	struct strbuf sb = STRBUF_INIT;
	bool space = true;      /* drop leading spaces */
	uint8_t *nfc;
	size_t nfclen = 0;

	pthread_once(&two_byte_once, build_two_byte);
	while (*p != '\0') {
		ucs4_t c;

		if (*p < 0x80) {
			uint8_t a = *p++;

			if (a <= 0x20 || a == 0x7F)
				add_space(&sb, &space);
			else {
				strbuf_addc(&sb, (char)(a >= 'A' && a <= 'Z' ?
				    a + ('a' - 'A') : a));
				space = false;
			}
		} else if ((c = two_byte_at(p)) != 0 &&
		    two_byte[c].len != FOLD_LONG) {
			p += 2;
			if (two_byte[c].len == FOLD_SPACE)
				add_space(&sb, &space);
			else if (two_byte[c].len > 0) {
				/* Some fold to a space and more (U+037A is
				 * " ι"): spaces still collapse. */
				const char *f = two_byte[c].s;
				size_t n = (size_t)two_byte[c].len;

				if (*f == ' ' && space) {
					f++;
					n--;
				}
				strbuf_add(&sb, f, n);
				space = n > 0 ? f[n - 1] == ' ' : space;
			}
		} else {
			const uint8_t *run = p++;

			while (*p >= 0x80 && (two_byte_at(p) == 0 ||
			    two_byte[two_byte_at(p)].len == FOLD_LONG))
				p++;
			fold_run(&sb, run, (size_t)(p - run), &space);
		}
	}
	while (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	if (!has_jamo(strbuf_str(&sb), sb.len))
		return strbuf_detach(&sb);
	nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)strbuf_str(&sb), sb.len,
	    NULL, &nfclen);
	strbuf_free(&sb);
	if (nfc == NULL)
		fatal("out of memory");
	{
		char *out = xmalloc(nfclen + 1);

		memcpy(out, nfc, nfclen);
		out[nfclen] = '\0';
		free(nfc);
		return out;
	}
}

char *
text_name_key(const char *s)
{
	char *folded = text_fold(s);
	const uint8_t *u = (const uint8_t *)folded;
	size_t len = strlen(folded), i;
	struct strbuf sb = STRBUF_INIT;
	bool space = false;

	/* Letters and digits only, words one space apart, full stops
	 * dropped: "Commune de Rabat ", "commune de rabat" and "Commune de
	 * Rabat." are one key, and so are "A.N.R.T." and "ANRT". */
	for (i = 0; i < len;) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, u + i, len - i);

		if (uc_is_alnum(uc)) {
			if (space && sb.len > 0)
				strbuf_addc(&sb, ' ');
			space = false;
			strbuf_add(&sb, folded + i, (size_t)n);
		} else if (uc != '.')   /* "A.N.R.T." is ANRT */
			space = true;
		i += (size_t)n;
	}
	free(folded);
	return strbuf_detach(&sb);
}
