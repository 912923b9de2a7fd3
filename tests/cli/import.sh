#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mudawala import: CSV in, the same CSV out, bad files refused whole.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/e.sqlite"
F="$SRC/tests/fixtures"

"$MUDAWALA_BIN" init --db "$DB" --preset emtiaz --edition T --year 2019 >/dev/null

run import dossiers --db "$DB" "$F/dossiers-mixed.csv"
expect_status 0 "imports a BOM, CRLF, quotes, newlines, Arabic"
expect_out "3 rows read: 3 added, 0 updated" "and reports the count"

run list dossiers --db "$DB" --format csv
expect_golden dossiers-mixed.csv "lists the dossiers back exactly"
cp "$T/out" "$T/listed.csv"

"$MUDAWALA_BIN" init --db "$T/copy.sqlite" --preset emtiaz --edition T --year 2019 >/dev/null
run import dossiers --db "$T/copy.sqlite" "$T/listed.csv"
expect_status 0 "a listing imports into another edition"
run list dossiers --db "$T/copy.sqlite" --format csv
if cmp -s "$T/out" "$T/listed.csv"; then
	ok "and lists back byte for byte"
else
	not_ok "and lists back byte for byte" "$(diff "$T/listed.csv" "$T/out" | head)"
fi

run import dossiers --db "$DB" "$F/dossiers-mixed.csv"
expect_status 0 "importing the same file again succeeds"
expect_out "nothing changed" "and changes nothing"
run audit --db "$DB" --format csv
rows=$(grep -c '^[0-9]' "$T/out")
[ "$rows" -eq 2 ] && ok "no audit row for a no-op import" || not_ok "no audit row for a no-op import" "$rows rows"

run import jurors --db "$DB" "$F/jurors-small.csv"
expect_status 0 "imports jurors"
run list jurors --db "$DB" --format csv
expect_golden jurors-small.csv "lists the jurors back"
run import conflicts --db "$DB" "$F/conflicts-small.csv"
expect_status 0 "imports conflicts by dossier and by administration"

bad() {
	file=$1 msg=$2 desc=$3
	before=$(mw audit --db "$DB" --format csv | wc -l)
	run import "$4" --db "$DB" "$F/$file"
	expect_status 1 "$desc: refused"
	expect_err "$msg" "$desc: the error names file, line, field"
	after=$(mw audit --db "$DB" --format csv | wc -l)
	[ "$before" -eq "$after" ] && ok "$desc: nothing imported" || not_ok "$desc: nothing imported"
}
bad dossiers-bad-category.csv \
	"dossiers-bad-category.csv:3:2: field 'category': unknown category 'e-gov' (known: e-demarche, smart-apps, e-contenu, e-participation)" \
	"unknown category" dossiers
bad dossiers-duplicate.csv \
	"dossiers-duplicate.csv:5:1: field 'id': 'B1' appears twice in the file (first on line 2)" \
	"duplicate id after a multi-line field" dossiers
bad dossiers-unknown-column.csv \
	"dossiers-unknown-column.csv:1:4: unknown column 'colour' (expected: id, category, title_ar, title_fr, administration, url, summary_ar, summary_fr; or a field of the application form: description, beneficiaries, launch_date," \
	"unknown column" dossiers
bad dossiers-bad-utf8.csv \
	"dossiers-bad-utf8.csv:2:3: field 'title_fr': not valid UTF-8 (at byte 4)" \
	"malformed UTF-8" dossiers
bad jurors-bad-role.csv \
	"jurors-bad-role.csv:2:3: field 'role': found 'president', expected chair, member or expert" \
	"bad role" jurors
# A NUL byte anywhere in a field: the whole file refused, the field named
# (it used to cut the value short and import the rest).
printf 'juror,dossier,administration,reason\nj1\0x,D01,,r\n' >"$T/nul-conflicts.csv"
printf 'id,category,title_fr\nN1,e-contenu,Titre\0cach\303\251\n' >"$T/nul-dossiers.csv"
printf 'id,name,role\nn1,Nom\0,member\n' >"$T/nul-jurors.csv"
for kind in conflicts dossiers jurors; do
	before=$(mw audit --db "$DB" --format csv | wc -l)
	run import $kind --db "$DB" "$T/nul-$kind.csv"
	expect_status 1 "a NUL byte in a $kind file: refused"
	after=$(mw audit --db "$DB" --format csv | wc -l)
	[ "$before" -eq "$after" ] && ok "a NUL byte in a $kind file: nothing imported" || not_ok "a NUL byte in a $kind file: nothing imported"
done
expect_err "nul-jurors.csv:2:2: a NUL byte in the field" "naming file, line and field"

# The database's constraints are said in the file's terms.
{ echo "id,category,title_fr,administration"; printf 'L1,e-contenu,Titre,'; i=0; while [ $i -lt 301 ]; do printf 'é'; i=$((i + 1)); done; echo; } >"$T/long.csv"
run import dossiers --db "$DB" "$T/long.csv"
expect_status 1 "an administration of 301 characters: refused"
expect_err "long.csv:2:4: field 'administration': at most 300 characters, found 301" "naming the file, line and field, not a constraint"

run list dossiers --db "$DB" --format csv
if grep -q '^B[12],' "$T/out"; then
	not_ok "no dossier of a bad file is in the edition"
else
	ok "no dossier of a bad file is in the edition"
fi

# An administration is one, however its name is typed: a member's
# organisation "commune de rabat " is the Commune de Rabat of a dossier,
# and a conflict follows.
E="$T/names.sqlite"
"$MUDAWALA_BIN" init --db "$E" --preset emtiaz --edition N --year 2020 >/dev/null
printf 'id,name,organisation,role,voting\nchair,Présidente,Ministère,chair,yes\nj1,Un,commune de rabat ,member,yes\nj2,Deux,COMMUNE DE RABAT.,member,yes\nj3,Trois,Autre,member,yes\n' >"$T/names-jurors.csv"
printf 'id,category,title_fr,administration\nR1,e-contenu,Portail,Commune de Rabat\nR2,e-contenu,Guichet,commune  de  rabat\n' >"$T/names-dossiers.csv"
mw import jurors --db "$E" "$T/names-jurors.csv" >/dev/null
run import dossiers --db "$E" "$T/names-dossiers.csv"
expect_status 0 "dossiers of one administration typed two ways"
run list dossiers --db "$E" --format csv
n=$(grep -c ',Commune de Rabat,' "$T/out")
[ "$n" = 2 ] && ok "take its first spelling" || not_ok "take its first spelling" "$(cat "$T/out")"
run list jurors --db "$E" --format csv
n=$(grep -c ',Commune de Rabat,' "$T/out")
[ "$n" = 2 ] && ok "and so do the members who belong to it, however they wrote it" || not_ok "and so do the members who belong to it" "$(cat "$T/out")"
mw phase --db "$E" --juror chair scoring >/dev/null
run score --db "$E" --juror j1 --dossier R1 --criterion qualite 12
expect_status 1 "a member of the Commune de Rabat is in conflict with its dossier"
run score --db "$E" --juror j2 --dossier R2 --criterion qualite 12
expect_status 1 "whatever the case and punctuation of the organisation"
run score --db "$E" --juror j3 --dossier R1 --criterion qualite 12
expect_status 0 "a member of another administration is not"
printf 'juror,dossier,administration,reason\nj3,,COMMUNE de Rabat,parent\n' >"$T/names-conflicts.csv"
run import conflicts --db "$E" --juror chair "$T/names-conflicts.csv"
expect_status 0 "a conflict with the administration typed another way"
run score --db "$E" --juror j3 --dossier R2 --criterion qualite 12
expect_status 1 "holds for its dossiers"
printf 'juror,dossier,administration,reason\nj1,,Commune de Rabbat,typo\n' >"$T/names-typo.csv"
run import conflicts --db "$E" --juror chair "$T/names-typo.csv"
expect_status 1 "a conflict with an administration the edition does not know: refused"
expect_err "names-typo.csv:2:3: field 'administration': no administration of the edition is named 'Commune de Rabbat'; the nearest: 'Commune de Rabat'" "naming the nearest"

# Administrations as entities: an id, names in French and in Arabic, the
# names they are also known by; a dossier, a member or a conflict that
# uses any of them refers to the one administration.
A="$T/entities.sqlite"
"$MUDAWALA_BIN" init --db "$A" --preset emtiaz --edition A --year 2020 >/dev/null
printf 'id,name_fr,name_ar,aliases\nmap,Agence Marocaine de Presse,وكالة المغرب العربي للأنباء,MAP|Maghreb Arabe Presse\nanrt,Agence Nationale de Réglementation des Télécommunications,الوكالة الوطنية لتقنين المواصلات,ANRT\n' >"$T/adm.csv"
run import administrations --db "$A" "$T/adm.csv"
expect_status 0 "imports administrations with their names and aliases"
expect_out "2 rows read: 2 added" "and counts them"
printf 'id,name,organisation,role,voting\nchair,Présidente,Ministère,chair,yes\nk1,Un,map,member,yes\nk2,Deux,وكالة المغرب العربي للأنباء,member,yes\nk3,Trois,A.N.R.T.,member,yes\n' >"$T/adm-jurors.csv"
mw import jurors --db "$A" "$T/adm-jurors.csv" >/dev/null
printf 'id,category,title_fr,administration\nM1,e-contenu,Portail,Maghreb arabe presse\nM2,e-contenu,Guichet,anrt\n' >"$T/adm-dossiers.csv"
mw import dossiers --db "$A" --juror chair "$T/adm-dossiers.csv" >/dev/null
run list dossiers --db "$A" --format csv
grep -q ',Agence Marocaine de Presse,' "$T/out" && grep -q ',Agence Nationale de Réglementation des Télécommunications,' "$T/out" && ok "a dossier under an alias refers to the administration" || not_ok "a dossier under an alias refers to the administration" "$(cat "$T/out")"
run list jurors --db "$A" --format csv
n=$(grep -c ',Agence Marocaine de Presse,' "$T/out")
[ "$n" = 2 ] && ok "members by its acronym or its Arabic name belong to it" || not_ok "members by its acronym or its Arabic name belong to it" "$(cat "$T/out")"
mw phase --db "$A" --juror chair scoring >/dev/null
run score --db "$A" --juror k2 --dossier M1 --criterion qualite 12
expect_status 1 "so the member who wrote it in Arabic is in conflict"
run score --db "$A" --juror k3 --dossier M2 --criterion qualite 12
expect_status 1 "and the one who wrote A.N.R.T."
run score --db "$A" --juror k3 --dossier M1 --criterion qualite 12
expect_status 0 "but not with another administration's dossier"
printf 'id,name_fr,name_ar,aliases\nautre,Autre agence,,MAP\n' >"$T/adm-clash.csv"
run import administrations --db "$A" --juror chair --reason "x" "$T/adm-clash.csv"
expect_status 1 "an alias that names another administration: refused"
expect_err "adm-clash.csv:2:4: field 'aliases': 'MAP' already names another administration, 'Agence Marocaine de Presse'" "naming both"

run import dossiers --db "$DB" "$T/none.csv"
expect_status 1 "a missing file is an error"
expect_err "none.csv: cannot open" "naming the file"
run import prizes --db "$DB" "$F/dossiers-mixed.csv"
expect_status 2 "an unknown kind is a usage error"
run import dossiers --db "$T/absent.sqlite" "$F/dossiers-mixed.csv"
expect_status 1 "a missing edition is an error"
expect_err "no such edition file" "and says so"
done_testing
