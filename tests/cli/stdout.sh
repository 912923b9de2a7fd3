#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# -o - writes to standard output, for every command that writes a file,
# and nothing named "-" appears; a command that only reads creates
# nothing, not even its folders.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
export MUDAWALA_PASSPHRASE=demo
DB="$T/e.sqlite"
demo_deliberation "$DB"
mkdir -p "$T/cwd"
cd "$T/cwd" || exit 99

for f in json csv html; do
	mw export --db "$DB" --format $f --draft -o "$T/file.$f" >/dev/null
	if mw export --db "$DB" --format $f --draft -o - >"$T/stdout.$f" 2>"$T/err" &&
	    cmp -s "$T/file.$f" "$T/stdout.$f"; then
		ok "export --format $f -o -: the same bytes as the file"
	else
		not_ok "export --format $f -o -: the same bytes as the file" "$(cat "$T/err"; cmp "$T/file.$f" "$T/stdout.$f")"
	fi
done
run export --db "$DB" --format csv --draft -o - --sign --juror chair
expect_status 2 "--sign with -o - is a usage error (the signature needs a file)"
[ ! -s "$T/out" ] && ok "and writes nothing" || not_ok "and writes nothing"
run export --db "$DB" --format csv -o -
expect_status 1 "a refused export (not locked, no --draft)"
[ ! -s "$T/out" ] && ok "writes nothing to standard output" || not_ok "writes nothing to standard output" "$(head -3 "$T/out")"

mw backup --db "$DB" -o - >"$T/copy.sqlite" 2>"$T/err"
if [ "$(sqlite3 "$T/copy.sqlite" "PRAGMA integrity_check")" = ok ] &&
    [ "$(sqlite3 "$T/copy.sqlite" "SELECT count(*) FROM score")" = "$(sqlite3 "$DB" "SELECT count(*) FROM score")" ]; then
	ok "backup -o -: a whole, sound copy on standard output"
else
	not_ok "backup -o -: a whole, sound copy on standard output" "$(cat "$T/err")"
fi
mw pubkey --db "$DB" --juror chair -o - >"$T/chair.pub"
grep -q '^untrusted comment: mudawala public key' "$T/chair.pub" &&
    ok "pubkey -o -" || not_ok "pubkey -o -"

S="$T/s.sqlite"
"$MUDAWALA_BIN" demo --db "$S" >/dev/null
mw sheet export --db "$S" --juror misoc -o - >"$T/sheet.json" 2>"$T/err"
cp "$S" "$T/s2.sqlite" && cp -r "$S.keys" "$T/s2.sqlite.keys"
if grep -q '^{"format":"mudawala-sheet-sealed"' "$T/sheet.json" &&
    mw sheet import --db "$T/s2.sqlite" --juror chair "$T/sheet.json" >/dev/null 2>&1; then
	ok "sheet export -o -: a sheet the chair imports"
else
	not_ok "sheet export -o -: a sheet the chair imports" "$(cat "$T/err")"
fi
# The folders -o - writes in go to a TMPDIR of this test's own, so that
# anything left in one is seen (a secret key copied beside the pack was).
mkdir "$T/tmp"
TMPDIR="$T/tmp" mw pack --db "$S" --juror chair --for misoc -o - >"$T/pack.sqlite" 2>"$T/err"
if [ "$(sqlite3 "$T/pack.sqlite" "PRAGMA integrity_check")" = ok ]; then
	ok "pack -o -: the juror's pack on standard output"
else
	not_ok "pack -o -: the juror's pack on standard output" "$(cat "$T/err")"
fi
grep -qF "$S.keys/misoc.key" "$T/err" && ok "pack -o -: the chair is told which key file to give with it" ||
	not_ok "pack -o -: the chair is told which key file to give with it" "$(cat "$T/err")"
TMPDIR="$T/tmp" mw sheet export --db "$S" --juror misoc -o - >/dev/null 2>&1
[ ! -e "$T/cwd/-" ] && ok "no file named '-' anywhere" || not_ok "no file named '-' anywhere"
leftover=$(find "$T/tmp" -mindepth 1 2>/dev/null)
[ -z "$leftover" ] && ok "no temporary file or folder left behind, no key among them" || not_ok "no temporary file or folder left behind, no key among them" "$leftover"

# Reading creates nothing: no edition at the default path, no folders.
run list dossiers
expect_status 1 "no edition at the default path: refused"
if [ ! -e "$XDG_DATA_HOME" ] && [ ! -e "$XDG_CONFIG_HOME" ]; then
	ok "a command that reads created no folder"
else
	not_ok "a command that reads created no folder" "$(find "$T/xdg-data" "$T/xdg-config" 2>/dev/null)"
fi
run ranking --juror chair
[ ! -e "$XDG_DATA_HOME" ] && ok "nor does the ranking" || not_ok "nor does the ranking"
run init --preset emtiaz --edition T --year 2019
expect_status 0 "init at the default path"
[ -f "$XDG_DATA_HOME/mudawala/edition.sqlite" ] && ok "makes its folders" || not_ok "makes its folders"
done_testing
