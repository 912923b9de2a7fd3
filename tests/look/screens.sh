#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# What a juror sees: the interface in real terminal emulators under Xvfb,
# screenshots measured rather than trusted.  xterm with DejaVu Sans Mono,
# in Arabic and French: the login, the dossier list, the reader, the
# scoring form and the ranking, with no box for a missing glyph and the
# columns aligned to the pixel; mlterm and a VTE terminal (sakura), which
# reorder Arabic themselves: the login drawn exactly as a reference of
# the same text in the terminal's explicit mode.  The screenshots stay in
# $MUDAWALA_SHOTS (tests/look/shots by default) for a person to look at.
#
# Not part of "make check" (it needs an X server and the emulators):
# "make check-look", which .ci/run runs.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"

INK="$MUDAWALA_BUILDDIR/tests/look/ink"
SHOTS="${MUDAWALA_SHOTS:-$MUDAWALA_BUILDDIR/tests/look/shots}"

for tool in Xvfb xterm xdotool xwd convert compare identify fc-list; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool is not installed (see .ci/run)"
		exit 0
	fi
done
if ! fc-list | grep -q "DejaVu Sans Mono"; then
	echo "1..0 # SKIP DejaVu Sans Mono is not installed (fonts-dejavu-core)"
	exit 0
fi
mkdir -p "$SHOTS"
use_catalogues

# A display of our own: Xvfb picks a free number and writes it to fd 3.
Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp 3>"$T/display" \
	>"$T/xvfb.log" 2>&1 &
xvfb=$!
trap 'pkill -P $$ >/dev/null 2>&1; kill $xvfb >/dev/null 2>&1; tmx kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/display" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
DISPLAY=:$(cat "$T/display")
export DISPLAY

# The program as a juror starts it, in LANG; the terminal stays open
# after it ends.
inner() {
	printf '%s\n' "#!/bin/sh" "cd '$T'" \
		"export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC LANGUAGE=$1 HOME='$HOME' TMPDIR='$T' XDG_DATA_HOME='$XDG_DATA_HOME' MUDAWALA_DATADIR='$MUDAWALA_DATADIR' MUDAWALA_LOCALEDIR='$MUDAWALA_LOCALEDIR'" \
		"unset TMUX" \
		"'$MUDAWALA_BIN' --demo 2>'$T/stderr'" \
		"sleep 600" >"$T/inner.sh"
	chmod +x "$T/inner.sh"
}

# term_start CLASS COMMAND...: the terminal's window, focused, in $W.
term_start() {
	class=$1
	shift
	"$@" >"$T/term.log" 2>&1 &
	term_pid=$!
	W=
	i=0
	while [ -z "$W" ] && [ $i -lt 100 ]; do
		sleep 0.1
		W=$(xdotool search --onlyvisible --class "$class" 2>/dev/null |
		    tail -1)
		i=$((i + 1))
	done
	if [ -z "$W" ]; then
		return 1
	fi
	xdotool windowfocus "$W" >/dev/null 2>&1
	return 0
}

term_stop() {
	kill "$term_pid" >/dev/null 2>&1
	wait "$term_pid" 2>/dev/null
	W=
}

# shot NAME: the window once it shows something, has stopped changing
# and differs from the last shot (10 s at most), as $SHOTS/NAME.png and
# $T/NAME.ppm.  A window is found before it is mapped (xwd gives nothing)
# or drawn (two shots of a blank screen and its cursor alike): neither is
# taken; every screen shot holds three inked rows at least (ink lists
# every row, with its stretches when it has some).
last_sum=
shot() {
	prev=
	i=0
	while [ $i -lt 100 ]; do
		xwd -id "$W" -nobdrs -silent 2>/dev/null |
			convert xwd:- "ppm:$T/$1.ppm" 2>/dev/null
		sum=$(cksum <"$T/$1.ppm")
		# A window that cannot be shot may be the last terminal's, gone
		# since it was found: look for the terminal's window again.
		if [ ! -s "$T/$1.ppm" ] && [ -n "${class:-}" ]; then
			W=$(xdotool search --onlyvisible --class "$class" \
			    2>/dev/null | tail -1)
		fi
		if [ -s "$T/$1.ppm" ] && [ "$sum" = "$prev" ] &&
		    [ "$sum" != "$last_sum" ] &&
		    [ "$("$INK" "$T/$1.ppm" 80 24 2>/dev/null |
		    grep -c '^row [0-9]* [0-9]')" -ge 3 ]; then
			break
		fi
		prev=$sum
		sleep 0.2
		i=$((i + 1))
	done
	# Nothing to show after 20 s: say what the program was doing, for
	# the log (gdb, where the machine has it).
	if [ $i -ge 100 ]; then
		echo "# shot $1: nothing drawn; stderr: $(head -c 300 \
		    "$T/stderr" 2>/dev/null)" >&2
		for p in $(pgrep -f "mudawala --demo" 2>/dev/null); do
			echo "# process $p waits in $(cat "/proc/$p/wchan")" >&2
			gdb -p "$p" -batch -ex "thread apply all bt 8" \
			    2>/dev/null | grep '^#' | head -30 | sed 's/^/# /' >&2
		done
	fi
	last_sum=$sum
	convert "ppm:$T/$1.ppm" "$SHOTS/$1.png"
	"$INK" "$T/$1.ppm" 80 24 >"$T/$1.ink"
}

press() {
	xdotool key "$@" 2>/dev/null
	sleep 0.3
}

# no_boxes NAME: no cell of the shot holds a missing-glyph box.
no_boxes() {
	n=$(awk '$1 == "boxes" {print $2}' "$T/$1.ink")
	if [ "${n:-x}" = 0 ]; then
		ok "$1: no missing glyph"
	else
		not_ok "$1: no missing glyph" "$n cells hold a box" \
		    "$(grep '^box ' "$T/$1.ink" | head -5)" "see $SHOTS/$1.png"
	fi
}

# aligned NAME FIRST LAST MIN WHICH DESCRIPTION: in rows FIRST to LAST of
# the shot that have at least MIN inked stretches, the edge WHICH lies at
# the same pixel column within half a cell.  WHICH is "first.start",
# "first.end", "last.start", "last.end", "prev.start" or "prev.end" (the
# stretch before the last), "second.start", "second.end".
aligned() {
	if awk -v first="$2" -v last="$3" -v min="$4" -v which="$5" '
	$1 == "cell" { cw = $2 }
	$1 == "row" && $2 >= first && $2 <= last && NF - 2 >= min {
		n = NF - 2
		split(which, w, ".")
		k = w[1] == "first" ? 3 : w[1] == "second" ? 4 : \
		    w[1] == "last" ? NF : NF - 1
		split($k, e, "-")
		x = w[2] == "start" ? e[1] : e[2]
		rows++
		if (rows == 1) lo = hi = x
		if (x < lo) lo = x
		if (x > hi) hi = x
		seen = seen " " $2 ":" x
	}
	END {
		if (rows < 3 || hi - lo > cw / 2) {
			printf "%d rows; edges (row:x) %s\n", rows, seen
			exit 1
		}
	}' "$T/$1.ink" >"$T/aligned.out"; then
		ok "$6"
	else
		not_ok "$6" "$(cat "$T/aligned.out")" "see $SHOTS/$1.png"
	fi
}

# The reader's fields (rows 3 to 9), the scoring form's criteria and the
# lists' rows, as the screenshot shows them.
xterm_screens() {
	lang=$1 end=$2 start=$3 rank=$4 flags=$5
	inner "$lang"
	if ! term_start mlook xterm -name mlook -class mlook -b 0 \
	    -geometry 80x24 -fa 'DejaVu Sans Mono' -fs 11 -e "$T/inner.sh"; then
		not_ok "xterm starts ($lang)" "$(cat "$T/term.log")"
		return
	fi
	shot "xterm-$lang-login"
	no_boxes "xterm-$lang-login"
	press Down Return
	xdotool type --delay 40 demo 2>/dev/null
	press Return
	shot "xterm-$lang-list"
	no_boxes "xterm-$lang-list"
	# The dossiers: each row ends (and starts) where the others do,
	# whatever lam-alef ligatures its title holds.
	aligned "xterm-$lang-list" 4 20 3 "last.end" \
	    "xterm-$lang-list: the rows end at one column"
	aligned "xterm-$lang-list" 4 20 3 "first.start" \
	    "xterm-$lang-list: the rows start at one column"
	press Return
	shot "xterm-$lang-reader"
	no_boxes "xterm-$lang-reader"
	aligned "xterm-$lang-reader" 3 9 2 "$end" \
	    "xterm-$lang-reader: the labels line up"
	aligned "xterm-$lang-reader" 3 9 2 "$start" \
	    "xterm-$lang-reader: the values line up"
	press s
	shot "xterm-$lang-score"
	no_boxes "xterm-$lang-score"
	aligned "xterm-$lang-score" 10 14 3 "first.start" \
	    "xterm-$lang-score: the criteria's rows start at one column"
	aligned "xterm-$lang-score" 10 14 3 "second.start" \
	    "xterm-$lang-score: the scales line up"
	aligned "xterm-$lang-score" 10 14 3 "last.end" \
	    "xterm-$lang-score: the criteria's rows end at one column"
	press Escape
	sleep 0.2
	press Escape
	sleep 0.2
	press r
	shot "xterm-$lang-ranking"
	no_boxes "xterm-$lang-ranking"
	# Below the header: the ranks' units under each other.
	aligned "xterm-$lang-ranking" 5 15 3 "$rank" \
	    "xterm-$lang-ranking: the ranks line up"
	aligned "xterm-$lang-ranking" 5 15 3 "$flags" \
	    "xterm-$lang-ranking: the flags line up"
	term_stop
}

# In Arabic the labels end at the right edge and the values before them,
# the ranks at the right edge and the flags at the left; in French the
# labels start at the left edge and the values after them, the ranks at
# the left, right-aligned, and the flags at the right.
xterm_screens ar last.end prev.end last.end first.start
xterm_screens fr first.start second.start first.end last.start

# The check sees boxes where they are: xterm's default bitmap font has no
# Arabic.
inner ar
if term_start mlook xterm -name mlook -class mlook -b 0 -geometry 80x24 \
    -e "$T/inner.sh"; then
	shot xterm-bitmap-ar-login
	n=$(awk '$1 == "boxes" {print $2}' "$T/xterm-bitmap-ar-login.ink")
	if [ "${n:-0}" -gt 20 ]; then
		ok "the check finds the boxes of a font without Arabic ($n)"
	else
		not_ok "the check finds the boxes of a font without Arabic" \
		    "${n:-no} boxes found" "see $SHOTS/xterm-bitmap-ar-login.png"
	fi
	term_stop
fi

# Terminals that reorder by themselves.  The text of the login screen as
# mudawala draws it (tmux keeps the cells as they come), printed again in
# the terminal with its own bidi off (the reference) and on (what a juror
# would see if mudawala left it on).
LANGUAGE=ar tui_start 80 24 --demo
wait_for "Enter" || :
sleep 0.5
screen >"$T/login.txt"
tmx kill-session -t t

# reference NAME SEQUENCE: the login's rows 1 to 11 at their place, after
# SEQUENCE.
reference() {
	{
		printf '#!/bin/sh\nprintf %s\n' "'$2\\033[2J\\033[?25l'"
		awk 'NR >= 2 && NR <= 12 {
			gsub(/\047/, "\047\\\047\047")
			printf "printf %s\n", "\047\\033[" NR ";1H" $0 "\047"
		}' "$T/login.txt"
		echo "sleep 600"
	} >"$T/reference.sh"
	chmod +x "$T/reference.sh"
}

# differing A B ROW0 ROW1: how many pixels differ between the two shots
# in rows ROW0 to ROW1.
differing() {
	# Cells of h pixels below a padding of top pixels (VTE pads).
	h=$(awk '$1 == "cell" {print $3}' "$T/$1.ink")
	top=$(( ($(identify -format %h "ppm:$T/$1.ppm") - 24 * h) / 2 ))
	g="x$(( ($4 - $3 + 1) * h ))+0+$(($3 * h + top))"
	convert "ppm:$T/$1.ppm" -crop "$g" +repage "$T/a.png"
	convert "ppm:$T/$2.ppm" -crop "$g" +repage "$T/b.png"
	compare -metric AE "$T/a.png" "$T/b.png" null: 2>&1 |
		awk '{print $1 + 0}'
}

look_reordering() {
	name=$1 class=$2 off=$3 on=$4
	shift 4
	inner ar
	if ! term_start "$class" "$@" "$T/inner.sh"; then
		skip "$name does not start here: $(head -c 200 "$T/term.log")"
		return
	fi
	shot "$name-ar-login"
	term_stop
	reference "$name" "$off"
	term_start "$class" "$@" "$T/reference.sh"
	shot "$name-reference-ar-login"
	term_stop
	reference "$name" "$on"
	term_start "$class" "$@" "$T/reference.sh"
	shot "$name-reordered-ar-login"
	term_stop
	# The member list below the highlighted first row.
	d=$(differing "$name-ar-login" "$name-reference-ar-login" 6 11)
	if [ "$d" = 0 ]; then
		ok "$name: the login reads as the reference, its own bidi off"
	else
		not_ok "$name: the login reads as the reference, its own bidi off" \
		    "$d pixels differ" "see $SHOTS/$name-ar-login.png and $SHOTS/$name-reference-ar-login.png"
	fi
	d=$(differing "$name-ar-login" "$name-reordered-ar-login" 6 11)
	if [ "${d:-0}" -gt 0 ]; then
		ok "$name: with its bidi on, the same text reads otherwise ($d pixels)"
	else
		not_ok "$name: with its bidi on, the same text reads otherwise" \
		    "the check cannot tell" "see $SHOTS/$name-reordered-ar-login.png"
	fi
}

if command -v mlterm >/dev/null 2>&1; then
	look_reordering mlterm mlterm '\033]5379;use_ctl=false\007' \
	    '\033]5379;use_ctl=true\007' \
	    mlterm --sb=false --border=0 -w 16 -g 80x24 -e
else
	skip "mlterm is not installed"
fi
if command -v sakura >/dev/null 2>&1; then
	look_reordering vte-sakura sakura '\033[8l\033[1 k' '\033[8h\033[0 k' \
	    sakura -c 80 -r 24 -e
else
	skip "sakura (VTE) is not installed"
fi

echo "1..$tap_n"
[ "$tap_failed" -eq 0 ]
