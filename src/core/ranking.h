/* The ranking of dossiers per category (the default method: the mean of
 * the voting jurors' weighted totals). */
#ifndef MUDAWALA_RANKING_H
#define MUDAWALA_RANKING_H

#include "core/db.h"
#include "core/rows.h"

/* category, rank, dossier, title, score, n, stddev, flags */
extern const struct columns ranking_columns;

/*
 * Rank the admitted dossiers of category (NULL: every category, in the
 * preset's order).  For each voting juror who submitted a dossier, the
 * total is 100 * sum(w * (s - min) / (max - min)) / sum(w) over the
 * criteria they scored; a dossier's score is the mean of those totals, n
 * their count, stddev their population standard deviation.  Scores are
 * compared rounded to two decimals, as shown; equal scores share a rank
 * (1, 2, 2, 4).  flags: "unscored" (n = 0, no rank), "tie", "partial" (a
 * submission lacks a criterion).  title_lang "ar" prefers the Arabic title,
 * anything else the French one, each falling back to the other.
 * Rows stream to fn; an unknown category is an error listing the known.
 */
int ranking_run(struct edition *ed, const char *category,
    const char *title_lang, row_fn fn, void *ctx, struct mw_error *err);

#endif
