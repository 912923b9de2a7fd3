#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every word translated: walking every screen in French and in Arabic
# shows no phase, role, flag, category or criterion id and no English
# word of the interface; numbers take the French decimal comma on screen
# (and keep their point in the machine formats, tests/cli/locale.sh).
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"
use_catalogues
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
export MUDAWALA_PASSPHRASE=demo
mw config --db "$DB" --juror chair corridor 10 >/dev/null

# Identifiers and English words that must never show in a translated
# interface: phases, roles, flags, category and criterion ids.
IDS='scoring|deliberation|member\b|chair\b|unscored|progress|\bown\b|partial|tiebreak|e-demarche|smart-apps|e-contenu|e-participation|interet-general|qualite\b|realisation|Weighted|Search:|Ranking|Prizes|Mean|help\b|back\b'

# walk LANG DESCRIPTION: every screen, the text of each kept.
walk() {
	: >"$T/walk"
	snap() { screen >>"$T/walk"; }
	keys Escape
	snap
	keys Enter
	sleep 0.3; snap                         # the reader
	keys s
	sleep 0.3; snap                         # the form
	keys Escape Escape Space j Space c
	sleep 0.3; snap                         # the comparison
	keys q r
	sleep 0.3; snap                         # the ranking
	keys a
	sleep 0.3; snap                         # the agenda
	keys q q p
	sleep 0.3; snap                         # the prizes
	keys ?
	sleep 0.3; snap                         # the help
	keys q q
}

for lang in fr ar; do
	mw phase --db "$DB" --juror chair scoring --reason "retour" >/dev/null 2>&1 || :
	LANGUAGE=$lang tui_start 80 24 --db "$DB" --juror chair
	expect_screen "D01" "$lang: the chair logs in during scoring"
	walk
	if grep -Eo "$IDS" "$T/walk" | sort -u >"$T/found" && [ -s "$T/found" ]; then
		not_ok "$lang, scoring: no id or English word on any screen" "$(tr '\n' ' ' <"$T/found")"
	else
		ok "$lang, scoring: no id or English word on any screen"
	fi
	keys q y
	tmx kill-session -t t
	mw phase --db "$DB" --juror chair deliberation >/dev/null
	LANGUAGE=$lang tui_start 80 24 --db "$DB" --juror chair
	expect_screen "D01" "$lang: the chair logs in during the deliberation"
	walk
	if grep -Eo "$IDS" "$T/walk" | sort -u >"$T/found" && [ -s "$T/found" ]; then
		not_ok "$lang, deliberation: no id or English word on any screen" "$(tr '\n' ' ' <"$T/found")"
	else
		ok "$lang, deliberation: no id or English word on any screen"
	fi
	if [ "$lang" = fr ]; then
		for seen in "Résumé (arabe)" "Total pondéré" "Écart type" "Le plus disputé d'abord" "Prix d'excellence" "Touches de cet écran"; do
			grep -qF "$seen" "$T/walk" && ok "fr: the walk went through '$seen'" || not_ok "fr: the walk went through '$seen'"
		done
		grep -q "85,25" "$T/walk" && ok "fr: the ranking writes 85,25" || not_ok "fr: the ranking writes 85,25" "$(grep -o '85.25' "$T/walk" | head -1)"
		if grep -Eq "[0-9]\.[0-9]" "$T/walk"; then
			not_ok "fr: no decimal point on any screen" "$(grep -Eo '.{10}[0-9]\.[0-9].{5}' "$T/walk" | head -3)"
		else
			ok "fr: no decimal point on any screen"
		fi
	fi
	keys q y
	tmx kill-session -t t
done
done_testing
