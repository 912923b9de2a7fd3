#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The application form: listed as the CSV it imports from, edited in
# set-up (fields added, changed, moved, removed), refused with file, line
# and field, frozen once scoring opens.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/e.sqlite"
"$MUDAWALA_BIN" init --db "$DB" --preset emtiaz --edition T --year 2019 >/dev/null
"$MUDAWALA_BIN" import jurors --db "$DB" "$SRC/tests/fixtures/jurors-small.csv" >/dev/null

run list form --db "$DB" --format csv
if cmp -s "$T/out" "$SRC/data/presets/emtiaz/form.csv"; then
	ok "the form lists as the preset's form.csv"
else
	not_ok "the form lists as the preset's form.csv" "$(diff "$SRC/data/presets/emtiaz/form.csv" "$T/out" | head)"
fi
cp "$T/out" "$T/form.csv"
run import form --db "$DB" --juror chair "$T/form.csv"
expect_out "12 fields read, the form as it was; nothing changed." "the listing imports back unchanged"

{ cat "$T/form.csv"; echo "budget,تقديم الخدمة,Présentation du service,,الميزانية,Budget annuel (MAD),number,,no"; } >"$T/more.csv"
run import form --db "$DB" --juror chair "$T/more.csv"
expect_out "13 fields read; the application form changed (1 added" "a field is added"
run list form --db "$DB" --format json
expect_out '"id":"budget"' "and listed"

sed 's/^budget,\(.*\),number,,no$/budget,\1,money,,no/' "$T/more.csv" >"$T/bad-type.csv"
run import form --db "$DB" --juror chair "$T/bad-type.csv"
expect_err "bad-type.csv:14:7: field 'type': expected text, number, date, url or choice, found 'money'" \
    "a type not known is refused with its line and field"
sed 's/^answer_qualite,\([^,]*\),\([^,]*\),qualite,/answer_qualite,\1,\2,quality,/' "$T/more.csv" >"$T/bad-criterion.csv"
run import form --db "$DB" --juror chair "$T/bad-criterion.csv"
expect_err "bad-criterion.csv:11:4: field 'criterion': unknown criterion 'quality'" \
    "a section tied to an unknown criterion is refused"
sed 's/,choice,web|mobile|web+mobile|guichet,/,choice,,/' "$T/more.csv" >"$T/no-choices.csv"
run import form --db "$DB" --juror chair "$T/no-choices.csv"
expect_err "field 'choices': a choice lists its values" "a choice without values is refused"
{ cat "$T/more.csv"; tail -1 "$T/more.csv"; } >"$T/twice.csv"
run import form --db "$DB" --juror chair "$T/twice.csv"
expect_err "twice.csv:15:1: field 'id': 'budget' appears twice in the file" "a field twice is refused"
run list form --db "$DB" --format csv
cmp -s "$T/out" "$T/more.csv" && ok "after every refusal the form is as it was" ||
    not_ok "after every refusal the form is as it was" "$(diff "$T/more.csv" "$T/out")"

# A field some dossier answers stays; one nobody answers goes.
make_candidacy "$T/c/one" D1
run import folder --db "$DB" --juror chair "$T/c"
expect_status 0 "a candidacy answers the form"
grep -v '^contact,' "$T/more.csv" >"$T/no-contact.csv"
run import form --db "$DB" --juror chair "$T/no-contact.csv"
expect_err "the field 'contact' is not in the file, but 1 dossier answers it" \
    "a field with answers cannot leave the form"
grep -v '^budget,' "$T/more.csv" >"$T/no-budget.csv"
run import form --db "$DB" --juror chair "$T/no-budget.csv"
expect_out "the application form changed (1 added, changed, moved or removed)" "a field nobody answers can"

run phase --db "$DB" --juror chair scoring
run import form --db "$DB" --juror chair "$T/more.csv"
expect_err "the application form is frozen once scoring opens; the edition is in phase 'scoring'" \
    "the form is frozen once scoring opens"
run audit --db "$DB" --verify
expect_status 0 "the edition verifies"

done_testing
