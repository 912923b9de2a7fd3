/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/keys: minisign key files, unlocking, identity. */
#include <config.h>

#include <sodium.h>
#include <sys/stat.h>

#include "helpers.h"
#include "core/keys.h"
#include "core/memberkey.h"
#include "util/strbuf.h"

#define FAST_OPS crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN
#define FAST_MEM crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN

static void
make_key(const char *name, const char *passphrase, char **publine)
{
	struct mw_error err = { 0 };
	char *pub, *sec, *line;

	assert_int_equal(key_generate(passphrase, FAST_OPS, FAST_MEM, "test",
	    &pub, &sec, &err), 0);
	unlink(scratch_path(name));
	assert_int_equal(key_write_new(scratch_path(name), sec, 0600, &err), 0);
	line = strchr(pub, '\n') + 1;
	line[strcspn(line, "\n")] = '\0';
	*publine = strdup(line);
	key_text_free(pub);
	key_text_free(sec);
}

static void
unlock_with_the_right_passphrase_only(void **state)
{
	struct secret_key *key;
	struct mw_error err = { 0 };
	struct stat st;
	char *publine, line[64];

	make_key("a.key", "correct horse", &publine);
	assert_int_equal(stat(scratch_path("a.key"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(key_unlock(scratch_path("a.key"), "wrong", &key, &err),
	    -1);
	assert_string_equal(err.msg, "wrong passphrase");
	assert_null(key);
	assert_int_equal(key_unlock(scratch_path("a.key"), "correct horse", &key,
	    &err), 0);
	key_public_line(key, line);
	assert_string_equal(line, publine);
	assert_int_equal(strlen(line), 56);
	key_free(key);
	free(publine);
}

static void
keys_are_never_overwritten(void **state)
{
	struct mw_error err = { 0 };
	char *publine;

	make_key("b.key", "x", &publine);
	assert_int_equal(key_write_new(scratch_path("b.key"), "other", 0600, &err),
	    -1);
	assert_non_null(strstr(err.msg, "a key is never overwritten"));
	free(publine);
}

/*
 * Rewrite a key file's binary with a change, to test the checks: the bytes
 * at offset are replaced, or, when bytes is NULL and n is not 0, the byte at
 * offset is inverted (set to a fixed value, a random byte would already hold
 * it once in 256 runs and the test would fail by chance).
 */
static const char *
altered(const char *from, const char *to, size_t offset, const void *bytes,
    size_t n, bool crlf)
{
	char text[512], *line;
	unsigned char bin[200];
	size_t len;
	FILE *f = fopen(scratch_path(from), "r");
	struct strbuf sb = STRBUF_INIT;
	char b64[300];

	assert_non_null(f);
	assert_non_null(fgets(text, sizeof text, f));
	assert_non_null(fgets(text + 200, 300, f));
	fclose(f);
	line = text + 200;
	line[strcspn(line, "\n")] = '\0';
	assert_int_equal(sodium_base642bin(bin, sizeof bin, line, strlen(line),
	    NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	if (bytes != NULL)
		memcpy(bin + offset, bytes, n);
	else if (n != 0)
		bin[offset] ^= 0xFF;
	sodium_bin2base64(b64, sizeof b64, bin, len,
	    sodium_base64_VARIANT_ORIGINAL);
	strbuf_addf(&sb, "untrusted comment: altered%s%s%s", crlf ? "\r\n" :
	    "\n", b64, crlf ? "\r\n" : "\n");
	write_file(to, strbuf_str(&sb));
	strbuf_free(&sb);
	assert_int_equal(chmod(scratch_path(to), 0600), 0);
	return scratch_path(to);
}

static void
hostile_and_damaged_files_are_refused(void **state)
{
	const uint8_t huge[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };     /* 2^56 */
	struct secret_key *key;
	struct mw_error err = { 0 };
	char *publine;

	make_key("c.key", "pw", &publine);
	/* A secret key others can read is refused, with the remedy. */
	assert_int_equal(chmod(scratch_path("c.key"), 0640), 0);
	assert_int_equal(key_unlock(scratch_path("c.key"), "pw", &key, &err), -1);
	assert_non_null(strstr(err.msg, "chmod 600"));
	assert_int_equal(chmod(scratch_path("c.key"), 0600), 0);
	/* Windows line ends are fine. */
	assert_int_equal(key_unlock(altered("c.key", "crlf.key", 0, NULL, 0,
	    true), "pw", &key, &err), 0);
	key_free(key);
	/* A file asking scrypt for 2^56 operations is not even tried. */
	assert_int_equal(key_unlock(altered("c.key", "ops.key", 38, huge, 8,
	    false), "pw", &key, &err), -1);
	assert_non_null(strstr(err.msg, "more work than allowed"));
	assert_int_equal(key_unlock(altered("c.key", "mem.key", 46, huge, 8,
	    false), "pw", &key, &err), -1);
	assert_non_null(strstr(err.msg, "more work than allowed"));
	/* An unprotected key is refused. */
	assert_int_equal(key_unlock(altered("c.key", "plain.key", 2, "\0\0", 2,
	    false), "pw", &key, &err), -1);
	assert_non_null(strstr(err.msg, "not protected by a passphrase"));
	/* A flipped byte in the encrypted part: the checksum catches it. */
	assert_int_equal(key_unlock(altered("c.key", "flip.key", 100, NULL, 1,
	    false), "pw", &key, &err), -1);
	assert_string_equal(err.msg, "wrong passphrase");
	write_file("junk.key", "untrusted comment: x\nnot base64 at all\n");
	assert_int_equal(chmod(scratch_path("junk.key"), 0600), 0);
	assert_int_equal(key_unlock(scratch_path("junk.key"), "pw", &key, &err),
	    -1);
	assert_non_null(strstr(err.msg, "not a minisign secret key"));
	write_file("empty.key", "");
	assert_int_equal(chmod(scratch_path("empty.key"), 0600), 0);
	assert_int_equal(key_unlock(scratch_path("empty.key"), "pw", &key, &err),
	    -1);
	assert_non_null(strstr(err.msg, "not a minisign key file"));
	free(publine);
}

static void
identity_is_the_registered_key(void **state)
{
	struct edition *ed = new_edition("id.sqlite");
	struct mw_error err = { 0 };
	struct strbuf sql = STRBUF_INIT;
	char *mine, *other;

	make_key("mine.key", "pw", &mine);
	make_key("other.key", "pw", &other);
	strbuf_addf(&sql, "INSERT INTO juror (id, name, role, voting, public_key)"
	    " VALUES ('j1', 'One', 'member', 1, '%s'), ('j2', 'Two', 'member', 1,"
	    " '')", mine);
	exec_audited(ed, strbuf_str(&sql));
	assert_int_equal(key_check_identity(ed, "j1", scratch_path("mine.key"),
	    "pw", &err), 0);
	assert_int_equal(key_check_identity(ed, "j1", scratch_path("mine.key"),
	    "nope", &err), -1);
	assert_string_equal(err.msg, "wrong passphrase");
	assert_int_equal(key_check_identity(ed, "j1", scratch_path("other.key"),
	    "pw", &err), -1);
	assert_non_null(strstr(err.msg, "is not the key registered for 'j1'"));
	assert_int_equal(key_check_identity(ed, "j2", scratch_path("mine.key"),
	    "pw", &err), -1);
	assert_non_null(strstr(err.msg, "no public key is registered for 'j2'"));
	assert_int_equal(key_check_identity(ed, "j9", scratch_path("mine.key"),
	    "pw", &err), -1);
	strbuf_free(&sql);
	free(mine);
	free(other);
	db_close(ed);
}

static void
key_ids_read_as_minisign_shows_them(void **state)
{
	const uint8_t id[8] = { 0x7a, 0x80, 0x2f, 0xbb, 0x47, 0xda, 0x1b, 0x93 };
	char text[17];

	key_id_text(id, text);
	assert_string_equal(text, "931BDA47BB2F807A");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unlock_with_the_right_passphrase_only),
		cmocka_unit_test(keys_are_never_overwritten),
		cmocka_unit_test(hostile_and_damaged_files_are_refused),
		cmocka_unit_test(identity_is_the_registered_key),
		cmocka_unit_test(key_ids_read_as_minisign_shows_them),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("keys", tests, NULL, NULL);
}
