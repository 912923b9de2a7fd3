#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mudawala award: the chair's decisions from the command line.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null

run award --db "$DB" --juror chair --category e-contenu --prize excellence --dossier D21 --rationale "Le meilleur site"
expect_status 1 "no prize before deliberation"
expect_err "during deliberation" "saying when"
mw phase --juror chair --db "$DB" deliberation >/dev/null
run award --db "$DB" --juror hg --category e-contenu --prize excellence --dossier D21 --rationale "x"
expect_status 1 "only the chair assigns prizes"
expect_err "only the chair assigns prizes; 'hg' is not the chair" "naming the role needed"
run award --db "$DB" --juror chair --category e-contenu --prize gold --dossier D21 --rationale "x"
expect_err "unknown prize 'gold' (expected excellence, encouragement or merit)" "unknown prize"
run award --db "$DB" --juror chair --category e-contenu --prize excellence --dossier D13 --rationale "x"
expect_err "dossier 'D13' is in category 'smart-apps', not 'e-contenu'" "a dossier of another category"
run award --db "$DB" --juror chair --category e-contenu --prize excellence --rationale "x"
expect_status 2 "--dossier or --none is required"
run award --db "$DB" --juror chair --category e-contenu --prize excellence --dossier D21
expect_status 2 "--rationale is required"
run award --db "$DB" --juror chair --category e-contenu --prize excellence --dossier D21 --rationale "Le meilleur site"
expect_status 0 "the chair assigns the excellence prize"
expect_out "Prize excellence of category e-contenu goes to dossier D21." "and is told so"
run award --db "$DB" --juror chair --category e-contenu --prize encouragement --none --rationale "Aucun dossier au niveau"
expect_status 0 "a prize may go to nobody"
if have_sqlite3; then
	n=$(sqlite3 "$DB" "SELECT count(*) FROM decision WHERE category_id = 'e-contenu'")
	[ "$n" = 2 ] && ok "two decisions recorded" || not_ok "two decisions recorded" "$n"
fi
run audit --db "$DB" --verify
expect_status 0 "decisions are in the audit chain"
done_testing
