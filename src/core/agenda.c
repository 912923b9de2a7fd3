/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/agenda.h"
#include "core/aggregate.h"
#include "core/conflicts.h"
#include "core/dossier.h"
#include "core/scoring.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static const char *const agenda_names[] = {
	"category", "dossier", "title", "n", "mean", "stddev", "spread",
	"outliers",
};
const struct columns agenda_columns = { agenda_names, 8 };

static const char *const progress_names[] = {
	"juror", "name", "role", "category", "dossiers", "scored", "submitted",
};
const struct columns progress_columns = { progress_names, 7 };

static const char *const history_names[] = {
	"dossier", "juror", "criterion", "from", "to", "since", "at",
};
const struct columns history_columns = { history_names, 7 };

/* Values of others are for deliberation: refuse before it. */
static int
need_deliberation(struct edition *ed, struct mw_error *err)
{
	struct edition_info info;

	if (edition_get_info(ed, &info, err) != 0)
		return -1;
	if (strcmp(info.phase, "deliberation") != 0 &&
	    strcmp(info.phase, "locked") != 0)
		return error_set(err, _("the agenda shows every juror's totals and "
		    "opens with the deliberation; the edition is in phase '%s'"),
		    info.phase);
	return 0;
}

struct item {
	char *category, *dossier, *title, *outliers;
	size_t n;
	double mean, sd, spread;
	size_t order;           /* of the category, then of the dossier */
};

struct outlier {
	int juror;
	double off;
};

static int
cmp_outlier(const void *x, const void *y)
{
	const struct outlier *a = x, *b = y;
	double fa = fabs(a->off), fb = fabs(b->off);

	return (fa < fb) - (fa > fb);
}

static int
cmp_item(const void *x, const void *y)
{
	const struct item *a = x, *b = y;

	if (a->sd != b->sd)
		return a->sd > b->sd ? -1 : 1;
	if (a->spread != b->spread)
		return a->spread > b->spread ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

static int
emit_item(struct edition *ed, const struct item *it, row_fn fn, void *ctx,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT json_object('category', ?1,"
	    " 'dossier', ?2, 'title', ?3, 'n', ?4, 'mean', ?5, 'stddev', ?6,"
	    " 'spread', ?7, 'outliers', ?8)", err);
	char n[16], mean[32], sd[32], spread[32];
	const char *cells[8];
	int rc;

	if (st == NULL)
		return -1;
	snprintf(n, sizeof n, "%zu", it->n);
	snprintf(mean, sizeof mean, "%.2f", it->mean);
	snprintf(sd, sizeof sd, "%.2f", it->sd);
	snprintf(spread, sizeof spread, "%.2f", it->spread);
	sqlite3_bind_text(st, 1, it->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, it->dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, it->title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)it->n);
	sqlite3_bind_double(st, 5, it->mean);
	sqlite3_bind_double(st, 6, it->sd);
	sqlite3_bind_double(st, 7, it->spread);
	sqlite3_bind_text(st, 8, it->outliers, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(ed, rc, err);
	}
	cells[0] = it->category;
	cells[1] = it->dossier;
	cells[2] = it->title;
	cells[3] = n;
	cells[4] = mean;
	cells[5] = sd;
	cells[6] = spread;
	cells[7] = it->outliers;
	rc = fn(ctx, cells, 8, (const char *)sqlite3_column_text(st, 0), err);
	sqlite3_reset(st);
	return rc;
}

/* The item for dossier c if a juror total lies outside the corridor. */
static bool
disputed(struct aggregate *a, const char *category, const struct cand *c,
    double corridor, size_t order, struct item *it)
{
	struct outlier *out;
	struct strbuf sb = STRBUF_INIT;
	double mean = method_mean(c->totals, c->ntotals), lo, hi;
	size_t i, nout = 0;

	if (c->ntotals < 2 || agg_outside(c, corridor, NULL) == 0)
		return false;
	out = xcalloc(c->ntotals, sizeof *out);
	lo = hi = c->totals[0].value;
	for (i = 0; i < c->ntotals; i++) {
		double off = c->totals[i].value - mean;

		lo = fmin(lo, c->totals[i].value);
		hi = fmax(hi, c->totals[i].value);
		/* Rounded as shown, so 25.00 off a corridor of 25 is inside. */
		if (agg_round2(fabs(off)) > corridor) {
			out[nout].juror = c->totals[i].juror;
			out[nout++].off = off;
		}
	}
	if (nout == 0) {
		free(out);
		return false;
	}
	qsort(out, nout, sizeof *out, cmp_outlier);
	for (i = 0; i < nout; i++)
		strbuf_addf(&sb, "%s%s:%+.2f", i ? " " : "",
		    agg_juror(a, out[i].juror), out[i].off);
	free(out);
	it->category = xstrdup(category);
	it->dossier = xstrdup(c->dossier);
	it->title = xstrdup(c->title);
	it->outliers = strbuf_detach(&sb);
	it->n = c->ntotals;
	it->mean = mean;
	it->sd = method_stddev(c->totals, c->ntotals);
	it->spread = hi - lo;
	it->order = order;
	return true;
}

int
agenda_run(struct edition *ed, const char *category, const char *lang,
    row_fn fn, void *ctx, struct mw_error *err)
{
	struct aggregate *a;
	struct category_rank *cr;
	struct item *items = NULL;
	size_t n = 0, order = 0, i;
	int more, ret = 0;

	if (need_deliberation(ed, err) != 0 ||
	    agg_open(ed, category, lang, METHOD_MEAN, false, NULL, &a,
	    err) != 0)
		return -1;
	while ((more = agg_next(a, &cr, err)) == 1) {
		double corridor = agg_settings(a)->corridor;

		for (i = 0; i < cr->n; i++, order++) {
			items = xrealloc(items, (n + 1) * sizeof *items);
			if (disputed(a, cr->category, &cr->c[i], corridor, order,
			    &items[n]))
				n++;
		}
	}
	agg_close(a);
	if (more < 0)
		ret = -1;
	/* No item (a category without admitted dossiers): items is NULL,
	 * which qsort() may not be given. */
	if (n > 0)
		qsort(items, n, sizeof *items, cmp_item);
	for (i = 0; i < n; i++) {
		if (ret == 0 && emit_item(ed, &items[i], fn, ctx, err) != 0)
			ret = -1;
		free(items[i].category);
		free(items[i].dossier);
		free(items[i].title);
		free(items[i].outliers);
	}
	free(items);
	return ret;
}

static int
run(struct edition *ed, sqlite3_stmt *st, size_t ncols, row_fn fn,
    void *ctx, struct mw_error *err)
{
	const char *cells[8];
	size_t i;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++) {
			cells[i] = (const char *)sqlite3_column_text(st, (int)i);
			if (cells[i] == NULL)
				cells[i] = "";
		}
		if (fn(ctx, cells, ncols, (const char *)sqlite3_column_text(st,
		    (int)ncols), err) != 0) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/*
 * A juror may score the admitted dossiers they have no conflict with.
 * Read from the counts the file's triggers keep (format 11), never from
 * the dossiers or the scores, so that the chair's view costs the same
 * at any size: per category, the admitted dossiers (category_count);
 * per juror, the administrations they are in conflict with as a whole
 * (their organisation, their conflicts with an administration) counted
 * from dossier_count, then their conflicts with a dossier of another
 * administration, each dossier once; what they scored and submitted
 * (juror_tally).  ?1 category (NULL: all), ?2 the juror asking (the
 * chair sees everyone, a member their own row).
 */
static const char sql_progress[] =
	"WITH me AS (SELECT role FROM juror WHERE id = ?2),"
	" js AS MATERIALIZED (SELECT id, name, role, rowid AS jr,"
	"   nullif(organisation, '') AS org FROM juror"
	"   WHERE (SELECT role FROM me) = 'chair' OR id = ?2),"
	" cats AS (SELECT id, position FROM category WHERE ?1 IS NULL OR id = ?1),"
	" admitted AS (SELECT category_id AS category, n FROM category_count),"
	" whole(juror, adm) AS MATERIALIZED (SELECT id, org FROM js"
	"   WHERE org IS NOT NULL"
	"   UNION SELECT c.juror_id, c.administration FROM conflict c"
	"   JOIN js ON js.id = c.juror_id WHERE c.administration IS NOT NULL),"
	" by_adm AS (SELECT w.juror, k.category_id AS category, sum(k.n) AS n"
	"   FROM whole w JOIN dossier_count k ON k.administration = w.adm"
	"   GROUP BY 1, 2),"
	" by_dossier AS (SELECT c.juror_id AS juror, d.category_id AS category,"
	"   count(*) AS n FROM conflict c JOIN js ON js.id = c.juror_id"
	"   JOIN dossier d ON d.id = c.dossier_id WHERE d.status = 'admitted'"
	"   AND NOT EXISTS (SELECT 1 FROM whole w WHERE w.juror = c.juror_id"
	"    AND w.adm = d.administration) GROUP BY 1, 2)"
	" SELECT j.id, j.name, j.role, c.id,"
	"  coalesce(a.n, 0) - coalesce(x.n, 0) - coalesce(y.n, 0),"
	"  coalesce(t.scored, 0), coalesce(t.submitted, 0),"
	"  json_object('juror', j.id, 'name', j.name, 'role', j.role,"
	"  'category', c.id, 'dossiers',"
	"  coalesce(a.n, 0) - coalesce(x.n, 0) - coalesce(y.n, 0),"
	"  'scored', coalesce(t.scored, 0), 'submitted',"
	"  coalesce(t.submitted, 0))"
	" FROM js j CROSS JOIN cats c LEFT JOIN admitted a ON a.category = c.id"
	" LEFT JOIN by_adm x ON x.juror = j.id AND x.category = c.id"
	" LEFT JOIN by_dossier y ON y.juror = j.id AND y.category = c.id"
	" LEFT JOIN juror_tally t ON t.juror_id = j.id AND t.category_id = c.id"
	" ORDER BY j.jr, c.position";

int
progress_run(struct edition *ed, const char *actor, const char *category,
    row_fn fn, void *ctx, struct mw_error *err)
{
	struct juror j;
	sqlite3_stmt *st;

	if (actor == NULL || strcmp(actor, "-") == 0)
		return error_usage(err, _("progress: say who you are with "
		    "--juror (the chair sees every juror, a member their own)"));
	if (juror_get(ed, actor, &j, err) != 0)
		return -1;
	jurors_free_one(&j);
	st = db_stmt(ed, sql_progress, err);
	if (st == NULL)
		return -1;
	if (category != NULL)
		sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	return run(ed, st, 7, fn, ctx, err);
}

/*
 * Every change of a dossier's scores, oldest first.  Up to file format
 * 10 each change was a row of score_history; since, a score keeps its
 * last changes in its own row (history) and moves them to score_history
 * (earlier) eight at a time and when it is deleted.  Each kept change is
 * "audit-seq old old_at new new_at;", new being NULL for a deletion.
 */
static const char sql_history[] =
	"WITH RECURSIVE kept(j, c, rest, hseq) AS ("
	"  SELECT juror_id, criterion_id, history, 0 FROM score"
	"  WHERE dossier_id = ?1 AND history <> ''"
	"  AND (?2 IS NULL OR juror_id = ?2)"
	"  UNION ALL SELECT juror_id, criterion_id, earlier, seq"
	"  FROM score_history WHERE dossier_id = ?1 AND earlier <> ''"
	"  AND (?2 IS NULL OR juror_id = ?2)),"
	" item(j, c, hseq, it, rest) AS ("
	"  SELECT j, c, hseq, NULL, rest FROM kept"
	"  UNION ALL SELECT j, c, hseq, substr(rest, 1, instr(rest, ';') - 1),"
	"   substr(rest, instr(rest, ';') + 1) FROM item WHERE rest <> ''),"
	" f1 AS (SELECT j, c, hseq,"
	"  CAST(substr(it, 1, instr(it, ' ') - 1) AS INTEGER) AS aseq,"
	"  substr(it, instr(it, ' ') + 1) AS r FROM item WHERE it <> ''),"
	" f2 AS (SELECT j, c, hseq, aseq, substr(r, 1, instr(r, ' ') - 1) AS o,"
	"  substr(r, instr(r, ' ') + 1) AS r FROM f1),"
	" f3 AS (SELECT j, c, hseq, aseq, o, substr(r, 1, instr(r, ' ') - 1)"
	"  AS o_at, substr(r, instr(r, ' ') + 1) AS r FROM f2),"
	" change(j, c, old_value, old_at, new_value, new_at, aseq, hseq) AS ("
	"  SELECT j, c, CAST(o AS REAL), o_at,"
	"   CASE substr(r, 1, instr(r, ' ') - 1) WHEN 'NULL' THEN NULL"
	"   ELSE CAST(substr(r, 1, instr(r, ' ') - 1) AS REAL) END,"
	"   substr(r, instr(r, ' ') + 1), aseq, hseq FROM f3"
	"  UNION ALL SELECT juror_id, criterion_id, old_value, old_at,"
	"   new_value, new_at, 0, seq FROM score_history"
	"  WHERE dossier_id = ?1 AND earlier = ''"
	"  AND (?2 IS NULL OR juror_id = ?2))"
	"SELECT ?1, j, c, printf('%g', old_value),"
	"  coalesce(printf('%g', new_value), ''), old_at, new_at,"
	"  json_object('dossier', ?1, 'juror', j, 'criterion', c,"
	"  'from', old_value, 'to', new_value, 'since', old_at, 'at', new_at)"
	" FROM change ORDER BY aseq, hseq, j, c";

int
history_run(struct edition *ed, const char *actor, const char *dossier,
    row_fn fn, void *ctx, struct mw_error *err)
{
	struct edition_info info;
	sqlite3_stmt *st;
	struct juror j;
	bool everyone;

	if (actor == NULL || strcmp(actor, "-") == 0)
		return error_usage(err, _("history: say who you are with "
		    "--juror"));
	if (juror_get(ed, actor, &j, err) != 0)
		return -1;
	jurors_free_one(&j);
	if (edition_get_info(ed, &info, err) != 0)
		return -1;
	everyone = strcmp(info.phase, "deliberation") == 0 ||
	    strcmp(info.phase, "locked") == 0;
	if (everyone) {
		bool conflicted;

		/* A conflicted juror does not see others' scores of it. */
		if (conflict_of(ed, actor, dossier, &conflicted, err) != 0)
			return -1;
		everyone = !conflicted;
	}
	st = db_stmt(ed, "SELECT 1 FROM dossier WHERE id = ?1", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return error_set(err, _("unknown dossier '%s'"), dossier);
	}
	sqlite3_reset(st);
	st = db_stmt(ed, sql_history, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	if (!everyone)
		sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	return run(ed, st, 7, fn, ctx, err);
}
