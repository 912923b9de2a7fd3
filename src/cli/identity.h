/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who acts on the command line: the member named by --juror (or
 * MUDAWALA_JUROR), proved by unlocking their secret key with their
 * passphrase, as the TUI's login does. */
#ifndef MUDAWALA_IDENTITY_H
#define MUDAWALA_IDENTITY_H

#include "cli/cli.h"
#include "core/db.h"
#include "core/keys.h"

/*
 * Unlock the secret key of juror (--key, else beside the edition, else
 * in $XDG_CONFIG_HOME/mudawala/keys) with the passphrase (file,
 * environment or terminal), check it against the key registered for
 * them, and make it sign what ed commits.  With keep, the unlocked key
 * is also returned (key_free()).  A wrong passphrase costs a second.
 */
int cli_unlock(struct cli *cli, struct edition *ed, const char *juror,
    struct secret_key **keep, struct mw_error *err);

/*
 * Open the edition for what the member who acts does or reads, and
 * unlock their key.  Once the chair has a key every act is signed, so
 * --juror is then required; before (the set-up of a new edition) a
 * member without a key acts unsigned and no passphrase is asked.
 */
int cli_open_as(struct cli *cli, enum db_mode mode, struct edition **ed,
    struct mw_error *err);

/* If ed is a juror's pack, check that the chair signed it (and, with
 * --chair-key, that it was that published key). */
int cli_check_pack(struct cli *cli, struct edition *ed, struct mw_error *err);

#endif
