/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/dossier.h"
#include "core/export.h"
#include "core/rules.h"
#include "core/scoring.h"
#include "core/conflicts.h"
#include "core/sheet.h"
#include "core/sign.h"
#include "util/i18n.h"
#include "util/strbuf.h"

/* A sheet holds at most one score per dossier and criterion: this is far
 * above any edition's. */
#define SHEET_MAX_BYTES (256L * 1024 * 1024)

static const char sql_sheet[] =
	"SELECT json_object('format', 'mudawala-sheet', 'version', 1,"
	" 'edition', e.uuid, 'juror', ?1,"
	/* In a pack, numbered on from where the master stood when the
	 * chair made it: a sheet from a fresh pack is newer than any the
	 * master imported before. */
	" 'seq', (SELECT coalesce(max(seq), 0) FROM audit)"
	"  + coalesce((SELECT master_seq FROM pack), 0),"
	" 'exported_at', ?2,"
	" 'scores', (SELECT json_group_array(json_object('dossier', dossier_id,"
	"   'criterion', criterion_id, 'value', value, 'comment', comment,"
	"   'updated_at', updated_at)) FROM (SELECT * FROM score"
	"   WHERE juror_id = ?1 ORDER BY dossier_id, criterion_id)),"
	" 'submissions', (SELECT json_group_array(json_object("
	"   'dossier', dossier_id, 'submitted_at', submitted_at)) FROM"
	"   (SELECT * FROM submission WHERE juror_id = ?1 ORDER BY dossier_id)))"
	" FROM edition e WHERE e.id = 1";

static int
registered_key(struct edition *ed, const char *juror, struct public_key *pk,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT public_key FROM juror"
	    " WHERE id = ?1", err);
	int rc, ret = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		ret = rc == SQLITE_DONE ? error_set(err, _("unknown juror '%s'"),
		    juror) : db_error(ed, rc, err);
	else if (key_public_parse((const char *)sqlite3_column_text(st, 0),
	    pk->id, pk->pk) != 0)
		ret = error_set(err, _("no public key is registered for '%s'; "
		    "the chair registers one (mudawala keygen, then the "
		    "public_key column of mudawala import jurors)"), juror);
	sqlite3_reset(st);
	return ret;
}

/* The chair's registered key, for sealing sheets to. */
static int
chair_key(struct edition *ed, struct public_key *pk, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT id FROM juror WHERE role ="
	    " 'chair'", err);
	char id[65] = "";
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(id, sizeof id, "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	if (id[0] == '\0')
		return error_set(err, _("the commission has no chair to seal the "
		    "score sheet to"));
	return registered_key(ed, id, pk, err);
}

/* Text made by one SQL expression over two text parameters. */
static char *
sql_text(struct edition *ed, const char *sql, const char *a, const char *b,
    size_t blen, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql, err);
	char *out = NULL;
	int rc;

	if (st == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, b, (int)blen, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		out = db_column_dup_or_null(st, 0);
	sqlite3_reset(st);
	if (out == NULL)
		db_error(ed, rc == SQLITE_ROW ? SQLITE_NOMEM : rc, err);
	return out;
}

/*
 * Seal the signed sheet to the chair: crypto_box_seal with the X25519
 * key libsodium derives from the chair's Ed25519 key.  What travels on a
 * USB stick reads as the format, the chair's key id and noise.
 */
static char *
seal(struct edition *ed, const char *inner, struct mw_error *err)
{
	struct public_key chair;
	uint8_t xpk[crypto_box_PUBLICKEYBYTES], *box;
	size_t len = strlen(inner), n;
	char id[17], *b64, *out;

	if (chair_key(ed, &chair, err) != 0)
		return NULL;
	if (crypto_sign_ed25519_pk_to_curve25519(xpk, chair.pk) != 0) {
		error_set(err, _("the chair's public key cannot seal a sheet"));
		return NULL;
	}
	box = xmalloc(len + crypto_box_SEALBYTES);
	crypto_box_seal(box, (const uint8_t *)inner, len, xpk);
	n = sodium_base64_ENCODED_LEN(len + crypto_box_SEALBYTES,
	    sodium_base64_VARIANT_ORIGINAL);
	b64 = xmalloc(n);
	sodium_bin2base64(b64, n, box, len + crypto_box_SEALBYTES,
	    sodium_base64_VARIANT_ORIGINAL);
	free(box);
	key_id_text(chair.id, id);
	out = sql_text(ed, "SELECT json_object('format', 'mudawala-sheet-sealed',"
	    " 'version', 2, 'to', ?1, 'box', ?2)", id, b64, strlen(b64), err);
	free(b64);
	return out;
}

int
sheet_export(struct edition *ed, const char *juror,
    const struct secret_key *key, const char *path, struct mw_error *err)
{
	struct strbuf comment = STRBUF_INIT, text = STRBUF_INIT;
	struct public_key pk;
	sqlite3_stmt *st;
	uint8_t hash[64];
	char now[32], *sig = NULL, *inner = NULL, *sealed = NULL;
	int rc = -1;

	if (registered_key(ed, juror, &pk, err) != 0)
		return -1;
	if (memcmp(pk.id, key->key_id, 8) != 0 ||
	    memcmp(pk.pk, key->sk + 32, 32) != 0)
		return error_set(err, _("the key given is not the one registered "
		    "for '%s'"), juror);
	st = db_stmt(ed, sql_sheet, err);
	if (st == NULL)
		return -1;
	db_now(now);
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(ed, rc, err);
	}
	strbuf_adds(&text, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	rc = -1;
	/* Signed by the juror, then sealed to the chair: the chair knows who
	 * sent it, nobody else reads it. */
	crypto_generichash(hash, sizeof hash, (const uint8_t *)strbuf_str(&text),
	    text.len, NULL, 0);
	if (export_trusted_comment(ed, "sheet", juror, false, &comment,
	    err) == 0 &&
	    (sig = sign_text(key, hash, strbuf_str(&comment), err)) != NULL &&
	    (inner = sql_text(ed, "SELECT json_object('sheet', ?1,"
	    " 'signature', ?2)", strbuf_str(&text), sig, strlen(sig),
	    err)) != NULL &&
	    (sealed = seal(ed, inner, err)) != NULL) {
		strbuf_reset(&text);
		strbuf_adds(&text, sealed);
		strbuf_addc(&text, '\n');
		rc = sink_replace_file(path, strbuf_str(&text), text.len, 0600,
		    err);
	}
	if (inner != NULL)
		sodium_memzero(inner, strlen(inner));
	free(sealed);
	free(inner);
	free(sig);
	strbuf_free(&comment);
	strbuf_free(&text);
	return rc;
}

/* The whole file, NUL-terminated; refuses what cannot be a sheet. */
static char *
slurp(const char *path, size_t *len, struct mw_error *err)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	char *buf;

	if (f == NULL) {
		error_set(err, _("%s: cannot read (%s)"), path, error_text(errno));
		return NULL;
	}
	if (fstat(fileno(f), &sb) != 0 || sb.st_size > SHEET_MAX_BYTES) {
		error_set(err, _("%s: not a score sheet (too large)"), path);
		fclose(f);
		return NULL;
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	*len = fread(buf, 1, (size_t)sb.st_size, f);
	buf[*len] = '\0';
	fclose(f);
	if (*len != (size_t)sb.st_size) {
		error_set(err, _("%s: cannot read (%s)"), path, error_text(errno));
		free(buf);
		return NULL;
	}
	return buf;
}

/* The head of the sheet, checked by SQLite's JSON functions (once
 * json_valid() has said it is JSON at all). */
static const char sql_head[] =
	"SELECT 1, json_extract(?1, '$.format'),"
	" json_extract(?1, '$.version'), json_extract(?1, '$.edition'),"
	" json_extract(?1, '$.juror'), json_extract(?1, '$.seq'),"
	" json_type(?1, '$.seq'), json_type(?1, '$.scores'),"
	" json_type(?1, '$.submissions'), (SELECT uuid FROM edition)";

struct head {
	char juror[65];
	long long seq;
};

static int
read_head(struct edition *ed, const char *path, const char *text,
    struct head *h, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT CASE WHEN json_valid(?1)"
	    " THEN json_type(?1) = 'object' ELSE 0 END", err);
	const char *s;
	int ret = -1, valid;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	valid = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (!valid)
		return error_set(err, _("%s: not a score sheet (not JSON, or cut "
		    "short)"), path);
	st = db_stmt(ed, sql_head, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_error(ed, sqlite3_errcode(db_handle(ed)), err);
		goto out;
	}
	s = (const char *)sqlite3_column_text(st, 1);
	if (s == NULL || strcmp(s, "mudawala-sheet") != 0 ||
	    sqlite3_column_int(st, 2) != 1) {
		error_set(err, _("%s: not a score sheet (expected format "
		    "'mudawala-sheet', version 1)"), path);
		goto out;
	}
	s = (const char *)sqlite3_column_text(st, 7);
	if (s == NULL || strcmp(s, "array") != 0 ||
	    (s = (const char *)sqlite3_column_text(st, 8)) == NULL ||
	    strcmp(s, "array") != 0 ||
	    (s = (const char *)sqlite3_column_text(st, 6)) == NULL ||
	    strcmp(s, "integer") != 0 ||
	    sqlite3_column_type(st, 4) != SQLITE_TEXT) {
		error_set(err, _("%s: not a score sheet (juror, seq, scores or "
		    "submissions missing or of the wrong type)"), path);
		goto out;
	}
	if (sqlite3_column_type(st, 3) != SQLITE_TEXT ||
	    strcmp((const char *)sqlite3_column_text(st, 3),
	    (const char *)sqlite3_column_text(st, 9)) != 0) {
		error_set(err, _("%s: a score sheet of another edition"), path);
		goto out;
	}
	snprintf(h->juror, sizeof h->juror, "%s", sqlite3_column_text(st, 4));
	h->seq = sqlite3_column_int64(st, 5);
	ret = 0;
out:
	sqlite3_reset(st);
	return ret;
}

/* The outside of a sealed sheet. */
static const char sql_outer[] =
	"SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = 'object'"
	" ELSE 0 END, json_extract(?1, '$.format'),"
	" json_extract(?1, '$.version'), json_extract(?1, '$.to'),"
	" json_extract(?1, '$.box'), json_type(?1, '$.box')";

/* Open the sealed sheet at path (its text in outer) with the chair's
 * key: the signed sheet and its signature (caller frees both). */
static int
unseal(struct edition *ed, const char *path, const char *outer,
    const struct secret_key *chair, char **sheet, char **sig,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql_outer, err);
	uint8_t xpk[crypto_box_PUBLICKEYBYTES], xsk[crypto_box_SECRETKEYBYTES];
	uint8_t *box = NULL, *inner = NULL;
	size_t blen = 0;
	const char *s;
	char mine[17];
	int ret = -1;

	*sheet = *sig = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, outer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW || !sqlite3_column_int(st, 0)) {
		error_set(err, _("%s: not a score sheet (not JSON, or cut short)"),
		    path);
		goto out;
	}
	s = (const char *)sqlite3_column_text(st, 1);
	if (s == NULL || strcmp(s, "mudawala-sheet-sealed") != 0 ||
	    sqlite3_column_int(st, 2) != 2 ||
	    (s = (const char *)sqlite3_column_text(st, 5)) == NULL ||
	    strcmp(s, "text") != 0) {
		error_set(err, _("%s: not a score sheet (expected format "
		    "'mudawala-sheet-sealed', version 2, with its box)"), path);
		goto out;
	}
	key_id_text(chair->key_id, mine);
	s = (const char *)sqlite3_column_text(st, 3);
	if (s == NULL || strcmp(s, mine) != 0) {
		error_set(err, _("%s: the sheet is sealed for the key %s, not for "
		    "this chair's key %s"), path, s != NULL ? s : "?", mine);
		goto out;
	}
	s = (const char *)sqlite3_column_text(st, 4);
	box = xmalloc(strlen(s) + 1);
	if (sodium_base642bin(box, strlen(s) + 1, s, strlen(s), NULL, &blen,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    blen < crypto_box_SEALBYTES) {
		error_set(err, _("%s: not a score sheet (its box is not base64)"),
		    path);
		goto out;
	}
	inner = xmalloc(blen - crypto_box_SEALBYTES + 1);
	if (crypto_sign_ed25519_pk_to_curve25519(xpk, chair->sk + 32) != 0 ||
	    crypto_sign_ed25519_sk_to_curve25519(xsk, chair->sk) != 0 ||
	    crypto_box_seal_open(inner, box, blen, xpk, xsk) != 0) {
		error_set(err, _("%s: the sheet cannot be opened with the chair's "
		    "key: it was damaged or changed on the way"), path);
		goto out;
	}
	inner[blen - crypto_box_SEALBYTES] = '\0';
	sqlite3_reset(st);
	st = db_stmt(ed, "SELECT CASE WHEN json_valid(?1) THEN"
	    " json_type(?1, '$.sheet') = 'text' AND"
	    " json_type(?1, '$.signature') = 'text' ELSE 0 END,"
	    " json_extract(?1, '$.sheet'), json_extract(?1, '$.signature')", err);
	if (st == NULL)
		goto out;
	sqlite3_bind_text(st, 1, (const char *)inner, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW || !sqlite3_column_int(st, 0)) {
		error_set(err, _("%s: the sealed sheet holds no signed sheet"),
		    path);
		goto out;
	}
	*sheet = db_column_dup(st, 1);
	*sig = db_column_dup(st, 2);
	ret = 0;
out:
	if (st != NULL)
		sqlite3_reset(st);
	sodium_memzero(xsk, sizeof xsk);
	if (inner != NULL)
		sodium_memzero(inner, blen - crypto_box_SEALBYTES);
	free(inner);
	free(box);
	return ret;
}

/* The signature: the juror's registered key, over this edition, this
 * juror, this sequence number. */
static int
check_signature(struct edition *ed, const char *path, const char *text,
    const char *sigtext, const struct head *h, struct mw_error *err)
{
	struct public_key pk;
	struct edition_info info;
	char *comment = NULL, v[128], seq[32];
	int ret = -1;

	if (registered_key(ed, h->juror, &pk, err) != 0 ||
	    edition_get_info(ed, &info, err) != 0)
		return -1;
	if (sign_verify_text((const uint8_t *)text, strlen(text), path, sigtext,
	    &pk, &comment, err) != 0)
		goto out;
	snprintf(seq, sizeof seq, "%lld", h->seq);
	if (sign_comment_field(comment, "kind", v, sizeof v) != 0 ||
	    strcmp(v, "sheet") != 0 ||
	    sign_comment_field(comment, "signer", v, sizeof v) != 0 ||
	    strcmp(v, h->juror) != 0 ||
	    sign_comment_field(comment, "edition", v, sizeof v) != 0 ||
	    strcmp(v, info.uuid) != 0 ||
	    sign_comment_field(comment, "seq", v, sizeof v) != 0 ||
	    strcmp(v, seq) != 0) {
		error_set(err, _("%s: the signed comment does not describe this "
		    "sheet (kind, juror, edition or sequence number)"), path);
		goto out;
	}
	ret = 0;
out:
	free(comment);
	return ret;
}

static int
exec1(struct edition *ed, const char *sql, const char *a, const char *b,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/* The sheet's scores, read once into a temporary table keyed like the
 * score table: every check and every change below is then a join, not a
 * walk through the JSON per row.  dossier and criterion are TEXT, like
 * the columns they join, so that the joins use their indexes; a value of
 * another type in the sheet is refused by its t_ column first. */
static const char sql_load[] =
	"DROP TABLE IF EXISTS temp.sheet_score;"
	"CREATE TEMP TABLE sheet_score (n INTEGER PRIMARY KEY, dossier TEXT,"
	" criterion TEXT, value ANY, comment ANY, updated_at ANY,"
	" t_dossier TEXT, t_criterion TEXT, t_value TEXT, t_comment TEXT,"
	" t_updated TEXT);"
	"CREATE INDEX temp.sheet_score_key ON sheet_score(dossier, criterion);";

static const char sql_fill[] =
	"INSERT INTO temp.sheet_score SELECT key,"
	" json_extract(value, '$.dossier'), json_extract(value, '$.criterion'),"
	" json_extract(value, '$.value'), json_extract(value, '$.comment'),"
	" json_extract(value, '$.updated_at'), json_type(value, '$.dossier'),"
	" json_type(value, '$.criterion'), json_type(value, '$.value'),"
	" json_type(value, '$.comment'), json_type(value, '$.updated_at')"
	" FROM json_each(?1, '$.scores')";

/* The first score of the sheet that cannot be kept, if any. */
static const char sql_bad_score[] =
	"SELECT s.n, s.dossier, s.criterion,"
	" CASE"
	"  WHEN s.t_dossier IS NOT 'text' OR s.t_criterion IS NOT 'text'"
	"   OR s.t_value NOT IN ('integer', 'real')"
	"   OR s.t_comment IS NOT 'text' OR s.t_updated IS NOT 'text'"
	"   THEN 'fields'"
	"  WHEN mudawala_clean(s.comment) IS NULL THEN 'utf8'"
	"  WHEN d.id IS NULL OR d.status <> 'admitted' THEN 'dossier'"
	"  WHEN c.id IS NULL THEN 'criterion'"
	"  WHEN s.value < c.scale_min OR s.value > c.scale_max THEN 'scale'"
	"  WHEN " CONFLICT_EXISTS("?1", "d") " THEN 'conflict'"
	" END AS problem"
	" FROM temp.sheet_score s"
	" LEFT JOIN dossier d ON d.id = s.dossier"
	" LEFT JOIN criterion c ON c.id = s.criterion"
	" WHERE problem IS NOT NULL ORDER BY s.n LIMIT 1";

static int
check_scores(struct edition *ed, const char *path, const char *text,
    const char *juror, struct mw_error *err)
{
	sqlite3_stmt *st;
	const char *what;
	int rc;

	if (db_exec(ed, sql_load, err) != 0)
		return -1;
	st = db_stmt(ed, sql_fill, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	st = db_stmt(ed, sql_bad_score, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(ed, rc, err);
	}
	what = (const char *)sqlite3_column_text(st, 3);
	if (strcmp(what, "fields") == 0)
		error_set(err, _("%s: score %d: expected dossier, criterion, "
		    "value, comment and updated_at"), path,
		    sqlite3_column_int(st, 0) + 1);
	else if (strcmp(what, "utf8") == 0)
		error_set(err, _("%s: score %d: the comment is not valid UTF-8"),
		    path, sqlite3_column_int(st, 0) + 1);
	else if (strcmp(what, "dossier") == 0)
		error_set(err, _("%s: score %d: unknown or not admitted dossier "
		    "'%s'"), path, sqlite3_column_int(st, 0) + 1,
		    sqlite3_column_text(st, 1));
	else if (strcmp(what, "criterion") == 0)
		error_set(err, _("%s: score %d: unknown criterion '%s'"), path,
		    sqlite3_column_int(st, 0) + 1, sqlite3_column_text(st, 2));
	else if (strcmp(what, "scale") == 0)
		error_set(err, _("%s: score %d: the value is outside the scale of "
		    "criterion '%s'"), path, sqlite3_column_int(st, 0) + 1,
		    sqlite3_column_text(st, 2));
	else
		error_set(err, _("%s: score %d: juror '%s' is in conflict with "
		    "dossier '%s'"), path, sqlite3_column_int(st, 0) + 1, juror,
		    sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	return -1;
}

/* Each dossier and criterion once; each submission complete, as
 * 'mudawala submit' would have it. */
static const char sql_duplicate[] =
	"SELECT min(n) + 1, dossier, criterion FROM temp.sheet_score"
	" GROUP BY dossier, criterion HAVING count(*) > 1 ORDER BY 1 LIMIT 1";
static const char sql_bad_submission[] =
	"SELECT j.key + 1, json_extract(j.value, '$.dossier'), CASE"
	"  WHEN json_type(j.value, '$.dossier') IS NOT 'text'"
	"   OR json_type(j.value, '$.submitted_at') IS NOT 'text' THEN 'fields'"
	"  WHEN (SELECT count(*) FROM temp.sheet_score s JOIN criterion c"
	"   ON c.id = s.criterion WHERE s.dossier ="
	"   json_extract(j.value, '$.dossier'))"
	"   < (SELECT count(*) FROM criterion) THEN 'partial'"
	" END AS problem FROM json_each(?1, '$.submissions') AS j"
	" WHERE problem IS NOT NULL ORDER BY j.key LIMIT 1";

static int
check_whole(struct edition *ed, const char *path, const char *text,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql_duplicate, err);
	int rc, ret = 0;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		ret = error_set(err, _("%s: score %d: dossier '%s' is scored on "
		    "criterion '%s' more than once"), path,
		    sqlite3_column_int(st, 0), sqlite3_column_text(st, 1),
		    sqlite3_column_text(st, 2));
	else if (rc != SQLITE_DONE)
		ret = db_error(ed, rc, err);
	sqlite3_reset(st);
	if (ret != 0 || (st = db_stmt(ed, sql_bad_submission, err)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 2),
	    "fields") == 0)
		ret = error_set(err, _("%s: submission %d: expected dossier and "
		    "submitted_at, as text"), path, sqlite3_column_int(st, 0));
	else if (rc == SQLITE_ROW)
		ret = error_set(err, _("%s: submission %d: dossier '%s' is "
		    "submitted with criteria left unscored; a submission covers "
		    "every criterion"), path, sqlite3_column_int(st, 0),
		    sqlite3_column_text(st, 1));
	else if (rc != SQLITE_DONE)
		ret = db_error(ed, rc, err);
	sqlite3_reset(st);
	return ret;
}

static int
check_sequence(struct edition *ed, const char *path, const struct head *h,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT seq FROM sheet_import"
	    " WHERE juror_id = ?1", err);
	int rc, ret = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, h->juror, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int64(st, 0) >= h->seq)
		ret = error_set(err, _("%s: sheet %lld of juror '%s' is not newer "
		    "than the one imported (%lld): an old or replayed sheet"),
		    path, h->seq, h->juror,
		    (long long)sqlite3_column_int64(st, 0));
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_error(ed, rc, err);
	sqlite3_reset(st);
	return ret;
}

/* The juror's scores and submissions become the sheet's. */
static int
apply(struct edition *ed, const char *text, const struct head *h,
    const char *actor, const char *digest, struct sheet_result *res,
    struct mw_error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if (exec1(ed, "DELETE FROM submission WHERE juror_id = ?1", h->juror,
	    NULL, err) != 0 ||
	    exec1(ed, "DELETE FROM score WHERE juror_id = ?1 AND NOT EXISTS"
	    " (SELECT 1 FROM temp.sheet_score s WHERE s.dossier ="
	    " score.dossier_id AND s.criterion = score.criterion_id)",
	    h->juror, NULL, err) != 0 ||
	    exec1(ed, "INSERT INTO score (juror_id, dossier_id, criterion_id,"
	    " value, comment, updated_at) SELECT ?1, dossier, criterion, value,"
	    " mudawala_clean(comment), updated_at FROM temp.sheet_score"
	    " WHERE true"
	    " ON CONFLICT DO UPDATE SET value = excluded.value,"
	    " comment = excluded.comment, updated_at = excluded.updated_at"
	    " WHERE (value, comment) IS NOT (excluded.value, excluded.comment)",
	    h->juror, NULL, err) != 0 ||
	    exec1(ed, "INSERT INTO submission (juror_id, dossier_id,"
	    " submitted_at) SELECT ?2, json_extract(value, '$.dossier'),"
	    " json_extract(value, '$.submitted_at')"
	    " FROM json_each(?1, '$.submissions') WHERE true"
	    " ON CONFLICT DO NOTHING", text, h->juror, err) != 0)
		return -1;
	st = db_stmt(ed, "INSERT INTO sheet_import (juror_id, seq, digest,"
	    " imported_at, imported_by) VALUES (?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT DO UPDATE SET seq = excluded.seq,"
	    " digest = excluded.digest, imported_at = excluded.imported_at,"
	    " imported_by = excluded.imported_by", err);
	if (st == NULL)
		return -1;
	db_now(now);
	sqlite3_bind_text(st, 1, h->juror, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, h->seq);
	sqlite3_bind_text(st, 3, digest, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	st = db_stmt(ed, "SELECT (SELECT count(*) FROM score WHERE juror_id ="
	    " ?1), (SELECT count(*) FROM submission WHERE juror_id = ?1)", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, h->juror, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		res->scores = (size_t)sqlite3_column_int64(st, 0);
		res->submissions = (size_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return 0;
}

int
sheet_import(struct edition *ed, const char *actor,
    const struct secret_key *key, const char *path, struct sheet_result *res,
    struct mw_error *err)
{
	struct edition_info info;
	struct strbuf detail = STRBUF_INIT;
	struct head h;
	uint8_t hash[32];
	char digest[65], role[16], *outer, *text = NULL, *sig = NULL;
	size_t len;
	int rc;

	memset(res, 0, sizeof *res);
	if (juror_role(ed, actor, role, err) != 0)
		return -1;
	if (strcmp(role, "chair") != 0)
		return error_set(err, _("only the chair imports score sheets; '%s' "
		    "has the role '%s'"), actor, role);
	outer = slurp(path, &len, err);
	if (outer == NULL)
		return -1;
	if (strlen(outer) != len) {
		free(outer);
		return error_set(err, _("%s: not a score sheet (not JSON, or cut "
		    "short)"), path);
	}
	rc = unseal(ed, path, outer, key, &text, &sig, err);
	free(outer);
	if (rc != 0)
		return -1;
	/* The import is the chair's act, signed with the same key. */
	db_set_signer(ed, actor, key);
	len = strlen(text);
	if (db_begin(ed, err) != 0) {
		free(text);
		free(sig);
		return -1;
	}
	if (edition_get_info(ed, &info, err) != 0)
		goto fail;
	if (!rules_allow(ACT_SCORE, info.phase)) {
		error_set(err, _("scores can change only during the scoring "
		    "phase; the edition is in phase '%s'"), info.phase);
		goto fail;
	}
	if (read_head(ed, path, text, &h, err) != 0 ||
	    check_signature(ed, path, text, sig, &h, err) != 0 ||
	    check_sequence(ed, path, &h, err) != 0 ||
	    check_scores(ed, path, text, h.juror, err) != 0 ||
	    check_whole(ed, path, text, err) != 0)
		goto fail;
	crypto_generichash(hash, sizeof hash, (const uint8_t *)text, len, NULL,
	    0);
	sodium_bin2hex(digest, sizeof digest, hash, sizeof hash);
	if (apply(ed, text, &h, actor, digest, res, err) != 0)
		goto fail;
	snprintf(res->juror, sizeof res->juror, "%s", h.juror);
	res->seq = h.seq;
	strbuf_addf(&detail, "juror=%s seq=%lld scores=%zu submissions=%zu "
	    "sheet=%s", h.juror, h.seq, res->scores, res->submissions, digest);
	rc = db_commit(ed, actor, "sheet-import", strbuf_str(&detail), err);
	strbuf_free(&detail);
	free(text);
	free(sig);
	return rc;
fail:
	db_rollback(ed);
	free(text);
	free(sig);
	return -1;
}
