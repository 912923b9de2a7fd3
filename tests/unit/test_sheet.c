/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Score sheets as an attacker or a careless program makes them: sealed to
 * the chair with libsodium (anyone can seal), signed with the keys the
 * test holds; the chair's import refuses every one, naming why. */
#include <config.h>

#include <sodium.h>

#include "helpers.h"
#include "core/demo.h"
#include "core/keys.h"
#include "core/sheet.h"
#include "core/sign.h"

static char master[512];

static struct secret_key *
demo_key(const char *juror)
{
	struct mw_error err = { 0 };
	struct secret_key *key;
	char file[700];

	snprintf(file, sizeof file, "%s.keys/%s.key", master, juror);
	if (key_unlock(file, "demo", &key, &err) != 0)
		fail_msg("%s", err.msg);
	return key;
}

static char *
query_text(struct edition *ed, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	char *out;

	assert_int_equal(sqlite3_prepare_v2(db_handle(ed), sql, -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/*
 * A sheet of juror whose JSON is sheet, signed by signer's key with the
 * trusted comment a real sheet of seq would carry, sealed to the chair:
 * written to a scratch file whose path is returned.
 */
static const char *
craft(struct edition *ed, const char *name, const char *juror,
    const char *signer, const char *sheet, long long seq)
{
	struct mw_error err = { 0 };
	struct secret_key *key = demo_key(signer);
	struct public_key chair;
	struct strbuf comment = STRBUF_INIT, sql = STRBUF_INIT;
	uint8_t hash[64], xpk[32], *box;
	char *sig, *inner, *uuid, *pub, id[17], *b64, *outer;
	size_t len, n;

	uuid = query_text(ed, "SELECT uuid FROM edition WHERE ?1 IS NULL", NULL);
	strbuf_addf(&comment, "mudawala=1\tkind=sheet\tedition=%s\tname=x\t"
	    "signer=%s\trole=member\tseq=%lld", uuid, juror, seq);
	crypto_generichash(hash, sizeof hash, (const uint8_t *)sheet,
	    strlen(sheet), NULL, 0);
	sig = sign_text(key, hash, strbuf_str(&comment), &err);
	assert_non_null(sig);
	key_free(key);
	{
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(db_handle(ed), "SELECT"
		    " json_object('sheet', ?1, 'signature', ?2)", -1, &st, NULL),
		    SQLITE_OK);
		sqlite3_bind_text(st, 1, sheet, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, sig, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		inner = strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	pub = query_text(ed, "SELECT public_key FROM juror WHERE role = ?1",
	    "chair");
	assert_int_equal(key_public_parse(pub, chair.id, chair.pk), 0);
	assert_int_equal(crypto_sign_ed25519_pk_to_curve25519(xpk, chair.pk), 0);
	len = strlen(inner);
	box = malloc(len + crypto_box_SEALBYTES);
	crypto_box_seal(box, (const uint8_t *)inner, len, xpk);
	n = sodium_base64_ENCODED_LEN(len + crypto_box_SEALBYTES,
	    sodium_base64_VARIANT_ORIGINAL);
	b64 = malloc(n);
	sodium_bin2base64(b64, n, box, len + crypto_box_SEALBYTES,
	    sodium_base64_VARIANT_ORIGINAL);
	key_id_text(chair.id, id);
	strbuf_addf(&sql, "{\"format\":\"mudawala-sheet-sealed\",\"version\":2,"
	    "\"to\":\"%s\",\"box\":\"%s\"}\n", id, b64);
	outer = strbuf_detach(&sql);
	write_file(name, outer);
	free(outer);
	free(b64);
	free(box);
	free(pub);
	free(inner);
	free(sig);
	free(uuid);
	strbuf_free(&comment);
	return scratch_path(name);
}

/* Import path as the chair: -1 with a message holding want. */
static void
refused(struct edition *ed, const char *path, const char *want)
{
	struct mw_error err = { 0 };
	struct sheet_result res;
	struct secret_key *chair = demo_key("chair");
	int before = count_rows(ed, "SELECT count(*) FROM audit");

	assert_int_equal(sheet_import(ed, "chair", chair, path, &res, &err), -1);
	key_free(chair);
	if (strstr(err.msg, want) == NULL)
		fail_msg("expected '%s' in: %s", want, err.msg);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM audit"), before);
}

#define SHEET_HEAD "{\"format\":\"mudawala-sheet\",\"version\":1," \
	"\"edition\":\"%s\",\"juror\":\"%s\",\"seq\":%lld," \
	"\"exported_at\":\"2026-12-01T10:00:00Z\","

static const char *
sheet(struct edition *ed, const char *juror, long long seq,
    const char *scores, const char *submissions)
{
	static char buf[4096];
	char *uuid = query_text(ed, "SELECT uuid FROM edition WHERE ?1 IS NULL",
	    NULL);

	snprintf(buf, sizeof buf, SHEET_HEAD "\"scores\":[%s],"
	    "\"submissions\":[%s]}", uuid, juror, seq, scores, submissions);
	free(uuid);
	return buf;
}

#define SCORE(d, c, v) "{\"dossier\":\"" d "\",\"criterion\":\"" c "\"," \
	"\"value\":" v ",\"comment\":\"\",\"updated_at\":\"2026-12-01T09:00:00Z\"}"

static void
crafted_sheets_are_refused(void **state)
{
	struct mw_error err = { 0 };
	struct sheet_result res;
	struct secret_key *chair;
	struct edition *ed;
	const char *p;

	(void)state;
	snprintf(master, sizeof master, "%s", scratch_path("master.sqlite"));
	remove_edition(master);
	if (demo_write(master, &err) != 0 ||
	    db_open(master, DB_WRITE, &ed, &err) != 0)
		fail_msg("%s", err.msg);
	/* A submission covering one criterion of four. */
	p = craft(ed, "partial.json", "misoc", "misoc", sheet(ed, "misoc", 100,
	    SCORE("D10", "qualite", "20"), "{\"dossier\":\"D10\","
	    "\"submitted_at\":\"2026-12-01T10:00:00Z\"}"), 100);
	refused(ed, p, "dossier 'D10' is submitted with criteria left unscored");
	/* The same criterion twice. */
	p = craft(ed, "twice.json", "misoc", "misoc", sheet(ed, "misoc", 100,
	    SCORE("D10", "qualite", "20") "," SCORE("D10", "qualite", "2"), ""),
	    100);
	refused(ed, p, "scored on criterion 'qualite' more than once");
	/* submitted_at of another type. */
	p = craft(ed, "when.json", "misoc", "misoc", sheet(ed, "misoc", 100, "",
	    "{\"dossier\":\"D10\",\"submitted_at\":[1]}"), 100);
	refused(ed, p, "expected dossier and submitted_at, as text");
	/* Signed by another member's key. */
	p = craft(ed, "forged.json", "misoc", "hg", sheet(ed, "misoc", 100,
	    SCORE("D10", "qualite", "20"), ""), 100);
	refused(ed, p, "not by key");
	/* A sequence number the signature does not cover. */
	p = craft(ed, "seq.json", "misoc", "misoc", sheet(ed, "misoc", 101,
	    SCORE("D10", "qualite", "20"), ""), 100);
	refused(ed, p, "does not describe this sheet");
	/* And a sound one goes in, its comment cleaned as 'score --comment'
	 * cleans one: no escape sequence reaches the file. */
	p = craft(ed, "sound.json", "misoc", "misoc", sheet(ed, "misoc", 100,
	    "{\"dossier\":\"D10\",\"criterion\":\"qualite\",\"value\":20,"
	    "\"comment\":\"Tr\\u00e8s \\u001b[31mclair\","
	    "\"updated_at\":\"2026-12-01T09:00:00Z\"}", ""), 100);
	chair = demo_key("chair");
	if (sheet_import(ed, "chair", chair, p, &res, &err) != 0)
		fail_msg("%s", err.msg);
	key_free(chair);
	assert_int_equal(res.seq, 100);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM score WHERE"
	    " juror_id = 'misoc' AND dossier_id = 'D10' AND criterion_id ="
	    " 'qualite' AND comment LIKE 'Tr_s%clair' AND instr(comment,"
	    " char(27)) = 0"), 1);
	db_close(ed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crafted_sheets_are_refused),
	};

	return cmocka_run_group_tests_name("sheet", tests, NULL, NULL);
}
