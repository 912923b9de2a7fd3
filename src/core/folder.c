/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/attach.h"
#include "core/csvfile.h"
#include "core/filekind.h"
#include "core/folder.h"
#include "core/form.h"
#include "core/import.h"
#include "core/search.h"
#include "core/settings.h"
#include "text/clean.h"
#include "util/i18n.h"
#include "util/strbuf.h"

#define ANSWERS_FILE "dossier.csv"
#define ANSWERS_JSON "dossier.json"
/* A dossier.json is answers, not a document: larger is a mistake. */
#define ANSWERS_JSON_MAX (4 * 1024 * 1024)

/* The dossier's own rows, in import_stage_dossier()'s order. */
static const char *const dossier_keys[IMPORT_DOSSIER_FIELDS] = {
	"id", "category", "title_ar", "title_fr", "administration", "url",
	"summary_ar", "summary_fr",
};

static const struct csv_column answer_columns[] = {
	{ "field", true }, { "value", true },
};

struct folder_import {
	struct edition *ed;
	struct form_field *fields;
	size_t nfields;
	struct settings limits;
	long long stored;               /* bytes of the edition's documents */
	struct filekind *fk;
	struct folder_result *res;

	/* The candidacy being read. */
	char path[PATH_MAX];            /* its dossier.csv */
	struct csv_header header;
	bool have_header;
	bool json;                      /* the answers are a dossier.json */
	char *v[IMPORT_DOSSIER_FIELDS];
	size_t vline[IMPORT_DOSSIER_FIELDS];    /* where given; 0: not */
	char **ar, **fr;                /* answers, per field */
	size_t *aline;
};

/* "file:line: field: what"; a JSON file has members, not lines. */
static int
row_error(struct folder_import *fi, size_t line, const char *field,
    const char *what, struct mw_error *err)
{
	if (fi->json || line == 0)
		/* TRANSLATORS: file: the field of the dossier: what is
		 * wrong. */
		return error_set(err, _("%s: %s: %s"), fi->path, field, what);
	/* TRANSLATORS: file:line: the field of the dossier: what is wrong. */
	return error_set(err, _("%s:%zu: %s: %s"), fi->path, line, field, what);
}

/* A form field named for people: its label in the interface's language,
 * and its id, which is what the file holds. */
static void
field_name(const struct form_field *f, struct strbuf *sb)
{
	const char *label = i18n_rtl() && *f->label_ar ? f->label_ar :
	    *f->label_fr ? f->label_fr : f->label_ar;

	strbuf_addf(sb, "%s (%s)", f->id, label);
}

static void
forget_candidacy(struct folder_import *fi)
{
	size_t i;

	for (i = 0; i < IMPORT_DOSSIER_FIELDS; i++) {
		free(fi->v[i]);
		fi->v[i] = NULL;
		fi->vline[i] = 0;
	}
	for (i = 0; i < fi->nfields; i++) {
		free(fi->ar[i]);
		free(fi->fr[i]);
		fi->ar[i] = fi->fr[i] = NULL;
		fi->aline[i] = 0;
	}
	fi->have_header = false;
	fi->json = false;
}

/* Which field a row's key names: a dossier key (*dossier), or a form
 * field (*field) in one language ('a', 'f') or both ('b'). */
static bool
find_key(struct folder_import *fi, const char *key, int *dossier,
    size_t *field, char *lang)
{
	size_t i, n = strlen(key);

	*dossier = -1;
	for (i = 0; i < IMPORT_DOSSIER_FIELDS; i++)
		if (strcmp(key, dossier_keys[i]) == 0) {
			*dossier = (int)i;
			return true;
		}
	for (i = 0; i < fi->nfields; i++) {
		size_t len = strlen(fi->fields[i].id);

		*field = i;
		if (n == len && strcmp(key, fi->fields[i].id) == 0) {
			*lang = 'b';
			return true;
		}
		if (n == len + 3 && strncmp(key, fi->fields[i].id, len) == 0 &&
		    (strcmp(key + len, "_ar") == 0 ||
		    strcmp(key + len, "_fr") == 0)) {
			*lang = key[len + 1];
			return true;
		}
	}
	return false;
}

static int
unknown_key(struct folder_import *fi, size_t line, const char *key,
    struct mw_error *err)
{
	struct strbuf known = STRBUF_INIT, msg = STRBUF_INIT;
	size_t i;

	for (i = 0; i < IMPORT_DOSSIER_FIELDS; i++)
		strbuf_addf(&known, "%s%s", i ? ", " : "", dossier_keys[i]);
	for (i = 0; i < fi->nfields; i++)
		strbuf_addf(&known, ", %s", fi->fields[i].id);
	strbuf_addf(&msg, _("unknown field (expected one of %s; a field of "
	    "the form may end in _ar or _fr for one language)"),
	    strbuf_str(&known));
	row_error(fi, line, key, strbuf_str(&msg), err);
	strbuf_free(&known);
	strbuf_free(&msg);
	return -1;
}

static int
twice(struct folder_import *fi, size_t line, const char *key, size_t first,
    struct mw_error *err)
{
	struct strbuf msg = STRBUF_INIT;

	if (fi->json)
		strbuf_adds(&msg, _("given twice"));
	else
		strbuf_addf(&msg, _("given twice (first on line %zu)"), first);
	row_error(fi, line, key, strbuf_str(&msg), err);
	strbuf_free(&msg);
	return -1;
}

/* One row of dossier.csv: a field and its value. */
static int take(struct folder_import *fi, size_t line, char *key,
    char *value, struct mw_error *err);

static int
on_row(void *ctx, const struct csv_record *rec, struct mw_error *err)
{
	struct folder_import *fi = ctx;
	char *kv[2] = { NULL, NULL };

	if (!fi->have_header) {
		fi->have_header = true;
		return csv_header_parse(&fi->header, fi->path, answer_columns, 2,
		    rec, err);
	}
	if (csv_clean_record(&fi->header, rec, kv, err) != 0)
		return -1;
	return take(fi, rec->line, kv[0], kv[1], err);
}

/*
 * One field of the answers and its value (both cleaned, taken over): a
 * field of the dossier, or an answer to the form, checked by its type.
 * line says where, for the errors (a JSON member's rank).
 */
static int
take(struct folder_import *fi, size_t line, char *key, char *value,
    struct mw_error *err)
{
	size_t field = 0;
	int dossier, ret = 0;
	char lang = 'b';

	if (!find_key(fi, key, &dossier, &field, &lang)) {
		ret = unknown_key(fi, line, key, err);
		goto out;
	}
	if (dossier >= 0) {
		if (fi->vline[dossier] != 0) {
			ret = twice(fi, line, key, fi->vline[dossier], err);
			goto out;
		}
		fi->v[dossier] = value;
		fi->vline[dossier] = line;
		value = NULL;
		goto out;
	}
	if (fi->aline[field] != 0 &&
	    ((lang != 'f' && fi->ar[field] != NULL) ||
	    (lang != 'a' && fi->fr[field] != NULL))) {
		ret = twice(fi, line, key, fi->aline[field], err);
		goto out;
	}
	if (*value != '\0') {
		char *why = form_check_value(&fi->fields[field], value);

		if (why != NULL) {
			ret = row_error(fi, line, key, why, err);
			free(why);
			goto out;
		}
	}
	fi->aline[field] = line;
	if (lang != 'f')
		fi->ar[field] = xstrdup(value);
	if (lang != 'a')
		fi->fr[field] = xstrdup(value);
out:
	free(key);
	free(value);
	return ret;
}

/* The values the checks read: "" where the file has no row. */
static const char *
given(const char *s)
{
	return s != NULL ? s : "";
}

static int
check_dossier(struct folder_import *fi, struct mw_error *err)
{
	struct strbuf msg = STRBUF_INIT;
	bool found;
	size_t i;

	for (i = 0; i < IMPORT_DOSSIER_FIELDS; i++)
		if (fi->v[i] == NULL)
			fi->v[i] = xstrdup("");
	if (*fi->v[0] == '\0')
		return error_set(err, _("%s: id: a value is required (a row "
		    "\"id,…\")"), fi->path);
	if (!import_valid_id(fi->v[0])) {
		strbuf_addf(&msg, _("'%s' is not a valid id (expected 1 to 64 "
		    "letters, digits, '.', '_' or '-')"), fi->v[0]);
		row_error(fi, fi->vline[0], "id", strbuf_str(&msg), err);
		strbuf_free(&msg);
		return -1;
	}
	if (*fi->v[1] == '\0')
		return error_set(err, _("%s: category: a value is required (a "
		    "row \"category,…\")"), fi->path);
	if (db_exists(fi->ed, "SELECT 1 FROM category WHERE id = ?1",
	    fi->v[1], &found, err) != 0)
		return -1;
	if (!found) {
		strbuf_addf(&msg, _("unknown category '%s'"), fi->v[1]);
		row_error(fi, fi->vline[1], "category", strbuf_str(&msg), err);
		strbuf_free(&msg);
		return -1;
	}
	if (*fi->v[2] == '\0' && *fi->v[3] == '\0')
		return error_set(err, _("%s: title_ar, title_fr: a dossier needs "
		    "a title in Arabic or in French"), fi->path);
	for (i = 0; i < fi->nfields; i++)
		if (fi->fields[i].required && *given(fi->ar[i]) == '\0' &&
		    *given(fi->fr[i]) == '\0') {
			field_name(&fi->fields[i], &msg);
			error_set(err, _("%s: %s: a required answer is missing"),
			    fi->path, strbuf_str(&msg));
			strbuf_free(&msg);
			return -1;
		}
	return 0;
}

/* The same id in two folders: refused, naming both. */
static int
check_unique(struct folder_import *fi, const char *folder,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(fi->ed, "INSERT INTO temp.folder_seen"
	    " (id, folder) VALUES (?1, ?2) ON CONFLICT (id) DO NOTHING", err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, fi->v[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, folder, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(fi->ed, rc, err);
	if (sqlite3_changes(db_handle(fi->ed)) > 0)
		return 0;
	st = db_stmt(fi->ed, "SELECT folder FROM temp.folder_seen"
	    " WHERE id = ?1", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, fi->v[0], -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		struct strbuf msg = STRBUF_INIT;

		strbuf_addf(&msg, _("the dossier '%s' is already in the folder "
		    "'%s'"), fi->v[0], (const char *)sqlite3_column_text(st, 0));
		row_error(fi, fi->vline[0], "id", strbuf_str(&msg), err);
		strbuf_free(&msg);
	}
	sqlite3_reset(st);
	return -1;
}

/* Every field of the form: one the folder does not answer loses the
 * answer it had. */
static int
stage_answers(struct folder_import *fi, struct mw_error *err)
{
	size_t i;

	for (i = 0; i < fi->nfields; i++)
		if (form_stage_answer(fi->ed, fi->v[0], fi->fields[i].id,
		    given(fi->ar[i]), given(fi->fr[i]), err) != 0)
			return -1;
	return 0;
}

/* The whole of the open file fd (size bytes) into *data (to free). */
static int
read_file(int fd, const char *path, long long size, void **data,
    struct mw_error *err)
{
	size_t done = 0;

	*data = xmalloc((size_t)size + 1);
	while (done < (size_t)size) {
		ssize_t n = read(fd, (char *)*data + done, (size_t)size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(*data);
			*data = NULL;
			return error_set(err, _("%s: cannot read the file: %s"),
			    path, strerror(e));
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	if (done != (size_t)size) {
		free(*data);
		*data = NULL;
		return error_set(err, _("%s: the file changed while it was "
		    "read"), path);
	}
	return 0;
}

/*
 * Open a file of a candidacy's folder as what it is, never through a
 * symbolic link: a folder received by mail could hold one to the chair's
 * own files (a secret key), which would then be stored in the edition and
 * published with it.  Opened before it is looked at, so that what was
 * checked is what is read.
 */
static int
open_plain(const char *path, struct stat *sb, struct mw_error *err)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0 && errno == ELOOP)
		return error_set(err, _("%s: a symbolic link is not read (put "
		    "the file itself in the folder)"), path);
	if (fd < 0)
		return error_set(err, _("%s: cannot read the file: %s"), path,
		    strerror(errno));
	if (fstat(fd, sb) != 0) {
		int e = errno;

		close(fd);
		return error_set(err, _("%s: cannot read the file: %s"), path,
		    strerror(e));
	}
	if (S_ISDIR(sb->st_mode)) {
		close(fd);
		return error_set(err, _("%s: a folder inside a candidacy's folder "
		    "is not read (put its files beside %s)"), path, ANSWERS_FILE);
	}
	if (!S_ISREG(sb->st_mode)) {
		close(fd);
		return error_set(err, _("%s: not a regular file"), path);
	}
	return fd;
}

static int
over_limit(const char *path, long long size, long long limit,
    const char *setting, struct mw_error *err)
{
	char has[32], most[32];

	attachment_size_text(size, has, sizeof has);
	attachment_size_text(limit, most, sizeof most);
	if (strcmp(setting, "attachment-file-limit") == 0)
		return error_set(err, _("%s: %s is over the limit of %s for one "
		    "document (the setting attachment-file-limit)"), path, has,
		    most);
	return error_set(err, _("%s: with this document the edition's "
	    "documents would take %s, over its limit of %s (the setting "
	    "attachment-edition-limit)"), path, has, most);
}

/* One document of the candidacy: checked, stored, staged. */
static int
read_document(struct folder_import *fi, const char *dir, const char *name,
    int position, struct mw_error *err)
{
	char path[PATH_MAX], *clean = NULL;
	unsigned char hash[ATTACHMENT_HASH_BYTES];
	struct stat sb;
	sqlite3_stmt *st;
	void *data;
	size_t bad;
	bool added;
	int rc, fd;

	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
		return error_set(err, _("%s/%s: the path is too long"), dir, name);
	if (!text_clean(name, strlen(name), &clean, &bad) ||
	    strchr(clean, '/') != NULL || strlen(clean) > 255) {
		free(clean);
		return error_set(err, _("%s: the file's name is not valid UTF-8 "
		    "(at byte %zu)"), path, bad + 1);
	}
	if ((fd = open_plain(path, &sb, err)) < 0) {
		free(clean);
		return -1;
	}
	if (sb.st_size > fi->limits.file_limit) {
		close(fd);
		free(clean);
		return over_limit(path, sb.st_size, fi->limits.file_limit,
		    "attachment-file-limit", err);
	}
	rc = read_file(fd, path, sb.st_size, &data, err);
	close(fd);
	if (rc != 0) {
		free(clean);
		return -1;
	}
	rc = attachment_store(fi->ed, fi->fk, data, (size_t)sb.st_size, hash,
	    &added, err);
	free(data);
	if (rc == 0 && added) {
		fi->stored += sb.st_size;
		if (fi->stored > fi->limits.edition_limit)
			rc = over_limit(path, fi->stored,
			    fi->limits.edition_limit, "attachment-edition-limit",
			    err);
	}
	if (rc == 0 && (st = db_stmt(fi->ed, "INSERT INTO temp.folder_document"
	    " (dossier_id, name, hash, position) VALUES (?1, ?2, ?3, ?4)",
	    err)) == NULL)
		rc = -1;
	if (rc == 0) {
		sqlite3_bind_text(st, 1, fi->v[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, clean, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, hash, sizeof hash, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, position);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		/* Two names that differ only in how their accents are
		 * encoded are one name once in NFC. */
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			rc = error_set(err, _("%s: another file of the folder has "
			    "the same name (written with other Unicode code "
			    "points)"), path);
		else
			rc = rc == SQLITE_DONE ? 0 : db_error(fi->ed, rc, err);
	}
	free(clean);
	fi->res->documents++;
	fi->res->bytes += sb.st_size;
	return rc;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Names starting with '.' (., .., hidden files) are not candidacies nor
 * documents. */
static int
visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int
read_documents(struct folder_import *fi, const char *dir, struct mw_error *err)
{
	struct dirent **names;
	int n = scandir(dir, &names, visible, by_name), i, ret = 0, pos = 0;

	if (n < 0)
		return error_set(err, _("%s: cannot read the folder: %s"), dir,
		    strerror(errno));
	for (i = 0; i < n; i++) {
		if (ret == 0 && strcmp(names[i]->d_name, ANSWERS_FILE) != 0 &&
		    strcmp(names[i]->d_name, ANSWERS_JSON) != 0)
			ret = read_document(fi, dir, names[i]->d_name, ++pos, err);
		free(names[i]);
	}
	free(names);
	return ret;
}

/*
 * A dossier.json: one object whose members are the rows of a
 * dossier.csv, {"id": "D07", "launch_date": "2017-06-01",
 * "users_per_year": 85000, ...}: strings, numbers (written as JSON wrote
 * them) or null (no answer).  Parsed by SQLite's JSON functions.
 */
static int
read_json(struct folder_import *fi, struct mw_error *err)
{
	struct stat sb;
	sqlite3_stmt *st;
	void *text;
	size_t n = 0;
	int fd, rc, ret = 0;

	if ((fd = open_plain(fi->path, &sb, err)) < 0)
		return -1;
	if (sb.st_size > ANSWERS_JSON_MAX) {
		close(fd);
		return error_set(err, _("%s: %lld bytes is too large for "
		    "answers (at most %d)"), fi->path, (long long)sb.st_size,
		    ANSWERS_JSON_MAX);
	}
	ret = read_file(fd, fi->path, sb.st_size, &text, err);
	close(fd);
	if (ret != 0)
		return -1;
	((char *)text)[sb.st_size] = '\0';
	st = db_stmt(fi->ed, "SELECT json_valid(?1) AND json_type(?1) = 'object'",
	    err);
	if (st == NULL) {
		free(text);
		return -1;
	}
	sqlite3_bind_text(st, 1, text, (int)sb.st_size, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW || sqlite3_column_int(st, 0) != 1)
		ret = error_set(err, _("%s: not a JSON object (expected "
		    "{\"id\": \"…\", \"category\": \"…\", …})"), fi->path);
	sqlite3_reset(st);
	st = ret == 0 ? db_stmt(fi->ed, "SELECT key, CASE type"
	    " WHEN 'text' THEN value WHEN 'integer' THEN CAST(value AS TEXT)"
	    " WHEN 'real' THEN printf('%.15g', value) WHEN 'null' THEN ''"
	    " END FROM json_each(?1)", err) : NULL;
	if (ret == 0 && st == NULL)
		ret = -1;
	if (ret == 0)
		sqlite3_bind_text(st, 1, text, (int)sb.st_size, SQLITE_STATIC);
	while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 1);
		char *key = NULL, *value = NULL;
		size_t bad;

		n++;
		if (v == NULL) {
			ret = row_error(fi, n, k != NULL ? k : "?",
			    _("expected a string or a number"), err);
			break;
		}
		if (!text_clean(k, strlen(k), &key, &bad) ||
		    !text_clean(v, strlen(v), &value, &bad)) {
			free(key);
			free(value);
			ret = row_error(fi, n, k, _("not valid UTF-8"), err);
			break;
		}
		ret = take(fi, n, key, value, err);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_error(fi->ed, rc, err);
	if (st != NULL)
		sqlite3_reset(st);
	free(text);
	return ret;
}

/* One candidacy folder: its answers, checked; its documents, stored. */
static int
read_candidacy(struct folder_import *fi, const char *dir, const char *folder,
    size_t number, struct mw_error *err)
{
	char sub[PATH_MAX];
	int ret;

	forget_candidacy(fi);
	if (snprintf(sub, sizeof sub, "%s/%s", dir, folder) >= (int)sizeof sub ||
	    snprintf(fi->path, sizeof fi->path, "%s/%s", sub, ANSWERS_FILE) >=
	    (int)sizeof fi->path)
		return error_set(err, _("%s/%s: the path is too long"), dir,
		    folder);
	{
		char json[PATH_MAX];
		struct stat sb;
		bool csv = lstat(fi->path, &sb) == 0;

		if (snprintf(json, sizeof json, "%s/%s", sub, ANSWERS_JSON) >=
		    (int)sizeof json)
			return error_set(err, _("%s/%s: the path is too long"), dir,
			    folder);
		if (csv && lstat(json, &sb) == 0)
			return error_set(err, _("%s: both %s and %s: keep one"),
			    sub, ANSWERS_FILE, ANSWERS_JSON);
		if (!csv && lstat(json, &sb) == 0) {
			snprintf(fi->path, sizeof fi->path, "%s", json);
			fi->json = true;
		}
		if (lstat(fi->path, &sb) == 0 && S_ISLNK(sb.st_mode))
			return error_set(err, _("%s: a symbolic link is not read "
			    "(put the file itself in the folder)"), fi->path);
	}
	if (access(fi->path, F_OK) != 0)
		return error_set(err, _("%s: no %s or %s in this candidacy's "
		    "folder (expected its answers, one row \"field,value\" each, "
		    "or one JSON object)"), sub, ANSWERS_FILE, ANSWERS_JSON);
	if (fi->json)
		ret = read_json(fi, err);
	else {
		ret = csvfile_read(fi->path, on_row, fi, err);
		if (ret == 0 && !fi->have_header)
			ret = error_set(err, _("%s: the file is empty (expected a "
			    "header row naming the columns)"), fi->path);
	}
	if (ret == 0)
		ret = check_dossier(fi, err);
	if (ret == 0)
		ret = check_unique(fi, folder, err);
	if (ret == 0)
		ret = import_stage_dossier(fi->ed, fi->v, number, err);
	if (ret == 0)
		ret = stage_answers(fi, err);
	if (ret == 0)
		ret = read_documents(fi, sub, err);
	return ret;
}

static const char sql_prepare[] =
	"DROP TABLE IF EXISTS temp.folder_seen;"
	"DROP TABLE IF EXISTS temp.folder_document;"
	"DROP TABLE IF EXISTS temp.folder_changed;"
	"CREATE TEMP TABLE folder_seen (id TEXT PRIMARY KEY, folder TEXT)"
	" STRICT;"
	"CREATE TEMP TABLE folder_document (dossier_id TEXT, name TEXT,"
	" hash BLOB, position INTEGER, PRIMARY KEY (dossier_id, name)) STRICT;"
	"CREATE TEMP TABLE folder_changed (id TEXT PRIMARY KEY) STRICT;";

/* The dossiers whose answers (form_stage_apply() found them) or
 * documents differ from the folder's. */
static const char sql_changed[] =
	"INSERT INTO temp.folder_changed (id) SELECT id FROM temp.answer_changed"
	" WHERE true ON CONFLICT DO NOTHING;"
	"INSERT INTO temp.folder_changed (id) SELECT s.id FROM temp.folder_seen s"
	" WHERE (EXISTS (SELECT name, hash, position FROM temp.folder_document"
	"  WHERE dossier_id = s.id EXCEPT SELECT name, hash, position"
	"  FROM dossier_attachment WHERE dossier_id = s.id)"
	" OR EXISTS (SELECT name, hash, position FROM dossier_attachment"
	"  WHERE dossier_id = s.id EXCEPT SELECT name, hash, position"
	"  FROM temp.folder_document WHERE dossier_id = s.id))"
	" ON CONFLICT DO NOTHING;";

/* Updated dossiers whose own row did not change (those are counted, and
 * marked for the search, by import_apply_dossiers()). */
static const char sql_count_changed[] =
	"SELECT count(*) FROM temp.folder_changed c"
	" JOIN temp.import_dossier r ON r.id = c.id"
	" WHERE NOT r.fresh AND c.id NOT IN (SELECT id FROM temp.search_stale)";

static const char sql_apply[] =
	"DELETE FROM dossier_attachment WHERE dossier_id IN (SELECT id FROM"
	" temp.folder_changed) AND NOT EXISTS (SELECT 1 FROM"
	" temp.folder_document f WHERE f.dossier_id = dossier_attachment.dossier_id"
	" AND f.name = dossier_attachment.name);"
	"INSERT INTO dossier_attachment (dossier_id, name, hash, position)"
	" SELECT dossier_id, name, hash, position FROM temp.folder_document"
	" WHERE dossier_id IN (SELECT id FROM temp.folder_changed)"
	" AND true ON CONFLICT (dossier_id, name) DO UPDATE SET hash = excluded.hash,"
	" position = excluded.position"
	" WHERE (hash, position) IS NOT (excluded.hash, excluded.position);"
	/* A document no dossier holds any more leaves the edition. */
	"DELETE FROM attachment WHERE NOT EXISTS (SELECT 1 FROM"
	" dossier_attachment d WHERE d.hash = attachment.hash);"
	"INSERT INTO temp.search_stale (id) SELECT id FROM temp.folder_changed"
	" WHERE true ON CONFLICT DO NOTHING;";

static sqlite3_int64
count_of(struct edition *ed, const char *sql, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql, err);
	sqlite3_int64 n = -1;

	if (st != NULL && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (st != NULL)
		sqlite3_reset(st);
	if (n < 0 && st != NULL)
		db_error(ed, sqlite3_errcode(db_handle(ed)), err);
	return n;
}

/* The candidacy folders of dir, by name. */
static int
candidacies(const char *dir, char ***out, size_t *n, struct mw_error *err)
{
	struct dirent **names;
	int count = scandir(dir, &names, visible, by_name), i;
	bool linked = false;

	*out = NULL;
	*n = 0;
	if (count < 0)
		return error_set(err, _("%s: cannot read the folder: %s"), dir,
		    strerror(errno));
	*out = xmalloc(((size_t)count + 1) * sizeof **out);
	for (i = 0; i < count; i++) {
		char path[PATH_MAX];
		struct stat sb;

		if (snprintf(path, sizeof path, "%s/%s", dir,
		    names[i]->d_name) >= (int)sizeof path ||
		    lstat(path, &sb) != 0)
			;
		else if (S_ISDIR(sb.st_mode))
			(*out)[(*n)++] = xstrdup(names[i]->d_name);
		/* A link to a folder could be a link to anywhere. */
		else if (S_ISLNK(sb.st_mode) && stat(path, &sb) == 0 &&
		    S_ISDIR(sb.st_mode) && !linked) {
			error_set(err, _("%s: a symbolic link is not read (put "
			    "the folder itself here)"), path);
			linked = true;
		}
		free(names[i]);
	}
	free(names);
	if (linked || *n == 0) {
		size_t k;

		for (k = 0; k < *n; k++)
			free((*out)[k]);
		free(*out);
		*out = NULL;
		*n = 0;
		if (linked)
			return -1;
		return error_set(err, _("%s: no candidacy folder here (expected "
		    "one folder per dossier, each with its %s)"), dir,
		    ANSWERS_FILE);
	}
	return 0;
}

static int
read_all(struct folder_import *fi, const char *dir, char **folders, size_t n,
    folder_progress_fn progress, void *ctx, struct mw_error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (read_candidacy(fi, dir, folders[i], i + 1, err) != 0)
			return -1;
		fi->res->folders++;
		/* Fold the journal now and then, as a CSV import does. */
		if ((i + 1) % 256 == 0 && db_fold(fi->ed, err) != 0)
			return -1;
		if (progress != NULL)
			progress(ctx, i + 1, n);
	}
	return 0;
}

static int
apply(struct folder_import *fi, const char *dir, struct mw_error *err)
{
	struct import_result ires;
	sqlite3_int64 more;

	if (import_apply_dossiers(fi->ed, dir, &ires, err) != 0 ||
	    form_stage_apply(fi->ed, err) != 0 ||
	    db_exec(fi->ed, sql_changed, err) != 0 ||
	    (more = count_of(fi->ed, sql_count_changed, err)) < 0 ||
	    db_exec(fi->ed, sql_apply, err) != 0)
		return -1;
	fi->res->added = ires.added;
	fi->res->updated = ires.updated + (size_t)more;
	return 0;
}

int
import_folder(struct edition *ed, const char *dir, const char *actor,
    const char *reason, folder_progress_fn progress, void *ctx,
    struct folder_result *res, struct mw_error *err)
{
	struct folder_import fi = { .ed = ed, .res = res };
	struct strbuf detail = STRBUF_INIT;
	char **folders = NULL;
	size_t n = 0, i;
	bool after_setup;
	int ret;

	memset(res, 0, sizeof *res);
	if (candidacies(dir, &folders, &n, err) != 0)
		return -1;
	if (import_begin(ed, actor, &after_setup, err) != 0)
		goto fail_list;
	/* Documents are written once and never read back during the import:
	 * a cache the size of a CSV import's would only fill with them. */
	if (db_exec(ed, "PRAGMA cache_size = -16384", err) != 0) {
		db_rollback(ed);
		goto fail_list;
	}
	ret = settings_load(ed, &fi.limits, err) != 0 ||
	    form_fields(ed, &fi.fields, &fi.nfields, err) != 0 ||
	    db_exec(ed, sql_prepare, err) != 0 ||
	    (fi.stored = count_of(ed, "SELECT coalesce(sum(size), 0)"
	    " FROM attachment", err)) < 0 ? -1 : 0;
	fi.ar = xmalloc((fi.nfields + 1) * sizeof *fi.ar);
	fi.fr = xmalloc((fi.nfields + 1) * sizeof *fi.fr);
	fi.aline = xmalloc((fi.nfields + 1) * sizeof *fi.aline);
	memset(fi.ar, 0, (fi.nfields + 1) * sizeof *fi.ar);
	memset(fi.fr, 0, (fi.nfields + 1) * sizeof *fi.fr);
	memset(fi.aline, 0, (fi.nfields + 1) * sizeof *fi.aline);
	fi.fk = filekind_open();
	if (ret == 0)
		ret = read_all(&fi, dir, folders, n, progress, ctx, err);
	forget_candidacy(&fi);
	filekind_close(fi.fk);
	free(fi.ar);
	free(fi.fr);
	free(fi.aline);
	form_fields_free(fi.fields, fi.nfields);
	if (ret == 0)
		ret = apply(&fi, dir, err);
	if (ret == 0 && res->added == 0 && res->updated == 0) {
		/* Nothing to record: the edition stays exactly as it was. */
		db_rollback(ed);
		goto done;
	}
	if (ret == 0)
		ret = search_flush(ed, err);
	if (ret != 0) {
		db_rollback(ed);
		goto fail_list;
	}
	strbuf_addf(&detail, "folder=%s folders=%zu added=%zu updated=%zu"
	    " documents=%zu bytes=%lld", strrchr(dir, '/') != NULL &&
	    strrchr(dir, '/')[1] != '\0' ? strrchr(dir, '/') + 1 : dir,
	    res->folders, res->added, res->updated, res->documents, res->bytes);
	if (reason != NULL && reason[strspn(reason, " \t\r\n")] != '\0')
		strbuf_addf(&detail, " reason=%s", reason);
	ret = db_commit(ed, actor, "import-folder", strbuf_str(&detail), err);
	strbuf_free(&detail);
	if (ret != 0)
		goto fail_list;
done:
	for (i = 0; i < n; i++)
		free(folders[i]);
	free(folders);
	return 0;
fail_list:
	for (i = 0; i < n; i++)
		free(folders[i]);
	free(folders);
	return -1;
}
