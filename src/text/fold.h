/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Folding text for search, so that what people type finds what they
 * mean: "demarche" finds "e-Démarche", "الادارة" finds "الإدارة". */
#ifndef MUDAWALA_TEXT_FOLD_H
#define MUDAWALA_TEXT_FOLD_H

/*
 * Return a new string (caller frees): s in NFKC (presentation forms
 * folded), case-folded, without combining marks (French accents, Arabic
 * harakat, and the hamza of أ إ آ, which leaves ا), without tatweel, with
 * ة folded to ه and ى to ي, controls and runs of spaces turned into one
 * space.  Malformed UTF-8 bytes, and U+FFFD, are dropped.
 */
char *text_fold(const char *s);

/*
 * The key an administration's name is matched by (caller frees): the
 * fold above, with only letters and digits, words one space apart (a
 * full stop joins, as in "A.N.R.T."), so that a conflict of interest
 * never depends on case, accents, spaces or punctuation.  "" when s has
 * no letter or digit.
 */
char *text_name_key(const char *s);

#endif
