/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing a folder of candidacies: one folder per dossier, holding its
 * answers (dossier.csv) and its documents. */
#ifndef MUDAWALA_FOLDER_H
#define MUDAWALA_FOLDER_H

#include <stddef.h>

#include "core/db.h"

struct folder_result {
	size_t folders;         /* candidacy folders read */
	size_t added;           /* dossiers new to the edition */
	size_t updated;         /* dossiers whose row, answers or documents
				 * changed */
	size_t documents;       /* documents read */
	long long bytes;        /* their size */
};

/* Told after each candidacy folder: done of total. */
typedef void (*folder_progress_fn)(void *ctx, size_t done, size_t total);

/*
 * Import every folder in dir (those whose names start with '.' aside, in
 * the order of their names) in one transaction with one audit row.
 * Each folder's dossier.csv has a header "field,value" and one row per
 * field: the dossier's own (id, category, title_ar, title_fr,
 * administration, url, summary_ar, summary_fr) and the form's answers (a
 * field's id for a value in both languages, or id_ar and id_fr), or a
 * dossier.json holds them as one object's members; every other file is
 * a document of the dossier.  A folder is the whole
 * dossier: answers and documents it no longer has are removed.  Nothing
 * is kept unless everything is right: an error names the file, the line
 * and the field.  Documents larger than the setting
 * attachment-file-limit, or taking the edition's documents past
 * attachment-edition-limit, are refused.
 */
int import_folder(struct edition *ed, const char *dir, const char *actor,
    const char *reason, folder_progress_fn progress, void *ctx,
    struct folder_result *res, struct mw_error *err);

#endif
