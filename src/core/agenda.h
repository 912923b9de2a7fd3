/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the jury should discuss, what it has done, and how scores moved:
 * the deliberation agenda, progress per juror and category, and the
 * history of scores. */
#ifndef MUDAWALA_AGENDA_H
#define MUDAWALA_AGENDA_H

#include "core/db.h"
#include "core/rows.h"

/* category, dossier, title, n, mean, stddev, spread, outliers */
extern const struct columns agenda_columns;

/*
 * The dossiers to discuss, most disputed first (population standard
 * deviation of the juror totals, then spread = highest - lowest): those
 * where at least one voting juror's total lies farther from the
 * dossier's mean than the chair's corridor.  outliers lists them as
 * "JUROR:+12.50" (the distance from the mean), farthest first.  The
 * juror totals are seen only from deliberation on.
 */
int agenda_run(struct edition *ed, const char *category, const char *lang,
    row_fn fn, void *ctx, struct mw_error *err);

/* juror, name, role, category, dossiers, scored, submitted */
extern const struct columns progress_columns;

/*
 * Per juror and category: the admitted dossiers the juror may score (no
 * conflict), how many they scored on every criterion, how many they
 * submitted.  The chair sees every juror; anyone else only themselves.
 */
int progress_run(struct edition *ed, const char *actor, const char *category,
    row_fn fn, void *ctx, struct mw_error *err);

/* dossier, juror, criterion, from, to, since, at */
extern const struct columns history_columns;

/*
 * Every change of the scores of dossier, oldest first: the value before
 * (from, set at since) and after (to, set at at; empty if deleted).
 * From deliberation on, everyone's; before, only actor's own.
 */
int history_run(struct edition *ed, const char *actor, const char *dossier,
    row_fn fn, void *ctx, struct mw_error *err);

#endif
