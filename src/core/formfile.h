/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application form from a CSV file: the columns of the preset's
 * form.csv and of `mudawala list form`. */
#ifndef MUDAWALA_FORMFILE_H
#define MUDAWALA_FORMFILE_H

#include <stddef.h>

#include "core/db.h"

struct form_import_result {
	size_t fields;          /* read */
	size_t changed;         /* added, changed or removed */
};

/*
 * Make the edition's application form the one in the CSV file at path
 * (id, section_ar, section_fr, criterion, label_ar, label_fr, type,
 * choices, required), in its order: fields added, changed, and removed
 * when the file no longer has them (refused for a field some dossier
 * answers).  Only in set-up, by the chair; one transaction and one audit
 * row; every record checked first, errors naming file:line:field.
 */
int form_import(struct edition *ed, const char *path, const char *actor,
    struct form_import_result *res, struct mw_error *err);

#endif
