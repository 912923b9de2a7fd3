/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ranking of dossiers per category (the default method: the mean of
 * the voting jurors' weighted totals). */
#ifndef MUDAWALA_RANKING_H
#define MUDAWALA_RANKING_H

#include "core/db.h"
#include "core/methods.h"
#include "core/rows.h"
#include "util/strbuf.h"

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

/*
 * The same ranking by method m (methods.h).  Ties are broken by the
 * chair's cascade (settings.h), then by the chair's casting decision;
 * flags add "tiebreak=STEP" (the step that placed the dossier), "quorum"
 * (fewer voting jurors than the quorum) and "raw" (zscore kept a juror's
 * totals unscaled).  Refused before any row when the edition cannot
 * support m.  Notes for the reader go to notes (may be NULL).
 */
int ranking_method(struct edition *ed, const char *category,
    const char *lang, enum method m, struct strbuf *notes, row_fn fn,
    void *ctx, struct mw_error *err);

/* category, dossier, title, one rank per method, flags */
extern const struct columns ranking_compare_columns;

/*
 * Per category, each dossier's rank under every method (empty where a
 * method does not apply, with the reason in notes), in the order of the
 * default method; flag "prize-changes" where the choice of method
 * changes which prize the dossier would receive.
 */
int ranking_compare(struct edition *ed, const char *category,
    const char *lang, struct strbuf *notes, row_fn fn, void *ctx,
    struct mw_error *err);

/* The mean of the voting jurors' totals of one dossier (NAN, n = 0 if
 * none), as the ranking computes it. */
int ranking_dossier(struct edition *ed, const char *dossier, double *score,
    int *n, struct mw_error *err);

enum ranking_view {
	RANKING_VIEW_FULL,      /* deliberation: everyone sees everything */
	RANKING_VIEW_OWN,       /* a member during scoring: own totals only */
	RANKING_VIEW_PROGRESS,  /* the chair during scoring: counts only */
};

/*
 * The ranking juror may see now, with the same columns as ranking_run():
 * from deliberation on, the full ranking; before, a member sees only
 * their own totals (flag "own"), the chair only how many voting jurors
 * submitted each dossier (n, flag "progress").  *view says which.
 */
int ranking_visible(struct edition *ed, const char *juror,
    const char *category, const char *lang, enum ranking_view *view,
    row_fn fn, void *ctx, struct mw_error *err);

/*
 * One category ranked by several methods from one read of its scores, as
 * viewer sees it in deliberation (ranking_visible(): their conflicts
 * hidden): the method asked, and with it those that cost nothing more —
 * mean, median, trimmed, and the pairwise methods on a category of a few
 * hundred dossiers (zscore reads every category: only when asked).  fn
 * gets each method's rows in turn, its number (enum method) as a first
 * cell, and no JSON (NULL); notes[m] what method m says of the data, or
 * why it does not apply.
 */
int ranking_each_method(struct edition *ed, const char *viewer,
    const char *category, const char *lang, enum method asked,
    struct strbuf notes[METHOD_COUNT], row_fn fn, void *ctx,
    struct mw_error *err);

#endif
