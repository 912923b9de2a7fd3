/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a file is, from its contents (libmagic), for the messages that
 * refuse a file that is not what was expected. */
#ifndef MUDAWALA_FILEKIND_H
#define MUDAWALA_FILEKIND_H

#include <stddef.h>

/* A short description of path's contents ("ASCII text", "PDF document,
 * version 1.7"), or "" when it cannot be told, into out. */
void file_describe(const char *path, char *out, size_t size);

/* The same, of data in memory. */
void file_describe_buffer(const void *data, size_t len, char *out,
    size_t size);

/* The MIME type of data ("application/pdf", "image/png", "text/plain"),
 * from its bytes, into out: one libmagic handle for a run of files (its
 * database loads once).  NULL from filekind_open() if libmagic fails. */
struct filekind;
struct filekind *filekind_open(void);
void filekind_mime(struct filekind *fk, const void *data, size_t len,
    char *out, size_t size);
void filekind_close(struct filekind *fk);

#endif
