/* Subcommands of the jury's work: score, submit, phase, ranking. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/decision.h"
#include "core/ranking.h"
#include "core/scoring.h"
#include "output.h"
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

static int
need(const char *value, const char *option, struct mw_error *err)
{
	if (value == NULL || *value == '\0')
		return error_usage(err, _("the option %s is required"), option);
	return 0;
}

/* --juror is who scores; MUDAWALA_JUROR stands in for it. */
static const char *
juror_of(const struct cli *cli)
{
	const char *j = cli_actor(cli);

	return strcmp(j, "-") == 0 ? NULL : j;
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

	if (first < 0 || need(juror_of(cli), "--juror", &err) != 0 ||
	    need(a.dossier, "--dossier", &err) != 0 ||
	    need(a.criterion, "--criterion", &err) != 0 ||
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
	if (db_open(cli_db(cli), DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	if (score_set(ed, juror_of(cli), a.dossier, a.criterion, value,
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

	if (first < 0 || need(juror_of(cli), "--juror", &err) != 0 ||
	    need(a.dossier, "--dossier", &err) != 0 ||
	    cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if (db_open(cli_db(cli), DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	if (score_submit(ed, juror_of(cli), a.dossier, &already, &err) != 0) {
		db_close(ed);
		return cli_fail(&err);
	}
	db_close(ed);
	if (already)
		printf(_("Dossier %s was already submitted by %s; nothing "
		    "changed.\n"), a.dossier, juror_of(cli));
	else
		printf(_("Submitted dossier %s for %s.\n"), a.dossier,
		    juror_of(cli));
	return 0;
}

int
cmd_phase(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct mw_error err = { 0 };
	struct edition *ed;
	bool changed;
	int first = cli_parse(cli, argc, argv, opts, NULL, NULL, &err);

	if (first < 0 || cli_want_args(argc, argv, first, 1,
	    "setup|scoring|deliberation", &err) != 0)
		return cli_fail(&err);
	if (db_open(cli_db(cli), DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	if (edition_set_phase(ed, argv[first], cli_actor(cli), &changed,
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

struct ranking_args {
	int format;
	const char *category;
};

static int
ranking_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	struct ranking_args *a = ctx;

	switch (c) {
	case OPT_FORMAT:
		a->format = output_format_parse(arg);
		if (a->format < 0)
			return error_usage(err, _("--format: expected table, csv or "
			    "json, found '%s'"), arg);
		return 0;
	case OPT_CATEGORY:
		a->category = arg;
		return 0;
	case OPT_METHOD:
		if (strcmp(arg, "mean") != 0)
			return error_usage(err, _("--method: this version knows only "
			    "'mean', found '%s'"), arg);
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
		{ NULL, 0, NULL, 0 },
	};
	struct ranking_args a = { OUT_TABLE, NULL };
	struct mw_error err = { 0 };
	struct edition *ed;
	struct output *out;
	int ret, first = cli_parse(cli, argc, argv, opts, ranking_option, &a,
	    &err);

	if (first < 0 || cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if (db_open(cli_db(cli), DB_READ, &ed, &err) != 0)
		return cli_fail(&err);
	out = output_new(stdout, (enum out_format)a.format, &ranking_columns);
	ret = ranking_run(ed, a.category, cli_data_lang(cli), output_row, out,
	    &err);
	if (output_end(out, ret == 0 ? &err : NULL) != 0)
		ret = -1;
	db_close(ed);
	return ret == 0 ? 0 : cli_fail(&err);
}

struct award_args {
	const char *category, *prize, *dossier, *rationale;
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
		{ NULL, 0, NULL, 0 },
	};
	struct award_args a = { NULL, NULL, NULL, NULL, false };
	struct mw_error err = { 0 };
	struct edition *ed;
	int first = cli_parse(cli, argc, argv, opts, award_option, &a, &err);

	if (first < 0 || need(juror_of(cli), "--juror", &err) != 0 ||
	    need(a.category, "--category", &err) != 0 ||
	    need(a.prize, "--prize", &err) != 0 ||
	    need(a.rationale, "--rationale", &err) != 0 ||
	    cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if ((a.dossier == NULL) == !a.none) {
		error_usage(&err, _("award: give either --dossier ID or --none"));
		return cli_fail(&err);
	}
	if (db_open(cli_db(cli), DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	if (decision_set(ed, juror_of(cli), a.category, a.prize, a.dossier,
	    a.rationale, &err) != 0) {
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
