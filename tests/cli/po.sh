#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Translations: both catalogues complete, valid, with the right plurals,
# and holding every string the sources mark.
. "$MUDAWALA_SRCDIR/tests/lib.sh"

for lang in ar fr; do
	po="$SRC/po/$lang.po"
	stats=$(msgfmt -c --statistics -o /dev/null "$po" 2>&1)
	case $stats in
	*untranslated* | *fuzzy* | *error*)
		not_ok "$lang.po is complete and valid" "$stats" ;;
	*)
		ok "$lang.po is complete and valid" ;;
	esac
done

(cd "$SRC" && xgettext --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
	--from-code=UTF-8 --add-comments=TRANSLATORS: -o "$T/mudawala.pot" \
	$(cat po/POTFILES.in)) 2>"$T/xgettext.err"
for lang in ar fr; do
	if msgcmp "$SRC/po/$lang.po" "$T/mudawala.pot" >"$T/msgcmp" 2>&1; then
		ok "$lang.po holds every string of the sources"
	else
		not_ok "$lang.po holds every string of the sources" "$(head -20 "$T/msgcmp")"
	fi
done

if grep -q 'Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;' "$SRC/po/ar.po"; then
	ok "Arabic has its six plural forms"
else
	not_ok "Arabic has its six plural forms"
fi
if grep -q 'Plural-Forms: nplurals=2; plural=(n > 1);' "$SRC/po/fr.po"; then
	ok "French plural forms"
else
	not_ok "French plural forms"
fi
missing=
for f in $(cd "$SRC" && find src -name '*.c' | sort); do
	if grep -q '_("' "$SRC/$f" && ! grep -qx "$f" "$SRC/po/POTFILES.in"; then
		missing="$missing $f"
	fi
done
if [ -z "$missing" ]; then
	ok "every source file with strings is in po/POTFILES.in"
else
	not_ok "every source file with strings is in po/POTFILES.in" "missing:$missing"
fi
done_testing
