/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#include "core/audit.h"
#include "core/chain.h"
#include "core/dossier.h"
#include "core/pack.h"
#include "core/registry.h"
#include "core/scoring.h"
#include "core/search.h"
#include "util/i18n.h"
#include "util/strbuf.h"

/* What goes into a pack, from the master attached as m; ?1 is the
 * juror.  The edition is copied in set-up (the criteria's triggers
 * allow them only then) and takes the master's phase at the end. */
static const char sql_fill[] =
	"INSERT INTO main.edition (id, name, year, preset, category_set, phase,"
	"  uuid, created_at) SELECT id, name, year, preset, category_set,"
	"  'setup', uuid, created_at FROM m.edition;"
	"INSERT INTO main.category SELECT * FROM m.category;"
	"INSERT INTO main.criterion SELECT * FROM m.criterion;"
	"INSERT INTO main.prize SELECT * FROM m.prize;"
	"INSERT INTO main.administration SELECT * FROM m.administration;"
	"INSERT INTO main.dossier SELECT * FROM m.dossier;"
	/* The form, the answers and the documents: what a juror reads. */
	"INSERT INTO main.form_field SELECT * FROM m.form_field;"
	"INSERT INTO main.answer SELECT * FROM m.answer;"
	"INSERT INTO main.attachment SELECT * FROM m.attachment;"
	"INSERT INTO main.dossier_attachment SELECT * FROM m.dossier_attachment;"
	"INSERT INTO main.juror SELECT * FROM m.juror;"
	"INSERT INTO main.setting SELECT * FROM m.setting;"
	/* The juror's own conflicts (shown to them, marked), their own
	 * work: nobody else's. */
	"INSERT INTO main.conflict SELECT * FROM m.conflict"
	"  WHERE juror_id = (SELECT juror FROM temp.pack_for);"
	"INSERT INTO main.conflict_origin SELECT o.* FROM m.conflict_origin o"
	"  JOIN main.conflict c ON c.id = o.conflict_id;"
	"INSERT INTO main.score SELECT * FROM m.score"
	"  WHERE juror_id = (SELECT juror FROM temp.pack_for);"
	"INSERT INTO main.submission SELECT * FROM m.submission"
	"  WHERE juror_id = (SELECT juror FROM temp.pack_for);"
	"INSERT INTO main.pack (id, juror_id, master_seq, master_head, made_at,"
	"  made_by) SELECT 1, juror, seq, head, made_at, made_by"
	"  FROM temp.pack_for;"
	"INSERT INTO main.attachment_page SELECT * FROM m.attachment_page;"
	"INSERT INTO main.dossier_search (rowid, folded)"
	"  SELECT d.rowid, " SEARCH_FOLDED_TEXT " FROM main.dossier d;"
	"UPDATE main.edition SET phase = (SELECT phase FROM m.edition);";

bool
pack_held_key(const char *master, const char *juror, char *out, size_t size)
{
	int n = snprintf(out, size, "%s.keys/%s.key", master, juror);

	return n > 0 && (size_t)n < size && access(out, F_OK) == 0;
}

/* Copy the juror's secret key, where the chair holds it, beside the
 * pack; a key the juror made themselves stays theirs. */
static int
copy_key(const char *master, const char *path, const char *juror,
    struct mw_error *err)
{
	char from[4200], dir[4200], to[4300];
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	if (!pack_held_key(master, juror, from, sizeof from))
		return 0;
	f = fopen(from, "r");
	if (f == NULL)
		return 0;
	text = xmalloc(1024);
	len = fread(text, 1, 1023, f);
	fclose(f);
	text[len] = '\0';
	snprintf(dir, sizeof dir, "%s.keys", path);
	snprintf(to, sizeof to, "%s/%s.key", dir, juror);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		ret = error_set(err, _("%s: cannot create (%s)"), dir,
		    error_text(errno));
	else
		ret = key_write_new(to, text, 0600, err);
	sodium_memzero(text, 1024);
	free(text);
	return ret;
}

/* Where the pack's sheets number on from: past the master's log and
 * past every sheet of the juror the master imported. */
static int
master_tip(struct edition *master, const char *juror, sqlite3_int64 *seq,
    uint8_t head[32], struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(master, "SELECT max(a.seq, coalesce((SELECT"
	    " s.seq FROM sheet_import s WHERE s.juror_id = ?1), 0)), a.hash"
	    " FROM audit a ORDER BY a.seq DESC LIMIT 1", err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	*seq = 0;
	memset(head, 0, 32);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == 32)
			memcpy(head, sqlite3_column_blob(st, 1), 32);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    db_error(master, rc, err);
}

/* The checks before anything is written. */
static int
may_pack(struct edition *master, const char *chair, const char *juror,
    struct mw_error *err)
{
	struct edition_info info;
	struct juror who;
	char role[16];
	int ret = 0;

	if (juror_role(master, chair, role, err) != 0)
		return -1;
	if (strcmp(role, "chair") != 0)
		return error_set(err, _("only the chair makes a juror's pack; '%s' "
		    "has the role '%s'"), chair, role);
	if (edition_get_info(master, &info, err) != 0)
		return -1;
	if (strcmp(info.phase, "setup") != 0 && strcmp(info.phase, "scoring") != 0)
		return error_set(err, _("a pack is for the scoring; the edition "
		    "is in phase '%s'"), info.phase);
	if (juror_get(master, juror, &who, err) != 0)
		return -1;
	if (strcmp(who.role, "chair") == 0)
		ret = error_set(err, _("the chair works on the master edition, "
		    "not on a pack"));
	jurors_free_one(&who);
	return ret;
}

/* The pack's contents, in its one transaction, signed by the chair. */
static int
fill(struct edition *p, struct edition *master, const char *chair,
    const char *juror, struct mw_error *err)
{
	sqlite3 *db = db_handle(p);
	sqlite3_stmt *st;
	sqlite3_int64 seq;
	uint8_t head[32];
	char now[32];
	struct strbuf detail = STRBUF_INIT;
	int rc;

	if (master_tip(master, juror, &seq, head, err) != 0)
		return -1;
	rc = sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS m", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, db_path(master), -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK :
		    sqlite3_errcode(db);
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_OK)
		return db_error(p, rc, err);
	if (db_begin(p, err) != 0)
		goto detach;
	db_now(now);
	rc = db_exec(p, "CREATE TEMP TABLE pack_for (juror TEXT, seq INTEGER,"
	    " head BLOB, made_at TEXT, made_by TEXT)", err);
	if (rc == 0 && sqlite3_prepare_v2(db, "INSERT INTO temp.pack_for"
	    " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, seq);
		sqlite3_bind_blob(st, 3, head, 32, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, chair, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(p,
		    sqlite3_errcode(db), err);
		sqlite3_finalize(st);
	} else if (rc == 0)
		rc = db_error(p, sqlite3_errcode(db), err);
	if (rc != 0 || db_exec(p, sql_fill, err) != 0) {
		db_rollback(p);
		goto detach;
	}
	{
		struct edition_info info;

		if (edition_get_info(master, &info, err) != 0) {
			db_rollback(p);
			goto detach;
		}
		strbuf_addf(&detail, "for=%s master=%s master-seq=%lld", juror,
		    info.uuid, (long long)seq);
	}
	rc = db_commit(p, chair, "pack", strbuf_str(&detail), err);
	strbuf_free(&detail);
	db_exec(p, "DETACH DATABASE m", NULL);
	return rc;
detach:
	db_exec(p, "DETACH DATABASE m", NULL);
	return -1;
}

int
pack_write(struct edition *master, const char *chair,
    const struct secret_key *key, const char *juror, const char *path,
    bool with_key, struct mw_error *err)
{
	struct strbuf detail = STRBUF_INIT;
	struct edition *p;
	bool is_pack = false;
	int rc;

	if (may_pack(master, chair, juror, err) != 0 ||
	    db_check_whole(master, err) != 0 ||
	    pack_check(master, NULL, &is_pack, err) != 0)
		return -1;
	if (is_pack)
		return error_set(err, _("%s is itself a pack; a pack is made from "
		    "the master edition"), db_path(master));
	/* The master records that the chair issued it: its sheets number on
	 * from this row. */
	db_set_signer(master, chair, key);
	strbuf_addf(&detail, "for=%s file=%s", juror, path);
	if (db_begin(master, err) != 0 ||
	    db_commit(master, chair, "pack", strbuf_str(&detail), err) != 0) {
		strbuf_free(&detail);
		return -1;
	}
	strbuf_free(&detail);
	if (db_create(path, &p, err) != 0)
		return -1;
	db_set_signer(p, chair, key);
	if (fill(p, master, chair, juror, err) != 0) {
		db_close(p);
		return -1;
	}
	if (db_publish(p, err) != 0)
		return -1;
	rc = with_key ? copy_key(db_path(master), path, juror, err) : 0;
	if (rc != 0)
		unlink(path);
	return rc;
}

int
pack_check(struct edition *ed, const struct public_key *anchor,
    bool *is_pack, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT a.seq, a.at, a.actor, a.action,"
	    " a.detail, a.state, a.prev, a.hash, a.keys, a.signature, p.made_by,"
	    " a.digests FROM pack p LEFT JOIN audit a ON a.seq = 1", err);
	struct registry reg = { NULL, 0 };
	const struct member_key *chair;
	uint8_t h[CHAIN_HASH_BYTES], msg[CHAIN_SIGN_BYTES];
	const void *digests;
	size_t len;
	int rc, ret = -1;

	*is_pack = false;
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
	}
	*is_pack = true;
	if (sqlite3_column_type(st, 0) == SQLITE_NULL ||
	    sqlite3_column_bytes(st, 5) != 32 ||
	    sqlite3_column_bytes(st, 6) != 32 ||
	    sqlite3_column_bytes(st, 7) != 32 ||
	    sqlite3_column_bytes(st, 9) != 64 ||
	    sqlite3_column_type(st, 8) != SQLITE_TEXT ||
	    registry_parse(&reg, (const char *)sqlite3_column_text(st, 8)) != 0 ||
	    (chair = registry_chair(&reg)) == NULL || !chair->has_key ||
	    strcmp(chair->id, (const char *)sqlite3_column_text(st, 2)) != 0) {
		error_set(err, _("%s: a pack whose first row is not the chair's "
		    "signed act: it was not made by mudawala pack"), db_path(ed));
		goto out;
	}
	/* A pack made before file format 11 has no digests in its rows. */
	digests = chain_digests_column(st, 11, &len);
	chain_row_hash3(h, sqlite3_column_blob(st, 6), 1,
	    (const char *)sqlite3_column_text(st, 1),
	    (const char *)sqlite3_column_text(st, 2),
	    (const char *)sqlite3_column_text(st, 3),
	    (const char *)sqlite3_column_text(st, 4),
	    sqlite3_column_blob(st, 5), (const char *)sqlite3_column_text(st, 8),
	    digests, len);
	chain_sign_message(msg, h);
	if (memcmp(h, sqlite3_column_blob(st, 7), 32) != 0 ||
	    crypto_sign_verify_detached(sqlite3_column_blob(st, 9), msg,
	    sizeof msg, chair->pk) != 0) {
		error_set(err, _("%s: the pack is not signed by the chair it "
		    "names: it was forged or changed"), db_path(ed));
		goto out;
	}
	if (anchor != NULL && (memcmp(anchor->pk, chair->pk, 32) != 0 ||
	    memcmp(anchor->id, chair->key_id, 8) != 0)) {
		char a[17], b[17];

		key_id_text(anchor->id, a);
		key_id_text(chair->key_id, b);
		error_set(err, _("%s: the pack is signed by the key %s, not by the "
		    "chair's published key %s"), db_path(ed), b, a);
		goto out;
	}
	ret = 0;
out:
	sqlite3_reset(st);
	registry_free(&reg);
	return ret;
}
