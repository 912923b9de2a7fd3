/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unilbrk.h>
#include <unistr.h>

#include "text/clean.h"
#include "text/width.h"
#include "text/wrap.h"
#include "util/error.h"
#include "util/strbuf.h"

static void
push_line(struct wrapped *out, const char *s, size_t len)
{
	/* Trailing spaces of a broken line are not content. */
	while (len > 0 && s[len - 1] == ' ')
		len--;
	out->lines = xrealloc(out->lines, (out->n + 1) * sizeof *out->lines);
	out->lines[out->n] = xmalloc(len + 1);
	memcpy(out->lines[out->n], s, len);
	out->lines[out->n][len] = '\0';
	out->n++;
}

/* Wrap one paragraph (no newline inside). */
static void
wrap_paragraph(const char *para, size_t len, size_t width,
    struct wrapped *out)
{
	char *one = xmalloc(len + 1), *p;
	char *breaks;
	size_t i, start = 0, last_break = 0, col = 0, n;

	memcpy(one, para, len);
	one[len] = '\0';
	p = text_one_line(one);
	free(one);
	n = strlen(p);
	breaks = xmalloc(n + 1);
	u8_possible_linebreaks((const uint8_t *)p, n, "UTF-8", breaks);
	for (i = 0; i < n;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, (const uint8_t *)p + i, n - i);
		char buf[8];
		size_t w;

		if (i > start && breaks[i] == UC_BREAK_POSSIBLE)
			last_break = i;
		memcpy(buf, p + i, (size_t)k);
		buf[k] = '\0';
		w = text_width(buf);
		if (col + w > width && i > start) {
			size_t cut = last_break > start ? last_break : i;

			push_line(out, p + start, cut - start);
			start = cut;
			while (start < n && p[start] == ' ')
				start++;
			last_break = start;
			col = 0;
			/* The spaces skipped may reach past i (a word exactly as
			 * wide as the line, then a space): go on from start. */
			if (i < start)
				i = start;
			/* Re-measure what moved to the new line. */
			{
				char *rest = xmalloc(i - start + 1);

				memcpy(rest, p + start, i - start);
				rest[i - start] = '\0';
				col = text_width(rest);
				free(rest);
			}
			continue;
		}
		col += w;
		i += (size_t)k;
	}
	if (start < n || n == 0)
		push_line(out, p + start, n - start);
	free(breaks);
	free(p);
}

void
text_wrap(const char *s, size_t width, struct wrapped *out)
{
	const char *p = s;

	out->lines = NULL;
	out->n = 0;
	if (width == 0)
		width = 1;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (len > 0 && p[len - 1] == '\r')
			len--;
		wrap_paragraph(p, len, width, out);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

void
text_wrapped_free(struct wrapped *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->lines[i]);
	free(w->lines);
	w->lines = NULL;
	w->n = 0;
}
