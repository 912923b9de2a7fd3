/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dossier.h"
#include "core/scoring.h"
#include "core/settings.h"
#include "core/rules.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static const char *const names[] = { "key", "value", "default" };
const struct columns settings_columns = { names, 3 };

static const char *const keys[] = { "corridor", "quorum", "tie-cascade",
	"attachment-file-limit", "attachment-edition-limit" };
#define NKEYS (sizeof keys / sizeof keys[0])

static void
default_of(const char *key, char *buf, size_t size)
{
	if (strcmp(key, "corridor") == 0)
		snprintf(buf, size, "%g", SETTING_CORRIDOR_DEFAULT);
	else if (strcmp(key, "quorum") == 0)
		snprintf(buf, size, "0");
	else if (strcmp(key, "attachment-file-limit") == 0)
		snprintf(buf, size, "%s", SETTING_FILE_LIMIT_DEFAULT);
	else if (strcmp(key, "attachment-edition-limit") == 0)
		snprintf(buf, size, "%s", SETTING_EDITION_LIMIT_DEFAULT);
	else
		snprintf(buf, size, "%s", SETTING_CASCADE_DEFAULT);
}

static int
parse_number(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return *s != '\0' && *end == '\0' && errno == 0 && isfinite(*out) ?
	    0 : -1;
}

int
settings_parse_size(const char *s, long long *out)
{
	static const struct { const char *unit; long long factor; } units[] = {
		{ "", 1 }, { "B", 1 }, { "KiB", 1LL << 10 },
		{ "MiB", 1LL << 20 }, { "GiB", 1LL << 30 },
	};
	char *end;
	long long n;
	size_t i;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0)
		return -1;
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(end, units[i].unit) == 0) {
			if (n > SETTING_SIZE_MAX / units[i].factor)
				return -1;
			*out = n * units[i].factor;
			return *out >= 1 ? 0 : -1;
		}
	return -1;
}

int
settings_load(struct edition *ed, struct settings *s, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT key, value FROM setting", err);
	int rc;

	s->corridor = SETTING_CORRIDOR_DEFAULT;
	s->quorum = 0;
	snprintf(s->cascade, sizeof s->cascade, "%s", SETTING_CASCADE_DEFAULT);
	settings_parse_size(SETTING_FILE_LIMIT_DEFAULT, &s->file_limit);
	settings_parse_size(SETTING_EDITION_LIMIT_DEFAULT, &s->edition_limit);
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 1);
		double x;

		/* Values were checked on the way in; a bad one written by
		 * another program falls back to the default. */
		if (strcmp(k, "corridor") == 0 && parse_number(v, &x) == 0 &&
		    x > 0 && x <= 100)
			s->corridor = x;
		else if (strcmp(k, "quorum") == 0 && parse_number(v, &x) == 0 &&
		    x >= 0 && x <= 100000 && x == floor(x))
			s->quorum = (int)x;
		else if (strcmp(k, "tie-cascade") == 0)
			snprintf(s->cascade, sizeof s->cascade, "%s", v);
		else if (strcmp(k, "attachment-file-limit") == 0)
			settings_parse_size(v, &s->file_limit);
		else if (strcmp(k, "attachment-edition-limit") == 0)
			settings_parse_size(v, &s->edition_limit);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

int
settings_list(struct edition *ed, row_fn fn, void *ctx, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT ?1, coalesce((SELECT value FROM"
	    " setting WHERE key = ?1), ?2), ?2, json_object('key', ?1,"
	    " 'value', coalesce((SELECT value FROM setting WHERE key = ?1), ?2),"
	    " 'default', ?2)", err);
	size_t i;

	if (st == NULL)
		return -1;
	for (i = 0; i < NKEYS; i++) {
		const char *cells[3];
		char def[512];
		int rc;

		default_of(keys[i], def, sizeof def);
		sqlite3_bind_text(st, 1, keys[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, def, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(st);
			return db_error(ed, rc, err);
		}
		cells[0] = (const char *)sqlite3_column_text(st, 0);
		cells[1] = (const char *)sqlite3_column_text(st, 1);
		cells[2] = (const char *)sqlite3_column_text(st, 2);
		if (fn(ctx, cells, 3, (const char *)sqlite3_column_text(st, 3),
		    err) != 0) {
			sqlite3_reset(st);
			return -1;
		}
		sqlite3_reset(st);
	}
	return 0;
}

/* Only the chair changes the settings. */
static int
require_chair(struct edition *ed, const char *actor, struct mw_error *err)
{
	char role[16];

	if (actor == NULL || strcmp(actor, "-") == 0)
		return error_usage(err, _("only the chair changes the settings; "
		    "say who you are with --juror"));
	if (juror_role(ed, actor, role, err) != 0)
		return -1;
	if (strcmp(role, "chair") != 0)
		return error_set(err, _("only the chair changes the settings; "
		    "'%s' has the role '%s'"), actor, role);
	return 0;
}

static bool
is_criterion(struct edition *ed, const char *id, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT 1 FROM criterion WHERE id = ?1",
	    err);
	bool found;

	if (st == NULL)
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* Check a tie cascade step by step; the message names the bad step. */
static int
check_cascade(struct edition *ed, const char *value, struct mw_error *err)
{
	char buf[512], *step, *save = NULL;
	const char *seen[64];
	size_t nseen = 0, i;

	if (strlen(value) >= sizeof buf || *value == '\0')
		return error_usage(err, _("tie-cascade: expected steps separated "
		    "by commas (total, schulze or a criterion id), found '%s'"),
		    value);
	snprintf(buf, sizeof buf, "%s", value);
	for (step = strtok_r(buf, ",", &save); step != NULL;
	    step = strtok_r(NULL, ",", &save)) {
		if (strcmp(step, "total") != 0 && strcmp(step, "schulze") != 0 &&
		    !is_criterion(ed, step, err))
			return error_usage(err, _("tie-cascade: unknown step '%s' "
			    "(expected total, schulze or a criterion id)"), step);
		for (i = 0; i < nseen; i++)
			if (strcmp(seen[i], step) == 0)
				return error_usage(err, _("tie-cascade: the step "
				    "'%s' appears twice"), step);
		if (nseen == sizeof seen / sizeof seen[0])
			return error_usage(err, _("tie-cascade: too many steps"));
		seen[nseen++] = step;
	}
	if (strstr(value, ",,") != NULL || value[strlen(value) - 1] == ',')
		return error_usage(err, _("tie-cascade: an empty step in '%s'"),
		    value);
	return 0;
}

static int
check_value(struct edition *ed, const char *key, const char *value,
    const char *phase, struct mw_error *err)
{
	double x;

	if (strcmp(key, "corridor") == 0) {
		if (parse_number(value, &x) != 0 || !(x > 0 && x <= 100))
			return error_usage(err, _("corridor: expected a number of "
			    "points above 0 and at most 100, found '%s'"), value);
	} else if (strcmp(key, "quorum") == 0) {
		if (parse_number(value, &x) != 0 || x < 0 || x > 100000 ||
		    x != floor(x))
			return error_usage(err, _("quorum: expected a whole number "
			    "of voting jurors (0 for none), found '%s'"), value);
	} else if (strcmp(key, "tie-cascade") == 0) {
		if (!rules_allow(ACT_TIE_CASCADE, phase))
			return error_set(err, _("the tie cascade is set before "
			    "scoring opens; the edition is in phase '%s'"), phase);
		return check_cascade(ed, value, err);
	} else if (strcmp(key, "attachment-file-limit") == 0 ||
	    strcmp(key, "attachment-edition-limit") == 0) {
		long long n;

		if (settings_parse_size(value, &n) != 0)
			return error_usage(err, _("%s: expected a size in bytes, "
			    "or with KiB, MiB or GiB (at most 1 GiB for one "
			    "file), found '%s'"), key, value);
		if (strcmp(key, "attachment-file-limit") == 0 &&
		    n > SETTING_FILE_LIMIT_MAX)
			return error_usage(err, _("%s: expected a size in bytes, "
			    "or with KiB, MiB or GiB (at most 1 GiB for one "
			    "file), found '%s'"), key, value);
	} else {
		return error_usage(err, _("unknown setting '%s' (known: "
		    "corridor, quorum, tie-cascade, attachment-file-limit, "
		    "attachment-edition-limit)"), key);
	}
	return 0;
}

int
setting_set(struct edition *ed, const char *actor, const char *key,
    const char *value, struct mw_error *err)
{
	struct edition_info info;
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc;

	if (db_begin(ed, err) != 0)
		return -1;
	if (edition_get_info(ed, &info, err) != 0 ||
	    check_value(ed, key, value, info.phase, err) != 0 ||
	    require_chair(ed, actor, err) != 0)
		goto fail;
	if (!rules_allow(ACT_SETTINGS, info.phase)) {
		error_set(err, _("%s: the edition is locked; its settings can no "
		    "longer change"), db_path(ed));
		goto fail;
	}
	st = db_stmt(ed, "INSERT INTO setting (key, value) VALUES (?1, ?2)"
	    " ON CONFLICT DO UPDATE SET value = excluded.value"
	    " WHERE value IS NOT excluded.value", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_error(ed, rc, err);
		goto fail;
	}
	if (sqlite3_changes(db_handle(ed)) == 0) {
		db_rollback(ed);
		return 0;
	}
	strbuf_addf(&detail, "%s=%s", key, value);
	rc = db_commit(ed, actor, "setting", strbuf_str(&detail), err);
	strbuf_free(&detail);
	return rc;
fail:
	db_rollback(ed);
	return -1;
}
