#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# --juror is proved, not claimed: every act and every read the blind rule
# hides unlocks the member's key; the audit log names who signed what,
# and its anchor is the chair's published key.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
rows() { mw audit --db "$DB" --format csv | wc -l; }
before=$(rows)

# Acts on another member's behalf, with no passphrase or the wrong one.
run_unproved abstain --db "$DB" --juror hg --dossier D02 --reason "pas moi"
expect_status 1 "no act without the member's passphrase"
expect_err "no terminal to ask it" "saying what is missing"
MUDAWALA_PASSPHRASE=wrong run abstain --db "$DB" --juror hg --dossier D02 --reason "pas moi"
expect_status 1 "a wrong passphrase is refused"
expect_err "wrong passphrase" "saying so"
run abstain --db "$DB" --juror hg --key "$DB.keys/apebi.key" --dossier D02 --reason "pas moi"
expect_status 1 "another member's key does not act for hg"
expect_err "is not the key registered for 'hg'" "naming whose key it is not"
run_unproved phase --db "$DB" deliberation
expect_status 2 "a phase change names who acts"
expect_err "say who you are with --juror" "saying how"
run_unproved phase --db "$DB" --juror chair deliberation
expect_status 1 "and proves it"
run_unproved score --db "$DB" --juror misoc --dossier D11 --criterion qualite 20
expect_status 1 "a score too"
printf 'id,name,organisation,role,voting,public_key\nexpert1,Hassan Ouazzani,UM5,member,yes,\n' >"$T/promote.csv"
run_unproved import jurors --db "$DB" "$T/promote.csv"
expect_status 2 "an import of jurors by nobody in particular is refused"
run import jurors --db "$DB" --juror hg "$T/promote.csv"
expect_status 1 "and by a member"
run import jurors --db "$DB" --juror chair "$T/promote.csv"
expect_status 1 "during scoring, even the chair does not make an expert a voter without a reason"
expect_err "give the reason with --reason" "saying so"
[ "$(rows)" = "$before" ] && ok "none of it reached the log" || not_ok "none of it reached the log" "$before -> $(rows)"

# The blind rule, from outside.
run_unproved ranking --db "$DB" --format csv
expect_status 1 "no ranking during scoring without an identity"
run_unproved ranking --db "$DB" --juror hg --format csv
expect_status 1 "a member's own totals need their passphrase"
run ranking --db "$DB" --juror hg --format csv
expect_status 0 "with it, hg sees their own totals"
run_unproved progress --db "$DB" --juror chair
expect_status 1 "the chair's progress view needs the chair's passphrase"
run_unproved audit --db "$DB" --format csv
expect_out "hg,demo-scores,demo," "the log lists every act"
run score --db "$DB" --juror misoc --dossier D11 --criterion qualite 13 --comment "Précis"
run_unproved audit --db "$DB" --format csv
expect_out "misoc,score,hidden," "but hides the values of a score during scoring"
if grep -q "value=13" "$T/out"; then not_ok "no value leaks"; else ok "no value leaks"; fi
run audit --db "$DB" --juror misoc --format csv
expect_out "value=13" "misoc sees their own"
run export --db "$DB" --format csv --draft -o "$T/draft.csv"
expect_status 1 "no draft of the results during scoring"

run import jurors --db "$DB" --juror chair --reason "Membre désigné par le ministère" "$T/promote.csv"
expect_status 0 "with a written reason the chair does"
run audit --db "$DB" --format csv
expect_out "reason=Membre désigné par le ministère" "and the reason is in the log"

# Who signed what, and against which key.
run audit --db "$DB" --verify
expect_status 0 "the log verifies"
expect_out "Salma Idrissi: 2 acts signed and verified" "counting each member's signed acts"
expect_out "Not anchored" "without -p it says it checked only the keys in the file"
{ echo "untrusted comment: published"; mw list jurors --db "$DB" --format csv | awk -F, '$1 == "chair" {print $NF}'; } >"$T/chair.pub"
run audit --db "$DB" --verify -p "$T/chair.pub"
expect_status 0 "against the chair's published key"
expect_out "Anchored: the chair's key" "it says so"
"$MUDAWALA_BIN" demo --db "$T/other.sqlite" >/dev/null
run audit --db "$T/other.sqlite" --verify -p "$T/chair.pub"
expect_status 1 "another commission's edition is not anchored in this key"
expect_err "is not the published key" "naming the mismatch"
run audit --db "$DB" -p "$T/chair.pub"
expect_status 2 "-p goes with --verify"

# The chair's key rotated: registered under the old key's signature, then
# the new one signs; the chain stays anchored in the key published first.
MUDAWALA_PASSPHRASE=nouveau run keygen -p "$T/new-chair.pub" -s "$T/new-chair.key"
expect_status 0 "a new key for the chair"
newline=$(sed -n 2p "$T/new-chair.pub")
mw list jurors --db "$DB" --format csv | awk -F, -v k="$newline" 'BEGIN { OFS = "," } NR == 1 || $1 == "chair" { if (NR > 1) $NF = k; print }' >"$T/rotate.csv"
run import jurors --db "$DB" --juror chair --reason "Nouvelle clé de la présidente" "$T/rotate.csv"
expect_status 0 "registered by the chair, signed with the old key"
MUDAWALA_PASSPHRASE=nouveau run config --db "$DB" --juror chair --key "$T/new-chair.key" corridor 20
expect_status 0 "the new key acts"
run config --db "$DB" --juror chair corridor 21
expect_status 1 "the old one no longer does"
run audit --db "$DB" --verify -p "$T/chair.pub"
expect_status 0 "the chain verifies across the rotation"
expect_out "Anchored" "anchored in the key published first"

# What is published is readable by all; what is private, by its owner.
run pubkey --db "$DB" --juror misoc -o "$T/misoc.pub"
expect_status 0 "a member's public key, in minisign's format"
[ "$(stat -c %a "$T/misoc.pub")" = 644 ] && ok "public keys are 0644" || not_ok "public keys are 0644" "$(stat -c %a "$T/misoc.pub")"
run pubkey --db "$DB" --juror misoc -o "$T/misoc.pub"
expect_status 1 "never overwritten"
run pubkey --db "$DB" --juror misoc
expect_out "untrusted comment: mudawala public key" "or on standard output"
[ "$(stat -c %a "$DB")" = 600 ] && ok "an edition is 0600" || not_ok "an edition is 0600" "$(stat -c %a "$DB")"
run backup --db "$DB" -o "$T/copy.sqlite"
[ "$(stat -c %a "$T/copy.sqlite")" = 600 ] && ok "a backup is 0600" || not_ok "a backup is 0600" "$(stat -c %a "$T/copy.sqlite")"
chmod 644 "$DB.keys/hg.key"
run abstain --db "$DB" --juror hg --dossier D02 --reason "x"
expect_status 1 "a secret key others can read is refused"
expect_err "chmod 600 $DB.keys/hg.key" "with the command that fixes it"
chmod 600 "$DB.keys/hg.key"
done_testing
