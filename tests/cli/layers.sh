#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The layers of DESIGN.md, checked: arrows point down only.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
cd "$SRC/src" || exit 99

if grep -rlE --include='*.[ch]' '#include[[:space:]]*[<"](n?curses|ncursesw/)' core text util; then
	not_ok "core, text and util never include curses"
else
	ok "core, text and util never include curses"
fi
if grep -rlE --include='*.[ch]' 'sqlite3|SELECT |INSERT |UPDATE |DELETE ' ui text util 2>/dev/null; then
	not_ok "ui, text and util hold no SQL"
else
	ok "ui, text and util hold no SQL"
fi
# Core returns what it has to say; only the command line and the screens
# talk to the terminal or end the process.
if grep -rnE --include='*.[ch]' '\b(stdout|stderr|exit[[:space:]]*\(|abort[[:space:]]*\()' core; then
	not_ok "core never prints and never exits"
else
	ok "core never prints and never exits"
fi
if grep -rlE --include='*.[ch]' '#include[[:space:]]*"(core|ui)/' text util; then
	not_ok "text and util do not reach up into core or ui"
else
	ok "text and util do not reach up into core or ui"
fi
if grep -rnE --include='*.[ch]' '\b(strcpy|strcat|sprintf|atoi|gets)[[:space:]]*\(' . \
    | grep -vE 'snprintf'; then
	not_ok "no strcpy, strcat, sprintf, atoi"
else
	ok "no strcpy, strcat, sprintf, atoi"
fi
# The top of src/ is the layers, nothing loose beside them.
top=$(ls -A | grep -v '^\.' | tr '\n' ' ')
if [ "$top" = "cli core text ui util " ]; then
	ok "src/ holds the layers only: cli core text ui util"
else
	not_ok "src/ holds the layers only: cli core text ui util (found: $top)"
fi
# Down only: the screens never reach the command line, core neither.
if grep -rlE --include='*.[ch]' '#include[[:space:]]*"cli/' core ui text util; then
	not_ok "only the command line includes the command line"
else
	ok "only the command line includes the command line"
fi
if grep -rlE --include='*.[ch]' '#include[[:space:]]*"ui/' core text util; then
	not_ok "core, text and util never include ui"
else
	ok "core, text and util never include ui"
fi
# No two modules (a .c and its .h) include each other.
edges=$(grep -rE --include='*.[ch]' '^#include[[:space:]]*"[a-z]+/[a-z_]+\.h"' . |
    sed -E 's|^\./([a-z]+/[a-z_]+)\.[ch]:#include[[:space:]]*"([a-z]+/[a-z_]+)\.h".*|\1 \2|' |
    awk '$1 != $2' | sort -u)
cycles=$(printf '%s\n' "$edges" | awk '{ e[$1 " " $2] = 1 }
    END { for (k in e) { split(k, p, " ");
        if ((p[2] " " p[1]) in e && p[1] < p[2]) print p[1] " <-> " p[2] } }')
if [ -z "$cycles" ] && [ -n "$edges" ]; then
	ok "no two files include each other"
else
	not_ok "no two files include each other: $cycles"
fi
done_testing
