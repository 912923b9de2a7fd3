#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A whole edition deliberated in the terminal, from the first login to the
# signed minutes: three members score and submit, an expert comments, the
# chair opens the deliberation, reads the comments and the advice, walks
# the agenda, holds a consensus round, breaks a tie, overrides the quorum,
# assigns every prize (a 'no award' among them), locks with the
# passphrase and exports the signed results and minutes.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"
DB="$T/edition.sqlite"
use_catalogues
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
# The commission's rules, set before the work: the tie cascade is the
# total alone (so that two equal totals are the chair's to order), a
# corridor of 10 points, a quorum of 4 voting members.
MUDAWALA_PASSPHRASE=demo mw phase --db "$DB" --juror chair setup --reason "Règles de la commission" >/dev/null
MUDAWALA_PASSPHRASE=demo mw config --db "$DB" --juror chair tie-cascade total >/dev/null
MUDAWALA_PASSPHRASE=demo mw config --db "$DB" --juror chair corridor 10 >/dev/null
MUDAWALA_PASSPHRASE=demo mw config --db "$DB" --juror chair quorum 4 >/dev/null
MUDAWALA_PASSPHRASE=demo mw phase --db "$DB" --juror chair scoring >/dev/null
unset MUDAWALA_PASSPHRASE

# login JUROR NAME: start the TUI as JUROR, typing the passphrase.
login() {
	tui_start 80 24 --db "$DB" --juror "$1"
	expect_screen "Passphrase of $2:" "$2 is asked for the passphrase"
	keys d e m o Enter
	expect_screen "35 dossiers" "$2 logs in"
}

# open_form SEARCH: search a dossier, open its scoring form.
open_form() {
	keys / $(printf '%s' "$1" | sed 's/./& /g')
	expect_screen "1 dossier" "the search '$1' finds one dossier"
	keys Enter s
}

# Three members score D12 (10.8 everywhere: a total of 54.00, as D03
# has) and submit.
for who in "apebi:Omar Berrada" "hg:Youssef El Amrani" "mic:Karima Tazi"; do
	id=${who%%:*} name=${who#*:}
	login "$id" "$name"
	open_form inscription
	expect_screen "Type a score, Enter saves it" "$name opens the form"
	keys 1 0 . 8 Enter Down 1 0 . 8 Enter Down 1 0 . 8 Enter Down 1 0 , 8 Enter
	expect_screen "Weighted total: 54.00 / 100" "$name scores every criterion"
	keys S
	expect_screen "(y/n)" "$name is asked to confirm"
	keys y
	expect_screen "Submitted: these scores are final." "$name submits"
	keys q q y
	expect_screen "[exit 0]" "$name quits"
	tmx kill-session -t t
done

# The invited expert gives advice on D12.
login expert1 "Hassan Ouazzani"
open_form inscription
keys Down 9 Enter
wait_for "Saved." || :
# Each step waits for the screen: a "Saved." still showing from the score
# would otherwise pass for the comment's (seen under the sanitizers).
keys Enter
wait_for "Enter records the comment" || :
keys -l "Avis : inscription simple, accessibilite a revoir"
keys Enter
expect_screen "Saved." "the expert's advice is saved"
keys q q q
tmx kill-session -t t

# The chair opens the deliberation and reads what the jury said.
login chair "Nadia Bennani"
keys r F 3
expect_screen "The edition is now in phase deliberation." "the chair opens the deliberation"
keys q
open_form inscription
keys Escape Enter
expect_screen "Summary (French)" "the chair reads D12"
keys NPage
expect_screen "What the jury said" "with what the jury said"
keys NPage
expect_screen "Avis : inscription simple" "the expert's advice"
expect_screen "invited expert (advisory)" "marked advisory"
keys q
# The agenda, most disputed first: D03, then D09.
keys r a
expect_screen "Most disputed first" "the agenda"
wait_computed
keys j
expect_screen "Outside the corridor: Salma Idrissi +13.25, Omar Berrada -11.75" "D09's members outside the corridor, by name"
keys C
expect_screen "Reason for the consensus round:" "a consensus round asks its reason"
keys -l "Ecart sur la realisation"
keys Enter
expect_screen "Consensus round on D09: Omar Berrada, Salma Idrissi may score it again." "the round reopens D09 for them"
keys q q q y
expect_screen "[exit 0]" "the chair steps out"
tmx kill-session -t t

# Omar Berrada scores D09 again and submits; Salma Idrissi does not.
login apebi "Omar Berrada"
open_form rokhas
expect_screen "Consensus round: score again" "the round opens D09's form"
keys 1 6 Enter
expect_screen "Saved." "a new score"
keys S y
expect_screen "Submitted: these scores are final." "submitted again"
keys q q q
tmx kill-session -t t

# The chair breaks the tie, assigns the prizes, locks and exports.
login chair "Nadia Bennani"
mw ranking --db "$DB" --category e-demarche --format csv >"$T/rank.csv"
pos=$(($(grep -n ",D03," "$T/rank.csv" | cut -d: -f1) - 2))
grep -q ",D03,.*,tie" "$T/rank.csv" && grep -q ",D12,.*,tie;quorum$" "$T/rank.csv" && ok "D03 and D12 are tied, D12 below the quorum" || not_ok "D03 and D12 are tied, D12 below the quorum" "$(cat "$T/rank.csv")"
keys r
expect_screen "Mean of the voting members" "the ranking"
i=0
while [ $i -lt "$pos" ]; do keys j; i=$((i + 1)); done
keys T
expect_screen "The cascade (total) leaves these tied; place 1:" "T shows the cascade and the tied dossiers"
keys Down Enter
expect_screen "Rationale of the casting decision:" "the order chosen, a rationale is asked"
keys -l "Meilleure couverture territoriale"
keys Enter
expect_screen "Casting decision recorded." "the casting decision is recorded"
mw ranking --db "$DB" --category e-demarche --format csv >"$T/rank.csv"
d12=$(grep -n ",D12," "$T/rank.csv" | cut -d: -f1)
d03=$(grep -n ",D03," "$T/rank.csv" | cut -d: -f1)
[ "$d12" -lt "$d03" ] && grep -q ",D12,.*tiebreak=casting" "$T/rank.csv" && ok "D12 now ranks before D03, by the chair's casting vote" || not_ok "D12 now ranks before D03, by the chair's casting vote" "$(cat "$T/rank.csv")"
keys q p
expect_screen "Still undecided" "the prizes"
keys 1 Enter
keys -l "Service exemplaire"
keys Enter
expect_screen "Decision recorded." "excellence in e-Démarche"
pos12=$(($(grep -n ",D12," "$T/rank.csv" | cut -d: -f1) - 2))
keys 2
i=0
while [ $i -lt "$pos12" ]; do keys j; i=$((i + 1)); done
keys Enter
expect_screen "→ D12" "D12 picked for the encouragement prize"
keys -l "Projet prometteur"
keys Enter
expect_screen "fewer than the quorum of 4" "the quorum is said in full"
expect_screen "Reason to override the quorum:" "and its override asked"
keys -l "Trois avis concordants suffisent"
keys Enter
expect_screen "Decision recorded." "the prize with its quorum override"
for c in 2 3 4; do
	keys Tab 1 Enter
	keys -l "Le meilleur"
	keys Enter
	expect_screen "Decision recorded." "excellence in category $c"
	keys 2 n
	keys -l "Aucun dossier au niveau"
	keys Enter
	expect_screen "Decision recorded." "no award of the encouragement prize in category $c"
done
expect_screen "Every category is decided." "every category is decided"
keys K
expect_screen "Lock the edition?" "K asks"
keys y
expect_screen "Passphrase of the chair's key:" "the lock asks for the passphrase"
keys d e m o Enter
expect_screen "The edition is locked and sealed." "the chair locks"
keys E
expect_screen "Export, signed with your key:" "E offers the exports"
keys Enter
expect_screen "Write to: $T/edition-decisions.csv" "the decisions go beside the edition"
keys Enter
expect_screen "Passphrase of the chair's key:" "signing asks for the passphrase"
keys d e m o Enter
expect_screen "Wrote $T/edition-decisions.csv and its signature" "the signed decisions are written"
keys E j j j Enter Enter
keys d e m o Enter
expect_screen "Wrote $T/edition-minutes-fr.html and its signature" "the signed minutes in French"
keys E j j j j j j Enter Enter
keys d e m o Enter
expect_screen "Wrote $T/edition-minutes-fr.pdf and its signature" "the signed minutes in French, as PDF"
keys q q y
expect_screen "[exit 0]" "the chair quits"
tmx kill-session -t t

MUDAWALA_PASSPHRASE=demo mw pubkey --db "$DB" --juror chair -o "$T/chair.pub" >/dev/null
for f in edition-decisions.csv edition-minutes-fr.html edition-minutes-fr.pdf; do
	if command -v minisign >/dev/null 2>&1; then
		check "minisign verifies $f" minisign -Vm "$T/$f" -p "$T/chair.pub"
	fi
	run verify "$T/$f" -p "$T/chair.pub"
	expect_status 0 "mudawala verify accepts $f"
done
grep -q "Avis : inscription simple" "$T/edition-minutes-fr.html" && ok "the minutes carry the expert's advice" || not_ok "the minutes carry the expert's advice"
grep -q "Tours de consensus" "$T/edition-minutes-fr.html" && ok "the minutes, in French, list the consensus round" || not_ok "the minutes, in French, list the consensus round" "$(grep -o '<h3>[^<]*' "$T/edition-minutes-fr.html")"
grep -q "Salma Idrissi: [0-9.]* avant ; pas validé à nouveau" "$T/edition-minutes-fr.html" && ok "with what moved and who did not resubmit" || not_ok "with what moved and who did not resubmit" "$(grep -o 'Tours de consensus.\{0,400\}' "$T/edition-minutes-fr.html")"
grep -q "Trois avis concordants suffisent" "$T/edition-minutes-fr.html" && ok "and the quorum override" || not_ok "and the quorum override"
grep -q "Meilleure couverture territoriale" "$T/edition-minutes-fr.html" && ok "and the casting decision" || not_ok "and the casting decision"
grep -q "^e-demarche,[a-z]*,D12," "$T/edition-decisions.csv" && ok "the decisions give D12 its prize" || not_ok "the decisions give D12 its prize" "$(cat "$T/edition-decisions.csv")"
run export --db "$DB" --format json -o "$T/results.json"
grep -qF '"consensus":[{"dossier":"D09","juror":"apebi","reason":"Ecart sur la realisation","total_before":' "$T/results.json" && grep -qF '"juror":"misoc","reason":"Ecart sur la realisation","total_before":' "$T/results.json" && ok "the JSON results list the consensus round" || not_ok "the JSON results list the consensus round" "$(grep -o '"consensus":.\{0,300\}' "$T/results.json" | head -3)"
run audit --db "$DB" --verify -p "$T/chair.pub"
expect_status 0 "the whole edition verifies against the chair's published key"
expect_out "Locked: the seal matches" "sealed"
done_testing
