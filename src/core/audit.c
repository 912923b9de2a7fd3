/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/audit.h"
#include "core/seal.h"
#include "core/chain.h"
#include "core/filecheck.h"
#include "core/keys.h"
#include "core/registry.h"
#include "core/sign.h"
#include "core/schema.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static const char *const names[] = {
	"seq", "at", "actor", "action", "detail", "hash",
};
const struct columns audit_columns = { names, 6 };

int
audit_list(struct edition *ed, const char *viewer, const char *hidden,
    row_fn fn, void *ctx, struct mw_error *err)
{
	/* The blind rule: before the deliberation, the values of a score are
	 * shown to the member who gave them and to nobody else. */
	sqlite3_stmt *st = db_stmt(ed, "SELECT seq, at, actor, action, d,"
	    " lower(hex(hash)), json_object('seq', seq, 'at', at, 'actor', actor,"
	    " 'action', action, 'detail', d, 'hash', lower(hex(hash)))"
	    " FROM (SELECT *, CASE WHEN action IN ('score', 'sheet-import')"
	    "  AND actor IS NOT ?1 AND (SELECT phase FROM edition)"
	    "  IN ('setup', 'scoring') THEN ?2 ELSE detail END AS d FROM audit)"
	    " ORDER BY seq", err);
	const char *cells[6];
	int rc, i;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, viewer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hidden, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 6; i++)
			cells[i] = (const char *)sqlite3_column_text(st, i);
		if (fn(ctx, cells, 6, (const char *)sqlite3_column_text(st, 6),
		    err) != 0) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

static const uint8_t *
blob32(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) != SQLITE_BLOB ||
	    sqlite3_column_bytes(st, col) != CHAIN_HASH_BYTES)
		return NULL;
	return sqlite3_column_blob(st, col);
}

static const char *
text(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return s != NULL ? s : "";
}

/* The walk's state: the registry the chain has built so far, the acts
 * each member signed, the lock's row. */
struct walk {
	struct edition *ed;
	struct audit_report *rep;
	struct registry reg;
	const struct public_key *anchor;
	int64_t lock_row;       /* the lock's audit row, 0 if not locked */
	bool seen_v1, seen_v2, signed_seen;
	bool seen_digests;      /* a row of file format 11 on */
	uint8_t prev_state[CHAIN_HASH_BYTES];
	char chair_key[64];     /* the chair's key line when it first signed */
};

void
audit_report_free(struct audit_report *rep)
{
	free(rep->signers);
	rep->signers = NULL;
	rep->nsigners = 0;
}

static void
count_act(struct audit_report *rep, const char *id)
{
	size_t i;

	for (i = 0; i < rep->nsigners; i++)
		if (strcmp(rep->signers[i].id, id) == 0) {
			rep->signers[i].acts++;
			return;
		}
	rep->signers = xrealloc(rep->signers,
	    (rep->nsigners + 1) * sizeof *rep->signers);
	snprintf(rep->signers[rep->nsigners].id, sizeof rep->signers[0].id,
	    "%s", id);
	rep->signers[rep->nsigners].acts = 1;
	rep->nsigners++;
}

/* The row of the lock: the one after the row the seal names. */
static int
lock_row(struct edition *ed, int64_t *out, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT audit_seq + 1 FROM seal", err);
	int rc;

	*out = 0;
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/*
 * Whether an unsigned migrate row changed no edition data: its state is
 * the previous one plus the empty digests of the tables its formats
 * added (the detail says "file format A -> B"), and nothing else.
 */
static bool
migration_only(struct walk *w, const char *detail, const uint8_t *state,
    const char *keys)
{
	uint8_t want[CHAIN_HASH_BYTES], zero[CHAIN_HASH_BYTES] = { 0 };
	struct mw_error err = { 0 };
	sqlite3_stmt *st;
	int from, to;
	size_t i;

	if (keys != NULL || sscanf(detail, "file format %d -> %d", &from,
	    &to) != 2 || from < 0 || to <= from)
		return false;
	memcpy(want, w->prev_state, sizeof want);
	st = db_stmt(w->ed, "SELECT mudawala_row('digest', ?1, ?2)", &err);
	if (st == NULL)
		return false;
	for (i = 0; i < schema_naudited; i++) {
		if (schema_audited[i].since < from || schema_audited[i].since >= to)
			continue;
		sqlite3_bind_text(st, 1, schema_audited[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 2, zero, sizeof zero, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW || blob32(st, 0) == NULL) {
			sqlite3_reset(st);
			return false;
		}
		chain_digest_combine(want, blob32(st, 0), 1);
		sqlite3_reset(st);
	}
	return memcmp(want, state, sizeof want) == 0;
}

/* An unsigned row of format 2. */
static int
unsigned_row(struct walk *w, int64_t seq, const char *actor,
    const char *action, const char *detail, const uint8_t *state,
    const char *keys, struct mw_error *err)
{
	const struct member_key *chair = registry_chair(&w->reg);
	bool migrate = strcmp(actor, "mudawala") == 0 &&
	    strcmp(action, "migrate") == 0;

	w->rep->unsigned_rows++;
	/* Once the chair has a key, every act is signed: a row left
	 * unsigned after that had its signature stripped; a migration may
	 * only add the empty tables of its format. */
	if (!w->signed_seen && chair != NULL && chair->has_key && !migrate)
		return error_set(err, _("audit row %lld (%s by '%s') carries no "
		    "signature, though the chair had a registered key before it: "
		    "its signature was removed"), (long long)seq, action, actor);
	if (!w->signed_seen && chair != NULL && chair->has_key &&
	    !migration_only(w, detail, state, keys))
		return error_set(err, _("audit row %lld: a migration that changes "
		    "the edition's data, unsigned: the row was forged"),
		    (long long)seq);
	if (!w->signed_seen) {
		/* The set-up before the chair signs: the chair's first signed
		 * act vouches for it. */
		w->rep->last_unsigned_setup = seq;
		if (keys != NULL && registry_parse(&w->reg, keys) != 0)
			return error_set(err, _("audit row %lld: its list of the "
			    "commission's keys is malformed"), (long long)seq);
		return 0;
	}
	/* After it, only a migration that changes no edition data. */
	if (migrate && migration_only(w, detail, state, keys))
		return 0;
	return error_set(err, _("audit row %lld (%s by '%s') carries no "
	    "signature, though every act since row %lld is signed: the row "
	    "was forged"), (long long)seq, action, actor,
	    (long long)w->rep->first_signed);
}

/* A signed row: the actor's key as registered before it. */
static int
signed_row(struct walk *w, int64_t seq, const char *actor,
    const char *action, const uint8_t hash[CHAIN_HASH_BYTES],
    const void *sig, const char *keys, struct mw_error *err)
{
	const struct member_key *m = registry_find(&w->reg, actor);
	struct member_key self;
	uint8_t msg[CHAIN_SIGN_BYTES];
	char id[17];

	/* The first signed act may register its own signer as the chair
	 * (a pack): vouched for by that key alone, as -p tells. */
	if ((m == NULL || !m->has_key) && !w->signed_seen && keys != NULL &&
	    registry_chair(&w->reg) == NULL) {
		struct registry boot = { NULL, 0 };
		const struct member_key *b;

		if (registry_parse(&boot, keys) == 0 &&
		    (b = registry_find(&boot, actor)) != NULL && b->has_key &&
		    strcmp(b->role, "chair") == 0) {
			self = *b;
			m = &self;
		}
		registry_free(&boot);
	}
	if (m == NULL || !m->has_key)
		return error_set(err, _("audit row %lld (%s) is signed as '%s', "
		    "who has no key registered by the chair: the row was forged"),
		    (long long)seq, action, actor);
	key_id_text(m->key_id, id);
	if (!w->signed_seen && strcmp(m->role, "chair") != 0)
		return error_set(err, _("audit row %lld: the first signed act is "
		    "by '%s', not by the chair: the set-up is vouched for by "
		    "nobody"), (long long)seq, actor);
	chain_sign_message(msg, hash);
	if (crypto_sign_verify_detached(sig, msg, sizeof msg, m->pk) != 0)
		return error_set(err, _("audit row %lld (%s): the signature is "
		    "not by the key of '%s' (%s): the row was forged or "
		    "rewritten"), (long long)seq, action, actor, id);
	if (w->lock_row > 0 && seq > w->lock_row)
		return error_set(err, _("audit row %lld (%s by '%s') was appended "
		    "after the lock (row %lld): a locked edition takes no act"),
		    (long long)seq, action, actor, (long long)w->lock_row);
	if (!w->signed_seen) {
		w->signed_seen = true;
		w->rep->first_signed = seq;
		snprintf(w->rep->chair, sizeof w->rep->chair, "%s", actor);
		snprintf(w->rep->chair_key, sizeof w->rep->chair_key, "%s", id);
		snprintf(w->chair_key, sizeof w->chair_key, "%s", m->line);
	}
	count_act(w->rep, actor);
	if (keys == NULL)
		return 0;
	if (strcmp(m->role, "chair") != 0)
		return error_set(err, _("audit row %lld changes the commission's "
		    "keys, roles or voting rights, but is signed by '%s', who is "
		    "not the chair: the row was forged"), (long long)seq, actor);
	if (registry_parse(&w->reg, keys) != 0)
		return error_set(err, _("audit row %lld: its list of the "
		    "commission's keys is malformed"), (long long)seq);
	return 0;
}

static int
walk_row(struct walk *w, sqlite3_stmt *st, const uint8_t prev[32],
    uint8_t h[32], struct mw_error *err)
{
	int64_t seq = sqlite3_column_int64(st, 0);
	const uint8_t *s = blob32(st, 5), *hash = blob32(st, 7);
	int v = sqlite3_column_int(st, 8);
	const char *keys = (const char *)sqlite3_column_text(st, 9);
	const void *sig = sqlite3_column_blob(st, 10);

	if (v == 2 && w->seen_v1 && !w->seen_v2 &&
	    (strcmp(text(st, 2), "mudawala") != 0 ||
	    strcmp(text(st, 3), "migrate") != 0))
		return error_set(err, _("audit row %lld follows rows of an older "
		    "format but is not the upgrade that ends them: the log was "
		    "rewritten"), (long long)seq);
	if (v == 1) {
		w->seen_v1 = true;
		if (w->seen_v2)
			return error_set(err, _("audit row %lld is written in the "
			    "format of an older mudawala, after rows of this one: "
			    "the row was forged"), (long long)seq);
		chain_row_hash(h, prev, seq, text(st, 1), text(st, 2),
		    text(st, 3), text(st, 4), s);
	} else {
		size_t len;
		const void *digests = chain_digests_column(st, 11, &len);

		if (w->seen_digests && digests == NULL)
			return error_set(err, _("audit row %lld is written in the "
			    "format of an older mudawala, after rows of this one: "
			    "the row was forged"), (long long)seq);
		w->seen_v2 = true;
		w->seen_digests = digests != NULL;
		chain_row_hash3(h, prev, seq, text(st, 1), text(st, 2),
		    text(st, 3), text(st, 4), s, keys, digests, len);
	}
	if (memcmp(h, hash, CHAIN_HASH_BYTES) != 0)
		return error_set(err, _("audit row %lld: its content does not "
		    "match its hash (the row was edited)"), (long long)seq);
	if (v == 1) {
		w->rep->unsigned_rows++;
		return 0;
	}
	if (sig == NULL)
		return unsigned_row(w, seq, text(st, 2), text(st, 3), text(st, 4),
		    s, keys, err);
	if (sqlite3_column_bytes(st, 10) != 64)
		return error_set(err, _("audit row %lld: malformed signature"),
		    (long long)seq);
	return signed_row(w, seq, text(st, 2), text(st, 3), h, sig, keys, err);
}

static int
walk_chain(struct edition *ed, struct walk *w, uint8_t state[CHAIN_HASH_BYTES],
    struct mw_error *err)
{
	struct audit_report *rep = w->rep;
	uint8_t prev[CHAIN_HASH_BYTES] = { 0 }, h[CHAIN_HASH_BYTES];
	sqlite3_stmt *st = db_stmt(ed, "SELECT seq, at, actor, action, detail,"
	    " state, prev, hash, v, keys, signature, digests FROM audit"
	    " ORDER BY seq",
	    err);
	int64_t expect = 1;
	int rc;

	if (st == NULL || lock_row(ed, &w->lock_row, err) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		const uint8_t *s = blob32(st, 5), *p = blob32(st, 6),
		    *hash = blob32(st, 7);

		if (seq != expect) {
			sqlite3_reset(st);
			if (expect == 1)
				return error_set(err, _("audit row %lld: the log "
				    "does not start at row 1"), (long long)seq);
			return error_set(err, _("audit row %lld: missing (row %lld "
			    "is followed by row %lld)"), (long long)expect,
			    (long long)expect - 1, (long long)seq);
		}
		if (s == NULL || p == NULL || hash == NULL) {
			sqlite3_reset(st);
			return error_set(err, _("audit row %lld: malformed hash "
			    "columns"), (long long)seq);
		}
		if (memcmp(p, prev, sizeof prev) != 0) {
			sqlite3_reset(st);
			return error_set(err, _("audit row %lld: does not follow "
			    "row %lld (previous hash differs)"), (long long)seq,
			    (long long)seq - 1);
		}
		if (walk_row(w, st, prev, h, err) != 0) {
			sqlite3_reset(st);
			return -1;
		}
		memcpy(prev, hash, sizeof prev);
		memcpy(state, s, CHAIN_HASH_BYTES);
		memcpy(w->prev_state, s, CHAIN_HASH_BYTES);
		rep->rows = seq;
		expect++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	/* A file this program reads was upgraded, with a row that says so,
	 * after any row of an older format. */
	if (w->seen_v1 && !w->seen_v2)
		return error_set(err, _("the audit log is written in the format of "
		    "an older mudawala throughout, in a file of the current "
		    "format: the log was rewritten"));
	if (rep->rows > 0)
		chain_hex(rep->head, prev, sizeof prev);
	return 0;
}

/* The juror table must hold exactly the registry the chain ends with:
 * a key, role or voting right changed outside the chair's signed acts
 * is named. */
static int
check_registry(struct edition *ed, const struct walk *w, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT id, role, voting, public_key"
	    " FROM juror ORDER BY id", err);
	size_t n = 0;
	int rc, ret = 0;

	if (st == NULL)
		return -1;
	if (!w->seen_v2)
		return 0;
	while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = text(st, 0);
		const struct member_key *m = registry_find(&w->reg, id);

		n++;
		if (m == NULL)
			ret = error_set(err, _("member '%s' is in the file but was "
			    "never registered by the chair: the file was changed "
			    "outside mudawala"), id);
		else if (strcmp(m->line, text(st, 3)) != 0)
			ret = error_set(err, _("the public key of '%s' in the file "
			    "is not the one the chair registered: the key was "
			    "replaced outside mudawala"), id);
		else if (strcmp(m->role, text(st, 1)) != 0 ||
		    m->voting != sqlite3_column_int(st, 2))
			ret = error_set(err, _("the role or voting right of '%s' in "
			    "the file is not what the chair registered: the file "
			    "was changed outside mudawala"), id);
	}
	sqlite3_reset(st);
	if (ret == 0 && n != w->reg.n)
		ret = error_set(err, _("a member the chair registered is missing "
		    "from the file: the file was changed outside mudawala"));
	return ret;
}

/* The published key of the chair (-p) against the key that signed
 * first. */
static int
check_anchor(const struct walk *w, struct mw_error *err)
{
	const struct member_key *chair = registry_chair(&w->reg);
	uint8_t id[8], pk[32];
	char shown[17];

	if (w->anchor == NULL)
		return 0;
	key_id_text(w->anchor->id, shown);
	if (w->rep->first_signed == 0)
		return error_set(err, _("no act in this file is signed, so "
		    "nothing in it can be checked against the published key %s"),
		    shown);
	if (key_public_parse(w->chair_key, id, pk) != 0 ||
	    memcmp(pk, w->anchor->pk, sizeof pk) != 0 ||
	    memcmp(id, w->anchor->id, sizeof id) != 0)
		return error_set(err, _("the chair's key in this file (%s) is not "
		    "the published key %s: the file was not made by the "
		    "commission that published it"), w->rep->chair_key, shown);
	w->rep->anchored = true;
	w->rep->chair_key_changed = chair == NULL ||
	    strcmp(chair->line, w->chair_key) != 0;
	return 0;
}

int
audit_table_digest(struct edition *ed, const struct audited_table *t,
    uint8_t out[CHAIN_HASH_BYTES], struct mw_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc;

	strbuf_adds(&sql, "SELECT ");
	schema_row_expr(&sql, t, "");
	strbuf_addf(&sql, " FROM %s", t->name);
	rc = sqlite3_prepare_v2(db_handle(ed), strbuf_str(&sql), -1, &st, NULL);
	strbuf_free(&sql);
	if (rc != SQLITE_OK)
		return db_error(ed, rc, err);
	memset(out, 0, CHAIN_HASH_BYTES);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *row = (const char *)sqlite3_column_text(st, 0);
		uint8_t h[CHAIN_HASH_BYTES];

		if (row == NULL) {      /* the row's text: out of memory */
			rc = SQLITE_NOMEM;
			break;
		}
		chain_content_hash(h, t->name, row,
		    (size_t)sqlite3_column_bytes(st, 0));
		chain_digest_combine(out, h, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/* Recompute each audited table's digest from its rows; compare with the
 * digests the last audit rows carry (to name the tables) and with the
 * state the last audit row recorded (which the chain vouches for). */
static int
check_contents(struct edition *ed, const uint8_t state[CHAIN_HASH_BYTES],
    struct mw_error *err)
{
	uint8_t combined[CHAIN_HASH_BYTES] = { 0 }, d[CHAIN_HASH_BYTES];
	uint8_t term[CHAIN_HASH_BYTES];
	struct strbuf bad = STRBUF_INIT;
	unsigned long nbad = 0;
	size_t i;
	int ret = 0;

	/* What the last rows of the log say each table holds. */
	if (db_digests(ed, err) != 0)
		return -1;
	for (i = 0; i < schema_naudited; i++) {
		const char *name = schema_audited[i].name;

		if (audit_table_digest(ed, &schema_audited[i], d, err) != 0) {
			strbuf_free(&bad);
			return -1;
		}
		if (memcmp(db_digest_of(ed, i), d, sizeof d) != 0) {
			strbuf_addf(&bad, "%s%s", nbad ? ", " : "", name);
			nbad++;
		}
		chain_digest_term(term, name, d);
		chain_digest_combine(combined, term, 1);
	}
	if (nbad > 0)
		ret = error_set(err, ngettext("the contents of table %s do not "
		    "match the audit log: the file was changed outside mudawala",
		    "the contents of tables %s do not match the audit log: the "
		    "file was changed outside mudawala", nbad), strbuf_str(&bad));
	else if (memcmp(combined, state, sizeof combined) != 0)
		ret = error_set(err, _("the contents of the edition do not match "
		    "the state recorded by the last audit row: the file was "
		    "changed outside mudawala"));
	strbuf_free(&bad);
	return ret;
}

/*
 * The documents of the dossiers: the audit digests hold each one's hash,
 * size and type, not its bytes; the bytes must hash to the hash.  The
 * first that does not is named by a dossier and a name it came with.
 */
static int
check_attachments(struct edition *ed, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT a.hash, a.content,"
	    " (SELECT dossier_id || '/' || name FROM dossier_attachment"
	    "  WHERE hash = a.hash ORDER BY dossier_id, name LIMIT 1)"
	    " FROM attachment a", err);
	int rc, ret = 0;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint8_t h[CHAIN_HASH_BYTES];
		const void *content = sqlite3_column_blob(st, 1);
		const uint8_t *kept = blob32(st, 0);

		crypto_generichash(h, sizeof h, content,
		    (unsigned long long)sqlite3_column_bytes(st, 1), NULL, 0);
		if (kept == NULL || memcmp(kept, h, sizeof h) != 0) {
			const unsigned char *where = sqlite3_column_text(st, 2);

			ret = error_set(err, _("the document %s does not match "
			    "its hash: the file was changed outside mudawala"),
			    where != NULL ? (const char *)where : "?");
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_error(ed, rc, err);
	sqlite3_reset(st);
	return ret;
}

int
audit_check_file(struct edition *ed, struct mw_error *err)
{
	return file_check_finish(ed, file_check_start(ed), err);
}

int
audit_verify(struct edition *ed, const struct public_key *anchor,
    struct audit_report *rep, struct mw_error *err)
{
	uint8_t state[CHAIN_HASH_BYTES] = { 0 };
	struct walk w = { .ed = ed, .rep = rep, .anchor = anchor };
	int ret = -1;

	struct file_check *file;
	struct mw_error why = { 0 };
	int chain;

	memset(rep, 0, sizeof *rep);
	/* The file's structure in a thread, the contents here; a damaged
	 * file is reported as such, whatever else failed because of it. */
	file = file_check_start(ed);
	chain = walk_chain(ed, &w, state, &why) == 0 &&
	    check_registry(ed, &w, &why) == 0 &&
	    check_contents(ed, state, &why) == 0 &&
	    check_attachments(ed, &why) == 0 ? 0 : -1;
	if (file_check_finish(ed, file, err) == 0) {
		if (chain != 0)
			*err = why;
		else if (seal_verify(ed, &rep->locked, err) == 0 &&
		    db_schema_check(ed, err) == 0 &&
		    check_anchor(&w, err) == 0)
			ret = 0;
	}
	registry_free(&w.reg);
	return ret;
}
