/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the chair sets for the deliberation: the disagreement corridor,
 * the quorum and the tie-breaking cascade. */
#ifndef MUDAWALA_SETTINGS_H
#define MUDAWALA_SETTINGS_H

#include "core/db.h"
#include "core/rows.h"

/* A juror total farther than this from the dossier's mean is flagged. */
#define SETTING_CORRIDOR_DEFAULT 25.0
/* The seeds' order: general interest, then quality of service. */
#define SETTING_CASCADE_DEFAULT "total,interet-general,qualite,schulze"

/* Documents: one file, and all of an edition's (each stored once).  A
 * SQLite value holds at most 1,000,000,000 bytes. */
#define SETTING_FILE_LIMIT_DEFAULT "32MiB"
#define SETTING_EDITION_LIMIT_DEFAULT "4GiB"
#define SETTING_FILE_LIMIT_MAX (1000LL * 1000 * 1000)
#define SETTING_SIZE_MAX (1LL << 50)

struct settings {
	double corridor;        /* points of 100 */
	int quorum;             /* voting jurors a dossier needs; 0: none */
	char cascade[512];      /* steps: total, schulze or a criterion id */
	long long file_limit;   /* bytes of one document */
	long long edition_limit;        /* bytes of all the documents */
};

/* "1048576", "500KiB", "32MiB", "4GiB": bytes into *out; -1 if not. */
int settings_parse_size(const char *s, long long *out);

/* The settings in force (the defaults for keys never set). */
int settings_load(struct edition *ed, struct settings *s,
    struct mw_error *err);

/* key, value, default */
extern const struct columns settings_columns;
int settings_list(struct edition *ed, row_fn fn, void *ctx,
    struct mw_error *err);

/*
 * Set key (corridor: a number of points above 0 and at most 100;
 * quorum: a whole number of voting jurors from 0; tie-cascade: steps
 * separated by commas, each "total", "schulze" or a criterion id, no
 * step twice; attachment-file-limit, attachment-edition-limit: a size,
 * see settings_parse_size()).  Only the chair sets them and not once the edition is
 * locked; the tie cascade only before scoring opens.  One transaction
 * and one audit row; a value equal to the current one changes nothing.
 */
int setting_set(struct edition *ed, const char *actor, const char *key,
    const char *value, struct mw_error *err);

#endif
