#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# No keystroke records what nobody meant: a score is committed when it is
# meant and only if valid; a comment is one act, kept as a draft until
# then; '-' on an empty criterion; submit before completeness; j/k in the
# prize picker; one prize per dossier; no live question after a resize.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
export MUDAWALA_PASSPHRASE=demo

# score_rows CRITERION: the audit rows of misoc's scores of D10 on it.
score_rows() {
	mw audit --db "$DB" --juror misoc --format csv |
		grep -c "misoc,score,juror=misoc dossier=D10 criterion=$1 " || :
}

tui_start 80 24 --db "$DB" --juror misoc
expect_screen "35 dossiers" "misoc logs in"
keys / r e s i d e n c e
expect_screen "1 dossier" "finds D10"
keys Enter s
expect_screen "Type a score, Enter saves it" "the scoring form"
keys 2 1
expect_screen "21▏" "21 is typed"
keys Down
expect_screen "21 is outside the scale" "leaving the field with 21 refuses it"
expect_screen "21 is outside the scale: Intérêt général du téléservice is scored from 0" "with the scale"
expect_screen "the score stays —." "and the long message is not cut: the score stays as it was"
[ "$(score_rows interet-general)" = 0 ] && ok "nothing of 21 was saved (no 2, no 21)" || not_ok "nothing of 21 was saved (no 2, no 21)" "$(score_rows interet-general)"
keys 1 5 Enter
expect_screen "Saved." "15 and Enter saves"
keys 1 2 . 5 Enter
expect_screen "Saved." "12.5 and Enter saves"
[ "$(score_rows interet-general)" = 2 ] && ok "two values meant, two acts (not one per keystroke)" || not_ok "two values meant, two acts (not one per keystroke)" "$(score_rows interet-general)"
run history --db "$DB" --juror misoc --dossier D10 --format csv
hist=$(grep -c "interet-general" "$T/out")
[ "$hist" = 1 ] && ok "history holds 15 -> 12.5 only, no partial value" || not_ok "history holds 15 -> 12.5 only, no partial value" "$(cat "$T/out")"
keys x
expect_screen "A score is a number from 0 to 20; letters are not scores." "a letter in the score field is refused with a word"
keys 3 0 Escape
expect_screen "The score is as it was." "Esc drops a typed value"
expect_screen "12.5" "the stored value is shown again"
# '-' on a criterion with no score saves nothing.
keys Down
keys -
expect_screen "has no score yet" "- on an empty criterion says there is no score"
[ "$(score_rows qualite)" = 0 ] && ok "and saves nothing (not 20)" || not_ok "and saves nothing (not 20)" "$(score_rows qualite)"
# Submit before completeness: no question, the missing criteria named.
keys S
expect_screen "Not submitted: every criterion needs a score first" "S on an incomplete form says what is missing"
expect_no_screen "(y/n)" "without asking to submit"
# A comment: one act for the whole visit.
keys Up Enter
expect_screen "Enter records the comment" "Enter edits the comment"
keys -l "Clair et complet"
keys Enter
expect_screen "Saved." "Enter records the comment"
expect_screen "Comment: Clair et complet" "as typed"
[ "$(score_rows interet-general)" = 3 ] && ok "a 16-character comment is one audit row" || not_ok "a 16-character comment is one audit row" "$(score_rows interet-general)"
# A draft survives the program's end.
keys Enter
keys -l " Brouillon"
sleep 0.3
tmx kill-session -t t
[ -f "$DB.drafts/misoc" ] && ok "the comment being typed is kept as a draft" || not_ok "the comment being typed is kept as a draft"
tui_start 80 24 --db "$DB" --juror misoc
expect_screen "35 dossiers" "misoc comes back"
keys / r e s i d e n c e
expect_screen "1 dossier" "finds D10 again"
keys Enter s
expect_screen "Your unsaved comment was kept as a draft" "the draft comes back in the form"
expect_screen "Clair et complet Brouillon" "whole"
keys Enter
expect_screen "Saved." "Enter records it"
expect_screen "Comment: Clair et complet Brouillon" "whole"
[ ! -f "$DB.drafts/misoc" ] && ok "and the draft is gone" || not_ok "and the draft is gone"
# The screen follows the file: the chair opens the deliberation from
# another shell.
expect_screen "phase: scoring" "the form is open in the scoring phase"
mw phase --db "$DB" --juror chair deliberation >/dev/null
start=$(date +%s%N)
expect_screen "it is now in phase deliberation" "the TUI notices the change made elsewhere and says so"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -le 1500 ] && ok "within a second or so ($ms ms)" || not_ok "within a second or so ($ms ms)"
expect_screen "Scoring is closed" "the form is read again: scoring is closed"
expect_screen "phase: deliberation" "and the status line shows the new phase"
keys 5
sleep 0.2
expect_no_screen "5▏" "a closed form takes no value"
tmx kill-session -t t

# The chair, in deliberation: j/k in the prize picker, one prize per
# dossier per category.
tui_start 80 24 --db "$DB" --juror chair
expect_screen "35 dossiers" "the chair logs in"
keys p 1
expect_screen "Choose the dossier" "1 opens the picker"
wait_computed
keys j j k j
keys Enter
expect_screen "→ D04" "j j k j moves to the third dossier of the ranking (D04)"
keys -l "Solide"
keys Enter
expect_screen "Decision recorded." "the excellence prize goes to D04"
keys 2 j j
expect_screen "(has: Excellence prize" "the picker shows what a dossier already has"
keys Enter
keys -l "Encore"
keys Enter
expect_screen "already has the excellence prize of this category" "a second prize to the same dossier is refused"
mw audit --db "$DB" --format csv >"$T/audit"
n=$(grep -c "chair,award,category=e-demarche prize=.* dossier=D04" "$T/audit")
[ "$n" = 1 ] && ok "only one decision for D04" || not_ok "only one decision for D04" "$n"
keys Escape
# The lock's question after a resize: shown again, or cancelled.
keys K
expect_screen "Lock the edition?" "K asks"
tmx resize-window -t t -x 100 -y 30
sleep 0.3
expect_screen "Lock the edition?" "after a resize the question is still shown"
keys n
tmx resize-window -t t -x 80 -y 24
keys K
expect_screen "Lock the edition?" "K asks again"
tmx resize-window -t t -x 60 -y 20
expect_screen "Please enlarge the window" "too small a window"
tmx resize-window -t t -x 80 -y 24
expect_screen "The question was cancelled" "cancels the question, and says so"
keys y
sleep 0.3
expect_no_screen "Passphrase of the chair" "y afterwards runs nothing"
run audit --db "$DB" --format csv
if grep -q ",lock," "$T/out"; then not_ok "the edition is not locked" "$(grep ,lock, "$T/out")"; else ok "the edition is not locked"; fi
keys q q y
expect_screen "[exit 0]" "quits"
done_testing
