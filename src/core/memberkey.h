/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A member's key as the edition registers it. */
#ifndef MUDAWALA_MEMBERKEY_H
#define MUDAWALA_MEMBERKEY_H

#include <stdbool.h>

#include "core/db.h"
#include "core/keys.h"

/*
 * The passphrase check of juror: unlock the secret key at path and
 * compare its public key with the one registered for juror in the
 * edition.  0 when they match; otherwise -1 with the reason.
 */
int key_check_identity(struct edition *ed, const char *juror,
    const char *path, const char *passphrase, struct mw_error *err);

/* The same check, keeping the unlocked key for signing (key_free()). */
int key_unlock_identity(struct edition *ed, const char *juror,
    const char *path, const char *passphrase, struct secret_key **out,
    struct mw_error *err);

/*
 * Whether an act by juror (NULL: nobody named) must be signed: once the
 * chair has a registered key, or the log a signed row, every act is; and
 * a member with a key always signs.  *needed is true on error.
 */
int key_needed(struct edition *ed, const char *juror, bool *needed,
    struct mw_error *err);

/* The public key file of juror, as minisign reads it (caller frees);
 * NULL if they have no registered key. */
char *key_public_text(struct edition *ed, const char *juror,
    struct mw_error *err);

#endif
