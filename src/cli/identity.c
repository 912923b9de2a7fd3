/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "core/pack.h"
#include "core/memberkey.h"
#include "core/sign.h"
#include "cli/identity.h"
#include "cli/passphrase.h"
#include "util/i18n.h"

int
cli_unlock(struct cli *cli, struct edition *ed, const char *juror,
    struct secret_key **keep, struct mw_error *err)
{
	struct secret_key *key;
	char path[PATH_MAX], prompt[256], *pass;
	int rc;

	if (keep != NULL)
		*keep = NULL;
	if (cli->key != NULL)
		snprintf(path, sizeof path, "%s", cli->key);
	else
		key_default_path(cli_db(cli), juror, path, sizeof path);
	snprintf(prompt, sizeof prompt, _("Passphrase of %s: "), juror);
	pass = passphrase_get(cli, prompt, false, err);
	if (pass == NULL)
		return -1;
	rc = key_unlock_identity(ed, juror, path, pass, &key, err);
	passphrase_free(pass);
	if (rc != 0) {
		/* A short delay makes guessing slow. */
		sleep(1);
		return -1;
	}
	db_set_signer(ed, juror, key);
	if (keep != NULL)
		*keep = key;
	else
		key_free(key);
	return 0;
}

int
cli_check_pack(struct cli *cli, struct edition *ed, struct mw_error *err)
{
	struct public_key anchor;
	bool is_pack;

	if (cli->chair_key != NULL &&
	    sign_read_public_key(cli->chair_key, &anchor, err) != 0)
		return -1;
	return pack_check(ed, cli->chair_key != NULL ? &anchor : NULL,
	    &is_pack, err);
}

int
cli_open_as(struct cli *cli, enum db_mode mode, struct edition **ed,
    struct mw_error *err)
{
	const char *juror = cli_juror(cli);
	bool needed;

	if (db_open(cli_db(cli), mode, ed, err) != 0)
		return -1;
	if (cli_check_pack(cli, *ed, err) != 0 ||
	    key_needed(*ed, juror, &needed, err) != 0)
		goto fail;
	if (!needed)
		return 0;
	if (juror == NULL) {
		error_usage(err, _("every act is signed by the member who acts: "
		    "say who you are with --juror"));
		goto fail;
	}
	if (cli_unlock(cli, *ed, juror, NULL, err) == 0)
		return 0;
fail:
	db_close(*ed);
	*ed = NULL;
	return -1;
}
