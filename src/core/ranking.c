/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aggregate.h"
#include "core/conflicts.h"
#include "core/dossier.h"
#include "core/scoring.h"

#include "core/ranking.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static const char *const names[] = {
	"category", "rank", "dossier", "title", "score", "n", "stddev", "spread",
	"flags",
};
const struct columns ranking_columns = { names, 9 };

static const char *const compare_names[] = {
	"category", "dossier", "title", "mean", "median", "trimmed", "zscore",
	"schulze", "copeland", "flags",
};
const struct columns ranking_compare_columns = { compare_names, 10 };

/* SQLite writes the JSON of each row; flags are ids, joined by ';'. */
static const char sql_row_json[] =
	"SELECT json_object('category', ?1, 'rank', ?2, 'dossier', ?3,"
	" 'title', ?4, 'method', ?9, 'score', ?5, 'n', ?6, 'stddev', ?7,"
	" 'spread', ?10,"
	" 'flags', json(CASE WHEN ?8 = '' THEN '[]' ELSE"
	"  '[\"' || replace(?8, ';', '\",\"') || '\"]' END))";

static void
cand_flags(const struct cand *c, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (isnan(c->score) && !(c->flags & CAND_FEW))
		strbuf_adds(sb, ";unscored");
	if (c->flags & CAND_TIE)
		strbuf_adds(sb, ";tie");
	if (c->tiebreak != NULL)
		strbuf_addf(sb, ";tiebreak=%s", c->tiebreak);
	if (c->flags & CAND_PARTIAL)
		strbuf_adds(sb, ";partial");
	if (c->flags & CAND_QUORUM)
		strbuf_adds(sb, ";quorum");
	if (c->flags & CAND_RAW)
		strbuf_adds(sb, ";raw");
	if (c->flags & CAND_FEW)
		strbuf_adds(sb, ";few");
	if (c->flags & CAND_AGENDA)
		strbuf_adds(sb, ";agenda");
	if (c->flags & CAND_WIDE)
		strbuf_adds(sb, ";wide");
}

/* A dossier's row; with_json false, fn gets NULL for its JSON (a
 * screen's rows: the statement a row cost a third of a method's time). */
static int
emit_cand_as(struct edition *ed, const char *category, const struct cand *c,
    enum method m, bool with_json, row_fn fn, void *ctx,
    struct mw_error *err)
{
	sqlite3_stmt *st = with_json ? db_stmt(ed, sql_row_json, err) : NULL;
	struct strbuf flags = STRBUF_INIT;
	char rank[16] = "", score[32] = "", n[16], sd[32] = "", sp[32] = "";
	const char *cells[9];
	double spread;
	int rc;

	if (with_json && st == NULL)
		return -1;
	agg_outside(c, 0, &spread);
	if (!isnan(spread))
		snprintf(sp, sizeof sp, "%.2f", agg_round2(spread));
	cand_flags(c, &flags);
	if (c->rank > 0)
		snprintf(rank, sizeof rank, "%d", c->rank);
	if (!isnan(c->score))
		snprintf(score, sizeof score, method_is_pairwise(m) ? "%.0f" :
		    "%.2f", c->score);
	snprintf(n, sizeof n, "%zu", c->ntotals);
	if (!isnan(c->sd))
		snprintf(sd, sizeof sd, "%.2f", agg_round2(c->sd));
	cells[0] = category;
	cells[1] = rank;
	cells[2] = c->dossier;
	cells[3] = c->title;
	cells[4] = score;
	cells[5] = n;
	cells[6] = sd;
	cells[7] = sp;
	cells[8] = flags.len ? strbuf_str(&flags) + 1 : "";
	if (!with_json) {
		rc = fn(ctx, cells, 9, NULL, err);
		strbuf_free(&flags);
		return rc;
	}
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	if (c->rank > 0)
		sqlite3_bind_int(st, 2, c->rank);
	sqlite3_bind_text(st, 3, c->dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->title, -1, SQLITE_STATIC);
	if (!isnan(c->score))
		sqlite3_bind_double(st, 5, c->score);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)c->ntotals);
	if (!isnan(c->sd))
		sqlite3_bind_double(st, 7, agg_round2(c->sd));
	sqlite3_bind_text(st, 8, flags.len ? strbuf_str(&flags) + 1 : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 9, method_name(m), -1, SQLITE_STATIC);
	if (!isnan(spread))
		sqlite3_bind_double(st, 10, agg_round2(spread));
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		strbuf_free(&flags);
		return db_error(ed, rc, err);
	}
	rc = fn(ctx, cells, 9, (const char *)sqlite3_column_text(st, 0), err);
	sqlite3_reset(st);
	strbuf_free(&flags);
	return rc;
}

static int
emit_cand(struct edition *ed, const char *category, const struct cand *c,
    enum method m, row_fn fn, void *ctx, struct mw_error *err)
{
	return emit_cand_as(ed, category, c, m, true, fn, ctx, err);
}

static int run_rows(struct edition *ed, sqlite3_stmt *st, row_fn fn,
    void *ctx, struct mw_error *err);

static int
check_category(struct edition *ed, const char *category, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT id FROM category ORDER BY"
	    " id <> ?1, position", err);
	struct strbuf known = STRBUF_INIT;
	int found = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);

		if (strcmp(id, category) == 0)
			found = 1;
		strbuf_addf(&known, "%s%s", known.len ? ", " : "", id);
	}
	sqlite3_reset(st);
	if (!found)
		error_set(err, _("unknown category '%s' (known: %s)"), category,
		    strbuf_str(&known));
	strbuf_free(&known);
	return found ? 0 : -1;
}

int
ranking_method(struct edition *ed, const char *category, const char *lang,
    enum method m, struct strbuf *notes, row_fn fn, void *ctx,
    struct mw_error *err)
{
	struct aggregate *a;
	struct category_rank *cr;
	int more;

	if (category != NULL && check_category(ed, category, err) != 0)
		return -1;
	if (agg_open(ed, category, lang, m, true, notes, &a, err) != 0)
		return -1;
	while ((more = agg_next(a, &cr, err)) == 1) {
		size_t i;

		if (agg_rank(a, cr, m, err) != 0) {
			more = -1;
			break;
		}
		/* On the agenda: the rule agenda.c lists by. */
		for (i = 0; i < cr->n; i++)
			if (agg_outside(&cr->c[i], agg_settings(a)->corridor,
			    NULL) > 0)
				cr->c[i].flags |= CAND_AGENDA;
		for (i = 0; i < cr->n; i++)
			if (emit_cand(ed, cr->category, cr->order[i], m, fn, ctx,
			    err) != 0) {
				agg_close(a);
				return -1;
			}
	}
	agg_close(a);
	return more;
}

int
ranking_run(struct edition *ed, const char *category, const char *title_lang,
    row_fn fn, void *ctx, struct mw_error *err)
{
	return ranking_method(ed, category, title_lang, METHOD_MEAN, NULL, fn,
	    ctx, err);
}

/* The prize a rank would receive: the prizes with a fixed number per
 * category, in order (excellence 1st, encouragement 2nd); NULL past them. */
struct prize_slots {
	char ids[8][16];
	int upto[8];            /* the last rank of each prize */
	size_t n;
};

static int
load_slots(struct edition *ed, struct prize_slots *p, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT id, max_per_category FROM prize"
	    " WHERE max_per_category IS NOT NULL ORDER BY position", err);
	int rc, last = 0;

	p->n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && p->n < 8) {
		snprintf(p->ids[p->n], sizeof p->ids[p->n], "%s",
		    (const char *)sqlite3_column_text(st, 0));
		last += sqlite3_column_int(st, 1);
		p->upto[p->n++] = last;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

static const char *
slot_of(const struct prize_slots *p, int rank)
{
	size_t i;

	for (i = 0; rank > 0 && i < p->n; i++)
		if (rank <= p->upto[i])
			return p->ids[i];
	return "";
}

static int
emit_compare(struct edition *ed, const char *category, const struct cand *c,
    int ranks[METHOD_COUNT], const bool ok[METHOD_COUNT],
    const struct prize_slots *slots, row_fn fn, void *ctx,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT json_object('category', ?1,"
	    " 'dossier', ?2, 'title', ?3, 'ranks', json_object('mean', ?4,"
	    " 'median', ?5, 'trimmed', ?6, 'zscore', ?7, 'schulze', ?8,"
	    " 'copeland', ?9), 'prize_changes', json(?10))", err);
	char cells_rank[METHOD_COUNT][16];
	const char *cells[10], *prize = NULL;
	bool changes = false;
	int m, rc;

	if (st == NULL)
		return -1;
	cells[0] = category;
	cells[1] = c->dossier;
	cells[2] = c->title;
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->title, -1, SQLITE_STATIC);
	for (m = 0; m < METHOD_COUNT; m++) {
		cells_rank[m][0] = '\0';
		if (ok[m] && ranks[m] > 0) {
			snprintf(cells_rank[m], sizeof cells_rank[m], "%d",
			    ranks[m]);
			sqlite3_bind_int(st, 4 + m, ranks[m]);
		}
		cells[3 + m] = cells_rank[m];
		if (!ok[m])
			continue;
		if (prize == NULL)
			prize = slot_of(slots, ranks[m]);
		else if (strcmp(prize, slot_of(slots, ranks[m])) != 0)
			changes = true;
	}
	cells[9] = changes ? "prize-changes" : "";
	sqlite3_bind_text(st, 10, changes ? "true" : "false", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(ed, rc, err);
	}
	rc = fn(ctx, cells, 10, (const char *)sqlite3_column_text(st, 0), err);
	sqlite3_reset(st);
	return rc;
}

int
ranking_compare(struct edition *ed, const char *category, const char *lang,
    struct strbuf *notes, row_fn fn, void *ctx, struct mw_error *err)
{
	struct aggregate *a;
	struct category_rank *cr;
	struct prize_slots slots;
	int more;

	if ((category != NULL && check_category(ed, category, err) != 0) ||
	    load_slots(ed, &slots, err) != 0)
		return -1;
	/* zscore's juror statistics are loaded once; every method reads
	 * the same totals. */
	if (agg_open(ed, category, lang, METHOD_ZSCORE, false, notes, &a,
	    err) != 0)
		return -1;
	while ((more = agg_next(a, &cr, err)) == 1) {
		int (*ranks)[METHOD_COUNT] = xcalloc(cr->n ? cr->n : 1,
		    sizeof *ranks);
		bool ok[METHOD_COUNT];
		size_t i;
		int m;

		for (m = 0; m < METHOD_COUNT && more == 1; m++) {
			char why[256];

			ok[m] = agg_applicable(a, cr, (enum method)m, why,
			    sizeof why);
			if (!ok[m]) {
				if (notes != NULL)
					strbuf_addf(notes, "%s\n", why);
				continue;
			}
			if (agg_rank(a, cr, (enum method)m, err) != 0)
				more = -1;
			for (i = 0; i < cr->n; i++) {
				ranks[i][m] = cr->c[i].rank;
				if ((cr->c[i].flags & CAND_FEW) && notes != NULL)
					strbuf_addf(notes, _("trimmed: the trimmed mean "
					    "needs at least %d jurors' totals per dossier; "
					    "%s has %zu, and no rank by it.\n"),
					    METHOD_TRIMMED_MIN, cr->c[i].dossier,
					    cr->c[i].ntotals);
			}
		}
		/* Rows in the order of the default method. */
		if (more == 1 && agg_rank(a, cr, METHOD_MEAN, err) != 0)
			more = -1;
		for (i = 0; more == 1 && i < cr->n; i++) {
			size_t k = (size_t)(cr->order[i] - cr->c);

			if (emit_compare(ed, cr->category, cr->order[i], ranks[k],
			    ok, &slots, fn, ctx, err) != 0)
				more = -1;
		}
		free(ranks);
		if (more != 1)
			break;
	}
	agg_close(a);
	return more;
}

int
ranking_dossier(struct edition *ed, const char *dossier, double *score,
    int *n, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "WITH totals AS (" AGG_TOTALS_SELECT
	    " WHERE sub.dossier_id = ?1 GROUP BY s.dossier_id, s.juror_id)"
	    " SELECT avg(total), count(*) FROM totals", err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(st, 1) : 0;
	*score = *n > 0 ? sqlite3_column_double(st, 0) : NAN;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_error(ed, rc, err);
}

/* A member during scoring: their own totals (drafts included), ranked. */
static const char sql_own[] =
	"WITH mine AS ("
	"  SELECT s.dossier_id AS dossier_id,"
	"    100.0 * sum(c.weight * (s.value - c.scale_min)"
	"      / (c.scale_max - c.scale_min)) / sum(c.weight) AS total"
	"  FROM score s JOIN criterion c ON c.id = s.criterion_id"
	"  WHERE s.juror_id = ?3 GROUP BY s.dossier_id"
	"), ranked AS ("
	"  SELECT d.category_id AS category, cat.position AS position,"
	"    d.id AS dossier,"
	"    CASE WHEN ?2 = 'ar' THEN coalesce(nullif(d.title_ar, ''), d.title_fr)"
	"      ELSE coalesce(nullif(d.title_fr, ''), d.title_ar) END AS title,"
	"    round(m.total, 2) AS score"
	"  FROM dossier d JOIN category cat ON cat.id = d.category_id"
	"  LEFT JOIN mine m ON m.dossier_id = d.id"
	"  WHERE d.status = 'admitted' AND (?1 IS NULL OR d.category_id = ?1)"
	"), shown AS ("
	"  SELECT *, CASE WHEN score IS NULL THEN NULL ELSE rank() OVER"
	"    (PARTITION BY category ORDER BY score DESC) END AS rk,"
	"    CASE WHEN score IS NULL THEN 'unscored' ELSE 'own' END AS flag"
	"  FROM ranked"
	")"
	/* The JSON as the full ranking's (ranking_columns), so that one
	 * reader takes both. */
	"SELECT category, coalesce(rk, ''), dossier, title,"
	"  CASE WHEN score IS NULL THEN '' ELSE printf('%.2f', score) END,"
	"  CASE WHEN score IS NULL THEN 0 ELSE 1 END, '', '', flag,"
	"  json_object('category', category, 'rank', rk, 'dossier', dossier,"
	"    'title', title, 'method', 'mean', 'score', score,"
	"    'n', CASE WHEN score IS NULL THEN 0 ELSE 1 END,"
	"    'stddev', NULL, 'spread', NULL, 'flags', json_array(flag))"
	" FROM shown ORDER BY position, score IS NULL, score DESC, dossier";

/* The chair during scoring: how far the jury has got, no values. */
static const char sql_progress[] =
	"WITH counted AS ("
	"  SELECT d.category_id AS category, cat.position AS position,"
	"    d.id AS dossier,"
	"    CASE WHEN ?2 = 'ar' THEN coalesce(nullif(d.title_ar, ''), d.title_fr)"
	"      ELSE coalesce(nullif(d.title_fr, ''), d.title_ar) END AS title,"
	"    (SELECT count(*) FROM submission s JOIN juror j ON j.id = s.juror_id"
	"     AND j.voting = 1 WHERE s.dossier_id = d.id) AS n"
	"  FROM dossier d JOIN category cat ON cat.id = d.category_id"
	"  WHERE d.status = 'admitted' AND (?1 IS NULL OR d.category_id = ?1)"
	"  AND ?3 IS NOT NULL"
	")"
	"SELECT category, '', dossier, title, '', n, '', '', 'progress',"
	"  json_object('category', category, 'rank', NULL, 'dossier', dossier,"
	"    'title', title, 'method', 'mean', 'score', NULL, 'n', n,"
	"    'stddev', NULL, 'spread', NULL, 'flags', json_array('progress'))"
	" FROM counted ORDER BY position, dossier";

static int
run_rows(struct edition *ed, sqlite3_stmt *st, row_fn fn, void *ctx,
    struct mw_error *err)
{
	const char *cells[9];
	int rc, i;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 9; i++)
			cells[i] = (const char *)sqlite3_column_text(st, i);
		if (fn(ctx, cells, 9, (const char *)sqlite3_column_text(st, 9),
		    err) != 0) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/* A juror in conflict with a dossier does not see its score.  The
 * juror's conflicts are read once (a query a row cost 0.6 s at 100,000
 * dossiers), sorted by dossier. */
struct unseen {
	struct edition *ed;
	const char *juror;
	row_fn fn;
	void *ctx;
	char **conflicts;
	size_t nconflicts;
};

static int
load_conflicts(struct unseen *u, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(u->ed, "SELECT DISTINCT dossier_id FROM"
	    " juror_conflict WHERE juror_id = ?1 ORDER BY dossier_id", err);
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, u->juror, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (u->nconflicts == cap) {
			cap = cap ? 2 * cap : 16;
			u->conflicts = xrealloc(u->conflicts,
			    cap * sizeof *u->conflicts);
		}
		u->conflicts[u->nconflicts++] = db_column_dup(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(u->ed, rc, err);
}

static void
free_conflicts(struct unseen *u)
{
	for (size_t i = 0; i < u->nconflicts; i++)
		free(u->conflicts[i]);
	free(u->conflicts);
}

static int
cmp_id(const void *key, const void *elem)
{
	return strcmp(key, *(char *const *)elem);
}

static int
hide_conflicts(void *ctx, const char *const *cells, size_t n,
    const char *json, struct mw_error *err)
{
	struct unseen *u = ctx;
	const char *hidden[9];
	struct strbuf flags = STRBUF_INIT;
	sqlite3_stmt *st;
	bool conflicted;
	size_t i;
	int rc;

	conflicted = u->nconflicts > 0 && bsearch(cells[2], u->conflicts,
	    u->nconflicts, sizeof *u->conflicts, cmp_id) != NULL;
	if (!conflicted || n != 9)
		return u->fn(u->ctx, cells, n, json, err);
	for (i = 0; i < 9; i++)
		hidden[i] = cells[i];
	hidden[4] = "";
	hidden[6] = "";
	hidden[7] = "";
	strbuf_addf(&flags, "%s%sconflict", cells[8], *cells[8] ? ";" : "");
	hidden[8] = strbuf_str(&flags);
	if (json == NULL) {
		rc = u->fn(u->ctx, hidden, 9, NULL, err);
		strbuf_free(&flags);
		return rc;
	}
	st = db_stmt(u->ed, "SELECT json_insert(json_set(?1, '$.score', NULL,"
	    " '$.stddev', NULL, '$.spread', NULL), '$.flags[#]', 'conflict')",
	    err);
	if (st == NULL) {
		strbuf_free(&flags);
		return -1;
	}
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_ROW ? u->fn(u->ctx, hidden, 9,
	    (const char *)sqlite3_column_text(st, 0), err) :
	    db_error(u->ed, sqlite3_errcode(db_handle(u->ed)), err);
	sqlite3_reset(st);
	strbuf_free(&flags);
	return rc;
}

int
ranking_visible(struct edition *ed, const char *juror, const char *category,
    const char *lang, enum ranking_view *view, row_fn fn, void *ctx,
    struct mw_error *err)
{
	struct edition_info info;
	struct juror j;
	sqlite3_stmt *st;
	bool chair;

	if (edition_get_info(ed, &info, err) != 0 ||
	    juror_get(ed, juror, &j, err) != 0)
		return -1;
	chair = strcmp(j.role, "chair") == 0;
	jurors_free_one(&j);
	if (strcmp(info.phase, "deliberation") == 0 ||
	    strcmp(info.phase, "locked") == 0) {
		struct unseen u = { ed, juror, fn, ctx, NULL, 0 };
		int rc;

		*view = RANKING_VIEW_FULL;
		rc = load_conflicts(&u, err) != 0 ? -1 :
		    ranking_run(ed, category, lang, hide_conflicts, &u, err);
		free_conflicts(&u);
		return rc;
	}
	if (category != NULL && check_category(ed, category, err) != 0)
		return -1;
	*view = chair ? RANKING_VIEW_PROGRESS : RANKING_VIEW_OWN;
	st = db_stmt(ed, chair ? sql_progress : sql_own, err);
	if (st == NULL)
		return -1;
	if (category != NULL)
		sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lang != NULL ? lang : "fr", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, juror, -1, SQLITE_STATIC);
	return run_rows(ed, st, fn, ctx, err);
}

/* ranking_each_method(): the method's number before each row. */
struct by_method {
	row_fn fn;
	void *ctx;
	enum method m;
};

static int
prefix_method(void *ctx, const char *const *cells, size_t n,
    const char *json, struct mw_error *err)
{
	struct by_method *b = ctx;
	const char *row[16];
	char m[8];
	size_t i;

	snprintf(m, sizeof m, "%d", (int)b->m);
	row[0] = m;
	for (i = 0; i < n && i < 15; i++)
		row[i + 1] = cells[i];
	return b->fn(b->ctx, row, i + 1, json, err);
}

/* trimmed: the first dossier (by id) it leaves without a rank, as
 * agg_next() notes it for one method. */
static void
note_trimmed_few(const struct category_rank *cr, struct strbuf *notes)
{
	const struct cand *few = NULL;
	size_t i;

	for (i = 0; i < cr->n; i++)
		if ((cr->c[i].flags & CAND_FEW) && (few == NULL ||
		    strcmp(cr->c[i].dossier, few->dossier) < 0))
			few = &cr->c[i];
	if (few != NULL)
		agg_note_few(notes, few->dossier, few->ntotals);
}

int
ranking_each_method(struct edition *ed, const char *viewer,
    const char *category, const char *lang, enum method asked,
    struct strbuf notes[METHOD_COUNT], row_fn fn, void *ctx,
    struct mw_error *err)
{
	struct unseen u = { ed, viewer, prefix_method, NULL, NULL, 0 };
	struct by_method b = { fn, ctx, METHOD_MEAN };
	struct aggregate *a;
	struct category_rank *cr;
	int more, m;

	u.ctx = &b;
	if (check_category(ed, category, err) != 0 ||
	    load_conflicts(&u, err) != 0) {
		free_conflicts(&u);
		return -1;
	}
	/* zscore reads every category for its jurors' statistics (three
	 * times the one category): only when asked. */
	if (agg_open(ed, category, lang, asked == METHOD_ZSCORE ?
	    METHOD_ZSCORE : METHOD_MEAN, false, &notes[METHOD_ZSCORE], &a,
	    err) != 0) {
		free_conflicts(&u);
		return -1;
	}
	while ((more = agg_next(a, &cr, err)) == 1) {
		for (m = 0; m < METHOD_COUNT && more == 1; m++) {
			char why[256];
			size_t i;

			if (m == METHOD_ZSCORE && asked != METHOD_ZSCORE)
				continue;
			if (!agg_applicable(a, cr, (enum method)m, why,
			    sizeof why)) {
				strbuf_addf(&notes[m], "%s\n", why);
				continue;
			}
			/* Pairwise, n^3: when asked, or a few milliseconds. */
			if (method_is_pairwise((enum method)m) && m != (int)asked &&
			    cr->n > AGG_CASCADE_PAIRWISE_MAX)
				continue;
			if (agg_rank(a, cr, (enum method)m, err) != 0) {
				more = -1;
				break;
			}
			if (m == METHOD_TRIMMED)
				note_trimmed_few(cr, &notes[m]);
			for (i = 0; i < cr->n; i++)
				if (agg_outside(&cr->c[i], agg_settings(a)->corridor,
				    NULL) > 0)
					cr->c[i].flags |= CAND_AGENDA;
			b.m = (enum method)m;
			for (i = 0; more == 1 && i < cr->n; i++)
				if (emit_cand_as(ed, cr->category, cr->order[i],
				    (enum method)m, false, hide_conflicts, &u,
				    err) != 0)
					more = -1;
		}
	}
	agg_close(a);
	free_conflicts(&u);
	return more;
}
