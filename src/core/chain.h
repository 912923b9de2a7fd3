/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The hashing behind the audit chain.
 *
 * The contents of an audited table are summed up by its digest: the sum
 * modulo 2^256 of the BLAKE2b-256 hash of each row's text (so rows can be
 * added and removed in any order).  The audit rows form a hash chain, each
 * recording the digests' combined state.  As SQL functions, for the
 * audit table's triggers:
 *
 *   mudawala_row(v1, v2, ...)        BLAKE2b-256 of the values
 *   mudawala_dsum(h)                 aggregate: sum of hashes mod 2^256
 *   mudawala_chain(prev, seq, at, actor, action, detail, state)
 *                                    the hash of an audit row (format 1)
 *   mudawala_chain2(prev, seq, at, actor, action, detail, state, keys)
 *                                    the hash of an audit row (format 2)
 */
#ifndef MUDAWALA_CHAIN_H
#define MUDAWALA_CHAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <sqlite3.h>

#define CHAIN_HASH_BYTES 32

/* Register the SQL functions on db; returns an SQLite result code. */
int chain_register(sqlite3 *db);

/* The hash of one row of table, serialized as text (schema_row_expr). */
void chain_content_hash(uint8_t out[CHAIN_HASH_BYTES], const char *table,
    const char *row, size_t len);

/* a += sign * b modulo 2^256 (little-endian); sign is 1 or -1. */
void chain_digest_combine(uint8_t a[CHAIN_HASH_BYTES], const uint8_t *b,
    int sign);

/* The hash of an audit row, as mudawala_chain() computes it. */
void chain_row_hash(uint8_t out[CHAIN_HASH_BYTES],
    const uint8_t prev[CHAIN_HASH_BYTES], int64_t seq, const char *at,
    const char *actor, const char *action, const char *detail,
    const uint8_t state[CHAIN_HASH_BYTES]);

/* The hash of an audit row of format 2 (v = 2), as mudawala_chain2()
 * computes it: the row of format 1 and the keys it registers (NULL when
 * it registers none). */
void chain_row_hash2(uint8_t out[CHAIN_HASH_BYTES],
    const uint8_t prev[CHAIN_HASH_BYTES], int64_t seq, const char *at,
    const char *actor, const char *action, const char *detail,
    const uint8_t state[CHAIN_HASH_BYTES], const char *keys);

/* The hash of an audit row written from file format 11 on (v = 2, with
 * digests): as format 2, tagged "mudawala-audit-3", then the digests
 * column (length-prefixed), as mudawala_chain3() computes it.  Without
 * digests (NULL, 0: a row written before format 11), chain_row_hash2(). */
void chain_row_hash3(uint8_t out[CHAIN_HASH_BYTES],
    const uint8_t prev[CHAIN_HASH_BYTES], int64_t seq, const char *at,
    const char *actor, const char *action, const char *detail,
    const uint8_t state[CHAIN_HASH_BYTES], const char *keys,
    const void *digests, size_t digests_len);

/* The digests column of an audit row read by st at col, for
 * chain_row_hash3(): NULL for a row without (SQL NULL), never NULL for
 * one with, even empty. */
const void *chain_digests_column(sqlite3_stmt *st, int col, size_t *len);

/* A table's term in an audit row's state: mudawala_row('digest', table,
 * digest); the state is the sum of every table's term. */
void chain_digest_term(uint8_t out[CHAIN_HASH_BYTES], const char *table,
    const uint8_t digest[CHAIN_HASH_BYTES]);

/* What the acting member signs for an audit row: a context string, so
 * that no other message signed with the same key (a minisign file, the
 * seal) can pass for it, then the row's hash. */
#define CHAIN_SIGN_CONTEXT "mudawala audit row v2"
#define CHAIN_SIGN_BYTES (sizeof CHAIN_SIGN_CONTEXT + CHAIN_HASH_BYTES)
void chain_sign_message(uint8_t out[CHAIN_SIGN_BYTES],
    const uint8_t hash[CHAIN_HASH_BYTES]);

/* Lower-case hex of a hash into buf (2 * CHAIN_HASH_BYTES + 1 bytes). */
void chain_hex(char *buf, const uint8_t *hash, size_t len);

#endif
