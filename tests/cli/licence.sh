#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The licence, where a user and a packager look for it: COPYING, the
# first lines of every source file, --version, --help and the man pages.
. "$MUDAWALA_SRCDIR/tests/lib.sh"

if grep -q "GNU GENERAL PUBLIC LICENSE" "$SRC/COPYING" &&
    grep -q "Version 3, 29 June 2007" "$SRC/COPYING"; then
	ok "COPYING holds the GPL, version 3"
else
	not_ok "COPYING holds the GPL, version 3"
fi

# Every source, test, script and man page: the SPDX line in its first
# three lines (after a #! line, or a man page's first comment).
missing=$(cd "$SRC" && find src tests man bench .ci Makefile.am configure.ac \
    -type f \( -name '*.[ch]' -o -name '*.sh' -o -name '*.[15]' \
    -o -name run -o -name folders -o -name Makefile.am -o -name configure.ac \) \
    ! -path 'tests/fuzz/corpus/*' ! -path 'tests/golden/*' 2>/dev/null |
    while read -r f; do
	head -3 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later' ||
	    echo "$f"
    done)
n=$(cd "$SRC" && find src -name '*.c' | wc -l)
if [ -z "$missing" ] && [ "$n" -gt 50 ]; then
	ok "every source file of $n and more names its licence (SPDX)"
else
	not_ok "every source file names its licence (SPDX)" "$missing"
fi

run --version
if grep -q '^mudawala [0-9]' "$T/out" &&
    grep -q '^Copyright (C) 20[0-9][0-9] ' "$T/out" &&
    grep -q 'GPLv3+' "$T/out" && grep -q 'NO WARRANTY' "$T/out"; then
	ok "--version: name and version, copyright, licence, no warranty"
else
	not_ok "--version: name and version, copyright, licence, no warranty" \
	    "$(cat "$T/out")"
fi

use_catalogues
LANGUAGE=ar run --version
if grep -q 'Copyright (C)' "$T/out" && grep -q 'GPLv3+' "$T/out" &&
    grep -q 'ضمان' "$T/out"; then
	ok "--version in Arabic: the licence translated, Copyright kept"
else
	not_ok "--version in Arabic: the licence translated, Copyright kept" \
	    "$(cat "$T/out")"
fi
LANGUAGE= LC_ALL=C.UTF-8 run --help
if grep -q '^Report bugs to: https://' "$T/out" &&
    grep -q '^mudawala home page: <https://' "$T/out"; then
	ok "--help says where to report bugs and the home page"
else
	not_ok "--help says where to report bugs and the home page" \
	    "$(tail -3 "$T/out")"
fi
if grep -q '^  mudawala score --db' "$T/out"; then
	not_ok "--help shows --db as optional (it has a default)"
else
	ok "--help shows --db as optional (it has a default)"
fi

for m in 1 5; do
	if grep -q '^\.SH COPYRIGHT' "$SRC/man/mudawala.$m" &&
	    grep -q 'GPLv3+' "$SRC/man/mudawala.$m" &&
	    grep -q '^\.SH REPORTING BUGS' "$SRC/man/mudawala.$m"; then
		ok "mudawala($m) states the licence and where to report bugs"
	else
		not_ok "mudawala($m) states the licence and where to report bugs"
	fi
done
done_testing
