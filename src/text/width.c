/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <stdbool.h>

#include <string.h>
#include <unistr.h>
#include <uniwidth.h>
#include <wchar.h>

#include "text/width.h"
#include "util/strbuf.h"

/* Width of one code point: wcwidth first (what ncurses uses); where the C
 * library knows nothing (non-UTF-8 locale), libunistring's table. */
static int
cp_width(ucs4_t uc)
{
	int w = wcwidth((wchar_t)uc);

	if (w < 0)
		w = uc_width(uc, "UTF-8");
	return w < 0 ? 1 : w;
}

static bool ligatures;

void
text_width_ligatures(bool on)
{
	ligatures = on;
}

/* The alefs that join a lam before them into one lam-alef ligature. */
static bool
is_alef(ucs4_t uc)
{
	return uc == 0x0622 || uc == 0x0623 || uc == 0x0625 || uc == 0x0627;
}

size_t
text_width(const char *s)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t len = strlen(s), i, w = 0;
	ucs4_t prev = 0;

	for (i = 0; i < len;) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, u + i, len - i);

		/* Shaped, a lam and the alef after it are one cell. */
		if (ligatures && prev == 0x0644 && is_alef(uc))
			w--;
		w += (size_t)cp_width(uc);
		prev = uc;
		i += (size_t)n;
	}
	return w;
}

void
text_fit(struct strbuf *sb, const char *s, size_t width, int right_align)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t len = strlen(s), i, used = 0, cut = len, total = text_width(s);

	if (total > width) {
		/* Keep what fits in width - 1 columns, then the ellipsis. */
		size_t room = width > 0 ? width - 1 : 0;

		for (i = 0; i < len;) {
			ucs4_t uc;
			int n = u8_mbtouc(&uc, u + i, len - i);
			size_t w = (size_t)cp_width(uc);

			if (used + w > room)
				break;
			used += w;
			i += (size_t)n;
		}
		cut = i;
		if (width > 0) {
			strbuf_add(sb, s, cut);
			strbuf_adds(sb, "\xE2\x80\xA6");
			used++;
		}
		while (used++ < width)
			strbuf_addc(sb, ' ');
		return;
	}
	if (right_align)
		for (used = total; used < width; used++)
			strbuf_addc(sb, ' ');
	strbuf_add(sb, s, len);
	if (!right_align)
		for (used = total; used < width; used++)
			strbuf_addc(sb, ' ');
}

void
text_bar(struct strbuf *sb, double value, double max, int width, bool rtl)
{
	static const char *const eighths[] = {
		"", "\xE2\x96\x8F", "\xE2\x96\x8E", "\xE2\x96\x8D",
		"\xE2\x96\x8C", "\xE2\x96\x8B", "\xE2\x96\x8A", "\xE2\x96\x89",
	};
	long cells8, i;

	if (max <= 0 || value != value || width <= 0)
		return;
	if (value < 0)
		value = 0;
	if (value > max)
		value = max;
	cells8 = (long)(value / max * width * 8 + 0.5);
	if (rtl) {
		/* Growing leftwards: only a right half block (U+2590) hugs the
		 * bar's far end, so halves instead of eighths. */
		long halves = (cells8 + 2) / 4;

		for (i = 0; i < halves / 2; i++)
			strbuf_adds(sb, "\xE2\x96\x88");
		if (halves % 2)
			strbuf_adds(sb, "\xE2\x96\x90");
		return;
	}
	for (i = 0; i < cells8 / 8; i++)
		strbuf_adds(sb, "\xE2\x96\x88");       /* a full block */
	strbuf_adds(sb, eighths[cells8 % 8]);
}
