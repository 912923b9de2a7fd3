#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# score, submit, phase from the command line, and the ranking they make.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/e.sqlite"
F="$SRC/tests/fixtures"
m() { "$MUDAWALA_BIN" "$@" >/dev/null; }

m init --db "$DB" --preset emtiaz --edition T --year 2019
m import dossiers --db "$DB" "$F/dossiers-mixed.csv"
m import jurors --db "$DB" "$F/jurors-small.csv"
m import conflicts --db "$DB" "$F/conflicts-small.csv"

run score --db "$DB" --juror j1 --dossier T1 --criterion qualite 15
expect_status 1 "no scores before the scoring phase"
expect_err "only during the scoring phase" "says which phase"

run phase --juror chair --db "$DB" scoring
expect_status 0 "the chair opens scoring"
expect_out "now in phase scoring" "and is told so"
run phase --juror chair --db "$DB" locked
expect_status 2 "phase accepts only setup, scoring, deliberation"

run score --db "$DB" --juror j1 --dossier T1 --criterion qualite 21
expect_status 1 "a score above the scale is refused"
expect_err "criterion 'qualite' is scored from 0 to 20; 21 is outside the scale" "with the scale"
run score --db "$DB" --juror j1 --dossier T1 --criterion qualite -- -1
expect_status 1 "a negative score is refused"
run score --db "$DB" --juror j1 --dossier T1 --criterion qualite douze
expect_status 2 "a score must be a number"
run score --db "$DB" --juror zz --dossier T1 --criterion qualite 3
expect_err "unknown juror 'zz'" "unknown juror"
run score --db "$DB" --juror j1 --dossier T9 --criterion qualite 3
expect_err "unknown dossier 'T9'" "unknown dossier"
run score --db "$DB" --juror j1 --dossier T1 --criterion beauty 3
expect_err "unknown criterion 'beauty' (known: interet-general, qualite, rendement, realisation)" "unknown criterion"
run score --db "$DB" --juror j2 --dossier T1 --criterion qualite 3
expect_status 1 "a conflicted juror cannot score"
expect_err "conflict of interest" "and is told why"
run score --db "$DB" --juror j1 --dossier T3 --criterion qualite 3
expect_status 1 "a conflict by administration counts too"
run score --db "$DB" --dossier T1 --criterion qualite 3
expect_status 2 "score needs --juror"

# j1: T1 = (12, 16, 10, 14) -> 65; chair: T1 = (20, 20, 20, 20) -> 100.
for c in interet-general:12 qualite:16 rendement:10 realisation:14; do
	run score --db "$DB" --juror j1 --dossier T1 --criterion "${c%%:*}" "${c#*:}" --comment "Avis sur ${c%%:*} : très clair"
	expect_status 0 "j1 scores T1 on ${c%%:*}"
done
run submit --db "$DB" --juror chair --dossier T1
expect_status 1 "submitting with criteria missing is refused"
expect_err "missing: Intérêt général du téléservice, Qualité des services fournis aux usagers, Amélioration du rendement administratif, Réalisation et gestion du service candidat" "listing them"
for c in interet-general qualite rendement realisation; do
	MUDAWALA_JUROR=chair run score --db "$DB" --dossier T1 --criterion $c 20
done
expect_status 0 "MUDAWALA_JUROR names the juror"

run ranking --db "$DB" --category e-demarche --format csv
expect_status 1 "during scoring the ranking is not shown to nobody in particular"

run submit --db "$DB" --juror j1 --dossier T1
expect_status 0 "j1 submits T1"
expect_out "Submitted dossier T1" "and is told so"
run submit --db "$DB" --juror j1 --dossier T1
expect_status 0 "submitting again is harmless"
expect_out "already submitted" "and says so"
run score --db "$DB" --juror j1 --dossier T1 --criterion qualite 3
expect_status 1 "a submitted score no longer changes"
run submit --db "$DB" --juror chair --dossier T1

run phase --juror chair --db "$DB" deliberation
expect_status 0 "the chair opens deliberation"
run ranking --db "$DB" --category e-demarche --format csv
expect_golden scoring-ranking.csv "mean 82.50 of totals 65 and 100, stddev 17.50"
run score --db "$DB" --juror j1 --dossier T2 --criterion qualite 3
expect_status 1 "no scoring during deliberation"
run audit --db "$DB" --verify
expect_status 0 "every change is in the audit chain"
run audit --db "$DB" --format csv
expect_out "j1,score,juror=j1 dossier=T1 criterion=qualite value=16 comment" "the audit log names who scored what"
done_testing
