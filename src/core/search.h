/* SPDX-License-Identifier: GPL-3.0-or-later */
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

#include <stdbool.h>

#include "core/db.h"

/*
 * The text a dossier d is found by, folded (mudawala_fold() is
 * text_fold(), registered by db.c): its own fields, its answers to the
 * form and the text of its documents (kept folded, page by page).
 */
#define SEARCH_FOLDED_TEXT \
	"mudawala_fold(d.title_ar || ' ' || d.title_fr || ' '" \
	" || coalesce(d.administration, '') || ' ' || d.id || ' '" \
	" || d.summary_ar || ' ' || d.summary_fr || ' ' || coalesce((SELECT" \
	" group_concat(a.value_ar || ' ' || a.value_fr, ' ') FROM answer a" \
	" WHERE a.dossier_id = d.id), '')) || ' ' || coalesce((SELECT" \
	" group_concat(p.folded, ' ') FROM dossier_attachment x" \
	" JOIN attachment_page p ON p.hash = x.hash" \
	" WHERE x.dossier_id = d.id), '')"

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

/*
 * The GLOB pattern for what was typed: folded (so GLOB's case-sensitivity
 * does not matter), its own wildcards made literal as one-character
 * classes.  GLOB rather than LIKE: the trigram index serves LIKE only
 * without an ESCAPE clause, and a LIKE without one cannot match '%'.
 */
char *search_glob(const char *typed);

/*
 * Where what was typed is found in the dossier when not in its title,
 * administration, id or summary: "in the answer 'Canal d'accès'", "in
 * attachment presentation.pdf, page 3" (to free); NULL when it is in
 * those, or nowhere.  Labels in Arabic when arabic.
 */
int search_where(struct edition *ed, const char *dossier, const char *typed,
    bool arabic, char **where, struct mw_error *err);

#endif
