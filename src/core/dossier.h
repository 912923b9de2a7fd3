/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the screens show of an edition: categories, criteria, jurors, one
 * dossier in full with the juror's scores, and the prizes decided. */
#ifndef MUDAWALA_DOSSIER_H
#define MUDAWALA_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"

struct category {
	char *id, *name_ar, *name_fr;
};

struct criterion {
	char *id, *name_ar, *name_fr, *description_ar, *description_fr;
	double weight, scale_min, scale_max;
};

struct juror {
	char *id, *name, *organisation, *role;
	bool voting;
};

/* Load every category / criterion / juror in display order; the caller
 * frees the array with the matching _free(). */
int categories_load(struct edition *ed, struct category **out, size_t *n,
    struct mw_error *err);
void categories_free(struct category *c, size_t n);
int criteria_load(struct edition *ed, struct criterion **out, size_t *n,
    struct mw_error *err);
void criteria_free(struct criterion *c, size_t n);
int jurors_load(struct edition *ed, struct juror **out, size_t *n,
    struct mw_error *err);
void jurors_free(struct juror *j, size_t n);
/* Free the strings of one juror filled by juror_get(). */
void jurors_free_one(struct juror *j);
/* The role (chair, member, expert) of juror id; -1 with "unknown juror"
 * if there is none. */
int juror_role(struct edition *ed, const char *id, char role[16],
    struct mw_error *err);
/* One juror; -1 with "unknown juror" if there is none. */
int juror_get(struct edition *ed, const char *id, struct juror *out,
    struct mw_error *err);

/* A juror's score of one criterion: has_value false if not scored. */
struct my_score {
	bool has_value;
	double value;
	char *comment;
};

struct dossier_detail {
	char *id, *category_id, *category_ar, *category_fr;
	char *title_ar, *title_fr, *administration, *url;
	char *summary_ar, *summary_fr, *status;
	char *submitted_at;     /* by the juror asked for; NULL if not */
	char *conflict;         /* the juror's conflict reason; NULL if none */
	struct my_score *scores;        /* one per criterion, in order */
	size_t nscores;
	char **conflicted;      /* "name (reason)" of each conflicted juror */
	size_t nconflicted;
	int submissions;        /* jurors who submitted it */
};

/*
 * Load dossier id in full, with the scores of juror (one per criterion of
 * criteria_load(), in the same order).  Free with dossier_detail_free().
 */
int dossier_get(struct edition *ed, const char *id, const char *juror,
    struct dossier_detail *out, struct mw_error *err);
void dossier_detail_free(struct dossier_detail *d);

/*
 * A juror's weighted total on 0-100 from values per criterion (NAN where
 * not scored), over the criteria scored; NAN if none.  The rule of the
 * ranking, for the scoring form's live total.
 */
double score_weighted_total(const struct criterion *c, const double *values,
    size_t n);

#endif
