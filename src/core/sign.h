/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signatures in minisign's format, written and checked with libsodium:
 * prehashed ("ED") Ed25519 over BLAKE2b-512 of the file, and a trusted
 * comment signed with it.  The stock minisign verifies ours; we verify
 * its. */
#ifndef MUDAWALA_SIGN_H
#define MUDAWALA_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "core/keys.h"
#include "util/error.h"

/* The longest trusted comment minisign accepts, and ours. */
#define SIGN_COMMENT_MAX 8192

/*
 * Sign the file at path with key: write path.minisig (through a
 * temporary file, synced and renamed) with the trusted comment (one
 * line of printable UTF-8, tab allowed).
 */
int sign_file(const struct secret_key *key, const char *path,
    const char *trusted_comment, struct mw_error *err);

/* The text of a minisign signature (four lines) of the data whose
 * BLAKE2b-512 is hash, with the trusted comment (caller frees). */
char *sign_text(const struct secret_key *key, const uint8_t hash[64],
    const char *trusted_comment, struct mw_error *err);

/* A public key: the key id and the Ed25519 key. */
struct public_key {
	uint8_t id[8];
	uint8_t pk[32];
};

/* Read a minisign public key file (its second line). */
int sign_read_public_key(const char *path, struct public_key *out,
    struct mw_error *err);

/*
 * Verify sigpath (NULL: path.minisig) for the file at path with key:
 * only prehashed "ED" signatures by that key id, the file's hash and the
 * trusted comment both signed.  On success *comment (caller frees) is
 * the trusted comment.
 */
int sign_verify(const char *path, const char *sigpath,
    const struct public_key *key, char **comment, struct mw_error *err);

/* The same for text held in memory (score sheets). */
int sign_verify_buffer(const uint8_t *data, size_t len, const char *sigpath,
    const struct public_key *key, char **comment, struct mw_error *err);

/* The same with the signature's text in memory too; what names it in
 * messages. */
int sign_verify_text(const uint8_t *data, size_t len, const char *what,
    const char *sigtext, const struct public_key *key, char **comment,
    struct mw_error *err);

/*
 * The value of field name in a trusted comment made of "name=value"
 * fields separated by tabs, copied into out; -1 if absent.
 */
int sign_comment_field(const char *comment, const char *name, char *out,
    size_t size);

#endif
