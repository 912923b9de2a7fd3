/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo edition (e-mtiaz 2019 from data/demo/) and synthetic editions
 * of any size for benchmarks. */
#ifndef MUDAWALA_DEMO_H
#define MUDAWALA_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/*
 * Write the e-mtiaz 2019 demo edition at path (which must not exist): the
 * preset's 2019 categories, the dossiers and commission of data/demo/,
 * deterministic scores (some dossiers unscored, some drafts), phase
 * scoring.  The file appears only when complete.
 */
int demo_write(const char *path, struct mw_error *err);

struct synthetic_size {
	size_t dossiers;
	size_t jurors;
	size_t scores_per_dossier;      /* jurors scoring each dossier */
	bool tied;              /* every dossier in the first category with
	                         * the same scores: one tie, for measures */
};

/*
 * Write a synthetic edition of the given size: every dossier scored on
 * every criterion and submitted by scores_per_dossier voting jurors.
 */
int demo_write_synthetic(const char *path, const struct synthetic_size *size,
    struct mw_error *err);

#endif
