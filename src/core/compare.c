/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/compare.h"
#include "core/dossier.h"
#include "core/ranking.h"
#include "core/scoring.h"
#include "util/i18n.h"

static const char sql_cells[] =
	"SELECT c.id,"
	" (SELECT value FROM score WHERE juror_id = ?2 AND dossier_id = ?1"
	"  AND criterion_id = c.id),"
	" (SELECT avg(s.value) FROM score s JOIN submission u"
	"  ON u.juror_id = s.juror_id AND u.dossier_id = s.dossier_id"
	"  JOIN juror j ON j.id = s.juror_id AND j.voting = 1"
	"  WHERE s.dossier_id = ?1 AND s.criterion_id = c.id),"
	" (SELECT sqrt(max(avg(s.value * s.value) - avg(s.value) * avg(s.value),"
	"  0)) FROM score s JOIN submission u"
	"  ON u.juror_id = s.juror_id AND u.dossier_id = s.dossier_id"
	"  JOIN juror j ON j.id = s.juror_id AND j.voting = 1"
	"  WHERE s.dossier_id = ?1 AND s.criterion_id = c.id),"
	" (SELECT count(*) FROM score s JOIN submission u"
	"  ON u.juror_id = s.juror_id AND u.dossier_id = s.dossier_id"
	"  JOIN juror j ON j.id = s.juror_id AND j.voting = 1"
	"  WHERE s.dossier_id = ?1 AND s.criterion_id = c.id)"
	" FROM criterion c ORDER BY c.position, c.id";

static double
col_or_nan(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NAN :
	    sqlite3_column_double(st, col);
}

int
compare_load(struct edition *ed, const char *juror, const char *const *ids,
    size_t n, const char *lang, struct compare *out, struct mw_error *err)
{
	struct edition_info info;
	struct criterion *crit = NULL;
	size_t ncrit = 0, i, k;
	double *mine;
	int rc;

	memset(out, 0, sizeof *out);
	if (n < 2 || n > COMPARE_MAX)
		return error_set(err, _("mark 2 to 4 dossiers to compare them"));
	if (edition_get_info(ed, &info, err) != 0 ||
	    criteria_load(ed, &crit, &ncrit, err) != 0)
		return -1;
	out->show_jury = strcmp(info.phase, "deliberation") == 0 ||
	    strcmp(info.phase, "locked") == 0;
	out->ncriteria = ncrit;
	mine = xcalloc(ncrit, sizeof *mine);
	for (i = 0; i < n; i++) {
		struct compare_column *col = &out->columns[i];
		struct dossier_detail d;
		sqlite3_stmt *st;

		if (dossier_get(ed, ids[i], juror, &d, err) != 0)
			goto fail;
		col->id = xstrdup(d.id);
		col->title = xstrdup(strcmp(lang, "ar") == 0 ?
		    (*d.title_ar ? d.title_ar : d.title_fr) :
		    (*d.title_fr ? d.title_fr : d.title_ar));
		dossier_detail_free(&d);
		col->cells = xcalloc(ncrit, sizeof *col->cells);
		out->ncolumns++;
		st = db_stmt(ed, sql_cells, err);
		if (st == NULL)
			goto fail;
		sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, juror, -1, SQLITE_STATIC);
		for (k = 0; k < ncrit && (rc = sqlite3_step(st)) == SQLITE_ROW;
		    k++) {
			struct compare_cell *c = &col->cells[k];

			c->mine = mine[k] = col_or_nan(st, 1);
			c->mean = out->show_jury ? col_or_nan(st, 2) : NAN;
			c->sd = out->show_jury ? col_or_nan(st, 3) : NAN;
			c->n = out->show_jury ? sqlite3_column_int(st, 4) : 0;
		}
		sqlite3_reset(st);
		col->my_total = score_weighted_total(crit, mine, ncrit);
		col->jury_total = NAN;
		if (out->show_jury && ranking_dossier(ed, ids[i],
		    &col->jury_total, &col->jury_n, err) != 0)
			goto fail;
	}
	free(mine);
	criteria_free(crit, ncrit);
	return 0;
fail:
	free(mine);
	criteria_free(crit, ncrit);
	compare_free(out);
	return -1;
}

void
compare_free(struct compare *c)
{
	size_t i;

	for (i = 0; i < c->ncolumns; i++) {
		free(c->columns[i].id);
		free(c->columns[i].title);
		free(c->columns[i].cells);
	}
	memset(c, 0, sizeof *c);
}

int
compare_best(const double *values, size_t n)
{
	int best = -1;
	size_t i, distinct = 0;

	for (i = 0; i < n; i++) {
		if (isnan(values[i]))
			continue;
		if (best < 0 || values[i] > values[best]) {
			if (best >= 0)
				distinct++;
			best = (int)i;
		} else if (values[i] < values[best])
			distinct++;
	}
	return distinct > 0 ? best : -1;
}
