/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/scoring: phases, scores and submissions through core. */
#include <config.h>

#include "helpers.h"
#include "core/scoring.h"

static struct edition *
setup(void)
{
	struct edition *ed = new_edition("scoring.sqlite");

	exec_audited(ed,
	    "INSERT INTO administration VALUES ('AMEE'), ('MAP');"
	    "INSERT INTO juror (id, name, organisation, role, voting) VALUES"
	    " ('j1', 'One', '', 'chair', 1), ('j2', 'Two', '', 'member', 1);"
	    "INSERT INTO dossier (id, category_id, title_fr, administration)"
	    " VALUES ('A', 'e-contenu', 'Alpha', 'AMEE'),"
	    " ('B', 'e-contenu', 'Beta', 'MAP');"
	    "INSERT INTO conflict (juror_id, administration, reason)"
	    " VALUES ('j2', 'MAP', 'former employee')");
	return ed;
}

static int
audit_rows(struct edition *ed)
{
	return count_rows(ed, "SELECT count(*) FROM audit");
}

static void
scores_need_the_scoring_phase(void **state)
{
	struct edition *ed = setup();
	struct mw_error err = { 0 };
	bool changed;

	assert_int_equal(score_set(ed, "j1", "A", "qualite", 12, NULL, &err),
	    -1);
	assert_string_equal(err.msg, "scores can change only during the scoring "
	    "phase; the edition is in phase 'setup'");
	assert_int_equal(edition_set_phase(ed, "scoring", "j1", NULL, &changed, &err),
	    0);
	assert_true(changed);
	assert_int_equal(edition_set_phase(ed, "scoring", "j1", NULL, &changed, &err),
	    0);
	assert_false(changed);
	assert_int_equal(edition_set_phase(ed, "locked", "j1", NULL, &changed, &err),
	    -1);
	assert_int_equal(err.status, MW_USAGE);
	assert_int_equal(score_set(ed, "j1", "A", "qualite", 12, "bien", &err),
	    0);
	db_close(ed);
}

static void
bad_scores_are_refused_with_the_reason(void **state)
{
	struct edition *ed = setup();
	struct mw_error err = { 0 };
	bool changed;
	int before;

	edition_set_phase(ed, "scoring", "j1", NULL, &changed, &err);
	before = audit_rows(ed);
	assert_int_equal(score_set(ed, "j1", "A", "qualite", 20.5, NULL, &err),
	    -1);
	assert_string_equal(err.msg, "criterion 'qualite' is scored from 0 to "
	    "20; 20.5 is outside the scale");
	assert_int_equal(score_set(ed, "j1", "A", "beaute", 2, NULL, &err), -1);
	assert_string_equal(err.msg, "unknown criterion 'beaute' (known: "
	    "interet-general, qualite, rendement, realisation)");
	assert_int_equal(score_set(ed, "jx", "A", "qualite", 2, NULL, &err), -1);
	assert_string_equal(err.msg, "unknown juror 'jx'");
	assert_int_equal(score_set(ed, "j1", "Z", "qualite", 2, NULL, &err), -1);
	assert_string_equal(err.msg, "unknown dossier 'Z'");
	assert_int_equal(score_set(ed, "j2", "B", "qualite", 2, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "conflict of interest"));
	assert_int_equal(audit_rows(ed), before);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM score"), 0);
	db_close(ed);
}

static void
same_score_twice_is_one_change(void **state)
{
	struct edition *ed = setup();
	struct mw_error err = { 0 };
	bool changed;
	int before;

	edition_set_phase(ed, "scoring", "j1", NULL, &changed, &err);
	assert_int_equal(score_set(ed, "j1", "A", "qualite", 12, "clair", &err),
	    0);
	before = audit_rows(ed);
	assert_int_equal(score_set(ed, "j1", "A", "qualite", 12, NULL, &err), 0);
	assert_int_equal(audit_rows(ed), before);
	assert_int_equal(score_set(ed, "j1", "A", "qualite", 13, NULL, &err), 0);
	assert_int_equal(audit_rows(ed), before + 1);
	/* No --comment keeps the comment. */
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM score WHERE"
	    " value = 13 AND comment = 'clair'"), 1);
	db_close(ed);
}

static void
submit_needs_every_criterion_and_is_final(void **state)
{
	struct edition *ed = setup();
	struct mw_error err = { 0 };
	bool changed, already;

	edition_set_phase(ed, "scoring", "j1", NULL, &changed, &err);
	assert_int_equal(score_set(ed, "j1", "A", "qualite", 12, NULL, &err), 0);
	assert_int_equal(score_submit(ed, "j1", "A", &already, &err), -1);
	assert_string_equal(err.msg, "juror 'j1' has not scored dossier 'A' on "
	    "every criterion (missing: Intérêt général du téléservice, "
	    "Amélioration du rendement administratif, Réalisation et gestion du "
	    "service candidat); nothing was submitted");
	assert_int_equal(score_set(ed, "j1", "A", "interet-general", 1, NULL,
	    &err), 0);
	assert_int_equal(score_set(ed, "j1", "A", "rendement", 0, NULL, &err), 0);
	assert_int_equal(score_set(ed, "j1", "A", "realisation", 20, NULL, &err),
	    0);
	assert_int_equal(score_submit(ed, "j1", "A", &already, &err), 0);
	assert_false(already);
	assert_int_equal(score_submit(ed, "j1", "A", &already, &err), 0);
	assert_true(already);
	assert_int_equal(score_set(ed, "j1", "A", "qualite", 3, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "submitted scores no longer change"));
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM submission"), 1);
	db_close(ed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scores_need_the_scoring_phase),
		cmocka_unit_test(bad_scores_are_refused_with_the_reason),
		cmocka_unit_test(same_score_twice_is_one_change),
		cmocka_unit_test(submit_needs_every_criterion_and_is_final),
	};

	return cmocka_run_group_tests_name("scoring", tests, NULL, NULL);
}
