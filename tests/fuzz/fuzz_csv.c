/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the CSV imports.  The first byte picks the kind
 * (dossiers, jurors, conflicts, administrations) and whether a reason is
 * given; the rest is the file, imported by the chair into a demo edition
 * in scoring: whatever passes is kept, so that later inputs meet a
 * changed edition. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "core/import.h"
#include "core/keys.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct edition *ed;
	struct mw_error err = { 0 };
	struct import_result res;
	const char *path;

	if (size < 1 || size > 65536)
		return 0;
	if (ed == NULL) {
		struct secret_key *key;
		char file[600];

		if (db_open(fuzz_demo(), DB_WRITE, &ed, &err) != 0 ||
		    db_exec(ed, "PRAGMA synchronous = OFF", &err) != 0)
			abort();         /* a scratch file: speed over durability */
		snprintf(file, sizeof file, "%s.keys/chair.key", fuzz_demo());
		if (key_unlock(file, "demo", &key, &err) != 0)
			abort();
		db_set_signer(ed, "chair", key);
		key_free(key);
	}
	path = fuzz_file("input.csv", data + 1, size - 1);
	(void)import_csv(ed, (enum import_kind)(data[0] % 4), path, "chair",
	    data[0] & 0x80 ? "fuzz" : NULL, &res, &err);
	return 0;
}
