/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: what the documents a ministry files read from outside.
 * The input is read as the text of a certificate's QR code, and laid out
 * as the HTML of the minutes into a PDF (in memory): any markup, any
 * nesting, any attribute must come out as a document or an error. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/certificate.h"
#include "core/pdfminutes.h"
#include "core/sink.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mw_error err = { 0 };
	struct certificate c;
	struct sink out;
	char *text;

	if (size > 8192)
		return 0;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	(void)certificate_parse(text, &c, &err);
	sink_memory(&out);
	(void)pdf_minutes_write((const char *)data, size, "fuzz", &out, &err);
	free(out.buf.buf);
	free(text);
	return 0;
}
