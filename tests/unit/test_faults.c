/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fault injection: SQLite's allocations (SQLITE_CONFIG_MALLOC) and the
 * file writes and syncs (a VFS shim over the default one) fail at the
 * Nth call during an import and during the lock.  After each, a fresh
 * connection must find the file either exactly as before or fully
 * changed, sound, with an audit chain that verifies.
 */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "decided.h"
#include "core/audit.h"
#include "core/backup.h"
#include "core/decision.h"
#include "core/demo.h"
#include "core/export.h"
#include "core/import.h"
#include "core/keys.h"
#include "core/lock.h"
#include "core/scoring.h"
#include "core/sheet.h"

/* --- allocations --- */

static sqlite3_mem_methods real_mem;
static long mem_calls, mem_fail_at;     /* 0: never fail */

static void *
faulty_malloc(int n)
{
	if (mem_fail_at > 0 && ++mem_calls == mem_fail_at)
		return NULL;
	return real_mem.xMalloc(n);
}

static void *
faulty_realloc(void *p, int n)
{
	if (mem_fail_at > 0 && ++mem_calls == mem_fail_at)
		return NULL;
	return real_mem.xRealloc(p, n);
}

/* --- writes and syncs --- */

static sqlite3_vfs *real_vfs;
static sqlite3_vfs faulty_vfs;
static long io_calls, io_fail_at;
static int io_error = SQLITE_IOERR_WRITE;      /* what a failed write says */

struct faulty_file {
	sqlite3_file base;
	sqlite3_file *real;     /* follows this struct */
};

static sqlite3_io_methods faulty_io;

static bool
io_fails(void)
{
	return io_fail_at > 0 && ++io_calls == io_fail_at;
}

#define REAL(f) (((struct faulty_file *)(f))->real)

static int f_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int f_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{ return REAL(f)->pMethods->xRead(REAL(f), b, n, o); }
static int f_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
	if (io_fails())
		return io_error;
	return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 s)
{
	if (io_fails())
		return SQLITE_IOERR_TRUNCATE;
	return REAL(f)->pMethods->xTruncate(REAL(f), s);
}
static int f_sync(sqlite3_file *f, int flags)
{
	if (io_fails())
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *s)
{ return REAL(f)->pMethods->xFileSize(REAL(f), s); }
static int f_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int f_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int f_check(sqlite3_file *f, int *r)
{ return REAL(f)->pMethods->xCheckReservedLock(REAL(f), r); }
static int f_control(sqlite3_file *f, int op, void *a)
{ return REAL(f)->pMethods->xFileControl(REAL(f), op, a); }
static int f_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int f_chars(sqlite3_file *f)
{ return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int f_shmmap(sqlite3_file *f, int i, int sz, int ext, void volatile **p)
{ return REAL(f)->pMethods->xShmMap(REAL(f), i, sz, ext, p); }
static int f_shmlock(sqlite3_file *f, int o, int n, int fl)
{ return REAL(f)->pMethods->xShmLock(REAL(f), o, n, fl); }
static void f_shmbarrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int f_shmunmap(sqlite3_file *f, int d)
{ return REAL(f)->pMethods->xShmUnmap(REAL(f), d); }

static int
f_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
    int *out)
{
	struct faulty_file *ff = (struct faulty_file *)file;
	int rc;

	(void)vfs;
	ff->real = (sqlite3_file *)(ff + 1);
	rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out);
	file->pMethods = ff->real->pMethods != NULL ? &faulty_io : NULL;
	return rc;
}

static void
install_faults(void)
{
	static const sqlite3_mem_methods *mem;
	sqlite3_mem_methods m;

	sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem);
	m = real_mem;
	m.xMalloc = faulty_malloc;
	m.xRealloc = faulty_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK)
		abort();
	(void)mem;
	sqlite3_initialize();
	real_vfs = sqlite3_vfs_find(NULL);
	faulty_vfs = *real_vfs;
	faulty_vfs.zName = "faulty";
	faulty_vfs.szOsFile = (int)sizeof(struct faulty_file) + real_vfs->szOsFile;
	faulty_vfs.xOpen = f_open;
	faulty_io = (sqlite3_io_methods){ 3, f_close, f_read, f_write, f_truncate,
	    f_sync, f_size, f_lock, f_unlock, f_check, f_control, f_sector,
	    f_chars, f_shmmap, f_shmlock, f_shmbarrier, f_shmunmap, NULL, NULL };
	sqlite3_vfs_register(&faulty_vfs, 1);
}

/* --- the state of a file, read with no fault armed --- */

struct state {
	int dossiers, audit, seals;
	char phase[16];
};

static void
read_state(const char *path, struct state *s)
{
	struct mw_error err = { 0 };
	struct audit_report rep;
	struct edition *ed;
	struct edition_info info;

	if (db_open(path, DB_READ, &ed, &err) != 0)
		fail_msg("reopen: %s", err.msg);
	if (audit_verify(ed, NULL, &rep, &err) != 0)
		fail_msg("after a fault: %s", err.msg);
	audit_report_free(&rep);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM"
	    " pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
	s->dossiers = count_rows(ed, "SELECT count(*) FROM dossier");
	s->audit = count_rows(ed, "SELECT count(*) FROM audit");
	s->seals = count_rows(ed, "SELECT count(*) FROM seal");
	assert_int_equal(edition_get_info(ed, &info, &err), 0);
	snprintf(s->phase, sizeof s->phase, "%s", info.phase);
	db_close(ed);
}

static bool
same_state(const struct state *a, const struct state *b)
{
	return a->dossiers == b->dossiers && a->audit == b->audit &&
	    a->seals == b->seals && strcmp(a->phase, b->phase) == 0;
}

static void
copy_file(const char *from, const char *to)
{
	char cmd[4200];

	snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm' && cp '%s' '%s'",
	    to, to, to, from, to);
	if (system(cmd) != 0)
		fail_msg("%s", cmd);
}

/* Checkpoint and close, so that the base is one self-contained file. */
static void
settle(struct edition *ed)
{
	struct mw_error err = { 0 };

	assert_int_equal(db_exec(ed, "PRAGMA wal_checkpoint(TRUNCATE)", &err), 0);
	db_close(ed);
}

typedef int (*operation)(struct edition *ed, void *ctx, struct mw_error *err);

/*
 * Run op on copies of base with the Nth allocation (or write) failing,
 * for N = 1, 2, ... until op runs with no fault left to inject; each
 * time the file must be as before or as after.  Every N up to 200, then
 * every 4 % (MUDAWALA_FAULTS=all: every N, some minutes).  Returns how
 * many faults were injected.
 */
static long
inject(const char *base, bool io, operation op, void *ctx,
    const struct state *before, const struct state *after)
{
	const char *work = scratch_path("work.sqlite");
	const char *all = getenv("MUDAWALA_FAULTS");
	bool every = all != NULL && strcmp(all, "all") == 0;
	long n, injected = 0;

	for (n = 1; ; n += every || n < 200 ? 1 : n / 25) {
		struct mw_error err = { 0 };
		struct edition *ed;
		struct state s;
		int rc;

		copy_file(base, work);
		if (db_open(work, DB_WRITE, &ed, &err) != 0)
			fail_msg("open: %s", err.msg);
		mem_calls = io_calls = 0;
		if (io)
			io_fail_at = n;
		else
			mem_fail_at = n;
		rc = op(ed, ctx, &err);
		mem_fail_at = io_fail_at = 0;
		db_close(ed);
		read_state(work, &s);
		if (!same_state(&s, before) && !same_state(&s, after))
			fail_msg("fault %ld (%s): neither before nor after "
			    "(dossiers %d, audit rows %d, phase %s; op said %d: %s)",
			    n, io ? "write" : "malloc", s.dossiers, s.audit,
			    s.phase, rc, err.msg);
		if (rc == 0 && (io ? io_calls : mem_calls) < n)
			break;          /* nothing left to fail */
		injected++;
	}
	return injected;
}

static int
do_import(struct edition *ed, void *ctx, struct mw_error *err)
{
	struct import_result res;

	return import_csv(ed, IMPORT_DOSSIERS, ctx, "test", NULL, &res, err);
}

static void
import_is_all_or_nothing(void **state)
{
	const char *base = scratch_path("import-base.sqlite");
	const char *csv = write_file("d.csv", "id,category,title_fr,title_ar\n"
	    "N1,e-contenu,Portail un,بوابة\nN2,e-contenu,Portail deux,\n"
	    "N3,smart-apps,Application trois,تطبيق\n");
	struct mw_error err = { 0 };
	struct state before, after;
	struct edition *ed;
	long m, w;

	(void)state;
	unlink(base);
	ed = new_edition("import-base.sqlite");
	settle(ed);
	read_state(base, &before);
	copy_file(base, scratch_path("import-after.sqlite"));
	assert_int_equal(db_open(scratch_path("import-after.sqlite"), DB_WRITE,
	    &ed, &err), 0);
	assert_int_equal(do_import(ed, (void *)csv, &err), 0);
	db_close(ed);
	read_state(scratch_path("import-after.sqlite"), &after);
	assert_int_equal(after.dossiers, before.dossiers + 3);
	m = inject(base, false, do_import, (void *)csv, &before, &after);
	w = inject(base, true, do_import, (void *)csv, &before, &after);
	print_message("# import: %ld allocation faults, %ld write faults\n", m, w);
	assert_true(m > 100);
	assert_true(w > 2);
}

struct lock_ctx {
	struct secret_key *key;
};

static int
do_lock(struct edition *ed, void *ctx, struct mw_error *err)
{
	return lock_edition(ed, "chair", ((struct lock_ctx *)ctx)->key, err);
}

static void
lock_is_all_or_nothing(void **state)
{
	const char *base = scratch_path("lock-base.sqlite");
	struct mw_error err = { 0 };
	struct state before, after;
	struct lock_ctx lc;
	struct edition *ed;
	long m, w;

	(void)state;
	ed = decided_demo_at(base, &lc.key);
	settle(ed);
	read_state(base, &before);
	copy_file(base, scratch_path("lock-after.sqlite"));
	assert_int_equal(db_open(scratch_path("lock-after.sqlite"), DB_WRITE,
	    &ed, &err), 0);
	assert_int_equal(do_lock(ed, &lc, &err), 0);
	db_close(ed);
	read_state(scratch_path("lock-after.sqlite"), &after);
	assert_string_equal(after.phase, "locked");
	m = inject(base, false, do_lock, &lc, &before, &after);
	w = inject(base, true, do_lock, &lc, &before, &after);
	print_message("# lock: %ld allocation faults, %ld write faults\n", m, w);
	assert_true(m > 100);
	assert_true(w > 2);
	key_free(lc.key);
}

static void
a_full_disk_is_named_and_changes_nothing(void **state)
{
	const char *base = scratch_path("full-base.sqlite");
	const char *work = scratch_path("full.sqlite");
	const char *csv = write_file("f.csv", "id,category,title_fr\n"
	    "F1,e-contenu,Portail\n");
	struct mw_error err = { 0 };
	struct state before, s;
	struct edition *ed;

	(void)state;
	unlink(base);
	ed = new_edition("full-base.sqlite");
	settle(ed);
	read_state(base, &before);
	copy_file(base, work);
	assert_int_equal(db_open(work, DB_WRITE, &ed, &err), 0);
	io_error = SQLITE_FULL;
	io_calls = 0;
	io_fail_at = 1;
	assert_int_equal(do_import(ed, (void *)csv, &err), -1);
	io_fail_at = 0;
	io_error = SQLITE_IOERR_WRITE;
	db_close(ed);
	assert_non_null(strstr(err.msg, "the disk is full; nothing was changed"));
	read_state(work, &s);
	assert_true(same_state(&s, &before));
}

/* The other write paths: a member's score save (the TUI's autosave), the
 * chair's award, the chair's import of a sealed sheet.  Each op signs
 * with the key in its context, as the program does after the login. */
struct act_ctx {
	const char *juror;
	struct secret_key *key;
	const char *sheet;
};

static int
do_score(struct edition *ed, void *ctx, struct mw_error *err)
{
	struct act_ctx *a = ctx;

	db_set_signer(ed, a->juror, a->key);
	return score_set(ed, a->juror, "D12", "qualite", 13, "Saisi", err);
}

static int
do_award(struct edition *ed, void *ctx, struct mw_error *err)
{
	struct act_ctx *a = ctx;

	db_set_signer(ed, a->juror, a->key);
	return decision_set(ed, a->juror, "e-contenu", "excellence", "D21",
	    "Le meilleur service", NULL, err);
}

static int
do_sheet(struct edition *ed, void *ctx, struct mw_error *err)
{
	struct act_ctx *a = ctx;
	struct sheet_result res;

	return sheet_import(ed, a->juror, a->key, a->sheet, &res, err);
}

static struct secret_key *
demo_key(const char *path, const char *juror)
{
	struct mw_error err = { 0 };
	struct secret_key *key;
	char file[700];

	snprintf(file, sizeof file, "%s.keys/%s.key", path, juror);
	if (key_unlock(file, "demo", &key, &err) != 0)
		fail_msg("%s", err.msg);
	return key;
}

/* Faults during op on the edition at base: before or after, never
 * between. */
static void
all_or_nothing(const char *name, const char *base, operation op,
    struct act_ctx *a)
{
	struct mw_error err = { 0 };
	struct state before, after;
	struct edition *ed;
	char done[512];
	long m, w;

	snprintf(done, sizeof done, "%s", scratch_path("act-after.sqlite"));

	assert_int_equal(db_open(base, DB_WRITE, &ed, &err), 0);
	settle(ed);
	read_state(base, &before);
	copy_file(base, done);
	assert_int_equal(db_open(done, DB_WRITE, &ed, &err), 0);
	if (op(ed, a, &err) != 0)
		fail_msg("%s: %s", name, err.msg);
	db_close(ed);
	read_state(done, &after);
	assert_int_equal(after.audit, before.audit + 1);
	m = inject(base, false, op, a, &before, &after);
	w = inject(base, true, op, a, &before, &after);
	print_message("# %s: %ld allocation faults, %ld write faults\n", name,
	    m, w);
	assert_true(m > 20);
	assert_true(w > 2);
}

static void
other_writes_are_all_or_nothing(void **state)
{
	struct mw_error err = { 0 };
	struct act_ctx a = { 0 };
	struct edition *ed;
	char cmd[4200], base[512], laptop[512], sheet[512];
	bool changed;

	(void)state;
	/* scratch_path() reuses its buffers: keep copies. */
	snprintf(base, sizeof base, "%s", scratch_path("acts.sqlite"));
	snprintf(laptop, sizeof laptop, "%s", scratch_path("laptop.sqlite"));
	snprintf(sheet, sizeof sheet, "%s", scratch_path("misoc-sheet.json"));
	remove_edition(base);
	assert_int_equal(demo_write(base, &err), 0);
	/* A score save, during scoring. */
	a.juror = "hg";
	a.key = demo_key(base, "hg");
	all_or_nothing("score", base, do_score, &a);
	key_free(a.key);
	/* A sheet from a copy on misoc's laptop, imported by the chair. */
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s.keys' && cp '%s' '%s' && "
	    "cp -r '%s.keys' '%s.keys'", laptop, laptop, base, laptop, base,
	    laptop);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(db_open(laptop, DB_WRITE, &ed, &err), 0);
	a.key = demo_key(base, "misoc");
	db_set_signer(ed, "misoc", a.key);
	assert_int_equal(score_set(ed, "misoc", "D12", "qualite", 11, "Lu",
	    &err), 0);
	a.sheet = sheet;
	assert_int_equal(sheet_export(ed, "misoc", a.key, a.sheet, &err), 0);
	key_free(a.key);
	db_close(ed);
	a.juror = "chair";
	a.key = demo_key(base, "chair");
	all_or_nothing("sheet import", base, do_sheet, &a);
	/* An award, during deliberation. */
	assert_int_equal(db_open(base, DB_WRITE, &ed, &err), 0);
	db_set_signer(ed, "chair", a.key);
	assert_int_equal(edition_set_phase(ed, "deliberation", "chair", NULL,
	    &changed, &err), 0);
	db_close(ed);
	all_or_nothing("award", base, do_award, &a);
	key_free(a.key);
}

/* A backup under every fault: no file under the backup's name, or one
 * that is whole and verifies; the edition itself untouched. */
static void
a_backup_is_whole_or_absent(void **state)
{
	struct mw_error err = { 0 };
	struct state before, s;
	struct edition *ed;
	char base[512], out[512];
	long n, faults = 0;

	(void)state;
	snprintf(base, sizeof base, "%s", scratch_path("backup-base.sqlite"));
	snprintf(out, sizeof out, "%s", scratch_path("backup-copy.sqlite"));
	remove_edition(base);
	assert_int_equal(demo_write(base, &err), 0);
	read_state(base, &before);
	for (n = 1; ; n++) {
		int rc;

		unlink(out);
		if (db_open(base, DB_READ, &ed, &err) != 0)
			fail_msg("%s", err.msg);
		io_calls = 0;
		io_fail_at = n;
		rc = backup_write(ed, out, &err);
		io_fail_at = 0;
		db_close(ed);
		if (access(out, F_OK) == 0) {
			read_state(out, &s);
			assert_true(same_state(&s, &before));
		} else
			assert_int_equal(rc, -1);
		if (rc == 0 && io_calls < n)
			break;
		faults++;
	}
	read_state(base, &s);
	assert_true(same_state(&s, &before));
	print_message("# backup: %ld write faults\n", faults);
	assert_true(faults > 2);
}

/* Files in dir whose name starts with prefix. */
static int
count_files(const char *dir, const char *prefix)
{
	char cmd[1200];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -c '^%s' || true", dir,
	    prefix);
	p = popen(cmd, "r");
	if (p != NULL && fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p != NULL)
		pclose(p);
	return n;
}

/* A disk that fills while an export is written (the file size limit,
 * the same EFBIG a full disk gives as ENOSPC): no file under the final
 * name, no temporary file left, and an earlier export stays whole. */
static void
a_full_disk_leaves_no_partial_export(void **state)
{
	static const enum export_format formats[] = { EXPORT_CSV, EXPORT_JSON,
	    EXPORT_HTML };
	struct export_opts o = { .lang = "fr", .draft = true };
	struct mw_error err = { 0 };
	struct edition *ed;
	struct rlimit old, tight;
	char base[512], dir[512], out[600];
	struct stat sb;
	size_t i;

	(void)state;
	snprintf(dir, sizeof dir, "%s", scratch_path("exports"));
	snprintf(base, sizeof base, "%s", scratch_path("export.sqlite"));
	assert_int_equal(mkdir(dir, 0700) == 0 || errno == EEXIST, 1);
	remove_edition(base);
	assert_int_equal(demo_write(base, &err), 0);
	assert_int_equal(db_open(base, DB_WRITE, &ed, &err), 0);
	sign_as(ed, base, "chair");
	{
		bool changed;

		assert_int_equal(edition_set_phase(ed, "deliberation", "chair",
		    NULL, &changed, &err), 0);
	}
	signal(SIGXFSZ, SIG_IGN);
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		o.format = formats[i];
		snprintf(out, sizeof out, "%s/results", dir);
		unlink(out);
		assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
		tight = old;
		tight.rlim_cur = 1000;
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &tight), 0);
		assert_int_equal(export_write(ed, &o, out, &err), -1);
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
		assert_non_null(strstr(err.msg, "cannot write"));
		assert_int_equal(stat(out, &sb), -1);
		assert_int_equal(count_files(dir, "results"), 0);
		/* A whole one, then the full disk again: the first stays. */
		assert_int_equal(export_write(ed, &o, out, &err), 0);
		assert_int_equal(stat(out, &sb), 0);
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &tight), 0);
		assert_int_equal(export_write(ed, &o, out, &err), -1);
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
		assert_int_equal(count_files(dir, "results"), 1);
		{
			struct stat now;

			assert_int_equal(stat(out, &now), 0);
			assert_int_equal(now.st_size, sb.st_size);
		}
	}
	signal(SIGXFSZ, SIG_DFL);
	db_close(ed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(import_is_all_or_nothing),
		cmocka_unit_test(lock_is_all_or_nothing),
		cmocka_unit_test(a_full_disk_is_named_and_changes_nothing),
		cmocka_unit_test(other_writes_are_all_or_nothing),
		cmocka_unit_test(a_backup_is_whole_or_absent),
		cmocka_unit_test(a_full_disk_leaves_no_partial_export),
	};

	install_faults();
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("faults", tests, NULL, NULL);
}
