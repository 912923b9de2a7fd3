/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Score sheets that travel between laptops: a juror's scores, comments
 * and submissions as one JSON document signed with the juror's key, and
 * their import into the chair's edition. */
#ifndef MUDAWALA_SHEET_H
#define MUDAWALA_SHEET_H

#include <stddef.h>

#include "core/db.h"
#include "core/keys.h"

/*
 * Write juror's sheet to path: the sheet (JSON) signed with key, which
 * must be the juror's registered key, then sealed to the chair's
 * registered key (crypto_box_seal), so that only the chair reads it.
 * The trusted comment binds it to the edition, the juror and a sequence
 * number (the head of this copy's audit chain, which only grows).
 */
int sheet_export(struct edition *ed, const char *juror,
    const struct secret_key *key, const char *path, struct mw_error *err);

struct sheet_result {
	char juror[65];
	long long seq;
	size_t scores, submissions;
};

/*
 * Import the sealed sheet at path into ed as actor (the chair), whose
 * unlocked key opens it, during scoring.  Refused, with nothing changed:
 * a file that is not a sheet (not JSON, truncated, fields missing or of
 * the wrong type), sealed for another key or damaged, a signature that
 * is not the registered key's of the sheet's juror, another edition, a
 * sequence number not above the last imported from that juror, a score
 * outside its scale, on a dossier the juror is in conflict with or given
 * twice, a submission with a criterion unscored.  Otherwise the juror's
 * scores and submissions become the sheet's, in one transaction with one
 * audit row.
 */
int sheet_import(struct edition *ed, const char *actor,
    const struct secret_key *key, const char *path, struct sheet_result *res,
    struct mw_error *err);

#endif
