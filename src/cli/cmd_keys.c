/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mudawala keygen: a member's key pair, minisign-compatible. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/keys.h"
#include "core/memberkey.h"
#include "core/pack.h"
#include "cli/identity.h"
#include "cli/outfile.h"
#include "cli/passphrase.h"
#include "util/i18n.h"

struct keygen_args {
	const char *pub, *sec;
};

static int
keygen_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	struct keygen_args *a = ctx;

	if (c == 'p')
		a->pub = arg;
	else if (c == 's')
		a->sec = arg;
	else
		return -1;
	return 0;
}

int
cmd_keygen(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "public-key", required_argument, NULL, 'p' },
		{ "secret-key", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct keygen_args a = { NULL, NULL };
	struct mw_error err = { 0 };
	char *pass, *pub = NULL, *sec = NULL;
	int first = cli_parse_short(cli, argc, argv, "p:s:", opts,
	    keygen_option, &a, &err);

	if (first < 0 || cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if (a.pub == NULL || a.sec == NULL) {
		error_usage(&err, _("keygen: give -p PUBKEY and -s SECRETKEY"));
		return cli_fail(&err);
	}
	pass = passphrase_get(cli, _("Passphrase for the new key: "), true, &err);
	if (pass == NULL)
		return cli_fail(&err);
	if (*pass == '\0') {
		passphrase_free(pass);
		error_set(&err, _("an empty passphrase would leave the key "
		    "unprotected; nothing was written"));
		return cli_fail(&err);
	}
	if (key_generate(pass, KEY_OPSLIMIT, KEY_MEMLIMIT, "mudawala", &pub,
	    &sec, &err) != 0) {
		passphrase_free(pass);
		return cli_fail(&err);
	}
	passphrase_free(pass);
	if (key_write_new(a.sec, sec, 0600, &err) != 0) {
		key_text_free(sec);
		key_text_free(pub);
		return cli_fail(&err);
	}
	if (key_write_new(a.pub, pub, 0644, &err) != 0) {
		remove(a.sec);          /* both files or neither */
		key_text_free(sec);
		key_text_free(pub);
		return cli_fail(&err);
	}
	key_text_free(sec);
	printf(_("Wrote the public key to %s and the secret key to %s.\n"
	    "Register the public key (its second line) in the edition as the "
	    "member's public_key.\n"), a.pub, a.sec);
	printf("%s", pub);
	key_text_free(pub);
	return 0;
}

int
cmd_pubkey(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ NULL, 0, NULL, 0 },
	};
	struct mw_error err = { 0 };
	struct edition *ed;
	const char *out = NULL;
	char *text;
	int ret = 0, first = cli_parse_short(cli, argc, argv, "o:", opts,
	    cli_output_option, &out, &err);

	if (first < 0 || cli_need(cli_juror(cli), "--juror", &err) != 0 ||
	    cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if (db_open(cli_db(cli), DB_READ, &ed, &err) != 0)
		return cli_fail(&err);
	text = key_public_text(ed, cli_juror(cli), &err);
	db_close(ed);
	if (text == NULL)
		return cli_fail(&err);
	/* A public key is published: readable by all, never overwritten. */
	if (out == NULL || strcmp(out, "-") == 0)
		fputs(text, stdout);
	else if ((ret = key_write_new(out, text, 0644, &err)) == 0)
		printf(_("Wrote the public key of %s to %s.\n"), cli_juror(cli),
		    out);
	free(text);
	return ret == 0 ? 0 : cli_fail(&err);
}

static int
pack_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	const char **a = ctx;

	(void)err;
	if (c == OPT_FOR)
		a[0] = arg;
	else if (c == 'o' || c == OPT_OUTPUT)
		a[1] = arg;
	else
		return -1;
	return 0;
}

int
cmd_pack(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "for", required_argument, NULL, OPT_FOR },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ NULL, 0, NULL, 0 },
	};
	struct mw_error err = { 0 };
	struct secret_key *key = NULL;
	struct outfile of = { 0 };
	struct edition *ed;
	const char *a[2] = { NULL, NULL };
	char held[4200];
	int ret, first = cli_parse_short(cli, argc, argv, "o:", opts,
	    pack_option, a, &err);

	if (first < 0 || cli_need(cli_juror(cli), "--juror", &err) != 0 ||
	    cli_need(a[0], "--for", &err) != 0 ||
	    cli_need(a[1], "-o", &err) != 0 ||
	    cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if (db_open(cli_db(cli), DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	ret = cli_unlock(cli, ed, cli_juror(cli), &key, &err);
	if (ret == 0)
		ret = outfile_open(&of, a[1], &err);
	if (ret == 0) {
		/* A pack on standard output goes without the juror's key:
		 * copied beside the temporary file, it would stay there. */
		ret = pack_write(ed, cli_juror(cli), key, a[0], of.path,
		    !of.to_stdout, &err);
		if (outfile_finish(&of, ret == 0, &err) != 0)
			ret = -1;
	}
	key_free(key);
	if (ret == 0 && of.to_stdout &&
	    pack_held_key(db_path(ed), a[0], held, sizeof held))
		fprintf(stderr, _("The pack went to standard output without the "
		    "secret key of %s; give them %s as well.\n"), a[0], held);
	db_close(ed);
	if (ret != 0)
		return cli_fail(&err);
	if (!of.to_stdout)
		printf(_("Wrote the pack of %s to %s: the dossiers, the commission's "
	    "public keys and their own work, signed by the chair; nobody "
	    "else's scores.\n"), a[0], a[1]);
	return 0;
}
