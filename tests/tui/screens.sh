#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Compare, ranking, prizes, help, resize, conflicts, and escape sequences
# hidden in data.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
# The catalogues, compiled here (the program is not installed).
use_catalogues

tui_start 100 30 --db "$DB" --juror hg
expect_screen "Passphrase of Youssef El Amrani:" "--juror skips the list, not the passphrase"
keys d e m o Enter
expect_screen "35 dossiers" "the browser after the passphrase"
keys Space Space c
expect_screen "D01 Dépôt électronique des factures" "compare shows the first dossier"
expect_screen "D02 PORNET" "side by side with the second"
expect_screen "█" "with bars"
expect_screen "My total (0-100)" "and totals"
expect_screen "shown from deliberation on" "the jury's figures wait for deliberation"
keys x
expect_screen "Marks cleared." "x clears the marks"
# Mouse clicks, as the terminal reports them (SGR: ESC [ < button ;
# column ; row, M pressed, m released; 1-based): on the third tab, then on
# the fourth row of the list.
click() {
	keys -l "$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' $(($1 + 1)) $(($2 + 1)) $(($1 + 1)) $(($2 + 1)))"
}
click 20 1
expect_screen "8 dossiers" "a click on a tab shows that category"
click 30 6
keys Enter
expect_screen "D15" "a click on a row selects it"
keys q
click 3 1
expect_screen "35 dossiers" "a click on All shows every category"

keys r
expect_screen "During scoring you see your own totals only." "a member sees only their own totals during scoring"
keys q ?
expect_screen "Keys of this screen" "? shows the help"
expect_screen "Mark or unmark for comparison" "generated from the key table"
keys End
expect_screen "Switch language" "with the keys that work everywhere"
keys q
# The language switches at run time, titles of dossiers included.
keys L
expect_screen "$("$MUDAWALA_SHAPE" "الكل")" "L switches to Arabic"
expect_screen "$("$MUDAWALA_SHAPE" "خدمة الإيداع الإلكتروني للفواتير")" "and dossiers show their Arabic titles, shaped"
keys L
expect_screen "Toutes" "then to French"
expect_screen "Dépôt électronique des factures" "with French titles"
keys L
expect_screen " All " "then back to English"
tmx resize-window -t t -x 60 -y 20
expect_screen "Please enlarge the window" "below 80x24 the program asks for room"
tmx resize-window -t t -x 80 -y 24
expect_screen "35 dossiers" "at 80x24 the browser is back"

sb=$(tmx capture-pane -p -N -t t | sed -n 5p | sed 's/.*\(.\)$/\1/')
[ "$sb" = "█" ] && ok "the scroll bar is in the last column" || not_ok "the scroll bar is in the last column" "'$sb'"
tmx resize-window -t t -x 200 -y 60
expect_screen "Consultation publique sur le budget participatif" "at 200x60 more rows show"
keys q y
expect_screen "[exit 0]" "quits"
tmx kill-session -t t

# Scripts give the passphrase in the environment (or a file).
export MUDAWALA_PASSPHRASE=demo

# The chair, in deliberation: the full ranking and a prize.
mw phase --juror chair --db "$DB" deliberation >/dev/null
tui_start 100 30 --db "$DB" --juror chair
expect_screen "35 dossiers" "the chair logs in"
keys r
expect_screen "Mean of the voting members' weighted totals" "in deliberation everyone sees the ranking"
expect_screen "85.25" "the jury's scores"
keys m
expect_screen "Median of the voting members' weighted totals" "m switches to the median"
expect_screen "Method: Median" "and says so"
keys v
expect_screen "The rank of each dossier under every method" "v shows every method side by side"
expect_screen "Copeland" "with one column per method"
keys P
expect_screen "scored on every criterion, and submitted" "P shows the jurors' progress to the chair"
expect_screen "Youssef El Amrani" "one row per juror"
keys P
expect_screen "Median of the voting members' weighted totals" "P again goes back to the ranking"
keys m m m m m
expect_screen "Mean of the voting members' weighted totals" "the methods cycle back to the mean"
keys q p
expect_screen "Still undecided: e-Démarche" "the prizes screen shows what is undecided"
keys 1
expect_screen "Choose the dossier" "1 assigns the excellence prize"
keys Enter
expect_screen "Rationale:" "a rationale is asked"
keys E x e m p l a i r e Enter
expect_screen "Decision recorded." "the decision is recorded"
expect_screen "Rationale: Exemplaire" "and shown with its rationale"
keys 2 n N o n Enter
expect_screen "No award" "a prize may go to nobody"
keys q q y
expect_screen "[exit 0]" "quits"
run audit --db "$DB" --format csv
expect_out "chair,award,category=e-demarche prize=excellence dossier=D01" "the prize is in the audit log"
expect_out "chair,award,category=e-demarche prize=encouragement dossier=none" "and the no-award decision"
tmx kill-session -t t

# A conflicted juror cannot open the scoring form.
printf 'juror,dossier,administration,reason\nmic,D12,,ancien directeur\n' >"$T/c.csv"
mw phase --juror chair --db "$DB" scoring >/dev/null
mw import conflicts --db "$DB" --juror chair "$T/c.csv" >/dev/null
tui_start 100 30 --db "$DB" --juror mic
keys / i n s c r i p t i o n Enter
expect_screen "conflict" "the browser shows the conflict"
keys s
expect_screen "You declared a conflict of interest with D12" "the form refuses and says why"
keys Escape q
tmx kill-session -t t

# Ctrl-Z suspends to the shell, fg restores the screen, q leaves the
# terminal as it was.
tmx new-session -d -s z -x 100 -y 30 "env -i PATH='$PATH' HOME='$HOME' TERM=xterm-256color PS1='shell> ' bash --norc --noprofile -i"
wait_for "shell> " >/dev/null
tmx send-keys -t z "MUDAWALA_PASSPHRASE=demo LANG=C.UTF-8 MUDAWALA_DATADIR='$MUDAWALA_DATADIR' '$MUDAWALA_BIN' --db '$DB' --juror hg" Enter
i=0
until tmx capture-pane -p -t z | grep -qF "35 dossiers" || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done
tmx send-keys -t z C-z
i=0
until tmx capture-pane -p -t z | grep -qF "Stopped" || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done
if tmx capture-pane -p -t z | grep -qF "Stopped"; then ok "Ctrl-Z suspends to the shell"; else not_ok "Ctrl-Z suspends to the shell" "$(tmx capture-pane -p -t z)"; fi
tmx send-keys -t z fg Enter
i=0
until tmx capture-pane -p -t z | grep -qF "35 dossiers" || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done
if tmx capture-pane -p -t z | grep -qF "35 dossiers"; then ok "fg restores the screen"; else not_ok "fg restores the screen" "$(tmx capture-pane -p -t z)"; fi
tmx send-keys -t z q
sleep 0.2
tmx send-keys -t z y
i=0
until tmx capture-pane -p -t z | grep -v "^$" | tail -1 | grep -qF "shell>" || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done
if tmx capture-pane -p -t z | grep -v "^$" | tail -1 | grep -qF "shell>"; then ok "q gives the shell back"; else not_ok "q gives the shell back" "$(tmx capture-pane -p -t z)"; fi
tmx kill-session -t z

# Escape sequences in data never reach the terminal.
if have_sqlite3; then
	outside_sql "$DB" "UPDATE dossier SET title_fr = 'X' || char(27) || ']0;PWNED' || char(7) || 'Y' || char(27) || '[2J' WHERE id = 'D01'"
	TUI_WRAP="script -q -c \"" TUI_WRAP_END="\" $T/raw.log" tui_start 100 30 --db "$DB" --juror hg
	expect_screen "]0;PWNED" "the title is drawn, its controls replaced"
	keys q y
	expect_screen "[exit 0]" "quits"
	if grep -q "$(printf '\033')]0;PWNED" "$T/raw.log"; then
		not_ok "no OSC sequence from data reached the terminal"
	else
		ok "no OSC sequence from data reached the terminal"
	fi
	if grep -q "Y$(printf '\033')\[2J" "$T/raw.log"; then
		not_ok "no clear-screen sequence from data reached the terminal"
	else
		ok "no clear-screen sequence from data reached the terminal"
	fi
	if grep -q "$(printf '\007')" "$T/raw.log"; then
		not_ok "no BEL from data reached the terminal"
	else
		ok "no BEL from data reached the terminal"
	fi
else
	ok "# SKIP sqlite3 shell not installed"
fi
tmx kill-session -t t 2>/dev/null

# A wrong passphrase given by a script: a clear refusal, status 1.
MUDAWALA_PASSPHRASE=wrong tui_start 100 30 --db "$DB" --juror hg
expect_screen "mudawala: wrong passphrase" "a wrong scripted passphrase is refused"
expect_screen "[exit 1]" "with status 1"
tmx kill-session -t t
printf 'demo\n' >"$T/pass"
unset MUDAWALA_PASSPHRASE
tui_start 100 30 --db "$DB" --juror hg --passphrase-file "$T/pass"
expect_screen "35 dossiers" "--passphrase-file gives the passphrase"
keys q
tmx kill-session -t t

# The chair locks from the prizes screen, typing the passphrase.
L="$T/lock.sqlite"
"$MUDAWALA_BIN" demo --db "$L" >/dev/null
mw phase --juror chair --db "$L" deliberation >/dev/null
decide_none "$L"
tui_start 100 30 --db "$L" --juror chair
expect_screen "Passphrase" "the chair is asked the passphrase"
keys d e m o Enter
expect_screen "35 dossiers" "the chair logs in"
keys p K
expect_screen "Lock the edition? Nothing can change it afterwards." "K asks before locking"
keys y
expect_screen "Passphrase of the chair's key:" "and asks the passphrase again"
keys d e m o
expect_screen "Passphrase of the chair's key: ****" "shown as stars"
keys Enter
expect_screen "The edition is locked and sealed." "the chair locks the edition"
expect_screen "phase: locked" "the status line says so"
keys q q
tmx kill-session -t t
mw pubkey --db "$L" --juror chair -o "$T/locked-chair.pub" >/dev/null
run audit --db "$L" --verify -p "$T/locked-chair.pub"
expect_out "Locked: the seal matches" "the lock made in the TUI verifies"
# Score sheets: a member exports theirs on their laptop, the chair
# imports it.
"$MUDAWALA_BIN" demo --db "$T/office.sqlite" >/dev/null
mkdir -p "$T/laptop"
cp "$T/office.sqlite" "$T/laptop/ed.sqlite"
cp -r "$T/office.sqlite.keys" "$T/laptop/ed.sqlite.keys"
tui_start 100 30 --db "$T/laptop/ed.sqlite" --juror misoc --passphrase-file "$T/pass"
expect_screen "35 dossiers" "a member logs in on their laptop"
keys E
expect_screen "Write my score sheet to: $T/laptop/sheet-misoc.json" "E offers a file beside the edition"
keys Enter
expect_screen "Wrote the score sheet to $T/laptop/sheet-misoc.json" "and writes the signed sheet"
keys q
tmx kill-session -t t
if grep -q '"format":"mudawala-sheet-sealed"' "$T/laptop/sheet-misoc.json" && ! grep -q '"dossier"' "$T/laptop/sheet-misoc.json"; then
	ok "sealed for the chair, its signature inside"
else
	not_ok "sealed for the chair, its signature inside" "$(head -c 200 "$T/laptop/sheet-misoc.json")"
fi
tui_start 100 30 --db "$T/office.sqlite" --juror chair --passphrase-file "$T/pass"
expect_screen "35 dossiers" "the chair logs in at the office"
keys I
expect_screen "Import the score sheet:" "I asks for the sheet"
tmx send-keys -t t -l "$T/laptop/sheet-misoc.json"
keys Enter
expect_screen "Imported sheet" "the chair imports it"
keys q
tmx kill-session -t t
# A damaged file: the check that runs behind the first screen ends the
# session with the advice, and nothing is written to the file.
if have_sqlite3; then
	"$MUDAWALA_BIN" demo --db "$T/broken.sqlite" >/dev/null
	# No free pages (they hold nothing a check would read), then WAL.
	sqlite3 "$T/broken.sqlite" "VACUUM; PRAGMA journal_mode = WAL" >/dev/null
	size=$(wc -c <"$T/broken.sqlite")
	dd if=/dev/zero of="$T/broken.sqlite" bs=4096 seek=$((size / 4096 - 3)) count=2 conv=notrunc 2>/dev/null
	before=$(cksum <"$T/broken.sqlite")
	tui_start 100 30 --db "$T/broken.sqlite"
	expect_screen "the edition file is damaged" "a damaged file ends the session"
	expect_screen "mudawala backup" "with the advice to restore a backup"
	expect_screen "[exit 1]" "with status 1"
	tmx kill-session -t t
	[ "$(cksum <"$T/broken.sqlite")" = "$before" ] && ok "the damaged file is left as it was" || not_ok "the damaged file is left as it was"
fi
# Every session above was closed under the program, several while it
# asked "Quit mudawala?": each program has ended (none left spinning on a
# terminal that is gone).
i=0
while pgrep -f "$T/" >/dev/null && [ $i -lt 30 ]; do
	sleep 0.1
	i=$((i + 1))
done
left=$(pgrep -af "$T/")
[ -z "$left" ] && ok "no program left running once its terminal closed" ||
    not_ok "no program left running once its terminal closed" "$left"
pkill -9 -f "$T/" 2>/dev/null
done_testing
