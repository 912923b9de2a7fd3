/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printing rows from core as a table for people, or as CSV or JSON for
 * programs (stable: UTF-8, no colour, column names never translated). */
#ifndef MUDAWALA_OUTPUT_H
#define MUDAWALA_OUTPUT_H

#include <stdio.h>

#include "core/csvfile.h"
#include "core/rows.h"

enum out_format {
	OUT_TABLE,
	OUT_CSV,
	OUT_JSON,
};

/* The CSV dialect of every output that follows (csvfile.h; the default
 * is csv_plain). */
void output_set_dialect(const struct csv_dialect *d);

/* "table", "csv", "json"; -1 if none. */
int output_format_parse(const char *s);

struct output;

/* Start printing rows with these columns to f.  The caller frees with
 * output_end(), which also prints what was buffered. */
struct output *output_new(FILE *f, enum out_format fmt,
    const struct columns *cols);

/* A row_fn: pass the output as ctx. */
int output_row(void *ctx, const char *const *cells, size_t ncells,
    const char *json, struct mw_error *err);

/* Flush and free; returns -1 (with a message) if writing failed. */
int output_end(struct output *out, struct mw_error *err);

#endif
