/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A member's key as the edition registers it: unlocking a key file and
 * checking it is the one registered for the member, whether an act must
 * be signed, the public key file to publish.  Apart from keys.c, which
 * knows keys and files only, so that the edition file (db.c) can sign
 * with a key without keys depending on the edition.
 */
#include <config.h>

#include <string.h>

#include "core/keys.h"
#include "core/memberkey.h"
#include "util/i18n.h"
#include "util/strbuf.h"

int
key_unlock_identity(struct edition *ed, const char *juror, const char *path,
    const char *passphrase, struct secret_key **out, struct mw_error *err)
{
	struct secret_key *key;
	char line[64];
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	st = db_stmt(ed, "SELECT public_key FROM juror WHERE id = ?1", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? error_set(err, _("unknown juror '%s'"),
		    juror) : db_error(ed, rc, err);
	}
	if (sqlite3_column_bytes(st, 0) == 0) {
		sqlite3_reset(st);
		return error_set(err, _("no public key is registered for '%s'; "
		    "the chair registers one (mudawala keygen, then the "
		    "public_key column of mudawala import jurors)"), juror);
	}
	if (key_unlock(path, passphrase, &key, err) != 0) {
		sqlite3_reset(st);
		return -1;
	}
	key_public_line(key, line);
	if (strcmp(line, (const char *)sqlite3_column_text(st, 0)) != 0) {
		sqlite3_reset(st);
		key_free(key);
		return error_set(err, _("%s is not the key registered for '%s'"),
		    path, juror);
	}
	sqlite3_reset(st);
	*out = key;
	return 0;
}

int
key_check_identity(struct edition *ed, const char *juror, const char *path,
    const char *passphrase, struct mw_error *err)
{
	struct secret_key *key;

	if (key_unlock_identity(ed, juror, path, passphrase, &key, err) != 0)
		return -1;
	key_free(key);
	return 0;
}

int
key_needed(struct edition *ed, const char *juror, bool *needed,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT EXISTS (SELECT 1 FROM juror"
	    " WHERE public_key <> '' AND (role = 'chair' OR id = ?1))"
	    " OR EXISTS (SELECT 1 FROM audit WHERE signature IS NOT NULL)", err);
	int rc;

	*needed = true;
	if (st == NULL)
		return -1;
	if (juror != NULL)
		sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*needed = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_error(ed, rc, err);
}

char *
key_public_text(struct edition *ed, const char *juror, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT public_key, name, role FROM juror"
	    " WHERE id = ?1", err);
	struct strbuf sb = STRBUF_INIT;
	uint8_t id[8], pk[32];
	char shown[17];
	int rc;

	if (st == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			error_set(err, _("unknown juror '%s'"), juror);
		else
			db_error(ed, rc, err);
		return NULL;
	}
	if (key_public_parse((const char *)sqlite3_column_text(st, 0), id,
	    pk) != 0) {
		sqlite3_reset(st);
		error_set(err, _("no public key is registered for '%s'; the chair "
		    "registers one (mudawala keygen, then the public_key column of "
		    "mudawala import jurors)"), juror);
		return NULL;
	}
	key_id_text(id, shown);
	/* minisign's first line is free text: who, for people to read. */
	strbuf_addf(&sb, "untrusted comment: mudawala public key %s of %s (%s, "
	    "%s)\n%s\n", shown, (const char *)sqlite3_column_text(st, 1), juror,
	    (const char *)sqlite3_column_text(st, 2),
	    (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return strbuf_detach(&sb);
}
