/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scratch directory and the demo edition of the fuzz targets. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/demo.h"
#include "fuzz.h"

static char dir[256];

static void
cleanup(void)
{
	char cmd[300];

	if (dir[0] != '\0') {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz: could not remove %s\n", dir);
	}
}

const char *
fuzz_path(const char *name)
{
	static char buf[512];

	if (dir[0] == '\0') {
		const char *tmp = getenv("TMPDIR");

		snprintf(dir, sizeof dir, "%s/mudawala-fuzz-XXXXXX",
		    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
		if (mkdtemp(dir) == NULL)
			abort();
		atexit(cleanup);
	}
	snprintf(buf, sizeof buf, "%s/%s", dir, name);
	return buf;
}

const char *
fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	const char *path = fuzz_path(name);
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	return path;
}

const char *
fuzz_demo(void)
{
	static char path[512];
	struct mw_error err = { 0 };

	if (path[0] != '\0')
		return path;
	if (getenv("MUDAWALA_DATADIR") == NULL)
		setenv("MUDAWALA_DATADIR", DATADIR_FOR_FUZZ, 0);
	snprintf(path, sizeof path, "%s", fuzz_path("demo.sqlite"));
	if (demo_write(path, &err) != 0) {
		fprintf(stderr, "fuzz: %s\n", err.msg);
		abort();
	}
	return path;
}
