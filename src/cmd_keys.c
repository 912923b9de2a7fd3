/* mudawala keygen: a member's key pair, minisign-compatible. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/keys.h"
#include "passphrase.h"
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
	if (key_write_new(a.sec, sec, &err) != 0) {
		key_text_free(sec);
		key_text_free(pub);
		return cli_fail(&err);
	}
	if (key_write_new(a.pub, pub, &err) != 0) {
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
