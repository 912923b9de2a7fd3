/* The search index of dossiers (derived data, outside the audit chain):
 * the folded text (text_fold) of each dossier in an FTS5 trigram table.
 *
 * Writing to an FTS5 table inside a transaction makes SQLite flush the
 * index at every later statement of that transaction (its savepoints),
 * so a bulk load that indexed row by row would write the index once per
 * row.  Instead the dossiers to index are marked as they change, and one
 * statement indexes them all before the commit. */
#ifndef MUDAWALA_SEARCH_H
#define MUDAWALA_SEARCH_H

#include "core/db.h"

/* Start a write that will mark dossiers: clears the marks. */
int search_begin(struct edition *ed, struct mw_error *err);

/* The dossier with this id changed: index it again at search_flush(). */
int search_mark(struct edition *ed, const char *id, struct mw_error *err);

/* (Re)index every marked dossier from its current row, in the open
 * transaction. */
int search_flush(struct edition *ed, struct mw_error *err);

/* Index the dossiers after rowid `after`, new and not yet indexed (a bulk
 * load), in the open transaction. */
int search_index_after(struct edition *ed, long long after,
    struct mw_error *err);

#endif
