/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "core/doctext.h"
#include "text/clean.h"

bool
doctext_readable(const char *mime)
{
	return strcmp(mime, "application/pdf") == 0 ||
	    strncmp(mime, "text/", 5) == 0;
}

/* One page's text, cleaned (valid UTF-8, NFC) before anyone reads it. */
static int
give(doctext_page_fn fn, void *ctx, int page, const char *text, size_t len)
{
	char *clean = NULL;
	size_t bad;
	int ret;

	if (!text_clean(text, len, &clean, &bad)) {
		free(clean);
		return -1;
	}
	ret = fn != NULL ? fn(ctx, page, clean) : 0;
	free(clean);
	return ret;
}

static int
pdf_pages(const void *data, size_t len, doctext_page_fn fn, void *ctx)
{
	GBytes *bytes = g_bytes_new_static(data, len);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL,
	    NULL);
	int n, i, ret = 0;

	g_bytes_unref(bytes);
	if (doc == NULL)
		return -1;
	n = poppler_document_get_n_pages(doc);
	for (i = 0; ret == 0 && i < n; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		char *text = page != NULL ? poppler_page_get_text(page) : NULL;

		/* A page poppler cannot give the text of is an empty page,
		 * so that pages keep their numbers. */
		ret = give(fn, ctx, i + 1, text != NULL ? text : "",
		    text != NULL ? strlen(text) : 0);
		g_free(text);
		if (page != NULL)
			g_object_unref(page);
	}
	g_object_unref(doc);
	return ret == 0 ? n : ret;
}

int
doctext_pages(const void *data, size_t len, const char *mime,
    doctext_page_fn fn, void *ctx)
{
	int ret;

	if (strcmp(mime, "application/pdf") == 0)
		return pdf_pages(data, len, fn, ctx);
	if (strncmp(mime, "text/", 5) != 0)
		return 0;
	ret = give(fn, ctx, 1, data, len);
	return ret == 0 ? 1 : ret;
}
