#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# JSON with a contract: every JSON output validates against its schema
# (data/schema, installed under $(pkgdatadir)/schema), through every
# phase and view: a member's and the chair's during scoring, the
# deliberation, the results with decisions, consensus rounds and a
# prize not awarded.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
SCHEMA="$SRC/data/schema"
export MUDAWALA_PASSPHRASE=demo

py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import jsonschema' >/dev/null 2>&1; then py=$p; break; fi
done
if [ -z "$py" ]; then
	skip "no python3 with jsonschema here (Debian: python3-jsonschema)"
	done_testing
	exit 0
fi

# valid SCHEMA DESCRIPTION: the last output ($T/out) against SCHEMA.
valid() {
	if [ "$status" -ne 0 ]; then
		not_ok "$2" "exit $status: $(cat "$T/err")"
	elif "$py" "$SRC/tests/schema.py" "$SCHEMA/$1.schema.json" "$T/out" >"$T/why" 2>&1; then
		ok "$2"
	else
		not_ok "$2" "$(head -5 "$T/why")"
	fi
}

DB="$T/e.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
mw score --db "$DB" --juror misoc --dossier D11 --criterion qualite 16 >/dev/null
mw score --db "$DB" --juror misoc --dossier D11 --criterion qualite 17 >/dev/null

# Scoring: a member's own totals, the chair's progress.
run ranking --db "$DB" --juror misoc --format json
valid ranking "ranking, a member during scoring (own totals)"
if grep -q '^,$' "$T/out"; then
	not_ok "no empty element in the member's ranking" "$(head -3 "$T/out")"
else
	ok "no empty element in the member's ranking"
fi
run ranking --db "$DB" --juror chair --format json
valid ranking "ranking, the chair during scoring (progress)"
run ranking --db "$DB" --juror misoc --format json --category e-contenu
valid ranking "ranking, one category"
run progress --db "$DB" --juror chair --format json
valid progress "progress"
run history --db "$DB" --juror misoc --dossier D11 --format json
valid history "history"
grep -q '"from":12' "$T/out" && ok "history holds the change" || not_ok "history holds the change" "$(cat "$T/out")"
for w in categories criteria prizes dossiers jurors form; do
	run list $w --db "$DB" --format json
	valid list-$w "list $w"
done
run config --db "$DB" --format json
valid config "config"
run audit --db "$DB" --format json
valid audit "audit"
run sheet export --db "$DB" --juror misoc -o "$T/sheet.json"
cp "$T/sheet.json" "$T/out"
valid sheet "a sealed score sheet"

# Deliberation.
mw phase --db "$DB" --juror chair deliberation >/dev/null
mw config --db "$DB" --juror chair corridor 10 >/dev/null
run ranking --db "$DB" --juror misoc --format json
valid ranking "ranking, the deliberation"
for m in median trimmed zscore schulze copeland; do
	run ranking --db "$DB" --juror chair --format json --method $m
	valid ranking "ranking --method $m"
done
run ranking --db "$DB" --juror chair --format json --compare-methods
valid compare "ranking --compare-methods"
run agenda --db "$DB" --format json
valid agenda "agenda"
grep -q '"outliers"' "$T/out" && ok "the agenda has dossiers to discuss" || not_ok "the agenda has dossiers to discuss"

mw consensus --db "$DB" --juror chair --dossier D03 --reason "Écart à discuter" >/dev/null
mw award --db "$DB" --juror chair --category e-demarche --prize excellence \
    --dossier D01 --rationale "Le meilleur" >/dev/null
mw award --db "$DB" --juror chair --category e-demarche --prize encouragement \
    --none --rationale "Aucun autre" >/dev/null
run export --db "$DB" --format json --draft -o "$T/results.json"
cp "$T/results.json" "$T/out"
valid results "export --format json (results): decisions, a prize not awarded, a consensus round"
grep -q '"dossier":null' "$T/out" && grep -q '"consensus":\[{' "$T/out" &&
    ok "and those are in it" || not_ok "and those are in it"

# The schemas hold something: a score as text fails.
sed 's/"score":85.25/"score":"85.25"/' "$T/results.json" >"$T/out"
status=0
if "$py" "$SRC/tests/schema.py" "$SCHEMA/results.schema.json" "$T/out" >"$T/why" 2>&1; then
	not_ok "a score as text is refused by the schema"
else
	ok "a score as text is refused by the schema"
fi
done_testing
