/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Subcommands of trust: the chair's lock, backups, and conflicts of
 * interest declared during the work. */
#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/identity.h"
#include "cli/outfile.h"
#include "core/backup.h"
#include "core/conflicts.h"
#include "core/consensus.h"
#include "core/keys.h"
#include "core/lock.h"
#include "cli/passphrase.h"
#include "util/i18n.h"

int
cmd_lock(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct mw_error err = { 0 };
	struct secret_key *key = NULL;
	struct edition *ed;
	int ret, first = cli_parse(cli, argc, argv, opts, NULL, NULL, &err);

	if (first < 0 || cli_need(cli_juror(cli), "--juror", &err) != 0 ||
	    cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if (db_open(cli_db(cli), DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	if (cli_unlock(cli, ed, cli_juror(cli), &key, &err) != 0) {
		db_close(ed);
		return cli_fail(&err);
	}
	ret = lock_edition(ed, cli_juror(cli), key, &err);
	key_free(key);
	db_close(ed);
	if (ret != 0)
		return cli_fail(&err);
	printf(_("The edition is locked and sealed; nothing can change it "
	    "any more.\n"));
	return 0;
}

int
cmd_backup(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ NULL, 0, NULL, 0 },
	};
	struct mw_error err = { 0 };
	struct outfile of = { 0 };
	struct edition *ed;
	const char *out = NULL;
	int ret, first = cli_parse_short(cli, argc, argv, "o:", opts,
	    cli_output_option, &out, &err);

	if (first < 0 || cli_need(out, "-o", &err) != 0 ||
	    cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if (db_open(cli_db(cli), DB_READ, &ed, &err) != 0)
		return cli_fail(&err);
	ret = outfile_open(&of, out, &err);
	if (ret == 0)
		ret = backup_write(ed, of.path, &err);
	if (outfile_finish(&of, ret == 0, &err) != 0)
		ret = -1;
	db_close(ed);
	if (ret != 0)
		return cli_fail(&err);
	if (!of.to_stdout)
		printf(_("Backup written to %s and checked.\n"), out);
	return 0;
}

struct conflict_args {
	const char *dossier, *reason, *of;
};

static int
conflict_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	struct conflict_args *a = ctx;

	(void)err;
	switch (c) {
	case OPT_DOSSIER:
		a->dossier = arg;
		return 0;
	case OPT_REASON:
		a->reason = arg;
		return 0;
	case OPT_MEMBER:
		a->of = arg;
		return 0;
	}
	return -1;
}

/* abstain (the juror themselves) and recuse (the chair, --member ID). */
static int
declare(struct cli *cli, int argc, char **argv, bool recusal)
{
	static const struct option recuse_opts[] = {
		CLI_COMMON_OPTIONS,
		{ "dossier", required_argument, NULL, OPT_DOSSIER },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "member", required_argument, NULL, OPT_MEMBER },
		{ NULL, 0, NULL, 0 },
	};
	/* A juror abstains for themselves: no --member. */
	static const struct option abstain_opts[] = {
		CLI_COMMON_OPTIONS,
		{ "dossier", required_argument, NULL, OPT_DOSSIER },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ NULL, 0, NULL, 0 },
	};
	struct conflict_args a = { NULL, NULL, NULL };
	struct mw_error err = { 0 };
	struct edition *ed;
	const char *juror;
	int ret, first = cli_parse(cli, argc, argv, recusal ? recuse_opts :
	    abstain_opts, conflict_option, &a, &err);

	if (first < 0 || cli_need(cli_juror(cli), "--juror", &err) != 0 ||
	    cli_need(a.dossier, "--dossier", &err) != 0 ||
	    cli_need(a.reason, "--reason", &err) != 0 ||
	    (recusal && cli_need(a.of, "--member", &err) != 0) ||
	    cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	juror = recusal ? a.of : cli_juror(cli);
	if (cli_open_as(cli, DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	ret = conflict_declare(ed, cli_juror(cli), juror, a.dossier, a.reason,
	    recusal, &err);
	db_close(ed);
	if (ret != 0)
		return cli_fail(&err);
	printf(_("Juror %s is in conflict with dossier %s and will not score "
	    "it.\n"), juror, a.dossier);
	return 0;
}

int
cmd_abstain(struct cli *cli, int argc, char **argv)
{
	return declare(cli, argc, argv, false);
}

int
cmd_recuse(struct cli *cli, int argc, char **argv)
{
	return declare(cli, argc, argv, true);
}

/* consensus: the chair reopens a disputed dossier for the members whose
 * totals lie outside the corridor. */
int
cmd_consensus(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "dossier", required_argument, NULL, OPT_DOSSIER },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ NULL, 0, NULL, 0 },
	};
	struct conflict_args a = { NULL, NULL, NULL };
	struct strbuf who = STRBUF_INIT;
	struct mw_error err = { 0 };
	struct edition *ed;
	int ret, first = cli_parse(cli, argc, argv, opts, conflict_option, &a,
	    &err);

	if (first < 0 || cli_need(cli_juror(cli), "--juror", &err) != 0 ||
	    cli_need(a.dossier, "--dossier", &err) != 0 ||
	    cli_need(a.reason, "--reason", &err) != 0 ||
	    cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if (cli_open_as(cli, DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	ret = consensus_open(ed, cli_juror(cli), a.dossier, a.reason, &who,
	    &err);
	db_close(ed);
	if (ret != 0) {
		strbuf_free(&who);
		return cli_fail(&err);
	}
	printf(_("Consensus round on dossier %s: %s may score it again.\n"),
	    a.dossier, strbuf_str(&who));
	strbuf_free(&who);
	return 0;
}
