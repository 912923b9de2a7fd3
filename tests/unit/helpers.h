/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the unit tests: cmocka, a scratch directory, small files. */
#ifndef MUDAWALA_TEST_HELPERS_H
#define MUDAWALA_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/keys.h"
#include "core/preset.h"
#include "util/error.h"
#include "util/strbuf.h"

/* A fresh directory per test program, removed at exit. */
static char scratch_dir[256];

static inline void
scratch_cleanup(void)
{
	char cmd[300];

	if (scratch_dir[0] != '\0') {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch_dir);
		if (system(cmd) != 0)
			fprintf(stderr, "# could not remove %s\n", scratch_dir);
	}
}

static inline const char *
scratch_path(const char *name)
{
	static char buf[8][512];
	static int next;
	char *p = buf[next++ % 8];

	if (scratch_dir[0] == '\0') {
		snprintf(scratch_dir, sizeof scratch_dir, "%s/mudawala-test-XXXXXX",
		    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (mkdtemp(scratch_dir) == NULL)
			abort();
		atexit(scratch_cleanup);
	}
	snprintf(p, 512, "%s/%s", scratch_dir, name);
	return p;
}

/* Remove an edition file and the demo keys beside it, so that a test
 * can write it again. */
static inline void
remove_edition(const char *path)
{
	char cmd[2200];

	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s.keys' '%s-wal' '%s-shm'",
	    path, path, path, path);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", path);
}

/* Write text to a scratch file and return its path. */
static inline const char *
write_file(const char *name, const char *text)
{
	const char *path = scratch_path(name);
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
	return path;
}

/* A new e-mtiaz edition (2019 categories) at a scratch path, open for
 * writing.  Needs MUDAWALA_DATADIR (make check sets it). */
static inline struct edition *
new_edition(const char *name)
{
	struct init_options opt = { .preset = "emtiaz", .name = "Test",
		.year = 2019, .actor = "test" };
	struct mw_error err = { 0 };
	struct edition *ed = NULL;
	const char *path = scratch_path(name);

	unlink(path);
	if (edition_init(path, &opt, &err) != 0)
		fail_msg("init: %s", err.msg);
	if (db_open(path, DB_WRITE, &ed, &err) != 0)
		fail_msg("open: %s", err.msg);
	return ed;
}

/* Make juror's demo key (beside the edition at path, passphrase "demo")
 * sign what ed commits from now on. */
static inline void
sign_as(struct edition *ed, const char *path, const char *juror)
{
	struct mw_error err = { 0 };
	struct secret_key *key;
	char file[700];

	snprintf(file, sizeof file, "%s.keys/%s.key", path, juror);
	if (key_unlock(file, "demo", &key, &err) != 0)
		fail_msg("%s: %s", file, err.msg);
	db_set_signer(ed, juror, key);
	key_free(key);
}

/* Run SQL inside an audited transaction (test set-up), as the member
 * whose key signs (sign_as()), else as "test" in an unsigned edition. */
static inline void
exec_audited(struct edition *ed, const char *sql)
{
	const char *actor = db_signer(ed) != NULL ? db_signer(ed) : "test";
	struct mw_error err = { 0 };

	if (db_begin(ed, &err) != 0 || db_exec(ed, sql, &err) != 0 ||
	    db_commit(ed, actor, "test", sql, &err) != 0)
		fail_msg("%s: %s", sql, err.msg);
}

static inline int
count_rows(struct edition *ed, const char *sql)
{
	sqlite3_stmt *st;
	int n = -1;

	assert_int_equal(sqlite3_prepare_v2(db_handle(ed), sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A row_fn that appends each row to a strbuf as "a,b,c\n". */
static inline int
collect_rows(void *ctx, const char *const *cells, size_t n, const char *json,
    struct mw_error *err)
{
	struct strbuf *sb = ctx;
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? "," : "", cells[i]);
	strbuf_addc(sb, '\n');
	return 0;
}

#endif
