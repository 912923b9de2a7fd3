/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The prizes the chair assigns: per category, Prix d'excellence, Prix
 * d'encouragement, certificates of merit, or no award, each with its
 * written rationale. */
#ifndef MUDAWALA_DECISION_H
#define MUDAWALA_DECISION_H

#include <stddef.h>

#include "core/db.h"

struct decision {
	char *category_id;
	char *prize;
	char *dossier_id;       /* NULL: no award of this prize */
	char *title;            /* the dossier's, in the asked language */
	char *rationale;
	char *decided_at;
	char *decided_by;
};

/* The decisions of category (NULL: all), by category and prize order. */
int decisions_load(struct edition *ed, const char *category,
    const char *lang, struct decision **out, size_t *n, struct mw_error *err);
void decisions_free(struct decision *d, size_t n);

/*
 * Record the chair's decision: prize (excellence, encouragement, merit) of
 * category goes to dossier, or to nobody when dossier is NULL.  Only the
 * chair decides, during deliberation; the dossier must be an admitted
 * one of that category, and the rationale is required.  A prize given
 * once per category replaces the earlier decision of that prize;
 * certificates of merit add up (no award clears them).  A dossier
 * submitted by fewer voting jurors than the quorum needs quorum_override,
 * the chair's written reason, recorded with the decision.  One
 * transaction and one audit row.
 */
int decision_set(struct edition *ed, const char *actor, const char *category,
    const char *prize, const char *dossier, const char *rationale,
    const char *quorum_override, struct mw_error *err);

/*
 * Whether dossier was submitted by fewer voting jurors than the quorum
 * (settings): 1 if so (a prize then needs quorum_override), 0 if not,
 * -1 on error; *submitted and *quorum say how many.
 */
int decision_quorum(struct edition *ed, const char *dossier, int *submitted,
    int *quorum, struct mw_error *err);

/*
 * The chair's casting decision on a tie the cascade leaves: dossiers
 * (two or more admitted dossiers of category, no repeats) in the order
 * the chair decides, with a written rationale; during deliberation.
 * Replaces an earlier casting position of those dossiers.  One
 * transaction and one audit row.
 */
int casting_set(struct edition *ed, const char *actor, const char *category,
    char *const *dossiers, size_t n, const char *rationale,
    struct mw_error *err);

#endif
