#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# One text editor in every field: a long comment typed and edited in its
# middle with the cursor keys and the Ctrl keys, stored exactly; Arabic
# edited in logical order; a paste is one edit and runs no command.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
export MUDAWALA_PASSPHRASE=demo
if ! have_sqlite3; then
	echo "1..0 # SKIP sqlite3 is not installed"
	exit 0
fi
comment() {
	sqlite3 "$DB" "SELECT comment FROM score WHERE juror_id = 'misoc' AND dossier_id = 'D10' AND criterion_id = '$1'"
}
score_rows() {
	mw audit --db "$DB" --juror misoc --format csv | grep -c "misoc,score,juror=misoc dossier=D10 criterion=$1 " || :
}

tui_start 80 24 --db "$DB" --juror misoc
expect_screen "35 dossiers" "misoc logs in"
keys / r e s i d e n c e
expect_screen "1 dossier" "finds D10"
keys Enter s 1 2 Enter
expect_screen "Saved." "a score"
keys Enter
expect_screen "Enter records the comment" "the comment field"
# 400 characters: forty words of ten.
long=$(i=0; while [ $i -lt 40 ]; do printf 'mot%02d-abc ' $i; i=$((i + 1)); done)
keys -l "$long"
expect_screen "400/1000" "the count of characters shows as the field fills"
# To the start, ten characters on, and an insertion there.
keys Home
i=0; while [ $i -lt 10 ]; do keys Right; i=$((i + 1)); done
keys -l "INSERE "
expect_screen "407/1000" "an insertion in the middle"
keys End C-w
expect_screen "397/1000" "Ctrl-W cuts the last word"
keys C-y
expect_screen "407/1000" "Ctrl-Y puts it back"
# Up: the line above, at the same place.
keys Up
keys -l "HAUT "
expect_screen "412/1000" "Up moves to the line above, and typing goes there"
keys Enter
expect_screen "Saved." "Enter records the comment"
want="mot00-abc INSERE $(printf '%s' "$long" | cut -c11-)"
got=$(comment interet-general)
rest=$(printf '%s' "$got" | sed 's/HAUT //')
[ "$rest" = "$want" ] && ok "the 412 characters are stored exactly" || not_ok "the 412 characters are stored exactly" "want: $want" "got:  $got"
after=$(printf '%s' "$got" | sed 's/.*HAUT //')
[ ${#after} -gt 40 ] && [ ${#after} -lt 120 ] && ok "the insertion is one line up from the end" || not_ok "the insertion is one line up from the end" "after it: ${#after} characters"

# Arabic: typed, then a word inserted before the last one.
keys Down Enter 1 4 Enter
expect_screen "Saved." "a second score"
keys Enter
keys -l "خدمة مفيدة جدا"
keys C-Left
keys -l "و"
keys Enter
expect_screen "Saved." "an Arabic comment recorded"
got=$(comment qualite)
[ "$got" = "خدمة مفيدة وجدا" ] && ok "edited in logical order: the insertion lands before the last word" || not_ok "edited in logical order: the insertion lands before the last word" "got: $got"

# A paste: one edit, line breaks as spaces, one act when recorded.
before=$(score_rows qualite)
keys Enter C-u
tmx set-buffer -b p "$(printf 'Premier paragraphe colle.\nDeuxieme ligne q y.')"
tmx paste-buffer -p -b p -t t
expect_screen "Premier paragraphe colle. Deuxieme ligne q y." "the pasted paragraph lands in the field, its line break a space"
expect_no_screen "Quit mudawala?" "nothing of it ran a command"
keys Enter
expect_screen "Saved." "recorded"
after=$(score_rows qualite)
[ $((after - before)) = 1 ] && ok "a pasted paragraph is one audit row" || not_ok "a pasted paragraph is one audit row" "$before -> $after"
[ "$(comment qualite)" = "Premier paragraphe colle. Deuxieme ligne q y." ] && ok "stored as pasted" || not_ok "stored as pasted" "$(comment qualite)"
keys q
# A paste on the dossier list, outside any field, does nothing.
tmx set-buffer -b p "qqq"
tmx paste-buffer -p -b p -t t
sleep 0.3
expect_no_screen "Quit mudawala?" "a paste outside a field runs no command"
expect_no_screen "[exit" "and the program runs on"
keys q y
tmx kill-session -t t

# In the Arabic interface, Left moves towards the end of Arabic text, as
# it looks.
use_catalogues
LANGUAGE=ar tui_start 80 24 --db "$DB" --juror misoc
expect_screen "D10" "misoc logs in, in Arabic"
keys / r e s i d e n c e
keys Enter s Down Down 1 0 Enter Enter
keys -l "مرحبا بكم"
keys Home Left Left
keys -l "X"
keys Enter
sleep 0.5
[ "$(comment rendement)" = "مرXحبا بكم" ] && ok "ar: Home, then Left twice, goes two letters into the Arabic text" || not_ok "ar: Home, then Left twice, goes two letters into the Arabic text" "$(comment rendement)"
keys q q y
tmx kill-session -t t
done_testing
