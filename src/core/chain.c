/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <string.h>
#include <sodium.h>

#include "core/chain.h"

/* Feed a length-prefixed byte string: lengths keep ("ab","c") and
 * ("a","bc") apart. */
static void
feed(crypto_generichash_state *st, const void *data, size_t len)
{
	uint8_t n[4] = { (uint8_t)len, (uint8_t)(len >> 8),
		(uint8_t)(len >> 16), (uint8_t)(len >> 24) };

	crypto_generichash_update(st, n, sizeof n);
	if (len > 0)
		crypto_generichash_update(st, data, len);
}

/* -1 when SQLite could not render the value (out of memory). */
static int
feed_value(crypto_generichash_state *st, sqlite3_value *v)
{
	uint8_t tag;

	switch (sqlite3_value_type(v)) {
	case SQLITE_NULL:
		tag = 'n';
		crypto_generichash_update(st, &tag, 1);
		return 0;
	case SQLITE_INTEGER:
		tag = 'i';
		break;
	case SQLITE_FLOAT:
		tag = 'r';
		break;
	case SQLITE_BLOB:
		tag = 'b';
		crypto_generichash_update(st, &tag, 1);
		feed(st, sqlite3_value_blob(v), (size_t)sqlite3_value_bytes(v));
		return 0;
	default:
		tag = 't';
		break;
	}
	crypto_generichash_update(st, &tag, 1);
	/* Text of a number is SQLite's own rendering, the same for the trigger
	 * and for the verifier. */
	{
		const unsigned char *t = sqlite3_value_text(v);

		if (t == NULL)
			return -1;
		feed(st, t, (size_t)sqlite3_value_bytes(v));
	}
	return 0;
}

static void
fn_row(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	crypto_generichash_state st;
	uint8_t out[CHAIN_HASH_BYTES];
	int i;

	crypto_generichash_init(&st, NULL, 0, sizeof out);
	for (i = 0; i < argc; i++)
		if (feed_value(&st, argv[i]) != 0) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	crypto_generichash_final(&st, out, sizeof out);
	sqlite3_result_blob(ctx, out, sizeof out, SQLITE_TRANSIENT);
}

void
chain_digest_combine(uint8_t a[CHAIN_HASH_BYTES], const uint8_t *b, int sign)
{
	int carry = 0, i;

	for (i = 0; i < CHAIN_HASH_BYTES; i++) {
		int x = a[i] + sign * b[i] + carry;

		carry = x >> 8;        /* arithmetic shift: -1 for a borrow */
		a[i] = (uint8_t)(x & 0xFF);
	}
}

static bool
is_hash(sqlite3_value *v)
{
	return sqlite3_value_type(v) == SQLITE_BLOB &&
	    sqlite3_value_bytes(v) == CHAIN_HASH_BYTES;
}

static void
fn_dsum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	uint8_t *acc = sqlite3_aggregate_context(ctx, CHAIN_HASH_BYTES);

	if (acc == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (!is_hash(argv[0])) {
		sqlite3_result_error(ctx, "mudawala_dsum: 32-byte blob expected", -1);
		return;
	}
	chain_digest_combine(acc, sqlite3_value_blob(argv[0]), 1);
}

static void
fn_dsum_final(sqlite3_context *ctx)
{
	static const uint8_t zero[CHAIN_HASH_BYTES];
	uint8_t *acc = sqlite3_aggregate_context(ctx, 0);

	sqlite3_result_blob(ctx, acc != NULL ? acc : zero, CHAIN_HASH_BYTES,
	    SQLITE_TRANSIENT);
}

/* What both formats of an audit row hash: the format's tag, prev, seq
 * (8 bytes little-endian), at, actor, action, detail (length-prefixed)
 * and state. */
static void
row_hash_start(crypto_generichash_state *st, const char *tag,
    const uint8_t prev[CHAIN_HASH_BYTES], int64_t seq, const char *at,
    const char *actor, const char *action, const char *detail,
    const uint8_t state[CHAIN_HASH_BYTES])
{
	uint8_t s[8];
	int i;

	for (i = 0; i < 8; i++)
		s[i] = (uint8_t)((uint64_t)seq >> (8 * i));
	crypto_generichash_init(st, NULL, 0, CHAIN_HASH_BYTES);
	crypto_generichash_update(st, (const uint8_t *)tag, strlen(tag));
	crypto_generichash_update(st, prev, CHAIN_HASH_BYTES);
	crypto_generichash_update(st, s, sizeof s);
	feed(st, at, strlen(at));
	feed(st, actor, strlen(actor));
	feed(st, action, strlen(action));
	feed(st, detail, strlen(detail));
	crypto_generichash_update(st, state, CHAIN_HASH_BYTES);
}

void
chain_row_hash(uint8_t out[CHAIN_HASH_BYTES],
    const uint8_t prev[CHAIN_HASH_BYTES], int64_t seq, const char *at,
    const char *actor, const char *action, const char *detail,
    const uint8_t state[CHAIN_HASH_BYTES])
{
	crypto_generichash_state st;

	row_hash_start(&st, "mudawala-audit-1", prev, seq, at, actor, action,
	    detail, state);
	crypto_generichash_final(&st, out, CHAIN_HASH_BYTES);
}

void
chain_row_hash2(uint8_t out[CHAIN_HASH_BYTES],
    const uint8_t prev[CHAIN_HASH_BYTES], int64_t seq, const char *at,
    const char *actor, const char *action, const char *detail,
    const uint8_t state[CHAIN_HASH_BYTES], const char *keys)
{
	crypto_generichash_state st;
	uint8_t has_keys = keys != NULL;

	row_hash_start(&st, "mudawala-audit-2", prev, seq, at, actor, action,
	    detail, state);
	/* NULL (no change of keys) and "" differ. */
	crypto_generichash_update(&st, &has_keys, 1);
	if (keys != NULL)
		feed(&st, keys, strlen(keys));
	crypto_generichash_final(&st, out, CHAIN_HASH_BYTES);
}

/* Format 2 with the digests of the tables the row's transaction changed
 * (or of every table): written from file format 11 on, tagged apart. */
void
chain_row_hash3(uint8_t out[CHAIN_HASH_BYTES],
    const uint8_t prev[CHAIN_HASH_BYTES], int64_t seq, const char *at,
    const char *actor, const char *action, const char *detail,
    const uint8_t state[CHAIN_HASH_BYTES], const char *keys,
    const void *digests, size_t digests_len)
{
	crypto_generichash_state st;
	uint8_t has_keys = keys != NULL;

	if (digests == NULL && digests_len == 0) {
		chain_row_hash2(out, prev, seq, at, actor, action, detail, state,
		    keys);
		return;
	}
	row_hash_start(&st, "mudawala-audit-3", prev, seq, at, actor, action,
	    detail, state);
	crypto_generichash_update(&st, &has_keys, 1);
	if (keys != NULL)
		feed(&st, keys, strlen(keys));
	feed(&st, digests, digests_len);
	crypto_generichash_final(&st, out, CHAIN_HASH_BYTES);
}

const void *
chain_digests_column(sqlite3_stmt *st, int col, size_t *len)
{
	const void *p;

	*len = 0;
	if (sqlite3_column_type(st, col) != SQLITE_BLOB)
		return NULL;
	p = sqlite3_column_blob(st, col);
	*len = (size_t)sqlite3_column_bytes(st, col);
	return p != NULL ? p : "";
}

void
chain_digest_term(uint8_t out[CHAIN_HASH_BYTES], const char *table,
    const uint8_t digest[CHAIN_HASH_BYTES])
{
	static const char what[] = "digest";
	crypto_generichash_state st;
	uint8_t tag = 't';

	/* mudawala_row('digest', table, digest): tagged, length-prefixed. */
	crypto_generichash_init(&st, NULL, 0, CHAIN_HASH_BYTES);
	crypto_generichash_update(&st, &tag, 1);
	feed(&st, what, sizeof what - 1);
	crypto_generichash_update(&st, &tag, 1);
	feed(&st, table, strlen(table));
	tag = 'b';
	crypto_generichash_update(&st, &tag, 1);
	feed(&st, digest, CHAIN_HASH_BYTES);
	crypto_generichash_final(&st, out, CHAIN_HASH_BYTES);
}

void
chain_sign_message(uint8_t out[CHAIN_SIGN_BYTES],
    const uint8_t hash[CHAIN_HASH_BYTES])
{
	memcpy(out, CHAIN_SIGN_CONTEXT, sizeof CHAIN_SIGN_CONTEXT);
	memcpy(out + sizeof CHAIN_SIGN_CONTEXT, hash, CHAIN_HASH_BYTES);
}

/* The text arguments of mudawala_chain(2) from argv[first]: NULL is "". */
static int
texts(sqlite3_context *ctx, sqlite3_value **argv, int first,
    const char *text[4])
{
	int i;

	for (i = 0; i < 4; i++) {
		text[i] = (const char *)sqlite3_value_text(argv[first + i]);
		if (text[i] == NULL &&
		    sqlite3_value_type(argv[first + i]) != SQLITE_NULL) {
			sqlite3_result_error_nomem(ctx);
			return -1;
		}
		if (text[i] == NULL)
			text[i] = "";
	}
	return 0;
}

/* mudawala_chain2(prev, seq, at, actor, action, detail, state, keys) and
 * mudawala_chain3(..., keys, digests). */
static void
fn_chain23(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	uint8_t out[CHAIN_HASH_BYTES];
	const char *text[4], *keys = NULL;
	bool three = argc == 9;

	if (!is_hash(argv[0]) || !is_hash(argv[6]) ||
	    sqlite3_value_type(argv[1]) != SQLITE_INTEGER ||
	    (three && sqlite3_value_type(argv[8]) != SQLITE_BLOB)) {
		sqlite3_result_error(ctx, "mudawala_chain: bad arguments", -1);
		return;
	}
	if (texts(ctx, argv, 2, text) != 0)
		return;
	if (sqlite3_value_type(argv[7]) != SQLITE_NULL) {
		keys = (const char *)sqlite3_value_text(argv[7]);
		if (keys == NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	/* A zero-length blob has no pointer: "" stands for it. */
	chain_row_hash3(out, sqlite3_value_blob(argv[0]),
	    sqlite3_value_int64(argv[1]), text[0], text[1], text[2], text[3],
	    sqlite3_value_blob(argv[6]), keys, three ? (sqlite3_value_blob(argv[8])
	    != NULL ? sqlite3_value_blob(argv[8]) : "") : NULL,
	    three ? (size_t)sqlite3_value_bytes(argv[8]) : 0);
	sqlite3_result_blob(ctx, out, sizeof out, SQLITE_TRANSIENT);
}

static void
fn_chain(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	uint8_t out[CHAIN_HASH_BYTES];
	const char *text[4];
	int i;

	if (!is_hash(argv[0]) || !is_hash(argv[6]) ||
	    sqlite3_value_type(argv[1]) != SQLITE_INTEGER) {
		sqlite3_result_error(ctx, "mudawala_chain: bad arguments", -1);
		return;
	}
	for (i = 0; i < 4; i++) {
		text[i] = (const char *)sqlite3_value_text(argv[2 + i]);
		if (text[i] == NULL &&
		    sqlite3_value_type(argv[2 + i]) != SQLITE_NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		if (text[i] == NULL)
			text[i] = "";
	}
	chain_row_hash(out, sqlite3_value_blob(argv[0]),
	    sqlite3_value_int64(argv[1]), text[0], text[1], text[2], text[3],
	    sqlite3_value_blob(argv[6]));
	sqlite3_result_blob(ctx, out, sizeof out, SQLITE_TRANSIENT);
}

int
chain_register(sqlite3 *db)
{
	/* INNOCUOUS: callable from triggers with trusted_schema off. */
	const int pure = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc;

	if (sodium_init() < 0)
		return SQLITE_ERROR;
	rc = sqlite3_create_function(db, "mudawala_row", -1, pure, NULL,
	    fn_row, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "mudawala_dsum", 1, pure,
		    NULL, NULL, fn_dsum_step, fn_dsum_final);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "mudawala_chain", 7, pure,
		    NULL, fn_chain, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "mudawala_chain2", 8, pure,
		    NULL, fn_chain23, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "mudawala_chain3", 9, pure,
		    NULL, fn_chain23, NULL, NULL);
	return rc;
}

void
chain_hex(char *buf, const uint8_t *hash, size_t len)
{
	sodium_bin2hex(buf, 2 * len + 1, hash, len);
}

void
chain_content_hash(uint8_t out[CHAIN_HASH_BYTES], const char *table,
    const char *row, size_t len)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, CHAIN_HASH_BYTES);
	feed(&st, table, strlen(table));
	feed(&st, row, len);
	crypto_generichash_final(&st, out, CHAIN_HASH_BYTES);
}
