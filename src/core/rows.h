/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rows handed from core to whoever displays them: the text of each cell
 * (NULL-free, owned by core for the duration of the call) and the same
 * row as one JSON object made by SQLite. */
#ifndef MUDAWALA_ROWS_H
#define MUDAWALA_ROWS_H

#include <stddef.h>

#include "util/error.h"

typedef int (*row_fn)(void *ctx, const char *const *cells, size_t ncells,
    const char *json, struct mw_error *err);

struct columns {
	const char *const *names;
	size_t n;
};

#endif
