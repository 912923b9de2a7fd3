# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the terminal tests: the command-line test library, plus a
# private tmux server running the real program at a fixed size.
. "$MUDAWALA_SRCDIR/tests/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

TMUX_SOCKET="mudawala-test-$$"
export TERM=xterm-256color
unset TMUX || :
tmx() {
	tmux -L "$TMUX_SOCKET" -f /dev/null "$@"
}
trap 'tmx kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
# A session that lives as long as the test: killing the last test session
# would make the server exit while the next one is being created (a race
# seen under load in make distcheck).
tmx new-session -d -s keep "sleep 86400"

# tui_start COLS ROWS ARGS...: mudawala ARGS in a detached session; the
# session stays after the program ends so that its last screen can be read
# (and, as an interactive shell would, outlives a Ctrl-C).
tui_start() {
	cols=$1 rows=$2
	shift 2
	printf '%s\n' "#!/bin/sh" \
		"cd '$T'" \
		"trap '' INT" \
		"export TMPDIR='${TMPDIR:-/tmp}' LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' MUDAWALA_DATADIR='$MUDAWALA_DATADIR' MUDAWALA_LOCALEDIR='${MUDAWALA_LOCALEDIR:-}' LANGUAGE='${LANGUAGE:-}' TERM='${TUI_TERM:-xterm-256color}'" \
		"${MUDAWALA_PASSPHRASE+export MUDAWALA_PASSPHRASE='$MUDAWALA_PASSPHRASE'}" \
		"${MUDAWALA_BIDI+export MUDAWALA_BIDI='$MUDAWALA_BIDI'}" \
		"${TUI_WRAP:-}'$MUDAWALA_BIN' $* ${TUI_WRAP_END:-}" \
		"echo \"[exit \$?]\"" \
		"sleep 600" >"$T/run.sh"
	chmod +x "$T/run.sh"
	tmx new-session -d -s t -x "$cols" -y "$rows" "$T/run.sh"
}

screen() {
	tmx capture-pane -p -t t
}

# keys KEY...: as a person types them.  An Esc is followed by a pause, as
# from a hand: Esc and the next key sent at once are an Alt sequence.
keys() {
	case $1 in
	-*)
		tmx send-keys -t t "$@"
		return ;;
	esac
	for k in "$@"; do
		tmx send-keys -t t "$k"
		if [ "$k" = Escape ]; then
			sleep 0.1
		fi
	done
}

# wait_for TEXT: poll the screen until TEXT shows (10 s at most).
wait_for() {
	i=0
	while [ $i -lt 200 ]; do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# wait_computed: until the screen no longer says it is computing (what
# reads every score runs in the background: keys typed before its rows
# come act on an empty list, as they would for a person who does not
# wait; 10 s at most).
wait_computed() {
	i=0
	while screen | grep -q "Computing" && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

# expect_screen TEXT DESCRIPTION
expect_screen() {
	if wait_for "$1"; then
		ok "$2"
	else
		not_ok "$2" "expected on screen: $1" "$(screen)"
	fi
}

# expect_no_screen TEXT DESCRIPTION: after the screen settled
expect_no_screen() {
	if screen | grep -qF -- "$1"; then
		not_ok "$2" "not expected on screen: $1" "$(screen)"
	else
		ok "$2"
	fi
}
