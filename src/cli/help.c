/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Each subcommand's --help.  The options listed are those of the table
 * getopt parses for it, so the help cannot promise an option the parser
 * refuses or forget one it takes; their meanings are here, one per option
 * name, and the synopses, which tests/cli/usage.sh checks against
 * mudawala(1).
 */
#include <config.h>

#include <stdbool.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/help.h"
#include "util/i18n.h"

/* The synopses are typed literally: never translated. */
static const struct command_help {
	const char *name, *synopsis, *summary;
} commands[] = {
	{ "init", "[--db FILE] --preset emtiaz --edition NAME --year YYYY"
	    " [--categories 2019|2005]",
	    N_("Create an edition from the e-mtiaz preset.") },
	{ "demo", "[--db FILE] [--dossiers N --jurors M --scores-per-dossier K"
	    " [--tied]]",
	    N_("Write the demo edition, or a synthetic one of any size.") },
	{ "import", "dossiers|jurors|conflicts|administrations [--db FILE]"
	    " --juror ID CSV [--reason TEXT]\n"
	    "form [--db FILE] --juror ID CSV\n"
	    "folder [--db FILE] --juror ID DIR",
	    N_("Import dossiers, jurors, conflicts, administrations, the form "
	    "or a folder.") },
	{ "list", "categories|criteria|prizes|dossiers|jurors|form [--db FILE]"
	    " [--format table|csv|json]",
	    N_("List what the edition holds.") },
	{ "score", "[--db FILE] --juror ID --dossier ID --criterion ID VALUE"
	    " [--comment TEXT]",
	    N_("Score one criterion of a dossier (a draft until submitted).") },
	{ "submit", "[--db FILE] --juror ID --dossier ID",
	    N_("Submit one's scores of a dossier: they count from then on.") },
	{ "phase", "[--db FILE] --juror ID setup|scoring|deliberation"
	    " [--reason TEXT]",
	    N_("Move the edition to another phase (the chair).") },
	{ "ranking", "[--db FILE] [--juror ID] [--category ID]"
	    " [--format table|csv|json]"
	    " [--method mean|median|trimmed|zscore|schulze|copeland]"
	    " [--compare-methods]",
	    N_("Rank the dossiers of each category, as the viewer may see "
	    "them.") },
	{ "award", "[--db FILE] --juror ID --category ID"
	    " --prize excellence|encouragement|merit --dossier ID|--none"
	    " --rationale TEXT [--override-quorum REASON]",
	    N_("Decide a prize of a category, with its rationale (the "
	    "chair).") },
	{ "tiebreak", "[--db FILE] --juror ID --category ID --rationale TEXT"
	    " DOSSIER DOSSIER...",
	    N_("Order tied dossiers by the chair's casting decision.") },
	{ "agenda", "[--db FILE] [--juror ID] [--category ID]"
	    " [--format table|csv|json]",
	    N_("The dossiers to discuss: a total outside the corridor.") },
	{ "progress", "[--db FILE] --juror ID [--category ID]"
	    " [--format table|csv|json]",
	    N_("How far each juror has got, per category.") },
	{ "history", "[--db FILE] --juror ID --dossier ID"
	    " [--format table|csv|json]",
	    N_("Every change of the scores of a dossier.") },
	{ "config", "[--db FILE] [--juror ID KEY VALUE] [--format table|csv|json]",
	    N_("Show the commission's settings, or change one (the chair).") },
	{ "abstain", "[--db FILE] --juror ID --dossier ID --reason TEXT",
	    N_("Abstain from a dossier, with the reason.") },
	{ "consensus", "[--db FILE] --juror ID --dossier ID --reason TEXT",
	    N_("Open a consensus round on a dossier (the chair).") },
	{ "recuse", "[--db FILE] --juror ID --member ID --dossier ID"
	    " --reason TEXT",
	    N_("Recuse a member from a dossier (the chair).") },
	{ "lock", "[--db FILE] --juror ID [--key SECRETKEY]",
	    N_("Lock the edition and seal the deliberation (the chair).") },
	{ "backup", "[--db FILE] -o COPY|-",
	    N_("Copy the edition whole, checked.") },
	{ "export", "[--db FILE] --format csv [--table TABLE] -o OUT|-"
	    " [--sign --juror ID] [--draft] [--bom] [--dialect plain|excel]\n"
	    "[--db FILE] --format json|html|pdf -o OUT|- [--sign --juror ID]"
	    " [--draft] [--place TEXT] [--absent ID,...]\n"
	    "[--db FILE] --format certificates --results RESULTS.json -o OUT|-"
	    " [--lang ar|fr] [--sign --juror ID]",
	    N_("Write the results, the minutes or the laureates' certificates, "
	    "signed if asked.") },
	{ "verify", "FILE -p PUBKEY [-x SIGFILE]",
	    N_("Check a signed file against a public key.") },
	{ "verify-certificate", "-p CHAIR.PUB --results RESULTS.json"
	    " [-x SIGFILE] TEXT|-",
	    N_("Check a certificate's QR code text against the signed "
	    "results.") },
	{ "sheet", "export [--db FILE] --juror ID -o SHEET|-\n"
	    "import [--db FILE] --juror ID SHEET",
	    N_("Export one's score sheet, sealed for the chair, or import "
	    "one (the chair).") },
	{ "audit", "[--db FILE] [--verify [-p CHAIR.PUB]]"
	    " [--format table|csv|json]",
	    N_("Show the audit log, or verify the whole file.") },
	{ "keygen", "-p PUBKEY -s SECRETKEY",
	    N_("Make a member's key pair, protected by a passphrase.") },
	{ "pubkey", "[--db FILE] --juror ID [-o PUBKEY|-]",
	    N_("Write a member's public key as minisign reads it.") },
	{ "pack", "[--db FILE] --juror CHAIR --for ID -o PACK|-",
	    N_("Make a juror's pack for their laptop (the chair).") },
};

static const struct option_help {
	const char *name;       /* long name, or one letter for a short one */
	const char *arg;
	const char *help;
} options[] = {
	{ "absent", "ID,...", N_("the minutes: the members who were absent") },
	{ "bom", NULL, N_("CSV: a UTF-8 byte order mark first") },
	{ "categories", "2019|2005", N_("the preset's set of categories") },
	{ "category", "ID", N_("the category") },
	{ "comment", "TEXT", N_("the juror's comment on the score") },
	{ "compare-methods", NULL, N_("each dossier's rank under every method") },
	{ "criterion", "ID", N_("the criterion scored") },
	{ "dossier", "ID", N_("the dossier") },
	{ "dossiers", "N", N_("a synthetic edition: this many dossiers") },
	{ "draft", NULL, N_("before the lock: a draft, which says so") },
	{ "edition", "NAME", N_("the edition's name") },
	{ "for", "ID", N_("the juror the pack is for") },
	{ "format", "FORMAT", N_("table, csv or json (export: csv, json, html, "
	    "pdf or certificates)") },
	{ "jurors", "M", N_("a synthetic edition: this many jurors") },
	{ "member", "ID", N_("the member recused") },
	{ "method", "METHOD", N_("mean, median, trimmed, zscore, schulze or "
	    "copeland") },
	{ "none", NULL, N_("the prize is not awarded") },
	{ "output", "FILE", N_("write to FILE, or to standard output for -") },
	{ "override-quorum", "REASON", N_("award below the quorum, with the "
	    "reason") },
	{ "place", "TEXT", N_("the minutes: where the commission met") },
	{ "preset", "emtiaz", N_("the preset the edition starts from") },
	{ "prize", "ID", N_("excellence, encouragement or merit") },
	{ "public-key", "PUBKEY", N_("the public key file") },
	{ "rationale", "TEXT", N_("the reason of the decision, for the "
	    "minutes") },
	{ "reason", "TEXT", N_("the reason, kept in the audit log") },
	{ "results", "FILE", N_("the signed results (export --format json)") },
	{ "scores-per-dossier", "K", N_("a synthetic edition: this many "
	    "jurors score each dossier") },
	{ "secret-key", "SECRETKEY", N_("the secret key file") },
	{ "sign", NULL, N_("sign the file (FILE.minisig) as --juror") },
	{ "table", "TABLE", N_("CSV: ranking, decisions, commission, "
	    "categories, documents or edition") },
	{ "tied", NULL, N_("a synthetic edition: every total tied") },
	{ "verify", NULL, N_("check the file, the chain, the signatures and "
	    "the seal") },
	{ "year", "YYYY", N_("the edition's year") },
	{ "o", "FILE", N_("write to FILE, or to standard output for -") },
	{ "p", "PUBKEY", N_("the public key file") },
	{ "s", "SECRETKEY", N_("the secret key file") },
	{ "x", "SIGFILE", N_("the signature (default: FILE.minisig)") },
};

/* The options every subcommand takes (CLI_COMMON_OPTIONS). */
static bool
is_common(const char *name)
{
	static const char *const common[] = { "db", "juror", "lang", "bidi",
	    "passphrase-file", "key", "chair-key", "dialect", "help" };

	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		if (strcmp(common[i], name) == 0)
			return true;
	return false;
}

static const struct option_help *
find_option(const char *name)
{
	for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
		if (strcmp(options[i].name, name) == 0)
			return &options[i];
	return NULL;
}

static void
print_option(FILE *f, const char *shown, const struct option_help *h)
{
	char left[64];

	snprintf(left, sizeof left, "%s%s%s", shown, h->arg ? " " : "",
	    h->arg ? h->arg : "");
	if (strlen(left) < 24)
		fprintf(f, "  %-24s%s\n", left, _(h->help));
	else
		fprintf(f, "  %s\n  %-24s%s\n", left, "", _(h->help));
}

/* One synopsis, cut between words before 80 columns. */
static void
print_wrapped(FILE *f, const char *lead, const char *text, size_t len)
{
	size_t col = strlen(lead), i = 0;

	fputs(lead, f);
	while (i < len) {
		size_t w = 0;

		while (i + w < len && text[i + w] != ' ')
			w++;
		if (col + 1 + w > 79 && col > strlen(lead)) {
			fputs("\n         ", f);
			col = 9;
		} else if (i > 0) {
			fputc(' ', f);
			col++;
		}
		fwrite(text + i, 1, w, f);
		col += w;
		i += w;
		while (i < len && text[i] == ' ')
			i++;
	}
	fputc('\n', f);
}

/* "Usage: mudawala X ..." and "   or: mudawala X ..." for each line of
 * the synopsis. */
static void
print_synopses(FILE *f, const struct command_help *c)
{
	const char *s = c->synopsis;
	bool first = true;

	while (*s != '\0') {
		size_t n = strcspn(s, "\n");
		char lead[64];

		/* TRANSLATORS: "Usage:" and "or:" line up; keep "mudawala %s". */
		snprintf(lead, sizeof lead, first ? _("Usage: mudawala %s ") :
		    _("   or: mudawala %s "), c->name);
		print_wrapped(f, lead, s, n);
		first = false;
		s += n;
		if (*s == '\n')
			s++;
	}
}

int
cli_command_help(FILE *f, const char *command, const struct option *opts,
    const char *shortopts)
{
	const struct command_help *c = NULL;
	char one[2] = { 0 };
	int ret = 0;

	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, command) == 0)
			c = &commands[i];
	if (c == NULL)
		return -1;
	print_synopses(f, c);
	fprintf(f, "%s\n\n", _(c->summary));
	fputs(_("Options:\n"), f);
	for (const char *s = shortopts; s != NULL && *s != '\0'; s++) {
		const struct option_help *h;

		if (*s == ':')
			continue;
		one[0] = *s;
		h = find_option(one);
		if (h == NULL) {
			ret = -1;
			continue;
		}
		{
			char shown[8];

			snprintf(shown, sizeof shown, "-%c", *s);
			print_option(f, shown, h);
		}
	}
	for (const struct option *o = opts; o->name != NULL; o++) {
		const struct option_help *h;
		char shown[48];

		if (is_common(o->name))
			continue;
		/* -o and --output: one line, already shown as -o. */
		if (o->val < 256 && shortopts != NULL &&
		    strchr(shortopts, o->val) != NULL)
			continue;
		if (strcmp(o->name, "output") == 0 && shortopts != NULL &&
		    strchr(shortopts, 'o') != NULL)
			continue;
		h = find_option(o->name);
		if (h == NULL) {
			ret = -1;
			continue;
		}
		snprintf(shown, sizeof shown, "--%s", o->name);
		print_option(f, shown, h);
	}
	/* TRANSLATORS: the option names are typed literally. */
	fputs(_("\nCommon options: --db FILE, --juror ID, --key SECRETKEY,\n"
	    "--passphrase-file FILE, --lang ar|fr|en, --dialect plain|excel,\n"
	    "--help (see mudawala --help and mudawala(1)).\n"), f);
	cli_report_bugs(f);
	return ret;
}
