#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Trust from the command line: roles and phases, conflicts declared during
# the work, the chair's lock and its seal, tampering after the lock, and
# backups.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
export MUDAWALA_PASSPHRASE=demo

# Phases: only the chair, and going back needs a reason.
run phase --db "$DB" deliberation
expect_status 2 "a phase change needs to know who acts"
run phase --db "$DB" --juror hg deliberation
expect_status 1 "a member cannot change the phase"
expect_err "only the chair changes the phase; 'hg' has the role 'member'" "naming the role needed"
run phase --db "$DB" --juror chair setup
expect_status 2 "going back needs a reason"
expect_err "going back from phase 'scoring' to 'setup' needs a written reason (--reason)" "saying so"
run phase --db "$DB" --juror chair setup --reason "Un critère mal libellé"
expect_status 0 "with a reason the chair reopens the setup"
run audit --db "$DB" --format csv
expect_out "phase=setup from=scoring reason=Un critère mal libellé" "the reason is in the audit log"
run phase --db "$DB" --juror chair scoring
expect_status 0 "and opens the scoring again"
if have_sqlite3; then
	cp "$DB" "$T/frozen.sqlite"
	# Past the journal's trigger too: the freeze is the file's own.
	if sqlite3 "$T/frozen.sqlite" "DROP TRIGGER criterion_journal_update; UPDATE criterion SET weight = 2 WHERE id = 'qualite'" 2>"$T/err"; then
		not_ok "weights are frozen once scoring opens, whatever program writes"
	else
		grep -q "frozen once scoring opens" "$T/err" && ok "weights are frozen once scoring opens, whatever program writes" || not_ok "weights are frozen once scoring opens, whatever program writes" "$(cat "$T/err")"
	fi
fi

# Conflicts declared during the work.
run abstain --db "$DB" --juror mic --dossier D12 --reason "Ancien directeur du projet"
expect_status 0 "a juror abstains"
run score --db "$DB" --juror mic --dossier D12 --criterion qualite 12
expect_status 1 "and can no longer score the dossier"
expect_err "has a declared conflict of interest with dossier 'D12'" "saying why"
run abstain --db "$DB" --juror mic --dossier D12 --reason "encore"
expect_status 1 "abstaining twice is refused"
run abstain --db "$DB" --juror mic --dossier D13 --reason " "
expect_status 1 "an abstention needs a reason"
run recuse --db "$DB" --juror hg --member apebi --dossier D01 --reason "x"
expect_status 1 "only the chair recuses"
expect_err "only the chair recuses a juror; 'hg' has the role 'member'" "naming the role needed"
# The totals, on a copy opened for deliberation (during scoring they
# are nobody's to see).
peek_ranking() {
	rm -f "$T/peek.sqlite"
	cp "$DB" "$T/peek.sqlite"
	mw phase --db "$T/peek.sqlite" --juror chair --key "$DB.keys/chair.key" deliberation >/dev/null
	run ranking --db "$T/peek.sqlite" --category "$1" --format csv
}
peek_ranking e-demarche
expect_out "e-demarche,1,D01,Dépôt électronique des factures,85.25,5," "D01 has five totals"
run recuse --db "$DB" --juror chair --member apebi --dossier D01 --reason "Partenaire du projet"
expect_status 0 "the chair recuses a member"
peek_ranking e-demarche
expect_out ",D01,Dépôt électronique des factures,86.56,4," "a recused member's scores no longer count"
run progress --db "$DB" --juror chair --category e-demarche --format csv
expect_out "apebi,Omar Berrada,member,e-demarche,11," "the recused dossier leaves the member's list"
run audit --db "$DB" --format csv
expect_out "chair,recuse,juror=apebi dossier=D01" "the recusal is in the audit log"
expect_out "mic,abstain,juror=mic dossier=D12" "and the abstention"

mw score --db "$DB" --juror misoc --dossier D11 --criterion qualite 16 >/dev/null
run recuse --db "$DB" --juror chair --member mic --dossier D11 --reason "Conseiller du projet"
expect_status 0 "the chair recuses another member"

# In deliberation a conflicted juror still does not see the dossier's score.
mw phase --db "$DB" --juror chair deliberation >/dev/null
run ranking --db "$DB" --juror apebi --category e-demarche --format csv
expect_out "e-demarche,1,D01,Dépôt électronique des factures,,4,,,conflict" "a recused member sees no score of the dossier"
expect_out "e-demarche,2,D02," "but sees the others"
run ranking --db "$DB" --juror apebi --category e-demarche --format json
expect_out '"flags":["conflict"]' "in JSON too"
run history --db "$DB" --juror chair --dossier D11 --format csv
expect_out "D11,misoc,qualite,12,16," "the chair sees how misoc's score moved"
run history --db "$DB" --juror mic --dossier D11 --format csv
n=$(grep -c ',misoc,' "$T/out" || :)
[ "$n" = 0 ] && ok "a recused member does not" || not_ok "a recused member does not" "$n"

# The lock.
run lock --db "$DB" --juror chair
expect_status 1 "no lock while categories are undecided"
expect_err "not every category is decided: e-demarche/excellence" "naming what is undecided"
decide_none "$DB"
run lock --db "$DB" --juror hg
expect_status 1 "a member cannot lock"
expect_err "only the chair locks the edition; 'hg' has the role 'member'" "naming the role needed"
start=$(date +%s)
MUDAWALA_PASSPHRASE=wrong run lock --db "$DB" --juror chair
end=$(date +%s)
expect_status 1 "a wrong passphrase is refused"
expect_err "wrong passphrase" "saying so"
[ $((end - start)) -ge 1 ] && ok "after a short delay" || not_ok "after a short delay" "$((end - start)) s"
run lock --db "$DB" --juror chair --key "$DB.keys/hg.key"
expect_status 1 "another member's key does not lock"
run lock --db "$DB" --juror chair
expect_status 0 "the chair locks"
expect_out "locked and sealed" "and is told so"
run audit --db "$DB" --verify
expect_status 0 "a locked edition verifies"
expect_out "Locked: the seal is self-consistent, but checked only against the key stored in this file" "without the published key, it says what it could not check"
run pubkey --db "$DB" --juror chair -o "$T/chair.pub"
expect_status 0 "the chair's public key, to publish"
[ "$(stat -c %a "$T/chair.pub")" = 644 ] && ok "readable by all (0644)" || not_ok "readable by all (0644)" "$(stat -c %a "$T/chair.pub")"
run audit --db "$DB" --verify -p "$T/chair.pub"
expect_out "Locked: the seal matches the deliberation data and carries the chair's signature" "with the published key, the seal is the chair's"

# Nothing changes after the lock, whichever way.
run score --db "$DB" --juror hg --dossier D11 --criterion qualite 12
expect_status 1 "no score after the lock"
run award --db "$DB" --juror chair --category e-demarche --prize merit --dossier D02 --rationale "x"
expect_status 1 "no decision after the lock"
run phase --db "$DB" --juror chair deliberation --reason "x"
expect_status 1 "no phase change after the lock"
expect_err "the edition is locked" "saying why"
run config --db "$DB" --juror chair corridor 10
expect_status 1 "no setting after the lock"
run abstain --db "$DB" --juror hg --dossier D02 --reason "x"
expect_status 1 "no conflict after the lock"
run import conflicts --db "$DB" --juror chair "$MUDAWALA_SRCDIR/tests/fixtures/conflicts-small.csv"
expect_status 1 "no import after the lock"
if have_sqlite3; then
	for sql in "UPDATE score SET value = 20 WHERE juror_id = 'hg' AND dossier_id = 'D03' AND criterion_id = 'qualite'" \
		"DELETE FROM decision" "INSERT INTO submission VALUES ('hg', 'D12', 't')" \
		"UPDATE edition SET phase = 'deliberation'" "DELETE FROM seal" \
		"UPDATE juror SET public_key = 'x' WHERE id = 'chair'" "DELETE FROM audit WHERE seq = 1"; do
		cp "$DB" "$T/t.sqlite"
		# The journal's triggers dropped: the lock's refuse it.
		guards=$(sqlite3 "$T/t.sqlite" "SELECT group_concat('DROP TRIGGER ' || name, '; ') FROM sqlite_schema WHERE type = 'trigger' AND name GLOB '*_journal_*'")
		if sqlite3 "$T/t.sqlite" "BEGIN; $guards; $sql; COMMIT" 2>/dev/null; then
			not_ok "refused by the file itself: $sql"
		else
			ok "refused by the file itself: $sql"
		fi
	done
	# Tampering that goes around the triggers shows.
	cp "$DB" "$T/t.sqlite"
	sqlite3 "$T/t.sqlite" "DROP TRIGGER score_locked_update; DROP TRIGGER score_journal_update; DROP TRIGGER score_history_update; DROP TRIGGER score_history_spill; UPDATE score SET value = 20 WHERE juror_id = 'hg' AND dossier_id = 'D03' AND criterion_id = 'qualite'"
	run audit --db "$T/t.sqlite" --verify
	expect_status 1 "a score changed after the lock is detected"
	expect_err "the contents of table score do not match" "and named"
	cp "$DB" "$T/t.sqlite"
	sqlite3 "$T/t.sqlite" "DROP TRIGGER seal_no_delete; DROP TRIGGER seal_journal_delete; DELETE FROM seal"
	run audit --db "$T/t.sqlite" --verify
	expect_status 1 "a seal removed is detected"
fi

# A busy file: another program holds the write lock longer than
# mudawala waits (5 s); a clear message, nothing changed.
if have_sqlite3; then
	"$MUDAWALA_BIN" demo --db "$T/busy.sqlite" >/dev/null
	(echo "BEGIN IMMEDIATE; INSERT INTO administration VALUES ('verrou');"; sleep 8) | sqlite3 "$T/busy.sqlite" >/dev/null 2>&1 &
	holder=$!
	sleep 0.5
	run score --db "$T/busy.sqlite" --juror misoc --dossier D11 --criterion qualite 13
	expect_status 1 "a file another program is writing is refused"
	expect_err "busy (another program is writing to it); try again" "with a clear message"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	n=$(sqlite3 "$T/busy.sqlite" "SELECT value FROM score WHERE juror_id = 'misoc' AND dossier_id = 'D11' AND criterion_id = 'qualite'")
	[ "$n" = 12.0 ] && ok "and the score is as it was" || not_ok "and the score is as it was" "$n"
fi

# Backups.
run backup --db "$DB" -o "$T/copy.sqlite"
expect_status 0 "a backup"
run audit --db "$T/copy.sqlite" --verify
expect_status 0 "the copy verifies, seal included"
run backup --db "$DB" -o "$T/copy.sqlite"
expect_status 1 "a backup never replaces a file"
n=$(ls "$T" | grep -c 'copy.sqlite.tmp' || :)
[ "$n" = 0 ] && ok "no temporary file is left" || not_ok "no temporary file is left" "$(ls "$T")"
if have_sqlite3; then
	cp "$T/copy.sqlite" "$T/broken.sqlite"
	rm -f "$T/broken.sqlite-wal" "$T/broken.sqlite-shm"
	# Damage a page in the middle of the file.
	size=$(wc -c <"$T/broken.sqlite")
	dd if=/dev/urandom of="$T/broken.sqlite" bs=4096 seek=$((size / 4096 / 2)) count=1 conv=notrunc 2>/dev/null
	# The whole file is read where it protects something (damage.sh).
	run audit --db "$T/broken.sqlite" --verify
	expect_status 1 "a damaged file is refused"
	expect_err "mudawala backup" "with advice to restore a backup"
fi
done_testing
