/* The audit subcommand: list the log, or verify the chain and the
 * contents it vouches for. */
#include <config.h>

#include <stdlib.h>

#include "cli.h"
#include "core/audit.h"
#include "output.h"
#include "util/i18n.h"

struct audit_args {
	int format;
	bool verify;
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
	}
	return -1;
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
	struct audit_args a = { OUT_TABLE, false };
	struct mw_error err = { 0 };
	struct audit_report rep;
	struct edition *ed;
	struct output *out;
	int ret, first = cli_parse(cli, argc, argv, opts, audit_option, &a,
	    &err);

	if (first < 0 || cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if (db_open(cli_db(cli), DB_READ, &ed, &err) != 0)
		return cli_fail(&err);
	if (a.verify) {
		ret = audit_verify(ed, &rep, &err);
		db_close(ed);
		if (ret != 0)
			return cli_fail(&err);
		printf(ngettext("Audit log verified: %lld row checked, chain "
		    "intact, contents match.\n", "Audit log verified: %lld rows "
		    "checked, chain intact, contents match.\n",
		    (unsigned long)rep.rows), (long long)rep.rows);
		printf(_("Chain head: %s\n"), rep.head);
		if (rep.locked)
			printf(_("Locked: the seal matches the deliberation data and "
			    "carries the chair's signature.\n"));
		return 0;
	}
	out = output_new(stdout, (enum out_format)a.format, &audit_columns);
	ret = audit_list(ed, output_row, out, &err);
	if (output_end(out, ret == 0 ? &err : NULL) != 0)
		ret = -1;
	db_close(ed);
	return ret == 0 ? 0 : cli_fail(&err);
}
