/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * For the terminal tests: how the program draws a line of text.
 *   shape TEXT         the text as drawn in app mode, RTL interface
 *   shape --unshaped   reads a screen on stdin; exit 1 if any unshaped
 *                      Arabic letter (U+0621..U+064A but tatweel) is
 *                      on it
 */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "text/bidi.h"

int
main(int argc, char **argv)
{
	struct text_layout l;
	char *s, line[65536];

	setlocale(LC_ALL, "C.UTF-8");
	if (argc == 2 && strcmp(argv[1], "--unshaped") == 0) {
		int bad = 0;

		while (fgets(line, sizeof line, stdin) != NULL) {
			const uint8_t *p = (const uint8_t *)line;
			ucs4_t c;

			while (*p != '\0') {
				int n = u8_mbtouc(&c, p, strlen((const char *)p));

				/* Tatweel (U+0640) is no letter: it has no form. */
				if (c >= 0x0621 && c <= 0x064A && c != 0x0640) {
					fprintf(stderr, "unshaped U+%04X in: %s",
					    (unsigned)c, line);
					bad = 1;
				}
				p += n > 0 ? n : 1;
			}
		}
		return bad;
	}
	if (argc != 2) {
		fputs("usage: shape TEXT | shape --unshaped < screen\n", stderr);
		return 2;
	}
	text_layout(argv[1], 1000, TEXT_DIR_AUTO, TEXT_DIR_RTL, TEXT_MODE_APP,
	    &l);
	s = text_layout_utf8(&l);
	puts(s);
	free(s);
	text_layout_free(&l);
	return 0;
}
