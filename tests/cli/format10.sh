#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Editions written by the program of file format 10 (kept as fixtures:
# one in scoring, whose member changed a score twice, one locked): the
# upgrade to format 11 moves no datum, the seal still holds, a score's
# history reads the same and goes on, and every save after it writes its
# row and its audit row only (the digests in the log, the journal in
# memory).
. "$MUDAWALA_SRCDIR/tests/lib.sh"
export MUDAWALA_PASSPHRASE=demo
F="$MUDAWALA_SRCDIR/tests/fixtures"
L="$T/locked.sqlite"
S="$T/scoring.sqlite"
cp "$F/format10-locked.sqlite" "$L"
cp "$F/format10-scoring.sqlite" "$S"
chmod u+w "$L" "$S"
K="$T/J0002.key"
cp "$F/format10-J0002.key" "$K"
chmod 600 "$K"

# A locked edition: read as it is, it asks for the upgrade.
run audit --db "$L" --verify
expect_status 1 "a locked edition of format 10 is not read as it is"
expect_err "open it for writing once" "saying how to upgrade it"
# Any command that writes upgrades it, even one the lock then refuses.
run score --db "$L" --juror J0002 --key "$K" --dossier D000002 --criterion qualite 4
expect_status 1 "a score is still refused after the lock"
run audit --db "$L" --verify
expect_status 0 "the upgraded locked edition verifies"
expect_out "Locked: the seal is self-consistent" "its seal still matches the deliberation data"
run audit --db "$L" --format csv
expect_out "mudawala,migrate,file format 10 -> 11" "the upgrade is in the log"
if have_sqlite3; then
	n=$(sqlite3 "$L" "SELECT count(*) FROM sqlite_schema WHERE name IN ('digest', 'pending')")
	[ "$n" = 0 ] && ok "no digest or pending table is left" || not_ok "no digest or pending table is left" "$n"
	n=$(sqlite3 "$L" "SELECT length(digests) FROM audit ORDER BY seq DESC LIMIT 1")
	[ "$n" -gt 800 ] && ok "the upgrade's row carries the digest of every table" || not_ok "the upgrade's row carries the digest of every table" "$n bytes"
fi

# An edition in scoring: upgraded by the next save, its history read
# across the upgrade.
for v in 8 9 10 11 12 13 14 15 16 17 18; do
	mw score --db "$S" --juror J0002 --key "$K" --dossier D000002 --criterion qualite $v >/dev/null 2>"$T/err" ||
		not_ok "score $v after the upgrade" "$(cat "$T/err")"
done
run history --db "$S" --juror J0002 --key "$K" --dossier D000002 --format csv
n=$(grep -c '^D000002,J0002,qualite,' "$T/out")
expect_out "D000002,J0002,qualite,3,5," "its first change, before the upgrade"
expect_out "D000002,J0002,qualite,5,7," "and its second"
[ "$n" = 13 ] && ok "the history holds the two changes before the upgrade and the eleven after" || not_ok "the history holds 13 changes" "$n"
awk -F, 'NR > 1 { if (prev != "" && $4 != prev) bad = 1; prev = $5 } END { exit bad }' "$T/out" &&
	ok "in order: each change starts where the last ended" || not_ok "in order" "$(cat "$T/out")"
expect_out "D000002,J0002,qualite,7,8," "the first after the upgrade follows the last before"
expect_out "D000002,J0002,qualite,17,18," "and the last is there"
run history --db "$S" --juror J0002 --key "$K" --dossier D000002 --format json
expect_out '"from":17.0,"to":18.0' "in JSON, as numbers"
run audit --db "$S" --verify
expect_status 0 "the edition verifies after the saves"
if have_sqlite3; then
	# The progress's counts, made by the upgrade and kept since.
	want=$(sqlite3 "$S" "SELECT group_concat(c.id || ',' || (SELECT count(*) FROM submission b JOIN dossier d ON d.id = b.dossier_id WHERE b.juror_id = 'J0002' AND d.category_id = c.id AND d.status = 'admitted'), ' ') FROM (SELECT id FROM category ORDER BY position) c")
	run progress --db "$S" --juror J0002 --key "$K" --format csv
	have=$(awk -F, 'NR > 1 { printf "%s%s,%s", sep, $4, $7; sep = " " }' "$T/out")
	[ "$have" = "$want" ] && ok "the progress counts the submissions of the upgraded edition" || not_ok "the progress counts the submissions" "have: $have; want: $want"
fi
if have_sqlite3; then
	# Eight changes stay in the score's row; the ninth moved them.
	n=$(sqlite3 "$S" "SELECT count(*) FROM score_history WHERE earlier <> ''")
	[ "$n" = 1 ] && ok "nine changes moved to score_history at once" || not_ok "nine changes moved to score_history at once" "$n"
	n=$(sqlite3 "$S" "SELECT length(history) - length(replace(history, ';', '')) FROM score WHERE juror_id = 'J0002' AND dossier_id = 'D000002' AND criterion_id = 'qualite'")
	[ "$n" = 2 ] && ok "the two since are in the score's row" || not_ok "the two since are in the score's row" "$n"
	# An outside program that wipes them, past the triggers, is found.
	cp "$S" "$T/t.sqlite"
	outside_sql "$T/t.sqlite" "UPDATE score SET history = '' WHERE history <> ''"
	run audit --db "$T/t.sqlite" --verify
	expect_status 1 "a score's history wiped outside mudawala is detected"
	expect_err "the contents of table score do not match" "naming the table"
	cp "$S" "$T/t.sqlite"
	outside_sql "$T/t.sqlite" "DROP TRIGGER score_history_no_update; UPDATE score_history SET earlier = '' WHERE earlier <> ''"
	run audit --db "$T/t.sqlite" --verify
	expect_err "the contents of table score_history do not match" "the moved history wiped: detected and named"
fi
done_testing
