/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The edition file: opening, creating, migrating, prepared statements and
 * audited transactions.  Every other core module reaches SQLite through
 * this one. */
#ifndef MUDAWALA_DB_H
#define MUDAWALA_DB_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "util/error.h"

/* 'MDWL': PRAGMA application_id of every edition file. */
#define DB_APPLICATION_ID 0x4D44574C
/* The newest file format (PRAGMA user_version) this program writes. */
#define DB_FORMAT_VERSION 11
/* The oldest it reads without upgrading it: format 11 keeps the digests
 * in the audit log rather than in a table, and the last changes of a
 * score in its row, which a reader of format 10 would not find. */
#define DB_READABLE_FROM 11

struct edition;

enum db_mode {
	DB_READ,        /* list, ranking, audit: never writes */
	DB_WRITE,       /* everything that changes the edition */
	DB_INTERACTIVE, /* DB_WRITE, any opening check in the background */
};

/*
 * Open the existing edition file at path.  Applies the connection settings
 * (WAL, synchronous=FULL, foreign keys, defensive mode, cell size checks,
 * no trusted schema), checks the application id and the format version
 * and migrates an older file in one transaction (not DB_READ).  On
 * failure returns -1 with a message naming the file in *err.
 *
 * Opening reads no more than the schema, whatever the file's size: the
 * whole file is checked (quick_check) only where that protects something
 * -- db_check_whole() before a lock, a backup, an export, a pack -- and
 * at open only after an unclean shutdown (SQLite recovered a WAL or a
 * journal left by a program that did not close the file).  A damaged page
 * is never written over all the same: SQLite checks every page it loads
 * (its header, cell pointers and, with cell_size_check, every cell) and a
 * write changes only the pages on the path it read, so a damaged page on
 * that path fails the transaction (SQLITE_CORRUPT, rolled back, nothing in
 * the WAL) and one elsewhere is never written (the WAL, and the
 * checkpoint after it, hold only pages a transaction changed).
 *
 * DB_INTERACTIVE leaves that check after an unclean shutdown for later:
 * db_check_start() runs it in a thread on a connection of its own (the
 * interface, once its first screen is drawn), the first write waits for
 * it (and is refused if it failed; if it was never started, it runs
 * then), and the caller polls it with db_check_poll().
 * The caller owns *out and frees it with db_close().
 */
int db_open(const char *path, enum db_mode mode, struct edition **out,
    struct mw_error *err);

/*
 * Create a new, empty edition file at path (which must not exist) with the
 * current schema.  The file is built under a temporary name in the same
 * directory; it appears at path only by db_publish().
 */
int db_create(const char *path, struct edition **out, struct mw_error *err);

/*
 * Finish a file made by db_create(): close it and rename it into place.
 * Frees ed whatever happens.  Refuses to replace an existing file.
 */
int db_publish(struct edition *ed, struct mw_error *err);

/* Close and free (NULL is fine).  A file from db_create() that was never
 * published is removed. */
void db_close(struct edition *ed);

/* The connection, for modules of core that run their own statements. */
sqlite3 *db_handle(struct edition *ed);
const char *db_path(const struct edition *ed);

/*
 * The prepared statement for sql, prepared on first use and reused after;
 * reset and with its bindings cleared.  sql must be a string constant.
 * NULL on error (message in *err).
 */
sqlite3_stmt *db_stmt(struct edition *ed, const char *sql,
    struct mw_error *err);

enum db_check {
	DB_CHECK_RUNNING,
	DB_CHECK_SOUND,
	DB_CHECK_FAILED,        /* the reason in *err */
};

/* Start the opening check of a DB_INTERACTIVE edition in the background
 * (once, if there is one; a no-op otherwise).  -1 only if, without a
 * thread, it ran here and failed. */
int db_check_start(struct edition *ed, struct mw_error *err);

/* Where the opening check stands (DB_INTERACTIVE); without one, SOUND. */
enum db_check db_check_poll(struct edition *ed, struct mw_error *err);

/* Wait for the opening check: 0 if the file is sound (or there is no
 * check to wait for), else -1 with the reason in *err. */
int db_check_wait(struct edition *ed, struct mw_error *err);

/* Stop what ed is running, from another thread: the statement under way
 * fails (SQLITE_INTERRUPT), and so does any started while *flag is true
 * (sqlite3_interrupt() alone is lost on a statement not yet started).
 * flag is the caller's and lives as long as ed. */
void db_stop_on(struct edition *ed, atomic_bool *flag);

/*
 * How far a long read on ed has got, for whoever waits for it in another
 * thread (a screen's background job): db_progress() stores done / total
 * in thousandths into *permille, -1 while unknown.  Without a caller's
 * *permille (the command line), db_progress() does nothing and
 * db_progress_wanted() is false, so that nothing is counted for nobody.
 */
void db_progress_on(struct edition *ed, atomic_int *permille);
bool db_progress_wanted(const struct edition *ed);
void db_progress(struct edition *ed, long long done, long long total);

/* The seq of the audit log's last row: every change adds one, so equal
 * values mean the same contents (what the interface caches is keyed by
 * it). */
int db_state(struct edition *ed, long long *seq, struct mw_error *err);
void db_interrupt(struct edition *ed);

/* Check the whole file now (quick_check; once a session): before what
 * reads it all and hands it on -- a lock, a backup, an export, a pack.
 * 0 if sound, else -1 with the advice to restore a backup. */
int db_check_whole(struct edition *ed, struct mw_error *err);

/* How many whole-file checks this process has run (for the tests that
 * count what opening costs). */
unsigned long db_whole_checks(void);

/*
 * Compare the file's schema (tables, indexes, triggers, views) with the
 * one this program creates: -1 naming each object missing, altered or
 * unknown.  db_begin() runs it whenever the schema changed, so that no
 * write lands in a file whose triggers were dropped or neutered.
 */
int db_schema_check(struct edition *ed, struct mw_error *err);

/* Begin a write transaction (BEGIN IMMEDIATE), once the opening check
 * has passed and the schema is the program's own. */
int db_begin(struct edition *ed, struct mw_error *err);

/*
 * Append the audit row describing the transaction (who, what, details) and
 * commit.  The audit row carries the digest of every audited table, the
 * hash of the previous row, the commission's keys when the transaction
 * changed them, and the actor's signature (db_set_signer()); a commit
 * whose changes lack an audit row is refused by the connection's commit
 * hook.  On failure the transaction is rolled back.
 */
int db_commit(struct edition *ed, const char *actor, const char *action,
    const char *detail, struct mw_error *err);

/*
 * Inside a transaction: fold the row changes journalled so far into the
 * digests, so that a bulk load keeps the journal small.  db_commit() does
 * the same at the end; calling this is never required for correctness.
 */
int db_fold(struct edition *ed, struct mw_error *err);

/* Make the connection's journal of row changes whole again (after a bulk
 * load dropped a trigger of it). */
int db_journal(struct edition *ed, struct mw_error *err);

/*
 * The digest of each audited table as the edition states it: within a
 * write transaction, with the rows it folded; otherwise as the log ends
 * (read back from its last rows, or from an older file's digest table).
 * db_digest_of(ed, t) is then table t's (schema_audited index).
 */
int db_digests(struct edition *ed, struct mw_error *err);
const uint8_t *db_digest_of(struct edition *ed, size_t t);

/*
 * Inside a transaction: fold into the digests the rows sql selects, each
 * as (table, sign, row text as schema_row_expr() gives it), as if their
 * journal trigger had recorded them.  For bulk loads that insert without
 * the trigger (import.c); the commit still needs db_commit().
 */
int db_fold_rows(struct edition *ed, const char *sql, struct mw_error *err);

struct secret_key;
/*
 * From now on, the audit rows of actor are signed with key (copied, and
 * wiped at db_close() or at the next call; NULL clears it).  Once the
 * chair has a registered key, db_commit() refuses an act whose actor is
 * not the signer, or whose key is not the one registered for them before
 * the act: no act without the actor's unlocked key.
 */
void db_set_signer(struct edition *ed, const char *actor,
    const struct secret_key *key);

/* The member whose key is set by db_set_signer(), or NULL. */
const char *db_signer(const struct edition *ed);

/*
 * Whether another program (another connection) changed the file since
 * the last call (PRAGMA data_version): the first call only remembers.
 * Cheap enough to poll at idle.
 */
int db_changed_elsewhere(struct edition *ed, bool *changed,
    struct mw_error *err);

/* Whether path and its folder can be written (an edition opened for
 * writing needs both). */
bool db_writable(const char *path);

/* Roll back the open transaction, if any. */
void db_rollback(struct edition *ed);

/* Turn an SQLite failure on ed into a message in *err naming the file;
 * returns -1. */
int db_error(struct edition *ed, int rc, struct mw_error *err);

/* Does sql (a string constant selecting a row for ?1) find one for key?
 * 0 with *found set, or -1. */
int db_exists(struct edition *ed, const char *sql, const char *key,
    bool *found, struct mw_error *err);

/* Run one statement (no result rows expected), reporting failure. */
int db_exec(struct edition *ed, const char *sql, struct mw_error *err);

/* A copy of column col of the current row (caller frees): "" for NULL,
 * or NULL for NULL with db_column_dup_or_null(). */
char *db_column_dup(sqlite3_stmt *st, int col);
char *db_column_dup_or_null(sqlite3_stmt *st, int col);

/* The current time as ISO 8601 UTC ("2026-11-22T14:20:09Z") in buf;
 * MUDAWALA_NOW overrides it (tests, reproducible demos). */
void db_now(char buf[32]);

/* A stored time (ISO 8601, UTC) as a person reads it: the local time,
 * "2026-12-02 23:22", into out. */
void db_time_for_people(const char *iso, char *out, size_t size);

#endif
