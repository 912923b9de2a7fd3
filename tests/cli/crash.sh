#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Nothing committed is lost: a writer killed with SIGKILL at random
# moments, many times; every score it reported committed is in the file,
# which passes integrity_check and the audit chain.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
if ! have_sqlite3; then
	echo "1..0 # SKIP the sqlite3 shell is needed to read the file back"
	exit 0
fi

# Each iteration writes a value of its own (i / 1000), so that each
# commit is one row of score history; the number goes on across kills.
cat >"$T/writer.sh" <<EOS
#!/bin/sh
i=\$(cat "$T/next")
while [ -f "$DB" ]; do
	v=\$(printf '%d.%03d' \$((i / 1000)) \$((i % 1000)))
	echo \$((i + 1)) >"$T/next"
	if MUDAWALA_PASSPHRASE=demo "$MUDAWALA_BIN" score --db "$DB" --juror misoc --dossier D11 --criterion qualite "\$v" >/dev/null 2>&1; then
		echo "\$v" >>"$T/committed"
	fi
	i=\$((i + 1))
done
EOS
echo 1 >"$T/next"
: >"$T/committed"
kills=0
while [ $kills -lt 25 ]; do
	# A process group of its own, so that one kill takes the writer and
	# the mudawala it runs.
	setsid sh "$T/writer.sh" &
	pid=$!
	# 20 to 600 ms: inside a commit as often as between two (a build
	# with sanitizers starts each process slowly).
	sleep "0.$(printf '%03d' $(( (($(od -An -N2 -tu2 /dev/urandom) % 59) + 2) * 10 )))"
	kill -9 "-$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	kills=$((kills + 1))
done
n=$(wc -l <"$T/committed")
[ "$n" -ge 5 ] && ok "the writer committed $n scores between $kills kills" || not_ok "the writer committed scores" "$n"
missing=0
# Every value the history says the score took, and the one it holds.
MUDAWALA_PASSPHRASE=demo "$MUDAWALA_BIN" history --db "$DB" --juror misoc --dossier D11 --format csv 2>/dev/null |
	awk -F, 'NR > 1 && $3 == "qualite" && $5 != "" { printf "%.3f\n", $5 }' >"$T/history"
sqlite3 "$DB" "SELECT printf('%.3f', value) FROM score WHERE juror_id = 'misoc' AND dossier_id = 'D11' AND criterion_id = 'qualite'" >>"$T/history"
while read -r v; do
	grep -qx -- "$v" "$T/history" || missing=$((missing + 1))
done <"$T/committed"
[ "$missing" = 0 ] && ok "every reported commit is in the file" || not_ok "every reported commit is in the file" "$missing missing"
check=$(sqlite3 "$DB" "PRAGMA integrity_check")
[ "$check" = ok ] && ok "integrity_check is ok" || not_ok "integrity_check is ok" "$check"
run audit --db "$DB" --verify
expect_status 0 "the audit chain verifies after the kills"
done_testing
