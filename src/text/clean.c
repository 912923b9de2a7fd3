#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <uninorm.h>
#include <unistr.h>

#include "text/clean.h"
#include "util/error.h"
#include "util/strbuf.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

static bool
is_control(ucs4_t uc)
{
	return uc < 0x20 || (uc >= 0x7F && uc <= 0x9F);
}

bool
text_clean(const char *s, size_t len, char **out, size_t *bad_offset)
{
	const uint8_t *u = (const uint8_t *)s;
	const uint8_t *bad = u8_check(u, len);
	struct strbuf sb = STRBUF_INIT;
	uint8_t *nfc;
	size_t nfclen = 0, i;

	if (bad != NULL) {
		*bad_offset = (size_t)(bad - u);
		return false;
	}
	/* Printable ASCII (ids, numbers, addresses) is already in NFC. */
	for (i = 0; i < len && u[i] < 0x7F && (u[i] >= 0x20 || u[i] == '\t' ||
	    u[i] == '\n' || u[i] == '\r'); i++)
		;
	if (i == len) {
		*out = xmalloc(len + 1);
		memcpy(*out, s, len);
		(*out)[len] = '\0';
		return true;
	}
	for (i = 0; i < len;) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, u + i, len - i);

		if (is_control(uc) && uc != '\t' && uc != '\n' && uc != '\r')
			strbuf_adds(&sb, replacement);
		else
			strbuf_add(&sb, s + i, (size_t)n);
		i += (size_t)n;
	}
	nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)strbuf_str(&sb),
	    sb.len, NULL, &nfclen);
	strbuf_free(&sb);
	if (nfc == NULL)
		fatal("out of memory");
	*out = xmalloc(nfclen + 1);
	memcpy(*out, nfc, nfclen);
	(*out)[nfclen] = '\0';
	free(nfc);
	return true;
}

char *
text_one_line(const char *s)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t len = strlen(s), i;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < len;) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, u + i, len - i);

		if (uc == 0xFFFD && !(n == 3 && memcmp(u + i, replacement, 3) == 0))
			strbuf_adds(&sb, replacement);       /* malformed */
		else if (uc == '\t' || uc == '\n' || uc == '\r')
			strbuf_addc(&sb, ' ');
		else if (is_control(uc))
			strbuf_adds(&sb, replacement);
		else
			strbuf_add(&sb, s + i, (size_t)n);
		i += (size_t)n;
	}
	return strbuf_detach(&sb);
}
