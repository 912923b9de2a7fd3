/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The running digest of each audited table, as a connection keeps it in
 * memory between the audit rows it writes.
 *
 * Up to file format 10 the digests were a table of the file, written at
 * every commit (a page of its own for every save).  From format 11 each
 * audit row carries, in its digests column, the digests of the tables its
 * transaction changed, and every DIGESTS_FULL_EVERY rows at most the
 * digests of every table: the digests as they stand are read back from
 * the last rows of the log, never more than that many.
 */
#ifndef MUDAWALA_DIGESTS_H
#define MUDAWALA_DIGESTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "core/chain.h"
#include "util/error.h"

#define DIGESTS_FULL_EVERY 64

struct digests;

struct digests *digests_new(void);
void digests_free(struct digests *d);

/*
 * Read the digests the file states as its log ends: from the last audit
 * rows (format 11 on) or from the digest table (older files, read as
 * they are).  -1 with the reason when the log does not carry them.
 */
int digests_load(struct digests *d, sqlite3 *db, const char *path,
    struct mw_error *err);

/* Whether d holds the digests as of the audit row (seq, head). */
bool digests_at(const struct digests *d, int64_t seq,
    const uint8_t head[CHAIN_HASH_BYTES]);

/* Forget them (a rolled-back transaction had folded rows in). */
void digests_forget(struct digests *d);

/* Fold one row change of audited table t (schema_audited index). */
void digests_fold(struct digests *d, size_t t, const uint8_t row[CHAIN_HASH_BYTES],
    int sign);

/* The digest of table t. */
const uint8_t *digests_of(const struct digests *d, size_t t);

/* The state an audit row records: the sum of every table's term. */
void digests_state(const struct digests *d, uint8_t out[CHAIN_HASH_BYTES]);

/*
 * The digests column of the next audit row (*len bytes, owned by d, valid
 * until the next call): one byte, the table's index in schema_audited,
 * then its 32-byte digest, for each table folded into since the last
 * commit -- or for every table, when the rows since the last complete
 * list are DIGESTS_FULL_EVERY.
 */
const uint8_t *digests_column(struct digests *d, size_t *len);

/* The row (seq, head) carrying digests_column() is committed. */
void digests_committed(struct digests *d, int64_t seq,
    const uint8_t head[CHAIN_HASH_BYTES]);

#endif
