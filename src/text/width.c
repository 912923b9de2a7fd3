#include <config.h>

#include <string.h>
#include <unistr.h>
#include <uniwidth.h>
#include <wchar.h>

#include "text/width.h"
#include "util/strbuf.h"

/* Width of one code point: wcwidth first (what ncurses uses); where the C
 * library knows nothing (non-UTF-8 locale), libunistring's table. */
static int
cp_width(ucs4_t uc)
{
	int w = wcwidth((wchar_t)uc);

	if (w < 0)
		w = uc_width(uc, "UTF-8");
	return w < 0 ? 1 : w;
}

size_t
text_width(const char *s)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t len = strlen(s), i, w = 0;

	for (i = 0; i < len;) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, u + i, len - i);

		w += (size_t)cp_width(uc);
		i += (size_t)n;
	}
	return w;
}

void
text_fit(struct strbuf *sb, const char *s, size_t width, int right_align)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t len = strlen(s), i, used = 0, cut = len, total = text_width(s);

	if (total > width) {
		/* Keep what fits in width - 1 columns, then the ellipsis. */
		size_t room = width > 0 ? width - 1 : 0;

		for (i = 0; i < len;) {
			ucs4_t uc;
			int n = u8_mbtouc(&uc, u + i, len - i);
			size_t w = (size_t)cp_width(uc);

			if (used + w > room)
				break;
			used += w;
			i += (size_t)n;
		}
		cut = i;
		if (width > 0) {
			strbuf_add(sb, s, cut);
			strbuf_adds(sb, "\xE2\x80\xA6");
			used++;
		}
		while (used++ < width)
			strbuf_addc(sb, ' ');
		return;
	}
	if (right_align)
		for (used = total; used < width; used++)
			strbuf_addc(sb, ' ');
	strbuf_add(sb, s, len);
	if (!right_align)
		for (used = total; used < width; used++)
			strbuf_addc(sb, ' ');
}
