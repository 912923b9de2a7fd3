#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The interface in Arabic, as an Arabic reader sees it: shaped letters,
# the layout mirrored (ids at the right edge), Left and Right moving as
# they look; logical text with --bidi=terminal; a language switch in the
# middle of scoring loses nothing.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"
DB="$T/demo.sqlite"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
use_catalogues
printf 'demo\n' >"$T/pass"
shaped() { "$MUDAWALA_SHAPE" "$1"; }
ar() { LANGUAGE=ar TEXTDOMAINDIR="$T/locale" gettext mudawala "$1"; }
all_shaped() {         # DESCRIPTION
	if screen | "$MUDAWALA_SHAPE" --unshaped 2>"$T/unshaped"; then
		ok "$1: no unshaped Arabic letter"
	else
		not_ok "$1: no unshaped Arabic letter" "$(cat "$T/unshaped")"
	fi
}
row_of() { screen | grep -F "$1" | head -1 | sed 's/ *$//'; }

tui_start 100 30 --db "$DB" --juror hg --lang ar --passphrase-file "$T/pass"
expect_screen "$(shaped "خدمة الإيداع الإلكتروني للفواتير")" "the browser shows Arabic titles, shaped and in reading order"
all_shaped "the browser"
# The status line reads right to left as written: the phase (in
# Arabic), the member's name, their role; the Latin name does not merge
# with anything around it.
expect_screen "$(shaped "$(ar " phase: %s · %s (%s) · %s " | sed 's/^ //; s/%s/التنقيط/; s/%s/\xE2\x81\xA8Youssef El Amrani\xE2\x81\xA9/; s/%s/عضو/; s/ · %s .*//')")" "the status line reads phase, name, role, in that order"
case "$(row_of "$(shaped "خدمة الإيداع الإلكتروني للفواتير")")" in
*D01) ok "the id column is at the right edge" ;;
*) not_ok "the id column is at the right edge" "$(row_of D01)" ;;
esac
case "$(screen | sed -n 4p | sed 's/ *$//')" in
*"$(shaped "$(ar Id)")") ok "the column headers start from the right" ;;
*) not_ok "the column headers start from the right" "$(screen | sed -n 4p)" ;;
esac
case "$(row_of "$(shaped "$(ar All)")")" in
*"$(shaped "$(ar All)")") ok "the category tabs start from the right" ;;
*) not_ok "the category tabs start from the right" "$(screen | sed -n 2p)" ;;
esac
# The scroll bar: 35 dossiers, 26 rows; in the first column, not the last.
sb_last=$(tmx capture-pane -p -N -t t | sed -n 5p | sed 's/.*\(.\)$/\1/')
case "$(screen | sed -n 5p)" in
"█"*) [ "$sb_last" != "█" ] && ok "the scroll bar is on the left" || not_ok "the scroll bar is on the left" "last '$sb_last'" ;;
*) not_ok "the scroll bar is on the left" "$(screen | sed -n 5p)" ;;
esac
keys Left
expect_screen "$(shaped "التسجيل المدرسي عبر الخط")" "Left goes to the next category, on the left"
keys Right
expect_screen "$(shaped "تطبيق MapNewsDisplay")" "Right comes back"
keys Enter
expect_screen "Dépôt électronique des factures" "the reader shows the French title too"
all_shaped "the reader"
keys q
# D12: not yet scored by hg.
keys Down Down Down Down Down Down Down Down Down Down Down s
expect_screen "$(shaped "المنفعة العامة للخدمة الإلكترونية")" "the scoring form names the criteria in Arabic"
all_shaped "the scoring form"
keys + +
sleep 0.3
keys L
expect_screen "Intérêt général du téléservice" "L switches to French in the middle of scoring"
keys +
sleep 0.3
keys q q
tmx kill-session -t t
n=$(sqlite3 "$DB" "SELECT value FROM score WHERE juror_id = 'hg' AND dossier_id = 'D12' AND criterion_id = 'interet-general'" 2>/dev/null || echo "?")
[ "$n" = 2.0 ] || [ "$n" = "?" ] && ok "the switch lost no score" || not_ok "the switch lost no score" "$n"

tui_start 100 30 --db "$DB" --juror chair --lang ar --passphrase-file "$T/pass"
expect_screen "$(shaped "خدمة الإيداع الإلكتروني للفواتير")" "the chair in Arabic"
# The reader's values line up whatever their label: a lam-alef ligature
# in "الإدارة:" is one cell, and counted as one.
keys Enter
expect_screen "(TGR)" "the reader in Arabic"
after() { screen | grep -F "$1" | head -1 | sed "s/.*$2//" | LC_ALL=C.UTF-8 wc -m; }
a=$(after "D01" "D01") b=$(after "(TGR)" "(TGR)")
[ "$a" = "$b" ] && ok "the values of Dossier and Administration end in the same column" || not_ok "the values of Dossier and Administration end in the same column" "after D01: $a, after (TGR): $b" "$(screen)"
keys q
keys Space Space c
expect_screen "$(shaped "بورنيت: طلب")" "compare in Arabic"
all_shaped "compare"
keys q r
expect_screen "$(shaped "الخدمات الإجرائية")" "the ranking in Arabic"
all_shaped "the ranking"
keys q q
tmx kill-session -t t

# Digits read left to right in Arabic too: the ranks' units under each
# other, rank 10 ending where rank 1 ends (the right edge of the column).
# Omar Berrada's own ranking in the demo reaches rank 11.
tui_start 100 30 --demo --lang ar
expect_screen "Omar Berrada" "the demo in Arabic"
keys Down Enter
sleep 0.3
keys -l demo
keys Enter
expect_screen "$(shaped "مرحبًا")" "Omar Berrada is in"
keys r
expect_screen "D12" "his ranking"
end_of_rank() { screen | awk -v r="$1" '$NF == r' | head -1 | LC_ALL=C.UTF-8 wc -L; }
i=0
while [ $i -lt 50 ]; do
	a=$(end_of_rank 1) b=$(end_of_rank 10)
	[ "$a" -gt 0 ] && [ "$b" -gt 0 ] && break
	sleep 0.1
	i=$((i + 1))
done
[ "$a" -gt 0 ] && [ "$a" = "$b" ] && ok "ranks 1 and 10 end in the same column" || not_ok "ranks 1 and 10 end in the same column" "rank 1 ends at $a, rank 10 at $b" "$(screen)"
keys q q
tmx kill-session -t t

# Terminals that reorder themselves, and screen readers: logical text,
# nothing mirrored.
tui_start 100 30 --db "$DB" --juror hg --lang ar --bidi terminal --passphrase-file "$T/pass"
expect_screen "خدمة الإيداع الإلكتروني للفواتير" "--bidi=terminal sends the logical text"
case "$(row_of "خدمة الإيداع الإلكتروني للفواتير")" in
"  D01 "*) ok "and does not mirror the layout" ;;
*) not_ok "and does not mirror the layout" "$(row_of D01)" ;;
esac
keys q
tmx kill-session -t t
MUDAWALA_BIDI=terminal tui_start 100 30 --db "$DB" --juror hg --lang ar --passphrase-file "$T/pass"
expect_screen "خدمة الإيداع الإلكتروني للفواتير" "MUDAWALA_BIDI=terminal does the same"
keys q
tmx kill-session -t t
done_testing
