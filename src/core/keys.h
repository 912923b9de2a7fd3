/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Identities: Ed25519 key pairs in minisign's file formats, the secret
 * key encrypted with the member's passphrase (scrypt).  Unlocking the
 * secret key is the passphrase check: no password hash is stored. */
#ifndef MUDAWALA_KEYS_H
#define MUDAWALA_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <stdint.h>

#include "util/error.h"

/* scrypt limits for new keys: about a second of work here. */
#define KEY_OPSLIMIT 4194304ULL
#define KEY_MEMLIMIT 134217728ULL
/* The most a key file may ask for (minisign's own defaults). */
#define KEY_OPSLIMIT_MAX 33554432ULL
#define KEY_MEMLIMIT_MAX 1073741824ULL

/* An unlocked secret key; lives in sodium_malloc memory. */
struct secret_key {
	uint8_t key_id[8];
	uint8_t sk[64];         /* libsodium's: seed, then public key */
};

/*
 * Generate a key pair protected by passphrase with the given scrypt
 * limits, as the text of a minisign public key file (*pub) and secret key
 * file (*sec); the caller frees both (the secret text with
 * key_text_free(), which wipes it).
 */
int key_generate(const char *passphrase, unsigned long long opslimit,
    size_t memlimit, const char *comment, char **pub, char **sec,
    struct mw_error *err);
void key_text_free(char *text);

/* Write text to a new file with the given mode (0600 for a secret key,
 * 0644 for a public one); never replaces a file. */
int key_write_new(const char *path, const char *text, mode_t mode,
    struct mw_error *err);

/*
 * Read the secret key file at path and unlock it with passphrase.  A wrong
 * passphrase is "wrong passphrase"; a file asking for more than the
 * caps, malformed or truncated, says so.  Free with key_free().
 */
int key_unlock(const char *path, const char *passphrase,
    struct secret_key **out, struct mw_error *err);
void key_free(struct secret_key *key);

/* The same for the text of a secret key file held in memory. */
int key_unlock_text(const char *text, const char *passphrase,
    struct secret_key **out, struct mw_error *err);

/* The base64 line of the public key that goes with key (the second line
 * of its public key file, and the juror's public_key). */
void key_public_line(const struct secret_key *key, char out[64]);

/* The key id as minisign shows it: the 8 bytes as a little-endian
 * number in upper-case hex. */
void key_id_text(const uint8_t id[8], char out[17]);

/*
 * Where juror's secret key is looked for: beside the edition file
 * (EDITION.keys/JUROR.key, as the demo writes them), else
 * $XDG_CONFIG_HOME/mudawala/keys/JUROR.key (~/.config if unset).
 */
void key_default_path(const char *edition, const char *juror, char *out,
    size_t size);

/* Decode a public key line ("Ed" || key id || key, base64); -1 if it is
 * not one. */
int key_public_parse(const char *line, uint8_t id[8], uint8_t pk[32]);

#endif
