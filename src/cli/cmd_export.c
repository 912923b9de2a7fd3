/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Subcommands of what leaves the commission: export (results, minutes),
 * verify (any signed file), sheet export / sheet import. */
#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/identity.h"
#include "core/certificate.h"
#include "cli/outfile.h"
#include "core/export.h"
#include "core/keys.h"
#include "core/sheet.h"
#include "core/sign.h"
#include "cli/passphrase.h"
#include "text/clean.h"
#include "util/strbuf.h"
#include "util/i18n.h"

struct export_args {
	int format;
	const char *out, *place, *pubkey, *sig, *results, *table, *absent;
	bool sign, draft, bom, certificates;
};

static int
export_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	struct export_args *a = ctx;

	switch (c) {
	case OPT_FORMAT:
		/* The certificates are drawn by core/certificate.c, from the
		 * signed results, not by the exporter. */
		a->certificates = strcmp(arg, "certificates") == 0;
		a->format = a->certificates ? EXPORT_JSON :
		    export_format_parse(arg);
		if (a->format < 0)
			return error_usage(err, _("--format: expected csv, json, "
			    "html, pdf or certificates, found '%s'"), arg);
		return 0;
	case OPT_RESULTS:
		a->results = arg;
		return 0;
	case OPT_ABSENT:
		a->absent = arg;
		return 0;
	case OPT_TABLE:
		if (!export_csv_table_known(arg))
			return error_usage(err, _("--table: expected one of %s, "
			    "found '%s'"), export_csv_tables(), arg);
		a->table = arg;
		return 0;
	case 'o':
	case OPT_OUTPUT:
		a->out = arg;
		return 0;
	case OPT_SIGN:
		a->sign = true;
		return 0;
	case OPT_DRAFT:
		a->draft = true;
		return 0;
	case OPT_BOM:
		a->bom = true;
		return 0;
	case OPT_PLACE:
		a->place = arg;
		return 0;
	case 'p':
		a->pubkey = arg;
		return 0;
	case 'x':
		a->sig = arg;
		return 0;
	}
	return -1;
}

int
cmd_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "sign", no_argument, NULL, OPT_SIGN },
		{ "draft", no_argument, NULL, OPT_DRAFT },
		{ "bom", no_argument, NULL, OPT_BOM },
		{ "place", required_argument, NULL, OPT_PLACE },
		{ "results", required_argument, NULL, OPT_RESULTS },
		{ "table", required_argument, NULL, OPT_TABLE },
		{ "absent", required_argument, NULL, OPT_ABSENT },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const kinds[] = { "results-csv", "results-json",
	    "minutes-html", "minutes-pdf" };
	char kind[64];
	struct export_args a = { .format = -1 };
	struct export_opts o = { 0 };
	struct outfile of = { 0 };
	struct mw_error err = { 0 };
	struct secret_key *key = NULL;
	struct strbuf comment = STRBUF_INIT;
	struct edition *ed;
	int ret, first = cli_parse_short(cli, argc, argv, "o:", opts,
	    export_option, &a, &err);

	if (first < 0 || cli_want_args(argc, argv, first, 0, "", &err) != 0 ||
	    cli_need(a.out, "-o", &err) != 0)
		return cli_fail(&err);
	if (a.format < 0) {
		error_usage(&err, _("the option --format is required (csv, json, "
		    "html, pdf or certificates)"));
		return cli_fail(&err);
	}
	if (a.certificates && cli_need(a.results, "--results", &err) != 0)
		return cli_fail(&err);
	if (a.table != NULL && (a.format != EXPORT_CSV || a.certificates)) {
		error_usage(&err, _("--table is for --format csv: the CSV results "
		    "come one table per file"));
		return cli_fail(&err);
	}
	if (a.sign && cli_need(cli_juror(cli), "--juror", &err) != 0)
		return cli_fail(&err);
	if (a.sign && strcmp(a.out, "-") == 0) {
		error_usage(&err, _("--sign writes the signature beside the file "
		    "(FILE.minisig): give -o FILE, not -o -"));
		return cli_fail(&err);
	}
	o.format = (enum export_format)a.format;
	o.lang = cli->lang != NULL && strcmp(cli->lang, "ar") == 0 ? "ar" :
	    cli->lang != NULL && strcmp(cli->lang, "en") == 0 ? "en" : "fr";
	o.draft = a.draft;
	o.bom = a.bom;
	o.place = a.place;
	o.dialect = cli->dialect;
	o.table = a.table;
	o.absent = a.absent;
	if (db_open(cli_db(cli), DB_READ, &ed, &err) != 0)
		return cli_fail(&err);
	/* The key first: a wrong passphrase writes nothing. */
	if (a.sign && cli_unlock(cli, ed, cli_juror(cli), &key, &err) != 0) {
		db_close(ed);
		return cli_fail(&err);
	}
	ret = outfile_open(&of, a.out, &err);
	if (ret == 0 && a.certificates)
		ret = certificate_write(ed, o.lang, a.results, of.path, &err);
	else if (ret == 0)
		ret = export_write(ed, &o, of.path, &err);
	if (outfile_finish(&of, ret == 0, &err) != 0)
		ret = -1;
	if (ret == 0 && a.sign) {
		/* The kind names the CSV table: a decisions file is never
		 * taken for a ranking. */
		snprintf(kind, sizeof kind, "%s%s%s", a.certificates ?
		    "certificates-pdf" : kinds[a.format], a.format == EXPORT_CSV &&
		    !a.certificates ? "-" : "", a.format == EXPORT_CSV &&
		    !a.certificates ? (a.table != NULL ? a.table : "ranking") : "");
		ret = export_trusted_comment(ed, kind, cli_juror(cli),
		    a.draft, &comment, &err);
		if (ret == 0)
			ret = sign_file(key, a.out, strbuf_str(&comment), &err);
		if (ret != 0)
			unlink(a.out);
	}
	key_free(key);
	strbuf_free(&comment);
	db_close(ed);
	if (ret != 0)
		return cli_fail(&err);
	if (a.sign)
		printf(_("Wrote %s and its signature %s.minisig.\n"), a.out, a.out);
	else if (!of.to_stdout)
		printf(_("Wrote %s.\n"), a.out);
	return 0;
}

int
cmd_verify(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct export_args a = { .format = -1 };
	struct mw_error err = { 0 };
	struct public_key pk;
	char *comment = NULL, id[17], v[256];
	int first = cli_parse_short(cli, argc, argv, "p:x:", opts,
	    export_option, &a, &err);

	if (first < 0 || cli_need(a.pubkey, "-p", &err) != 0 ||
	    cli_want_args(argc, argv, first, 1, "FILE", &err) != 0)
		return cli_fail(&err);
	if (sign_read_public_key(a.pubkey, &pk, &err) != 0 ||
	    sign_verify(argv[first], a.sig, &pk, &comment, &err) != 0)
		return cli_fail(&err);
	key_id_text(pk.id, id);
	printf(_("Signature and trusted comment verified: %s, signed with key "
	    "%s.\n"), argv[first], id);
	{
		/* The comment is the signer's text: shown, not obeyed. */
		char *shown = text_for_terminal(comment);

		printf(_("Trusted comment: %s\n"), shown);
		free(shown);
	}
	if (sign_comment_field(comment, "mudawala", v, sizeof v) == 0) {
		char kind[64] = "", name[256] = "", signer[80] = "", role[32] = "",
		    seq[32] = "", draft[8] = "";

		sign_comment_field(comment, "kind", kind, sizeof kind);
		sign_comment_field(comment, "name", name, sizeof name);
		sign_comment_field(comment, "signer", signer, sizeof signer);
		sign_comment_field(comment, "role", role, sizeof role);
		sign_comment_field(comment, "seq", seq, sizeof seq);
		sign_comment_field(comment, "draft", draft, sizeof draft);
		struct strbuf line = STRBUF_INIT;
		char *shown;

		strbuf_addf(&line, _("%s of the edition %s, signed by %s (%s) at "
		    "audit row %s."), kind, name, signer, role, seq);
		shown = text_for_terminal(strbuf_str(&line));
		printf("%s\n", shown);
		free(shown);
		strbuf_free(&line);
		if (strcmp(draft, "yes") == 0)
			printf(_("This is a DRAFT, not the final results.\n"));
	}
	free(comment);
	return 0;
}

/* The text of a certificate's QR code: the argument, or "-" for the first
 * line of standard input (zbarimg --raw prints it). */
static char *
certificate_text(const char *arg)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (strcmp(arg, "-") != 0)
		return xstrdup(arg);
	n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return xstrdup("");
	}
	line[strcspn(line, "\r\n")] = '\0';
	return line;
}

int
cmd_verify_certificate(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "results", required_argument, NULL, OPT_RESULTS },
		{ NULL, 0, NULL, 0 },
	};
	struct export_args a = { .format = -1 };
	struct mw_error err = { 0 };
	struct certificate c;
	struct public_key pk;
	char *text, *title = NULL;
	int ret, first = cli_parse_short(cli, argc, argv, "p:x:", opts,
	    export_option, &a, &err);

	if (first < 0 || cli_need(a.pubkey, "-p", &err) != 0 ||
	    cli_need(a.results, "--results", &err) != 0 ||
	    cli_want_args(argc, argv, first, 1, "TEXT", &err) != 0)
		return cli_fail(&err);
	if (sign_read_public_key(a.pubkey, &pk, &err) != 0)
		return cli_fail(&err);
	text = certificate_text(argv[first]);
	ret = certificate_parse(text, &c, &err);
	free(text);
	if (ret == 0)
		ret = certificate_verify(&c, a.results, a.sig, &pk, &title, &err);
	if (ret != 0)
		return cli_fail(&err);
	{
		char *shown = text_for_terminal(title);

		printf(_("Certificate verified: prize %s of category %s to dossier "
		    "%s (%s), as the results %s signed with key %s give it.\n"),
		    c.prize, c.category, c.dossier, shown, a.results, c.chairkey);
		free(shown);
	}
	free(title);
	return 0;
}

int
cmd_sheet(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ NULL, 0, NULL, 0 },
	};
	struct export_args a = { .format = -1 };
	struct mw_error err = { 0 };
	struct secret_key *key = NULL;
	struct sheet_result res;
	struct outfile of = { 0 };
	struct edition *ed;
	bool export;
	int ret, first = cli_parse_short(cli, argc, argv, "o:", opts,
	    export_option, &a, &err);

	if (first < 0 || cli_need(cli_juror(cli), "--juror", &err) != 0)
		return cli_fail(&err);
	if (argc - first < 1 || (strcmp(argv[first], "export") != 0 &&
	    strcmp(argv[first], "import") != 0)) {
		error_usage(&err, _("sheet: expected export or import"));
		return cli_fail(&err);
	}
	export = strcmp(argv[first], "export") == 0;
	if ((export && (cli_need(a.out, "-o", &err) != 0 ||
	    cli_want_args(argc, argv, first + 1, 0, "", &err) != 0)) ||
	    (!export && cli_want_args(argc, argv, first + 1, 1, "SHEET",
	    &err) != 0))
		return cli_fail(&err);
	if (db_open(cli_db(cli), export ? DB_READ : DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	ret = cli_unlock(cli, ed, cli_juror(cli), &key, &err);
	if (ret == 0 && export) {
		ret = outfile_open(&of, a.out, &err);
		if (ret == 0)
			ret = sheet_export(ed, cli_juror(cli), key, of.path, &err);
		if (outfile_finish(&of, ret == 0, &err) != 0)
			ret = -1;
	}
	else if (ret == 0)
		ret = sheet_import(ed, cli_juror(cli), key, argv[first + 1], &res,
		    &err);
	key_free(key);
	db_close(ed);
	if (ret != 0)
		return cli_fail(&err);
	if (export && !of.to_stdout)
		printf(_("Wrote the score sheet of %s to %s, signed by them and "
		    "sealed: only the chair's key opens it.\n"), cli_juror(cli),
		    a.out);
	else if (!export)
		printf(_("Imported sheet %lld of %s: %zu scores, %zu "
		    "submissions.\n"), res.seq, res.juror, res.scores,
		    res.submissions);
	return 0;
}
