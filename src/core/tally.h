/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The jurors' progress counted in one pass over the scores and one over
 * the submissions, for progress_run() (agenda.c). */
#ifndef MUDAWALA_TALLY_H
#define MUDAWALA_TALLY_H

#include "core/db.h"

/*
 * Fill temp.tally (juror, category, scored, submitted): for each juror
 * (juror NULL: every juror) and category (NULL: every category), how many
 * admitted dossiers they scored on every criterion and how many they
 * submitted.  Rows with nothing to count are left out.  The caller holds
 * the read transaction, so that the passes see one state.
 */
int tally_progress(struct edition *ed, const char *juror,
    const char *category, struct mw_error *err);

#endif
