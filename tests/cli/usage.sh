#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line: help, version, usage errors, exit statuses, languages.
. "$MUDAWALA_SRCDIR/tests/lib.sh"

run --help
expect_status 0 "--help"
# Every synopsis line of the manual is in --help.
# synopsis [CMD]: mudawala(1)'s synopsis lines (of CMD), as text.
synopsis() {
	sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p' "$SRC/man/mudawala.1" |
	    sed 's/\\-/-/g' | grep "^\\\\fBmudawala ${1:-}" |
	    sed 's/\\f[BIR]//g; s/\\&//g'
}
synopsis | sed 's/^mudawala //' |
	while read -r cmd _; do
		grep -q "mudawala $cmd" "$T/out" || echo "$cmd"
	done >"$T/missing"
[ ! -s "$T/missing" ] && ok "--help lists every command of mudawala(1)" || not_ok "--help lists every command of mudawala(1)" "$(cat "$T/missing")"
commands="init demo import list score submit phase ranking award tiebreak
agenda progress history config abstain consensus recuse lock backup export
verify verify-certificate sheet audit keygen pubkey pack"
common="--db --juror --key --lang --bidi --passphrase-file --chair-key --dialect --help"
for cmd in $commands; do
	[ -n "$(synopsis "$cmd\\\\fR")" ] && ok "mudawala(1) documents $cmd" || not_ok "mudawala(1) documents $cmd"
	run $cmd --help
	expect_status 0 "$cmd --help: every option of its parser described"
	head -1 "$T/out" | grep -q "^Usage: mudawala $cmd " &&
	    ok "$cmd --help: its own usage" || not_ok "$cmd --help: its own usage" "$(head -2 "$T/out")"
	cksum <"$T/out" >>"$T/sums"
	# The options --help gives (from the parser's table) and those of
	# the manual's synopsis: the same, both ways.
	sed -n '/^Options:/,/^$/p' "$T/out" | grep -oE '^  --?[a-z][a-z-]*' |
	    sed 's/^  //' | sort -u >"$T/help-opts"
	synopsis "$cmd\\\\fR" | grep -oE '(^| |\[|\(|\|)--?[a-z][a-z-]*' |
	    sed 's/^[] [(|]*//' | sort -u >"$T/man-opts.all"
	for o in $common; do echo "$o"; done | sort >"$T/common"
	comm -23 "$T/man-opts.all" "$T/common" >"$T/man-opts"
	if cmp -s "$T/help-opts" "$T/man-opts"; then
		ok "$cmd: mudawala(1)'s synopsis and --help name the same options"
	else
		not_ok "$cmd: mudawala(1)'s synopsis and --help name the same options" "$(diff "$T/help-opts" "$T/man-opts")"
	fi
	# Its own subsection of OPTIONS OF EACH COMMAND lists the same.
	sed -n '/^\.SH OPTIONS OF EACH COMMAND/,/^\.SH OPTIONS$/p' "$SRC/man/mudawala.1" |
	    sed 's/\\-/-/g' | awk -v c="$cmd" '/^\.SS / { on = ($2 == c) } on' |
	    grep -oE '^\.BI? --?[a-z][a-z-]*' | sed 's/^\.BI* //' | sort -u >"$T/man-sec"
	if cmp -s "$T/help-opts" "$T/man-sec"; then
		ok "$cmd: its subsection of mudawala(1) lists its options"
	else
		not_ok "$cmd: its subsection of mudawala(1) lists its options" "$(diff "$T/help-opts" "$T/man-sec")"
	fi
done
[ "$(sort -u "$T/sums" | wc -l)" -eq "$(wc -l <"$T/sums")" ] &&
    ok "mudawala X --help differs for every X" || not_ok "mudawala X --help differs for every X"
run --demo </dev/null
expect_status 1 "without a terminal, the interface says it needs one"
expect_err "needs a terminal" "and that subcommands do not"
run --version
expect_status 0 "--version"
expect_out "mudawala " "prints the version"
run frobnicate
expect_status 2 "an unknown command is a usage error"
expect_err "unknown command 'frobnicate'" "naming it"
run list dossiers --db "$T/x.sqlite" --bogus
expect_status 2 "an unknown option is a usage error"
run list --db "$T/x.sqlite"
expect_status 2 "a missing argument is a usage error"
run list colours --db "$T/x.sqlite"
expect_status 2 "an unknown listing is a usage error"
run --lang de list dossiers
expect_status 2 "--lang accepts ar, fr, en"
run list dossiers --db "$T/none.sqlite"
expect_status 1 "a missing edition exits 1"

# Translations, from catalogues compiled here.
use_catalogues
run --lang fr list dossiers --db "$T/none.sqlite"
expect_err "aucun fichier d'édition" "--lang fr speaks French"
run --lang ar list dossiers --db "$T/none.sqlite"
expect_err "لا يوجد ملف دورة" "--lang ar speaks Arabic"
LANGUAGE=fr run list dossiers --db "$T/none.sqlite"
expect_err "aucun fichier d'édition" "LANGUAGE chooses too"
LANGUAGE=fr run --lang en list dossiers --db "$T/none.sqlite"
expect_err "no such edition file" "--lang en wins over LANGUAGE"
demo_deliberation "$T/d.sqlite"
LANGUAGE=ar run ranking --db "$T/d.sqlite" --category smart-apps --format csv
expect_out "category,rank,dossier,title,score,n,stddev,spread,flags" "CSV column names are never translated"
LANGUAGE=ar run ranking --db "$T/d.sqlite" --category smart-apps
expect_out "الرتبة" "table headings are translated"
# Arabic plural forms: 0, 1, 2, 3-10, 11-99, 100+ read rows.
printf 'id,category,title_fr\n' >"$T/p.csv"
i=0
for want in 1 2 3 11 100; do
	while [ $i -lt $want ]; do
		i=$((i + 1))
		printf 'P%d,e-contenu,Titre %d\n' $i $i >>"$T/p.csv"
	done
	"$MUDAWALA_BIN" init --db "$T/p$want.sqlite" --preset emtiaz --edition P --year 2020 >/dev/null
	LANGUAGE=ar run import dossiers --db "$T/p$want.sqlite" "$T/p.csv"
	cp "$T/out" "$T/plural$want"
done
ar1=$(cat "$T/plural1") ar2=$(cat "$T/plural2") ar3=$(cat "$T/plural3") ar11=$(cat "$T/plural11") ar100=$(cat "$T/plural100")
case "$ar1|$ar2|$ar3|$ar11|$ar100" in
*"سطر واحد"*"سطران"*"أسطر"*"سطرًا"*"سطر"*) ok "Arabic plural forms for 1, 2, 3-10, 11-99, 100+" ;;
*) not_ok "Arabic plural forms for 1, 2, 3-10, 11-99, 100+" "$ar1" "$ar2" "$ar3" "$ar11" "$ar100" ;;
esac
done_testing
