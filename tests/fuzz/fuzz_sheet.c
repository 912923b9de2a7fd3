/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: score sheets.  The input is the sheet's JSON text, which
 * the target signs as misoc and seals to the chair as a real sheet would
 * be, so that every check behind the seal and the signature is reached;
 * when the first byte is '!', the input is the sealed file itself. */
#include <config.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/export.h"
#include "core/keys.h"
#include "core/sheet.h"
#include "core/sign.h"
#include "util/strbuf.h"
#include "fuzz.h"

static struct secret_key *
demo_key(const char *juror)
{
	struct mw_error err = { 0 };
	struct secret_key *key;
	char file[600];

	snprintf(file, sizeof file, "%s.keys/%s.key", fuzz_demo(), juror);
	if (key_unlock(file, "demo", &key, &err) != 0)
		abort();
	return key;
}

/* text with @EDITION@ and @SEQ@ replaced by what the signed comment
 * says, so that seeds reach past those checks. */
static void
substitute(const char *text, size_t len, const char *comment,
    struct strbuf *out)
{
	char edition[64] = "", seq[32] = "";
	size_t i;

	sign_comment_field(comment, "edition", edition, sizeof edition);
	sign_comment_field(comment, "seq", seq, sizeof seq);
	for (i = 0; i < len; i++)
		if (len - i >= 9 && memcmp(text + i, "@EDITION@", 9) == 0) {
			strbuf_adds(out, edition);
			i += 8;
		} else if (len - i >= 5 && memcmp(text + i, "@SEQ@", 5) == 0) {
			strbuf_adds(out, seq);
			i += 4;
		} else
			strbuf_addc(out, text[i]);
}

/* The sealed file of text signed by misoc (the comment as the program
 * writes it), into out. */
static void
seal(struct edition *ed, const struct secret_key *misoc,
    const struct secret_key *chair, const char *raw, size_t rawlen,
    struct strbuf *out)
{
	struct mw_error err = { 0 };
	struct strbuf comment = STRBUF_INIT, inner = STRBUF_INIT,
	    sheet = STRBUF_INIT;
	uint8_t hash[64], xpk[32], *box;
	char *sig, id[17], *b64;
	const char *text;
	size_t n, i, len;

	if (export_trusted_comment(ed, "sheet", "misoc", false, &comment,
	    &err) != 0)
		abort();
	substitute(raw, rawlen, strbuf_str(&comment), &sheet);
	text = strbuf_str(&sheet);
	len = sheet.len;
	crypto_generichash(hash, sizeof hash, (const uint8_t *)text, len, NULL,
	    0);
	if ((sig = sign_text(misoc, hash, strbuf_str(&comment), &err)) == NULL)
		abort();
	/* {"sheet": text, "signature": sig} with both as JSON strings. */
	strbuf_adds(&inner, "{\"sheet\":\"");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '"' || c == '\\')
			strbuf_addf(&inner, "\\%c", c);
		else if (c < 0x20)
			strbuf_addf(&inner, "\\u%04x", c);
		else
			strbuf_addc(&inner, (char)c);
	}
	strbuf_adds(&inner, "\",\"signature\":\"");
	for (i = 0; sig[i] != '\0'; i++)
		if (sig[i] == '\n')
			strbuf_adds(&inner, "\\n");
		else
			strbuf_addc(&inner, sig[i]);
	strbuf_adds(&inner, "\"}");
	free(sig);
	strbuf_free(&comment);
	strbuf_free(&sheet);
	if (crypto_sign_ed25519_pk_to_curve25519(xpk, chair->sk + 32) != 0)
		abort();
	box = malloc(inner.len + crypto_box_SEALBYTES);
	crypto_box_seal(box, (const uint8_t *)strbuf_str(&inner), inner.len,
	    xpk);
	n = sodium_base64_ENCODED_LEN(inner.len + crypto_box_SEALBYTES,
	    sodium_base64_VARIANT_ORIGINAL);
	b64 = malloc(n);
	sodium_bin2base64(b64, n, box, inner.len + crypto_box_SEALBYTES,
	    sodium_base64_VARIANT_ORIGINAL);
	key_id_text(chair->key_id, id);
	strbuf_addf(out, "{\"format\":\"mudawala-sheet-sealed\",\"version\":2,"
	    "\"to\":\"%s\",\"box\":\"%s\"}\n", id, b64);
	free(b64);
	free(box);
	strbuf_free(&inner);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct edition *ed;
	static struct secret_key *misoc, *chair;
	struct mw_error err = { 0 };
	struct sheet_result res;
	struct strbuf file = STRBUF_INIT;
	const char *path;

	if (size > 65536 || memchr(data, '\0', size) != NULL)
		return 0;
	if (ed == NULL) {
		if (db_open(fuzz_demo(), DB_WRITE, &ed, &err) != 0 ||
		    db_exec(ed, "PRAGMA synchronous = OFF", &err) != 0)
			abort();         /* a scratch file: speed over durability */
		misoc = demo_key("misoc");
		chair = demo_key("chair");
	}
	if (size > 0 && data[0] == '!')
		path = fuzz_file("sheet.json", data + 1, size - 1);
	else {
		seal(ed, misoc, chair, (const char *)data, size, &file);
		path = fuzz_file("sheet.json", (const uint8_t *)strbuf_str(&file),
		    file.len);
	}
	(void)sheet_import(ed, "chair", chair, path, &res, &err);
	strbuf_free(&file);
	return 0;
}
