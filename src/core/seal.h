/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The seal of a locked edition: made by the lock, checked by every
 * verification. */
#ifndef MUDAWALA_SEAL_H
#define MUDAWALA_SEAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/db.h"
#include "core/keys.h"

/* The seal: BLAKE2b-256 over the stored digest of every audited table
 * but the seal itself, in schema order. */
int seal_compute(struct edition *ed, uint8_t seal[32], struct mw_error *err);

/* What the chair signs: the seal, the chain head it follows, its
 * sequence number and the edition's identity (uuid). */
void seal_message(uint8_t msg[32 + 32 + 8 + 32], const uint8_t seal[32],
    const uint8_t head[32], sqlite3_int64 seq, const char *uuid);

/*
 * If the edition holds a seal, check it: the phase is locked, the audit
 * row it follows is still there, the contents match it and the chair's
 * registered key signed it.  *locked says whether there was one.
 */
int seal_verify(struct edition *ed, bool *locked, struct mw_error *err);

#endif
