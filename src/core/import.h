/* Importing dossiers, jurors and conflicts from CSV files. */
#ifndef MUDAWALA_IMPORT_H
#define MUDAWALA_IMPORT_H

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

/* Parse "dossiers", "jurors", "conflicts"; -1 if none. */
int import_kind_parse(const char *s);

#endif
