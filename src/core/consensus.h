/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Consensus rounds, as juries hold them (BJCP's consensus band, the ISU
 * corridor): after the discussion of a disputed dossier, the chair
 * reopens its scoring for the members whose totals lay outside the
 * corridor.  Their first scores stay in the history; their new ones
 * count once they submit again. */
#ifndef MUDAWALA_CONSENSUS_H
#define MUDAWALA_CONSENSUS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"
#include "util/strbuf.h"

/*
 * The chair (actor) reopens dossier for every voting member whose total
 * lies outside the corridor from the mean (the agenda's rule), with a
 * written reason, during deliberation: each one's total before is kept,
 * their submission withdrawn, and they may score the dossier again until
 * they submit it.  The names reopened go to *who ("Name, Name").  One
 * transaction and one audit row.
 */
int consensus_open(struct edition *ed, const char *actor, const char *dossier,
    const char *reason, struct strbuf *who, struct mw_error *err);

struct consensus_row {
	char *dossier, *title, *juror, *name, *reason, *opened_at;
	double before;          /* the member's total when reopened */
	double after;           /* after they submitted again; NAN if not */
};

/* Every consensus round of category (NULL: all), by dossier then
 * member; lang picks the titles.  Free with consensus_free(). */
int consensus_load(struct edition *ed, const char *category,
    const char *lang, struct consensus_row **out, size_t *n,
    struct mw_error *err);
void consensus_free(struct consensus_row *rows, size_t n);

/* Whether juror may score dossier again in an open round. */
int consensus_open_for(struct edition *ed, const char *juror,
    const char *dossier, bool *open, struct mw_error *err);

#endif
