#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# What leaves the commission: signed results and minutes, verified by us
# and by the stock minisign; score sheets between two copies of an
# edition, and every way a sheet can be wrong.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
export MUDAWALA_PASSPHRASE=demo
{ echo "untrusted comment: chair"; sqlite3 "$DB" "SELECT public_key FROM juror WHERE id = 'chair'" 2>/dev/null || sed -n 2p "$DB.keys/chair.pub"; } >"$T/chair.pub"
have_minisign() { command -v minisign >/dev/null 2>&1; }
audit_rows() { mw audit --db "$1" --format csv | wc -l; }

# Score sheets: misoc works on a copy of the edition on their laptop.
cp "$DB" "$T/misoc.sqlite"
cp -r "$DB.keys" "$T/misoc.sqlite.keys"
mw score --db "$T/misoc.sqlite" --juror misoc --dossier D11 --criterion qualite 17 --comment "Très clair" >/dev/null
run sheet export --db "$T/misoc.sqlite" --juror misoc -o "$T/s1.json"
expect_status 0 "a juror exports their score sheet"
expect_out "only the chair's key opens it" "signed and sealed for the chair"
[ ! -e "$T/s1.json.minisig" ] && ok "one file, its signature inside" || not_ok "one file, its signature inside"
if grep -q -e "Très clair" -e "qualite" -e "misoc" -e "dossier" "$T/s1.json"; then
	not_ok "a found sheet shows no score, comment, dossier or juror" "$(head -c 300 "$T/s1.json")"
else
	ok "a found sheet shows no score, comment, dossier or juror"
fi
mw submit --db "$T/misoc.sqlite" --juror misoc --dossier D11 >/dev/null
mw sheet export --db "$T/misoc.sqlite" --juror misoc -o "$T/s2.json" >/dev/null
before=$(audit_rows "$DB")
sheet_refused() {       # FILE DESCRIPTION MESSAGE
	run sheet import --db "$DB" --juror chair "$1"
	expect_status 1 "$2: refused"
	expect_err "$3" "$2: saying why"
	[ "$(audit_rows "$DB")" = "$before" ] && ok "$2: nothing changed" || not_ok "$2: nothing changed"
}
printf 'not json' >"$T/bad.json"
sheet_refused "$T/bad.json" "not JSON" "not a score sheet (not JSON, or cut short)"
head -c 300 "$T/s1.json" >"$T/cut.json"
sheet_refused "$T/cut.json" "a truncated sheet" "not a score sheet (not JSON, or cut short)"
# One character of the box changed on the way.
awk '{ i = index($0, "\"box\":\"") + 47; c = substr($0, i, 1);
	print substr($0, 1, i - 1) (c == "A" ? "B" : "A") substr($0, i + 1) }' \
	"$T/s1.json" >"$T/tampered.json"
cmp -s "$T/s1.json" "$T/tampered.json" && not_ok "the tampered copy differs" || ok "the tampered copy differs"
sheet_refused "$T/tampered.json" "a tampered sheet" "cannot be opened with the chair's key"
sed 's/"to":"[0-9A-F]*"/"to":"0000000000000000"/' "$T/s1.json" >"$T/other.json"
sheet_refused "$T/other.json" "a sheet sealed for another key" "not for this chair's key"
"$MUDAWALA_BIN" demo --db "$T/elsewhere.sqlite" >/dev/null
mw sheet export --db "$T/elsewhere.sqlite" --juror misoc -o "$T/elsewhere.json" >/dev/null
sheet_refused "$T/elsewhere.json" "a sheet of another commission" "not for this chair's key"
run sheet import --db "$DB" --juror hg "$T/s1.json"
expect_status 1 "only the chair imports sheets"
run sheet import --db "$DB" --juror chair "$T/s1.json"
expect_status 0 "the chair imports the sheet"
expect_out "Imported sheet" "and is told what came in"
n=$(sqlite3 "$DB" "SELECT value || '|' || comment FROM score WHERE juror_id = 'misoc' AND dossier_id = 'D11' AND criterion_id = 'qualite'")
[ "$n" = "17.0|Très clair" ] && ok "the juror's score and comment arrived" || not_ok "the juror's score and comment arrived" "$n"
before=$(audit_rows "$DB")
sheet_refused "$T/s1.json" "the same sheet again" "not newer than the one imported"
run sheet import --db "$DB" --juror chair "$T/s2.json"
expect_status 0 "a newer sheet replaces the earlier import"
n=$(sqlite3 "$DB" "SELECT count(*) FROM submission WHERE juror_id = 'misoc' AND dossier_id = 'D11'")
[ "$n" = 1 ] && ok "with the submission it carries, once" || not_ok "with the submission it carries, once" "$n"
n=$(sqlite3 "$DB" "SELECT count(*) FROM sheet_import")
[ "$n" = 1 ] && ok "one import record per juror" || not_ok "one import record per juror" "$n"
before=$(audit_rows "$DB")
sheet_refused "$T/s1.json" "an older sheet after a newer one" "not newer than the one imported"
run audit --db "$DB" --verify
expect_status 0 "imports are in the audit chain"

# Results: refused before the lock unless a draft, which says so.
run export --db "$DB" --format csv -o "$T/r.csv"
expect_status 1 "no results before the lock"
expect_err "--draft writes a draft that says so" "with advice"
[ -e "$T/r.csv" ] && not_ok "and no file written" || ok "and no file written"
run export --db "$DB" --format csv -o "$T/draft.csv" --draft --sign --juror chair
expect_status 1 "no draft during scoring: it would show every juror's totals"
expect_err "which open with the deliberation" "saying why"
[ -e "$T/draft.csv" ] && not_ok "and no draft written" || ok "and no draft written"

# Lock, then the real thing.
mw phase --juror chair --db "$DB" deliberation >/dev/null
run export --db "$DB" --format csv -o "$T/hg-draft.csv" --draft --sign --juror hg
expect_status 1 "a member does not sign what the commission publishes"
expect_err "'hg' is not the chair" "saying so"
[ -e "$T/hg-draft.csv" ] && not_ok "and nothing is left" || ok "and nothing is left"
run export --db "$DB" --format csv -o "$T/draft.csv" --draft --sign --juror chair
expect_status 0 "a signed draft"
n=$(grep -c ',draft$' "$T/draft.csv")
m=$(($(wc -l <"$T/draft.csv") - 1))
[ "$n" = "$m" ] && ok "every row of a draft says draft" || not_ok "every row of a draft says draft" "$n of $m"
grep -q 'draft=yes' "$T/draft.csv.minisig" && ok "and so does its trusted comment" || not_ok "and so does its trusted comment"
run export --db "$DB" --format json -o "$T/draft.json" --draft
expect_status 0 "a JSON draft"
grep -q '"draft":true' "$T/draft.json" && ok "says draft" || not_ok "says draft"
for c in e-demarche smart-apps e-contenu e-participation; do
	mw award --db "$DB" --juror chair --category $c --prize excellence --none --rationale "Aucun" >/dev/null
done
mw award --db "$DB" --juror chair --category e-demarche --prize encouragement --dossier D02 --rationale "Un service exemplaire" >/dev/null
for c in smart-apps e-contenu e-participation; do
	mw award --db "$DB" --juror chair --category $c --prize encouragement --none --rationale "Aucun" >/dev/null
done
mw award --db "$DB" --juror chair --category e-contenu --prize merit --dossier D22 --rationale "Contenu de qualité" >/dev/null
mw lock --db "$DB" --juror chair >/dev/null
for f in csv json html; do
	run export --db "$DB" --format $f -o "$T/results.$f" --sign --juror chair
	expect_status 0 "signed $f results"
	run verify "$T/results.$f" -p "$T/chair.pub"
	expect_status 0 "we verify the $f signature"
	expect_out "signed by chair (chair)" "and say who signed what"
	if have_minisign; then
		minisign -Vm "$T/results.$f" -p "$T/chair.pub" >"$T/mv" 2>&1 && ok "minisign verifies the $f signature" || not_ok "minisign verifies the $f signature" "$(cat "$T/mv")"
	fi
done
grep -q "seal=$(sqlite3 "$DB" "SELECT hex(seal) FROM seal")" "$T/results.csv.minisig" && ok "the trusted comment carries the seal" || not_ok "the trusted comment carries the seal"
chairkey=$(mw pubkey --db "$DB" --juror chair | sed -n 's/^untrusted comment: mudawala public key \([0-9A-F]*\) .*/\1/p')
grep -q "chairkey=$chairkey" "$T/results.csv.minisig" && ok "and the chair's key id, as minisign shows it" || not_ok "and the chair's key id, as minisign shows it" "$chairkey"
run export --db "$DB" --format csv --table decisions -o "$T/decisions.csv"
grep -q "^e-demarche,encouragement,D02,PORNET" "$T/decisions.csv" && ok "the CSV decisions hold the prizes" || not_ok "the CSV decisions hold the prizes" "$(cat "$T/decisions.csv")"
# One kind of row per file: every row has the header's number of fields.
for t in ranking decisions commission categories documents edition; do
	mw export --db "$DB" --format csv --table $t -o "$T/t-$t.csv" >/dev/null 2>&1
	mw export --db "$DB" --format json -o "$T/t.json" >/dev/null 2>&1
	n=$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding="utf-8"))); print(len(set(len(x) for x in r)), len(r))' "$T/t-$t.csv" 2>/dev/null)
	case $n in
	"1 "[1-9]*) ok "--table $t: one kind of row ($(head -1 "$T/t-$t.csv"))" ;;
	*) not_ok "--table $t: one kind of row" "$n: $(head -3 "$T/t-$t.csv")" ;;
	esac
done
run export --db "$DB" --format csv --table votes -o "$T/x.csv"
expect_status 2 "an unknown table is a usage error"
expect_err "ranking, decisions, commission, categories, documents, edition" "listing the tables"
grep -q '"rationale":"Un service exemplaire"' "$T/results.json" && ok "the JSON holds the rationales" || not_ok "the JSON holds the rationales"
run export --db "$DB" --format csv -o "$T/bom.csv" --bom
[ "$(head -c 3 "$T/bom.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok "--bom starts with a byte order mark" || not_ok "--bom starts with a byte order mark"

# Tampering with a signed file.
cp "$T/results.csv" "$T/flip.csv"; cp "$T/results.csv.minisig" "$T/flip.csv.minisig"
printf 'X' | dd of="$T/flip.csv" bs=1 seek=100 count=1 conv=notrunc 2>/dev/null
run verify "$T/flip.csv" -p "$T/chair.pub"
expect_status 1 "a flipped byte is refused"
expect_err "the file was changed after it was signed" "saying so"
if have_minisign; then
	minisign -Vm "$T/flip.csv" -p "$T/chair.pub" >/dev/null 2>&1 && not_ok "minisign refuses it too" || ok "minisign refuses it too"
fi
cp "$T/results.csv" "$T/tc.csv"
sed 's/draft=no/draft=yes/' "$T/results.csv.minisig" >"$T/tc.csv.minisig"
run verify "$T/tc.csv" -p "$T/chair.pub"
expect_status 1 "an edited trusted comment is refused"
expect_err "the trusted comment was changed after signing" "saying so"
if have_minisign; then
	minisign -Vm "$T/tc.csv" -p "$T/chair.pub" >/dev/null 2>&1 && not_ok "minisign refuses it too" || ok "minisign refuses it too"
fi
{ echo "untrusted comment: hg"; sqlite3 "$DB" "SELECT public_key FROM juror WHERE id = 'hg'"; } >"$T/hg.pub"
run verify "$T/results.csv" -p "$T/hg.pub"
expect_status 1 "another member's key does not verify the chair's signature"
expect_err "not by key" "naming both keys"
if have_minisign; then
	minisign -G -W -f -p "$T/m.pub" -s "$T/m.key" >/dev/null 2>&1
	echo "bonjour" >"$T/m.txt"
	minisign -S -s "$T/m.key" -m "$T/m.txt" -t "signé par minisign" >/dev/null 2>&1
	run verify "$T/m.txt" -p "$T/m.pub"
	expect_status 0 "we verify minisign's own signatures"
	expect_out "Trusted comment: signé par minisign" "with its trusted comment"
	minisign -S -l -s "$T/m.key" -m "$T/m.txt" >/dev/null 2>&1
	run verify "$T/m.txt" -p "$T/m.pub"
	expect_status 1 "a legacy Ed signature is refused"
	expect_err "only prehashed signatures" "saying why"
	minisign -H -Vm "$T/m.txt" -p "$T/m.pub" >/dev/null 2>&1 && not_ok "minisign -H refuses it too" || ok "minisign -H refuses it too"
fi

# The minutes: well-formed, self-contained, in French and in Arabic.
use_catalogues
LANGUAGE=fr run export --db "$DB" --format html -o "$T/pv-fr.html" --lang fr --place Rabat
LANGUAGE=ar run export --db "$DB" --format html -o "$T/pv-ar.html" --lang ar --place "الرباط"
for l in fr ar; do
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$T/pv-$l.html" 2>"$T/x" && ok "the $l minutes are well-formed" || not_ok "the $l minutes are well-formed" "$(cat "$T/x")"
	fi
	grep -qE '(src|href)="(https?:)?//' "$T/pv-$l.html" && not_ok "the $l minutes load nothing from outside" || ok "the $l minutes load nothing from outside"
	grep -q '<svg' "$T/pv-$l.html" && ok "the $l minutes draw the scores" || not_ok "the $l minutes draw the scores"
	grep -q '@page{size:A4' "$T/pv-$l.html" && ok "the $l minutes print on A4" || not_ok "the $l minutes print on A4"
done
grep -q '<html lang="ar" dir="rtl">' "$T/pv-ar.html" && ok "the Arabic minutes read right to left" || not_ok "the Arabic minutes read right to left"
grep -q '<html lang="fr" dir="ltr">' "$T/pv-fr.html" && ok "the French ones left to right" || not_ok "the French ones left to right"
grep -q "Procès-verbal de délibération" "$T/pv-fr.html" && ok "the French minutes are in French" || not_ok "the French minutes are in French"
grep -q "محضر المداولات" "$T/pv-ar.html" && ok "the Arabic minutes are in Arabic" || not_ok "the Arabic minutes are in Arabic"
grep -qE "Date : [0-9]{2}/[0-9]{2}/[0-9]{4}" "$T/pv-fr.html" && ok "dates the French way, digits 0-9" || not_ok "dates the French way, digits 0-9"
grep -qE "التاريخ: [0-9]{4}/[0-9]{2}/[0-9]{2}" "$T/pv-ar.html" && ok "dates the Arabic way, digits 0-9" || not_ok "dates the Arabic way, digits 0-9"

# Attendance: every member present unless named absent.
LANGUAGE=fr run export --db "$DB" --format html -o "$T/pv-att.html" --lang fr --absent hg,misoc
expect_status 0 "the minutes with two members absent"
grep -q "<td>Youssef El Amrani</td><td>[^<]*</td><td>[^<]*</td><td>absent</td>" "$T/pv-att.html" &&
    grep -q "<td>Nadia Bennani</td><td>[^<]*</td><td>[^<]*</td><td>présent</td>" "$T/pv-att.html" &&
    ok "the commission says who was present and who was absent" ||
    not_ok "the commission says who was present and who was absent" "$(grep -o '<td>Youssef[^/]*/td>.\{0,120\}' "$T/pv-att.html")"
run export --db "$DB" --format html -o "$T/pv-x.html" --absent nobody
expect_status 2 "an absent member who is not one is a usage error"
expect_err "'nobody' is not a member of the commission" "naming them"
[ ! -e "$T/pv-x.html" ] && ok "and nothing is written" || not_ok "and nothing is written"

# What a ministry files: page N of M, a letterhead, a line to sign for
# every voting member, table headers repeated on every page, data isolated
# from the text around it, times in the local time zone, a draft that says
# so without covering anything.
grep -q '@bottom-center{content:"page " counter(page) " sur " counter(pages)' "$T/pv-fr.html" &&
    ok "every printed page says 'page N sur M'" || not_ok "every printed page says 'page N sur M'" "$(grep -o '@page{[^}]*}[^}]*}' "$T/pv-fr.html")"
grep -q '@bottom-center{content:"الصفحة " counter(page) " من " counter(pages)' "$T/pv-ar.html" &&
    ok "and in Arabic" || not_ok "and in Arabic"
chair_org=$(sqlite3 "$DB" "SELECT organisation FROM juror WHERE role = 'chair'")
# (up to its first apostrophe, which the HTML escapes)
grep -q "<header class=\"letterhead\"><p><strong><bdi>${chair_org%%\'*}" "$T/pv-fr.html" &&
    ok "the letterhead names the convening body" || not_ok "the letterhead names the convening body"
voting=$(sqlite3 "$DB" "SELECT count(*) FROM juror WHERE voting = 1")
signed=$(sed 's/<div class="sign">/\n&/' "$T/pv-ar.html" | sed -n '/<div class="sign">/,$p' | grep -o '<div><bdi>' | wc -l)
[ "$signed" -eq "$voting" ] && ok "a line to sign for each of the $voting voting members" || not_ok "a line to sign for each of the $voting voting members" "$signed"
for n in $(sqlite3 "$DB" "SELECT name FROM juror WHERE voting = 1" | tr ' ' '_'); do
	grep -q "<div><bdi>$(echo "$n" | tr '_' ' ')</bdi><br/>" "$T/pv-fr.html" || echo "$n"
done >"$T/unsigned"
[ ! -s "$T/unsigned" ] && ok "each by name" || not_ok "each by name" "$(cat "$T/unsigned")"
tables=$(grep -o '<table>' "$T/pv-fr.html" | wc -l)
heads=$(grep -o '<table><thead>' "$T/pv-fr.html" | wc -l)
[ "$tables" -gt 0 ] && [ "$tables" -eq "$heads" ] && grep -q 'thead{display:table-header-group}' "$T/pv-fr.html" &&
    ok "every table's header repeats on each page ($tables tables)" || not_ok "every table's header repeats on each page" "$heads of $tables"
grep -q 'p,li,td,th,h1,h2,h3{unicode-bidi:plaintext}' "$T/pv-ar.html" && grep -q '<bdi>Rabat</bdi>\|<bdi>الرباط</bdi>' "$T/pv-ar.html" &&
    ok "French data in the Arabic minutes is isolated" || not_ok "French data in the Arabic minutes is isolated"
TZ=XXX-1 LANGUAGE=fr run export --db "$DB" --format html -o "$T/pv-tz.html" --lang fr --draft
grep -qE "Verrouill[^<]*[0-9]{2}/[0-9]{2}/[0-9]{4} à [0-9]{2}:[0-9]{2} <bdi>\(UTC\+01:00\)</bdi>|[0-9]{2}:[0-9]{2} <bdi>\(UTC\+01:00\)</bdi>" "$T/pv-tz.html" &&
    ok "times in the local time zone, with the offset" || not_ok "times in the local time zone, with the offset" "$(grep -o '[0-9:]* <bdi>(UTC[^<]*' "$T/pv-tz.html" | head -3)"
if grep -q '<div class="watermark"' "$T/pv-tz.html" && ! grep -q '\.draft{[^}]*position:fixed' "$T/pv-tz.html"; then
	ok "a draft says so at the top and faintly behind each page, over nothing"
else
	not_ok "a draft says so at the top and faintly behind each page, over nothing"
fi
grep -q "الخدمات الإجرائية" "$T/pv-ar.html" && ok "with the categories' Arabic names" || not_ok "with the categories' Arabic names"
for s in "Nadia Bennani" "PORNET" "Un service exemplaire" "Contenu de qualité" "$(sqlite3 "$DB" "SELECT hex(seal) FROM seal")"; do
	grep -qF "$s" "$T/pv-fr.html" && ok "the minutes hold: $s" || not_ok "the minutes hold: $s"
done
id=$(mw verify "$T/results.csv" -p "$T/chair.pub" | sed -n 's/.*signed with key \([0-9A-F]*\)\..*/\1/p')
grep -q "$id" "$T/pv-fr.html" && ok "and the fingerprint of the chair's key" || not_ok "and the fingerprint of the chair's key" "$id"
done_testing
