/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/demo.h"
#include "core/demodocs.h"
#include "core/import.h"
#include "core/keys.h"
#include "core/preset.h"
#include "core/scoring.h"
#include "core/search.h"
#include "util/i18n.h"
#include "util/strbuf.h"

/* A fixed pseudo-random sequence (splitmix64): the same demo every time. */
static uint64_t
next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform integer in [lo, hi]. */
static int
random_between(uint64_t *state, int lo, int hi)
{
	return lo + (int)(next_random(state) % (uint64_t)(hi - lo + 1));
}

static int
step_done(struct edition *ed, sqlite3_stmt *st, struct mw_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

static const char sql_insert_score[] =
	"INSERT INTO score (juror_id, dossier_id, criterion_id, value, comment,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_insert_submission[] =
	"INSERT INTO submission (juror_id, dossier_id, submitted_at)"
	" VALUES (?1, ?2, ?3)";

static int
insert_score(struct edition *ed, const char *juror, const char *dossier,
    const char *criterion, int value, const char *comment, const char *at,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql_insert_score, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, criterion, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, value < 0 ? 0 : value > 20 ? 20 : value);
	sqlite3_bind_text(st, 5, comment, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
	return step_done(ed, st, err);
}

static int
insert_submission(struct edition *ed, const char *juror, const char *dossier,
    const char *at, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql_insert_submission, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	return step_done(ed, st, err);
}

static const char *const criteria[] = {
	"interet-general", "qualite", "rendement", "realisation",
};

/* The demo's commission: voting members with their habits (a lenient
 * juror scores higher, a strict one lower). */
static const struct {
	const char *id;
	int bias;
} voters[] = {
	{ "chair", 0 }, { "hg", -2 }, { "mic", 1 }, { "apebi", -1 },
	{ "misoc", 2 },
};

/* Winners of e-mtiaz 2019 (seeds/001): excellence, then encouragement. */
static const char *const excellence[] = { "D01", "D13", "D21", "D30" };
static const char *const encouragement[] = { "D02", "D14", "D22", "D31" };
/* Left unscored, so that the ranking shows what is still missing. */
static const char *const unscored[] = { "D12", "D20", "D29", "D35" };

static bool
listed(const char *id, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(id, list[i]) == 0)
			return true;
	return false;
}

/* The scores of one member (only), drawn from the same sequence
 * whoever it is, so that each member's scores are theirs alone to sign
 * and the demo stays the same. */
static int
demo_scores(struct edition *ed, const char *only, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT id FROM dossier ORDER BY id",
	    err);
	uint64_t rnd = 2019;
	char at[32];
	char **ids = NULL;
	size_t n = 0, i, j, c;
	int ret = 0;

	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		ids[n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	db_now(at);
	for (i = 0; i < n && ret == 0; i++) {
		const char *d = ids[i];
		int quality, spread = 2;

		if (listed(d, unscored, 4))
			continue;
		if (listed(d, excellence, 4))
			quality = 17, spread = 1;
		else if (listed(d, encouragement, 4))
			quality = 15, spread = 1;
		else
			quality = random_between(&rnd, 7, 13);
		for (j = 0; j < 5 && ret == 0; j++) {
			const char *juror = voters[j].id;
			bool draft = strcmp(d, "D11") == 0 && j >= 3;

			/* One member has not yet looked at D10. */
			if (strcmp(d, "D10") == 0 && strcmp(juror, "misoc") == 0)
				continue;
			for (c = 0; c < 4 && ret == 0; c++) {
				const char *comment = "";

				if (listed(d, excellence, 4) && c == 1 && j == 0)
					comment = "Service exemplaire, très apprécié des "
					    "usagers.";
				int v = quality + voters[j].bias +
				    random_between(&rnd, -spread, spread);

				if (strcmp(juror, only) == 0)
					ret = insert_score(ed, juror, d, criteria[c], v,
					    comment, at, err);
			}
			if (ret == 0 && !draft && strcmp(juror, only) == 0)
				ret = insert_submission(ed, juror, d, at, err);
		}
		/* The invited experts advise on the first dossiers; their scores
		 * never count in a ranking. */
		for (j = 0; j < 2 && ret == 0 && i < 5; j++)
			for (c = 0; c < 4 && ret == 0; c++) {
				const char *expert = j == 0 ? "expert1" : "expert2";
				int v = quality + random_between(&rnd, -3, 3);

				if (strcmp(expert, only) == 0)
					ret = insert_score(ed, expert, d, criteria[c], v,
					    c == 0 ? "Avis consultatif." : "", at, err);
			}
	}
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return ret;
}

static int
data_file(char *buf, size_t size, const char *name, struct mw_error *err)
{
	int n = snprintf(buf, size, "%s/demo/%s", preset_datadir(), name);

	if (n < 0 || (size_t)n >= size)
		return error_set(err, _("data path too long"));
	return 0;
}

static int
create_from_preset(const char *path, const char *name, struct edition **ed,
    struct mw_error *err)
{
	struct init_options opt = { .preset = "emtiaz", .category_set = "2019",
		.name = name, .year = 2019, .actor = "demo" };

	if (db_create(path, ed, err) != 0)
		return -1;
	if (db_begin(*ed, err) != 0 || preset_apply(*ed, &opt, err) != 0 ||
	    db_commit(*ed, "demo", "init",
	    "preset=emtiaz categories=2019 year=2019", err) != 0) {
		db_close(*ed);
		*ed = NULL;
		return -1;
	}
	return 0;
}

/* The demo commission's keys: passphrase "demo" for everyone (README.md
 * says so), with scrypt at its minimum: the passphrase is public, so work
 * spent protecting it would only slow the demo down. */
#define DEMO_PASSPHRASE "demo"

struct demo_key {
	char id[65];
	char *sec;
};

/* Keys for the first `most` jurors in id order. */
static int
demo_keys(struct edition *ed, size_t most, struct demo_key **keys, size_t *n,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT id FROM juror ORDER BY id", err);
	int rc = SQLITE_DONE;

	*keys = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while (*n < most && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*keys = xrealloc(*keys, (*n + 1) * sizeof **keys);
		snprintf((*keys)[*n].id, sizeof (*keys)[*n].id, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		(*keys)[*n].sec = NULL;
		(*n)++;
	}
	if (*n == most)         /* stopped on purpose, not at the end */
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	for (size_t i = 0; i < *n; i++) {
		char *pub, *line;

		if (key_generate(DEMO_PASSPHRASE,
		    crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN,
		    crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN,
		    "mudawala demo", &pub, &(*keys)[i].sec, err) != 0)
			return -1;
		line = strchr(pub, '\n') + 1;
		line[strcspn(line, "\n")] = '\0';
		st = db_stmt(ed, "UPDATE juror SET public_key = ?1 WHERE id = ?2",
		    err);
		if (st == NULL) {
			key_text_free(pub);
			return -1;
		}
		sqlite3_bind_text(st, 1, line, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, (*keys)[i].id, -1, SQLITE_STATIC);
		rc = step_done(ed, st, err);
		key_text_free(pub);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static void
demo_keys_free(struct demo_key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		key_text_free(keys[i].sec);
	free(keys);
}

/* The secret keys, beside the published edition in PATH.keys/. */
static int
write_demo_keys(const char *path, const struct demo_key *keys, size_t n,
    struct mw_error *err)
{
	char dir[4096], file[4200];

	snprintf(dir, sizeof dir, "%s.keys", path);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return error_set(err, _("%s: cannot create (%s)"), dir,
		    error_text(errno));
	for (size_t i = 0; i < n; i++) {
		snprintf(file, sizeof file, "%s/%s.key", dir, keys[i].id);
		if (key_write_new(file, keys[i].sec, 0600, err) != 0)
			return -1;
	}
	return 0;
}

/* The key of member id among keys, unlocked and set as the signer of
 * what ed commits next. */
static int
sign_as(struct edition *ed, const struct demo_key *keys, size_t n,
    const char *id, struct mw_error *err)
{
	struct secret_key *key;

	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i].id, id) == 0) {
			if (key_unlock_text(keys[i].sec, DEMO_PASSPHRASE, &key,
			    err) != 0)
				return -1;
			db_set_signer(ed, id, key);
			key_free(key);
			return 0;
		}
	return error_set(err, "demo: no key for %s", id);
}

/* The chair opens the scoring: the first signed act, which vouches for
 * the set-up before it. */
static int
open_scoring(struct edition *ed, const struct demo_key *keys, size_t n,
    const char *chair, struct mw_error *err)
{
	bool changed;

	if (sign_as(ed, keys, n, chair, err) != 0)
		return -1;
	return edition_set_phase(ed, "scoring", chair, NULL, &changed, err);
}

/* Each member's scores, in an act of their own, signed by them. */
static int
demo_acts(struct edition *ed, const struct demo_key *keys, size_t n,
    struct mw_error *err)
{
	static const char *const members[] = {
		"chair", "hg", "mic", "apebi", "misoc", "expert1", "expert2",
	};
	size_t i;

	for (i = 0; i < sizeof members / sizeof members[0]; i++) {
		if (sign_as(ed, keys, n, members[i], err) != 0 ||
		    db_begin(ed, err) != 0)
			return -1;
		if (demo_scores(ed, members[i], err) != 0) {
			db_rollback(ed);
			return -1;
		}
		if (db_commit(ed, members[i], "demo-scores", "demo", err) != 0)
			return -1;
	}
	return 0;
}

int
demo_write(const char *path, struct mw_error *err)
{
	struct edition *ed;
	struct import_result res;
	struct demo_key *keys = NULL;
	size_t nkeys = 0;
	char file[4096];
	int ret;

	if (create_from_preset(path, "e-mtiaz 2019", &ed, err) != 0)
		return -1;
	/* The set-up, before the chair has a key: unsigned. */
	if (data_file(file, sizeof file, "jurors.csv", err) != 0 ||
	    import_csv(ed, IMPORT_JURORS, file, "demo", NULL, &res, err) != 0 ||
	    data_file(file, sizeof file, "dossiers.csv", err) != 0 ||
	    import_csv(ed, IMPORT_DOSSIERS, file, "demo", NULL, &res, err) != 0)
		goto fail;
	/* Their application forms and documents, illustrative. */
	if (db_begin(ed, err) != 0 || search_begin(ed, err) != 0 ||
	    demo_documents(ed, err) != 0 || search_flush(ed, err) != 0 ||
	    db_commit(ed, "demo", "demo-documents", "illustrative", err) != 0) {
		db_rollback(ed);
		goto fail;
	}
	if (db_begin(ed, err) != 0)
		goto fail;
	if (demo_keys(ed, (size_t)-1, &keys, &nkeys, err) != 0) {
		db_rollback(ed);
		goto fail;
	}
	if (db_commit(ed, "demo", "demo-keys", "keys", err) != 0 ||
	    open_scoring(ed, keys, nkeys, "chair", err) != 0 ||
	    demo_acts(ed, keys, nkeys, err) != 0)
		goto fail;
	db_set_signer(ed, NULL, NULL);
	ret = db_publish(ed, err);
	if (ret == 0)
		ret = write_demo_keys(path, keys, nkeys, err);
	demo_keys_free(keys, nkeys);
	return ret;
fail:
	demo_keys_free(keys, nkeys);
	db_close(ed);
	return -1;
}

static int
synthetic_people(struct edition *ed, const struct synthetic_size *size,
    struct mw_error *err)
{
	sqlite3_stmt *st;
	char id[32], name[64];
	size_t i;

	st = db_stmt(ed, "INSERT INTO juror (id, name, organisation, role,"
	    " voting) VALUES (?1, ?2, ?3, ?4, 1)", err);
	if (st == NULL)
		return -1;
	for (i = 0; i < size->jurors; i++) {
		snprintf(id, sizeof id, "J%04zu", i + 1);
		snprintf(name, sizeof name, "Juror %zu", i + 1);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, "Synthetic", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, i == 0 ? "chair" : "member", -1,
		    SQLITE_STATIC);
		if (step_done(ed, st, err) != 0)
			return -1;
	}
	st = db_stmt(ed, "INSERT INTO administration (name) VALUES (?1)", err);
	if (st == NULL)
		return -1;
	for (i = 0; i < size->dossiers / 20 + 1; i++) {
		snprintf(name, sizeof name, "Administration %zu", i + 1);
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		if (step_done(ed, st, err) != 0)
			return -1;
	}
	return 0;
}

static int
synthetic_dossiers(struct edition *ed, const struct synthetic_size *size,
    struct mw_error *err)
{
	static const char *const categories[] = {
		"e-demarche", "smart-apps", "e-contenu", "e-participation",
	};
	uint64_t rnd = (uint64_t)size->dossiers * 31 + size->jurors;
	sqlite3_stmt *st;
	char id[32], juror[32], title_ar[96], title_fr[96], adm[64], at[32];
	size_t i, j, c;

	db_now(at);
	for (i = 0; i < size->dossiers; i++) {
		int quality = random_between(&rnd, 4, 16);

		snprintf(id, sizeof id, "D%06zu", i + 1);
		snprintf(title_ar, sizeof title_ar, "ملف تركيبي رقم %zu", i + 1);
		snprintf(title_fr, sizeof title_fr, "Dossier synthétique n° %zu",
		    i + 1);
		snprintf(adm, sizeof adm, "Administration %zu", i % (size->dossiers
		    / 20 + 1) + 1);
		st = db_stmt(ed, "INSERT INTO dossier (id, category_id, title_ar,"
		    " title_fr, administration, summary_ar, summary_fr)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, 'ملخص تركيبي لقياس الأداء.',"
		    " 'Résumé synthétique pour les mesures de performance.')", err);
		if (st == NULL)
			return -1;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, categories[size->tied ? 0 : i % 4], -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 3, title_ar, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, title_fr, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, adm, -1, SQLITE_STATIC);
		if (step_done(ed, st, err) != 0 ||
		    search_mark(ed, id, err) != 0)
			return -1;
		for (j = 0; j < size->scores_per_dossier; j++) {
			/* Consecutive jurors from a rotating start: distinct for
			 * one dossier, and the load spreads over everyone. */
			snprintf(juror, sizeof juror, "J%04zu",
			    (i * size->scores_per_dossier + j) % size->jurors + 1);
			for (c = 0; c < 4; c++)
				if (insert_score(ed, juror, id, criteria[c],
				    size->tied ? 10 : quality + random_between(&rnd,
				    -4, 4), "", at, err) != 0)
					return -1;
			if (insert_submission(ed, juror, id, at, err) != 0)
				return -1;
		}
		if (i % 2048 == 2047 && db_fold(ed, err) != 0)
			return -1;
	}
	return 0;
}

int
demo_write_synthetic(const char *path, const struct synthetic_size *size,
    struct mw_error *err)
{
	struct edition *ed;
	struct strbuf detail = STRBUF_INIT;
	struct demo_key *keys = NULL;
	size_t nkeys = 0;
	int ret;

	if (size->dossiers == 0 || size->jurors == 0)
		return error_usage(err, _("demo: --dossiers and --jurors must be "
		    "at least 1"));
	if (size->scores_per_dossier > size->jurors)
		return error_usage(err, _("demo: --scores-per-dossier (%zu) "
		    "cannot exceed --jurors (%zu)"), size->scores_per_dossier,
		    size->jurors);
	if (create_from_preset(path, "Synthetic edition", &ed, err) != 0)
		return -1;
	/* Bulk load: the file is new and not yet published, so a crash
	 * leaves nothing behind; durability per statement is not needed. */
	db_exec(ed, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144",
	    err);
	if (db_begin(ed, err) != 0)
		goto fail;
	/* Keys for the first ten jurors (J0001...), passphrase "demo": enough
	 * to log in and measure, without minutes of key generation. */
	if (search_begin(ed, err) != 0 ||
	    synthetic_people(ed, size, err) != 0 ||
	    demo_keys(ed, 10, &keys, &nkeys, err) != 0 ||
	    synthetic_dossiers(ed, size, err) != 0 ||
	    search_flush(ed, err) != 0) {
		db_rollback(ed);
		goto fail;
	}
	strbuf_addf(&detail, "dossiers=%zu jurors=%zu scores-per-dossier=%zu",
	    size->dossiers, size->jurors, size->scores_per_dossier);
	/* The synthetic scores are the set-up's (unsigned); the chair's
	 * opening of the scoring vouches for them. */
	if (db_commit(ed, "demo", "demo-synthetic", strbuf_str(&detail),
	    err) != 0 || open_scoring(ed, keys, nkeys, "J0001", err) != 0) {
		strbuf_free(&detail);
		goto fail;
	}
	strbuf_free(&detail);
	db_set_signer(ed, NULL, NULL);
	db_exec(ed, "PRAGMA synchronous = FULL", err);
	ret = db_publish(ed, err);
	if (ret == 0)
		ret = write_demo_keys(path, keys, nkeys, err);
	demo_keys_free(keys, nkeys);
	return ret;
fail:
	demo_keys_free(keys, nkeys);
	db_close(ed);
	return -1;
}
