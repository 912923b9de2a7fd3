#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A juror's pack: blind by construction, signed by the chair, and the
# round trip pack -> sealed sheet -> master.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
if ! have_sqlite3; then
	echo "1..0 # SKIP the sqlite3 shell is needed to read the pack as an attacker would"
	exit 0
fi
DB="$T/master.sqlite"
P="$T/laptop/misoc.sqlite"
mkdir -p "$T/laptop"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
mw pubkey --db "$DB" --juror chair -o "$T/chair.pub" >/dev/null
mw abstain --db "$DB" --juror hg --dossier D05 --reason "Conseiller du projet" >/dev/null
q() { sqlite3 "$1" "$2"; }

run pack --db "$DB" --juror hg --for misoc -o "$P"
expect_status 1 "only the chair makes a pack"
run_unproved pack --db "$DB" --juror chair --for misoc -o "$P"
expect_status 1 "and proves it with the passphrase"
[ ! -e "$P" ] && ok "nothing written" || not_ok "nothing written"
run pack --db "$DB" --juror chair --for misoc -o "$P"
expect_status 0 "the chair packs misoc's edition"
[ "$(stat -c %a "$P")" = 600 ] && ok "the pack is 0600" || not_ok "the pack is 0600" "$(stat -c %a "$P")"
[ "$(stat -c %a "$P.keys/misoc.key")" = 600 ] && ok "misoc's key, which the chair held, beside it (0600)" || not_ok "misoc's key beside it"
[ ! -e "$P.keys/chair.key" ] && [ ! -e "$P.keys/hg.key" ] && ok "and no other member's secret key" || not_ok "and no other member's secret key"
run pack --db "$DB" --juror chair --for misoc -o "$P"
expect_status 1 "a pack is never overwritten"

# Read with sqlite3, as anyone holding the laptop would.
n=$(q "$P" "SELECT count(*) FROM score WHERE juror_id <> 'misoc'")
[ "$n" = 0 ] && ok "no other member's score" || not_ok "no other member's score" "$n"
n=$(q "$P" "SELECT count(*) FROM score WHERE comment <> '' AND juror_id <> 'misoc'")
[ "$n" = 0 ] && ok "no other member's comment" || not_ok "no other member's comment" "$n"
n=$(q "$P" "SELECT count(*) FROM submission WHERE juror_id <> 'misoc'")
[ "$n" = 0 ] && ok "no other member's submission" || not_ok "no other member's submission" "$n"
n=$(q "$P" "SELECT count(*) FROM conflict WHERE juror_id <> 'misoc'")
[ "$n" = 0 ] && ok "no other member's abstention" || not_ok "no other member's abstention" "$n"
# What the juror reads travels with the pack: the form, the answers and
# every document, byte for byte.
n=$(q "$P" "SELECT (SELECT count(*) FROM form_field) || ' ' || (SELECT count(*) FROM answer) || ' ' || (SELECT group_concat(lower(hex(hash)), '') FROM (SELECT hash FROM dossier_attachment ORDER BY dossier_id, name))")
m=$(q "$DB" "SELECT (SELECT count(*) FROM form_field) || ' ' || (SELECT count(*) FROM answer) || ' ' || (SELECT group_concat(lower(hex(hash)), '') FROM (SELECT hash FROM dossier_attachment ORDER BY dossier_id, name))")
[ "$n" = "$m" ] && [ -n "$(q "$P" "SELECT 1 FROM attachment LIMIT 1")" ] &&
    ok "the form, the answers and the documents are in the pack" ||
    not_ok "the form, the answers and the documents are in the pack" "$n" "$m"
n=$(q "$P" "SELECT count(*) FROM dossier_search WHERE folded GLOB '*chiffres d''usage (illustratifs)*'")
[ "$n" = 35 ] && ok "and the documents' text is in the pack's search index" ||
    not_ok "and the documents' text is in the pack's search index" "$n"
n=$(q "$P" "SELECT (SELECT count(*) FROM score_history) + (SELECT count(*) FROM decision) + (SELECT count(*) FROM casting) + (SELECT count(*) FROM sheet_import)")
[ "$n" = 0 ] && ok "no history, decision, casting vote or import" || not_ok "no history, decision, casting vote or import" "$n"
n=$(q "$P" "SELECT count(*) FROM audit WHERE detail LIKE '%value=%'")
[ "$n" = 0 ] && ok "and no log of the master's" || not_ok "and no log of the master's" "$n"
n=$(q "$P" "SELECT count(*) FROM score WHERE juror_id = 'misoc'")
m=$(q "$DB" "SELECT count(*) FROM score WHERE juror_id = 'misoc'")
[ "$n" = "$m" ] && [ "$n" -gt 0 ] && ok "misoc's own work is there ($n scores)" || not_ok "misoc's own work is there" "$n of $m"
n=$(q "$P" "SELECT count(*) FROM dossier")
[ "$n" = 35 ] && ok "every dossier" || not_ok "every dossier" "$n"
n=$(q "$P" "SELECT count(*) FROM juror WHERE public_key <> ''")
[ "$n" = 7 ] && ok "the commission's public keys" || not_ok "the commission's public keys" "$n"

# The juror checks the chair signed it.
run audit --db "$P" --verify -p "$T/chair.pub"
expect_status 0 "the pack verifies against the chair's published key"
expect_out "Anchored" "anchored in it"
"$MUDAWALA_BIN" demo --db "$T/other.sqlite" >/dev/null
mw pubkey --db "$T/other.sqlite" --juror chair -o "$T/other.pub" >/dev/null
run ranking --db "$P" --juror misoc --chair-key "$T/other.pub"
expect_status 1 "opened against another chair's key, the pack is refused"
expect_err "not by the chair's published key" "saying so"
run ranking --db "$P" --juror misoc --chair-key "$T/chair.pub" --format csv
expect_status 0 "against the right key it opens"
expect_out ",own" "and misoc sees their own totals"
cp "$P" "$T/forged.sqlite"
q "$T/forged.sqlite" "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'hg' WHERE seq = 1; CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;"
run ranking --db "$T/forged.sqlite" --juror misoc --key "$P.keys/misoc.key" --format csv
expect_status 1 "a pack whose signed row was altered does not open"

# The round trip: misoc scores on the laptop, the chair imports the sheet.
for c in interet-general qualite rendement realisation; do
	mw score --db "$P" --juror misoc --dossier D10 --criterion $c 15 --comment "Lu sur le portable" >/dev/null
done
mw submit --db "$P" --juror misoc --dossier D10 >/dev/null
run sheet export --db "$P" --juror misoc -o "$T/sheet.json"
expect_status 0 "misoc exports a sealed sheet from the pack"
grep -q "Lu sur le portable" "$T/sheet.json" && not_ok "the sheet shows nothing without the chair's key" || ok "the sheet shows nothing without the chair's key"
run sheet import --db "$DB" --juror chair "$T/sheet.json"
expect_status 0 "the chair imports it into the master (no false replay)"
n=$(q "$DB" "SELECT count(*) FROM score WHERE juror_id = 'misoc' AND dossier_id = 'D10' AND comment = 'Lu sur le portable'")
[ "$n" = 4 ] && ok "misoc's four scores of D10 arrived" || not_ok "misoc's four scores of D10 arrived" "$n"
n=$(q "$DB" "SELECT count(*) FROM submission WHERE juror_id = 'misoc' AND dossier_id = 'D10'")
[ "$n" = 1 ] && ok "with the submission" || not_ok "with the submission" "$n"
run sheet import --db "$DB" --juror chair "$T/sheet.json"
expect_status 1 "the same sheet twice is a replay"
# A pack made again after the import: its sheets are newer still.
run pack --db "$DB" --juror chair --for misoc -o "$T/laptop/again.sqlite"
expect_status 0 "a new pack for misoc"
mw score --db "$T/laptop/again.sqlite" --juror misoc --dossier D11 --criterion qualite 11 >/dev/null
mw sheet export --db "$T/laptop/again.sqlite" --juror misoc -o "$T/sheet2.json" >/dev/null
run sheet import --db "$DB" --juror chair "$T/sheet2.json"
expect_status 0 "its sheet imports after the first pack's"
run audit --db "$DB" --verify -p "$T/chair.pub"
expect_status 0 "the master still verifies, anchored"
done_testing
