/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The minutes of the deliberation (procès-verbal) as one self-contained
 * HTML page, printable on A4, in the language of the messages. */
#ifndef MUDAWALA_MINUTES_H
#define MUDAWALA_MINUTES_H

#include <stdbool.h>

#include "core/db.h"
#include "core/sink.h"

struct minutes_opts {
	const char *lang;       /* "ar" or "fr": titles */
	bool draft;             /* before the lock: says so on every page */
	const char *place;      /* where the commission met, or NULL */
	const char *absent;     /* the members absent, ids comma-separated,
	                         * or NULL: everyone was there */
};

/* Write the minutes to out as they are composed; the ranking is in
 * temp.export_rank. */
int minutes_write(struct edition *ed, const struct minutes_opts *opts,
    struct sink *out, struct mw_error *err);

#endif
