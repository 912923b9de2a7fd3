/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A comment being typed, kept outside the edition until it is meant: one
 * private file per member beside the edition, rewritten whole at every
 * keystroke, so that a crash loses nothing and the audit log gets one
 * row per comment, not one per keystroke. */
#ifndef MUDAWALA_DRAFT_H
#define MUDAWALA_DRAFT_H

#include "util/error.h"

struct draft {
	char *dossier;
	char *criterion;
	char *text;
};

/* Keep text as juror's draft comment on dossier and criterion (replacing
 * any earlier draft): EDITION.drafts/JUROR, mode 0600. */
int draft_save(const char *edition_path, const char *juror,
    const char *dossier, const char *criterion, const char *text,
    struct mw_error *err);

/* juror's draft, if any: 1 and *out filled (draft_free() it), 0 if there
 * is none (or it cannot be read: a draft is a convenience). */
int draft_load(const char *edition_path, const char *juror,
    struct draft *out);
void draft_free(struct draft *d);

/* Forget juror's draft (once committed or cancelled). */
void draft_clear(const char *edition_path, const char *juror);

#endif
