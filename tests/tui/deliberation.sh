#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The deliberation in the terminal: the chair changes the phase, walks
# the agenda, reads what the jury said (the experts' advice marked
# advisory), opens a consensus round; the member reopened scores again;
# the minutes and the JSON results carry the comments and the round.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
export MUDAWALA_PASSPHRASE=demo
mw score --db "$DB" --juror expert1 --dossier D03 --criterion qualite 9 --comment "Avis : parcours de paiement confus" >/dev/null
mw config --db "$DB" --juror chair corridor 10 >/dev/null

# Before the deliberation, nobody reads the others' comments.
tui_start 80 24 --db "$DB" --juror hg
expect_screen "35 dossiers" "a member logs in during scoring"
keys / t v a
expect_screen "1 dossier" "finds D03"
keys Enter Enter
expect_screen "My scores" "the reader"
expect_no_screen "What the jury said" "no jury section during scoring"
tmx kill-session -t t

tui_start 80 24 --db "$DB" --juror chair
expect_screen "35 dossiers" "the chair logs in"
keys r F
expect_screen "Phase: 1 setup, 2 scoring, 3 deliberation" "F asks for the phase"
keys 3
expect_screen "The edition is now in phase deliberation." "3 opens the deliberation"
expect_screen "phase: deliberation" "the status line follows"
keys F 2
expect_screen "Going back needs a written reason:" "going back asks for a reason"
keys Escape
expect_screen "Cancelled." "Esc cancels"
expect_screen "phase: deliberation" "and the phase stays"
keys a
expect_screen "Most disputed first" "a opens the agenda"
expect_screen "D03" "D03 is on it (corridor 10)"
expect_screen "Outside the corridor: Youssef El Amrani -16.50, Karima Tazi +11.00" "with each flagged member's name and distance"
expect_screen "Youssef El Amrani: no comment" "and what each of them wrote"
keys Enter
expect_screen "Summary (French)" "Enter reads the dossier"
keys NPage
expect_screen "What the jury said" "with what the jury said"
keys NPage
expect_screen "invited expert (advisory)" "the experts' advice is marked advisory"
expect_screen "Avis : parcours de paiement confus" "with the expert's comment"
keys q C
expect_screen "Reason for the consensus round:" "C asks for the reason"
keys -l "Ecarts sur la qualite"
keys Enter
expect_screen "Consensus round on D03: Karima Tazi, Youssef El Amrani may score it again." "the round reopens the two members outside the corridor"
keys q q q y
expect_screen "[exit 0]" "the chair quits"
tmx kill-session -t t

# The ranking's "!" is the agenda's membership.
run ranking --db "$DB" --format csv
agenda=$(mw agenda --db "$DB" --format csv | tail -n +2 | cut -d, -f2 | sort | tr '\n' ' ')
flagged=$(grep ",agenda$\|;agenda$" "$T/out" | cut -d, -f3 | sort | tr '\n' ' ')
[ -n "$agenda" ] && [ "$agenda" = "$flagged" ] && ok "the ranking flags exactly the agenda's dossiers" || not_ok "the ranking flags exactly the agenda's dossiers" "agenda: $agenda flagged: $flagged"

# The member reopened scores again, in deliberation.
tui_start 80 24 --db "$DB" --juror hg
expect_screen "35 dossiers" "hg logs in during the deliberation"
keys / t v a
expect_screen "1 dossier" "finds D03"
keys Enter s
expect_screen "Consensus round: score again" "the form is open again for the round"
keys Down 1 4 Enter
expect_screen "Saved." "a new score is saved"
keys S
expect_screen "(y/n)" "submit asks"
keys y
expect_screen "Submitted: these scores are final." "hg submits again"
keys q q q
tmx kill-session -t t
run history --db "$DB" --juror chair --dossier D03 --format csv
expect_out "D03,hg,qualite," "history keeps the first score beside the new one"

mw phase --db "$DB" --juror chair scoring --reason "test" >/dev/null 2>&1 || :
mw phase --db "$DB" --juror chair deliberation >/dev/null
run export --db "$DB" --format html --draft -o "$T/minutes.html"
expect_status 0 "the minutes are written"
grep -q "Consensus rounds" "$T/minutes.html" && ok "the minutes list the consensus rounds" || not_ok "the minutes list the consensus rounds"
grep -q "Youssef El Amrani: 37.50 before, " "$T/minutes.html" && ok "with what moved" || not_ok "with what moved" "$(grep -o 'Consensus rounds.\{0,300\}' "$T/minutes.html")"
grep -q "Avis : parcours de paiement confus" "$T/minutes.html" && ok "the minutes carry the expert's advice" || not_ok "the minutes carry the expert's advice"
run export --db "$DB" --format json --draft -o "$T/results.json"
if grep -qF '{"dossier":"D03","criterion":"qualite","juror":"expert1","advisory":true,"score":9.0,"comment":"Avis : parcours de paiement confus"}' "$T/results.json"; then
	ok "the JSON results carry the comments, advice marked advisory"
else
	not_ok "the JSON results carry the comments, advice marked advisory" "$(grep -o '"comments".\{0,300\}' "$T/results.json" | head -c 400)"
fi

# In the TUI, "!" marks exactly the agenda's dossiers; the comparison
# shows each member's score beside the mean.
tui_start 100 40 --db "$DB" --juror chair
expect_screen "35 dossiers" "the chair logs in again"
keys r
expect_screen "Std. dev." "the ranking names the standard deviation"
expect_screen "Spread" "and the spread (highest - lowest)"
bang=$(screen | grep -E ' D[0-9]{2} ' | grep -E ' !( |$)' | grep -oE ' D[0-9]{2} ' | tr -d ' ' | sort | tr '\n' ' ')
cat_agenda=$(mw agenda --db "$DB" --category e-demarche --format csv | tail -n +2 | cut -d, -f2 | sort | tr '\n' ' ')
[ -n "$bang" ] && [ "$bang" = "$cat_agenda" ] && ok "! marks exactly the agenda's dossiers of the category ($bang)" || not_ok "! marks exactly the agenda's dossiers of the category" "! on: $bang agenda: $cat_agenda" "$(screen)"
keys q Space Space c
expect_screen "each member" "the comparison shows each member's scores"
keys q q
tmx kill-session -t t

# Conflicts declared in the reader: a member abstains, the chair recuses.
tui_start 80 24 --db "$DB" --juror mic
expect_screen "35 dossiers" "mic logs in"
keys / p o r n e t
expect_screen "1 dossier" "finds D02"
keys Enter Enter A
expect_screen "Reason for abstaining:" "A asks why the member abstains"
keys -l "Ancien conseiller du projet"
keys Enter
expect_screen "The conflict of interest is recorded" "the abstention is recorded"
keys q q
tmx kill-session -t t
tui_start 80 24 --db "$DB" --juror chair
expect_screen "35 dossiers" "the chair logs in"
keys / p o r n e t
expect_screen "1 dossier" "finds D02"
keys Enter Enter R
expect_screen "Recuse which member from this dossier?" "R asks which member"
expect_screen "Salma Idrissi" "listing the members by name"
keys j j j Enter
expect_screen "Reason for the recusal:" "then why"
keys -l "Lien familial"
keys Enter
expect_screen "The conflict of interest is recorded" "the recusal is recorded"
keys q q
tmx kill-session -t t
run audit --db "$DB" --format csv
expect_out "mic,abstain," "the abstention is in the log, by mic"
expect_out "chair,recuse," "the recusal is in the log, by the chair"
done_testing
