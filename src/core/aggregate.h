/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From scores to an ordered category: each voting juror's weighted total
 * per dossier, read a category at a time, scored by a method and put in
 * order by the chair's tie cascade.  ranking.c and agenda.c display it. */
#ifndef MUDAWALA_AGGREGATE_H
#define MUDAWALA_AGGREGATE_H

#include <obstack.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"
#include "core/methods.h"
#include "core/settings.h"
#include "util/strbuf.h"

/*
 * The tie cascade's Schulze step compares every pair of the tied dossiers
 * (n^2 memory) along every path (n^3 time): up to this many tied
 * dossiers (a few milliseconds).  A wider tie skips the step, and what
 * the other steps leave goes to the chair's casting decision; the rows
 * say so (CAND_WIDE).
 */
#define AGG_CASCADE_PAIRWISE_MAX 200

enum cand_flag {
	CAND_TIE = 1 << 0,      /* a tie the cascade and the chair left */
	CAND_PARTIAL = 1 << 1,  /* a submission lacks a criterion */
	CAND_QUORUM = 1 << 2,   /* fewer voting jurors than the quorum */
	CAND_RAW = 1 << 3,      /* zscore: a juror's total kept unscaled */
	CAND_AGENDA = 1 << 4,   /* a total outside the corridor: to discuss */
	CAND_FEW = 1 << 5,      /* too few totals for the method: after */
	CAND_WIDE = 1 << 6,     /* a tie wider than the cascade's Schulze
	                         * step takes: that step was skipped */
};

/* Per criterion step of the cascade: the counting jurors' 0-100 scores
 * of that criterion, summed, and their count. */
struct crit_key {
	double sum;
	int n;
};

/* One admitted dossier of the category being ranked.  Its strings and
 * arrays live in the category's obstack. */
struct cand {
	const char *dossier, *title;
	const struct total *totals; /* one per voting juror who submitted it */
	size_t ntotals;
	double mean, sd;        /* of the totals; NAN if none */
	double score;           /* by the method; NAN if unscored */
	double key;             /* the cascade step being applied */
	const char *tiebreak;   /* the cascade step that placed it, or NULL */
	const struct crit_key *crit;
	int rank;               /* 0: unscored */
	unsigned flags;
	int tie_group;          /* equal non-zero: one unresolved tie */
	int casting;            /* the chair's casting position, 0 if none */
	bool partial;
};

/* What a category's dossiers hold, allocated one after another and freed
 * at once (at 25,000 dossiers, a malloc each for the strings, totals and
 * keys cost a third of the memory again in headers and spare room). */
struct category_rank {
	char *category;
	struct cand *c;
	size_t n, cap;
	struct cand **order;    /* c in ranking order, after agg_rank() */
	struct obstack ob;
	bool ob_made;
};

struct aggregate;

/* Each voting juror's weighted total (0-100) of each dossier they
 * submitted, over the criteria they scored: the rule of every method.
 * Add the filters and "GROUP BY s.dossier_id, s.juror_id". */
#define AGG_TOTALS_SELECT \
	"SELECT s.dossier_id AS dossier_id, j.rowid AS jr," \
	"  100.0 * sum(c.weight * (s.value - c.scale_min)" \
	"    / (c.scale_max - c.scale_min)) / sum(c.weight) AS total," \
	"  count(*) AS ncrit" \
	" FROM submission sub" \
	" JOIN juror j ON j.id = sub.juror_id AND j.voting = 1" \
	" JOIN score s ON s.juror_id = sub.juror_id" \
	"  AND s.dossier_id = sub.dossier_id" \
	" JOIN criterion c ON c.id = s.criterion_id"

/*
 * Start reading the admitted dossiers of category (NULL: all, in the
 * preset's order) with each voting juror's total; prepares what method
 * needs (zscore: every juror's totals over all their dossiers).  Refuses
 * trimmed when a scored dossier has fewer than METHOD_TRIMMED_MIN totals
 * and the pairwise methods above METHOD_PAIRWISE_MAX dossiers in a
 * category, when check_method is set.  Notes for the reader (jurors left
 * unscaled by zscore) go to notes, if not NULL.
 */
int agg_open(struct edition *ed, const char *category, const char *lang,
    enum method method, bool check_method, struct strbuf *notes,
    struct aggregate **out, struct mw_error *err);
void agg_close(struct aggregate *a);

/* The next category (1), none left (0) or an error (-1).  The category
 * stays valid until the next call. */
int agg_next(struct aggregate *a, struct category_rank **out,
    struct mw_error *err);

/* Whether method can rank the category now; if not, why, in why. */
bool agg_applicable(struct aggregate *a, const struct category_rank *cr,
    enum method method, char *why, size_t size);

/* Score the category by method, order it by score then by the tie
 * cascade and the chair's casting decisions, and give ranks. */
int agg_rank(struct aggregate *a, struct category_rank *cr,
    enum method method, struct mw_error *err);

/* The settings the aggregate applies. */
const struct settings *agg_settings(const struct aggregate *a);
/* The id of juror index i. */
const char *agg_juror(const struct aggregate *a, int i);

/* trimmed's note: the dossiers with fewer than METHOD_TRIMMED_MIN totals
 * (dossier, the first by id, with ntotals) come after the others. */
void agg_note_few(struct strbuf *notes, const char *dossier,
    size_t ntotals);

/* Scores are compared as shown: rounded to two decimals. */
double agg_round2(double x);

/*
 * How many of c's totals lie farther from their mean than corridor, as
 * shown (rounded to two decimals): the agenda's rule, which the
 * ranking's "agenda" flag follows.  *spread (may be NULL) gets the
 * highest total minus the lowest, NAN without totals.
 */
size_t agg_outside(const struct cand *c, double corridor, double *spread);

#endif
