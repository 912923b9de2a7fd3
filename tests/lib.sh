# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the command-line tests: a pinned environment, a scratch
# directory, and TAP output (a plan at the end).
set -u

: "${MUDAWALA_BIN:?run through make check}"
: "${MUDAWALA_SRCDIR:?run through make check}"
SRC=$MUDAWALA_SRCDIR
T=$(mktemp -d "${TMPDIR:-/tmp}/mudawala-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT

export HOME="$T/home" XDG_DATA_HOME="$T/xdg-data" XDG_CONFIG_HOME="$T/xdg-config"
# What the program leaves in TMPDIR (the demo edition stays there, by
# design) goes with the scratch directory.
mkdir "$T/tmpdir"
export TMPDIR="$T/tmpdir"
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC LANGUAGE=
export MUDAWALA_NOW=2020-01-29T10:00:00Z
unset MUDAWALA_DB MUDAWALA_JUROR MUDAWALA_PASSPHRASE NO_COLOR || :
mkdir -p "$HOME"

tap_n=0
tap_failed=0

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

# skip REASON: a test that cannot run here, said so.
skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $1"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/# /'
	done
}

# run ARGS...: run mudawala; stdout in $T/out, stderr in $T/err, $status.
# Every member of the demo commission has the passphrase "demo": it is
# given unless the test sets MUDAWALA_PASSPHRASE itself.
run() {
	MUDAWALA_PASSPHRASE="${MUDAWALA_PASSPHRASE-demo}" "$MUDAWALA_BIN" "$@" \
	    >"$T/out" 2>"$T/err" </dev/null
	status=$?
}

# mw ARGS...: mudawala as run() runs it, output left alone.
mw() {
	MUDAWALA_PASSPHRASE="${MUDAWALA_PASSPHRASE-demo}" "$MUDAWALA_BIN" "$@"
}

# run_unproved ARGS...: run mudawala with no passphrase at all (and no
# terminal to ask one on).
run_unproved() {
	env -u MUDAWALA_PASSPHRASE setsid -w "$MUDAWALA_BIN" "$@" >"$T/out" \
	    2>"$T/err" </dev/null
	status=$?
}

# demo_deliberation DB: the demo edition at DB, in deliberation (the
# chair's act), where every juror's totals are open.
demo_deliberation() {
	"$MUDAWALA_BIN" demo --db "$1" >/dev/null &&
	    MUDAWALA_PASSPHRASE=demo "$MUDAWALA_BIN" phase --db "$1" \
	    --juror chair deliberation >/dev/null
}

# decide_none DB: every prize of every demo category decided, no award
# (what the lock asks), by the demo's chair.
decide_none() {
	for c in e-demarche smart-apps e-contenu e-participation; do
		for p in excellence encouragement; do
			mw award --db "$1" --juror chair --category $c --prize $p \
			    --none --rationale "Aucun dossier retenu" >/dev/null
		done
	done
}

# expect_status N DESCRIPTION
expect_status() {
	if [ "$status" -eq "$1" ]; then
		ok "$2"
	else
		not_ok "$2" "exit status $status, expected $1" "stderr: $(cat "$T/err")"
	fi
}

# expect_err TEXT DESCRIPTION: stderr holds TEXT (fixed string)
expect_err() {
	if grep -qF -- "$1" "$T/err"; then
		ok "$2"
	else
		not_ok "$2" "expected on stderr: $1" "stderr: $(cat "$T/err")"
	fi
}

# expect_out TEXT DESCRIPTION: stdout holds TEXT (fixed string)
expect_out() {
	if grep -qF -- "$1" "$T/out"; then
		ok "$2"
	else
		not_ok "$2" "expected on stdout: $1" "stdout: $(head -c 2000 "$T/out")"
	fi
}

# expect_golden NAME DESCRIPTION: stdout equals tests/golden/NAME
expect_golden() {
	if diff -u "$SRC/tests/golden/$1" "$T/out" >"$T/diff"; then
		ok "$2"
	else
		not_ok "$2" "$(head -40 "$T/diff")"
	fi
}

# The catalogues compiled from po/ (the program is not installed), for
# MUDAWALA_LOCALEDIR.
use_catalogues() {
	for l in ar fr; do
		mkdir -p "$T/locale/$l/LC_MESSAGES"
		msgfmt -o "$T/locale/$l/LC_MESSAGES/mudawala.mo" "$SRC/po/$l.po"
	done
	export MUDAWALA_LOCALEDIR="$T/locale"
}

# check DESCRIPTION COMMAND...: the command succeeds
check() {
	desc=$1
	shift
	if "$@" >"$T/check.out" 2>&1; then
		ok "$desc"
	else
		not_ok "$desc" "$(head -20 "$T/check.out")"
	fi
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

have_sqlite3() {
	command -v sqlite3 >/dev/null 2>&1
}

# outside_sql DB SQL: run SQL on an edition as another program would,
# past the triggers by which the file refuses a change that mudawala does
# not journal: they are dropped for it and made again as they were.
outside_sql() {
	{
		sqlite3 "$1" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema WHERE type = 'trigger' AND name GLOB '*_journal_*'"
		printf '%s;\n' "$2"
		sqlite3 "$1" "SELECT sql || ';' FROM sqlite_schema WHERE type = 'trigger' AND name GLOB '*_journal_*'"
	} >"${T:-/tmp}/outside.sql" && sqlite3 "$1" <"${T:-/tmp}/outside.sql"
}

. "$MUDAWALA_SRCDIR/tests/pdf.sh"


# make_candidacy DIR ID [CATEGORY]: a candidacy's folder with every
# answer the e-mtiaz form requires, a two-page PDF and a text file.
make_candidacy() {
	mkdir -p "$1"
	cat >"$1/dossier.csv" <<CSV
field,value
id,$2
category,${3:-e-demarche}
title_fr,Service $2
title_ar,خدمة $2
administration,Ministere $2
description_fr,Un service en ligne pour les usagers ($2).
description_ar,خدمة إلكترونية لفائدة المرتفقين
beneficiaries,Citoyens
launch_date,2018-03-15
channel,web
users_per_year,12500
contact,Amina Alaoui
answer_interet_general_fr,Le service touche toutes les regions.
answer_qualite_fr,Delai de reponse de deux jours.
answer_rendement_fr,Moins de papier.
answer_realisation_fr,Realise en interne.
CSV
	make_pdf "$1/presentation.pdf" "Presentation of $2" "Usage figures zyxwordonpagetwo $2"
	printf 'Statistiques %s\n' "$2" >"$1/statistiques.txt"
}
