/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the text pipeline, as dossier text reaches the screen:
 * cleaning, one-line folding, width, search folding, and wrapping and
 * laying out (bidi, shaping, cutting) at every width from 1 to 300, in
 * both modes and every direction. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "text/bidi.h"
#include "text/clean.h"
#include "text/fold.h"
#include "text/width.h"
#include "text/wrap.h"
#include "util/strbuf.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *clean = NULL, *line, *folded;
	size_t bad;
	int width;

	if (size > 512)
		return 0;
	if (!text_clean((const char *)data, size, &clean, &bad))
		return 0;
	line = text_one_line(clean);
	(void)text_width(line);
	folded = text_fold(clean);
	free(folded);
	for (width = 1; width <= 300; width++) {
		struct wrapped w;
		struct text_layout l;
		struct strbuf sb = STRBUF_INIT;
		char *out;

		text_wrap(clean, (size_t)width, &w);
		text_wrapped_free(&w);
		text_layout(line, width, (enum text_dir)(width % 3), TEXT_DIR_LTR,
		    width % 2 ? TEXT_MODE_APP : TEXT_MODE_TERMINAL, &l);
		if (l.width > width)
			abort();        /* never wider than asked */
		out = text_layout_utf8(&l);
		free(out);
		(void)text_layout_column(&l, (size_t)width);
		text_layout_free(&l);
		text_fit(&sb, line, (size_t)width, width % 2);
		strbuf_free(&sb);
	}
	free(line);
	free(clean);
	return 0;
}
