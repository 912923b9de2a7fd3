/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The edition's application form and a dossier's answers to it. */
#ifndef MUDAWALA_FORM_H
#define MUDAWALA_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"

struct form_field {
	char *id;
	char *section_ar, *section_fr;
	char *criterion;        /* the criterion its section answers, or NULL */
	char *label_ar, *label_fr;
	char *type;             /* text, number, date, url, choice */
	char *choices;          /* a|b|c for a choice */
	bool required;
};

/* The form's fields in order; *n may be 0 (an edition without a form). */
int form_fields(struct edition *ed, struct form_field **out, size_t *n,
    struct mw_error *err);
void form_fields_free(struct form_field *f, size_t n);

/*
 * Is value a valid answer to f?  NULL if so; else what was expected, in a
 * sentence for people (to free).  Numbers are written with '.' and digits
 * whatever the locale; dates as YYYY-MM-DD; addresses start with http://
 * or https://; a choice is one of f->choices.
 */
char *form_check_value(const struct form_field *f, const char *value);

/* One field of a dossier's form, in the form's order, with its answer
 * ("" in both languages when there is none). */
struct form_answer {
	struct form_field field;
	char *value_ar, *value_fr;
};

int form_answers(struct edition *ed, const char *dossier,
    struct form_answer **out, size_t *n, struct mw_error *err);
void form_answers_free(struct form_answer *a, size_t n);

/*
 * Answers brought by an import, in the open transaction: staged one by
 * one (an empty value in both languages removes the answer), then put in
 * the edition at once.  form_stage_apply() lists in temp.answer_changed
 * (id) the dossiers whose answers changed: the caller counts them and
 * marks them for the search.
 */
int form_stage_begin(struct edition *ed, struct mw_error *err);
int form_stage_answer(struct edition *ed, const char *dossier,
    const char *field, const char *value_ar, const char *value_fr,
    struct mw_error *err);
int form_stage_apply(struct edition *ed, struct mw_error *err);

#endif
