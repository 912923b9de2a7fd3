/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The laureates' certificates: one A4 page each, with a QR code that
 * anyone checks offline against the signed results. */
#ifndef MUDAWALA_CERTIFICATE_H
#define MUDAWALA_CERTIFICATE_H

#include "core/db.h"
#include "core/sign.h"

/* What the QR code of a certificate carries (one line of text):
 * MUDAWALA-CERT:1|edition=UUID|category=ID|prize=ID|dossier=ID|
 * results=BLAKE2B-256 of the results file|chairkey=KEY ID */
#define CERTIFICATE_TAG "MUDAWALA-CERT:1"

struct certificate {
	char edition[33];
	char category[65], prize[65], dossier[65];
	char results[65];       /* hex BLAKE2b-256 of the results file */
	char chairkey[17];      /* the key id, as minisign shows it */
};

/* Read a QR code's text; -1 with the field at fault if it is not one. */
int certificate_parse(const char *text, struct certificate *out,
    struct mw_error *err);

/*
 * Write one page per laureate (every decision that names a dossier) of
 * the locked edition to path, in lang ("ar" or "fr"), as PDF (Cairo,
 * Pango, the Amiri font).  results is the results file the commission
 * publishes (export --format json), signed by the chair (results.minisig):
 * each QR code names it by its BLAKE2b.  Whole or not at all.
 */
int certificate_write(struct edition *ed, const char *lang,
    const char *results, const char *path, struct mw_error *err);

/*
 * Check a certificate's text against the results file, its signature
 * (sigpath; NULL: results.minisig) and the chair's public key: the
 * signature holds, the key is the one the certificate names, the file is
 * the one it names (BLAKE2b), final, of its edition, and gives that prize
 * of that category to that dossier.  On success *title is the dossier's
 * title as the results give it (caller frees).
 */
int certificate_verify(const struct certificate *c, const char *results,
    const char *sigpath, const struct public_key *chair, char **title,
    struct mw_error *err);

#endif
