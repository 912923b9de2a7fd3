/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Juror packs: the edition a juror takes to their laptop, blind by
 * construction.  Made by the chair from the master edition, it holds the
 * settings, categories, criteria, prizes, every dossier, the commission's
 * public keys, the juror's own conflicts and own work, and nothing of
 * the other members' scores, comments, submissions, abstentions,
 * decisions or history.  Its one audit row, signed by the chair, is what
 * the juror checks it by. */
#ifndef MUDAWALA_PACK_H
#define MUDAWALA_PACK_H

#include "core/db.h"
#include "core/keys.h"
#include "core/sign.h"

/*
 * Write the pack of juror to path (which must not exist), as chair with
 * the chair's unlocked key, during the set-up or the scoring.  Where the
 * chair holds the juror's secret key (beside the master, as the demo
 * keeps them) and with_key is set, it is copied beside the pack
 * (PATH.keys/JUROR.key, 0600).  The master's log gets one row saying so.
 * Nothing is left behind on failure.
 */
int pack_write(struct edition *master, const char *chair,
    const struct secret_key *key, const char *juror, const char *path,
    bool with_key, struct mw_error *err);

/* Whether the chair holds juror's secret key beside the master edition
 * (as the demo keeps them), and where (out). */
bool pack_held_key(const char *master, const char *juror, char *out,
    size_t size);

/*
 * Whether ed is a pack, and if so that it was signed by the chair it
 * names (its first audit row), and by the key anchor when given (the
 * chair's published key).  *is_pack says which; -1 when the signature
 * does not hold.
 */
int pack_check(struct edition *ed, const struct public_key *anchor,
    bool *is_pack, struct mw_error *err);

#endif
