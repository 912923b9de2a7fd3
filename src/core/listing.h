/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The listings of `mudawala list`: categories, criteria, prizes, dossiers,
 * jurors and the application form.  Dossiers, jurors and the form list the
 * columns their CSV import takes, in the same order, so a listing imports
 * back unchanged. */
#ifndef MUDAWALA_LISTING_H
#define MUDAWALA_LISTING_H

#include "core/db.h"
#include "core/rows.h"

enum listing_kind {
	LIST_CATEGORIES,
	LIST_CRITERIA,
	LIST_PRIZES,
	LIST_DOSSIERS,
	LIST_JURORS,
	LIST_FORM,
	LIST_KIND_COUNT
};

/* "categories", ...; -1 if unknown. */
int listing_kind_parse(const char *s);

/* The column names of a listing. */
const struct columns *listing_columns(enum listing_kind kind);

/* Stream the rows of a listing, in a stable order, to fn. */
int listing_run(struct edition *ed, enum listing_kind kind, row_fn fn,
    void *ctx, struct mw_error *err);

#endif
