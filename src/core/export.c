/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/csvfile.h"
#include "core/export.h"
#include "text/clean.h"
#include "core/keys.h"
#include "core/minutes.h"
#include "core/pdfminutes.h"
#include "core/ranking.h"
#include "core/scoring.h"
#include "core/settings.h"
#include "util/i18n.h"

int
export_format_parse(const char *s)
{
	if (strcmp(s, "csv") == 0)
		return EXPORT_CSV;
	if (strcmp(s, "json") == 0)
		return EXPORT_JSON;
	if (strcmp(s, "html") == 0)
		return EXPORT_HTML;
	if (strcmp(s, "pdf") == 0)
		return EXPORT_PDF;
	return -1;
}

/* The ranking of every category, kept for the writers in a temporary
 * table (rows in order; each as the ranking's own JSON object). */
static int
keep_row(void *ctx, const char *const *cells, size_t n, const char *json,
    struct mw_error *err)
{
	struct edition *ed = ctx;
	sqlite3_stmt *st = db_stmt(ed, "INSERT INTO temp.export_rank"
	    " (category, rank, dossier, title, score, n, stddev, spread, flags,"
	    " json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err);
	int i, rc;

	if (st == NULL || n < 9)
		return -1;
	for (i = 0; i < 9; i++)
		sqlite3_bind_text(st, i + 1, cells[i], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 10, json, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

static int
export_prepare(struct edition *ed, const char *lang, bool draft,
    struct mw_error *err)
{
	struct edition_info info;

	if (edition_get_info(ed, &info, err) != 0)
		return -1;
	if (strcmp(info.phase, "locked") != 0 && !draft)
		return error_set(err, _("the results leave the commission once "
		    "the edition is locked (it is in phase '%s'); --draft writes "
		    "a draft that says so"), info.phase);
	/* The blind rule: no figure drawn from the scores before the
	 * deliberation, not even in a draft. */
	if (strcmp(info.phase, "setup") == 0 ||
	    strcmp(info.phase, "scoring") == 0)
		return error_set(err, _("a draft of the results shows every "
		    "juror's totals, which open with the deliberation; the "
		    "edition is in phase '%s'"), info.phase);
	if (db_exec(ed, "DROP TABLE IF EXISTS temp.export_rank;"
	    "CREATE TEMP TABLE export_rank (seq INTEGER PRIMARY KEY,"
	    " category TEXT, rank TEXT, dossier TEXT, title TEXT, score TEXT,"
	    " n TEXT, stddev TEXT, spread TEXT, flags TEXT, json TEXT);"
	    /* Written once and read in order: a small cache (the default
	     * 2 MiB filled at 100,000 dossiers, a tenth of the peak). */
	    "PRAGMA temp.cache_size = -256",
	    err) != 0)
		return -1;
	return ranking_run(ed, NULL, lang, keep_row, ed, err);
}

/* One CSV row of the sectioned results. */
static void
csv_row(struct strbuf *sb, const char *const *f, size_t n,
    const struct csv_dialect *d)
{
	char *row = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&row, &len);

	if (m == NULL)
		fatal("out of memory");
	csv_write_row(m, f, n, d);
	fclose(m);
	strbuf_add(sb, row, len);
	free(row);
}

/* Rows from sql (built here, so prepared once, not cached), each written
 * as a CSV row of its columns. */
static int
csv_query(struct edition *ed, const char *sql, const char *lang,
    const char *status, const struct csv_dialect *d, struct sink *out,
    struct mw_error *err)
{
	sqlite3_stmt *st;
	const char *f[16];
	int rc, i, n;

	if (sqlite3_prepare_v2(db_handle(ed), sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(ed, sqlite3_errcode(db_handle(ed)), err);
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n && i < 16; i++)
			f[i] = (const char *)sqlite3_column_text(st, i);
		csv_row(&out->buf, f, (size_t)(n < 16 ? n : 16), d);
		sink_flush(out);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

#define TITLE(d) \
	"CASE WHEN ?1 = 'ar' THEN coalesce(nullif(" d ".title_ar, ''), " d \
	".title_fr) ELSE coalesce(nullif(" d ".title_fr, ''), " d \
	".title_ar) END"
#define NAME(c) \
	"CASE WHEN ?1 = 'ar' THEN coalesce(nullif(" c ".name_ar, ''), " c \
	".name_fr) ELSE coalesce(nullif(" c ".name_fr, ''), " c ".name_ar) END"

/*
 * The results as CSV, one kind of row per file (mudawala(5)): the table
 * asked for, its column names first.  Every row says whether the results
 * are final or a draft.
 */
static const struct csv_table {
	const char *name;
	const char *head;       /* the column names, comma-separated */
	const char *sql;        /* ?1: the language; ?2: draft or final */
} csv_tables[] = {
	{ "ranking", "category,rank,dossier,title,score,n,stddev,spread,flags,"
	    "status",
	    "SELECT category, rank, dossier, title, score, n, stddev, spread,"
	    " flags, ?2 FROM temp.export_rank WHERE ?1 IS NOT NULL ORDER BY seq" },
	{ "decisions", "category,prize,dossier,title,rationale,decided_at,"
	    "decided_by,status",
	    "SELECT k.category_id, k.prize, coalesce(k.dossier_id, ''),"
	    " coalesce(" TITLE("d") ", ''), k.rationale, k.decided_at,"
	    " k.decided_by, ?2 FROM decision k JOIN category c"
	    " ON c.id = k.category_id JOIN prize p ON p.id = k.prize"
	    " LEFT JOIN dossier d ON d.id = k.dossier_id"
	    " ORDER BY c.position, p.position, k.dossier_id" },
	{ "commission", "id,name,role,organisation,voting,status",
	    "SELECT id, name, role, organisation, CASE voting WHEN 1 THEN 'yes'"
	    " ELSE 'no' END, ?2 FROM juror WHERE ?1 IS NOT NULL ORDER BY rowid" },
	{ "categories", "id,name,dossiers,administrations,status",
	    "SELECT c.id, " NAME("c") ","
	    " (SELECT count(*) FROM dossier d WHERE d.category_id = c.id"
	    "  AND d.status = 'admitted'),"
	    " (SELECT count(DISTINCT administration) FROM dossier d"
	    "  WHERE d.category_id = c.id AND d.status = 'admitted'), ?2"
	    " FROM category c ORDER BY c.position" },
	/* What the commission read: each document by name and hash. */
	{ "documents", "category,dossier,name,blake2b,size,type,status",
	    "SELECT d.category_id, x.dossier_id, x.name, lower(hex(x.hash)),"
	    " a.size, a.type, ?2 FROM dossier_attachment x"
	    " JOIN attachment a ON a.hash = x.hash JOIN dossier d"
	    " ON d.id = x.dossier_id JOIN category c ON c.id = d.category_id"
	    " WHERE d.status = 'admitted' AND ?1 IS NOT NULL"
	    " ORDER BY c.position, d.id, x.position, x.name" },
	{ "edition", "uuid,name,year,phase,locked_at,status",
	    "SELECT uuid, name, year, phase,"
	    " coalesce((SELECT locked_at FROM seal), ''), ?2 FROM edition"
	    " WHERE ?1 IS NOT NULL" },
};

const char *
export_csv_tables(void)
{
	return "ranking, decisions, commission, categories, documents, edition";
}

bool
export_csv_table_known(const char *name)
{
	for (size_t i = 0; i < sizeof csv_tables / sizeof csv_tables[0]; i++)
		if (strcmp(csv_tables[i].name, name) == 0)
			return true;
	return false;
}

static int
write_csv(struct edition *ed, const struct export_opts *o, struct sink *out,
    struct mw_error *err)
{
	const char *lang = o->lang != NULL ? o->lang : "fr";
	const char *name = o->table != NULL ? o->table : "ranking";
	const struct csv_dialect *d = o->dialect != NULL ? o->dialect :
	    &csv_plain;
	const struct csv_table *t = NULL;
	const char *head[16];
	char *names;
	size_t n = 0;

	for (size_t i = 0; i < sizeof csv_tables / sizeof csv_tables[0]; i++)
		if (strcmp(csv_tables[i].name, name) == 0)
			t = &csv_tables[i];
	if (t == NULL)
		return error_usage(err, _("--table: expected one of %s, found "
		    "'%s'"), export_csv_tables(), name);
	if (o->bom || d->bom)
		strbuf_adds(&out->buf, "\xEF\xBB\xBF");
	names = xstrdup(t->head);
	for (char *p = strtok(names, ","); p != NULL && n < 16;
	    p = strtok(NULL, ","))
		head[n++] = p;
	csv_row(&out->buf, head, n, d);
	free(names);
	return csv_query(ed, t->sql, lang, o->draft ? "draft" : "final", d,
	    out, err);
}

/*
 * The results as one JSON object, composed by SQLite piece by piece and
 * written as it goes: the edition, the method and the commission; then
 * each category, its large arrays (the ranking, the comments, the
 * documents) an element at a time.  One json_object() of the whole held
 * the document several times over in memory (207 MiB at 100,000
 * dossiers for a 19 MB file).  The pieces are SQLite's own JSON: the
 * only composing done here is the brackets, the commas and the key of
 * each array, which are constants.
 */
static const char sql_json_head[] =
	"SELECT json_object("
	" 'format', 'mudawala-results', 'version', 1,"
	" 'draft', json(CASE WHEN ?2 THEN 'true' ELSE 'false' END),"
	" 'edition', json_object('name', e.name, 'year', e.year,"
	"   'uuid', e.uuid, 'phase', e.phase,"
	"   'locked_at', (SELECT locked_at FROM seal)),"
	" 'method', json_object('name', 'mean', 'tie_cascade',"
	"   coalesce((SELECT value FROM setting WHERE key = 'tie-cascade'),"
	"   ?3)),"
	" 'commission', (SELECT json_group_array(json_object('id', id,"
	"   'name', name, 'organisation', organisation, 'role', role,"
	"   'voting', json(CASE voting WHEN 1 THEN 'true' ELSE 'false' END)))"
	"   FROM (SELECT * FROM juror ORDER BY rowid))"
	") FROM edition e WHERE e.id = 1";

static const char sql_json_categories[] =
	"SELECT c.id, json_object('id', c.id, 'name_ar', c.name_ar,"
	" 'name_fr', c.name_fr,"
	" 'dossiers', (SELECT count(*) FROM dossier d"
	"   WHERE d.category_id = c.id AND d.status = 'admitted'),"
	" 'administrations', (SELECT count(DISTINCT administration)"
	"   FROM dossier d WHERE d.category_id = c.id"
	"   AND d.status = 'admitted'))"
	" FROM category c ORDER BY c.position";

static const char sql_json_ranking[] =
	"SELECT json(json) FROM temp.export_rank WHERE category = ?1"
	" ORDER BY seq";

static const char sql_json_decisions[] =
	"SELECT json_group_array(json_object('prize', k.prize,"
	" 'dossier', k.dossier_id, 'title', k.title,"
	" 'rationale', k.rationale, 'decided_at', k.decided_at,"
	" 'decided_by', k.decided_by)) FROM (SELECT k.*, " TITLE("d")
	" AS title FROM decision k JOIN prize p ON p.id = k.prize"
	" LEFT JOIN dossier d ON d.id = k.dossier_id"
	" WHERE k.category_id = ?1"
	" ORDER BY p.position, k.dossier_id) k";

/* What the jury said: every comment, the experts' advice marked
 * advisory. */
static const char sql_json_comments[] =
	"SELECT json_object('dossier',"
	" x.dossier_id, 'criterion', x.criterion_id, 'juror', x.juror_id,"
	" 'advisory', json(CASE x.voting WHEN 1 THEN 'false' ELSE 'true'"
	" END), 'score', x.value, 'comment', x.comment) FROM"
	" (SELECT s.*, j.voting FROM score s JOIN dossier d"
	" ON d.id = s.dossier_id JOIN criterion cr ON cr.id = s.criterion_id"
	" JOIN juror j ON j.id = s.juror_id WHERE d.category_id = ?1"
	" AND d.status = 'admitted' AND s.comment <> ''"
	" ORDER BY d.id, cr.position, j.voting DESC, j.name) x";

/* The consensus rounds: who was asked again, and their total before
 * (after: in the ranking, once they submitted again). */
static const char sql_json_consensus[] =
	"SELECT json_group_array(json_object('dossier',"
	" r.dossier_id, 'juror', r.juror_id, 'reason', r.reason,"
	" 'total_before', r.total_before, 'resubmitted',"
	" json(CASE WHEN EXISTS (SELECT 1 FROM submission s"
	" WHERE s.juror_id = r.juror_id AND s.dossier_id = r.dossier_id)"
	" THEN 'true' ELSE 'false' END), 'opened_at', r.opened_at)) FROM"
	" (SELECT r.* FROM consensus_round r JOIN dossier d"
	" ON d.id = r.dossier_id WHERE d.category_id = ?1"
	" ORDER BY r.dossier_id, r.juror_id) r";

/* What the commission read: each dossier's documents. */
static const char sql_json_documents[] =
	"SELECT json_object('dossier',"
	" x.dossier_id, 'name', x.name, 'blake2b', lower(hex(x.hash)),"
	" 'size', a.size, 'type', a.type) FROM (SELECT x.* FROM"
	" dossier_attachment x JOIN dossier d ON d.id = x.dossier_id"
	" WHERE d.category_id = ?1 AND d.status = 'admitted'"
	" ORDER BY d.id, x.position, x.name) x JOIN attachment a"
	" ON a.hash = x.hash";

/* Append SQLite's JSON text, without a control that could reach a
 * terminal; drop the last character (an object's '}') when open, so that
 * members can follow. */
static void
json_piece(struct sink *out, const char *json, bool open)
{
	char *clean = text_for_json(json != NULL ? json : "null");
	size_t n = strlen(clean);

	if (open && n > 0 && clean[n - 1] == '}')
		n--;
	strbuf_add(&out->buf, clean, n);
	free(clean);
	sink_flush(out);
}

/* The one value of sql, bound to category (a JSON array). */
static int
json_value(struct edition *ed, const char *sql, const char *category,
    const char *key, struct sink *out, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		strbuf_addf(&out->buf, ",\"%s\":", key);
		json_piece(out, (const char *)sqlite3_column_text(st, 0), false);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_error(ed, rc, err);
}

/* Each row of sql, bound to category, an element of the array key. */
static int
json_array(struct edition *ed, const char *sql, const char *category,
    const char *key, struct sink *out, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql, err);
	bool first = true;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	strbuf_addf(&out->buf, ",\"%s\":[", key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!first)
			strbuf_addc(&out->buf, ',');
		first = false;
		json_piece(out, (const char *)sqlite3_column_text(st, 0), false);
	}
	strbuf_addc(&out->buf, ']');
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

static int
write_json(struct edition *ed, const struct export_opts *o, struct sink *out,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql_json_head, err);
	struct { char *id, *json; } *cats = NULL;
	size_t n = 0, i;
	int rc, ret;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, o->lang != NULL ? o->lang : "fr", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 2, o->draft);
	sqlite3_bind_text(st, 3, SETTING_CASCADE_DEFAULT, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		json_piece(out, (const char *)sqlite3_column_text(st, 0), true);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_error(ed, rc, err);
	/* The categories first (a few): each runs statements of its own. */
	st = db_stmt(ed, sql_json_categories, err);
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cats = xrealloc(cats, (n + 1) * sizeof *cats);
		cats[n].id = db_column_dup(st, 0);
		cats[n++].json = db_column_dup(st, 1);
	}
	sqlite3_reset(st);
	ret = rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
	strbuf_adds(&out->buf, ",\"categories\":[");
	for (i = 0; i < n && ret == 0; i++) {
		const char *id = cats[i].id;

		if (i > 0)
			strbuf_addc(&out->buf, ',');
		json_piece(out, cats[i].json, true);
		if (json_array(ed, sql_json_ranking, id, "ranking", out,
		    err) != 0 ||
		    json_value(ed, sql_json_decisions, id, "decisions", out,
		    err) != 0 ||
		    json_array(ed, sql_json_comments, id, "comments", out,
		    err) != 0 ||
		    json_value(ed, sql_json_consensus, id, "consensus", out,
		    err) != 0 ||
		    json_array(ed, sql_json_documents, id, "documents", out,
		    err) != 0)
			ret = -1;
		strbuf_addc(&out->buf, '}');
	}
	strbuf_adds(&out->buf, "]}\n");
	for (i = 0; i < n; i++) {
		free(cats[i].id);
		free(cats[i].json);
	}
	free(cats);
	return ret;
}

/* The minutes as PDF: composed as the HTML minutes are, then laid out on
 * A4 (pdfminutes.c), so that both say the same. */
static int
write_pdf(struct edition *ed, const struct export_opts *o, struct sink *out,
    struct mw_error *err)
{
	struct minutes_opts mo = { o->lang, o->draft, o->place,
		    o->absent };
	struct sink html;
	int rc;

	sink_memory(&html);
	rc = minutes_write(ed, &mo, &html, err);
	if (rc == 0)
		rc = pdf_minutes_write(strbuf_str(&html.buf), html.buf.len,
		    _("Minutes of the deliberation"), out, err);
	strbuf_free(&html.buf);
	return rc;
}

int
export_write(struct edition *ed, const struct export_opts *o,
    const char *path, struct mw_error *err)
{
	struct sink out;
	int rc;

	/* What the commission publishes is read from a sound file. */
	if (db_check_whole(ed, err) != 0)
		return -1;
	if (export_prepare(ed, o->lang != NULL ? o->lang : "fr", o->draft,
	    err) != 0)
		return -1;
	if (sink_open(&out, path, 0644, err) != 0) {
		db_exec(ed, "DROP TABLE IF EXISTS temp.export_rank", NULL);
		return -1;
	}
	switch (o->format) {
	case EXPORT_CSV:
		rc = write_csv(ed, o, &out, err);
		break;
	case EXPORT_JSON:
		rc = write_json(ed, o, &out, err);
		break;
	case EXPORT_PDF:
		rc = write_pdf(ed, o, &out, err);
		break;
	default: {
		struct minutes_opts mo = { o->lang, o->draft, o->place,
		    o->absent };

		rc = minutes_write(ed, &mo, &out, err);
		break;
	}
	}
	/* A failed export leaves no file: the temporary one is removed. */
	if (sink_close(&out, rc == 0, err) != 0)
		rc = -1;
	db_exec(ed, "DROP TABLE IF EXISTS temp.export_rank", NULL);
	return rc;
}

int
export_trusted_comment(struct edition *ed, const char *kind,
    const char *signer, bool draft, struct strbuf *out, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT e.uuid, e.name, e.year,"
	    " (SELECT role FROM juror WHERE id = ?1),"
	    " (SELECT seq FROM audit ORDER BY seq DESC LIMIT 1)"
	    "  + CASE WHEN ?2 = 'sheet' THEN"
	    "  coalesce((SELECT master_seq FROM pack), 0) ELSE 0 END,"
	    " (SELECT hex(hash) FROM audit ORDER BY seq DESC LIMIT 1),"
	    " (SELECT hex(seal) FROM seal),"
	    " (SELECT public_key FROM juror WHERE role = 'chair')"
	    " FROM edition e WHERE e.id = 1", err);
	const unsigned char *p;
	uint8_t cid[8], cpk[32];
	char chair[17] = "none";
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, signer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(ed, rc, err);
	}
	/* What the commission publishes is signed by its chair; a member
	 * signs only their own score sheet. */
	if (strcmp(kind, "sheet") != 0 && (sqlite3_column_type(st, 3) ==
	    SQLITE_NULL || strcmp((const char *)sqlite3_column_text(st, 3),
	    "chair") != 0)) {
		sqlite3_reset(st);
		return error_set(err, _("the chair signs what the commission "
		    "publishes; '%s' is not the chair"), signer);
	}
	strbuf_addf(out, "mudawala=1\tkind=%s\tedition=%s\tname=", kind,
	    sqlite3_column_text(st, 0));
	/* The name is data: no tab or control may end the field. */
	for (p = sqlite3_column_text(st, 1); p != NULL && *p != '\0'; p++)
		strbuf_addc(out, *p < 0x20 || *p == 0x7F ? ' ' : (char)*p);
	strbuf_addf(out, "\tyear=%d\tsigner=%s\trole=%s\tseq=%lld\tchain=%s"
	    "\tseal=%s\tdraft=%s", sqlite3_column_int(st, 2), signer,
	    sqlite3_column_type(st, 3) == SQLITE_NULL ? "none" :
	    (const char *)sqlite3_column_text(st, 3),
	    (long long)sqlite3_column_int64(st, 4),
	    sqlite3_column_type(st, 5) == SQLITE_NULL ? "none" :
	    (const char *)sqlite3_column_text(st, 5),
	    sqlite3_column_type(st, 6) == SQLITE_NULL ? "none" :
	    (const char *)sqlite3_column_text(st, 6), draft ? "yes" : "no");
	/* The chair's key as minisign shows it: what -p must be. */
	if (key_public_parse((const char *)sqlite3_column_text(st, 7), cid,
	    cpk) == 0)
		key_id_text(cid, chair);
	strbuf_addf(out, "\tchairkey=%s", chair);
	sqlite3_reset(st);
	return 0;
}
