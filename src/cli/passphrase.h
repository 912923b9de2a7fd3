/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Getting a passphrase on the command line: --passphrase-file, then
 * MUDAWALA_PASSPHRASE (scripts), then the terminal with echo off. */
#ifndef MUDAWALA_PASSPHRASE_H
#define MUDAWALA_PASSPHRASE_H

#include <stdbool.h>

#include "cli/cli.h"

/*
 * Without asking: the passphrase from the file or the environment, in
 * sodium_malloc memory (free with passphrase_free()), or NULL if neither
 * is given.  A file that cannot be read is an error (*err, NULL).
 */
char *passphrase_given(const struct cli *cli, struct mw_error *err);

/* The given passphrase, or ask on the terminal (twice if confirm). */
char *passphrase_get(const struct cli *cli, const char *prompt, bool confirm,
    struct mw_error *err);

/* Wipe and free (NULL is fine). */
void passphrase_free(char *p);

#endif
