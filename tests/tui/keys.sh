#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Keys that never surprise: Esc goes back and never quits, q asks on the
# first screen, Alt and unknown sequences are ignored with a word, PgUp
# and Home work on the Linux console, lists scroll (the login too), the
# wheel moves, the help scrolls to its last key, "? help" always shows.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
export MUDAWALA_PASSPHRASE=demo

tui_start 80 24 --db "$DB" --juror hg
expect_screen "35 dossiers" "hg logs in"
expect_screen "? help" "the status line shows ? help at 80 columns"
keys / x y z Escape Escape
sleep 0.3
expect_screen "This is the first screen: q quits." "Esc twice on the dossier list says how to quit"
expect_no_screen "[exit" "and the program keeps running"
keys M-v
expect_screen "Unknown key" "Alt+v is an unknown key"
keys -l "$(printf '\033[25~')"
sleep 0.3
expect_screen "Unknown key" "an unknown sequence (F13) too"
expect_no_screen "[exit" "neither quits"
keys q
expect_screen "Quit mudawala? (y/n)" "q on the first screen asks"
keys n
sleep 0.2
expect_no_screen "[exit" "n keeps it running"
keys r
expect_screen "? help" "? help on the ranking"
wait_computed
keys j j j G
expect_screen "D12" "G goes to the last dossier of the ranking"
keys g q Enter s
expect_screen "? help" "? help on the scoring form"
keys Escape Escape ?
expect_screen "Keys of this screen" "the help"
keys End
expect_screen "Suspend (fg to come back)" "End reaches the help's last key at 80x24"
expect_screen "Sort by submissions" "with the screen's last key before it"
keys Home
expect_screen "Next dossier" "Home its first"
keys q q y
expect_screen "[exit 0]" "q then y quits"
tmx kill-session -t t

# The Linux console and a vt100: their own key sequences.
TUI_TERM=linux tui_start 80 24 --db "$DB" --juror hg
expect_screen "35 dossiers" "under TERM=linux"
keys End
expect_screen "D35" "End goes to the last dossier"
keys PPage Home
expect_screen "D01" "PgUp and Home come back to the first"
expect_no_screen "[exit" "nothing quits"
keys q y
tmx kill-session -t t
TUI_TERM=vt100 tui_start 80 24 --db "$DB" --juror hg
expect_screen "35 dossiers" "under TERM=vt100"
keys -l "$(printf '\033[5~')"
sleep 0.3
expect_no_screen "[exit" "PgUp, unknown to a vt100, does not quit"
expect_no_screen "5~" "nor echoes its sequence"
keys q y
tmx kill-session -t t

# mlterm ignores BDSM: its own layout is switched off through its
# configuration protocol while mudawala runs, and back on at the end (the
# bytes the program writes, read from a typescript).
MLTERM=3.9.0 TUI_WRAP='env -u TMUX MLTERM=3.9.0 script -qfc "' \
	TUI_WRAP_END="\" '$T/typescript'" tui_start 80 24 --db "$DB" --juror hg
expect_screen "35 dossiers" "mudawala runs under mlterm"
if grep -qF "$(printf '\033]5379;use_ctl=false\007')" "$T/typescript"; then
	ok "mlterm's complex text layout is switched off at start"
else
	not_ok "mlterm's complex text layout is switched off at start" "$(od -c "$T/typescript" | head -20)"
fi
expect_no_screen "reorders Arabic itself" "and nothing asks the user to do it"
keys q y
expect_screen "[exit 0]" "mudawala quits"
if grep -qF "$(printf '\033]5379;use_ctl=true\007')" "$T/typescript"; then
	ok "mlterm's layout is switched back on at exit"
else
	not_ok "mlterm's layout is switched back on at exit" "$(od -c "$T/typescript" | tail -20)"
fi
tmx kill-session -t t
TUI_WRAP='env -u TMUX script -qfc "' TUI_WRAP_END="\" '$T/typescript'" \
	tui_start 80 24 --db "$DB" --juror hg
expect_screen "35 dossiers" "mudawala runs under another terminal"
keys q y
expect_screen "[exit 0]" "and quits"
if grep -q "5379" "$T/typescript"; then
	not_ok "no other terminal is sent mlterm's sequence" "$(od -c "$T/typescript" | head)"
else
	ok "no other terminal is sent mlterm's sequence"
fi
tmx kill-session -t t

# Konsole reorders by itself and cannot be told not to: the user is told
# what to do.
TUI_WRAP="env KONSOLE_VERSION=230804 " tui_start 80 24 --db "$DB" --juror hg
expect_screen "Konsole reorders Arabic itself: turn off its bidirectional" "Konsole is recognized at start"
expect_screen "--bidi terminal." "the whole advice shows, on two lines"
keys q y
tmx kill-session -t t

# Thirty members: the login list scrolls.
{
	echo "id,name,organisation,role,voting,public_key"
	i=1
	while [ $i -le 23 ]; do
		printf 'm%02d,Membre Numero %02d,Organisation %02d,member,yes,\n' $i $i $i
		i=$((i + 1))
	done
} >"$T/more.csv"
mw import jurors --db "$DB" --juror chair --reason "Commission élargie" "$T/more.csv" >/dev/null
unset MUDAWALA_PASSPHRASE
tui_start 80 24 --db "$DB"
expect_screen "Who is at the keyboard?" "the login list"
keys End
expect_screen "Membre Numero 23" "End scrolls the list to its end"
expect_screen "Leila Chraibi" "to the thirtieth member, in sight"
keys Enter
expect_screen "Passphrase of Leila Chraibi:" "Enter asks the passphrase of the member in sight"
keys Escape Home
expect_screen "Nadia Bennani" "Home goes back to the first"
# The wheel (SGR mouse report: 65 down, 64 up) moves the selection.
keys -l "$(printf '\033[<65;10;8M')"
keys Enter
expect_screen "Passphrase of" "after the wheel, a member is chosen"
expect_no_screen "Passphrase of Nadia Bennani" "three rows down from the first"
keys Escape
tmx kill-session -t t
done_testing
