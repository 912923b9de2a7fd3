#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A damaged edition file: opening reads no more than the schema (a score
# costs the same at any size), a damaged page is found where it is read
# and never written over, and the whole file is checked where that
# protects something -- an export, a lock, a backup, a pack, the
# verification -- and at open after an unclean shutdown.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
if ! have_sqlite3; then
	skip "damaged files are made with sqlite3, which is not installed"
	done_testing
fi
export MUDAWALA_PASSPHRASE=demo
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
# One write first: the file is in WAL mode from then on.
mw score --db "$DB" --juror hg --dossier D12 --criterion qualite 12 >/dev/null

# copy NAME: a copy of the edition, its keys beside it.
copy() {
	rm -rf "$T/$1" "$T/$1.keys" "$T/$1-wal" "$T/$1-shm"
	cp "$DB" "$T/$1"
	cp -r "$DB.keys" "$T/$1.keys"
}
# page_of FILE OBJECT: the first page of a table or index.
page_of() {
	sqlite3 -readonly "$1" "SELECT min(pageno) FROM dbstat WHERE name = '$2'"
}
# damage FILE PAGE: random bytes over the page, kept in FILE.page.
damage() {
	dd if=/dev/urandom of="$1.page" bs=4096 count=1 2>/dev/null
	dd if="$1.page" of="$1" bs=4096 seek=$(($2 - 1)) count=1 conv=notrunc 2>/dev/null
}
# intact FILE PAGE: the damaged page still holds what damage() wrote.
intact() {
	dd if="$1" bs=4096 skip=$(($2 - 1)) count=1 2>/dev/null | cmp -s - "$1.page"
}
advice="Restore the latest copy made with 'mudawala backup'"

# A page that a command reads: refused, with the advice.
copy juror.sqlite
damage "$T/juror.sqlite" "$(page_of "$T/juror.sqlite" juror)"
run list jurors --db "$T/juror.sqlite"
expect_status 1 "a command that reads a damaged page is refused"
expect_err "$advice" "with the advice to restore a backup"

# A page that a score does not read: the score is saved without reading
# the whole file, and the damaged page is left as it was.
copy index.sqlite
page=$(page_of "$T/index.sqlite" dossier_by_title_ar)
damage "$T/index.sqlite" "$page"
run score --db "$T/index.sqlite" --juror hg --dossier D12 --criterion qualite 15
expect_status 0 "a score is saved without checking the whole file first"
run history --db "$T/index.sqlite" --juror hg --dossier D12 --format csv
expect_out "qualite,12,15" "and reads back"
intact "$T/index.sqlite" "$page" && ok "the damaged page is never written over" ||
	not_ok "the damaged page is never written over"
run export --db "$T/index.sqlite" --format csv -o "$T/results.csv"
expect_status 1 "an export checks the whole file first"
expect_err "the edition file is damaged" "and says it is damaged"
[ ! -e "$T/results.csv" ] && ok "no export is written" || not_ok "no export is written"
run backup --db "$T/index.sqlite" -o "$T/copy.sqlite"
expect_status 1 "a backup of a damaged file is refused"
[ ! -e "$T/copy.sqlite" ] && ok "no backup is written" || not_ok "no backup is written"
run audit --db "$T/index.sqlite" --verify
expect_status 1 "the verification finds the damage"
expect_err "Page $page" "naming the page"
run pack --db "$T/index.sqlite" --juror chair --for hg -o "$T/hg-pack.sqlite"
expect_status 1 "a juror's pack is never made from a damaged file"
expect_err "$advice" "with the advice to restore a backup"
run phase --db "$T/index.sqlite" --juror chair deliberation
expect_status 0 "the deliberation opens"
# Every prize decided (no award), so that only the damage stands in the
# lock's way.
decide_none "$T/index.sqlite"
run lock --db "$T/index.sqlite" --juror chair
expect_status 1 "a damaged file is never sealed"
expect_err "$advice" "with the advice to restore a backup"
intact "$T/index.sqlite" "$page" && ok "the damaged page is still as it was" ||
	not_ok "the damaged page is still as it was"

# An unclean shutdown: a program writes while another holds the file, then
# the holder is killed, leaving the write in the WAL.  The next program to
# open it recovers the WAL and checks the whole file before anything else.
copy crash.sqlite
page=$(page_of "$T/crash.sqlite" dossier_by_title_ar)
mkfifo "$T/hold"
sqlite3 "$T/crash.sqlite" <"$T/hold" >/dev/null 2>&1 &
holder=$!
exec 3>"$T/hold"
echo "SELECT count(*) FROM juror;" >&3
sleep 0.2
mw score --db "$T/crash.sqlite" --juror hg --dossier D12 --criterion qualite 16 >/dev/null
kill -9 $holder
wait $holder 2>/dev/null
exec 3>&-
[ -s "$T/crash.sqlite-wal" ] && ok "the killed holder leaves the WAL behind" ||
	not_ok "the killed holder leaves the WAL behind"
damage "$T/crash.sqlite" "$page"
run score --db "$T/crash.sqlite" --juror hg --dossier D12 --criterion qualite 17
expect_status 1 "after an unclean shutdown, opening checks the whole file"
expect_err "$advice" "and refuses a damaged one with the advice"
intact "$T/crash.sqlite" "$page" && ok "leaving the damaged page as it was" ||
	not_ok "leaving the damaged page as it was"
# The WAL is folded in on closing (what it held was committed): the next
# open is a clean one, and the damage is found where it matters.
run export --db "$T/crash.sqlite" --format csv -o "$T/crash.csv"
expect_status 1 "the damage is still found before an export"
done_testing
