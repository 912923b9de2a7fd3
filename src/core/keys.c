/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#include "core/keys.h"
#include "util/i18n.h"
#include "util/strbuf.h"

/* The secret key file's binary layout (158 bytes). */
#define SK_ALG 0
#define SK_KDF 2
#define SK_CHK 4
#define SK_SALT 6
#define SK_OPS 38
#define SK_MEM 46
#define SK_SECRET 54            /* key id, secret key, checksum: 104 */
#define SK_SECRET_LEN 104
#define SK_LEN 158

static void
put_le64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t
get_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* BLAKE2b-256("Ed" || key id || secret key): minisign's checksum. */
static void
checksum(uint8_t out[32], const uint8_t id[8], const uint8_t sk[64])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const uint8_t *)"Ed", 2);
	crypto_generichash_update(&st, id, 8);
	crypto_generichash_update(&st, sk, 64);
	crypto_generichash_final(&st, out, 32);
}

static char *
two_lines(const char *comment, const uint8_t *bin, size_t len)
{
	size_t b64len = sodium_base64_ENCODED_LEN(len,
	    sodium_base64_VARIANT_ORIGINAL);
	char *b64 = sodium_malloc(b64len);
	struct strbuf sb = STRBUF_INIT;

	if (b64 == NULL)
		fatal("out of memory");
	sodium_bin2base64(b64, b64len, bin, len, sodium_base64_VARIANT_ORIGINAL);
	strbuf_addf(&sb, "untrusted comment: %s\n%s\n", comment, b64);
	sodium_free(b64);
	return strbuf_detach(&sb);
}

void
key_text_free(char *text)
{
	if (text != NULL) {
		sodium_memzero(text, strlen(text));
		free(text);
	}
}

int
key_generate(const char *passphrase, unsigned long long opslimit,
    size_t memlimit, const char *comment, char **pub, char **sec,
    struct mw_error *err)
{
	uint8_t pk[32], pubbin[42];
	uint8_t *skbin = sodium_malloc(SK_LEN), *stream = sodium_malloc(104);
	struct strbuf c = STRBUF_INIT;
	int i;

	if (skbin == NULL || stream == NULL)
		fatal("out of memory");
	memcpy(skbin + SK_ALG, "Ed", 2);
	memcpy(skbin + SK_KDF, "Sc", 2);
	memcpy(skbin + SK_CHK, "B2", 2);
	randombytes_buf(skbin + SK_SALT, 32);
	put_le64(skbin + SK_OPS, opslimit);
	put_le64(skbin + SK_MEM, memlimit);
	randombytes_buf(skbin + SK_SECRET, 8);                  /* key id */
	crypto_sign_keypair(pk, skbin + SK_SECRET + 8);
	checksum(skbin + SK_SECRET + 72, skbin + SK_SECRET,
	    skbin + SK_SECRET + 8);
	memcpy(pubbin, "Ed", 2);
	memcpy(pubbin + 2, skbin + SK_SECRET, 8);
	memcpy(pubbin + 10, pk, 32);
	if (crypto_pwhash_scryptsalsa208sha256(stream, SK_SECRET_LEN, passphrase,
	    strlen(passphrase), skbin + SK_SALT, opslimit, memlimit) != 0) {
		sodium_free(skbin);
		sodium_free(stream);
		return error_set(err, _("not enough memory to protect the key"));
	}
	for (i = 0; i < SK_SECRET_LEN; i++)
		skbin[SK_SECRET + i] ^= stream[i];
	{
		char id[17];

		key_id_text(pubbin + 2, id);
		strbuf_addf(&c, "%s public key %s", comment, id);
		*pub = two_lines(strbuf_str(&c), pubbin, sizeof pubbin);
		strbuf_reset(&c);
		strbuf_addf(&c, "%s secret key", comment);
		*sec = two_lines(strbuf_str(&c), skbin, SK_LEN);
	}
	strbuf_free(&c);
	sodium_free(skbin);
	sodium_free(stream);
	return 0;
}

int
key_write_new(const char *path, const char *text, mode_t mode,
    struct mw_error *err)
{
	size_t len = strlen(text), off = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);

	if (fd < 0)
		return error_set(err, errno == EEXIST ? _("%s: the file already "
		    "exists; a key is never overwritten") : _("%s: cannot create "
		    "(%s)"), path, error_text(errno));
	/* The mode asked for, whatever the umask. */
	if (fchmod(fd, mode) != 0) {
		int e = errno;

		close(fd);
		unlink(path);
		return error_set(err, _("%s: cannot write (%s)"), path,
		    error_text(e));
	}
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;

			close(fd);
			unlink(path);
			return error_set(err, _("%s: cannot write (%s)"), path,
			    error_text(e));
		}
		off += (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		unlink(path);
		return error_set(err, _("%s: cannot write (%s)"), path,
		    error_text(errno));
	}
	return 0;
}

/* Read the base64 line of a minisign file: the second line, without a
 * trailing CR (files travel from Windows). */
static int
read_key_line(const char *path, char *line, size_t size, struct mw_error *err)
{
	FILE *f = fopen(path, "r");
	char first[1024];
	size_t n;

	if (f == NULL)
		return error_set(err, _("%s: cannot open (%s)"), path,
		    error_text(errno));
	if (fgets(first, sizeof first, f) == NULL ||
	    strncmp(first, "untrusted comment:", 18) != 0 ||
	    fgets(line, (int)size, f) == NULL) {
		fclose(f);
		sodium_memzero(line, size);
		return error_set(err, _("%s: not a minisign key file"), path);
	}
	fclose(f);
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return 0;
}

/* Unlock the base64 line of a secret key (what names it in messages). */
static int
unlock_line(const char *what, const char *line, const char *passphrase,
    struct secret_key **out, struct mw_error *err)
{
	uint8_t *bin = sodium_malloc(SK_LEN + 8), *stream = sodium_malloc(104);
	uint8_t sum[32];
	size_t len = 0;
	uint64_t ops, mem;
	int i, ret = -1;

	*out = NULL;
	if (bin == NULL || stream == NULL)
		fatal("out of memory");
	if (sodium_base642bin(bin, SK_LEN + 8, line, strlen(line), NULL, &len,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0 || len != SK_LEN ||
	    memcmp(bin + SK_ALG, "Ed", 2) != 0 ||
	    memcmp(bin + SK_CHK, "B2", 2) != 0) {
		error_set(err, _("%s: not a minisign secret key"), what);
		goto out;
	}
	if (memcmp(bin + SK_KDF, "Sc", 2) != 0) {
		error_set(err, _("%s: the secret key is not protected by a "
		    "passphrase; mudawala accepts only protected keys"), what);
		goto out;
	}
	ops = get_le64(bin + SK_OPS);
	mem = get_le64(bin + SK_MEM);
	if (ops > KEY_OPSLIMIT_MAX || mem > KEY_MEMLIMIT_MAX) {
		error_set(err, _("%s: the key asks for more work than allowed "
		    "(scrypt limits above minisign's own)"), what);
		goto out;
	}
	if (crypto_pwhash_scryptsalsa208sha256(stream, SK_SECRET_LEN, passphrase,
	    strlen(passphrase), bin + SK_SALT, ops, (size_t)mem) != 0) {
		error_set(err, _("%s: not enough memory to unlock the key"), what);
		goto out;
	}
	for (i = 0; i < SK_SECRET_LEN; i++)
		bin[SK_SECRET + i] ^= stream[i];
	checksum(sum, bin + SK_SECRET, bin + SK_SECRET + 8);
	if (sodium_memcmp(sum, bin + SK_SECRET + 72, 32) != 0) {
		error_set(err, _("wrong passphrase"));
		goto out;
	}
	*out = sodium_malloc(sizeof **out);
	if (*out == NULL)
		fatal("out of memory");
	memcpy((*out)->key_id, bin + SK_SECRET, 8);
	memcpy((*out)->sk, bin + SK_SECRET + 8, 64);
	ret = 0;
out:
	sodium_free(bin);
	sodium_free(stream);
	return ret;
}

int
key_unlock(const char *path, const char *passphrase, struct secret_key **out,
    struct mw_error *err)
{
	char *line;
	struct stat sb;
	int ret = -1;

	*out = NULL;
	/* A secret key others can read is a key others may have copied. */
	if (stat(path, &sb) == 0 && (sb.st_mode & 077) != 0)
		return error_set(err, _("%s: the secret key can be read by other "
		    "users of this computer; make it yours alone first: chmod 600 "
		    "%s"), path, path);
	line = sodium_malloc(512);
	if (line == NULL)
		fatal("out of memory");
	if (read_key_line(path, line, 512, err) == 0)
		ret = unlock_line(path, line, passphrase, out, err);
	sodium_free(line);
	return ret;
}

int
key_unlock_text(const char *text, const char *passphrase,
    struct secret_key **out, struct mw_error *err)
{
	const char *nl = strchr(text, '\n');
	char *line = sodium_malloc(512);
	size_t n;
	int ret;

	*out = NULL;
	if (line == NULL)
		fatal("out of memory");
	text = nl != NULL ? nl + 1 : text;
	n = strcspn(text, "\r\n");
	if (n >= 512)
		n = 0;
	memcpy(line, text, n);
	line[n] = '\0';
	ret = unlock_line(_("the secret key"), line, passphrase, out, err);
	sodium_free(line);
	return ret;
}

void
key_free(struct secret_key *key)
{
	if (key != NULL)
		sodium_free(key);       /* wipes it */
}

void
key_public_line(const struct secret_key *key, char out[64])
{
	uint8_t bin[42];

	memcpy(bin, "Ed", 2);
	memcpy(bin + 2, key->key_id, 8);
	memcpy(bin + 10, key->sk + 32, 32);     /* libsodium: seed || pk */
	sodium_bin2base64(out, 64, bin, sizeof bin,
	    sodium_base64_VARIANT_ORIGINAL);
}

void
key_id_text(const uint8_t id[8], char out[17])
{
	snprintf(out, 17, "%016llX", (unsigned long long)get_le64(id));
}

int
key_public_parse(const char *line, uint8_t id[8], uint8_t pk[32])
{
	uint8_t bin[42];
	size_t len;

	if (line == NULL || sodium_base642bin(bin, sizeof bin, line,
	    strlen(line), NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0
	    || len != sizeof bin || bin[0] != 'E' || bin[1] != 'd')
		return -1;
	memcpy(id, bin + 2, 8);
	memcpy(pk, bin + 10, 32);
	return 0;
}

void
key_default_path(const char *edition, const char *juror, char *out,
    size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	snprintf(out, size, "%s.keys/%s.key", edition, juror);
	if (access(out, F_OK) == 0)
		return;
	if (xdg != NULL && *xdg != '\0')
		snprintf(out, size, "%s/mudawala/keys/%s.key", xdg, juror);
	else
		snprintf(out, size, "%s/.config/mudawala/keys/%s.key",
		    home != NULL ? home : ".", juror);
}

