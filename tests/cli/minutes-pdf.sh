#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The minutes as PDF, in Arabic and in French: A4, "page N of M", every
# dossier and decision, the Arabic extractable in logical order, fonts
# embedded, a long ranking's header on every page it spans, signed like
# the other exports.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
export MUDAWALA_PASSPHRASE=demo
use_catalogues
if ! command -v pdftotext >/dev/null 2>&1; then
	skip "poppler-utils (pdftotext, pdfinfo, pdffonts) not installed"
	done_testing
	exit 0
fi
DB="$T/e.sqlite"
demo_deliberation "$DB"
decide_none "$DB"
mw award --db "$DB" --juror chair --category e-contenu --prize merit \
    --dossier D23 --rationale "Un contenu exemplaire pour les usagers." >/dev/null
mw config --db "$DB" --juror chair corridor 10 >/dev/null
mw lock --db "$DB" --juror chair >/dev/null
mw pubkey --db "$DB" --juror chair -o "$T/chair.pub" >/dev/null

for l in fr ar; do
	LANGUAGE=$l run export --db "$DB" --format pdf --lang $l -o "$T/pv-$l.pdf" --place Rabat --sign --juror chair
	expect_status 0 "the $l minutes as PDF, signed"
	pdftotext "$T/pv-$l.pdf" "$T/pv-$l.txt"
	pages=$(pdfinfo "$T/pv-$l.pdf" | awk '/^Pages:/ { print $2 }')
	pdfinfo "$T/pv-$l.pdf" | grep -q '^Page size: *595.* x 841.*(A4)' &&
	    ok "$l: A4" || not_ok "$l: A4"
	if pdffonts "$T/pv-$l.pdf" | awk 'NR > 2 && $0 !~ / yes +yes +yes/ { bad = 1 } NR > 2 { n++ } END { exit !(n > 0 && !bad) }' &&
	    pdffonts "$T/pv-$l.pdf" | grep -q Amiri; then
		ok "$l: every font embedded (Amiri)"
	else
		not_ok "$l: every font embedded (Amiri)" "$(pdffonts "$T/pv-$l.pdf")"
	fi
	missing=$(sqlite3 "$DB" "SELECT id FROM dossier WHERE status = 'admitted'" |
	    while read -r d; do grep -q "\\b$d\\b" "$T/pv-$l.txt" || echo "$d"; done)
	[ -z "$missing" ] && ok "$l: every admitted dossier is in the minutes" || not_ok "$l: every admitted dossier is in the minutes" "$missing"
	grep -q "Un contenu exemplaire pour les usagers." "$T/pv-$l.txt" && grep -q "Aucun dossier retenu" "$T/pv-$l.txt" &&
	    ok "$l: every decision with its rationale" || not_ok "$l: every decision with its rationale"
	if command -v minisign >/dev/null 2>&1; then
		check "$l: minisign verifies the PDF" minisign -Vm "$T/pv-$l.pdf" -p "$T/chair.pub"
	fi
	echo "$pages" >"$T/pages-$l"
done
pages=$(cat "$T/pages-fr")
pdftotext -f 1 -l 1 "$T/pv-fr.pdf" - | grep -q "page 1 sur $pages" &&
    pdftotext -f "$pages" -l "$pages" "$T/pv-fr.pdf" - | grep -q "page $pages sur $pages" &&
    ok "every page says 'page N sur M' ($pages pages)" || not_ok "every page says 'page N sur M'" "$(pdftotext -f 1 -l 1 "$T/pv-fr.pdf" - | tail -3)"
tr '\n' ' ' <"$T/pv-fr.txt" | grep -q "ordre du jour.*Youssef El Amrani (-16.50)" &&
    ok "the agenda: who was outside the corridor, by name" || not_ok "the agenda: who was outside the corridor, by name" "$(grep -A3 "ordre du jour" "$T/pv-fr.txt")"
grep -q "Procès-verbal de délibération" "$T/pv-fr.txt" && grep -q "Signatures" "$T/pv-fr.txt" &&
    ok "fr: in French, with the signatures" || not_ok "fr: in French, with the signatures"
# pdftotext gives Arabic in logical order, between directional marks.
sed 's/\xe2\x80[\xaa-\xae]//g; s/\xe2\x81[\xa6-\xa9]//g' "$T/pv-ar.txt" >"$T/pv-ar.plain"
grep -q "محضر المداولات" "$T/pv-ar.plain" && grep -q "التوقيعات" "$T/pv-ar.plain" &&
    ok "ar: the Arabic title and sections, extractable in logical order" ||
    not_ok "ar: the Arabic title and sections, extractable in logical order" "$(head -5 "$T/pv-ar.plain")"
pdftotext -f 1 -l 1 "$T/pv-ar.pdf" - | sed 's/\xe2\x80[\xaa-\xae]//g' | tr -d ' ' | grep -q "الصفحة" &&
    ok "ar: page numbers in Arabic" || not_ok "ar: page numbers in Arabic"
for n in $(sqlite3 "$DB" "SELECT replace(name, ' ', '_') FROM juror WHERE voting = 1"); do
	grep -q "$(echo "$n" | tr '_' ' ')" "$T/pv-fr.txt" || echo "$n"
done >"$T/unsigned"
[ ! -s "$T/unsigned" ] && ok "a line to sign for each voting member" || not_ok "a line to sign for each voting member" "$(cat "$T/unsigned")"

# A long ranking: its header on every page it spans.
S="$T/s.sqlite"
"$MUDAWALA_BIN" demo --db "$S" --dossiers 300 --jurors 10 --scores-per-dossier 3 >/dev/null
mw phase --db "$S" --juror J0001 deliberation >/dev/null
LANGUAGE=fr run export --db "$S" --format pdf --lang fr --draft -o "$T/long.pdf"
expect_status 0 "the minutes of 300 dossiers"
p=$(pdfinfo "$T/long.pdf" | awk '/^Pages:/ { print $2 }')
with=0; i=1
while [ "$i" -le "$p" ]; do
	pdftotext -f "$i" -l "$i" "$T/long.pdf" "$T/p.txt"
	grep -q "Signaux" "$T/p.txt" && grep -q "Rang" "$T/p.txt" && with=$((with + 1))
	i=$((i + 1))
done
[ "$with" -gt 4 ] && ok "the ranking's header is repeated on each page it spans ($with pages for 4 categories)" ||
    not_ok "the ranking's header is repeated on each page it spans" "$with pages of $p"
pdftotext "$T/long.pdf" - | grep -q "PROJET" && ok "a draft says so" || not_ok "a draft says so"

printf '<?xml version="1.0"?>\n<fontconfig><dir>%s/nofonts</dir><cachedir>%s/fccache</cachedir></fontconfig>\n' "$T" "$T" >"$T/fonts.conf"
FONTCONFIG_FILE="$T/fonts.conf" run export --db "$DB" --format pdf -o "$T/nf.pdf"
expect_status 1 "without the Amiri font: refused"
expect_err "fonts-hosny-amiri" "saying which package to install"
[ ! -e "$T/nf.pdf" ] && ok "and nothing is written" || not_ok "and nothing is written"
done_testing
