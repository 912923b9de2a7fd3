#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# What the browser writes to the terminal, counted rather than timed: a
# one-row scroll lets the terminal scroll (about one row of output, not a
# repaint), and moving the cursor within the page rewrites two rows.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"

# settle: wait until the program has written nothing for 0.3 s (the raw
# log stops growing), at most 10 s.
settle() {
	last=-1 same=0 i=0
	while [ $same -lt 6 ] && [ $i -lt 200 ]; do
		now=$(wc -c <"$T/raw.log")
		if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; fi
		last=$now
		sleep 0.05
		i=$((i + 1))
	done
}
bytes() { wc -c <"$T/raw.log"; }

"$MUDAWALA_BIN" demo --db "$T/big.sqlite" --dossiers 400 --jurors 10 \
	--scores-per-dossier 1 >/dev/null
export MUDAWALA_PASSPHRASE=demo
TUI_WRAP="script -q -f -c \"" TUI_WRAP_END="\" $T/raw.log" \
	tui_start 200 60 --db "$T/big.sqlite" --juror J0001
expect_screen "400 dossiers" "the browser of 400 dossiers at 200x60"
keys -N 55 Down
expect_screen "D000056" "55 Down scroll the list"
settle
s0=$(bytes)
keys Down
expect_screen "D000057" "one more Down brings in the next dossier"
settle
s1=$(bytes)
keys C-l
settle
s2=$(bytes)
scroll=$((s1 - s0)) redraw=$((s2 - s1))
# Two rows of 200 columns (the highlighted row comes in, the one it
# leaves loses its colour) and a few escapes; a repaint is 15 times more.
check "a one-row scroll writes $scroll bytes, under 2 rows of 200 columns plus escapes (450)" \
	test "$scroll" -lt 450
check "and under a tenth of a full redraw ($redraw bytes)" \
	test $((scroll * 10)) -lt "$redraw"
keys Up
expect_screen "D000056" "Up moves the cursor"
settle
s3=$(bytes)
check "moving the cursor within the page writes $((s3 - s2)) bytes, under 450" \
	test $((s3 - s2)) -lt 450
# Quit, and let script(1) end with it (killing the session left script
# running, holding a pseudo-terminal, after the test).
keys q y
expect_screen "[exit 0]" "q and y quit"
tmx kill-session -t t
done_testing
