/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text on its way into the edition file: UTF-8 checked, NFC, controls
 * neutralized; and on its way to a single terminal line. */
#ifndef MUDAWALA_TEXT_CLEAN_H
#define MUDAWALA_TEXT_CLEAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Check that s[0..len) is well-formed UTF-8 and return a new NFC string in
 * *out (caller frees).  C0 controls other than TAB, LF and CR, DEL and the
 * C1 controls become U+FFFD, so that no escape sequence can be stored.
 * On malformed input returns false and sets *bad_offset to the byte offset
 * of the first bad sequence; *out is untouched.
 */
bool text_clean(const char *s, size_t len, char **out, size_t *bad_offset);

/*
 * Append to a new string a copy of s fit for one terminal line: every
 * control character (including TAB, LF and CR) and every malformed byte
 * becomes a visible replacement (a space for TAB/LF/CR, U+FFFD otherwise).
 * The result is owned by the caller.
 */
char *text_one_line(const char *s);

/*
 * Text on its way out, one function per destination; each returns a new
 * string (caller frees).  Controls and malformed bytes become U+FFFD, so
 * that no escape sequence from data reaches a terminal or a file that a
 * terminal may show, and the bidi controls (embeddings, overrides,
 * isolates, marks) are dropped, so that no field reorders its
 * neighbours.
 *   text_for_terminal  one line (TAB, LF, CR become spaces)
 *   text_for_csv       lines kept (CSV quotes them)
 *   text_html_escape   lines kept, appended HTML-escaped to sb
 */
char *text_for_terminal(const char *s);
char *text_for_csv(const char *s);
/* JSON text (SQLite's, whose strings already escape C0): DEL, the C1
 * controls and the bidi controls escaped as \uXXXX, which JSON reads as
 * the same characters. */
char *text_for_json(const char *json);
struct strbuf;
void text_html_escape(struct strbuf *sb, const char *s);

/* U+061C, U+200E/F, U+202A-E, U+2066-9. */
bool text_is_bidi_control(uint32_t uc);

#endif
