/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo edition's application forms and documents: written for the
 * demonstration, and said to be so in every answer and document. */
#ifndef MUDAWALA_DEMODOCS_H
#define MUDAWALA_DEMODOCS_H

#include "core/db.h"

/* In the open transaction: every dossier's answers to the preset's form
 * and two small documents (a PDF fact sheet of two pages, a bilingual
 * note), with their text in the search index. */
int demo_documents(struct edition *ed, struct mw_error *err);

#endif
