#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Locales and files: machine formats never change with the locale, a
# non-UTF-8 locale is replaced by C.UTF-8 (and --lang works there), a
# file that is not an edition is named for what it is and left untouched.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
use_catalogues
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null

# Under a French locale, numbers are still read and written with a dot.
mkdir -p "$T/locales"
localedef -i fr_FR -f UTF-8 "$T/locales/fr_FR.UTF-8" >/dev/null 2>&1 || :
if [ -f "$T/locales/fr_FR.UTF-8/LC_NUMERIC" ]; then
	LOCPATH="$T/locales" LC_ALL=fr_FR.UTF-8 run score --db "$DB" --juror misoc --dossier D10 --criterion qualite 16.5
	expect_status 0 "under fr_FR.UTF-8, 16.5 is a score"
	mw phase --db "$DB" --juror chair deliberation >/dev/null
	LOCPATH="$T/locales" LC_ALL=fr_FR.UTF-8 run ranking --db "$DB" --format csv
	expect_out "e-demarche,1,D01,Dépôt électronique des factures,85.25,5,6.91,18.75," "the CSV ranking keeps its dots"
	LOCPATH="$T/locales" LC_ALL=fr_FR.UTF-8 run ranking --db "$DB" --format json
	expect_out '"score":85.25' "and the JSON its numbers"
	LOCPATH="$T/locales" LC_ALL=fr_FR.UTF-8 run export --db "$DB" --format csv --draft -o "$T/results.csv"
	if grep -q "85\.25" "$T/results.csv" && ! grep -q '"85,25"' "$T/results.csv"; then
		ok "the exported results too"
	else
		not_ok "the exported results too" "$(grep D01 "$T/results.csv")"
	fi
else
	skip "no French locale can be built here (localedef)"
fi

# No locale at all (LANG unset, as over ssh): C.UTF-8 is taken, --lang
# works, Arabic comes out whole.
env -i PATH="$PATH" MUDAWALA_DATADIR="$MUDAWALA_DATADIR" MUDAWALA_LOCALEDIR="$MUDAWALA_LOCALEDIR" \
	"$MUDAWALA_BIN" --lang fr list criteria --db "$DB" >"$T/out" 2>"$T/err"
expect_out "Nom (français)" "without a locale, --lang fr speaks French"
expect_out "المنفعة العامة للخدمة الإلكترونية" "and Arabic data comes out whole"

# A system error in the Arabic interface is in Arabic, and in French in
# the French one.
mw phase --db "$DB" --juror chair deliberation >/dev/null 2>&1 || :
LANGUAGE=ar run export --db "$DB" --format csv --draft -o "$T/no/such/folder/r.csv"
expect_err "لا يوجد ملف أو مجلد بهذا الاسم" "ar: a missing folder is said in Arabic"
LANGUAGE=fr run export --db "$DB" --format csv --draft -o "$T/no/such/folder/r.csv"
expect_err "aucun fichier ou dossier de ce nom" "fr: and in French"

# Times for people in the local time zone (stored in UTC).
D="$T/times.sqlite"
"$MUDAWALA_BIN" demo --db "$D" >/dev/null
for c in interet-general qualite rendement realisation; do
	mw score --db "$D" --juror misoc --dossier D10 --criterion $c 12 >/dev/null
done
MUDAWALA_NOW=2026-11-22T14:20:09Z mw submit --db "$D" --juror misoc --dossier D10 >/dev/null
TZ=XXX-1 run score --db "$D" --juror misoc --dossier D10 --criterion qualite 13
expect_err "submitted dossier 'D10' on 2026-11-22 15:20;" "a time in a message is the local time (UTC+1 here)"

# Files that are not editions.
printf 'des notes\n' >"$T/notes.txt"
run list dossiers --db "$T/notes.txt"
expect_status 1 "a text file is refused"
expect_err "notes.txt: not a mudawala edition (it is: ASCII text)" "named for what it is"
if grep -q "backup" "$T/err"; then not_ok "with no advice to copy a backup over it" "$(cat "$T/err")"; else ok "with no advice to copy a backup over it"; fi
: >"$T/empty.sqlite"
run score --db "$T/empty.sqlite" --juror hg --dossier D01 --criterion qualite 10
expect_err "an empty file, not a mudawala edition; it was left as it is" "an empty file is refused"
[ ! -s "$T/empty.sqlite" ] && [ ! -e "$T/empty.sqlite-wal" ] && ok "and left empty" || not_ok "and left empty" "$(ls -la "$T"/empty.sqlite*)"
run list dossiers --db "$T/absent.sqlite"
expect_err "try the demo with: mudawala --demo" "a missing edition suggests the demo"
done_testing
