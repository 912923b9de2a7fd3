#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mudawala import folder: a folder of candidacies (answers and documents)
# in one transaction; every bad folder refused whole, naming the file and
# the field, the edition unchanged.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/e.sqlite"
C="$T/candidacies"

"$MUDAWALA_BIN" init --db "$DB" --preset emtiaz --edition T --year 2019 >/dev/null
"$MUDAWALA_BIN" import jurors --db "$DB" "$SRC/tests/fixtures/jurors-small.csv" >/dev/null
i=1
while [ $i -le 35 ]; do
	make_candidacy "$C/$(printf 'c%02d' $i)" "$(printf 'cand-%02d' $i)"
	i=$((i + 1))
done

# log_rows: how many acts the edition's log holds.
log_rows() {
	"$MUDAWALA_BIN" audit --db "$DB" --format csv | grep -c '^[0-9]'
}

# refused DIR TEXT DESCRIPTION: the import of DIR fails, saying TEXT, and
# leaves the edition as it was.
refused() {
	before=$(log_rows)
	run import folder --db "$DB" "$1"
	if [ "$status" -eq 1 ] && grep -qF -- "$2" "$T/err" &&
	    [ "$(log_rows)" -eq "$before" ]; then
		ok "$3"
	else
		not_ok "$3" "status $status, log $before -> $(log_rows)" \
		    "stderr: $(cat "$T/err")" "expected: $2"
	fi
}

# variant NAME: a copy of the 35 candidacies to spoil.
variant() {
	rm -rf "$T/$1"
	cp -r "$C" "$T/$1"
	echo "$T/$1"
}

V=$(variant required)
sed -i '/^launch_date,/d' "$V/c07/dossier.csv"
refused "$V" "$V/c07/dossier.csv: launch_date (Date de mise en service): a required answer is missing" \
    "a missing required answer is refused, naming the file and the field"

V=$(variant date)
sed -i 's/^launch_date,.*/launch_date,15\/03\/2018/' "$V/c12/dossier.csv"
refused "$V" "$V/c12/dossier.csv:10: launch_date: expected a date as YYYY-MM-DD" \
    "a date not in YYYY-MM-DD is refused with its line"

V=$(variant choice)
sed -i 's/^channel,.*/channel,fax/' "$V/c03/dossier.csv"
refused "$V" "$V/c03/dossier.csv:11: channel: expected one of web, mobile, web+mobile, guichet, found 'fax'" \
    "an answer outside the choices is refused"

V=$(variant number)
sed -i 's/^users_per_year,.*/users_per_year,12 500/' "$V/c03/dossier.csv"
refused "$V" "$V/c03/dossier.csv:12: users_per_year: expected a number" \
    "a number with a space is refused"

V=$(variant duplicate)
sed -i 's/^id,.*/id,cand-04/' "$V/c30/dossier.csv"
refused "$V" "$V/c30/dossier.csv:2: id: the dossier 'cand-04' is already in the folder 'c04'" \
    "a dossier id in two folders is refused, naming both"

V=$(variant unreadable)
mkfifo "$V/c20/annexe.pdf"
refused "$V" "$V/c20/annexe.pdf: not a regular file" \
    "a file that cannot be read as one is refused, naming it"
if [ "$(id -u)" -ne 0 ]; then
	V=$(variant noperm)
	chmod 000 "$V/c21/presentation.pdf"
	refused "$V" "$V/c21/presentation.pdf: cannot read the file: Permission denied" \
	    "a file without read permission is refused, naming it"
else
	skip "a file without read permission (root reads every file)"
fi

V=$(variant nfc)
cp "$V/c24/presentation.pdf" "$V/c24/$(printf 'caf\303\251.pdf')"
{ cat "$V/c24/presentation.pdf"; echo; } >"$V/c24/$(printf 'cafe\314\201.pdf')"
refused "$V" "another file of the folder has the same name" \
    "two names equal once in NFC are refused"

# A folder received by mail may hold links to the chair's own files (a
# secret key): never followed, never stored.
V=$(variant link)
echo "secret" >"$T/secret.key"
ln -s "$T/secret.key" "$V/c22/annexe.pdf"
refused "$V" "$V/c22/annexe.pdf: a symbolic link is not read" \
    "a symbolic link to a file is refused"
V=$(variant linkdir)
mkdir "$T/elsewhere"
make_candidacy "$T/elsewhere/x" cand-99
ln -s "$T/elsewhere/x" "$V/c99"
refused "$V" "$V/c99: a symbolic link is not read" \
    "a symbolic link to a folder is refused"
V=$(variant linkcsv)
mv "$V/c23/dossier.csv" "$T/c23.csv"
ln -s "$T/c23.csv" "$V/c23/dossier.csv"
refused "$V" "$V/c23/dossier.csv: a symbolic link is not read" \
    "a dossier.csv that is a link is refused"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM attachment WHERE content LIKE '%secret%'")" -eq 0 ] &&
    ok "nothing of the linked file is in the edition" ||
    not_ok "nothing of the linked file is in the edition"

V=$(variant big)
"$MUDAWALA_BIN" config --db "$DB" --juror chair attachment-file-limit 64KiB >/dev/null
head -c 70000 /dev/urandom >"$V/c33/video.bin"
refused "$V" "$V/c33/video.bin: 68 KiB is over the limit of 64 KiB for one document (the setting attachment-file-limit)" \
    "a document over the limit per file is refused"

V=$(variant edition)
"$MUDAWALA_BIN" config --db "$DB" --juror chair attachment-file-limit 32MiB >/dev/null
"$MUDAWALA_BIN" config --db "$DB" --juror chair attachment-edition-limit 16KiB >/dev/null
refused "$V" "over its limit of 16 KiB (the setting attachment-edition-limit)" \
    "documents over the limit of the edition are refused"
"$MUDAWALA_BIN" config --db "$DB" --juror chair attachment-edition-limit 4GiB >/dev/null

V=$(variant unknown)
echo "colour,blue" >>"$V/c01/dossier.csv"
refused "$V" "$V/c01/dossier.csv:18: colour: unknown field" \
    "an unknown field is refused with the fields expected"

V=$(variant nofile)
rm "$V/c02/dossier.csv"
refused "$V" "$V/c02: no dossier.csv or dossier.json in this candidacy's folder" \
    "a folder without its answers is refused"

V=$(variant nested)
mkdir "$V/c05/annexes"
refused "$V" "$V/c05/annexes: a folder inside a candidacy's folder is not read" \
    "a folder inside a candidacy is refused"

# The same answers as one JSON object.
V=$(variant json)
cat >"$V/c34/dossier.json" <<JSON
{"id": "cand-34", "category": "e-demarche", "title_fr": "Service cand-34",
 "description_fr": "Un service.", "description_ar": "خدمة إلكترونية",
 "beneficiaries": "Citoyens", "launch_date": "2018-03-15", "channel": "web",
 "users_per_year": 12500, "service_address": null, "contact": "Amina Alaoui",
 "answer_interet_general_fr": "Partout", "answer_qualite_fr": "Vite",
 "answer_rendement_fr": "Moins de papier", "answer_realisation_fr": "En interne"}
JSON
refused "$V" "$V/c34: both dossier.csv and dossier.json: keep one" \
    "a folder with both kinds of answers is refused"
rm "$V/c34/dossier.csv"
sed -i 's/"2018-03-15"/"15\/03\/2018"/' "$V/c34/dossier.json"
refused "$V" "$V/c34/dossier.json: launch_date: expected a date as YYYY-MM-DD" \
    "a dossier.json is checked as a dossier.csv, naming the field"
echo '["cand-34"]' >"$V/c34/dossier.json"
refused "$V" "$V/c34/dossier.json: not a JSON object" "a dossier.json that is not an object is refused"

run list dossiers --db "$DB" --format csv
[ "$(wc -l <"$T/out")" -eq 1 ] && ok "after every refusal the edition has no dossier" ||
    not_ok "after every refusal the edition has no dossier" "$(cat "$T/out")"

# One candidacy sends its answers as JSON.
rm "$C/c35/dossier.csv"
cat >"$C/c35/dossier.json" <<JSON
{"id": "cand-35", "category": "e-demarche", "title_fr": "Service cand-35",
 "title_ar": "خدمة cand-35", "administration": "Ministere cand-35",
 "description_fr": "Un service en ligne pour les usagers (cand-35).",
 "description_ar": "خدمة إلكترونية لفائدة المرتفقين",
 "beneficiaries": "Citoyens", "launch_date": "2018-03-15", "channel": "web",
 "users_per_year": 12500, "service_address": null, "contact": "Amina Alaoui",
 "answer_interet_general_fr": "Le service touche toutes les regions.",
 "answer_qualite_fr": "Delai de reponse de deux jours.",
 "answer_rendement_fr": "Moins de papier.",
 "answer_realisation_fr": "Realise en interne."}
JSON
run import folder --db "$DB" "$C"
expect_status 0 "imports 35 candidacies with their documents"
expect_out "35 candidacy folders read: 35 added, 0 updated; 70 documents" "and says what it read"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM answer')" -eq 350 ] &&
    ok "every answer is kept (10 each)" ||
    not_ok "every answer is kept (10 each)" "$(sqlite3 "$DB" 'SELECT count(*) FROM answer')"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM answer WHERE dossier_id = 'cand-35'")" -eq 10 ] &&
    [ "$(sqlite3 "$DB" "SELECT value_fr FROM answer WHERE dossier_id = 'cand-35' AND field_id = 'users_per_year'")" = 12500 ] &&
    ok "a dossier.json gives the same answers" ||
    not_ok "a dossier.json gives the same answers" "$(sqlite3 "$DB" "SELECT * FROM answer WHERE dossier_id = 'cand-35'")"
[ "$(sqlite3 "$DB" "SELECT type FROM attachment a JOIN dossier_attachment d USING (hash) WHERE d.name = 'presentation.pdf' LIMIT 1")" = application/pdf ] &&
    ok "a PDF is told by its content" || not_ok "a PDF is told by its content"
cp "$C/c01/presentation.pdf" "$T/renamed.txt"
want=$(b2sum -l 256 "$C/c09/presentation.pdf" | cut -d' ' -f1)
got=$(sqlite3 "$DB" "SELECT lower(hex(hash)) FROM dossier_attachment WHERE dossier_id = 'cand-09' AND name = 'presentation.pdf'")
[ "$want" = "$got" ] && ok "a document is stored under its BLAKE2b-256 hash" ||
    not_ok "a document is stored under its BLAKE2b-256 hash" "$want" "$got"
run audit --db "$DB" --verify
expect_status 0 "the edition verifies after the import"

run import folder --db "$DB" "$C"
expect_out "nothing changed" "the same folder again changes nothing"
# On a terminal, a bar shows how far it has come; in a pipe, nothing.
script -qec "'$MUDAWALA_BIN' import folder --db '$DB' '$C'" "$T/typescript" >/dev/null 2>&1
if grep -q '\[##############################\] 35 of 35 candidacy folders' "$T/typescript" &&
    grep -q '\] 1 of 35 candidacy folder' "$T/typescript"; then
	ok "a progress bar on the terminal"
else
	not_ok "a progress bar on the terminal" "$(tr '\r' '\n' <"$T/typescript" | head -5)"
fi
grep -q 'of 35' "$T/err" && not_ok "no bar in a pipe" "$(cat "$T/err")" || ok "no bar in a pipe"

# A candidacy sends a new version: one answer changed, a document gone,
# one renamed by its content.
rm "$C/c05/statistiques.txt"
sed -i 's/^channel,.*/channel,mobile/' "$C/c05/dossier.csv"
cp "$T/renamed.txt" "$C/c06/presentation.txt"
run import folder --db "$DB" "$C"
expect_out "0 added, 2 updated" "changed answers and documents update their dossiers"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM dossier_attachment WHERE dossier_id = 'cand-05'")" -eq 1 ] &&
    ok "a document the folder no longer has leaves the dossier" ||
    not_ok "a document the folder no longer has leaves the dossier"
[ "$(sqlite3 "$DB" "SELECT type FROM attachment a JOIN dossier_attachment d USING (hash) WHERE d.dossier_id = 'cand-06' AND d.name = 'presentation.txt'")" = application/pdf ] &&
    ok "a PDF named .txt is still a PDF" || not_ok "a PDF named .txt is still a PDF"

# Found by what is inside a document.
[ "$(sqlite3 "$DB" "SELECT count(*) FROM dossier_search WHERE folded GLOB '*zyxwordonpagetwo cand-17*'")" -eq 1 ] &&
    ok "a word on page 2 of a PDF is in the search index" ||
    not_ok "a word on page 2 of a PDF is in the search index"

run import folder --db "$DB" "$T/none"
expect_status 1 "a folder that does not exist is refused"
mkdir "$T/empty"
run import folder --db "$DB" "$T/empty"
expect_err "no candidacy folder here" "an empty folder is refused"

# The answers in a dossiers CSV: one column per field of the form.
E="$T/csv.sqlite"
"$MUDAWALA_BIN" init --db "$E" --preset emtiaz --edition T --year 2019 >/dev/null
H="id,category,title_fr,description,beneficiaries,launch_date,channel,contact,answer_interet_general_fr,answer_qualite_fr,answer_rendement_fr,answer_realisation_fr"
{
	echo "$H"
	echo "D1,e-demarche,Service un,Déclaration en ligne,Citoyens,2016-05-01,web,Amina,Partout,Rapide,Moins de papier,En interne"
	echo "D2,e-demarche,Service deux,Paiement en ligne,Entreprises,2017-01-31,mobile,Karim,Tout le pays,Deux jours,Sans guichet,Prestataire"
} >"$T/answers.csv"
run import dossiers --db "$E" "$T/answers.csv"
expect_out "2 rows read: 2 added, 0 updated" "a dossiers CSV carries the answers in columns of the form"
[ "$(sqlite3 "$E" "SELECT value_fr FROM answer WHERE dossier_id = 'D2' AND field_id = 'launch_date'")" = 2017-01-31 ] &&
    ok "each column's answer is kept" || not_ok "each column's answer is kept"
run import dossiers --db "$E" "$T/answers.csv"
expect_out "nothing changed" "the same answers again change nothing"
sed 's/Deux jours/Un jour/' "$T/answers.csv" >"$T/answers2.csv"
run import dossiers --db "$E" "$T/answers2.csv"
expect_out "2 rows read: 0 added, 1 updated" "a changed answer updates its dossier"
printf 'id,category,title_fr\nD1,e-demarche,Service un\n' >"$T/plain.csv"
run import dossiers --db "$E" "$T/plain.csv"
[ "$(sqlite3 "$E" "SELECT count(*) FROM answer WHERE dossier_id = 'D1'")" -eq 9 ] &&
    ok "a file without the form's columns leaves the answers" ||
    not_ok "a file without the form's columns leaves the answers"
sed 's/2017-01-31/31.01.2017/' "$T/answers.csv" >"$T/bad-date.csv"
run import dossiers --db "$E" "$T/bad-date.csv"
expect_err "bad-date.csv:3:6: field 'launch_date': expected a date as YYYY-MM-DD" \
    "a bad answer in a column names the file, line and field"
printf 'id,category,title_fr,channel\nD3,e-demarche,Trois,web\n' >"$T/partial.csv"
run import dossiers --db "$E" "$T/partial.csv"
expect_err "partial.csv:1: the form's required field 'description' has no column" \
    "a file with some of the form's columns needs every required one"
printf 'id,category,title_fr,colour\nD3,e-demarche,Trois,blue\n' >"$T/colour.csv"
run import dossiers --db "$E" "$T/colour.csv"
expect_err "or a field of the application form: description, beneficiaries" \
    "an unknown column names the form's fields too"

# The published record says what the commission read: each document by
# name and hash, in the results (CSV, JSON) and in the minutes.
demo_deliberation "$T/demo.sqlite"
h=$(sqlite3 "$T/demo.sqlite" "SELECT lower(hex(hash)) FROM dossier_attachment WHERE dossier_id = 'D07' AND name = 'fiche-illustrative.pdf'")
sqlite3 "$T/demo.sqlite" "SELECT writefile('$T/fiche.pdf', content) FROM attachment WHERE lower(hex(hash)) = '$h'" >/dev/null
[ "$(b2sum -l 256 "$T/fiche.pdf" | cut -d' ' -f1)" = "$h" ] &&
    ok "the demo's documents are stored under their hash" ||
    not_ok "the demo's documents are stored under their hash"
for f in csv json html; do
	MUDAWALA_PASSPHRASE=demo mw export --db "$T/demo.sqlite" --juror chair --draft --format $f -o "$T/results.$f" >/dev/null
done
MUDAWALA_PASSPHRASE=demo mw export --db "$T/demo.sqlite" --juror chair --draft --format csv --table documents -o "$T/documents.csv" >/dev/null
grep -q "^e-demarche,D07,fiche-illustrative.pdf,$h," "$T/documents.csv" &&
    ok "the CSV documents list each with its hash" ||
    not_ok "the CSV documents list each with its hash" "$(head -3 "$T/documents.csv")"
grep -q "\"dossier\":\"D07\",\"name\":\"fiche-illustrative.pdf\",\"blake2b\":\"$h\"" "$T/results.json" &&
    ok "so do the JSON results" || not_ok "so do the JSON results"
grep -q "<td>D07</td><td>fiche-illustrative.pdf</td><td>[^<]*</td><td class=\"hash\">$h</td>" "$T/results.html" &&
    ok "and the minutes" || not_ok "and the minutes"

run config --db "$DB" --juror chair attachment-file-limit 2GiB
expect_err "at most 1 GiB for one file" "a limit per file beyond what SQLite holds is refused"
run config --db "$DB" --juror chair attachment-edition-limit lots
expect_status 2 "a limit that is not a size is refused"

done_testing
