/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing dossiers, jurors and conflicts from CSV files. */
#ifndef MUDAWALA_IMPORT_H
#define MUDAWALA_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"

enum import_kind {
	IMPORT_DOSSIERS,
	IMPORT_JURORS,
	IMPORT_CONFLICTS,
	IMPORT_ADMINISTRATIONS,
};

struct import_result {
	size_t rows;            /* records read, header excluded */
	size_t added;
	size_t updated;         /* existing ids whose values changed */
};

/*
 * Import the CSV file at path into ed in one transaction with one audit
 * row.  Every record is checked (UTF-8, NFC, ids, references, duplicates)
 * before anything is kept: one bad record and nothing is imported, with
 * an error naming path:line:field, the value found and what was expected.
 * A record identical to what the edition holds changes nothing, so a file
 * imported twice leaves the edition as the first import left it.
 * Once scoring has opened, adding a member or changing a role, voting
 * right or public key needs a reason (NULL: none), kept in the log.
 */
int import_csv(struct edition *ed, enum import_kind kind, const char *path,
    const char *actor, const char *reason, struct import_result *res,
    struct mw_error *err);

/*
 * The steps of a dossier import, for other importers (a folder of
 * candidacies): import_begin() opens the transaction, checks that the
 * actor may import and prepares the staging; each dossier is staged with
 * its values in the columns' order (id, category, title_ar, title_fr,
 * administration, url, summary_ar, summary_fr), checked by the caller,
 * line numbering them; import_apply_dossiers() puts them in the edition
 * (what: the name errors give the source).  The caller commits (after
 * search_flush()) or rolls back.
 */
#define IMPORT_DOSSIER_FIELDS 8
int import_begin(struct edition *ed, const char *actor, bool *after_setup,
    struct mw_error *err);
int import_stage_dossier(struct edition *ed,
    char *const v[IMPORT_DOSSIER_FIELDS], size_t line, struct mw_error *err);
int import_apply_dossiers(struct edition *ed, const char *what,
    struct import_result *res, struct mw_error *err);

/* 1 to 64 letters, digits, '.', '_' or '-'. */
bool import_valid_id(const char *s);

/* Parse "dossiers", "jurors", "conflicts"; -1 if none. */
int import_kind_parse(const char *s);

#endif
