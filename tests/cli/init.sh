#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mudawala init: a new edition from the e-mtiaz preset.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/e.sqlite"

run init --db "$DB" --preset emtiaz --edition "e-mtiaz 2019" --year 2019
expect_status 0 "init creates an edition"
expect_out "Created the edition e-mtiaz 2019" "init says what it created"

run list categories --db "$DB" --format csv
expect_golden categories-2019.csv "the 2019 categories, Arabic and French"
run list criteria --db "$DB" --format csv
expect_golden criteria.csv "the four official criteria, equal weights, 0-20"
run list prizes --db "$DB" --format csv
expect_golden prizes.csv "the prizes of e-mtiaz"
run list prizes --db "$DB" --format json
expect_golden prizes.json "list --format json"

run init --db "$T/old.sqlite" --preset emtiaz --edition "e-mtiaz 2005" --year 2005 --categories 2005
expect_status 0 "init with the 2005 categories"
run list categories --db "$T/old.sqlite" --format csv
expect_out "citoyens,صنف الخدمات الموجهة للمواطنين" "services for citizens"
expect_out "administration," "services for the administration"

run init --db "$DB" --preset emtiaz --edition Again --year 2020
expect_status 1 "init never overwrites an edition"
expect_err "already exists" "and says why"
run init --db "$T/x.sqlite" --preset emtiaz --edition X
expect_status 2 "init without --year is a usage error"
run init --db "$T/x.sqlite" --preset emtiaz --edition X --year 19
expect_status 2 "a year out of range is a usage error"
run init --db "$T/x.sqlite" --preset nope --edition X --year 2020
expect_status 1 "an unknown preset is refused"
expect_err "unknown preset 'nope'" "naming it"
run init --db "$T/x.sqlite" --preset emtiaz --edition X --year 2020 --categories 1999
expect_status 1 "an unknown category set is refused"
if [ ! -e "$T/x.sqlite" ] && [ -z "$(ls "$T" | grep '\.new-')" ]; then
	ok "failed inits leave no file behind"
else
	not_ok "failed inits leave no file behind" "$(ls "$T")"
fi

MUDAWALA_DB="$T/env.sqlite" run init --preset emtiaz --edition E --year 2021
expect_status 0 "MUDAWALA_DB names the default edition"
check "the file is where MUDAWALA_DB said" test -s "$T/env.sqlite"
run init --preset emtiaz --edition X --year 2021
check "without --db or MUDAWALA_DB, XDG_DATA_HOME holds the edition" \
	test -s "$XDG_DATA_HOME/mudawala/edition.sqlite"
done_testing
