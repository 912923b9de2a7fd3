/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schema of the edition file: the ordered migrations and the list of
 * audited tables whose contents the hash chain covers. */
#ifndef MUDAWALA_SCHEMA_H
#define MUDAWALA_SCHEMA_H

#include <stddef.h>

struct audited_table {
	int since;              /* the migration (index) that creates it */
	const char *name;
	/* Comma-separated, in digest order; a column named "?c" joins a
	 * row's text only when not empty, so that a column added to a table
	 * leaves the digests of its rows as they were (a locked edition's
	 * seal among them). */
	const char *columns;
};

/* Every table holding edition data, each with every column that matters. */
extern const struct audited_table schema_audited[];
extern const size_t schema_naudited;

/* Audited tables that migration `in` makes again (a CHECK changed): their
 * journal triggers are made again after it, their digest kept. */
struct rebuilt_table {
	int in;
	const char *name;
};
extern const struct rebuilt_table schema_rebuilt[];
extern const size_t schema_nrebuilt;

/* migrations[i] takes a file from user_version i to i + 1. */
extern const char *const schema_migrations[];
extern const size_t schema_nmigrations;

/* The audited table of that name (NULL if none). */
const struct audited_table *schema_table(const char *name);

/* Its index in schema_audited (-1 if none). */
int schema_index(const char *name);

struct strbuf;

/*
 * Append the SQL expression that serializes a row of t as text, each
 * column through quote() (unambiguous, built in, so plain SQL can compute
 * it): quote(PREFIXa) || ',' || quote(PREFIXb) ...  prefix is "NEW.",
 * "OLD." or "".
 */
void schema_row_expr(struct strbuf *sb, const struct audited_table *t,
    const char *prefix);

/* The same without the "?" columns, which files before format 11 lack
 * (the journal triggers of those formats). */
void schema_row_expr_before_11(struct strbuf *sb,
    const struct audited_table *t, const char *prefix);

#endif
