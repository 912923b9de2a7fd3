#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The laureates' certificates: one A4 page each, in Arabic or French,
# fonts embedded, and a QR code that anyone checks offline against the
# signed results: a certificate for a dossier that won nothing, or against
# other results, or with another key, is refused.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
export MUDAWALA_PASSPHRASE=demo
use_catalogues
DB="$T/e.sqlite"
demo_deliberation "$DB"
decide_none "$DB"
mw award --db "$DB" --juror chair --category e-demarche --prize excellence \
    --dossier D01 --rationale "Le meilleur" >/dev/null
mw award --db "$DB" --juror chair --category e-demarche --prize merit \
    --dossier D02 --rationale "Un service remarquable" >/dev/null
mw award --db "$DB" --juror chair --category smart-apps --prize encouragement \
    --dossier D13 --rationale "Prometteur" >/dev/null

run export --db "$DB" --format certificates --results "$T/none.json" -o "$T/c.pdf"
expect_status 1 "before the lock: no certificate"
expect_err "once the edition is locked" "saying when"
mw lock --db "$DB" --juror chair >/dev/null
mw export --db "$DB" --format json -o "$T/results.json" --sign --juror chair >/dev/null
mw pubkey --db "$DB" --juror chair -o "$T/chair.pub" >/dev/null

run export --db "$DB" --format certificates -o "$T/c.pdf"
expect_status 2 "the certificates need the results they stand on"
expect_err "--results" "naming the option"
LANGUAGE=fr run export --db "$DB" --format certificates --results "$T/results.json" -o "$T/c-fr.pdf" --lang fr
expect_status 0 "certificates in French"
LANGUAGE=ar run export --db "$DB" --format certificates --results "$T/results.json" -o "$T/c-ar.pdf" --lang ar
expect_status 0 "certificates in Arabic"

if command -v pdfinfo >/dev/null 2>&1; then
	[ "$(pdfinfo "$T/c-fr.pdf" | awk '/^Pages:/ { print $2 }')" = 3 ] &&
	    ok "one page per laureate (3)" || not_ok "one page per laureate (3)" "$(pdfinfo "$T/c-fr.pdf")"
	pdfinfo "$T/c-fr.pdf" | grep -q '^Page size: *595.* x 841.*(A4)' &&
	    ok "A4" || not_ok "A4" "$(pdfinfo "$T/c-fr.pdf" | grep size)"
	if pdffonts "$T/c-ar.pdf" | awk 'NR > 2 && $0 !~ / yes +yes +yes/ { bad = 1 } NR > 2 { n++ } END { exit !(n > 0 && !bad) }' &&
	    pdffonts "$T/c-ar.pdf" | grep -q Amiri; then
		ok "every font embedded (Amiri)"
	else
		not_ok "every font embedded (Amiri)" "$(pdffonts "$T/c-ar.pdf")"
	fi
	pdftotext "$T/c-fr.pdf" "$T/c-fr.txt"
	pdftotext "$T/c-ar.pdf" "$T/c-ar.txt"
	prize_fr=$(sqlite3 "$DB" "SELECT name_fr FROM prize WHERE id = 'excellence'" | sed 's/ (.*//')
	title_fr=$(sqlite3 "$DB" "SELECT title_fr FROM dossier WHERE id = 'D01'")
	grep -qF "$prize_fr" "$T/c-fr.txt" && grep -qF "$title_fr" "$T/c-fr.txt" &&
	    grep -q "décerné à" "$T/c-fr.txt" &&
	    ok "the French certificate: the prize, the laureate, in French" ||
	    not_ok "the French certificate: the prize, the laureate, in French" "$(head -20 "$T/c-fr.txt")"
	prize_ar=$(sqlite3 "$DB" "SELECT name_ar FROM prize WHERE id = 'excellence'")
	title_ar=$(sqlite3 "$DB" "SELECT title_ar FROM dossier WHERE id = 'D01'")
	# pdftotext gives Arabic in logical order, between directional marks.
	sed 's/\xe2\x80[\xaa-\xae]//g' "$T/c-ar.txt" >"$T/c-ar.plain"
	grep -qF "$prize_ar" "$T/c-ar.plain" && grep -qF "في فئة" "$T/c-ar.plain" &&
	    ok "the Arabic certificate: the prize's Arabic name, extractable in logical order" ||
	    not_ok "the Arabic certificate: the prize's Arabic name, extractable in logical order" "$(head -20 "$T/c-ar.plain")"
else
	skip "poppler-utils (pdfinfo, pdffonts, pdftotext) not installed"
fi

# The QR codes, as a phone would read them.
if command -v zbarimg >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
	pdftoppm -r 150 -png "$T/c-fr.pdf" "$T/page"
	n=0
	for p in "$T"/page-*.png; do
		zbarimg --raw -q "$p" 2>/dev/null >>"$T/qr.txt"
	done
	[ "$(grep -c '^MUDAWALA-CERT:1|' "$T/qr.txt")" = 3 ] &&
	    ok "every page's QR code decodes" || not_ok "every page's QR code decodes" "$(cat "$T/qr.txt")"
	while read -r text; do
		if mw verify-certificate -p "$T/chair.pub" --results "$T/results.json" "$text" >"$T/v.out" 2>&1; then
			n=$((n + 1))
		else
			cat "$T/v.out" >>"$T/v.err"
		fi
	done <"$T/qr.txt"
	[ "$n" = 3 ] && ok "verify-certificate accepts each" || not_ok "verify-certificate accepts each" "$(cat "$T/v.err" 2>/dev/null)"
	first=$(head -1 "$T/qr.txt")
	grep -q "dossier=D01" "$T/qr.txt" && ok "the QR names the laureate" || not_ok "the QR names the laureate"
	sum=$(b2sum -l 256 "$T/results.json" | cut -d' ' -f1)
	echo "$first" | grep -q "results=$sum" && ok "and the results by their BLAKE2b" || not_ok "and the results by their BLAKE2b" "$first"
	head -1 "$T/qr.txt" | mw verify-certificate -p "$T/chair.pub" --results "$T/results.json" - >/dev/null 2>&1 &&
	    ok "the text can come on standard input (zbarimg --raw | ...)" || not_ok "the text can come on standard input"

	# A certificate for a dossier that won nothing.
	forged=$(echo "$first" | sed 's/dossier=D01/dossier=D03/')
	run verify-certificate -p "$T/chair.pub" --results "$T/results.json" "$forged"
	expect_status 1 "a certificate for a dossier that won nothing is refused"
	expect_err "this certificate is not backed by them" "saying why"
	# Another prize for the laureate.
	run verify-certificate -p "$T/chair.pub" --results "$T/results.json" "$(echo "$first" | sed 's/prize=excellence/prize=encouragement/')"
	expect_status 1 "a prize the laureate did not win is refused"
	# Results changed after they were signed.
	sed 's/Le meilleur/Le meilleur !/' "$T/results.json" >"$T/altered.json"
	cp "$T/results.json.minisig" "$T/altered.json.minisig"
	run verify-certificate -p "$T/chair.pub" --results "$T/altered.json" "$first"
	expect_status 1 "results changed after their signature are refused"
	# Other results, signed: not the file the certificate names.
	mw export --db "$DB" --format json --lang ar -o "$T/results-ar.json" --sign --juror chair >/dev/null
	run verify-certificate -p "$T/chair.pub" --results "$T/results-ar.json" "$first"
	expect_status 1 "other results, even signed, are not the ones named"
	expect_err "its BLAKE2b differs" "saying so"
	# Another key.
	mw keygen -p "$T/other.pub" -s "$T/other.key" >/dev/null 2>&1
	run verify-certificate -p "$T/other.pub" --results "$T/results.json" "$first"
	expect_status 1 "another key is refused"
	expect_err "names the chair's key" "naming the key expected"
	run verify-certificate -p "$T/chair.pub" --results "$T/results.json" "$first|extra=1"
	expect_status 1 "a text with more fields is not a certificate"
else
	skip "zbarimg (zbar-tools) or pdftoppm not installed: QR codes not read"
fi

# Certificates stand on final, signed results of this edition.
mw export --db "$DB" --format json -o "$T/unsigned.json" >/dev/null
run export --db "$DB" --format certificates --results "$T/unsigned.json" -o "$T/u.pdf"
expect_status 1 "results without their signature are refused"
[ ! -e "$T/u.pdf" ] && ok "and nothing is written" || not_ok "and nothing is written"
# The font: a clear message when it is missing.
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s/nofonts</dir><cachedir>%s/fccache</cachedir></fontconfig>\n' "$T" "$T" >"$T/fonts.conf"
FONTCONFIG_FILE="$T/fonts.conf" run export --db "$DB" --format certificates --results "$T/results.json" -o "$T/nf.pdf"
expect_status 1 "without the Amiri font: refused"
expect_err "fonts-hosny-amiri" "saying which package to install"
done_testing
