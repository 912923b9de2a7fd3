/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The typeface of the documents mudawala draws (certificates, the PDF
 * minutes): Amiri, an Arabic Naskh with a Latin companion. */
#ifndef MUDAWALA_TYPEFACE_H
#define MUDAWALA_TYPEFACE_H

#include "util/error.h"

#define TYPEFACE "Amiri"

/* 0 if Pango finds the typeface; else -1 saying which package to
 * install. */
int typeface_check(struct mw_error *err);

#endif
