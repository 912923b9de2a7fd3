/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/import: CSV import of dossiers, jurors and conflicts. */
#include <config.h>

#include "helpers.h"
#include "core/import.h"
#include "core/audit.h"
#include "util/strbuf.h"

static int
import(struct edition *ed, enum import_kind kind, const char *name,
    const char *text, struct import_result *res, struct mw_error *err)
{
	return import_csv(ed, kind, write_file(name, text), "test", NULL, res,
	    err);
}

static const char dossiers_csv[] =
	"\xEF\xBB\xBFid,category,title_ar,title_fr,administration,url,"
	"summary_ar,summary_fr\r\n"
	"D1,e-contenu,الموقع الإلكتروني,\"Site web \"\"officiel\"\"\",AMEE,"
	"https://amee.ma,\"سطر أول\r\nسطر ثان\",\"ligne 1\nligne 2\"\r\n"
	"D2,smart-apps,,Application,MAP,,,\r\n";

static void
imports_dossiers_with_quotes_newlines_bom(void **state)
{
	struct edition *ed = new_edition("imp.sqlite");
	struct import_result res;
	struct mw_error err = { 0 };

	if (import(ed, IMPORT_DOSSIERS, "d.csv", dossiers_csv, &res, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.added, 2);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM dossier WHERE"
	    " id = 'D1' AND title_fr = 'Site web \"officiel\"' AND summary_ar ="
	    " 'سطر أول' || char(13, 10) || 'سطر ثان' AND summary_fr ="
	    " 'ligne 1' || char(10) || 'ligne 2'"), 1);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM administration"),
	    2);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM audit"), 2);
	db_close(ed);
}

static void
importing_twice_changes_nothing(void **state)
{
	struct edition *ed = new_edition("twice.sqlite");
	struct import_result res;
	struct mw_error err = { 0 };

	assert_int_equal(import(ed, IMPORT_DOSSIERS, "d.csv", dossiers_csv, &res,
	    &err), 0);
	assert_int_equal(import(ed, IMPORT_DOSSIERS, "d.csv", dossiers_csv, &res,
	    &err), 0);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.added + res.updated, 0);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM audit"), 2);
	/* A corrected title updates that dossier only. */
	assert_int_equal(import(ed, IMPORT_DOSSIERS, "d2.csv",
	    "id,category,title_fr\nD2,smart-apps,Application mobile\n", &res,
	    &err), 0);
	assert_int_equal(res.updated, 1);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM dossier"), 2);
	db_close(ed);
}

/* A bad file imports nothing and the error says where and what. */
static void
expect_refused(enum import_kind kind, const char *text, const char *msg)
{
	struct edition *ed = new_edition("bad.sqlite");
	struct import_result res;
	struct mw_error err = { 0 };
	int before = count_rows(ed, "SELECT count(*) FROM audit");

	if (kind == IMPORT_CONFLICTS) {
		assert_int_equal(import(ed, IMPORT_JURORS, "j.csv",
		    "id,name,role,organisation\nj1,Un,member,AMEE\n", &res, &err),
		    0);
		assert_int_equal(import(ed, IMPORT_DOSSIERS, "d.csv",
		    dossiers_csv, &res, &err), 0);
		before += 2;
	}
	assert_int_equal(import(ed, kind, "bad.csv", text, &res, &err), -1);
	if (strstr(err.msg, msg) == NULL)
		fail_msg("expected '%s' in: %s", msg, err.msg);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM audit"), before);
	if (kind == IMPORT_DOSSIERS)
		assert_int_equal(count_rows(ed, "SELECT count(*) FROM dossier"), 0);
	db_close(ed);
}

static void
bad_dossier_files_are_refused_whole(void **state)
{
	expect_refused(IMPORT_DOSSIERS,
	    "id,category,title_fr\nD1,e-contenu,Un\nD2,e-gov,Deux\n",
	    "bad.csv:3:2: field 'category': unknown category 'e-gov' (known: "
	    "e-demarche, smart-apps, e-contenu, e-participation)");
	expect_refused(IMPORT_DOSSIERS,
	    "id,category,title_fr\nD1,e-contenu,Un\n\"D1\",e-contenu,Bis\n",
	    "bad.csv:3:1: field 'id': 'D1' appears twice in the file (first on "
	    "line 2)");
	expect_refused(IMPORT_DOSSIERS,
	    "id,category,title_fr,colour\nD1,e-contenu,Un,red\n",
	    "bad.csv:1:4: unknown column 'colour'");
	expect_refused(IMPORT_DOSSIERS, "id,title_fr\nD1,Un\n",
	    "bad.csv:1: the required column 'category' is missing");
	expect_refused(IMPORT_DOSSIERS,
	    "id,category,title_fr\nD1,e-contenu,\"multi\nline\"\nD 2,e-contenu,X\n",
	    "bad.csv:4:1: field 'id': 'D 2' is not a valid id");
	expect_refused(IMPORT_DOSSIERS,
	    "id,category,title_fr\nD1,e-contenu,Caf\xE9\n",
	    "bad.csv:2:3: field 'title_fr': not valid UTF-8 (at byte 4)");
	expect_refused(IMPORT_DOSSIERS,
	    "id,category,title_ar,title_fr\nD1,e-contenu,,\n",
	    "bad.csv:2:4: field 'title_fr': a dossier needs a title");
	expect_refused(IMPORT_DOSSIERS,
	    "id,category,title_fr\nD1,e-contenu,Un,extra\n",
	    "bad.csv:2: expected 3 fields as in the header, found 4");
	expect_refused(IMPORT_DOSSIERS, "", "bad.csv: the file is empty");
	expect_refused(IMPORT_DOSSIERS, "id,category,title_fr\nD1,\"e-contenu\n",
	    "bad.csv:2: malformed CSV");
}

static void
bad_juror_files_are_refused_whole(void **state)
{
	expect_refused(IMPORT_JURORS, "id,name,role\nj1,Un,president\n",
	    "bad.csv:2:3: field 'role': found 'president', expected chair, "
	    "member or expert");
	expect_refused(IMPORT_JURORS, "id,name,role,voting\nj1,Un,member,oui\n",
	    "bad.csv:2:4: field 'voting': found 'oui', expected yes or no");
	expect_refused(IMPORT_JURORS, "id,name,role,voting\nx,X,expert,yes\n",
	    "field 'voting': an invited expert advises and cannot vote");
	expect_refused(IMPORT_JURORS,
	    "id,name,role\na,A,chair\nb,B,chair\n",
	    "bad.csv:3:3: field 'role': the commission already has a chair");
	expect_refused(IMPORT_JURORS,
	    "id,name,role,public_key\na,A,member,notakey\n",
	    "field 'public_key': expected the base64 line of a minisign public "
	    "key");
	expect_refused(IMPORT_JURORS, "id,name,role\na,,member\n",
	    "bad.csv:2:2: field 'name': a value is required here");
}

static void
jurors_and_conflicts_import(void **state)
{
	struct edition *ed = new_edition("people.sqlite");
	struct import_result res;
	struct mw_error err = { 0 };

	assert_int_equal(import(ed, IMPORT_JURORS, "j.csv",
	    "id,name,organisation,role,voting,public_key\n"
	    "c,Nadia,MEF,chair,,\n"
	    "e,Hassan,UM5,expert,no,"
	    "RWR6CSqSPc9lEg7bpdPoH2wp+7Dq0/pZ6/wC9F1YkN37PTaOeM4e0uyI\n", &res,
	    &err), 0);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM juror WHERE"
	    " (id = 'c' AND voting = 1) OR (id = 'e' AND voting = 0)"), 2);
	assert_int_equal(import(ed, IMPORT_DOSSIERS, "d.csv", dossiers_csv,
	    &res, &err), 0);
	if (import(ed, IMPORT_CONFLICTS, "c.csv",
	    "juror,dossier,administration,reason\n"
	    "c,D1,,ancien collaborateur\n"
	    "e,,MAP,membre du conseil\n", &res, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(res.added, 2);
	assert_int_equal(import(ed, IMPORT_CONFLICTS, "c.csv",
	    "juror,dossier,administration,reason\n"
	    "c,D1,,ancien collaborateur\n"
	    "e,,MAP,membre du conseil\n", &res, &err), 0);
	assert_int_equal(res.added + res.updated, 0);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM conflict"), 2);
	db_close(ed);
}

static void
bad_conflict_files_are_refused_whole(void **state)
{
	expect_refused(IMPORT_CONFLICTS, "juror,dossier\nnobody,D1\n",
	    "bad.csv:2:1: field 'juror': unknown juror 'nobody'");
	expect_refused(IMPORT_CONFLICTS, "juror,dossier\nj1,D9\n",
	    "bad.csv:2:2: field 'dossier': unknown dossier 'D9'");
	expect_refused(IMPORT_CONFLICTS,
	    "juror,dossier,administration\nj1,D1,AMEE\n",
	    "give either a dossier or an administration");
	expect_refused(IMPORT_CONFLICTS, "juror,dossier\nj1,D1\nj1,D1\n",
	    "bad.csv:3:2: field 'dossier':");
}

/* The definitions of the dossier table's indexes and triggers. */
static char *
dossier_schema(struct edition *ed)
{
	sqlite3_stmt *st;
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(sqlite3_prepare_v2(db_handle(ed), "SELECT sql FROM"
	    " sqlite_schema WHERE tbl_name = 'dossier' AND sql IS NOT NULL"
	    " ORDER BY name", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		strbuf_addf(&sb, "%s;\n", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return strbuf_detach(&sb);
}

/*
 * A load that more than doubles the dossiers takes the bulk path (indexes
 * and the insert journal trigger dropped and made again, the new rows
 * folded into the digest from the table): the file verifies, the schema
 * is back as it was, and the next change is journalled as usual.
 */
static void
a_bulk_load_verifies_and_restores_the_schema(void **state)
{
	struct edition *ed = new_edition("bulk.sqlite");
	struct strbuf csv = STRBUF_INIT;
	struct audit_report rep;
	struct import_result res;
	struct mw_error err = { 0 };
	char *before, *after;
	int i;

	(void)state;
	assert_int_equal(import(ed, IMPORT_DOSSIERS, "d.csv", dossiers_csv, &res,
	    &err), 0);
	before = dossier_schema(ed);
	strbuf_adds(&csv, "id,category,title_ar,title_fr,administration,"
	    "summary_fr\n");
	for (i = 0; i < 12000; i++)
		strbuf_addf(&csv, "B%05d,e-demarche,ملف %d,Dossier n° %d,"
		    "Administration %d,Résumé\n", i, i, i, i % 300);
	/* D2 changes too: an update in the same load. */
	strbuf_adds(&csv, "D2,smart-apps,,Application mobile,MAP,\n");
	if (import(ed, IMPORT_DOSSIERS, "bulk.csv", strbuf_str(&csv), &res,
	    &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(res.added, 12000);
	assert_int_equal(res.updated, 1);
	after = dossier_schema(ed);
	assert_string_equal(after, before);
	if (audit_verify(ed, NULL, &rep, &err) != 0)
		fail_msg("%s", err.msg);
	audit_report_free(&rep);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM dossier"), 12002);
	/* The progress's counts, made again in one pass. */
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM category c"
	    " WHERE (SELECT count(*) FROM dossier WHERE category_id = c.id"
	    " AND status = 'admitted') IS NOT coalesce((SELECT n FROM"
	    " category_count WHERE category_id = c.id), 0)"), 0);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM (SELECT"
	    " coalesce(administration, '') AS a, category_id AS c, count(*) AS n"
	    " FROM dossier WHERE status = 'admitted' GROUP BY 1, 2) d"
	    " WHERE d.n IS NOT (SELECT n FROM dossier_count k"
	    " WHERE k.administration = d.a AND k.category_id = d.c)"), 0);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM dossier_search"
	    " WHERE folded GLOB '*dossier n° 11999*'"), 1);
	/* The trigger is back: a row put in by hand is journalled. */
	exec_audited(ed, "INSERT INTO dossier (id, category_id, title_fr)"
	    " VALUES ('X1', 'e-contenu', 'By hand')");
	if (audit_verify(ed, NULL, &rep, &err) != 0)
		fail_msg("%s", err.msg);
	audit_report_free(&rep);
	free(before);
	free(after);
	strbuf_free(&csv);
	db_close(ed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(imports_dossiers_with_quotes_newlines_bom),
		cmocka_unit_test(importing_twice_changes_nothing),
		cmocka_unit_test(a_bulk_load_verifies_and_restores_the_schema),
		cmocka_unit_test(bad_dossier_files_are_refused_whole),
		cmocka_unit_test(bad_juror_files_are_refused_whole),
		cmocka_unit_test(jurors_and_conflicts_import),
		cmocka_unit_test(bad_conflict_files_are_refused_whole),
	};

	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
