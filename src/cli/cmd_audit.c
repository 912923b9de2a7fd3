/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit subcommand: list the log, or verify the chain and the
 * contents it vouches for. */
#include <config.h>

#include <stdlib.h>

#include <string.h>

#include "cli/cli.h"
#include "cli/identity.h"
#include "core/audit.h"
#include "core/dossier.h"
#include "core/sign.h"
#include "cli/output.h"
#include "util/i18n.h"

struct audit_args {
	int format;
	bool verify;
	const char *pubkey;
};

static int
audit_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	struct audit_args *a = ctx;

	switch (c) {
	case OPT_VERIFY:
		a->verify = true;
		return 0;
	case OPT_FORMAT:
		return cli_format_option(&a->format, c, arg, err);
	case 'p':
		a->pubkey = arg;
		return 0;
	}
	return -1;
}

/* Who signed how many acts, by name. */
static void
print_signers(struct edition *ed, const struct audit_report *rep)
{
	struct mw_error err = { 0 };
	struct juror *j = NULL;
	size_t n = 0, i, k;

	if (jurors_load(ed, &j, &n, &err) != 0)
		n = 0;
	for (i = 0; i < rep->nsigners; i++) {
		const char *name = rep->signers[i].id;

		for (k = 0; k < n; k++)
			if (strcmp(j[k].id, name) == 0)
				name = j[k].name;
		printf(ngettext("  %s: %ld act signed and verified\n",
		    "  %s: %ld acts signed and verified\n",
		    (unsigned long)rep->signers[i].acts), name,
		    rep->signers[i].acts);
	}
	jurors_free(j, n);
}

static void
print_report(struct edition *ed, const struct audit_report *rep,
    const char *pubkey)
{
	printf(ngettext("Audit log verified: %lld row checked, chain "
	    "intact, contents match.\n", "Audit log verified: %lld rows "
	    "checked, chain intact, contents match.\n",
	    (unsigned long)rep->rows), (long long)rep->rows);
	printf(_("Chain head: %s\n"), rep->head);
	if (rep->first_signed == 0)
		printf(_("No act in this file is signed: anyone holding the file "
		    "could have written it.\n"));
	else {
		printf(_("Every act from row %lld on is signed by the member who "
		    "made it:\n"), (long long)rep->first_signed);
		print_signers(ed, rep);
		if (rep->last_unsigned_setup > 0)
			printf(_("Rows 1 to %lld (the set-up before the chair had a "
			    "key) carry no signature; the chair's first signed act "
			    "vouches for them.\n"), (long long)rep->last_unsigned_setup);
	}
	if (rep->anchored)
		printf(_("Anchored: the chair's key %s that signed first is the "
		    "published key %s.\n"), rep->chair_key, pubkey);
	else if (rep->first_signed > 0)
		printf(_("Not anchored: the signatures were checked only against "
		    "the keys stored in this file (the chair's is %s); give -p "
		    "CHAIR.PUB, the chair's published key, to check who signed."
		    "\n"), rep->chair_key);
	if (rep->locked && rep->anchored)
		printf(_("Locked: the seal matches the deliberation data and "
		    "carries the chair's signature.\n"));
	else if (rep->locked)
		printf(_("Locked: the seal is self-consistent, but checked only "
		    "against the key stored in this file: give -p CHAIR.PUB to "
		    "check who signed it.\n"));
}

int
cmd_audit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "verify", no_argument, NULL, OPT_VERIFY },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_args a = { OUT_TABLE, false, NULL };
	struct mw_error err = { 0 };
	struct audit_report rep;
	struct edition *ed;
	struct output *out;
	int ret, first = cli_parse_short(cli, argc, argv, "p:", opts,
	    audit_option, &a, &err);

	if (first < 0 || cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	/* A member who names themselves sees their own scores in the log. */
	if ((cli_juror(cli) != NULL && !a.verify ?
	    cli_open_as(cli, DB_READ, &ed, &err) :
	    db_open(cli_db(cli), DB_READ, &ed, &err)) != 0)
		return cli_fail(&err);
	if (a.pubkey != NULL && !a.verify) {
		error_usage(&err, _("audit: -p goes with --verify"));
		db_close(ed);
		return cli_fail(&err);
	}
	if (a.verify) {
		struct public_key anchor;

		if (a.pubkey != NULL &&
		    sign_read_public_key(a.pubkey, &anchor, &err) != 0) {
			db_close(ed);
			return cli_fail(&err);
		}
		ret = audit_verify(ed, a.pubkey != NULL ? &anchor : NULL, &rep,
		    &err);
		if (ret == 0)
			print_report(ed, &rep, a.pubkey);
		audit_report_free(&rep);
		db_close(ed);
		return ret != 0 ? cli_fail(&err) : 0;
	}
	out = output_new(stdout, (enum out_format)a.format, &audit_columns);
	ret = audit_list(ed, cli_juror(cli), a.format == OUT_TABLE ?
	    _("(hidden until the deliberation)") : "hidden", output_row, out,
	    &err);
	if (output_end(out, ret == 0 ? &err : NULL) != 0)
		ret = -1;
	db_close(ed);
	return ret == 0 ? 0 : cli_fail(&err);
}
