/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench/autosave: commits per second of the scoring form's autosave path
 * (score_set: one transaction, one audit row signed with the juror's
 * key, synchronous=FULL).
 * Usage: autosave EDITION JUROR DOSSIER N SECRETKEY [pages]
 * (passphrase "demo").  With "pages", prints the pages each save writes
 * to the WAL (4 KiB each) instead.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/db.h"
#include "core/keys.h"
#include "core/scoring.h"

int
main(int argc, char **argv)
{
	struct mw_error err = { 0 };
	struct secret_key *key;
	struct edition *ed;
	struct timespec a, b;
	long i, n;
	int pages = 0, hi;

	if (argc != 6 && argc != 7)
		return 2;
	n = atol(argv[4]);
	if (db_open(argv[1], DB_WRITE, &ed, &err) != 0 ||
	    key_unlock(argv[5], "demo", &key, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	/* As the TUI after the login: every save is signed. */
	db_set_signer(ed, argv[2], key);
	key_free(key);
	/* The first save prepares the statements: not counted. */
	if (score_set(ed, argv[2], argv[3], "qualite", 1, NULL, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	sqlite3_db_status(db_handle(ed), SQLITE_DBSTATUS_CACHE_WRITE, &pages,
	    &hi, 1);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		if (score_set(ed, argv[2], argv[3], "qualite",
		    (double)(i % 20), NULL, &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
	clock_gettime(CLOCK_MONOTONIC, &b);
	sqlite3_db_status(db_handle(ed), SQLITE_DBSTATUS_CACHE_WRITE, &pages,
	    &hi, 0);
	db_close(ed);
	if (argc == 7) {
		printf("%.1f\n", (double)pages / (double)n);
		return 0;
	}
	printf("%.0f\n", (double)n / ((double)(b.tv_sec - a.tv_sec) +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e9));
	return 0;
}
