/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the jury said of one dossier: every member's score and comment,
 * criterion by criterion, the invited experts' advice among them (marked
 * advisory), once the rules let the reader see it. */
#ifndef MUDAWALA_JURY_H
#define MUDAWALA_JURY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"

struct jury_mark {
	char *juror, *name, *role;
	bool voting;            /* false: an invited expert, advisory */
	bool submitted;         /* the member submitted this dossier */
	bool has_value;
	double value;
	char *comment;
};

struct jury_criterion {
	char *id;
	double scale_min, scale_max;
	struct jury_mark *marks;        /* voting members first, by name */
	size_t n;
};

struct jury_view {
	struct jury_criterion *criteria;        /* in the preset's order */
	size_t n;
};

enum jury_access {
	JURY_SHOWN,
	JURY_BEFORE_DELIBERATION,       /* nobody sees it during scoring */
	JURY_NOT_SUBMITTED,             /* a member sees it after their own */
	JURY_CONFLICT,                  /* a member in conflict never does */
};

/*
 * Whether viewer may read what the jury said of dossier: from the
 * deliberation on; the chair always then; a member or an expert once
 * they submitted the dossier themselves, and never in conflict with it.
 */
int jury_access(struct edition *ed, const char *viewer, const char *dossier,
    enum jury_access *out, struct mw_error *err);

/*
 * Every member's scores and comments of dossier (jury_access() must say
 * JURY_SHOWN, else -1 with the reason).  Free with jury_view_free().
 */
int jury_view_load(struct edition *ed, const char *viewer,
    const char *dossier, struct jury_view *out, struct mw_error *err);
void jury_view_free(struct jury_view *v);

/* Scores of the voting members on c, counted in nbins equal bins over
 * the scale (the last bin holds the maximum): a histogram. */
void jury_histogram(const struct jury_criterion *c, int *bins, int nbins);

#endif
