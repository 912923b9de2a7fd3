/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * -o - for every output.  The commands write their files whole or not at
 * all (a temporary file renamed, a backup never over an existing file), so
 * "-" is a file in a private folder of its own, copied to standard output
 * once complete: a pipe never receives half a file, and a failed export
 * writes nothing at all.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/outfile.h"
#include "util/i18n.h"

int
outfile_open(struct outfile *o, const char *arg, struct mw_error *err)
{
	const char *tmpdir = getenv("TMPDIR");

	memset(o, 0, sizeof *o);
	if (arg == NULL || strcmp(arg, "-") != 0) {
		o->path = arg;
		return 0;
	}
	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	if ((size_t)snprintf(o->dir, sizeof o->dir, "%s/mudawala-XXXXXX",
	    tmpdir) >= sizeof o->dir || mkdtemp(o->dir) == NULL)
		return error_set(err, _("%s: cannot make a temporary folder (%s)"),
		    tmpdir, error_text(errno));
	snprintf(o->tmp, sizeof o->tmp, "%s/out", o->dir);
	o->path = o->tmp;
	o->to_stdout = true;
	return 0;
}

static int
copy_out(const char *path, struct mw_error *err)
{
	char buf[65536];
	FILE *f = fopen(path, "rb");
	size_t n;
	int ret = 0;

	if (f == NULL)
		return error_set(err, "%s: %s", path, error_text(errno));
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			break;
	if (ferror(f))
		ret = error_set(err, "%s: %s", path, error_text(errno));
	else if (fflush(stdout) != 0 || ferror(stdout))
		ret = error_set(err, _("standard output: cannot write (%s)"),
		    error_text(errno));
	fclose(f);
	return ret;
}

int
outfile_finish(struct outfile *o, bool ok, struct mw_error *err)
{
	int ret = 0;

	if (!o->to_stdout)
		return 0;
	if (ok)
		ret = copy_out(o->tmp, err);
	unlink(o->tmp);
	rmdir(o->dir);
	return ret;
}
