/* SPDX-License-Identifier: GPL-3.0-or-later */
/* -o FILE, or -o - for standard output. */
#ifndef MUDAWALA_OUTFILE_H
#define MUDAWALA_OUTFILE_H

#include <stdbool.h>

#include "util/error.h"

struct outfile {
	const char *path;       /* where the command writes: FILE, or a file
	                         * in a private temporary folder for "-" */
	bool to_stdout;
	char dir[4096];
	char tmp[4096 + 8];
};

/* Where to write what -o names; "-": a fresh private folder, copied to
 * standard output by outfile_finish(). */
int outfile_open(struct outfile *o, const char *arg, struct mw_error *err);

/* ok: for "-", copy the file whole to standard output.  Either way the
 * temporary folder is removed.  -1 if the copy failed. */
int outfile_finish(struct outfile *o, bool ok, struct mw_error *err);

#endif
