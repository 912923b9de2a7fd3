/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <math.h>
#include <obstack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aggregate.h"
#include "core/conflicts.h"
#include "util/error.h"
#include "util/i18n.h"

/* One row per admitted dossier and juror who submitted it, in ranking
 * order; the joins follow the indexes (dossier_by_category,
 * submission_by_dossier, score_by_dossier), so nothing is materialized.
 * An expert's, a conflicted juror's or a missing submission leaves the
 * juror NULL: their scores do not count.  stream_sql() puts one column
 * per criterion of the tie cascade between the two halves. */
static const char sql_stream_select[] =
	"SELECT cat.id, d.id,"
	"  CASE WHEN ?2 = 'ar' THEN coalesce(nullif(d.title_ar, ''), d.title_fr)"
	"    ELSE coalesce(nullif(d.title_fr, ''), d.title_ar) END,"
	"  j.rowid, 100.0 * sum(c.weight * (s.value - c.scale_min)"
	"    / (c.scale_max - c.scale_min)) / sum(c.weight),"
	"  count(s.value) < (SELECT count(*) FROM criterion),"
	/* Casting decisions are rare: without any, no lookup a row (0.2 s
	 * at 100,000 dossiers); the EXISTS is computed once. */
	"  CASE WHEN EXISTS (SELECT 1 FROM casting) THEN"
	"  (SELECT position FROM casting k WHERE k.category_id = cat.id"
	"    AND k.dossier_id = d.id) END";
static const char sql_stream_from[] =
	" FROM category cat JOIN dossier d ON d.category_id = cat.id"
	"  AND d.status = 'admitted'"
	" LEFT JOIN submission sub ON sub.dossier_id = d.id"
	" LEFT JOIN juror j ON j.id = sub.juror_id AND j.voting = 1"
	"  AND NOT " CONFLICT_EXISTS_JOINED("j", "d")
	" LEFT JOIN score s ON s.juror_id = j.id AND s.dossier_id = d.id"
	" LEFT JOIN criterion c ON c.id = s.criterion_id"
	/* One category a run, in dossier_by_category's order: with d.rowid
	 * the planner sees each dossier's rows as distinct and groups as
	 * they come.  All the categories in one statement, ordered by
	 * position, sorted every (dossier, juror) pair through a temporary
	 * b-tree (2 MiB and 15 % of the time at 100,000 dossiers). */
	" WHERE cat.id = ?1"
	" GROUP BY d.id, d.rowid, sub.juror_id"
	" ORDER BY d.id, d.rowid, sub.juror_id";
#define STREAM_FIXED_COLUMNS 7

static const char sql_pairwise_check[] =
	"SELECT category_id, count(*) FROM dossier WHERE status = 'admitted'"
	" AND (?1 IS NULL OR category_id = ?1) GROUP BY category_id"
	" HAVING count(*) > ?2 ORDER BY category_id LIMIT 1";

/* The categories' obstacks (aggregate.h) take their chunks here. */
#define obstack_chunk_alloc xmalloc
#define obstack_chunk_free free

struct aggregate;
static int parse_steps(struct aggregate *a, struct mw_error *err);
static int read_whole(struct aggregate *a, const char *category,
    struct mw_error *err);

struct aggregate {
	struct edition *ed;
	sqlite3_stmt *st;
	int rc;                 /* of the last step of st; SQLITE_DONE once
	                         * the last category is read */
	char **cats;            /* the categories to read, in order */
	size_t ncats, next_cat;
	struct settings set;
	enum method method;
	char **juror_ids;       /* by index */
	int njurors;
	int *index_of_rowid;    /* juror rowid -> index, -1 if not voting */
	sqlite3_int64 max_rowid;
	struct juror_stats *stats;
	double panel_mean, panel_sd;
	struct category_rank cr;
	/* zscore: the whole stream read at agg_open(), the categories asked
	 * for kept here, agg_next() handing them out in order. */
	bool whole;
	struct category_rank *kept;
	size_t nkept, next_kept;
	/* trimmed, checked: the first dossier with too few totals. */
	struct strbuf *notes;
	bool note_few;
	char *few;
	size_t few_n;
	double *scratch;
	size_t scratch_cap;
	int next_tie;
	char cascade[sizeof ((struct settings *)0)->cascade];
	const char *steps[32];  /* into cascade */
	int step_column[32];    /* a criterion step's key column, or -1 */
	size_t nsteps;
	int ncriteria;          /* criterion steps: key columns */
	struct crit_key *crit_run; /* the keys of the dossier being read */
	bool own_txn;           /* agg_open() began the read transaction */
	/* db_progress(): the admitted dossiers to read, and those read. */
	long long to_read, read;
};

double
agg_round2(double x)
{
	return round(x * 100.0) / 100.0;
}

size_t
agg_outside(const struct cand *c, double corridor, double *spread)
{
	double mean, lo, hi;
	size_t i, n = 0;

	if (spread != NULL)
		*spread = NAN;
	if (c->ntotals == 0)
		return 0;
	mean = method_mean(c->totals, c->ntotals);
	lo = hi = c->totals[0].value;
	for (i = 0; i < c->ntotals; i++) {
		lo = fmin(lo, c->totals[i].value);
		hi = fmax(hi, c->totals[i].value);
		if (c->ntotals >= 2 &&
		    agg_round2(fabs(c->totals[i].value - mean)) > corridor)
			n++;
	}
	if (spread != NULL)
		*spread = hi - lo;
	return n;
}

const struct settings *
agg_settings(const struct aggregate *a)
{
	return &a->set;
}

const char *
agg_juror(const struct aggregate *a, int i)
{
	return i >= 0 && i < a->njurors ? a->juror_ids[i] : "?";
}

static int
load_jurors(struct aggregate *a, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(a->ed, "SELECT rowid, id FROM juror"
	    " WHERE voting = 1 ORDER BY rowid", err);
	sqlite3_int64 r;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r = sqlite3_column_int64(st, 0);
		if (r < 0 || r > 10000000) {
			sqlite3_reset(st);
			return error_set(err, _("%s: juror row %lld is out of range "
			    "(damaged file?)"), db_path(a->ed), (long long)r);
		}
		a->juror_ids = xrealloc(a->juror_ids,
		    (size_t)(a->njurors + 1) * sizeof *a->juror_ids);
		a->juror_ids[a->njurors] = db_column_dup(st, 1);
		a->index_of_rowid = xrealloc(a->index_of_rowid,
		    (size_t)(r + 1) * sizeof *a->index_of_rowid);
		while (a->max_rowid < r)
			a->index_of_rowid[++a->max_rowid] = -1;
		a->index_of_rowid[r] = a->njurors++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(a->ed, rc, err);
}

static int
juror_index(const struct aggregate *a, sqlite3_int64 rowid)
{
	return rowid >= 1 && rowid <= a->max_rowid ?
	    a->index_of_rowid[rowid] : -1;
}

/* Add cr's totals to every juror's sums (stats[j].mean: the sum of the
 * totals, .sd: of their squares, until finish_stats()). */
static void
add_stats(struct aggregate *a, const struct category_rank *cr)
{
	size_t i, k;

	for (i = 0; i < cr->n; i++)
		for (k = 0; k < cr->c[i].ntotals; k++) {
			struct juror_stats *js = &a->stats[cr->c[i].totals[k].juror];
			double v = cr->c[i].totals[k].value;

			js->count++;
			js->mean += v;
			js->sd += v * v;
		}
}

/* Every juror's mean and deviation over all the admitted dossiers they
 * scored, whatever category is ranked, and the panel's. */
static void
finish_stats(struct aggregate *a)
{
	double sum = 0, sumsq = 0;
	long all = 0;
	int i;

	for (i = 0; i < a->njurors; i++) {
		struct juror_stats *js = &a->stats[i];

		sum += js->mean;
		sumsq += js->sd;
		all += js->count;
		if (js->count > 0) {
			double mean = js->mean / (double)js->count;

			js->sd = sqrt(fmax(js->sd / (double)js->count - mean * mean,
			    0));
			js->mean = mean;
		}
		if (a->notes != NULL && js->count > 0 &&
		    js->count < METHOD_ZSCORE_MIN)
			strbuf_addf(a->notes, _("zscore: juror %s scored %ld dossiers "
			    "(fewer than %d); their totals are used as they "
			    "are.\n"), a->juror_ids[i], js->count,
			    METHOD_ZSCORE_MIN);
	}
	a->panel_mean = all > 0 ? sum / (double)all : 0;
	a->panel_sd = all > 0 ?
	    sqrt(fmax(sumsq / (double)all - a->panel_mean * a->panel_mean, 0)) :
	    0;
}

/* Refuse a method the edition cannot support, before any output. */
static int
check_method(struct aggregate *a, const char *category, enum method m,
    struct strbuf *notes, struct mw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (m == METHOD_TRIMMED) {
		/* Not a refusal: the dossiers with too few totals are shown
		 * after the others, without a rank (flag "few"); the note
		 * names the first, found as the stream is read. */
		a->note_few = notes != NULL;
		return 0;
	}
	if (method_is_pairwise(m)) {
		st = db_stmt(a->ed, sql_pairwise_check, err);
		if (st == NULL)
			return -1;
		if (category != NULL)
			sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, METHOD_PAIRWISE_MAX);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			error_set(err, _("the %s method compares every two dossiers "
			    "of a category, up to %d; category %s has %d"),
			    method_name(m), METHOD_PAIRWISE_MAX,
			    sqlite3_column_text(st, 0), sqlite3_column_int(st, 1));
			sqlite3_reset(st);
			return -1;
		}
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : db_error(a->ed, rc, err);
	}
	return 0;
}

/*
 * The stream with one key column per criterion step of the cascade
 * (?3, ?4...: the criterion ids), so that breaking ties reads nothing
 * more.  Built per ranking, as the cascade is the edition's.
 */
static int
prepare_stream(struct aggregate *a, struct mw_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	size_t i;
	int k = 0, rc;

	strbuf_adds(&sql, sql_stream_select);
	for (i = 0; i < a->nsteps; i++)
		if (a->step_column[i] >= 0)
			strbuf_addf(&sql, ", sum(CASE WHEN s.criterion_id = ?%d"
			    " THEN 100.0 * (s.value - c.scale_min)"
			    " / (c.scale_max - c.scale_min) END)",
			    3 + a->step_column[i]);
	strbuf_adds(&sql, sql_stream_from);
	rc = sqlite3_prepare_v2(db_handle(a->ed), strbuf_str(&sql), -1, &a->st,
	    NULL);
	strbuf_free(&sql);
	if (rc != SQLITE_OK)
		return db_error(a->ed, rc, err);
	for (i = 0; i < a->nsteps; i++)
		if (a->step_column[i] >= 0)
			sqlite3_bind_text(a->st, 3 + k++, a->steps[i], -1,
			    SQLITE_STATIC);
	return 0;
}

/* The categories to read (category, or every one), in the preset's
 * order. */
static int
load_categories(struct aggregate *a, const char *category,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(a->ed, "SELECT id FROM category"
	    " WHERE ?1 IS NULL OR id = ?1 ORDER BY position", err);
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (a->ncats == cap) {
			cap = cap ? 2 * cap : 8;
			a->cats = xrealloc(a->cats, cap * sizeof *a->cats);
		}
		a->cats[a->ncats++] = db_column_dup(st, 0);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : db_error(a->ed, rc, err);
}

/*
 * How many admitted dossiers the read will go through (category, or all
 * of them), for db_progress(): the counts the file's triggers keep, so
 * that asking costs nothing.  0 (no progress told) where they cannot be
 * read.
 */
static void
count_to_read(struct aggregate *a, const char *category)
{
	struct mw_error ignored = { 0 };
	sqlite3_stmt *st = db_stmt(a->ed, "SELECT coalesce(sum(n), 0) FROM"
	    " category_count WHERE ?1 IS NULL OR category_id = ?1", &ignored);

	if (st == NULL)
		return;
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		a->to_read = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* The stream's next row: the next of this category's run, else the
 * first of the next category that has admitted dossiers.  a->rc says. */
static int
stream_step(struct aggregate *a)
{
	if (a->rc == SQLITE_ROW)
		a->rc = sqlite3_step(a->st);
	while (a->rc == SQLITE_DONE && a->next_cat < a->ncats) {
		sqlite3_reset(a->st);
		sqlite3_bind_text(a->st, 1, a->cats[a->next_cat++], -1,
		    SQLITE_STATIC);
		a->rc = sqlite3_step(a->st);
	}
	return a->rc;
}

int
agg_open(struct edition *ed, const char *category, const char *lang,
    enum method method, bool check, struct strbuf *notes,
    struct aggregate **out, struct mw_error *err)
{
	struct aggregate *a = xcalloc(1, sizeof *a);

	a->ed = ed;
	a->method = method;
	a->notes = notes;
	a->whole = method == METHOD_ZSCORE;
	/* One snapshot for every statement of the ranking: consistent, and
	 * the file is locked once, not once per tie broken. */
	if (sqlite3_get_autocommit(db_handle(ed))) {
		if (db_exec(ed, "BEGIN", err) != 0)
			goto fail;
		a->own_txn = true;
	}
	if (settings_load(ed, &a->set, err) != 0 ||
	    parse_steps(a, err) != 0 ||
	    load_jurors(a, err) != 0 ||
	    (check && check_method(a, category, method, notes, err) != 0))
		goto fail;
	/* zscore reads every category, for the jurors' statistics. */
	a->crit_run = xcalloc(a->ncriteria > 0 ? (size_t)a->ncriteria : 1,
	    sizeof *a->crit_run);
	if (load_categories(a, a->whole ? NULL : category, err) != 0 ||
	    prepare_stream(a, err) != 0)
		goto fail;
	if (db_progress_wanted(ed))
		count_to_read(a, a->whole ? NULL : category);
	sqlite3_bind_text(a->st, 2, lang != NULL ? lang : "fr", -1,
	    SQLITE_TRANSIENT);
	a->rc = SQLITE_DONE;
	stream_step(a);
	if (a->whole && read_whole(a, category, err) != 0)
		goto fail;
	*out = a;
	return 0;
fail:
	agg_close(a);
	*out = NULL;
	return -1;
}

static void
clear_category(struct category_rank *cr)
{
	if (cr->ob_made)
		obstack_free(&cr->ob, NULL);
	cr->ob_made = false;
	free(cr->category);
	cr->category = NULL;
	free(cr->order);
	cr->order = NULL;
	cr->n = 0;
}

void
agg_close(struct aggregate *a)
{
	int i;

	if (a == NULL)
		return;
	sqlite3_finalize(a->st);
	for (size_t k = 0; k < a->ncats; k++)
		free(a->cats[k]);
	free(a->cats);
	if (a->own_txn)
		sqlite3_exec(db_handle(a->ed), "COMMIT", NULL, NULL, NULL);
	clear_category(&a->cr);
	free(a->cr.c);
	for (size_t k = a->next_kept; k < a->nkept; k++) {
		clear_category(&a->kept[k]);
		free(a->kept[k].c);
	}
	free(a->kept);
	free(a->few);
	for (i = 0; i < a->njurors; i++)
		free(a->juror_ids[i]);
	free(a->juror_ids);
	free(a->index_of_rowid);
	free(a->stats);
	free(a->scratch);
	free(a->crit_run);
	free(a);
}

static struct cand *
new_cand(struct category_rank *cr, sqlite3_stmt *st)
{
	const char *dossier = (const char *)sqlite3_column_text(st, 1);
	const char *title = (const char *)sqlite3_column_text(st, 2);
	struct cand *c;

	if (cr->n == cr->cap) {
		cr->cap = cr->cap ? 2 * cr->cap : 64;
		cr->c = xrealloc(cr->c, cr->cap * sizeof *cr->c);
	}
	c = &cr->c[cr->n++];
	memset(c, 0, sizeof *c);
	c->dossier = obstack_copy0(&cr->ob, dossier != NULL ? dossier : "",
	    dossier != NULL ? strlen(dossier) : 0);
	c->title = obstack_copy0(&cr->ob, title != NULL ? title : "",
	    title != NULL ? strlen(title) : 0);
	c->casting = sqlite3_column_int(st, 6);
	return c;
}

/* c's totals, grown in the obstack as the rows came, and its keys. */
static void
finish_cand(struct aggregate *a, struct category_rank *cr, struct cand *c)
{
	c->totals = obstack_finish(&cr->ob);
	if (a->ncriteria > 0) {
		c->crit = obstack_copy(&cr->ob, a->crit_run,
		    (size_t)a->ncriteria * sizeof *a->crit_run);
		memset(a->crit_run, 0, (size_t)a->ncriteria *
		    sizeof *a->crit_run);
	}
}

/* The next category of the stream into cr (cleared): 1, 0 at the end,
 * -1 on error. */
static int
read_category(struct aggregate *a, struct category_rank *cr,
    struct mw_error *err)
{
	struct cand *c = NULL;

	clear_category(cr);
	if (a->rc == SQLITE_DONE)
		return 0;
	if (a->rc != SQLITE_ROW)
		return db_error(a->ed, a->rc, err);
	cr->category = db_column_dup(a->st, 0);
	obstack_init(&cr->ob);
	obstack_chunk_size(&cr->ob) = 64 * 1024;
	cr->ob_made = true;
	do {
		const char *cat = (const char *)sqlite3_column_text(a->st, 0);
		const char *dossier = (const char *)sqlite3_column_text(a->st, 1);
		int j, k;

		if (cat == NULL || dossier == NULL) {   /* out of memory */
			a->rc = SQLITE_NOMEM;
			break;
		}
		if (strcmp(cat, cr->category) != 0)
			break;
		if (c == NULL || strcmp(c->dossier, dossier) != 0) {
			if (c != NULL)
				finish_cand(a, cr, c);
			c = new_cand(cr, a->st);
			if ((++a->read & 1023) == 0)
				db_progress(a->ed, a->read, a->to_read);
		}
		j = sqlite3_column_type(a->st, 3) == SQLITE_NULL ||
		    sqlite3_column_type(a->st, 4) == SQLITE_NULL ? -1 :
		    juror_index(a, sqlite3_column_int64(a->st, 3));
		if (j >= 0) {
			struct total t = { .juror = j,
			    .value = sqlite3_column_double(a->st, 4) };

			obstack_grow(&cr->ob, &t, sizeof t);
			c->ntotals++;
			if (sqlite3_column_int(a->st, 5))
				c->partial = true;
			for (k = 0; k < a->ncriteria; k++)
				if (sqlite3_column_type(a->st,
				    STREAM_FIXED_COLUMNS + k) != SQLITE_NULL) {
					a->crit_run[k].sum += sqlite3_column_double(
					    a->st, STREAM_FIXED_COLUMNS + k);
					a->crit_run[k].n++;
				}
		}
	} while (stream_step(a) == SQLITE_ROW);
	if (c != NULL)
		finish_cand(a, cr, c);
	if (a->rc != SQLITE_ROW && a->rc != SQLITE_DONE)
		return db_error(a->ed, a->rc, err);
	return 1;
}

/*
 * zscore needs every juror's totals over all the admitted dossiers before
 * it scores any: the stream is read whole here, once (a statement of its
 * own aggregated every score a second time, doubling the ranking's cost),
 * the statistics taken from it and the categories asked for kept.
 */
static int
read_whole(struct aggregate *a, const char *category, struct mw_error *err)
{
	size_t cap = 0;
	int more;

	a->stats = xcalloc(a->njurors ? (size_t)a->njurors : 1,
	    sizeof *a->stats);
	while ((more = read_category(a, &a->cr, err)) == 1) {
		add_stats(a, &a->cr);
		if (category != NULL && strcmp(a->cr.category, category) != 0)
			continue;
		if (a->nkept == cap) {
			cap = cap ? 2 * cap : 8;
			a->kept = xrealloc(a->kept, cap * sizeof *a->kept);
		}
		/* The category's dossiers move to kept; cr starts afresh. */
		a->kept[a->nkept++] = a->cr;
		memset(&a->cr, 0, sizeof a->cr);
	}
	if (more != 0)
		return -1;
	finish_stats(a);
	return 0;
}

void
agg_note_few(struct strbuf *notes, const char *dossier, size_t ntotals)
{
	strbuf_addf(notes, _("trimmed: the trimmed mean needs at least %d "
	    "jurors' totals per dossier; dossiers with fewer (such as %s, "
	    "with %d) are shown after the others, without a rank.\n"),
	    METHOD_TRIMMED_MIN, dossier, (int)ntotals);
}

/* trimmed: remember the first dossier (by id) with too few totals. */
static void
note_few(struct aggregate *a, const struct category_rank *cr)
{
	size_t i;

	for (i = 0; i < cr->n; i++) {
		const struct cand *c = &cr->c[i];

		if (c->ntotals == 0 || c->ntotals >= METHOD_TRIMMED_MIN ||
		    (a->few != NULL && strcmp(c->dossier, a->few) >= 0))
			continue;
		free(a->few);
		a->few = xstrdup(c->dossier);
		a->few_n = c->ntotals;
	}
}

int
agg_next(struct aggregate *a, struct category_rank **out,
    struct mw_error *err)
{
	int more;

	if (a->whole) {
		clear_category(&a->cr);
		if (a->next_kept == a->nkept)
			return 0;
		free(a->cr.c);
		a->cr = a->kept[a->next_kept++];
		*out = &a->cr;
		return 1;
	}
	more = read_category(a, &a->cr, err);
	if (more == 1 && a->note_few)
		note_few(a, &a->cr);
	if (more == 0 && a->note_few && a->few != NULL) {
		agg_note_few(a->notes, a->few, a->few_n);
		a->note_few = false;
	}
	if (more == 1)
		*out = &a->cr;
	return more;
}

bool
agg_applicable(struct aggregate *a, const struct category_rank *cr,
    enum method method, char *why, size_t size)
{
	(void)a;
	if (method_is_pairwise(method) && cr->n > METHOD_PAIRWISE_MAX) {
		snprintf(why, size, _("%s: category %s has %zu dossiers, more "
		    "than %d"), method_name(method), cr->category, cr->n,
		    METHOD_PAIRWISE_MAX);
		return false;
	}
	return true;
}

static double *
scratch(struct aggregate *a, size_t n)
{
	if (n > a->scratch_cap) {
		a->scratch_cap = n;
		a->scratch = xrealloc(a->scratch, n * sizeof *a->scratch);
	}
	return a->scratch;
}

/* Schulze or Copeland over the dossiers g[0..n), into each key. */
static void
pairwise_keys(struct cand **g, size_t n, enum method m)
{
	const struct total **totals = xcalloc(n ? n : 1, sizeof *totals);
	size_t *ntotals = xcalloc(n ? n : 1, sizeof *ntotals);
	double *out = xcalloc(n ? n : 1, sizeof *out);
	int *d = xcalloc(n ? n * n : 1, sizeof *d);
	size_t i;

	for (i = 0; i < n; i++) {
		totals[i] = g[i]->totals;
		ntotals[i] = g[i]->ntotals;
	}
	method_pairwise(totals, ntotals, n, d);
	if (m == METHOD_SCHULZE)
		method_schulze(d, n, out);
	else
		method_copeland(d, n, out);
	for (i = 0; i < n; i++)
		g[i]->key = out[i];
	free(totals);
	free(ntotals);
	free(out);
	free(d);
}

static void
score_by_method(struct aggregate *a, struct category_rank *cr,
    enum method m)
{
	struct cand **scored = xcalloc(cr->n ? cr->n : 1, sizeof *scored);
	size_t i, k, nscored = 0;

	for (i = 0; i < cr->n; i++) {
		struct cand *c = &cr->c[i];

		c->flags = c->partial ? CAND_PARTIAL : 0;
		c->tie_group = 0;
		c->tiebreak = NULL;
		c->rank = 0;
		c->mean = method_mean(c->totals, c->ntotals);
		c->sd = method_stddev(c->totals, c->ntotals);
		if (a->set.quorum > 0 && c->ntotals < (size_t)a->set.quorum)
			c->flags |= CAND_QUORUM;
		if (c->ntotals == 0) {
			c->score = NAN;
			continue;
		}
		if (m == METHOD_TRIMMED && c->ntotals < METHOD_TRIMMED_MIN) {
			c->score = NAN;
			c->flags |= CAND_FEW;
			continue;
		}
		scored[nscored++] = c;
		switch (m) {
		case METHOD_MEAN:
			c->score = agg_round2(c->mean);
			break;
		case METHOD_MEDIAN:
			c->score = agg_round2(method_median(c->totals, c->ntotals,
			    scratch(a, c->ntotals)));
			break;
		case METHOD_TRIMMED:
			c->score = agg_round2(method_trimmed(c->totals, c->ntotals,
			    scratch(a, c->ntotals)));
			break;
		case METHOD_ZSCORE: {
			double sum = 0;

			for (k = 0; k < c->ntotals; k++) {
				bool raw;

				sum += method_zscore(c->totals[k].value,
				    &a->stats[c->totals[k].juror], a->panel_mean,
				    a->panel_sd, &raw);
				if (raw)
					c->flags |= CAND_RAW;
			}
			c->score = agg_round2(sum / (double)c->ntotals);
			break;
		}
		default:
			break;
		}
	}
	if (method_is_pairwise(m)) {
		pairwise_keys(scored, nscored, m);
		for (i = 0; i < nscored; i++)
			scored[i]->score = scored[i]->key;
	}
	free(scored);
}

static int
cmp_key(const void *x, const void *y)
{
	const struct cand *a = *(struct cand *const *)x;
	const struct cand *b = *(struct cand *const *)y;

	if (a->key != b->key)
		return a->key > b->key ? -1 : 1;
	return strcmp(a->dossier, b->dossier);
}

static int
cmp_score(const void *x, const void *y)
{
	const struct cand *a = *(struct cand *const *)x;
	const struct cand *b = *(struct cand *const *)y;
	bool na = isnan(a->score), nb = isnan(b->score);

	if (na != nb)
		return na ? 1 : -1;
	if (!na && a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return strcmp(a->dossier, b->dossier);
}

static int
cmp_casting(const void *x, const void *y)
{
	const struct cand *a = *(struct cand *const *)x;
	const struct cand *b = *(struct cand *const *)y;

	return (a->casting > b->casting) - (a->casting < b->casting);
}

/* Fill each key of g[0..n) for cascade step `step`: a criterion's key
 * is the mean of the counting jurors' scores of it, on 0-100, read with
 * the totals. */
static void
step_keys(struct aggregate *a, struct cand **g, size_t n, size_t step)
{
	int k = a->step_column[step];
	size_t i;

	if (strcmp(a->steps[step], "total") == 0) {
		for (i = 0; i < n; i++)
			g[i]->key = agg_round2(g[i]->mean);
		return;
	}
	if (strcmp(a->steps[step], "schulze") == 0) {
		if (n <= AGG_CASCADE_PAIRWISE_MAX) {
			pairwise_keys(g, n, METHOD_SCHULZE);
			return;
		}
		/* Too wide to compare pair by pair: the step separates
		 * nothing, and says so. */
		for (i = 0; i < n; i++) {
			g[i]->key = 0;
			g[i]->flags |= CAND_WIDE;
		}
		return;
	}
	/* A dossier nobody scored on the criterion comes last. */
	for (i = 0; i < n; i++)
		g[i]->key = g[i]->crit[k].n > 0 ?
		    agg_round2(g[i]->crit[k].sum / g[i]->crit[k].n) : -1;
}

/*
 * Order the tied dossiers g[0..n) by the cascade steps from `step` on;
 * what no step separates goes to the chair's casting decision, and what
 * that leaves stays a tie.
 */
static int
resolve(struct aggregate *a, struct cand **g, size_t n, size_t step,
    struct mw_error *err)
{
	size_t i, run;

	if (n < 2)
		return 0;
	if (step == a->nsteps) {
		for (i = 0; i < n && g[i]->casting > 0; i++)
			;
		if (i == n) {
			qsort(g, n, sizeof *g, cmp_casting);
			for (i = 0; i < n; i++)
				g[i]->tiebreak = "casting";
			return 0;
		}
		a->next_tie++;
		for (i = 0; i < n; i++) {
			g[i]->flags |= CAND_TIE;
			g[i]->tie_group = a->next_tie;
			g[i]->tiebreak = NULL;
		}
		return 0;
	}
	step_keys(a, g, n, step);
	qsort(g, n, sizeof *g, cmp_key);
	for (i = 0; i < n; i = run) {
		size_t k;

		for (run = i + 1; run < n && g[run]->key == g[i]->key; run++)
			;
		if (run - i == n)
			return resolve(a, g, n, step + 1, err);
		/* This step placed the run; a later one may refine it. */
		for (k = i; k < run; k++)
			g[k]->tiebreak = a->steps[step];
		if (resolve(a, g + i, run - i, step + 1, err) != 0)
			return -1;
	}
	return 0;
}

int
agg_rank(struct aggregate *a, struct category_rank *cr, enum method m,
    struct mw_error *err)
{
	size_t i, run;

	score_by_method(a, cr, m);
	free(cr->order);
	cr->order = xcalloc(cr->n ? cr->n : 1, sizeof *cr->order);
	for (i = 0; i < cr->n; i++)
		cr->order[i] = &cr->c[i];
	qsort(cr->order, cr->n, sizeof *cr->order, cmp_score);
	for (i = 0; i < cr->n && !isnan(cr->order[i]->score); i = run) {
		for (run = i + 1; run < cr->n &&
		    cr->order[run]->score == cr->order[i]->score; run++)
			;
		if (resolve(a, cr->order + i, run - i, 0, err) != 0)
			return -1;
	}
	/* Competition ranking: an unresolved tie shares the first rank. */
	for (i = 0; i < cr->n; i++) {
		struct cand *c = cr->order[i];

		if (isnan(c->score))
			c->rank = 0;
		else if (i > 0 && c->tie_group != 0 &&
		    cr->order[i - 1]->tie_group == c->tie_group)
			c->rank = cr->order[i - 1]->rank;
		else
			c->rank = (int)i + 1;
	}
	return 0;
}

/* The cascade steps this edition can apply: a criterion step names an
 * existing criterion (the default names the e-mtiaz ones). */
static int
parse_steps(struct aggregate *a, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(a->ed, "SELECT 1 FROM criterion"
	    " WHERE id = ?1", err);
	char *p, *save = NULL;

	if (st == NULL)
		return -1;
	snprintf(a->cascade, sizeof a->cascade, "%s", a->set.cascade);
	for (p = strtok_r(a->cascade, ",", &save); p != NULL &&
	    a->nsteps < sizeof a->steps / sizeof a->steps[0];
	    p = strtok_r(NULL, ",", &save)) {
		bool ok = strcmp(p, "total") == 0 || strcmp(p, "schulze") == 0;

		if (!ok) {
			sqlite3_bind_text(st, 1, p, -1, SQLITE_STATIC);
			ok = sqlite3_step(st) == SQLITE_ROW;
			sqlite3_reset(st);
		}
		if (!ok)
			continue;
		a->step_column[a->nsteps] = strcmp(p, "total") == 0 ||
		    strcmp(p, "schulze") == 0 ? -1 : a->ncriteria++;
		a->steps[a->nsteps++] = p;
	}
	return 0;
}
