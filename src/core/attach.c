/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/attach.h"
#include "core/doctext.h"
#include "core/filekind.h"
#include "text/fold.h"
#include "util/i18n.h"

int
attachments_of(struct edition *ed, const char *dossier,
    struct attachment **out, size_t *n, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT d.name, d.hash, a.size, a.type,"
	    " CASE WHEN a.type = 'application/pdf' THEN (SELECT count(*)"
	    "  FROM attachment_page p WHERE p.hash = a.hash) ELSE 0 END"
	    " FROM dossier_attachment d JOIN attachment a ON a.hash = d.hash"
	    " WHERE d.dossier_id = ?1 ORDER BY d.position, d.name", err);
	size_t cap = 4;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	*out = xmalloc(cap * sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct attachment *a;

		if (*n == cap) {
			cap *= 2;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		a = &(*out)[(*n)++];
		a->name = db_column_dup(st, 0);
		memset(a->hash, 0, sizeof a->hash);
		if (sqlite3_column_bytes(st, 1) == ATTACHMENT_HASH_BYTES)
			memcpy(a->hash, sqlite3_column_blob(st, 1),
			    ATTACHMENT_HASH_BYTES);
		sodium_bin2hex(a->hash_hex, sizeof a->hash_hex, a->hash,
		    sizeof a->hash);
		a->size = sqlite3_column_int64(st, 2);
		a->type = db_column_dup(st, 3);
		a->pages = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		attachments_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(ed, rc, err);
	}
	return 0;
}

void
attachments_free(struct attachment *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].name);
		free(a[i].type);
	}
	free(a);
}

struct page_writer {
	struct edition *ed;
	sqlite3_stmt *st;
	const unsigned char *hash;
	int rc;                 /* SQLite's, when a page could not be kept */
};

static int
keep_page(void *ctx, int page, const char *text)
{
	struct page_writer *w = ctx;
	char *folded = text_fold(text);
	int rc;

	sqlite3_bind_blob(w->st, 1, w->hash, ATTACHMENT_HASH_BYTES,
	    SQLITE_STATIC);
	sqlite3_bind_int(w->st, 2, page);
	sqlite3_bind_text(w->st, 3, folded, -1, SQLITE_STATIC);
	rc = sqlite3_step(w->st);
	sqlite3_reset(w->st);
	free(folded);
	if (rc == SQLITE_DONE)
		return 0;
	w->rc = rc;
	return -1;
}

int
attachment_store(struct edition *ed, struct filekind *fk, const void *data,
    size_t len, unsigned char hash[ATTACHMENT_HASH_BYTES], bool *added,
    struct mw_error *err)
{
	struct page_writer w = { .ed = ed, .hash = hash };
	sqlite3_stmt *st;
	char type[128];
	int rc;

	crypto_generichash(hash, ATTACHMENT_HASH_BYTES, data, len, NULL, 0);
	filekind_mime(fk, data, len, type, sizeof type);
	st = db_stmt(ed, "INSERT INTO attachment (hash, size, type, content)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (hash) DO NOTHING", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, ATTACHMENT_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)len);
	sqlite3_bind_text(st, 3, type, -1, SQLITE_STATIC);
	/* An empty file is an empty blob, not NULL. */
	sqlite3_bind_blob64(st, 4, len > 0 ? data : "", len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	*added = sqlite3_changes(db_handle(ed)) > 0;
	if (!*added || !doctext_readable(type))
		return 0;
	w.st = db_stmt(ed, "INSERT INTO attachment_page (hash, page, folded)"
	    " VALUES (?1, ?2, ?3)", err);
	if (w.st == NULL)
		return -1;
	/* A document whose text cannot be read is kept all the same: it is
	 * what the candidate sent; only the search does without it. */
	if (doctext_pages(data, len, type, keep_page, &w) < 0 && w.rc != 0)
		return db_error(ed, w.rc, err);
	return 0;
}

int
attachment_content(struct edition *ed,
    const unsigned char hash[ATTACHMENT_HASH_BYTES], void **data, size_t *len,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT content FROM attachment"
	    " WHERE hash = ?1", err);
	unsigned char check[ATTACHMENT_HASH_BYTES];
	int rc;

	*data = NULL;
	*len = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, ATTACHMENT_HASH_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? error_set(err, _("the document is "
		    "not in the edition")) : db_error(ed, rc, err);
	}
	*len = (size_t)sqlite3_column_bytes(st, 0);
	*data = xmalloc(*len + 1);
	if (*len > 0)
		memcpy(*data, sqlite3_column_blob(st, 0), *len);
	sqlite3_reset(st);
	crypto_generichash(check, sizeof check, *data, *len, NULL, 0);
	if (memcmp(check, hash, sizeof check) != 0) {
		free(*data);
		*data = NULL;
		return error_set(err, _("the document does not match its hash: "
		    "the edition was changed outside mudawala (run audit "
		    "--verify)"));
	}
	return 0;
}

int
attachment_extract(struct edition *ed, const struct attachment *a,
    char *path, size_t size, struct mw_error *err)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	void *data;
	size_t len, done = 0;
	int fd, n;

	if (attachment_content(ed, a->hash, &data, &len, err) != 0)
		return -1;
	snprintf(dir, sizeof dir, "%s/mudawala-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		free(data);
		return error_set(err, _("%s: cannot make a temporary folder: %s"),
		    dir, strerror(errno));
	}
	n = snprintf(path, size, "%s/%s", dir, a->name);
	fd = n > 0 && (size_t)n < size ?
	    open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600) : -1;
	while (fd >= 0 && done < len) {
		ssize_t w = write(fd, (const char *)data + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	free(data);
	if (fd < 0 || done < len || close(fd) != 0) {
		int e = errno;

		if (fd >= 0)
			unlink(path);
		rmdir(dir);
		return error_set(err, _("%s: cannot write the document: %s"),
		    a->name, strerror(e));
	}
	return 0;
}

void
attachment_unlink(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');

	unlink(path);
	if (slash != NULL) {
		*slash = '\0';
		rmdir(dir);
	}
	free(dir);
}

void
attachment_size_text(long long size, char *out, size_t len)
{
	if (size < 1024)
		snprintf(out, len, _("%lld B"), size);
	else if (size < 1024 * 1024)
		snprintf(out, len, _("%.0f KiB"), (double)size / 1024);
	else if (size < 1024LL * 1024 * 1024)
		snprintf(out, len, _("%.1f MiB"), (double)size / (1024 * 1024));
	else
		snprintf(out, len, _("%.1f GiB"), (double)size /
		    (1024.0 * 1024 * 1024));
}
