/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sign.h"
#include "util/i18n.h"
#include "util/strbuf.h"

#define SIG_BIN 74      /* "ED" || key id || signature */

static int
hash_stream(FILE *f, uint8_t out[64])
{
	crypto_generichash_state h;
	uint8_t buf[65536];
	size_t n;

	crypto_generichash_init(&h, NULL, 0, 64);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_generichash_update(&h, buf, n);
	if (ferror(f))
		return -1;
	crypto_generichash_final(&h, out, 64);
	return 0;
}

static int
hash_file(const char *path, uint8_t out[64], struct mw_error *err)
{
	FILE *f = fopen(path, "rb");
	int rc;

	if (f == NULL)
		return error_set(err, _("%s: cannot read (%s)"), path,
		    error_text(errno));
	rc = hash_stream(f, out);
	fclose(f);
	return rc == 0 ? 0 : error_set(err, _("%s: cannot read (%s)"), path,
	    error_text(errno));
}

/* A trusted comment is one line: no control character but tab. */
static int
check_comment(const char *c, struct mw_error *err)
{
	const unsigned char *p;

	if (strlen(c) > SIGN_COMMENT_MAX)
		return error_set(err, _("the trusted comment is longer than %d "
		    "bytes"), SIGN_COMMENT_MAX);
	for (p = (const unsigned char *)c; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
			return error_set(err, _("the trusted comment holds a "
			    "control character"));
	return 0;
}

static char *
b64(const uint8_t *bin, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *s = xmalloc(n);

	sodium_bin2base64(s, n, bin, len, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

char *
sign_text(const struct secret_key *key, const uint8_t hash[64],
    const char *trusted_comment, struct mw_error *err)
{
	uint8_t sigbin[SIG_BIN], global[64];
	struct strbuf text = STRBUF_INIT;
	uint8_t *both;
	size_t clen = strlen(trusted_comment);
	char *s1, *s2, id[17];

	if (check_comment(trusted_comment, err) != 0)
		return NULL;
	memcpy(sigbin, "ED", 2);
	memcpy(sigbin + 2, key->key_id, 8);
	crypto_sign_detached(sigbin + 10, NULL, hash, 64, key->sk);
	both = xmalloc(64 + clen);
	memcpy(both, sigbin + 10, 64);
	memcpy(both + 64, trusted_comment, clen);
	crypto_sign_detached(global, NULL, both, 64 + clen, key->sk);
	free(both);
	s1 = b64(sigbin, sizeof sigbin);
	s2 = b64(global, sizeof global);
	key_id_text(key->key_id, id);
	strbuf_addf(&text, "untrusted comment: signature from mudawala, key "
	    "%s\n%s\ntrusted comment: %s\n%s\n", id, s1, trusted_comment, s2);
	free(s1);
	free(s2);
	return strbuf_detach(&text);
}

int
sign_file(const struct secret_key *key, const char *path,
    const char *trusted_comment, struct mw_error *err)
{
	uint8_t hash[64];
	struct strbuf tmp = STRBUF_INIT, dest = STRBUF_INIT;
	char *text;
	FILE *f;
	int fd, ret = -1;

	if (hash_file(path, hash, err) != 0 ||
	    (text = sign_text(key, hash, trusted_comment, err)) == NULL)
		return -1;
	strbuf_addf(&dest, "%s.minisig", path);
	strbuf_addf(&tmp, "%s.tmp-XXXXXX", strbuf_str(&dest));
	fd = mkstemp(tmp.buf);
	/* A signature is published with its file. */
	if (fd < 0 || fchmod(fd, 0644) != 0 || (f = fdopen(fd, "w")) == NULL) {
		error_set(err, _("%s: cannot write (%s)"), strbuf_str(&dest),
		    error_text(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if (fputs(text, f) == EOF || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0) {
		error_set(err, _("%s: cannot write (%s)"), strbuf_str(&dest),
		    error_text(errno));
		fclose(f);
		unlink(tmp.buf);
		goto out;
	}
	fclose(f);
	if (rename(tmp.buf, strbuf_str(&dest)) != 0) {
		error_set(err, _("%s: cannot write (%s)"), strbuf_str(&dest),
		    error_text(errno));
		unlink(tmp.buf);
		goto out;
	}
	ret = 0;
out:
	free(text);
	strbuf_free(&tmp);
	strbuf_free(&dest);
	return ret;
}

/* Read up to max lines of a small text file; a trailing \r goes (files
 * that travelled through Windows). */
static int
read_lines(const char *path, char lines[][SIGN_COMMENT_MAX + 64], int max,
    int *n, struct mw_error *err)
{
	FILE *f = fopen(path, "r");

	*n = 0;
	if (f == NULL)
		return error_set(err, _("%s: cannot read (%s)"), path,
		    error_text(errno));
	while (*n < max && fgets(lines[*n], SIGN_COMMENT_MAX + 64, f) != NULL) {
		size_t len = strlen(lines[*n]);

		while (len > 0 && (lines[*n][len - 1] == '\n' ||
		    lines[*n][len - 1] == '\r'))
			lines[*n][--len] = '\0';
		(*n)++;
	}
	fclose(f);
	return 0;
}

static int
decode(const char *s, uint8_t *out, size_t want)
{
	size_t len;

	return sodium_base642bin(out, want, s, strlen(s), NULL, &len, NULL,
	    sodium_base64_VARIANT_ORIGINAL) == 0 && len == want ? 0 : -1;
}

int
sign_read_public_key(const char *path, struct public_key *out,
    struct mw_error *err)
{
	char (*lines)[SIGN_COMMENT_MAX + 64] = xmalloc(2 * sizeof *lines);
	int n, ret = 0;

	if (read_lines(path, lines, 2, &n, err) != 0) {
		free(lines);
		return -1;
	}
	if (n < 2 || key_public_parse(lines[1], out->id, out->pk) != 0)
		ret = error_set(err, _("%s: not a minisign public key (expected "
		    "a comment line, then the key in base64)"), path);
	free(lines);
	return ret;
}

/* Split text into up to max lines as read_lines() does. */
static void
text_lines(const char *text, char lines[][SIGN_COMMENT_MAX + 64], int max,
    int *n)
{
	*n = 0;
	while (*n < max && *text != '\0') {
		size_t len = strcspn(text, "\n"), keep = len;

		while (keep > 0 && text[keep - 1] == '\r')
			keep--;
		if (keep >= SIGN_COMMENT_MAX + 64)
			keep = SIGN_COMMENT_MAX + 63;
		memcpy(lines[*n], text, keep);
		lines[*n][keep] = '\0';
		(*n)++;
		text += len + (text[len] == '\n');
	}
}

/* sigpath names the signature in messages; sigtext, if not NULL, is
 * its text (else it is read from sigpath). */
static int
verify_lines(const uint8_t hash[64], const char *sigpath, const char *sigtext,
    const struct public_key *key, char **comment, struct mw_error *err)
{
	char (*lines)[SIGN_COMMENT_MAX + 64] = xmalloc(4 * sizeof *lines);
	uint8_t sigbin[SIG_BIN], global[64], *both;
	const char *tc;
	char want[17], got[17];
	size_t clen;
	int n, ret = -1;

	*comment = NULL;
	if (sigtext != NULL)
		text_lines(sigtext, lines, 4, &n);
	else if (read_lines(sigpath, lines, 4, &n, err) != 0)
		goto out;
	if (n < 4 || strncmp(lines[0], "untrusted comment:", 18) != 0 ||
	    strncmp(lines[2], "trusted comment: ", 17) != 0 ||
	    decode(lines[1], sigbin, sizeof sigbin) != 0 ||
	    decode(lines[3], global, sizeof global) != 0) {
		error_set(err, _("%s: not a minisign signature (expected four "
		    "lines: comment, signature, trusted comment, global "
		    "signature)"), sigpath);
		goto out;
	}
	if (memcmp(sigbin, "Ed", 2) == 0) {
		error_set(err, _("%s: a legacy signature (\"Ed\", over the whole "
		    "file); only prehashed signatures (\"ED\") are accepted"),
		    sigpath);
		goto out;
	}
	if (memcmp(sigbin, "ED", 2) != 0) {
		error_set(err, _("%s: unknown signature algorithm"), sigpath);
		goto out;
	}
	if (memcmp(sigbin + 2, key->id, 8) != 0) {
		key_id_text(key->id, want);
		key_id_text(sigbin + 2, got);
		error_set(err, _("%s: signed by key %s, not by key %s"), sigpath,
		    got, want);
		goto out;
	}
	if (crypto_sign_verify_detached(sigbin + 10, hash, 64, key->pk) != 0) {
		error_set(err, _("%s: the signature does not match the file: the "
		    "file was changed after it was signed"), sigpath);
		goto out;
	}
	tc = lines[2] + 17;
	clen = strlen(tc);
	both = xmalloc(64 + clen);
	memcpy(both, sigbin + 10, 64);
	memcpy(both + 64, tc, clen);
	if (crypto_sign_verify_detached(global, both, 64 + clen, key->pk) != 0) {
		free(both);
		error_set(err, _("%s: the trusted comment was changed after "
		    "signing"), sigpath);
		goto out;
	}
	free(both);
	*comment = xstrdup(tc);
	ret = 0;
out:
	free(lines);
	return ret;
}

int
sign_verify(const char *path, const char *sigpath,
    const struct public_key *key, char **comment, struct mw_error *err)
{
	struct strbuf def = STRBUF_INIT;
	uint8_t hash[64];
	int ret;

	if (hash_file(path, hash, err) != 0)
		return -1;
	if (sigpath == NULL) {
		strbuf_addf(&def, "%s.minisig", path);
		sigpath = strbuf_str(&def);
	}
	ret = verify_lines(hash, sigpath, NULL, key, comment, err);
	strbuf_free(&def);
	return ret;
}

int
sign_verify_buffer(const uint8_t *data, size_t len, const char *sigpath,
    const struct public_key *key, char **comment, struct mw_error *err)
{
	uint8_t hash[64];

	crypto_generichash(hash, sizeof hash, data, len, NULL, 0);
	return verify_lines(hash, sigpath, NULL, key, comment, err);
}

int
sign_verify_text(const uint8_t *data, size_t len, const char *what,
    const char *sigtext, const struct public_key *key, char **comment,
    struct mw_error *err)
{
	uint8_t hash[64];

	crypto_generichash(hash, sizeof hash, data, len, NULL, 0);
	return verify_lines(hash, what, sigtext, key, comment, err);
}

int
sign_comment_field(const char *comment, const char *name, char *out,
    size_t size)
{
	size_t nlen = strlen(name);
	const char *p = comment;

	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, '\t');
		size_t flen = end ? (size_t)(end - p) : strlen(p);

		if (flen > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			snprintf(out, size, "%.*s", (int)(flen - nlen - 1),
			    p + nlen + 1);
			return 0;
		}
		p = end ? end + 1 : NULL;
	}
	return -1;
}
