/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Presets: the categories, criteria and prizes an edition starts with,
 * read from CSV files under DATADIR/presets/NAME/. */
#ifndef MUDAWALA_PRESET_H
#define MUDAWALA_PRESET_H

#include "core/db.h"

/* The data directory: $MUDAWALA_DATADIR, else the installed one. */
const char *preset_datadir(void);

struct init_options {
	const char *preset;         /* e.g. "emtiaz" */
	const char *category_set;   /* e.g. "2019"; NULL: the preset's default */
	const char *name;           /* "e-mtiaz 2019" */
	int year;
	const char *actor;
};

/*
 * Create a new edition file at path from a preset, in phase setup.  The
 * file appears only when complete.  Errors name the preset file, line and
 * field at fault.
 */
int edition_init(const char *path, const struct init_options *opt,
    struct mw_error *err);

/*
 * Fill a freshly created edition (inside an open transaction) from a
 * preset; used by edition_init() and by the demo.
 */
int preset_apply(struct edition *ed, const struct init_options *opt,
    struct mw_error *err);

#endif
