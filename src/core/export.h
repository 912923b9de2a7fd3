/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What leaves the commission: the results as CSV or JSON, the minutes
 * of the deliberation as HTML, each written whole or not at all, and the
 * trusted comment that binds a signed file to its edition. */
#ifndef MUDAWALA_EXPORT_H
#define MUDAWALA_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/csvfile.h"
#include "core/db.h"
#include "core/sink.h"
#include "util/strbuf.h"

enum export_format { EXPORT_CSV, EXPORT_JSON, EXPORT_HTML, EXPORT_PDF };

struct export_opts {
	enum export_format format;
	const char *lang;       /* "ar" or "fr": titles, and the minutes */
	bool draft;             /* allowed before the lock, and says so */
	bool bom;               /* CSV: a UTF-8 byte order mark first */
	const struct csv_dialect *dialect; /* CSV: NULL for csv_plain */
	const char *table;      /* CSV: which table (NULL: the ranking) */
	const char *place;      /* the minutes: where the commission met */
	const char *absent;     /* the minutes: members absent (ids, comma-
	                         * separated), or NULL */
};

/* The tables the CSV results come as, one per file, for messages; and
 * whether name is one of them. */
const char *export_csv_tables(void);
bool export_csv_table_known(const char *name);

/* Parse "csv", "json", "html", "pdf"; -1 if none. */
int export_format_parse(const char *s);

/*
 * Write the results of the edition to path: refused before the lock
 * unless opts->draft.  Per category the ranking (mean of the voting
 * members' totals), the prizes with their rationales, the certificates
 * of merit, the numbers of dossiers and of administrations; the
 * commission; the lock time.  The file appears whole (temporary file,
 * synced, renamed) or not at all.
 */
int export_write(struct edition *ed, const struct export_opts *opts,
    const char *path, struct mw_error *err);

/*
 * The trusted comment of a signed document of this edition: tab-separated
 * fields mudawala=1, kind, edition (uuid), name, signer, role, seq and
 * chain (the audit chain head), seal ("none" before the lock), draft.
 */
int export_trusted_comment(struct edition *ed, const char *kind,
    const char *signer, bool draft, struct strbuf *out, struct mw_error *err);

#endif
