#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every fuzz target over its seed corpus: each file once, through the
# driver (no libFuzzer).  A crash, an abort or a sanitizer report fails
# the target; the inputs that once crashed stay in the corpus.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
for t in csv sheet keys text documents; do
	bin="$MUDAWALA_BUILDDIR/tests/fuzz/fuzz_$t"
	dir="$MUDAWALA_SRCDIR/tests/fuzz/corpus/$t"
	n=$(ls "$dir" | wc -l)
	if TMPDIR="$T" "$bin" "$dir" >"$T/$t.out" 2>"$T/$t.err" &&
	    [ "$(grep -c '^ok ' "$T/$t.out")" -eq "$n" ]; then
		ok "fuzz target $t: its $n seed inputs run clean"
	else
		not_ok "fuzz target $t: its $n seed inputs run clean" \
		    "$(tail -3 "$T/$t.out")" "$(head -30 "$T/$t.err")"
	fi
done
done_testing
