/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Subcommands of the jury's work: score, submit, phase, ranking. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/identity.h"
#include "core/decision.h"
#include "core/ranking.h"
#include "core/scoring.h"
#include "util/strbuf.h"
#include "cli/output.h"
#include "util/i18n.h"

struct score_args {
	const char *dossier;
	const char *criterion;
	const char *comment;
};

static int
score_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	struct score_args *a = ctx;

	switch (c) {
	case OPT_DOSSIER:
		a->dossier = arg;
		return 0;
	case OPT_CRITERION:
		a->criterion = arg;
		return 0;
	case OPT_COMMENT:
		a->comment = arg;
		return 0;
	}
	return -1;
}

int
cmd_score(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "dossier", required_argument, NULL, OPT_DOSSIER },
		{ "criterion", required_argument, NULL, OPT_CRITERION },
		{ "comment", required_argument, NULL, OPT_COMMENT },
		{ NULL, 0, NULL, 0 },
	};
	struct score_args a = { NULL, NULL, NULL };
	struct mw_error err = { 0 };
	struct edition *ed;
	char *end;
	double value;
	int first = cli_parse(cli, argc, argv, opts, score_option, &a, &err);

	if (first < 0 || cli_need(cli_juror(cli), "--juror", &err) != 0 ||
	    cli_need(a.dossier, "--dossier", &err) != 0 ||
	    cli_need(a.criterion, "--criterion", &err) != 0 ||
	    cli_want_args(argc, argv, first, 1, "VALUE", &err) != 0)
		return cli_fail(&err);
	errno = 0;
	value = strtod(argv[first], &end);
	if (*argv[first] == '\0' || *end != '\0' || errno != 0 ||
	    !isfinite(value)) {
		error_usage(&err, _("score: VALUE must be a number, found '%s'"),
		    argv[first]);
		return cli_fail(&err);
	}
	if (cli_open_as(cli, DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	if (score_set(ed, cli_juror(cli), a.dossier, a.criterion, value,
	    a.comment, &err) != 0) {
		db_close(ed);
		return cli_fail(&err);
	}
	db_close(ed);
	return 0;
}

int
cmd_submit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "dossier", required_argument, NULL, OPT_DOSSIER },
		{ NULL, 0, NULL, 0 },
	};
	struct score_args a = { NULL, NULL, NULL };
	struct mw_error err = { 0 };
	struct edition *ed;
	bool already;
	int first = cli_parse(cli, argc, argv, opts, score_option, &a, &err);

	if (first < 0 || cli_need(cli_juror(cli), "--juror", &err) != 0 ||
	    cli_need(a.dossier, "--dossier", &err) != 0 ||
	    cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if (cli_open_as(cli, DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	if (score_submit(ed, cli_juror(cli), a.dossier, &already, &err) != 0) {
		db_close(ed);
		return cli_fail(&err);
	}
	db_close(ed);
	if (already)
		printf(_("Dossier %s was already submitted by %s; nothing "
		    "changed.\n"), a.dossier, cli_juror(cli));
	else
		printf(_("Submitted dossier %s for %s.\n"), a.dossier,
		    cli_juror(cli));
	return 0;
}

int
cmd_phase(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "reason", required_argument, NULL, OPT_REASON },
		{ NULL, 0, NULL, 0 },
	};
	struct mw_error err = { 0 };
	struct edition *ed;
	const char *reason = NULL;
	bool changed;
	int first = cli_parse(cli, argc, argv, opts, cli_reason_option, &reason,
	    &err);

	if (first < 0 || cli_want_args(argc, argv, first, 1,
	    "setup|scoring|deliberation", &err) != 0)
		return cli_fail(&err);
	if (cli_open_as(cli, DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	if (edition_set_phase(ed, argv[first], cli_actor(cli), reason, &changed,
	    &err) != 0) {
		db_close(ed);
		return cli_fail(&err);
	}
	db_close(ed);
	if (changed)
		printf(_("The edition is now in phase %s.\n"), argv[first]);
	else
		printf(_("The edition is already in phase %s; nothing changed.\n"),
		    argv[first]);
	return 0;
}

/* Whether every juror's totals are open (deliberation, locked); if not,
 * the message says so. */
static bool
ranking_open(struct edition *ed, struct mw_error *err)
{
	struct edition_info info;

	if (edition_get_info(ed, &info, err) != 0)
		return false;
	if (strcmp(info.phase, "deliberation") == 0 ||
	    strcmp(info.phase, "locked") == 0)
		return true;
	error_set(err, _("the other methods show every juror's totals and open "
	    "with the deliberation; the edition is in phase '%s'"), info.phase);
	return false;
}

struct ranking_args {
	int format;
	const char *category;
	int method;
	bool compare;
};

static int
ranking_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	struct ranking_args *a = ctx;

	switch (c) {
	case OPT_FORMAT:
		return cli_format_option(&a->format, c, arg, err);
	case OPT_CATEGORY:
		a->category = arg;
		return 0;
	case OPT_METHOD:
		a->method = method_parse(arg);
		if (a->method < 0)
			return error_usage(err, _("--method: expected mean, median, "
			    "trimmed, zscore, schulze or copeland, found '%s'"), arg);
		return 0;
	case OPT_COMPARE:
		a->compare = true;
		return 0;
	}
	return -1;
}

int
cmd_ranking(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "method", required_argument, NULL, OPT_METHOD },
		{ "compare-methods", no_argument, NULL, OPT_COMPARE },
		{ NULL, 0, NULL, 0 },
	};
	struct ranking_args a = { OUT_TABLE, NULL, METHOD_MEAN, false };
	struct strbuf notes = STRBUF_INIT;
	struct mw_error err = { 0 };
	struct edition *ed;
	struct output *out;
	int ret, first = cli_parse(cli, argc, argv, opts, ranking_option, &a,
	    &err);

	if (first < 0 || cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if (a.compare && a.method != METHOD_MEAN) {
		error_usage(&err, _("--compare-methods shows every method; leave "
		    "out --method"));
		return cli_fail(&err);
	}
	if ((cli_juror(cli) != NULL ? cli_open_as(cli, DB_READ, &ed, &err) :
	    db_open(cli_db(cli), DB_READ, &ed, &err)) != 0)
		return cli_fail(&err);
	/* Without an identity, only what anyone holding the file may see:
	 * during scoring, no figure drawn from the scores. */
	if (cli_juror(cli) == NULL && !ranking_open(ed, &err)) {
		struct edition_info info;

		if (edition_get_info(ed, &info, &err) == 0)
			error_set(&err, _("the edition is in phase '%s': until the "
			    "deliberation the ranking shows only a member's own "
			    "totals, to that member (give --juror)"), info.phase);
		db_close(ed);
		return cli_fail(&err);
	}
	out = output_new(stdout, (enum out_format)a.format, a.compare ?
	    &ranking_compare_columns : &ranking_columns);
	/* A juror who says who they are sees what the phase lets them see:
	 * during scoring, their own totals (the chair: progress counts). */
	if (cli_juror(cli) != NULL && !a.compare && a.method == METHOD_MEAN) {
		enum ranking_view view;

		ret = ranking_visible(ed, cli_juror(cli), a.category,
		    cli_data_lang(cli), &view, output_row, out, &err);
	} else if (cli_juror(cli) != NULL && !ranking_open(ed, &err)) {
		ret = -1;
	} else if (a.compare)
		ret = ranking_compare(ed, a.category, cli_data_lang(cli), &notes,
		    output_row, out, &err);
	else
		ret = ranking_method(ed, a.category, cli_data_lang(cli),
		    (enum method)a.method, &notes, output_row, out, &err);
	if (output_end(out, ret == 0 ? &err : NULL) != 0)
		ret = -1;
	db_close(ed);
	/* What the reader must know about the figures, after them. */
	if (notes.len > 0)
		fputs(strbuf_str(&notes), stderr);
	strbuf_free(&notes);
	return ret == 0 ? 0 : cli_fail(&err);
}

struct award_args {
	const char *category, *prize, *dossier, *rationale, *override;
	bool none;
};

static int
award_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	struct award_args *a = ctx;

	switch (c) {
	case OPT_CATEGORY:
		a->category = arg;
		return 0;
	case OPT_PRIZE:
		a->prize = arg;
		return 0;
	case OPT_DOSSIER:
		a->dossier = arg;
		return 0;
	case OPT_RATIONALE:
		a->rationale = arg;
		return 0;
	case OPT_NONE:
		a->none = true;
		return 0;
	case OPT_OVERRIDE_QUORUM:
		a->override = arg;
		return 0;
	}
	return -1;
}

int
cmd_award(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "prize", required_argument, NULL, OPT_PRIZE },
		{ "dossier", required_argument, NULL, OPT_DOSSIER },
		{ "none", no_argument, NULL, OPT_NONE },
		{ "rationale", required_argument, NULL, OPT_RATIONALE },
		{ "override-quorum", required_argument, NULL,
		    OPT_OVERRIDE_QUORUM },
		{ NULL, 0, NULL, 0 },
	};
	struct award_args a = { NULL, NULL, NULL, NULL, NULL, false };
	struct mw_error err = { 0 };
	struct edition *ed;
	int first = cli_parse(cli, argc, argv, opts, award_option, &a, &err);

	if (first < 0 || cli_need(cli_juror(cli), "--juror", &err) != 0 ||
	    cli_need(a.category, "--category", &err) != 0 ||
	    cli_need(a.prize, "--prize", &err) != 0 ||
	    cli_need(a.rationale, "--rationale", &err) != 0 ||
	    cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if ((a.dossier == NULL) == !a.none) {
		error_usage(&err, _("award: give either --dossier ID or --none"));
		return cli_fail(&err);
	}
	if (cli_open_as(cli, DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	if (decision_set(ed, cli_juror(cli), a.category, a.prize, a.dossier,
	    a.rationale, a.override, &err) != 0) {
		db_close(ed);
		return cli_fail(&err);
	}
	db_close(ed);
	if (a.dossier != NULL)
		printf(_("Prize %s of category %s goes to dossier %s.\n"), a.prize,
		    a.category, a.dossier);
	else
		printf(_("No %s prize in category %s.\n"), a.prize, a.category);
	return 0;
}
