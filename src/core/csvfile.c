/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvfile.h"
#include "text/clean.h"
#include "util/i18n.h"
#include "util/strbuf.h"

/* What makes a spreadsheet read a cell as a formula (OWASP). */
#define FORMULA_STARTS "=+-@\t\r"

struct reader {
	const char *path;
	csv_record_fn fn;
	void *ctx;
	struct mw_error *err;
	int stop;               /* the callback's non-zero return */
	size_t line;            /* lines fed so far */
	size_t newlines;        /* newlines inside the current record */
	char **fields;
	size_t *lens;
	size_t nfields, cap;
};

static void
on_field(void *data, size_t len, void *arg)
{
	struct reader *r = arg;
	const char *s = data != NULL ? data : "";
	size_t i;

	if (r->stop)
		return;
	/* A NUL would cut the value short wherever it is read as a C
	 * string: a text file holds none. */
	if (memchr(s, '\0', len) != NULL) {
		r->stop = error_set(r->err, _("%s:%zu:%zu: a NUL byte in the "
		    "field: not a text file, or a damaged one"), r->path,
		    r->line - r->newlines, r->nfields + 1);
		return;
	}
	if (r->nfields == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
		r->lens = xrealloc(r->lens, r->cap * sizeof *r->lens);
	}
	r->fields[r->nfields] = xmalloc(len + 1);
	memcpy(r->fields[r->nfields], s, len);
	r->fields[r->nfields][len] = '\0';
	r->lens[r->nfields] = len;
	r->nfields++;
	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			r->newlines++;
}

static void
clear_fields(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	r->nfields = 0;
	r->newlines = 0;
}

static void
on_record(int term, void *arg)
{
	struct reader *r = arg;
	struct csv_record rec;

	if (!r->stop) {
		/* The record ends on line r->line (or the one being fed when the
		 * file lacks a final newline); it started as many lines earlier
		 * as it held newlines. */
		rec.line = r->line - r->newlines;
		rec.nfields = r->nfields;
		rec.fields = r->fields;
		rec.lens = r->lens;
		r->stop = r->fn(r->ctx, &rec, r->err);
	}
	clear_fields(r);
}

/* Keep spaces: "  x" is a value, not "x" (libcsv trims by default). */
static int
no_space(unsigned char c)
{
	return 0;
}

int
csvfile_read(const char *path, csv_record_fn fn, void *ctx,
    struct mw_error *err)
{
	struct csv_parser p;
	struct reader r = { .path = path, .fn = fn, .ctx = ctx, .err = err };
	FILE *f = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret = 0;

	if (f == NULL)
		return error_set(err, _("%s: cannot open (%s)"), path,
		    error_text(errno));
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		fatal("out of memory");
	csv_set_space_func(&p, no_space);
	while (!r.stop && (n = getline(&line, &cap, f)) > 0) {
		const char *chunk = line;
		size_t len = (size_t)n;

		r.line++;
		if (r.line == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
			chunk += 3;
			len -= 3;
		}
		if (csv_parse(&p, chunk, len, on_field, on_record, &r) != len &&
		    !r.stop) {
			ret = error_set(err, _("%s:%zu: malformed CSV (%s)"), path,
			    r.line, csv_strerror(csv_error(&p)));
			break;
		}
	}
	if (ret == 0 && !r.stop && ferror(f))
		ret = error_set(err, _("%s: read error (%s)"), path,
		    error_text(errno));
	if (ret == 0 && !r.stop &&
	    csv_fini(&p, on_field, on_record, &r) != 0)
		ret = error_set(err, _("%s:%zu: malformed CSV (a quoted field "
		    "is not closed)"), path, r.line - r.newlines);
	if (ret == 0 && r.stop)
		ret = r.stop;
	clear_fields(&r);
	free(r.fields);
	free(r.lens);
	free(line);
	csv_free(&p);
	fclose(f);
	return ret;
}

int
csv_header_parse(struct csv_header *h, const char *path,
    const struct csv_column *columns, size_t ncolumns,
    const struct csv_record *rec, struct mw_error *err)
{
	return csv_header_parse_form(h, path, columns, ncolumns, ncolumns, rec,
	    err);
}

int
csv_header_parse_form(struct csv_header *h, const char *path,
    const struct csv_column *columns, size_t ncolumns, size_t form_from,
    const struct csv_record *rec, struct mw_error *err)
{
	size_t i, j;

	if (ncolumns > CSV_MAX_COLUMNS)
		fatal("too many CSV columns");
	h->path = path;
	h->columns = columns;
	h->ncolumns = ncolumns;
	h->nfields = rec->nfields;
	for (i = 0; i < ncolumns; i++)
		h->where[i] = -1;
	for (j = 0; j < rec->nfields; j++) {
		for (i = 0; i < ncolumns; i++)
			if (strcmp(rec->fields[j], columns[i].name) == 0)
				break;
		if (i == ncolumns) {
			struct strbuf known = STRBUF_INIT, form = STRBUF_INIT;

			for (i = 0; i < ncolumns; i++)
				if (i < form_from)
					strbuf_addf(&known, "%s%s", known.len ?
					    ", " : "", columns[i].name);
				else if ((i - form_from) % 3 == 0)
					strbuf_addf(&form, "%s%s", form.len ?
					    ", " : "", columns[i].name);
			if (form.len > 0)
				error_set(err, _("%s:%zu:%zu: unknown column '%s' "
				    "(expected: %s; or a field of the application "
				    "form: %s, each also with _ar or _fr)"), path,
				    rec->line, j + 1, rec->fields[j],
				    strbuf_str(&known), strbuf_str(&form));
			else
				error_set(err, _("%s:%zu:%zu: unknown column '%s' "
				    "(expected: %s)"), path, rec->line, j + 1,
				    rec->fields[j], strbuf_str(&known));
			strbuf_free(&known);
			strbuf_free(&form);
			return -1;
		}
		if (h->where[i] != -1)
			return error_set(err, _("%s:%zu:%zu: column '%s' is given "
			    "twice"), path, rec->line, j + 1, rec->fields[j]);
		h->where[i] = (int)j;
	}
	for (i = 0; i < ncolumns; i++)
		if (columns[i].required && h->where[i] == -1)
			return error_set(err, _("%s:%zu: the required column '%s' "
			    "is missing from the header"), path, rec->line,
			    columns[i].name);
	return 0;
}

void
csv_free_values(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i]);
		v[i] = NULL;
	}
}

int
csv_clean_record(const struct csv_header *h, const struct csv_record *rec,
    char **v, struct mw_error *err)
{
	size_t i, bad;

	if (rec->nfields != h->nfields)
		return error_set(err, _("%s:%zu: expected %zu fields as in the "
		    "header, found %zu"), h->path, rec->line, h->nfields,
		    rec->nfields);
	for (i = 0; i < h->ncolumns; i++) {
		const char *raw = csv_get(h, rec, i);

		/* What csv_write_field() wrote after an apostrophe reads back
		 * as it was: a listing imports unchanged. */
		if (raw[0] == '\'' && raw[1] != '\0' &&
		    strchr(FORMULA_STARTS, raw[1]) != NULL)
			raw++;

		if (!text_clean(raw, strlen(raw), &v[i], &bad)) {
			csv_free_values(v, i + 1);
			return error_set(err, _("%s:%zu:%zu: field '%s': not valid "
			    "UTF-8 (at byte %zu)"), h->path, rec->line,
			    csv_field_no(h, i), h->columns[i].name, bad + 1);
		}
	}
	return 0;
}

const char *
csv_get(const struct csv_header *h, const struct csv_record *rec, size_t i)
{
	int j = h->where[i];

	return j >= 0 && (size_t)j < rec->nfields ? rec->fields[j] : "";
}

size_t
csv_field_no(const struct csv_header *h, size_t i)
{
	return h->where[i] >= 0 ? (size_t)h->where[i] + 1 : 0;
}

const struct csv_dialect csv_plain = { "plain", ',', "\n", false, false };
const struct csv_dialect csv_excel = { "excel", ';', "\r\n", true, true };

const struct csv_dialect *
csv_dialect_find(const char *name)
{
	if (strcmp(name, csv_plain.name) == 0)
		return &csv_plain;
	if (strcmp(name, csv_excel.name) == 0)
		return &csv_excel;
	return NULL;
}

/* A decimal number as we write them (digits, a point, an exponent): a
 * spreadsheet reads it as a number, never as a formula. */
static bool
is_number(const char *s)
{
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return *p == '\0';
}

void
csv_write_field_as(FILE *f, const char *s, const struct csv_dialect *d)
{
	/* Every CSV field leaves through here, cleaned for its destination
	 * (a CSV file is shown in terminals too). */
	char *clean = text_for_csv(s);
	char *shown = clean;
	char specials[] = { d->sep, '"', '\r', '\n', '\0' };

	if (is_number(clean)) {
		char *point = strchr(clean, '.');

		if (d->decimal_comma && point != NULL)
			*point = ',';
	} else if (clean[0] != '\0' && strchr(FORMULA_STARTS, clean[0]) != NULL) {
		/* OWASP's rule for CSV injection: a leading apostrophe. */
		shown = xmalloc(strlen(clean) + 2);
		shown[0] = '\'';
		memcpy(shown + 1, clean, strlen(clean) + 1);
	}
	if (strpbrk(shown, specials) != NULL)
		csv_fwrite(f, shown, strlen(shown));
	else
		fputs(shown, f);
	if (shown != clean)
		free(shown);
	free(clean);
}

void
csv_write_field(FILE *f, const char *s)
{
	csv_write_field_as(f, s, &csv_plain);
}

void
csv_write_row(FILE *f, const char *const *cells, size_t n,
    const struct csv_dialect *d)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputc(d->sep, f);
		csv_write_field_as(f, cells[i] != NULL ? cells[i] : "", d);
	}
	fputs(d->eol, f);
}
