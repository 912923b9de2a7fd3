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

#endif
