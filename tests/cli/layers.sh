#!/bin/sh
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
done_testing
