#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A juror's whole session in the terminal: who are you, find a dossier by
# an accent-free search, score every criterion, submit; the command line
# then sees the score.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null

tui_start 80 24 --db "$DB"
expect_screen "Who is at the keyboard?" "the program asks who is at the keyboard"
expect_screen "Salma Idrissi" "listing the commission members"
expect_screen "invited expert (advisory)" "with their roles"
# chair, apebi, hg, mic, misoc: Salma Idrissi (misoc) is the fifth.
keys Down Down Down Down Enter
expect_screen "Passphrase of Salma Idrissi:" "then asks for her passphrase"
keys n o p q
expect_screen "Passphrase of Salma Idrissi: ••••" "shown as dots"
expect_no_screen "nopq" "never as what was typed"
keys Enter
expect_screen "wrong passphrase" "a wrong passphrase is refused"
expect_screen "Who is at the keyboard?" "and nobody is logged in"
keys d e m o Enter
expect_screen "Salma Idrissi (member)" "the right one unlocks her key; the status line names her"
expect_screen "35 dossiers" "the browser lists the 35 dossiers"
expect_screen "phase: scoring" "and the phase"

keys / r e s i d e n c e
expect_screen "Search: residence" "an accent-free search"
expect_screen "Certificat de résidence" "finds the accented title"
expect_screen "1 dossier" "and only it"
expect_screen "not started" "misoc has not started D10"
keys Enter s
expect_screen "Type a score, Enter saves it" "s opens the scoring form"
expect_screen "Intérêt général du téléservice" "one row per criterion"
keys 2 5 Enter
expect_screen "25 is outside the scale" "a value outside the scale is refused when it is meant"
keys 2 Enter
expect_screen "Saved." "a valid value is saved on Enter"
keys Down 1 8 Down 1 6 Down 1 4 Enter
expect_screen "Weighted total: 62.50 / 100" "the live weighted total (2+18+16+14 of 80)"
keys Enter C l a i r Enter
expect_screen "Comment: Clair" "a comment is saved with the score"
keys S
expect_screen "(y/n)" "submitting asks for confirmation"
keys y
expect_screen "Submitted: these scores are final." "then shows the dossier as submitted"
keys q
expect_screen "submitted" "the browser shows the new state"
keys Escape q y
expect_screen "[exit 0]" "q at the top level quits with status 0"

run audit --db "$DB" --format csv
expect_out "misoc,score,hidden," "during scoring nobody else reads misoc's values in the log"
run phase --db "$DB" --juror chair deliberation
run ranking --db "$DB" --category e-demarche --format csv
expect_out ",D10," "the ranking lists D10"
if grep -q "^e-demarche,[0-9]*,D10,.*,5,[0-9.]*,[0-9.]*,[a-z;]*$" "$T/out"; then
	ok "misoc's submission counts: n is 5"
else
	not_ok "misoc's submission counts: n is 5" "$(grep D10 "$T/out")"
fi
run audit --db "$DB" --format csv
expect_out "misoc,submit,juror=misoc dossier=D10" "the submission is in the audit log"
expect_out "misoc,score,juror=misoc dossier=D10 criterion=realisation value=14 comment" "the comment was saved at once"
run audit --db "$DB" --verify
expect_status 0 "and the chain verifies"
expect_out "Salma Idrissi: " "every act of the session is signed with misoc's key"
tmx kill-session -t t

# --demo: a fresh demo edition in a temporary directory, said on screen.
TMPDIR="$T" tui_start 100 30 --demo
expect_screen "demo edition: $T/mudawala-demo-" "--demo says where the demo edition is"
expect_screen "Who is at the keyboard?" "and asks who is at the keyboard"
keys Enter d e m o Enter
expect_screen "Nadia Bennani (chair)" "the demo passphrase opens the chair's key"
keys q y
expect_screen "The demo edition stays in $T/mudawala-demo-" "on leaving it says where the file stays"
done_testing
