/* The search index of dossiers (derived data, outside the audit chain). */
#ifndef MUDAWALA_SEARCH_H
#define MUDAWALA_SEARCH_H

#include "core/db.h"

/* (Re)index the dossier with this id from its current row. */
int search_index_dossier(struct edition *ed, const char *id,
    struct mw_error *err);

#endif
