#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# No control character and no bidi control from the data reaches what a
# command writes: tables, CSV, HTML minutes, error messages.  The data
# carries them on purpose: an edition name, member and dossier names, a
# reason, a place.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/o.sqlite"
esc=$(printf '\033[31m')
rlo=$(printf '\342\200\256')      # U+202E RIGHT-TO-LEFT OVERRIDE
lri=$(printf '\342\201\246')      # U+2066 LEFT-TO-RIGHT ISOLATE
c1=$(printf '\302\233')           # U+009B, the 8-bit CSI
mw init --db "$DB" --preset emtiaz --edition "Prix ${esc}${rlo}(2026)${c1}" --year 2026 >/dev/null
printf 'id,name,organisation,role,voting,public_key\nchair,Nadia %sBennani,MEF,chair,yes,\nj1,Youssef %s El Amrani,%sOrg,member,yes,\n' "$rlo" "$lri" "$rlo" >"$T/jurors.csv"
mw import jurors --db "$DB" "$T/jurors.csv" >/dev/null
printf 'id,category,title_fr,title_ar,administration\nD1,e-contenu,Titre %s dossier,,Commune %s\n' "$rlo" "$lri" >"$T/dossiers.csv"
mw import dossiers --db "$DB" "$T/dossiers.csv" >/dev/null
mw phase --db "$DB" --juror chair scoring >/dev/null
mw phase --db "$DB" --juror chair setup --reason "retour ${esc}]0;titre${c1} ${rlo}" >/dev/null
mw phase --db "$DB" --juror chair deliberation >/dev/null

# Bytes no output may hold: C0 but TAB/LF/CR, DEL, C1, bidi controls.
bad() { LC_ALL=C grep -c -P '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae\x8e\x8f]|\xe2\x81[\xa6-\xa9]|\xd8\x9c' "$1"; }
check() {        # DESCRIPTION FILE
	n=$(bad "$2")
	[ "$n" = 0 ] && ok "$1: no control, no bidi control" || not_ok "$1: no control, no bidi control" "$(LC_ALL=C grep -n -P '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$2" | head -3 | od -c | head -5)"
}
for what in jurors dossiers categories; do
	for fmt in table csv; do
		run list $what --db "$DB" --format $fmt
		check "list $what, $fmt" "$T/out"
	done
done
for fmt in table csv; do
	run audit --db "$DB" --format $fmt
	check "audit, $fmt" "$T/out"
	run ranking --db "$DB" --format $fmt
	check "ranking, $fmt" "$T/out"
done
for what in jurors dossiers; do
	run list $what --db "$DB" --format json
	check "list $what, json" "$T/out"
done
run ranking --db "$DB" --format json
check "ranking, json" "$T/out"
run audit --db "$DB" --format json
check "audit, json" "$T/out"
run export --db "$DB" --format json --draft -o "$T/r.json"
check "export json" "$T/r.json"
if have_sqlite3; then
	v=$(sqlite3 :memory: "SELECT json_valid(readfile('$T/r.json'))")
	[ "$v" = 1 ] && ok "and the JSON is still valid" || not_ok "and the JSON is still valid"
	n=$(sqlite3 :memory: "SELECT count(*) FROM json_tree(readfile('$T/r.json')) WHERE type = 'text' AND value LIKE '%' || char(8238) || '%'")
	[ "$n" -gt 0 ] && ok "with the data's U+202E escaped, not lost" || not_ok "with the data's U+202E escaped, not lost" "$n"
else
	ok "# SKIP sqlite3 shell not installed"
	ok "# SKIP sqlite3 shell not installed"
fi
run export --db "$DB" --format csv --draft -o "$T/r.csv"
check "export csv" "$T/r.csv"
run export --db "$DB" --format html --draft --place "Rabat ${esc}2J${rlo}" -o "$T/m.html"
check "minutes" "$T/m.html"
grep -q "Rabat" "$T/m.html" && ok "the place is still there, cleaned" || not_ok "the place is still there, cleaned"
printf 'id,name,role\nx1,Nom,pr%ssident\n' "$esc" >"$T/bad.csv"
run import jurors --db "$DB" --juror chair "$T/bad.csv"
check "an error message quoting the data" "$T/err"
expect_err "bad.csv:2:3" "which still names the file, line and field"
done_testing
