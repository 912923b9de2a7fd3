#include <config.h>

#include <math.h>
#include <string.h>

#include "core/dossier.h"
#include "core/scoring.h"

#include "core/ranking.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static const char *const names[] = {
	"category", "rank", "dossier", "title", "score", "n", "stddev", "flags",
};
const struct columns ranking_columns = { names, 8 };

/* Each voting juror's weighted total (0-100) of each dossier they
 * submitted, over the criteria they scored: the rule of every ranking. */
#define TOTALS_CTE(filter) \
	"totals AS (" \
	"  SELECT s.dossier_id AS dossier_id," \
	"    100.0 * sum(c.weight * (s.value - c.scale_min)" \
	"      / (c.scale_max - c.scale_min)) / sum(c.weight) AS total," \
	"    count(*) AS ncrit" \
	"  FROM submission sub" \
	"  JOIN juror j ON j.id = sub.juror_id AND j.voting = 1" \
	"  JOIN score s ON s.juror_id = sub.juror_id" \
	"    AND s.dossier_id = sub.dossier_id" \
	"  JOIN criterion c ON c.id = s.criterion_id" \
	filter \
	"  GROUP BY s.dossier_id, s.juror_id" \
	")"

/* One statement over the indexed tables; nothing is loaded whole. */
static const char sql_ranking[] =
	"WITH " TOTALS_CTE("") ", agg AS ("
	"  SELECT dossier_id, avg(total) AS mean, count(*) AS n,"
	"    sqrt(max(avg(total * total) - avg(total) * avg(total), 0)) AS sd,"
	"    min(ncrit) < (SELECT count(*) FROM criterion) AS partial"
	"  FROM totals GROUP BY dossier_id"
	"), ranked AS ("
	"  SELECT d.category_id AS category, cat.position AS position,"
	"    d.id AS dossier,"
	"    CASE WHEN ?2 = 'ar' THEN coalesce(nullif(d.title_ar, ''), d.title_fr)"
	"      ELSE coalesce(nullif(d.title_fr, ''), d.title_ar) END AS title,"
	"    round(a.mean, 2) AS score, coalesce(a.n, 0) AS n,"
	"    round(a.sd, 2) AS sd, coalesce(a.partial, 0) AS partial"
	"  FROM dossier d JOIN category cat ON cat.id = d.category_id"
	"  LEFT JOIN agg a ON a.dossier_id = d.id"
	"  WHERE d.status = 'admitted' AND (?1 IS NULL OR d.category_id = ?1)"
	"), numbered AS ("
	"  SELECT *, CASE WHEN score IS NULL THEN NULL ELSE"
	"      rank() OVER (PARTITION BY category ORDER BY score DESC) END AS rnk,"
	"    score IS NOT NULL AND count(*) OVER"
	"      (PARTITION BY category, score) > 1 AS tie"
	"  FROM ranked"
	"), flagged AS ("
	"  SELECT *, substr(CASE WHEN score IS NULL THEN ';unscored' ELSE '' END"
	"    || CASE WHEN tie THEN ';tie' ELSE '' END"
	"    || CASE WHEN partial THEN ';partial' ELSE '' END, 2) AS flags"
	"  FROM numbered"
	")"
	"SELECT category, coalesce(rnk, ''), dossier, title,"
	"  CASE WHEN score IS NULL THEN '' ELSE printf('%.2f', score) END, n,"
	"  CASE WHEN sd IS NULL THEN '' ELSE printf('%.2f', sd) END, flags,"
	"  json_object('category', category, 'rank', rnk, 'dossier', dossier,"
	"    'title', title, 'score', score, 'n', n, 'stddev', sd,"
	"    'flags', json(CASE WHEN flags = '' THEN '[]' ELSE"
	"      '[\"' || replace(flags, ';', '\",\"') || '\"]' END))"
	" FROM flagged ORDER BY position, score IS NULL, score DESC, dossier";

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
ranking_run(struct edition *ed, const char *category, const char *title_lang,
    row_fn fn, void *ctx, struct mw_error *err)
{
	sqlite3_stmt *st;

	if (category != NULL && check_category(ed, category, err) != 0)
		return -1;
	st = db_stmt(ed, sql_ranking, err);
	if (st == NULL)
		return -1;
	if (category != NULL)
		sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, title_lang != NULL ? title_lang : "fr", -1,
	    SQLITE_STATIC);
	return run_rows(ed, st, fn, ctx, err);
}

int
ranking_dossier(struct edition *ed, const char *dossier, double *score,
    int *n, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "WITH "
	    TOTALS_CTE("  WHERE sub.dossier_id = ?1")
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
	")"
	"SELECT category, CASE WHEN score IS NULL THEN '' ELSE rank() OVER"
	"  (PARTITION BY category ORDER BY score DESC) END, dossier, title,"
	"  CASE WHEN score IS NULL THEN '' ELSE printf('%.2f', score) END,"
	"  CASE WHEN score IS NULL THEN 0 ELSE 1 END, '',"
	"  CASE WHEN score IS NULL THEN 'unscored' ELSE 'own' END, ''"
	" FROM ranked ORDER BY position, score IS NULL, score DESC, dossier";

/* The chair during scoring: how far the jury has got, no values. */
static const char sql_progress[] =
	"SELECT d.category_id, '', d.id,"
	"  CASE WHEN ?2 = 'ar' THEN coalesce(nullif(d.title_ar, ''), d.title_fr)"
	"    ELSE coalesce(nullif(d.title_fr, ''), d.title_ar) END, '',"
	"  (SELECT count(*) FROM submission s JOIN juror j ON j.id = s.juror_id"
	"   AND j.voting = 1 WHERE s.dossier_id = d.id), '', 'progress', ''"
	" FROM dossier d JOIN category cat ON cat.id = d.category_id"
	" WHERE d.status = 'admitted' AND (?1 IS NULL OR d.category_id = ?1)"
	" AND ?3 IS NOT NULL ORDER BY cat.position, d.id";

static int
run_rows(struct edition *ed, sqlite3_stmt *st, row_fn fn, void *ctx,
    struct mw_error *err)
{
	const char *cells[8];
	int rc, i;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 8; i++)
			cells[i] = (const char *)sqlite3_column_text(st, i);
		if (fn(ctx, cells, 8, (const char *)sqlite3_column_text(st, 8),
		    err) != 0) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
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
		*view = RANKING_VIEW_FULL;
		return ranking_run(ed, category, lang, fn, ctx, err);
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
