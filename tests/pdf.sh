# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the tests and by bench/run: PDF documents as candidacies
# send them, made with the shell alone.

# make_pdf OUT TEXT...: a PDF of one page per TEXT (ASCII, no parentheses
# or backslashes), in Helvetica, with a correct cross-reference table:
# what a candidacy's scanned letter or presentation is to poppler.  With
# PDF_PADDING=BYTES, that many random bytes more.  A subshell: its
# variables stay its own.
make_pdf() (
	out=$1
	shift
	n=$#
	: >"$out"
	offsets=""
	pdf_obj() {
		offsets="$offsets $(wc -c <"$out")"
		printf '%s 0 obj\n%s\nendobj\n' "$1" "$2" >>"$out"
	}
	printf '%%PDF-1.4\n' >>"$out"
	kids=""
	pdf_i=0
	while [ $pdf_i -lt "$n" ]; do
		kids="$kids $((4 + 2 * pdf_i)) 0 R"
		pdf_i=$((pdf_i + 1))
	done
	pdf_obj 1 "<< /Type /Catalog /Pages 2 0 R >>"
	pdf_obj 2 "<< /Type /Pages /Kids [$kids ] /Count $n >>"
	pdf_obj 3 "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
	pdf_i=0
	for text in "$@"; do
		stream="BT /F1 14 Tf 72 720 Td ($text) Tj ET"
		pdf_obj $((4 + 2 * pdf_i)) "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents $((5 + 2 * pdf_i)) 0 R >>"
		pdf_obj $((5 + 2 * pdf_i)) "<< /Length ${#stream} >>
stream
$stream
endstream"
		pdf_i=$((pdf_i + 1))
	done
	count=$((3 + 2 * n + 1))
	if [ "${PDF_PADDING:-0}" -gt 0 ]; then
		# An object no page uses, of random bytes in base64: a scan's
		# weight without its pages.
		pad=$(head -c "$PDF_PADDING" /dev/urandom | base64 -w 0 | head -c "$PDF_PADDING")
		pdf_obj $count "<< /Length ${#pad} >>
stream
$pad
endstream"
		count=$((count + 1))
	fi
	xref=$(wc -c <"$out")
	printf 'xref\n0 %d\n0000000000 65535 f \n' "$count" >>"$out"
	for o in $offsets; do
		printf '%010d 00000 n \n' "$o" >>"$out"
	done
	printf 'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' \
	    "$count" "$xref" >>"$out"
)
