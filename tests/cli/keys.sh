#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mudawala keygen: minisign-compatible key files, checked with minisign.
. "$MUDAWALA_SRCDIR/tests/lib.sh"
cd "$T" || exit 99

MUDAWALA_PASSPHRASE="un mot de passe" run keygen -p chair.pub -s chair.key
expect_status 0 "keygen writes a key pair"
expect_out "RW" "and shows the public key line"
mode=$(stat -c %a chair.key)
[ "$mode" = 600 ] && ok "the secret key file is 0600" || not_ok "the secret key file is 0600" "$mode"
MUDAWALA_PASSPHRASE=x run keygen -p chair.pub -s other.key
expect_status 1 "keygen never overwrites a key"
expect_err "a key is never overwritten" "and says so"
[ ! -e other.key ] && ok "nothing half-written" || not_ok "nothing half-written"
MUDAWALA_PASSPHRASE= run keygen -p e.pub -s e.key
expect_status 1 "an empty passphrase is refused"
printf 'depuis un fichier\n' >pass
run keygen -p f.pub -s f.key --passphrase-file pass
expect_status 0 "--passphrase-file gives the passphrase"
run keygen -p g.pub
expect_status 2 "keygen needs both files"

if command -v minisign >/dev/null 2>&1; then
	printf 'Le document\n' >doc.txt
	if printf 'un mot de passe\n' | minisign -S -s chair.key -m doc.txt >/dev/null 2>&1 &&
	    minisign -V -p chair.pub -m doc.txt >/dev/null 2>&1; then
		ok "minisign signs with our secret key and verifies with our public key"
	else
		not_ok "minisign signs with our secret key and verifies with our public key"
	fi
	if printf 'faux\n' | minisign -S -s f.key -m doc.txt -x bad.sig >/dev/null 2>&1; then
		not_ok "minisign refuses our key with a wrong passphrase"
	else
		ok "minisign refuses our key with a wrong passphrase"
	fi
	"$MUDAWALA_BIN" demo --db demo.sqlite >/dev/null
	if printf 'demo\n' | minisign -S -s demo.sqlite.keys/chair.key -m doc.txt -x demo.sig >/dev/null 2>&1; then
		ok "the demo keys open with the passphrase README.md gives"
	else
		not_ok "the demo keys open with the passphrase README.md gives"
	fi
	pub=$(mw list jurors --db demo.sqlite --format csv | awk -F, '$1 == "chair" {print $NF}')
	printf 'untrusted comment: chair\n%s\n' "$pub" >registered.pub
	if minisign -V -p registered.pub -m doc.txt -x demo.sig >/dev/null 2>&1; then
		ok "the registered public key is the chair's"
	else
		not_ok "the registered public key is the chair's"
	fi
else
	ok "# SKIP minisign not installed"
fi
done_testing
