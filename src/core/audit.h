/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading and verifying the audit log. */
#ifndef MUDAWALA_AUDIT_H
#define MUDAWALA_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/db.h"
#include "core/rows.h"

/* seq, at, actor, action, detail, hash */
extern const struct columns audit_columns;

/* Stream the log, oldest first, to fn.  Before the deliberation the
 * detail of another member's scores reads hidden (the blind rule);
 * viewer (NULL: nobody) sees their own. */
int audit_list(struct edition *ed, const char *viewer, const char *hidden,
    row_fn fn, void *ctx, struct mw_error *err);

/* The acts one member signed, as audit_verify() counted them. */
struct audit_signer {
	char id[65];
	long acts;
};

struct audit_report {
	int64_t rows;           /* rows checked */
	char head[65];          /* hex hash of the last row ("" if none) */
	bool locked;            /* sealed by the lock, and the seal holds */
	int64_t unsigned_rows;  /* rows no member signed (set-up, migrations,
	                         * rows written before format 5) */
	int64_t first_signed;   /* the first signed row (0: none) */
	int64_t last_unsigned_setup; /* the last unsigned row before it */
	char chair[65];         /* who signed first, vouching for the set-up */
	char chair_key[17];     /* their key id, as minisign shows it */
	bool anchored;          /* that key is the published one (-p) */
	bool chair_key_changed; /* the chair's key changed since */
	struct audit_signer *signers;   /* by id; the caller frees with */
	size_t nsigners;                /* audit_report_free() */
};

void audit_report_free(struct audit_report *rep);

/* integrity_check and the references the digests do not cover
 * (filecheck.h): -1 naming the first problem. */
int audit_check_file(struct edition *ed, struct mw_error *err);

/*
 * Check the file (audit_check_file()), then walk the chain from the
 * first row: each row must follow the previous one (seq, prev), hash to
 * its stored hash and, once the commission's chair has signed, carry the
 * signature of its actor by the key the chain registers for them (keys
 * change only by rows the chair signed); no act follows the lock.  The
 * registry the chain ends with must be the juror table's.  Then
 * recompute the digest of every audited table from its contents and
 * compare it with the state the last row recorded, and, once locked, the
 * seal (lock.h).  With anchor (the chair's published public key, else
 * NULL), the chair's key that signed first must be it.  Returns 0 when all
 * holds; otherwise -1 with a message naming the first row, member,
 * table or seal that does not match.  rep is filled either way; free it
 * with audit_report_free().
 */
struct public_key;
int audit_verify(struct edition *ed, const struct public_key *anchor,
    struct audit_report *rep, struct mw_error *err);

struct audited_table;
/* Recompute the digest of table t from its rows, into out. */
int audit_table_digest(struct edition *ed, const struct audited_table *t,
    uint8_t out[32], struct mw_error *err);

#endif
