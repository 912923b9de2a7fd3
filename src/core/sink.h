/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A file written whole or not at all. */
#ifndef MUDAWALA_SINK_H
#define MUDAWALA_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "util/error.h"
#include "util/strbuf.h"

/*
 * A file written as it is composed, whole or not at all: into a temporary
 * file beside path, synced and renamed by sink_close().  Writers compose
 * in buf and call sink_flush() as they go (after each row), so that an
 * export's memory does not grow with the edition.
 */
struct sink {
	struct strbuf buf;
	FILE *f;
	char *tmp, *path;
	int error;              /* errno of the first failed write, or 0 */
};
int sink_open(struct sink *s, const char *path, mode_t mode,
    struct mw_error *err);
/* Write buf out once it holds a good amount (64 KiB). */
void sink_flush(struct sink *s);

/* A sink that keeps everything in buf (no file): what is composed to be
 * drawn again, as the HTML minutes are for the PDF ones.  The caller
 * frees buf. */
void sink_memory(struct sink *s);
/* keep: write the rest, sync and put the file in place (-1 if any write
 * failed); else remove it.  Frees what s holds either way. */
int sink_close(struct sink *s, bool keep, struct mw_error *err);

/* Write text to path whole or not at all (temporary file, fsync,
 * rename), with the given mode: 0644 for what is published, 0600 for
 * what is private. */
int sink_replace_file(const char *path, const char *data, size_t len,
    mode_t mode, struct mw_error *err);

#endif
