#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Bidirectional text right in the English and French interfaces: every
# data field an isolated run with its own direction, an Arabic paragraph
# right-aligned, the search cursor where an Arabic reader expects it, and
# overrides in data contained in their field.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"
use_catalogues
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
export MUDAWALA_PASSPHRASE=demo
shaped() { "$MUDAWALA_SHAPE" "$1"; }

for lang in en fr; do
	LANGUAGE=$lang tui_start 80 24 --db "$DB" --juror hg
	expect_screen "D01" "$lang: the browser"
	keys / m a p n e w s
	expect_screen "D13" "$lang: finds D13"
	keys Enter Enter
	expect_screen "$(shaped "تطبيق MapNewsDisplay")" "$lang: the Arabic title reads in Arabic order beside its label"
	# The Arabic summary: its last, short line right-aligned (after it,
	# only the indent, a blank column and the scroll bar).
	line=$(screen | sed -n '/Summary (Arabic)\|Résumé (arabe)/,/^ *[│┃]*$/p' | sed -n '2,$p' | grep -v '^ *[│┃]*$' | tail -1)
	if [ -n "$line" ] && printf '%s\n' "$line" | grep -q '^     ' &&
		! printf '%s\n' "$line" | grep -q '    [│┃]$'; then
		ok "$lang: the Arabic summary is right-aligned"
	else
		not_ok "$lang: the Arabic summary is right-aligned" "'$line'" "$(screen)"
	fi
	keys q Escape
	keys / "ف" "و" "ا" "ت" "ي" "ر"
	expect_screen "$(shaped "فواتير▏")" "$lang: the search cursor at the left of the Arabic word"
	if screen | grep -qF "$(shaped "فواتير▏")   2 "; then
		ok "$lang: the count stays after the query"
	else
		not_ok "$lang: the count stays after the query" "$(screen | sed -n 3p)"
	fi
	keys Escape
	keys q y
	tmx kill-session -t t
done

# Overrides in data stay in their field.
if have_sqlite3; then
	outside_sql "$DB" "UPDATE edition SET name = 'e-mtiaz ' || char(0x202E) || 'abc';
		UPDATE juror SET name = char(0x202E) || 'Youssef El Amrani' WHERE id = 'hg'"
	tui_start 80 24 --db "$DB" --juror hg
	expect_screen "cba (2019)" "a U+202E in the edition's name reverses only the name: (2019) stays"
	expect_screen "phase: scoring · inarmA lE fessuoY (membe" "one in a member's name reverses only that name: the role follows it"
	expect_screen "phase: scoring" "and the rest of the status line reads as written"
	keys q y
	tmx kill-session -t t
else
	skip "sqlite3 is not installed"
fi
done_testing
