/* src/core/ranking: the default ranking against figures computed by hand. */
#include <config.h>

#include "helpers.h"
#include "core/ranking.h"
#include "util/strbuf.h"

/*
 * Weights 1, 3, 1, 1 (sum 6); realisation on 0-10, the others on 0-20.
 * A: j1 (10, 20, 0, 5) -> (0.5 + 3 + 0 + 0.5) / 6 = 66.667
 *    j2 (20, 10, 20, 10) -> (1 + 1.5 + 1 + 1) / 6 = 75
 *    mean 70.83, population stddev 4.17
 * B: j1 all maximal -> 100; j2 only interet-general 0 -> 0 (partial):
 *    mean 50, stddev 50
 * D: j1 half marks -> 50.  E: j2 half marks -> 50.
 * G: j1 (8, 8, 8, 4) -> 40; the expert's and j3's unsubmitted 20s do not
 *    count.  F: no score.  H (another category): j1 -> 100.
 */
static struct edition *
setup(void)
{
	struct edition *ed = new_edition("ranking.sqlite");

	exec_audited(ed,
	    "UPDATE criterion SET weight = 3 WHERE id = 'qualite';"
	    "UPDATE criterion SET scale_max = 10 WHERE id = 'realisation';"
	    "INSERT INTO juror (id, name, role, voting) VALUES"
	    " ('j1', 'One', 'chair', 1), ('j2', 'Two', 'member', 1),"
	    " ('j3', 'Three', 'member', 1), ('e1', 'Expert', 'expert', 0);"
	    "INSERT INTO dossier (id, category_id, title_fr, title_ar) VALUES"
	    " ('A', 'e-contenu', 'Alpha', 'ألف'), ('B', 'e-contenu', 'Beta', ''),"
	    " ('D', 'e-contenu', 'Delta', ''), ('E', 'e-contenu', '', 'هاء'),"
	    " ('F', 'e-contenu', 'Phi', ''), ('G', 'e-contenu', 'Gamma', ''),"
	    " ('H', 'smart-apps', 'Eta', '');"
	    "INSERT INTO score (juror_id, dossier_id, criterion_id, value,"
	    " updated_at) VALUES"
	    " ('j1','A','interet-general',10,'t'), ('j1','A','qualite',20,'t'),"
	    " ('j1','A','rendement',0,'t'), ('j1','A','realisation',5,'t'),"
	    " ('j2','A','interet-general',20,'t'), ('j2','A','qualite',10,'t'),"
	    " ('j2','A','rendement',20,'t'), ('j2','A','realisation',10,'t'),"
	    " ('j1','B','interet-general',20,'t'), ('j1','B','qualite',20,'t'),"
	    " ('j1','B','rendement',20,'t'), ('j1','B','realisation',10,'t'),"
	    " ('j2','B','interet-general',0,'t'),"
	    " ('j1','D','interet-general',10,'t'), ('j1','D','qualite',10,'t'),"
	    " ('j1','D','rendement',10,'t'), ('j1','D','realisation',5,'t'),"
	    " ('j2','E','interet-general',10,'t'), ('j2','E','qualite',10,'t'),"
	    " ('j2','E','rendement',10,'t'), ('j2','E','realisation',5,'t'),"
	    " ('j1','G','interet-general',8,'t'), ('j1','G','qualite',8,'t'),"
	    " ('j1','G','rendement',8,'t'), ('j1','G','realisation',4,'t'),"
	    " ('e1','G','interet-general',20,'t'), ('e1','G','qualite',20,'t'),"
	    " ('e1','G','rendement',20,'t'), ('e1','G','realisation',10,'t'),"
	    " ('j3','G','interet-general',20,'t'), ('j3','G','qualite',20,'t'),"
	    " ('j3','G','rendement',20,'t'), ('j3','G','realisation',10,'t'),"
	    " ('j1','H','interet-general',20,'t'), ('j1','H','qualite',20,'t'),"
	    " ('j1','H','rendement',20,'t'), ('j1','H','realisation',10,'t');"
	    "INSERT INTO submission VALUES ('j1','A','t'), ('j2','A','t'),"
	    " ('j1','B','t'), ('j2','B','t'), ('j1','D','t'), ('j2','E','t'),"
	    " ('j1','G','t'), ('e1','G','t'), ('j1','H','t');");
	return ed;
}

static void
ranks_by_mean_of_weighted_totals(void **state)
{
	struct edition *ed = setup();
	struct strbuf sb = STRBUF_INIT;
	struct mw_error err = { 0 };

	assert_int_equal(ranking_run(ed, "e-contenu", "fr", collect_rows, &sb, &err),
	    0);
	assert_string_equal(strbuf_str(&sb),
	    "e-contenu,1,A,Alpha,70.83,2,4.17,\n"
	    "e-contenu,2,B,Beta,50.00,2,50.00,tiebreak=qualite;partial\n"
	    "e-contenu,3,D,Delta,50.00,1,0.00,tie\n"
	    "e-contenu,3,E,هاء,50.00,1,0.00,tie\n"
	    "e-contenu,5,G,Gamma,40.00,1,0.00,\n"
	    "e-contenu,,F,Phi,,0,,unscored\n");
	strbuf_free(&sb);
	db_close(ed);
}

static void
all_categories_in_preset_order_and_arabic_titles(void **state)
{
	struct edition *ed = setup();
	struct strbuf sb = STRBUF_INIT;
	struct mw_error err = { 0 };

	assert_int_equal(ranking_run(ed, NULL, "ar", collect_rows, &sb, &err), 0);
	/* smart-apps comes before e-contenu in the 2019 preset. */
	assert_true(strncmp(strbuf_str(&sb), "smart-apps,1,H,Eta,100.00,1,", 28)
	    == 0);
	assert_non_null(strstr(strbuf_str(&sb), "e-contenu,1,A,ألف,"));
	strbuf_free(&sb);
	db_close(ed);
}

static void
unknown_category_lists_the_known(void **state)
{
	struct edition *ed = setup();
	struct strbuf sb = STRBUF_INIT;
	struct mw_error err = { 0 };

	assert_int_equal(ranking_run(ed, "nope", "fr", collect_rows, &sb, &err), -1);
	assert_string_equal(err.msg, "unknown category 'nope' (known: "
	    "e-demarche, smart-apps, e-contenu, e-participation)");
	strbuf_free(&sb);
	db_close(ed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ranks_by_mean_of_weighted_totals),
		cmocka_unit_test(all_categories_in_preset_order_and_arabic_titles),
		cmocka_unit_test(unknown_category_lists_the_known),
	};

	return cmocka_run_group_tests_name("ranking", tests, NULL, NULL);
}
