#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A long computation never freezes the terminal: the ranking by zscore
# reads every score of a 25,000-dossier edition in a thread of its own,
# the screen says so and how far it has got, keys work meanwhile, Esc
# stops it, leaving or quitting does not wait for it, and a resize in the
# middle is harmless.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"
DB="$T/big.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" --dossiers 25000 --jurors 40 \
	--scores-per-dossier 5 >/dev/null
export MUDAWALA_PASSPHRASE=demo
mw phase --db "$DB" --juror J0001 deliberation >/dev/null

tui_start 80 24 --db "$DB" --juror J0001
expect_screen "25000 dossiers" "the chair opens the large edition"
keys r
expect_screen "Std. dev." "the ranking of the first category"
# Mean, median, trimmed, zscore: zscore reads every category.
keys m m m
expect_screen "Computing…" "a long computation says so"
keys Escape
expect_screen "Stopped: the ranking was not computed." "Esc stops it"
keys m m m m m m
expect_screen "Method: z-score" "round the methods back to zscore"
expect_screen "% done. Esc stops" "computing again, saying how far it has got"
keys '?'
expect_screen "Every method side by side" "keys work meanwhile: the help opens"
keys q
expect_screen "Totals standardized" "the ranking by zscore arrives"
expect_screen "Std. dev." "with its table"

# A resize in the middle of a computation.
keys Tab
expect_screen "Computing…" "the next category computes"
tmx resize-window -t t -x 100 -y 30 2>/dev/null || tmx resize-pane -t t -x 100 -y 30
expect_screen "Totals standardized" "a resize meanwhile is harmless"

# Leaving and quitting do not wait for a computation.
keys Tab
expect_screen "Computing…" "another category computes"
keys q
expect_screen "25000 dossiers" "q leaves at once"
keys r
expect_screen "Std. dev." "the ranking again"
keys a
expect_screen "Most disputed first" "the agenda opens"
expect_screen "Nothing on the agenda" "and is computed"
keys q q q y
expect_screen "[exit 0]" "the chair quits"
done_testing
