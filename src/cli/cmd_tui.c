/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening the terminal interface: on an edition file, or on a fresh demo
 * edition. */
#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/identity.h"
#include "core/demo.h"
#include "cli/passphrase.h"
#include "ui/ui.h"
#include "util/i18n.h"

int
cli_run_tui(struct cli *cli, bool demo)
{
	struct mw_error err = { 0 };
	struct ui_start start = { 0 };
	struct edition *ed;
	char dir[PATH_MAX], path[PATH_MAX + 32], banner[PATH_MAX + 64];
	const char *tmp = getenv("TMPDIR"), *juror = cli->juror, *bidi;
	int status;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("mudawala: the terminal interface needs a terminal; the "
		    "subcommands work without one (see mudawala --help)\n"), stderr);
		return 1;
	}
	if (juror == NULL && getenv("MUDAWALA_JUROR") != NULL &&
	    *getenv("MUDAWALA_JUROR") != '\0')
		juror = getenv("MUDAWALA_JUROR");
	if (demo) {
		snprintf(dir, sizeof dir, "%s/mudawala-demo-XXXXXX",
		    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
		if (mkdtemp(dir) == NULL) {
			perror("mudawala: mkdtemp");
			return 1;
		}
		snprintf(path, sizeof path, "%s/emtiaz-2019.sqlite", dir);
		if (demo_write(path, &err) != 0)
			return cli_fail(&err);
		/* TRANSLATORS: shown in the title line with the demo file. */
		snprintf(banner, sizeof banner, _("demo edition: %s"), path);
	} else {
		snprintf(path, sizeof path, "%s", cli_db(cli));
		banner[0] = '\0';
	}
	/* A file that cannot be written is read, and the title says so
	 * before anyone types. */
	if (!demo && access(path, F_OK) == 0 && !db_writable(path)) {
		if (db_open(path, DB_READ, &ed, &err) != 0)
			return cli_fail(&err);
		/* TRANSLATORS: shown in the title line. */
		snprintf(banner, sizeof banner, "%s", _("read-only: the file "
		    "cannot be written, nothing can be changed"));
	} else if (db_open(path, DB_INTERACTIVE, &ed, &err) != 0)
		return cli_fail(&err);
	/* A juror's pack opens only if the chair signed it. */
	if (cli_check_pack(cli, ed, &err) != 0) {
		db_close(ed);
		return cli_fail(&err);
	}
	start.juror = juror;
	start.banner = banner[0] ? banner : NULL;
	start.edition_path = path;
	start.key_path = cli->key;
	start.passphrase = passphrase_given(cli, &err);
	bidi = cli->bidi != NULL ? cli->bidi : getenv("MUDAWALA_BIDI");
	start.bidi = bidi != NULL && strcmp(bidi, "terminal") == 0 ?
	    TEXT_MODE_TERMINAL : TEXT_MODE_APP;
	if (start.passphrase == NULL && err.msg[0] != '\0') {
		db_close(ed);
		return cli_fail(&err);
	}
	status = ui_run(ed, &start);
	passphrase_free((char *)start.passphrase);
	db_close(ed);
	if (demo)
		printf(_("The demo edition stays in %s.\n"), path);
	return status;
}
