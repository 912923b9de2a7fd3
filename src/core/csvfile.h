/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading CSV files (RFC 4180, libcsv) record by record, with the line on
 * which each record starts, a header that names the columns, and the
 * writing of one field with quotes only where needed. */
#ifndef MUDAWALA_CSVFILE_H
#define MUDAWALA_CSVFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/error.h"

struct csv_record {
	size_t line;            /* physical line where the record starts */
	size_t nfields;
	char **fields;          /* NUL-terminated, owned by the reader */
	size_t *lens;
};

/* Called for every record, header included; a non-zero return stops the
 * reading and is returned by csvfile_read(). */
typedef int (*csv_record_fn)(void *ctx, const struct csv_record *rec,
    struct mw_error *err);

/*
 * Read the CSV file at path, calling fn for each record in order.  A UTF-8
 * byte-order mark is skipped, CRLF and LF both end records, quoted fields
 * may hold newlines, unquoted fields keep their spaces, blank lines are
 * skipped.  Malformed quoting is an error naming the line.
 */
int csvfile_read(const char *path, csv_record_fn fn, void *ctx,
    struct mw_error *err);

/* The columns a kind of file may have: names[i], and whether required. */
struct csv_column {
	const char *name;
	bool required;
};

/* The dossiers' columns and three for each field of the form. */
#define CSV_MAX_COLUMNS 128

struct csv_header {
	const char *path;
	const struct csv_column *columns;
	size_t ncolumns;
	int where[CSV_MAX_COLUMNS];     /* file field of each column, or -1 */
	size_t nfields;                 /* fields in the header record */
};

/*
 * Map the header record onto columns: each name known and given once,
 * every required column present.  Errors name path:line:field.
 */
int csv_header_parse(struct csv_header *h, const char *path,
    const struct csv_column *columns, size_t ncolumns,
    const struct csv_record *rec, struct mw_error *err);

/* The same, columns from form_from on being the application form's in
 * threes (id, id_ar, id_fr): named apart, by id, in the error for an
 * unknown column. */
int csv_header_parse_form(struct csv_header *h, const char *path,
    const struct csv_column *columns, size_t ncolumns, size_t form_from,
    const struct csv_record *rec, struct mw_error *err);

/* The value of column i in rec ("" when the file lacks the column). */
const char *csv_get(const struct csv_header *h, const struct csv_record *rec,
    size_t i);

/*
 * The values of rec for each column of h, cleaned (valid UTF-8, in NFC)
 * into v[0..h->ncolumns), to free: a record with another number of fields
 * than the header, or a value not in UTF-8, is an error naming
 * path:line(:field), and leaves v empty.
 */
int csv_clean_record(const struct csv_header *h, const struct csv_record *rec,
    char **v, struct mw_error *err);

/* Free v[0..n) and set each to NULL. */
void csv_free_values(char **v, size_t n);

/* The 1-based field number of column i in the file (0 if absent). */
size_t csv_field_no(const struct csv_header *h, size_t i);

/*
 * How CSV is written.  The plain dialect (the default): comma, LF at the
 * end of a row, numbers with a point, no byte order mark -- what scripts
 * and RFC 4180 readers take.  The excel dialect: what a spreadsheet in a
 * French or Arabic locale opens with a double-click -- a UTF-8 byte
 * order mark, semicolons, CRLF, numbers with a decimal comma.
 */
struct csv_dialect {
	const char *name;
	char sep;
	const char *eol;
	bool decimal_comma;
	bool bom;
};
extern const struct csv_dialect csv_plain, csv_excel;

/* "plain" or "excel"; NULL for anything else. */
const struct csv_dialect *csv_dialect_find(const char *name);

/*
 * Write one field to f, quoted only if it holds a separator, a quote, CR
 * or LF; fields are separated by the caller.  A text field that a
 * spreadsheet would take for a formula (it starts with =, +, -, @, a tab
 * or CR, and is not a number) is written after an apostrophe, as OWASP
 * advises: the spreadsheet shows it as text.  A number is written as a
 * number, with the dialect's decimal sign.
 */
void csv_write_field(FILE *f, const char *s);
void csv_write_field_as(FILE *f, const char *s, const struct csv_dialect *d);

/* A row's separators and end, in d. */
void csv_write_row(FILE *f, const char *const *cells, size_t n,
    const struct csv_dialect *d);

#endif
