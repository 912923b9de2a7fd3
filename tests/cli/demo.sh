#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mudawala demo: the e-mtiaz 2019 edition, and synthetic editions.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/demo.sqlite"

run demo --db "$DB"
expect_status 0 "demo writes the e-mtiaz 2019 edition"

run list dossiers --db "$DB" --format json
n=$(grep -c '"id":"D' "$T/out")
[ "$n" -eq 35 ] && ok "35 dossiers" || not_ok "35 dossiers" "found $n"
adm=$(sed -n 's/.*"administration":"\([^"]*\)".*/\1/p' "$T/out" | sort -u | wc -l)
[ "$adm" -eq 20 ] && ok "from 20 administrations" || not_ok "from 20 administrations" "found $adm"
for w in PORNET "Dépôt électronique des factures" iplages MapNewsDisplay \
    supertaqa "Skhirat-Témara" "Aït Melloul" "RAK Kénitra"; do
	expect_out "$w" "the 2019 winner $w is a dossier"
done
expect_out "Dossier illustratif" "invented dossiers say so"
for c in e-demarche smart-apps e-contenu e-participation; do
	expect_out "\"category\":\"$c\"" "dossiers in category $c"
done

run list jurors --db "$DB" --format csv
# Each member's public key is new with each demo: compare the rest.
sed 's/,[^,]*$//' "$T/out" >"$T/jurors"
if diff -u "$SRC/tests/golden/demo-jurors.csv" "$T/jurors" >"$T/diff"; then
	ok "seven commission members, two advisory experts"
else
	not_ok "seven commission members, two advisory experts" "$(cat "$T/diff")"
fi
keys=$(awk -F, 'NR > 1 && $NF ~ /^RW[A-Za-z0-9+\/]+$/ && length($NF) == 56' "$T/out" | wc -l)
[ "$keys" -eq 7 ] && ok "each member has a minisign public key" || not_ok "each member has a minisign public key" "$keys"
for id in chair apebi hg mic misoc expert1 expert2; do
	[ -f "$DB.keys/$id.key" ] || echo "$id"
done >"$T/missing"
[ ! -s "$T/missing" ] && ok "each member's secret key is beside the edition" || not_ok "each member's secret key is beside the edition" "$(cat "$T/missing")"
mode=$(stat -c %a "$DB.keys/hg.key")
[ "$mode" = 600 ] && ok "secret keys are private (0600)" || not_ok "secret keys are private (0600)" "$mode"

run ranking --db "$DB" --format csv
expect_status 1 "during scoring no ranking is shown to nobody in particular"
expect_err "until the deliberation the ranking shows only a member's own totals" "saying why"
[ ! -s "$T/out" ] && ok "and not a figure of it" || not_ok "and not a figure of it" "$(head -3 "$T/out")"
run phase --db "$DB" --juror chair deliberation
expect_status 0 "the chair opens the deliberation"
run ranking --db "$DB" --format csv
expect_golden demo-ranking.csv "the demo ranking (deterministic scores)"
for pair in e-demarche,1,D01 e-demarche,2,D02 smart-apps,1,D13 \
    smart-apps,2,D14 e-contenu,1,D21 e-contenu,2,D22 \
    e-participation,1,D30 e-participation,2,D31; do
	expect_out "$pair," "winner ranks where the commission placed it: $pair"
done
unscored=$(grep -c ',unscored$' "$T/out")
[ "$unscored" -ge 1 ] && ok "some dossiers are left unscored" || not_ok "some dossiers are left unscored"

run audit --db "$DB" --verify
expect_status 0 "the demo's audit chain verifies"

run demo --db "$DB"
expect_status 1 "demo does not overwrite a file"

run demo --db "$T/syn.sqlite" --dossiers 2000 --jurors 12 --scores-per-dossier 5
expect_status 0 "a synthetic edition of 2000 dossiers"
run list dossiers --db "$T/syn.sqlite" --format csv
n=$(grep -c '^D[0-9]' "$T/out")
[ "$n" -eq 2000 ] && ok "holds 2000 dossiers" || not_ok "holds 2000 dossiers" "found $n"
run phase --db "$T/syn.sqlite" --juror J0001 deliberation
expect_status 0 "its chair opens the deliberation"
run ranking --db "$T/syn.sqlite" --format csv
bad=$(awk -F, 'NR > 1 && $6 != 5' "$T/out" | wc -l)
[ "$bad" -eq 0 ] && ok "each scored by 5 jurors" || not_ok "each scored by 5 jurors" "$bad rows differ"
run audit --db "$T/syn.sqlite" --verify
expect_status 0 "the synthetic edition verifies"
run demo --db "$T/bad.sqlite" --dossiers 10 --jurors 2 --scores-per-dossier 3
expect_status 2 "more scores per dossier than jurors is a usage error"
run demo --db "$T/bad.sqlite" --dossiers ten --jurors 2
expect_status 2 "a count must be a number"
done_testing
