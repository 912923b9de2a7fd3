/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The documents of a dossier: stored once in the edition by their
 * BLAKE2b hash, listed, read back (checked against the hash) and put in
 * a private temporary file for the system's viewer. */
#ifndef MUDAWALA_ATTACH_H
#define MUDAWALA_ATTACH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"

#define ATTACHMENT_HASH_BYTES 32

struct filekind;

struct attachment {
	char *name;
	unsigned char hash[ATTACHMENT_HASH_BYTES];
	char hash_hex[2 * ATTACHMENT_HASH_BYTES + 1];
	long long size;
	char *type;             /* MIME type, from the content */
	int pages;              /* pages of text; 0 when it has none */
};

/* A dossier's documents in their order. */
int attachments_of(struct edition *ed, const char *dossier,
    struct attachment **out, size_t *n, struct mw_error *err);
void attachments_free(struct attachment *a, size_t n);

/*
 * In the open transaction: store data once by its hash, its MIME type
 * told by fk from the bytes, its text page by page (folded, for the
 * search).  *added says whether it was new to the edition.
 */
int attachment_store(struct edition *ed, struct filekind *fk,
    const void *data, size_t len, unsigned char hash[ATTACHMENT_HASH_BYTES],
    bool *added, struct mw_error *err);

/* The content of the document with this hash (to free), refused when it
 * no longer matches its hash. */
int attachment_content(struct edition *ed,
    const unsigned char hash[ATTACHMENT_HASH_BYTES], void **data, size_t *len,
    struct mw_error *err);

/*
 * Write the document a to a file of its own name in a new directory that
 * only the user can read ($TMPDIR or /tmp), for a viewer: its path into
 * path.  attachment_unlink() removes both afterwards.
 */
int attachment_extract(struct edition *ed, const struct attachment *a,
    char *path, size_t size, struct mw_error *err);
void attachment_unlink(const char *path);

/* "12 KiB", "3.4 MiB": a size for people. */
void attachment_size_text(long long size, char *out, size_t len);

#endif
