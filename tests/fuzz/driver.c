/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Run a fuzz target over files, without libFuzzer: the regression test
 * of make check.  Each argument is a file or a directory of files; one
 * TAP line per file (a crash ends the run, and the test fails). */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int n;

static void
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long size;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		printf("not ok %d - %s: cannot read\n", ++n, path);
		if (f != NULL)
			fclose(f);
		return;
	}
	buf = malloc((size_t)size + 1);
	if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		printf("not ok %d - %s: cannot read\n", ++n, path);
		free(buf);
		fclose(f);
		return;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)size);
	free(buf);
	printf("ok %d - %s\n", ++n, path);
	fflush(stdout);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		struct stat sb;
		DIR *d;
		struct dirent *e;
		char **names = NULL;
		size_t k, m = 0;

		if (stat(argv[i], &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			run_file(argv[i]);
			continue;
		}
		d = opendir(argv[i]);
		while (d != NULL && (e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			names = realloc(names, (m + 1) * sizeof *names);
			size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;

			names[m] = malloc(len);
			snprintf(names[m], len, "%s/%s", argv[i], e->d_name);
			m++;
		}
		if (d != NULL)
			closedir(d);
		qsort(names, m, sizeof *names, by_name);
		for (k = 0; k < m; k++) {
			run_file(names[k]);
			free(names[k]);
		}
		free(names);
	}
	printf("1..%d\n", n);
	return 0;
}
