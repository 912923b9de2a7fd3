/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvfile.h"
#include "cli/output.h"
#include "text/clean.h"
#include "text/width.h"
#include "util/i18n.h"
#include "util/strbuf.h"

/* Tables measure their columns over the first rows, then stream: memory
 * stays bounded however long the listing. */
#define MEASURE_ROWS 200
#define MAX_COLUMN_WIDTH 40

struct output {
	FILE *f;
	enum out_format fmt;
	const struct columns *cols;
	size_t nrows;
	bool streaming;
	char **buffered;        /* MEASURE_ROWS * ncols one-line cells */
	size_t nbuffered;
	size_t *width;
	bool *numeric;          /* right-aligned: every value a number */
};

/* Headings for people; the machine formats keep the column names. */
static const struct {
	const char *name;
	const char *label;
} labels[] = {
	{ "id", N_("Id") }, { "name", N_("Name") },
	{ "name_ar", N_("Name (Arabic)") }, { "name_fr", N_("Name (French)") },
	{ "description_ar", N_("Description (Arabic)") },
	{ "description_fr", N_("Description (French)") },
	{ "weight", N_("Weight") }, { "scale_min", N_("Min") },
	{ "scale_max", N_("Max") }, { "max_per_category", N_("Per category") },
	{ "category", N_("Category") }, { "title_ar", N_("Title (Arabic)") },
	{ "title_fr", N_("Title (French)") },
	{ "administration", N_("Administration") }, { "url", N_("URL") },
	{ "summary_ar", N_("Summary (Arabic)") },
	{ "summary_fr", N_("Summary (French)") },
	{ "organisation", N_("Organisation") }, { "role", N_("Role") },
	{ "voting", N_("Votes") }, { "public_key", N_("Public key") },
	{ "rank", N_("Rank") }, { "dossier", N_("Dossier") },
	{ "title", N_("Title") }, { "score", N_("Score") }, { "n", N_("n") },
	{ "stddev", N_("Std. dev.") }, { "flags", N_("Flags") },
	{ "seq", N_("No.") }, { "at", N_("Time") }, { "actor", N_("Actor") },
	{ "action", N_("Action") }, { "detail", N_("Detail") },
	{ "hash", N_("Hash") },
	/* TRANSLATORS: names of ranking methods, as column headers. */
	{ "mean", N_("Mean") }, { "median", N_("Median") },
	{ "trimmed", N_("Trimmed") }, { "zscore", N_("z-score") },
	{ "schulze", N_("Schulze") }, { "copeland", N_("Copeland") },
	{ "spread", N_("Spread") }, { "outliers", N_("Outside the corridor") },
	{ "juror", N_("Juror") }, { "dossiers", N_("Dossiers") },
	{ "scored", N_("Scored") }, { "submitted", N_("Submitted") },
	{ "criterion", N_("Criterion") }, { "from", N_("From") },
	{ "to", N_("To") }, { "since", N_("Since") },
	{ "key", N_("Setting") }, { "value", N_("Value") },
	{ "default", N_("Default") },
};

static const char *
label(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].name, name) == 0)
			return _(labels[i].label);
	return name;
}

int
output_format_parse(const char *s)
{
	if (strcmp(s, "table") == 0)
		return OUT_TABLE;
	if (strcmp(s, "csv") == 0)
		return OUT_CSV;
	if (strcmp(s, "json") == 0)
		return OUT_JSON;
	return -1;
}

static const struct csv_dialect *dialect = &csv_plain;

void
output_set_dialect(const struct csv_dialect *d)
{
	dialect = d;
}

struct output *
output_new(FILE *f, enum out_format fmt, const struct columns *cols)
{
	struct output *out = xcalloc(1, sizeof *out);
	size_t i;

	out->f = f;
	out->fmt = fmt;
	out->cols = cols;
	if (fmt == OUT_CSV) {
		if (dialect->bom)
			fputs("\xEF\xBB\xBF", f);
		csv_write_row(f, cols->names, cols->n, dialect);
	} else if (fmt == OUT_JSON)
		fputs("[", f);
	else {
		out->buffered = xcalloc(MEASURE_ROWS * cols->n, sizeof (char *));
		out->width = xcalloc(cols->n, sizeof (size_t));
		out->numeric = xcalloc(cols->n, sizeof (bool));
		for (i = 0; i < cols->n; i++) {
			out->width[i] = text_width(label(cols->names[i]));
			out->numeric[i] = true;
		}
	}
	return out;
}

static bool
is_number(const char *s)
{
	char *end;

	if (*s == '\0')
		return true;    /* an empty cell does not spoil a column */
	errno = 0;
	(void)strtod(s, &end);
	return *end == '\0' && errno == 0;
}

static void
print_table_row(struct output *out, char *const *cells)
{
	struct strbuf line = STRBUF_INIT;
	size_t i;

	for (i = 0; i < out->cols->n; i++) {
		if (i > 0)
			strbuf_adds(&line, "  ");
		text_fit(&line, cells[i], i + 1 == out->cols->n &&
		    !out->numeric[i] && text_width(cells[i]) <= out->width[i] ?
		    text_width(cells[i]) : out->width[i], out->numeric[i]);
	}
	strbuf_addc(&line, '\n');
	fputs(strbuf_str(&line), out->f);
	strbuf_free(&line);
}

static void
start_streaming(struct output *out)
{
	char **head = xcalloc(out->cols->n, sizeof (char *));
	size_t i, r;

	for (i = 0; i < out->cols->n; i++)
		head[i] = (char *)label(out->cols->names[i]);
	print_table_row(out, head);
	free(head);
	for (r = 0; r < out->nbuffered; r++) {
		print_table_row(out, out->buffered + r * out->cols->n);
		for (i = 0; i < out->cols->n; i++)
			free(out->buffered[r * out->cols->n + i]);
	}
	out->nbuffered = 0;
	out->streaming = true;
}

int
output_row(void *ctx, const char *const *cells, size_t ncells,
    const char *json, struct mw_error *err)
{
	struct output *out = ctx;
	size_t i;

	out->nrows++;
	if (out->fmt == OUT_CSV) {
		csv_write_row(out->f, cells, ncells, dialect);
	} else if (out->fmt == OUT_JSON) {
		char *clean = text_for_json(json);

		fputs(out->nrows > 1 ? ",\n" : "\n", out->f);
		fputs(clean, out->f);
		free(clean);
	} else {
		char **row;

		if (out->nbuffered == MEASURE_ROWS)
			start_streaming(out);
		row = out->buffered + out->nbuffered * out->cols->n;
		for (i = 0; i < ncells; i++) {
			row[i] = text_for_terminal(cells[i] ? cells[i] : "");
			if (out->streaming)
				continue;
			if (text_width(row[i]) > out->width[i])
				out->width[i] = text_width(row[i]);
			if (out->width[i] > MAX_COLUMN_WIDTH)
				out->width[i] = MAX_COLUMN_WIDTH;
			if (!is_number(row[i]))
				out->numeric[i] = false;
		}
		if (out->streaming) {
			print_table_row(out, row);
			for (i = 0; i < ncells; i++)
				free(row[i]);
		} else
			out->nbuffered++;
	}
	if (ferror(out->f))
		return error_set(err, _("cannot write the output (%s)"),
		    error_text(errno));
	return 0;
}

int
output_end(struct output *out, struct mw_error *err)
{
	int ret = 0;

	if (out->fmt == OUT_JSON)
		fputs(out->nrows > 0 ? "\n]\n" : "]\n", out->f);
	else if (out->fmt == OUT_TABLE) {
		if (!out->streaming)
			start_streaming(out);
		free(out->buffered);
		free(out->width);
		free(out->numeric);
	}
	if (fflush(out->f) != 0 || ferror(out->f))
		ret = error_set(err, _("cannot write the output (%s)"),
		    error_text(errno));
	free(out);
	return ret;
}
