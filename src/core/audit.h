/* Reading and verifying the audit log. */
#ifndef MUDAWALA_AUDIT_H
#define MUDAWALA_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/db.h"
#include "core/rows.h"

/* seq, at, actor, action, detail, hash */
extern const struct columns audit_columns;

/* Stream the log, oldest first, to fn. */
int audit_list(struct edition *ed, row_fn fn, void *ctx,
    struct mw_error *err);

struct audit_report {
	int64_t rows;           /* rows checked */
	char head[65];          /* hex hash of the last row ("" if none) */
	bool locked;            /* sealed by the lock, and the seal holds */
};

/* integrity_check and foreign_key_check: -1 naming the first problem. */
int audit_check_file(struct edition *ed, struct mw_error *err);

/*
 * Check the file (audit_check_file()), then walk the chain from the
 * first row: each row must follow the previous
 * one (seq, prev) and hash to its stored hash.  Then recompute the digest
 * of every audited table from its contents and compare it with the state
 * the last row recorded, and, once locked, the seal (lock.h).  Returns 0
 * when all holds; otherwise -1 with a message naming the first row, the
 * tables or the seal that do not match.
 */
int audit_verify(struct edition *ed, struct audit_report *rep,
    struct mw_error *err);

struct audited_table;
/* Recompute the digest of table t from its rows, into out. */
int audit_table_digest(struct edition *ed, const struct audited_table *t,
    uint8_t out[32], struct mw_error *err);

#endif
