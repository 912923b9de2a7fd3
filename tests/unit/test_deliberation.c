/* Deliberation in core: what each person may see of the ranking, the
 * comparison, and the chair's decisions. */
#include <config.h>

#include <math.h>

#include "helpers.h"
#include "core/compare.h"
#include "core/decision.h"
#include "core/demo.h"
#include "core/ranking.h"
#include "core/scoring.h"
#include "util/strbuf.h"

static struct edition *
demo(const char *name)
{
	struct mw_error err = { 0 };
	struct edition *ed;
	const char *path = scratch_path(name);

	unlink(path);
	if (demo_write(path, &err) != 0 ||
	    db_open(path, DB_WRITE, &ed, &err) != 0)
		fail_msg("%s", err.msg);
	sign_as(ed, path, "chair");
	return ed;
}

static void
the_phase_decides_who_sees_what(void **state)
{
	struct edition *ed = demo("view.sqlite");
	struct strbuf sb = STRBUF_INIT;
	struct mw_error err = { 0 };
	enum ranking_view view;
	bool changed;

	/* Scoring: a member sees their own totals, nobody else's. */
	assert_int_equal(ranking_visible(ed, "hg", "smart-apps", "fr", &view,
	    collect_rows, &sb, &err), 0);
	assert_int_equal(view, RANKING_VIEW_OWN);
	assert_non_null(strstr(strbuf_str(&sb), ",own\n"));
	assert_null(strstr(strbuf_str(&sb), "84.75"));  /* the jury's score */
	strbuf_reset(&sb);
	/* The chair sees progress: counts, no values. */
	assert_int_equal(ranking_visible(ed, "chair", "smart-apps", "fr", &view,
	    collect_rows, &sb, &err), 0);
	assert_int_equal(view, RANKING_VIEW_PROGRESS);
	assert_non_null(strstr(strbuf_str(&sb),
	    "smart-apps,,D13,Application MapNewsDisplay,,5,,,progress"));
	strbuf_reset(&sb);
	/* Deliberation: everyone sees the ranking. */
	assert_int_equal(edition_set_phase(ed, "deliberation", "chair", NULL, &changed,
	    &err), 0);
	assert_int_equal(ranking_visible(ed, "hg", "smart-apps", "fr", &view,
	    collect_rows, &sb, &err), 0);
	assert_int_equal(view, RANKING_VIEW_FULL);
	assert_non_null(strstr(strbuf_str(&sb), "smart-apps,1,D13,"
	    "Application MapNewsDisplay,84.75,5,4.64,"));
	strbuf_free(&sb);
	db_close(ed);
}

static void
compare_shows_the_jury_from_deliberation_on(void **state)
{
	struct edition *ed = demo("compare.sqlite");
	const char *ids[] = { "D13", "D14" };
	struct mw_error err = { 0 };
	struct compare c;
	bool changed;
	double score;
	int n;

	assert_int_equal(compare_load(ed, "hg", ids, 1, "fr", &c, &err), -1);
	assert_int_equal(compare_load(ed, "hg", ids, 2, "fr", &c, &err), 0);
	assert_false(c.show_jury);
	assert_int_equal(c.ncolumns, 2);
	assert_int_equal(c.ncriteria, 4);
	assert_false(isnan(c.columns[0].cells[0].mine));
	assert_true(isnan(c.columns[0].cells[0].mean));
	assert_true(isnan(c.columns[0].jury_total));
	compare_free(&c);
	edition_set_phase(ed, "deliberation", "chair", NULL, &changed, &err);
	assert_int_equal(compare_load(ed, "hg", ids, 2, "fr", &c, &err), 0);
	assert_true(c.show_jury);
	assert_int_equal(c.columns[0].cells[0].n, 5);
	assert_int_equal(ranking_dossier(ed, "D13", &score, &n, &err), 0);
	assert_true(fabs(c.columns[0].jury_total - score) < 1e-9);
	assert_true(fabs(score - 84.75) < 0.005);
	assert_int_equal(n, 5);
	compare_free(&c);
	db_close(ed);
}

static void
best_of_a_row(void **state)
{
	double a[] = { 12, 15, NAN, 9 }, tie[] = { 10, 10 }, none[] = { NAN, NAN };

	assert_int_equal(compare_best(a, 4), 1);
	assert_int_equal(compare_best(tie, 2), -1);
	assert_int_equal(compare_best(none, 2), -1);
}

static void
only_the_chair_decides_during_deliberation(void **state)
{
	struct edition *ed = demo("decide.sqlite");
	struct mw_error err = { 0 };
	struct decision *d;
	size_t n;
	bool changed;

	assert_int_equal(decision_set(ed, "chair", "e-contenu", "excellence",
	    "D21", "Le meilleur", NULL, &err), -1);
	assert_non_null(strstr(err.msg, "during deliberation"));
	edition_set_phase(ed, "deliberation", "chair", NULL, &changed, &err);
	assert_int_equal(decision_set(ed, "hg", "e-contenu", "excellence", "D21",
	    "x", NULL, &err), -1);
	assert_string_equal(err.msg, "only the chair assigns prizes; 'hg' is "
	    "not the chair");
	assert_int_equal(decision_set(ed, "chair", "e-contenu", "excellence",
	    "D13", "x", NULL, &err), -1);
	assert_string_equal(err.msg, "dossier 'D13' is in category "
	    "'smart-apps', not 'e-contenu'");
	assert_int_equal(decision_set(ed, "chair", "e-contenu", "gold", "D21",
	    "x", NULL, &err), -1);
	assert_int_equal(decision_set(ed, "chair", "e-contenu", "excellence",
	    "D21", "  ", NULL, &err), -1);
	assert_string_equal(err.msg, "a decision needs a written rationale");
	/* A once-per-category prize: the new decision replaces the old. */
	assert_int_equal(decision_set(ed, "chair", "e-contenu", "excellence",
	    "D22", "Premier choix", NULL, &err), 0);
	assert_int_equal(decision_set(ed, "chair", "e-contenu", "excellence",
	    "D21", "Le meilleur site", NULL, &err), 0);
	/* Certificates of merit add up; no award of one prize is a decision. */
	assert_int_equal(decision_set(ed, "chair", "e-contenu", "merit", "D23",
	    "Contenu riche", NULL, &err), 0);
	assert_int_equal(decision_set(ed, "chair", "e-contenu", "merit", "D24",
	    "Accessible", NULL, &err), 0);
	assert_int_equal(decision_set(ed, "chair", "e-contenu", "encouragement",
	    NULL, "Aucun dossier au niveau", NULL, &err), 0);
	assert_int_equal(decisions_load(ed, "e-contenu", "fr", &d, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(d[0].prize, "excellence");
	assert_string_equal(d[0].dossier_id, "D21");
	assert_string_equal(d[0].rationale, "Le meilleur site");
	assert_string_equal(d[1].prize, "encouragement");
	assert_null(d[1].dossier_id);
	assert_string_equal(d[2].dossier_id, "D23");
	assert_string_equal(d[3].dossier_id, "D24");
	decisions_free(d, n);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM audit WHERE"
	    " action = 'award'"), 5);
	db_close(ed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_phase_decides_who_sees_what),
		cmocka_unit_test(compare_shows_the_jury_from_deliberation_on),
		cmocka_unit_test(best_of_a_row),
		cmocka_unit_test(only_the_chair_decides_during_deliberation),
	};

	return cmocka_run_group_tests_name("deliberation", tests, NULL, NULL);
}
