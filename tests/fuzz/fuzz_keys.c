/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: minisign files.  The input is read as a public key line,
 * as a public key file, as a signature of a fixed text, and as a secret
 * key (whose scrypt limits, when it has any, are set to the minimum
 * first: the cap on them has its own test, and the fuzzer needs speed). */
#include <config.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/keys.h"
#include "core/sign.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mw_error err = { 0 };
	struct public_key pk = { { 0 }, { 0 } };
	struct secret_key *key = NULL;
	uint8_t id[8], raw[32], bin[200];
	char *text, *comment = NULL, *nl, *line;
	size_t len;

	if (size > 16384)
		return 0;
	if (sodium_init() < 0)
		abort();
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	(void)key_public_parse(text, id, raw);
	(void)sign_read_public_key(fuzz_file("key.pub", data, size), &pk, &err);
	(void)sign_verify_text((const uint8_t *)"mudawala", 8, "input", text,
	    &pk, &comment, &err);
	free(comment);
	/* The secret key: its binary, limits lowered, base64 again. */
	nl = strchr(text, '\n');
	line = nl != NULL ? nl + 1 : text;
	line[strcspn(line, "\r\n")] = '\0';
	if (sodium_base642bin(bin, sizeof bin, line, strlen(line), NULL, &len,
	    NULL, sodium_base64_VARIANT_ORIGINAL) == 0 && len == 158) {
		char b64[300], file[400];
		uint64_t ops = crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN;
		uint64_t mem = crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN;
		int i;

		for (i = 0; i < 8; i++) {
			bin[38 + i] = (uint8_t)(ops >> (8 * i));
			bin[46 + i] = (uint8_t)(mem >> (8 * i));
		}
		sodium_bin2base64(b64, sizeof b64, bin, len,
		    sodium_base64_VARIANT_ORIGINAL);
		snprintf(file, sizeof file, "untrusted comment: fuzz\n%s\n", b64);
		if (key_unlock_text(file, "demo", &key, &err) == 0)
			key_free(key);
	} else if (key_unlock_text(text, "demo", &key, &err) == 0)
		key_free(key);
	free(text);
	return 0;
}
