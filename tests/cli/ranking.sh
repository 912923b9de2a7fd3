#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mudawala ranking: formats, filters, and the figures recomputed by hand
# from the scores with the sqlite3 shell.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/demo.sqlite"
demo_deliberation "$DB"

run ranking --db "$DB" --category smart-apps --format csv
expect_status 0 "ranking of one category"
head -1 "$T/out" >"$T/head"
if [ "$(cat "$T/head")" = "category,rank,dossier,title,score,n,stddev,spread,flags" ]; then
	ok "the CSV header is the stable contract"
else
	not_ok "the CSV header is the stable contract" "$(cat "$T/head")"
fi
others=$(awk -F, 'NR > 1 && $1 != "smart-apps"' "$T/out" | wc -l)
[ "$others" -eq 0 ] && ok "only that category" || not_ok "only that category"

run ranking --db "$DB" --category nope
expect_status 1 "an unknown category is refused"
expect_err "unknown category 'nope' (known: e-demarche, smart-apps, e-contenu, e-participation)" "listing the known ones"
run ranking --db "$DB" --format xml
expect_status 2 "an unknown format is a usage error"
run ranking --db "$DB" --method borda
expect_status 2 "an unknown method is a usage error"

run ranking --db "$DB" --format json
if have_sqlite3; then
	cp "$T/out" "$T/r.json"
	v=$(sqlite3 :memory: "SELECT json_valid(readfile('$T/r.json')), json_array_length(readfile('$T/r.json'))")
	[ "$v" = "1|35" ] && ok "JSON output is one valid array of 35 rows" || not_ok "JSON output is one valid array of 35 rows" "$v"
else
	ok "# SKIP sqlite3 shell not installed"
fi
expect_out '"flags":["unscored"]' "JSON flags are an array"

run ranking --db "$DB" --lang ar --format csv
expect_out "smart-apps,1,D13,تطبيق MapNewsDisplay," "--lang ar prefers Arabic titles"

run ranking --db "$DB"
expect_out "Dépôt électronique des factures" "table output for people"

# The default method, computed independently from the raw scores.
if have_sqlite3; then
	sqlite3 -csv "$DB" "
	WITH t AS (
	  SELECT s.dossier_id d, 100.0 * sum(c.weight * (s.value - c.scale_min) / (c.scale_max - c.scale_min)) / sum(c.weight) total
	  FROM score s JOIN criterion c ON c.id = s.criterion_id
	  JOIN juror j ON j.id = s.juror_id
	  WHERE j.voting = 1 AND EXISTS (SELECT 1 FROM submission u WHERE u.juror_id = s.juror_id AND u.dossier_id = s.dossier_id)
	  GROUP BY s.dossier_id, s.juror_id)
	SELECT d, printf('%.2f', avg(total)), count(*) FROM t GROUP BY d ORDER BY d" >"$T/hand.csv"
	mw ranking --db "$DB" --format csv | awk -F, 'NR > 1 && $5 != "" {print $3 "," $5 "," $6}' | sort >"$T/ours.csv"
	if diff "$T/hand.csv" "$T/ours.csv" >"$T/diff"; then
		ok "scores match a hand computation from the raw scores"
	else
		not_ok "scores match a hand computation from the raw scores" "$(head "$T/diff")"
	fi
else
	ok "# SKIP sqlite3 shell not installed"
fi
done_testing
