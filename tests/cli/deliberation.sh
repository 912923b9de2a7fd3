#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The deliberation from the command line: methods side by side, the
# agenda, progress, score history, the chair's settings, casting votes,
# the quorum, and a file of format 1 brought up to date.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
OPEN="$T/open.sqlite"
demo_deliberation "$OPEN"

# Methods (in deliberation, where every juror's totals are open).
run ranking --db "$OPEN" --category e-demarche --method median --format csv
expect_status 0 "ranking by median"
expect_out "e-demarche,3,D07," "the median reorders D04 and D07"
run ranking --db "$OPEN" --method average
expect_status 2 "an unknown method is a usage error"
expect_err "--method: expected mean, median, trimmed, zscore, schulze or copeland, found 'average'" "listing the methods"
run ranking --db "$OPEN" --method trimmed --category e-demarche --format csv
expect_status 0 "trimmed ranks what it can when a dossier has fewer than 5 totals"
expect_err "dossiers with fewer (such as D10, with 4) are shown after the others, without a rank" "naming the dossier and why"
expect_out "e-demarche,,D10,Certificat de résidence électronique,,4," "D10 has no rank and no trimmed score"
if grep -q ",D10,.*,few$" "$T/out" && awk -F, 'NR > 1 { if ($NF == "few" || $NF == "unscored") f = 1; else if (f) bad = 1 } END { exit bad }' "$T/out"; then
	ok "it comes after the ranked dossiers, flagged few"
else
	not_ok "it comes after the ranked dossiers, flagged few" "$(cat "$T/out")"
fi
run ranking --db "$OPEN" --category e-demarche --compare-methods --format csv
expect_status 0 "methods side by side"
expect_out "category,dossier,title,mean,median,trimmed,zscore,schulze,copeland,flags" "one column per method"
expect_out "e-demarche,D10,Certificat de résidence électronique,9,9,,8,7,7," "a rank per method, none where trimmed does not apply"
expect_err "trimmed: the trimmed mean needs at least 5 jurors' totals per dossier" "and why"
run ranking --db "$OPEN" --compare-methods --method median
expect_status 2 "--compare-methods takes no --method"
run ranking --db "$OPEN" --category e-demarche --compare-methods
expect_out "Median" "the table names the methods"

# Progress: the chair sees everyone, a member only themselves.
run progress --db "$DB" --juror chair --format csv
expect_status 0 "the chair's progress view"
n=$(grep -c '^' "$T/out")
[ "$n" = 29 ] && ok "7 jurors x 4 categories" || not_ok "7 jurors x 4 categories" "$n lines"
expect_out "misoc,Salma Idrissi,member,e-demarche,12,10,9" "misoc: D11 drafted, not submitted; D10, D12 not scored"
run progress --db "$DB" --juror hg --format csv
n=$(grep -c '^hg,' "$T/out"); m=$(grep -c '^' "$T/out")
[ "$n" = 4 ] && [ "$m" = 5 ] && ok "a member sees only their own progress" || not_ok "a member sees only their own progress" "$n of $m"
run progress --db "$DB"
expect_status 2 "progress needs --juror"

# History: every change of a score is kept.
run score --db "$DB" --juror misoc --dossier D11 --criterion qualite 16
expect_status 0 "a draft score changes"
run score --db "$DB" --juror misoc --dossier D11 --criterion qualite 17
run history --db "$DB" --juror misoc --dossier D11 --format csv
expect_status 0 "history of one's own scores during scoring"
expect_out "D11,misoc,qualite,12,16," "from 12 to 16"
expect_out "D11,misoc,qualite,16,17," "then to 17"
run history --db "$DB" --juror hg --dossier D11 --format csv
n=$(grep -c 'misoc' "$T/out")
[ "$n" = 0 ] && ok "others' history is hidden during scoring" || not_ok "others' history is hidden during scoring" "$n rows"
run agenda --db "$DB"
expect_status 1 "no agenda before deliberation"
expect_err "opens with the deliberation" "saying when"

# Settings.
run config --db "$DB" --format csv
expect_out "tie-cascade,\"total,interet-general,qualite,schulze\"," "the default cascade"
run config --db "$DB" --juror hg corridor 10
expect_status 1 "a member cannot change settings"
expect_err "only the chair changes the settings; 'hg' has the role 'member'" "naming the role needed"
run config --db "$DB" --juror chair corridor 0
expect_status 2 "a corridor of 0 is refused"
expect_err "corridor: expected a number of points above 0 and at most 100, found '0'" "saying what is expected"
run config --db "$DB" --juror chair tie-cascade total,schulze
expect_status 1 "the cascade is frozen once scoring opens"
run config --db "$DB" --juror chair colour blue
expect_status 2 "an unknown setting"
run config --db "$DB" --juror chair corridor 10
expect_status 0 "the chair sets the corridor"
run config --db "$DB" --juror chair quorum 6
expect_status 0 "the chair sets the quorum"

# Deliberation.
mw phase --juror chair --db "$DB" deliberation >/dev/null
run history --db "$DB" --juror chair --dossier D11 --format csv
expect_out "D11,misoc,qualite,16,17," "the chair sees how a score moved"
run agenda --db "$DB" --format csv
expect_status 0 "the agenda"
first=$(sed -n 2p "$T/out" | cut -d, -f2)
[ "$first" = D03 ] && ok "most disputed first" || not_ok "most disputed first" "$first"
expect_out "hg:-16.50 mic:+11.00" "outliers farthest first, with their distance"
run ranking --db "$DB" --category e-demarche --format csv
expect_out "e-demarche,1,D01,Dépôt électronique des factures,85.25,5,6.91,18.75,quorum" "below the quorum of 6: flagged"
run award --db "$DB" --juror chair --category e-demarche --prize excellence --dossier D01 --rationale "Le meilleur"
expect_status 1 "a prize below the quorum is refused"
expect_err "fewer than the quorum of 6" "saying why"
run award --db "$DB" --juror chair --category e-demarche --prize excellence --dossier D01 --rationale "Le meilleur" --override-quorum "Cinq membres votants seulement"
expect_status 0 "with a written override it is recorded"
run tiebreak --db "$DB" --juror chair --category e-demarche D01
expect_status 2 "a casting decision orders at least two dossiers"
run tiebreak --db "$DB" --juror hg --category e-demarche --rationale "x" D05 D06
expect_status 1 "only the chair casts"
run tiebreak --db "$DB" --juror chair --category e-demarche --rationale "Voix du président" D06 D05
expect_status 0 "the chair records a casting decision"
run audit --db "$DB" --verify
expect_status 0 "everything is in the audit chain"

# A file written by the first release is upgraded on the first write.
cp "$MUDAWALA_SRCDIR/tests/fixtures/format1.sqlite" "$T/old.sqlite"
chmod u+w "$T/old.sqlite"
run list jurors --db "$T/old.sqlite"
expect_status 1 "a format 1 file is not silently changed by a read"
expect_err "open it for writing once to upgrade it" "with advice"
run config --db "$T/old.sqlite" --juror chair corridor 20
expect_status 0 "the first write upgrades it"
run audit --db "$T/old.sqlite" --verify
expect_status 0 "and the chain still verifies"
run audit --db "$T/old.sqlite" --format csv
expect_out "mudawala,migrate,file format 1 -> 11" "the upgrade is in the log"
done_testing
