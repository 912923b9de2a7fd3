/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What each phase allows: one table for every action that changes an
 * edition.  The roles each action needs are checked where the action is
 * (the chair for phases, settings, prizes, casting votes, recusals and
 * the lock; any juror for scores and abstentions). */
#ifndef MUDAWALA_RULES_H
#define MUDAWALA_RULES_H

#include <stdbool.h>

enum action {
	ACT_IMPORT,             /* dossiers, jurors, conflicts from CSV */
	ACT_TIE_CASCADE,        /* the chair's tie-breaking order */
	ACT_SETTINGS,           /* corridor, quorum */
	ACT_PHASE,              /* move to another phase */
	ACT_SCORE,              /* a score, a comment, a submission */
	ACT_CONFLICT,           /* abstain, recuse */
	ACT_DECIDE,             /* prizes and casting decisions */
	ACT_LOCK,
	ACT_COUNT
};

/* Whether phase ("setup", "scoring", "deliberation", "locked") allows
 * action. */
bool rules_allow(enum action action, const char *phase);

#endif
