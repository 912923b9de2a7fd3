/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The edition's phase, and a juror's scores and submissions. */
#ifndef MUDAWALA_SCORING_H
#define MUDAWALA_SCORING_H

#include <stdbool.h>

#include "core/db.h"

struct edition_info {
	char name[256];
	int year;
	char phase[16];
	char preset[64];
	char category_set[64];
	char uuid[33];
};

/* Read the edition's metadata. */
int edition_get_info(struct edition *ed, struct edition_info *info,
    struct mw_error *err);

/*
 * Move the edition to phase (setup, scoring or deliberation), with one
 * audit row.  Only the chair changes phases; going back to an earlier
 * phase needs reason, which the audit row keeps.  A locked edition
 * refuses (lock.h locks).  Setting the current phase again changes
 * nothing and succeeds; *changed says which happened.
 */
int edition_set_phase(struct edition *ed, const char *phase,
    const char *actor, const char *reason, bool *changed,
    struct mw_error *err);

/*
 * Record juror's score of dossier on criterion: value within the
 * criterion's scale, during the scoring phase, by a juror without a
 * conflict on the dossier who has not yet submitted it.  comment NULL
 * keeps the comment already there.  A score identical to the stored one
 * changes nothing.  One transaction and one audit row.
 */
int score_set(struct edition *ed, const char *juror, const char *dossier,
    const char *criterion, double value, const char *comment,
    struct mw_error *err);

/*
 * Submit juror's scores of dossier: every criterion must be scored.
 * Submitting again changes nothing; *already says so.
 */
int score_submit(struct edition *ed, const char *juror, const char *dossier,
    bool *already, struct mw_error *err);

#endif
