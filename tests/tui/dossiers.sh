#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A candidacy as a juror reads it in the terminal: the documents and the
# application form in the reader, the answer to the criterion in focus
# beside the score, a word found inside a PDF (and where), a document
# opened in a stand-in viewer from a private copy removed at the end, its
# text read in place; the same in Arabic.
. "$MUDAWALA_SRCDIR/tests/tui/lib.sh"
DB="$T/demo.sqlite"
C="$T/candidacies"
"$MUDAWALA_BIN" demo --db "$DB" >/dev/null
for n in 1 2 3; do
	make_candidacy "$C/c$n" "cand-0$n"
done
printf 'Interet general: la zyxgeneral du service.\n' >"$C/c2/note.txt"
# A photograph of one pixel.
printf '%s' iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg== |
    base64 -d >"$C/c1/photo.png"
sed -i 's/^answer_qualite_fr,.*/answer_qualite_fr,Un delai de reponse de deux jours ouvrables./' "$C/c2/dossier.csv"
MUDAWALA_PASSPHRASE=demo "$MUDAWALA_BIN" import folder --db "$DB" --juror chair "$C" >/dev/null ||
    echo "Bail out! the candidacies do not import"
printf 'demo\n' >"$T/pass"

# The viewer: records the path it was given and the BLAKE2b of the file.
cat >"$T/viewer" <<SH
#!/bin/sh
printf '%s\n' "\$1" >"$T/viewed-path"
b2sum -l 256 "\$1" | cut -d' ' -f1 >"$T/viewed-hash"
SH
chmod +x "$T/viewer"

TUI_WRAP="env MUDAWALA_OPEN='$T/viewer' " tui_start 80 24 --db "$DB" --juror hg --passphrase-file "$T/pass"
expect_screen "dossiers" "a member logs in"
keys / z y x w o r d o n p a g e t w o ' ' c a n d - 0 2 Enter
expect_screen "1 dossier" "a word only inside a PDF finds its dossier"
expect_screen "cand-02: in attachment presentation.pdf, page 2" "and says where it is: the document and the page"
keys Enter
expect_screen "Service cand-02" "the reader opens on that dossier"
keys NPage
expect_screen "Documents (3): o opens one, t reads its text" "the reader lists the documents"
expect_screen "2. presentation.pdf  · application/pdf · 2 pages · 891 B" "with their type from the content, pages and size"
keys NPage
expect_screen "Qualité des services fournis aux usagers" "the form's sections follow, under their names"
expect_screen "Un delai de reponse de deux jours ouvrables." "with the candidate's answers"
keys o
expect_screen "Which document?" "o asks which document"
keys Down Enter
expect_screen "Opened presentation.pdf in the viewer." "the viewer ran and the screen came back"
want=$(b2sum -l 256 "$C/c2/presentation.pdf" | cut -d' ' -f1)
if [ -s "$T/viewed-hash" ] && [ "$(cat "$T/viewed-hash")" = "$want" ]; then
	ok "the viewer's file has the document's hash"
else
	not_ok "the viewer's file has the document's hash" "want $want" "got $(cat "$T/viewed-hash" 2>/dev/null)"
fi
viewed=$(cat "$T/viewed-path" 2>/dev/null)
case $viewed in
"${TMPDIR:-/tmp}"/mudawala-*/presentation.pdf)
	ok "a private copy under its own name" ;;
*)	not_ok "a private copy under its own name" "$viewed" ;;
esac
mode=$(stat -c %a "$(dirname "$viewed")" 2>/dev/null)
[ "$mode" = 700 ] && ok "in a folder only the user reads" ||
    not_ok "in a folder only the user reads" "mode $mode"
keys t Enter
expect_screen "note.txt" "t reads a document's text here"
expect_screen "la zyxgeneral du service" "its text shows"
keys Escape t Down Enter
expect_screen "— page 2 of 2 —" "a PDF's pages are numbered"
expect_screen "Usage figures zyxwordonpagetwo cand-02" "with their text"
keys Escape s
expect_screen "The candidate's answer: Intérêt général du téléservice" "the score form shows the section of the criterion in focus"
expect_screen "Le service touche toutes les regions." "with the answer"
keys Down
expect_screen "The candidate's answer: Qualité des services fournis aux usagers" "moving to the next criterion shows its section"
expect_screen "Un delai de reponse de deux jours ouvrables." "and its answer"
keys 1 5 Enter
expect_screen "15" "a score is typed beside it"
keys q q q
wait_for "Quit mudawala?" && keys y
expect_screen "[exit 0]" "the member quits"
if [ -n "$viewed" ] && [ ! -e "$viewed" ] && [ ! -e "$(dirname "$viewed")" ]; then
	ok "the copy and its folder are gone at the end"
else
	not_ok "the copy and its folder are gone at the end" "$(ls -la "$(dirname "$viewed")" 2>&1)"
fi
[ "$(sqlite3 "$DB" "SELECT value FROM score WHERE juror_id = 'hg' AND dossier_id = 'cand-02' AND criterion_id = 'qualite'")" = 15.0 ] &&
    ok "the score is saved" || not_ok "the score is saved" "$(sqlite3 "$DB" "SELECT * FROM score WHERE dossier_id = 'cand-02'")"
tmx kill-session -t t

# No viewer: the image is described, in the status line and on its own
# screen.  Its copy goes to a TMPDIR of the test's own, to see it removed
# when the terminal closes under the program.
mkdir "$T/tmp"
TUI_WRAP="env TMPDIR='$T/tmp' MUDAWALA_OPEN='$T/no-such-viewer' " tui_start 80 24 --db "$DB" --juror hg --passphrase-file "$T/pass"
expect_screen "dossiers" "a member logs in again"
keys / c a n d - 0 1 Enter Enter o
expect_screen "Which document?" "a dossier with a photograph"
keys Enter
expect_screen "No viewer for photo.png (PNG image data, 1 x 1" "without a viewer, the image is described"
keys t Enter
expect_screen "This document has no text to show here: PNG image data, 1 x 1" "and t says what it is"
copy=$(find "$T/tmp" -name photo.png)
[ -n "$copy" ] && ok "the copy given to the viewer is there while the program runs" ||
    not_ok "the copy given to the viewer is there while the program runs"
# The terminal closes while a question waits for its answer (SIGHUP): the
# program ends as on q, the copies removed, and no loop is left spinning
# on a terminal that is gone.
keys Escape q q
sleep 0.5
pid=$(pgrep -P "$(tmx list-panes -t t -F '#{pane_pid}')" mudawala)
keys q
tmx kill-session -t t
i=0
while { [ -n "$(find "$T/tmp" -mindepth 1)" ] || kill -0 "$pid" 2>/dev/null; } && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
left=$(find "$T/tmp" -mindepth 1)
[ -z "$left" ] && ok "the terminal closed: the copy and its folder are removed" ||
    not_ok "the terminal closed: the copy and its folder are removed" "$left"
if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
	ok "and the program, asked a question when it closed, has ended"
else
	not_ok "and the program, asked a question when it closed, has ended" "pid '$pid': $(ps -o pid,stat,pcpu,args -p "$pid" 2>&1 | tail -1)"
	kill -9 "$pid" 2>/dev/null
fi

# In Arabic: the same reader, its headings and the data in Arabic.
use_catalogues
shaped() { "$MUDAWALA_SHAPE" "$1"; }
tui_start 80 24 --db "$DB" --juror hg --lang ar --passphrase-file "$T/pass"
expect_screen "$(shaped "الخدمات الإجرائية")" "the Arabic browser"
keys / c a n d - 0 3 Enter
expect_screen "$(shaped "خدمة cand-03")" "finds the candidacy"
keys Enter NPage
expect_screen "$(shaped "الوثائق (2): o يفتح إحداها، t يقرأ نصها")" "the documents, in Arabic"
expect_screen "$(shaped "خدمة إلكترونية لفائدة المرتفقين")" "the Arabic answer first"
keys NPage
expect_screen "$(shaped "المنفعة العامة للخدمة الإلكترونية")" "the sections under their Arabic names"
tmx resize-window -t t -x 100 -y 30
expect_screen "$(shaped "جواب المترشح")" "a resize keeps the reader"
all_shaped() {
	if screen | "$MUDAWALA_SHAPE" --unshaped 2>"$T/unshaped"; then
		ok "$1: no unshaped Arabic letter"
	else
		not_ok "$1: no unshaped Arabic letter" "$(cat "$T/unshaped")"
	fi
}
all_shaped "the reader"
keys C-c
expect_screen "[exit 130]" "Ctrl-C ends the program as on q, with the status of an interrupt"

done_testing
