/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Conflicts of interest declared during the work: a juror abstains from
 * a dossier, or the chair recuses a juror.  Conflicts known at setup come
 * from mudawala import conflicts; a juror whose organisation is a
 * dossier's administration is in conflict with it without declaring. */
#ifndef MUDAWALA_CONFLICTS_H
#define MUDAWALA_CONFLICTS_H

#include <stdbool.h>

#include "core/db.h"

/* SQL: whether juror J (an expression) is in conflict with the dossier
 * row aliased D, as the juror_conflict view says, but cheap enough for
 * every row of a page or a ranking. */
#define CONFLICT_EXISTS(J, D) \
	"(EXISTS (SELECT 1 FROM conflict cx WHERE cx.juror_id = " J \
	" AND (cx.dossier_id = " D ".id OR cx.administration = " D \
	".administration)) OR coalesce(" D ".administration = (SELECT" \
	" nullif(organisation, '') FROM juror jx WHERE jx.id = " J "), 0))"

/* The same, for the juror row aliased J already joined: its organisation
 * read there, not looked up again for each row (0.25 s of a ranking at
 * 100,000 dossiers). */
#define CONFLICT_EXISTS_JOINED(J, D) \
	"(EXISTS (SELECT 1 FROM conflict cx WHERE cx.juror_id = " J ".id" \
	" AND (cx.dossier_id = " D ".id OR cx.administration = " D \
	".administration)) OR coalesce(" D ".administration =" \
	" nullif(" J ".organisation, ''), 0))"

/*
 * Record that juror is in conflict with dossier, with a written reason:
 * recusal false (abstain) when actor is juror themselves, true when the
 * chair recuses them.  Before the lock; a juror already in conflict with
 * the dossier is refused.  From then on the juror neither scores the
 * dossier nor sees others' scores of it, and scores they gave it no
 * longer count.  One transaction and one audit row.
 */
int conflict_declare(struct edition *ed, const char *actor,
    const char *juror, const char *dossier, const char *reason, bool recusal,
    struct mw_error *err);

/* Whether juror is in conflict with dossier (declared or implied). */
int conflict_of(struct edition *ed, const char *juror, const char *dossier,
    bool *conflicted, struct mw_error *err);

#endif
