/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Subcommands of the deliberation: the agenda, progress, score history,
 * the chair's settings and casting decisions. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/identity.h"
#include "core/agenda.h"
#include "core/decision.h"
#include "core/settings.h"
#include "cli/output.h"
#include "util/i18n.h"

struct list_args {
	int format;
	const char *category, *dossier, *rationale;
};

static int
list_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	struct list_args *a = ctx;

	switch (c) {
	case OPT_FORMAT:
		return cli_format_option(&a->format, c, arg, err);
	case OPT_CATEGORY:
		a->category = arg;
		return 0;
	case OPT_DOSSIER:
		a->dossier = arg;
		return 0;
	case OPT_RATIONALE:
		a->rationale = arg;
		return 0;
	}
	return -1;
}

enum listing { AGENDA, PROGRESS, HISTORY };

/* agenda, progress and history: options, then rows to the output.  Each
 * takes only its own options (and --help lists those). */
static int
list_command(struct cli *cli, int argc, char **argv, enum listing what)
{
	static const struct option by_category[] = {
		CLI_COMMON_OPTIONS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ NULL, 0, NULL, 0 },
	};
	static const struct option by_dossier[] = {
		CLI_COMMON_OPTIONS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "dossier", required_argument, NULL, OPT_DOSSIER },
		{ NULL, 0, NULL, 0 },
	};
	const struct option *opts = what == HISTORY ? by_dossier : by_category;
	static const struct columns *const columns[] = {
		&agenda_columns, &progress_columns, &history_columns,
	};
	struct list_args a = { OUT_TABLE, NULL, NULL, NULL };
	struct mw_error err = { 0 };
	struct edition *ed;
	struct output *out;
	int ret, first = cli_parse(cli, argc, argv, opts, list_option, &a, &err);

	if (first < 0 || cli_want_args(argc, argv, first, 0, "", &err) != 0 ||
	    (what == HISTORY && cli_need(a.dossier, "--dossier", &err) != 0))
		return cli_fail(&err);
	/* Progress is the chair's, history a member's own: each proves who
	 * they are. */
	if ((what == AGENDA ? db_open(cli_db(cli), DB_READ, &ed, &err) :
	    cli_open_as(cli, DB_READ, &ed, &err)) != 0)
		return cli_fail(&err);
	out = output_new(stdout, (enum out_format)a.format, columns[what]);
	switch (what) {
	case AGENDA:
		ret = agenda_run(ed, a.category, cli_data_lang(cli), output_row,
		    out, &err);
		break;
	case PROGRESS:
		ret = progress_run(ed, cli_juror(cli), a.category, output_row, out,
		    &err);
		break;
	default:
		ret = history_run(ed, cli_juror(cli), a.dossier, output_row, out,
		    &err);
		break;
	}
	if (output_end(out, ret == 0 ? &err : NULL) != 0)
		ret = -1;
	db_close(ed);
	return ret == 0 ? 0 : cli_fail(&err);
}

int
cmd_agenda(struct cli *cli, int argc, char **argv)
{
	return list_command(cli, argc, argv, AGENDA);
}

int
cmd_progress(struct cli *cli, int argc, char **argv)
{
	return list_command(cli, argc, argv, PROGRESS);
}

int
cmd_history(struct cli *cli, int argc, char **argv)
{
	return list_command(cli, argc, argv, HISTORY);
}

int
cmd_config(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	struct list_args a = { OUT_TABLE, NULL, NULL, NULL };
	struct mw_error err = { 0 };
	struct edition *ed;
	int ret, first = cli_parse(cli, argc, argv, opts, list_option, &a, &err);

	if (first < 0)
		return cli_fail(&err);
	if (argc - first != 0 && argc - first != 2) {
		error_usage(&err, _("config: expected no argument (to list the "
		    "settings) or KEY VALUE"));
		return cli_fail(&err);
	}
	if (argc - first == 0) {
		struct output *out;

		if (db_open(cli_db(cli), DB_READ, &ed, &err) != 0)
			return cli_fail(&err);
		out = output_new(stdout, (enum out_format)a.format,
		    &settings_columns);
		ret = settings_list(ed, output_row, out, &err);
		if (output_end(out, ret == 0 ? &err : NULL) != 0)
			ret = -1;
		db_close(ed);
		return ret == 0 ? 0 : cli_fail(&err);
	}
	if (cli_open_as(cli, DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	ret = setting_set(ed, cli_actor(cli), argv[first], argv[first + 1],
	    &err);
	db_close(ed);
	if (ret != 0)
		return cli_fail(&err);
	printf(_("Setting %s is %s.\n"), argv[first], argv[first + 1]);
	return 0;
}

int
cmd_tiebreak(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "rationale", required_argument, NULL, OPT_RATIONALE },
		{ NULL, 0, NULL, 0 },
	};
	struct list_args a = { OUT_TABLE, NULL, NULL, NULL };
	struct mw_error err = { 0 };
	struct edition *ed;
	int ret, first = cli_parse(cli, argc, argv, opts, list_option, &a, &err);

	if (first < 0 || cli_need(cli_juror(cli), "--juror", &err) != 0 ||
	    cli_need(a.category, "--category", &err) != 0 ||
	    cli_need(a.rationale, "--rationale", &err) != 0)
		return cli_fail(&err);
	if (argc - first < 2) {
		error_usage(&err, _("tiebreak: name the tied dossiers in the "
		    "order you decide, best first"));
		return cli_fail(&err);
	}
	if (cli_open_as(cli, DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	ret = casting_set(ed, cli_juror(cli), a.category, argv + first,
	    (size_t)(argc - first), a.rationale, &err);
	db_close(ed);
	if (ret != 0)
		return cli_fail(&err);
	printf(_("Casting decision recorded in category %s.\n"), a.category);
	return 0;
}
