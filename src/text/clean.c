/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "text/clean.h"
#include "util/error.h"
#include "util/strbuf.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

static bool
is_control(ucs4_t uc)
{
	return uc < 0x20 || (uc >= 0x7F && uc <= 0x9F);
}

/*
 * The two-byte characters (U+0080-U+07FF) that normalization leaves as
 * they are wherever they stand: NFC maps them to themselves, and they are
 * starters (combining class 0), so nothing before them composes with
 * them.  (The starters that do compose with what precedes them, Hangul
 * vowels and a few vowel signs, are all above U+0800.)  Asked once of
 * libunistring.  Controls are not in the set.
 */
static bool nfc_stable[0x800];
static pthread_once_t nfc_stable_once = PTHREAD_ONCE_INIT;

static void
build_nfc_stable(void)
{
	ucs4_t c;

	for (c = 0xA0; c < 0x800; c++) {
		uint8_t in[2] = { (uint8_t)(0xC0 | (c >> 6)),
			(uint8_t)(0x80 | (c & 0x3F)) };
		size_t n = 0;
		uint8_t *nfc;

		if (uc_combining_class(c) != 0)
			continue;
		nfc = u8_normalize(UNINORM_NFC, in, 2, NULL, &n);
		nfc_stable[c] = nfc != NULL && n == 2 && memcmp(nfc, in, 2) == 0;
		free(nfc);
	}
}

/* Whether s (valid UTF-8) is already clean and in NFC: printable ASCII,
 * tab, newlines and stable two-byte characters only. */
static bool
already_clean(const uint8_t *u, size_t len)
{
	size_t i = 0;

	pthread_once(&nfc_stable_once, build_nfc_stable);
	while (i < len) {
		uint8_t c = u[i];

		if (c < 0x80) {
			if (c == 0x7F || (c < 0x20 && c != '\t' && c != '\n' &&
			    c != '\r'))
				return false;
			i++;
		} else if (c >= 0xC2 && c <= 0xDF && i + 1 < len &&
		    nfc_stable[((ucs4_t)(c & 0x1F) << 6) | (u[i + 1] & 0x3F)])
			i += 2;
		else
			return false;
	}
	return true;
}

bool
text_clean(const char *s, size_t len, char **out, size_t *bad_offset)
{
	const uint8_t *u = (const uint8_t *)s;
	const uint8_t *bad = u8_check(u, len);
	struct strbuf sb = STRBUF_INIT;
	uint8_t *nfc;
	size_t nfclen = 0, i;

	if (bad != NULL) {
		*bad_offset = (size_t)(bad - u);
		return false;
	}
	/* Most text (ids, numbers, French, Arabic without harakat) is
	 * already clean and in NFC. */
	if (already_clean(u, len)) {
		*out = xmalloc(len + 1);
		memcpy(*out, s, len);
		(*out)[len] = '\0';
		return true;
	}
	for (i = 0; i < len;) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, u + i, len - i);

		if (is_control(uc) && uc != '\t' && uc != '\n' && uc != '\r')
			strbuf_adds(&sb, replacement);
		else
			strbuf_add(&sb, s + i, (size_t)n);
		i += (size_t)n;
	}
	nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)strbuf_str(&sb),
	    sb.len, NULL, &nfclen);
	strbuf_free(&sb);
	if (nfc == NULL)
		fatal("out of memory");
	*out = xmalloc(nfclen + 1);
	memcpy(*out, nfc, nfclen);
	(*out)[nfclen] = '\0';
	free(nfc);
	return true;
}

bool
text_is_bidi_control(uint32_t uc)
{
	return uc == 0x061C || uc == 0x200E || uc == 0x200F ||
	    (uc >= 0x202A && uc <= 0x202E) || (uc >= 0x2066 && uc <= 0x2069);
}

enum keep {
	KEEP_NONE,              /* one line: TAB, LF, CR become spaces */
	KEEP_LINES,             /* TAB, LF and CR stay */
};

/* The one walk every destination shares: malformed bytes and controls
 * become U+FFFD (or spaces), bidi controls go when drop_bidi. */
static char *
sanitize(const char *s, enum keep keep, bool drop_bidi)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t len = strlen(s), i;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < len;) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, u + i, len - i);

		if (uc == 0xFFFD && !(n == 3 && memcmp(u + i, replacement, 3) == 0))
			strbuf_adds(&sb, replacement);       /* malformed */
		else if (uc == '\t' || uc == '\n' || uc == '\r')
			strbuf_addc(&sb, keep == KEEP_LINES ? (char)uc : ' ');
		else if (is_control(uc))
			strbuf_adds(&sb, replacement);
		else if (!(drop_bidi && text_is_bidi_control(uc)))
			strbuf_add(&sb, s + i, (size_t)n);
		i += (size_t)n;
	}
	return strbuf_detach(&sb);
}

char *
text_one_line(const char *s)
{
	/* The layout that follows resolves the bidi controls itself. */
	return sanitize(s, KEEP_NONE, false);
}

char *
text_for_terminal(const char *s)
{
	return sanitize(s, KEEP_NONE, true);
}

char *
text_for_csv(const char *s)
{
	return sanitize(s, KEEP_LINES, true);
}

char *
text_for_json(const char *json)
{
	const uint8_t *u = (const uint8_t *)json;
	size_t len = strlen(json), i;
	struct strbuf sb = STRBUF_INIT;

	/* Such characters stand only inside JSON strings, where \uXXXX means
	 * the same: the data is kept, a terminal shows no control. */
	for (i = 0; i < len;) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, u + i, len - i);

		if ((uc >= 0x7F && uc <= 0x9F) || text_is_bidi_control(uc))
			strbuf_addf(&sb, "\\u%04X", (unsigned)uc);
		else
			strbuf_add(&sb, json + i, (size_t)n);
		i += (size_t)n;
	}
	return strbuf_detach(&sb);
}

void
text_html_escape(struct strbuf *sb, const char *s)
{
	char *clean = sanitize(s != NULL ? s : "", KEEP_LINES, true);
	const char *p;

	for (p = clean; *p != '\0'; p++)
		switch (*p) {
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '"': strbuf_adds(sb, "&quot;"); break;
		case '\'': strbuf_adds(sb, "&#39;"); break;
		default: strbuf_addc(sb, *p); break;
		}
	free(clean);
}
