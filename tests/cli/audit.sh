#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mudawala audit: the log, and edits made with sqlite3 caught by --verify.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null

run audit --db "$DB"
expect_status 0 "audit lists the log"
expect_out "import-dossiers" "with each change"
run audit --db "$DB" --format csv
# The hashes differ per edition (each has its own random id): compare the
# rest, and check that each hash is 64 hex digits.
cut -d, -f1-5 "$T/out" >"$T/log"
if diff -u "$SRC/tests/golden/demo-audit.csv" "$T/log" >"$T/diff"; then
	ok "the demo's log, stable"
else
	not_ok "the demo's log, stable" "$(head -20 "$T/diff")"
fi
bad=$(awk -F, 'NR > 1 && (length($6) != 64 || $6 ~ /[^0-9a-f]/)' "$T/out" | wc -l)
[ "$bad" -eq 0 ] && ok "each row carries its hash" || not_ok "each row carries its hash"
run audit --db "$DB" --verify
expect_status 0 "a sound file verifies"
expect_out "13 rows checked" "saying how many rows"

if ! have_sqlite3; then
	ok "# SKIP sqlite3 shell not installed"
	done_testing
	exit
fi

tamper() {
	cp "$DB" "$T/t.sqlite"
	sqlite3 "$T/t.sqlite" "$1" 2>"$T/sqlite.err"
	run audit --db "$T/t.sqlite" --verify
	expect_status 1 "$2: detected"
	expect_err "$3" "$2: named"
}
# As another program would: past the triggers, made again after.
tamper_outside() {
	cp "$DB" "$T/t.sqlite"
	outside_sql "$T/t.sqlite" "$1"
	run audit --db "$T/t.sqlite" --verify
	expect_status 1 "$2: detected"
	expect_err "$3" "$2: named"
}

# The file itself refuses a change that mudawala does not journal.
cp "$DB" "$T/t.sqlite"
if sqlite3 "$T/t.sqlite" "UPDATE score SET value = 20 WHERE juror_id = 'hg' AND dossier_id = 'D03' AND criterion_id = 'qualite'" 2>"$T/sqlite.err"; then
	not_ok "a score changed with sqlite3 is refused by the file"
else
	ok "a score changed with sqlite3 is refused by the file"
fi
grep -q "mudawala_journaled" "$T/sqlite.err" && ok "by its journal trigger" || not_ok "by its journal trigger"
run audit --db "$T/t.sqlite" --verify
expect_status 0 "the refused change left the file as it was"
if sqlite3 "$T/t.sqlite" "DROP TRIGGER score_journal_update; UPDATE score SET value = 20 WHERE juror_id = 'hg' AND dossier_id = 'D03' AND criterion_id = 'qualite'" 2>/dev/null; then
	not_ok "one journal trigger dropped is not enough: the history's are there"
else
	ok "one journal trigger dropped is not enough: the history's are there"
fi

tamper_outside "UPDATE score SET value = 20 WHERE juror_id = 'hg' AND dossier_id = 'D03' AND criterion_id = 'qualite'" \
	"a score changed past the triggers" "the contents of table score do not match"
tamper "DROP TRIGGER score_journal_update; DROP TRIGGER score_history_update; DROP TRIGGER score_history_spill; UPDATE score SET value = 20 WHERE juror_id = 'hg' AND dossier_id = 'D03' AND criterion_id = 'qualite'" \
	"a score changed after dropping the triggers" "the contents of table score do not match"
tamper_outside "UPDATE score SET comment = 'changed' WHERE juror_id = 'chair' AND dossier_id = 'D01' AND criterion_id = 'qualite'" \
	"a comment changed" "table score"
tamper_outside "DELETE FROM submission WHERE dossier_id = 'D05'" \
	"submissions deleted" "table submission"
tamper "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'someone' WHERE seq = 2" \
	"an audit row edited" "audit row 2: its content does not match its hash"
tamper "DROP TRIGGER audit_no_update; UPDATE audit SET digests = zeroblob(33) WHERE seq = (SELECT max(seq) FROM audit)" \
	"the digests of the last audit row edited" "its content does not match its hash"
tamper "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 3" \
	"an audit row deleted from the middle" "audit row 3: missing"
tamper "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)" \
	"the last audit row cut off" "do not match"

# A trigger dropped or neutered, an object added: no write, and named.
cp "$DB" "$T/t.sqlite"
sqlite3 "$T/t.sqlite" "DROP TRIGGER score_journal_update"
run score --db "$T/t.sqlite" --key "$DB.keys/misoc.key" --juror misoc --dossier D11 --criterion qualite 3
expect_status 1 "a file whose journal trigger was dropped takes no write"
expect_err "trigger score_journal_update is missing" "naming the trigger"
cp "$DB" "$T/t.sqlite"
sqlite3 "$T/t.sqlite" "DROP TRIGGER score_locked_update; CREATE TRIGGER score_locked_update BEFORE UPDATE ON score WHEN 0 BEGIN SELECT 1; END; CREATE TABLE notes (x)"
run audit --db "$T/t.sqlite" --verify
expect_status 1 "a neutered lock trigger: detected"
expect_err "trigger score_locked_update is altered" "a neutered lock trigger: named"
expect_err "table notes is unknown to mudawala" "an unknown table: named"
cp "$DB" "$T/t.sqlite"
sqlite3 "$T/t.sqlite" "DROP TABLE dossier_search; CREATE VIRTUAL TABLE dossier_search USING fts5(folded)"
run audit --db "$T/t.sqlite" --verify
expect_err "table dossier_search is altered" "a changed search index: named"

cp "$DB" "$T/t.sqlite"
if sqlite3 "$T/t.sqlite" "UPDATE juror SET name = 'X' WHERE id = 'hg'" 2>/dev/null; then
	not_ok "a member renamed with sqlite3 is refused by the file"
else
	ok "a member renamed with sqlite3 is refused by the file"
fi
done_testing
