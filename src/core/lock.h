/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chair's lock: the end of the deliberation.  It checks that every
 * category is decided and the file is sound, then seals the deliberation
 * data (a digest of every audited table, and the audit chain head)
 * under the chair's signature; triggers refuse every change after it. */
#ifndef MUDAWALA_LOCK_H
#define MUDAWALA_LOCK_H

#include <stdbool.h>

#include "core/db.h"
#include "core/keys.h"

/*
 * Lock the edition as actor, who must be the chair, with the chair's
 * unlocked key (which must be the one registered for them).  Refused
 * unless the edition is in deliberation, every category has a decision
 * on each prize given once per category (a dossier or no award), and
 * integrity_check, foreign_key_check and the audit chain hold.  One
 * transaction and one audit row.
 */
int lock_edition(struct edition *ed, const char *actor,
    const struct secret_key *key, struct mw_error *err);

#endif
