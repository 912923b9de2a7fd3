#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "text/fold.h"
#include "util/error.h"
#include "util/strbuf.h"

char *
text_fold(const char *s)
{
	size_t len = strlen(s), n = 0, i;
	struct strbuf sb = STRBUF_INIT;
	uint8_t *decomposed, *nfc;
	size_t nfclen = 0;
	bool space = true;      /* drop leading spaces */

	/* Case folding into NFKD: compatibility forms (Arabic presentation
	 * forms, ligatures) and canonical ones (é = e + U+0301, أ = ا + U+0654)
	 * come apart, so that the marks can be dropped one by one. */
	decomposed = u8_casefold((const uint8_t *)s, len, NULL, UNINORM_NFKD,
	    NULL, &n);
	if (decomposed == NULL) {
		/* Malformed input: fold what is well formed. */
		char *copy = xmalloc(len + 1);
		size_t j = 0;

		for (i = 0; i < len;) {
			ucs4_t uc;
			int k = u8_mbtouc(&uc, (const uint8_t *)s + i, len - i);

			if (uc != 0xFFFD || (k == 3 && memcmp(s + i,
			    "\xEF\xBF\xBD", 3) == 0)) {
				memcpy(copy + j, s + i, (size_t)k);
				j += (size_t)k;
			}
			i += (size_t)k;
		}
		copy[j] = '\0';
		if (u8_check((const uint8_t *)copy, j) != NULL)
			fatal("text_fold: cannot clean input");
		decomposed = u8_casefold((const uint8_t *)copy, j, NULL,
		    UNINORM_NFKD, NULL, &n);
		free(copy);
		if (decomposed == NULL)
			fatal("out of memory");
	}
	for (i = 0; i < n;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, decomposed + i, n - i);
		uint8_t buf[6];
		int w;

		i += (size_t)k;
		/* Marks, tatweel, and what stands for malformed input. */
		if (uc_is_general_category(uc, UC_CATEGORY_M) || uc == 0x0640 ||
		    uc == 0xFFFD)
			continue;
		if (uc < 0x20 || uc == ' ' || (uc >= 0x7F && uc <= 0x9F) ||
		    uc_is_general_category(uc, UC_CATEGORY_Zs)) {
			if (!space)
				strbuf_addc(&sb, ' ');
			space = true;
			continue;
		}
		if (uc == 0x0629)               /* ة -> ه */
			uc = 0x0647;
		else if (uc == 0x0649)          /* ى -> ي */
			uc = 0x064A;
		w = u8_uctomb(buf, uc, sizeof buf);
		if (w > 0)
			strbuf_add(&sb, (const char *)buf, (size_t)w);
		space = false;
	}
	free(decomposed);
	while (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)strbuf_str(&sb), sb.len,
	    NULL, &nfclen);
	strbuf_free(&sb);
	if (nfc == NULL)
		fatal("out of memory");
	{
		char *out = xmalloc(nfclen + 1);

		memcpy(out, nfc, nfclen);
		out[nfclen] = '\0';
		free(nfc);
		return out;
	}
}
