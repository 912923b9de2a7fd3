/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/ranking: the default ranking against figures computed by hand. */
#include <config.h>

#include "helpers.h"
#include "core/decision.h"
#include "core/ranking.h"
#include "core/settings.h"
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
	    "e-contenu,1,A,Alpha,70.83,2,4.17,8.33,\n"
	    "e-contenu,2,B,Beta,50.00,2,50.00,100.00,"
	    "tiebreak=qualite;partial;agenda\n"
	    "e-contenu,3,D,Delta,50.00,1,0.00,0.00,tie\n"
	    "e-contenu,3,E,هاء,50.00,1,0.00,0.00,tie\n"
	    "e-contenu,5,G,Gamma,40.00,1,0.00,0.00,\n"
	    "e-contenu,,F,Phi,,0,,,unscored\n");
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

/* Juror j gives dossier d the value v on every criterion (a total of
 * 5 v on 0-100) and submits it. */
static void
put(struct strbuf *sql, const char *j, const char *d, double v)
{
	static const char *const crit[] = { "interet-general", "qualite",
	    "rendement", "realisation" };
	size_t i;

	for (i = 0; i < 4; i++)
		strbuf_addf(sql, "INSERT INTO score (juror_id, dossier_id,"
		    " criterion_id, value, updated_at) VALUES ('%s', '%s', '%s',"
		    " %.4f, 't');", j, d, crit[i], v);
	strbuf_addf(sql, "INSERT INTO submission VALUES ('%s', '%s', 't');", j,
	    d);
}

/*
 * Five voting jurors, four dossiers; totals (5 v):
 *        j1  j2  j3  j4  j5    mean  median  trimmed
 *   P    80  80  80  20  80     68     80      80
 *   Q    70  70  70  70  70     70     70      70
 *   R    90  60  60  60 100     74     60      70
 *   S    10  30  50  50  50     38     50      43.33
 * Pairwise: P>Q 4-1, R>P 3-2, Q>R 3-2 (a Condorcet cycle), all > S.
 * Schulze: p[P,Q] = 4 > p[Q,P] = min(Q>R 3, R>P 3) = 3; P~R and Q~R
 * (3 each way): wins P 2, Q 1, R 1, S 0.  Copeland: P, Q, R 1, S -3.
 * Population sd: P sqrt(2880 / 5) = 24, R sqrt(1520 / 5) = 17.44,
 * S sqrt(1280 / 5) = 16.
 */
static struct edition *
cycle_edition(const char *name)
{
	struct edition *ed = new_edition(name);
	struct strbuf sql = STRBUF_INIT;
	static const double v[4][5] = {
		{ 16, 16, 16, 4, 16 }, { 14, 14, 14, 14, 14 },
		{ 18, 12, 12, 12, 20 }, { 2, 6, 10, 10, 10 },
	};
	static const char *const d[4] = { "P", "Q", "R", "S" };
	char j[16];
	int i, k;

	strbuf_adds(&sql, "INSERT INTO juror (id, name, role, voting) VALUES"
	    " ('j1', 'One', 'chair', 1), ('j2', 'Two', 'member', 1),"
	    " ('j3', 'Three', 'member', 1), ('j4', 'Four', 'member', 1),"
	    " ('j5', 'Five', 'member', 1);"
	    "INSERT INTO dossier (id, category_id, title_fr) VALUES"
	    " ('P', 'e-contenu', 'Pi'), ('Q', 'e-contenu', 'Qoppa'),"
	    " ('R', 'e-contenu', 'Rho'), ('S', 'e-contenu', 'Sigma');");
	for (i = 0; i < 4; i++)
		for (k = 0; k < 5; k++) {
			snprintf(j, sizeof j, "j%d", k + 1);
			put(&sql, j, d[i], v[i][k]);
		}
	exec_audited(ed, strbuf_str(&sql));
	strbuf_free(&sql);
	return ed;
}

/* "P:1 Q:2 ..." of a ranking, in rank order. */
static int
collect_ranks(void *ctx, const char *const *cells, size_t n, const char *json,
    struct mw_error *err)
{
	struct strbuf *sb = ctx;

	(void)n; (void)json; (void)err;
	strbuf_addf(sb, "%s%s:%s", sb->len ? " " : "", cells[2], cells[1]);
	return 0;
}

static char *
ranks(struct edition *ed, enum method m)
{
	struct strbuf sb = STRBUF_INIT;
	struct mw_error err = { 0 };

	if (ranking_method(ed, "e-contenu", "fr", m, NULL, collect_ranks, &sb,
	    &err) != 0)
		fail_msg("%s: %s", method_name(m), err.msg);
	return strbuf_detach(&sb);
}

static void
each_method_against_the_hand_computed_table(void **state)
{
	struct edition *ed = cycle_edition("cycle.sqlite");
	struct strbuf sb = STRBUF_INIT;
	struct mw_error err = { 0 };
	char *r;

	(void)state;
	assert_string_equal(r = ranks(ed, METHOD_MEAN), "R:1 Q:2 P:3 S:4");
	free(r);
	assert_string_equal(r = ranks(ed, METHOD_MEDIAN), "P:1 Q:2 R:3 S:4");
	free(r);
	/* Q and R both 70 trimmed: the cascade's first step, the mean
	 * total, puts R (74) before Q (70). */
	assert_string_equal(r = ranks(ed, METHOD_TRIMMED), "P:1 R:2 Q:3 S:4");
	free(r);
	/* Four dossiers each: too few to standardize, so the raw totals. */
	assert_string_equal(r = ranks(ed, METHOD_ZSCORE), "R:1 Q:2 P:3 S:4");
	free(r);
	/* Schulze: P 2 wins; Q and R 1 each, split by the mean total. */
	assert_string_equal(r = ranks(ed, METHOD_SCHULZE), "P:1 R:2 Q:3 S:4");
	free(r);
	/* Copeland: P, Q, R 1 each, ordered by the mean total. */
	assert_string_equal(r = ranks(ed, METHOD_COPELAND), "R:1 Q:2 P:3 S:4");
	free(r);
	assert_int_equal(ranking_method(ed, "e-contenu", "fr", METHOD_SCHULZE,
	    NULL, collect_rows, &sb, &err), 0);
	assert_string_equal(strbuf_str(&sb),
	    "e-contenu,1,P,Pi,2,5,24.00,60.00,agenda\n"
	    "e-contenu,2,R,Rho,1,5,17.44,40.00,tiebreak=total;agenda\n"
	    "e-contenu,3,Q,Qoppa,1,5,0.00,0.00,tiebreak=total\n"
	    "e-contenu,4,S,Sigma,0,5,16.00,40.00,agenda\n");
	strbuf_free(&sb);
	db_close(ed);
}

static void
compare_methods_flags_a_prize_that_depends_on_the_method(void **state)
{
	struct edition *ed = cycle_edition("compare.sqlite");
	struct strbuf sb = STRBUF_INIT, notes = STRBUF_INIT;
	struct mw_error err = { 0 };

	(void)state;
	assert_int_equal(ranking_compare(ed, "e-contenu", "fr", &notes,
	    collect_rows, &sb, &err), 0);
	/* Columns: mean median trimmed zscore schulze copeland.  Rank 1 is
	 * the Prix d'excellence, rank 2 the Prix d'encouragement. */
	assert_string_equal(strbuf_str(&sb),
	    "e-contenu,R,Rho,1,3,2,1,2,1,prize-changes\n"
	    "e-contenu,Q,Qoppa,2,2,3,2,3,2,prize-changes\n"
	    "e-contenu,P,Pi,3,1,1,3,1,3,prize-changes\n"
	    "e-contenu,S,Sigma,4,4,4,4,4,4,\n");
	assert_non_null(strstr(strbuf_str(&notes), "zscore: juror j1 scored 4"));
	strbuf_free(&sb);
	strbuf_free(&notes);
	db_close(ed);
}

/* ranking_each_method()'s rows of method m, without the method's cell. */
static char *
rows_of_method(const char *all, enum method m)
{
	struct strbuf sb = STRBUF_INIT;
	char prefix[8];
	const char *p;

	snprintf(prefix, sizeof prefix, "%d,", (int)m);
	for (p = all; *p != '\0'; p = strchr(p, '\n') + 1)
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			strbuf_add(&sb, p + strlen(prefix),
			    (size_t)(strchr(p, '\n') + 1 - p) - strlen(prefix));
	return strbuf_detach(&sb);
}

/*
 * The screen's one read for several methods: each method's rows are
 * those the method gives alone; zscore only when asked (it reads every
 * category); a viewer's conflicts hidden in every method; the notes
 * each method's own.
 */
static void
one_read_gives_each_method_as_it_ranks_alone(void **state)
{
	struct edition *ed = cycle_edition("each.sqlite");
	struct strbuf notes[METHOD_COUNT];
	struct mw_error err = { 0 };
	int asked, m;

	(void)state;
	for (asked = 0; asked < METHOD_COUNT; asked++) {
		struct strbuf all = STRBUF_INIT;

		for (m = 0; m < METHOD_COUNT; m++)
			notes[m] = (struct strbuf)STRBUF_INIT;
		assert_int_equal(ranking_each_method(ed, "j1", "e-contenu", "fr",
		    (enum method)asked, notes, collect_rows, &all, &err), 0);
		for (m = 0; m < METHOD_COUNT; m++) {
			struct strbuf alone = STRBUF_INIT;
			char *got = rows_of_method(strbuf_str(&all),
			    (enum method)m);

			assert_int_equal(ranking_method(ed, "e-contenu", "fr",
			    (enum method)m, NULL, collect_rows, &alone, &err), 0);
			if (m == METHOD_ZSCORE && asked != METHOD_ZSCORE)
				assert_string_equal(got, "");
			else
				assert_string_equal(got, strbuf_str(&alone));
			free(got);
			strbuf_free(&alone);
			strbuf_free(&notes[m]);
		}
		strbuf_free(&all);
	}
	/* j2 in conflict with P: P's figures hidden from j2 by every
	 * method, not from j1. */
	exec_audited(ed, "INSERT INTO conflict (juror_id, dossier_id, reason)"
	    " VALUES ('j2', 'P', 'family');"
	    "DELETE FROM submission WHERE juror_id = 'j5' AND dossier_id = 'Q'");
	for (m = 0; m < METHOD_COUNT; m++)
		notes[m] = (struct strbuf)STRBUF_INIT;
	{
		struct strbuf mine = STRBUF_INIT, chair = STRBUF_INIT;

		assert_int_equal(ranking_each_method(ed, "j2", "e-contenu", "fr",
		    METHOD_MEDIAN, notes, collect_rows, &mine, &err), 0);
		assert_int_equal(ranking_each_method(ed, "j1", "e-contenu", "fr",
		    METHOD_MEDIAN, notes, collect_rows, &chair, &err), 0);
		for (m = 0; m < METHOD_COUNT; m++) {
			char *rows = rows_of_method(strbuf_str(&mine),
			    (enum method)m);

			/* Every method but zscore (not asked): P without its
			 * score, its deviation and its spread. */
			if (m == METHOD_ZSCORE)
				assert_string_equal(rows, "");
			else
				assert_non_null(strstr(rows, ",P,Pi,,4,,,"));
			free(rows);
		}
		/* (P, with 4 totals, has no trimmed mean, whoever looks.) */
		assert_non_null(strstr(strbuf_str(&chair), "0,e-contenu,"));
		assert_null(strstr(strbuf_str(&chair), "0,e-contenu,,P,Pi,,"));
		assert_null(strstr(strbuf_str(&chair), "1,e-contenu,,P,Pi,,"));
		assert_null(strstr(strbuf_str(&chair), "conflict"));
		/* trimmed names the first dossier it leaves unranked: P (4). */
		assert_non_null(strstr(strbuf_str(&notes[METHOD_TRIMMED]),
		    "such as P, with 4"));
		assert_string_equal(strbuf_str(&notes[METHOD_MEDIAN]), "");
		strbuf_free(&mine);
		strbuf_free(&chair);
	}
	for (m = 0; m < METHOD_COUNT; m++)
		strbuf_free(&notes[m]);
	db_close(ed);
}

static void
trimmed_ranks_what_it_can_below_five_jurors(void **state)
{
	struct edition *ed = cycle_edition("trimmed.sqlite");
	struct strbuf sb = STRBUF_INIT, notes = STRBUF_INIT;
	struct mw_error err = { 0 };
	char *r;

	(void)state;
	assert_string_equal(r = ranks(ed, METHOD_TRIMMED), "P:1 R:2 Q:3 S:4");
	free(r);
	exec_audited(ed, "DELETE FROM submission WHERE juror_id = 'j5'"
	    " AND dossier_id = 'Q'");
	assert_int_equal(ranking_method(ed, NULL, "fr", METHOD_TRIMMED, &notes,
	    collect_rows, &sb, &err), 0);
	/* Q, with 4 totals, has no rank and comes last, saying why; the
	 * others keep their order. */
	assert_string_equal(r = ranks(ed, METHOD_TRIMMED), "P:1 R:2 S:3 Q:");
	free(r);
	assert_non_null(strstr(strbuf_str(&sb), "e-contenu,,Q,Qoppa,,4,"));
	assert_non_null(strstr(strbuf_str(&sb), ",few\n"));
	assert_null(strstr(strbuf_str(&sb), "unscored"));
	assert_non_null(strstr(strbuf_str(&notes), "such as Q, with 4"));
	strbuf_free(&sb);
	strbuf_free(&notes);
	db_close(ed);
}

static void
quorum_flags_and_casting_decides_a_surviving_tie(void **state)
{
	struct edition *ed = new_edition("casting.sqlite");
	struct strbuf sql = STRBUF_INIT, sb = STRBUF_INIT;
	struct mw_error err = { 0 };
	char *d[] = { "B", "A" };
	char *r;

	(void)state;
	/* A and B identical in every respect: nothing in the cascade
	 * separates them.  C has a single juror. */
	strbuf_adds(&sql, "INSERT INTO juror (id, name, role, voting) VALUES"
	    " ('j1', 'One', 'chair', 1), ('j2', 'Two', 'member', 1);"
	    "INSERT INTO dossier (id, category_id, title_fr) VALUES"
	    " ('A', 'e-contenu', 'A'), ('B', 'e-contenu', 'B'),"
	    " ('C', 'e-contenu', 'C');");
	put(&sql, "j1", "A", 12);
	put(&sql, "j2", "A", 8);
	put(&sql, "j1", "B", 12);
	put(&sql, "j2", "B", 8);
	put(&sql, "j1", "C", 4);
	exec_audited(ed, strbuf_str(&sql));
	strbuf_free(&sql);
	assert_string_equal(r = ranks(ed, METHOD_MEAN), "A:1 B:1 C:3");
	free(r);
	assert_int_equal(setting_set(ed, "j1", "quorum", "2", &err), 0);
	assert_int_equal(setting_set(ed, "j2", "quorum", "3", &err), -1);
	assert_string_equal(err.msg, "only the chair changes the settings; "
	    "'j2' has the role 'member'");
	assert_int_equal(ranking_run(ed, "e-contenu", "fr", collect_rows, &sb,
	    &err), 0);
	assert_string_equal(strbuf_str(&sb),
	    "e-contenu,1,A,A,50.00,2,10.00,20.00,tie\n"
	    "e-contenu,1,B,B,50.00,2,10.00,20.00,tie\n"
	    "e-contenu,3,C,C,20.00,1,0.00,0.00,quorum\n");
	/* The casting decision needs the deliberation. */
	assert_int_equal(casting_set(ed, "j1", "e-contenu", d, 2, "vote",
	    &err), -1);
	exec_audited(ed, "UPDATE edition SET phase = 'deliberation'");
	assert_int_equal(casting_set(ed, "j2", "e-contenu", d, 2, "vote",
	    &err), -1);
	assert_int_equal(casting_set(ed, "j1", "e-contenu", d, 2, " ", &err),
	    -1);
	assert_int_equal(casting_set(ed, "j1", "e-contenu", d, 2,
	    "Casting vote of the chair", &err), 0);
	assert_string_equal(r = ranks(ed, METHOD_MEAN), "B:1 A:2 C:3");
	free(r);
	/* Below the quorum a prize needs a written override. */
	assert_int_equal(decision_set(ed, "j1", "e-contenu", "merit", "C",
	    "Good", NULL, &err), -1);
	assert_string_equal(err.msg, "dossier 'C' was scored by 1 voting juror, "
	    "fewer than the quorum of 2; a prize needs a written reason to "
	    "override the quorum");
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM decision"), 0);
	assert_int_equal(decision_set(ed, "j1", "e-contenu", "merit", "C",
	    "Good", "The other juror recused himself", &err), 0);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM quorum_override"
	    " WHERE dossier_id = 'C'"), 1);
	strbuf_free(&sb);
	db_close(ed);
}

/* Deterministic pseudo-random scores for the properties. */
static unsigned lcg = 12345;

static double
next_value(void)
{
	lcg = lcg * 1103515245u + 12345u;
	return (double)((lcg >> 16) % 19);      /* 0..18 */
}

/*
 * Six voting jurors score eight dossiers (X dominates Y: every juror
 * gives X 2 more than Y on every criterion).  order[] permutes the order
 * in which the jurors are registered; scale, if set, maps j3's values
 * v -> v / 2 + 5 (a positive linear map, inside the scale).
 */
static struct edition *
random_edition(const char *name, const int order[6], bool scale_j3)
{
	struct edition *ed = new_edition(name);
	struct strbuf sql = STRBUF_INIT;
	static const char *const d[8] = { "A", "B", "C", "D", "E", "F", "X", "Y" };
	double v[6][8];
	int i, k;

	lcg = 12345;
	for (k = 0; k < 6; k++) {
		for (i = 0; i < 7; i++)
			v[k][i] = next_value();
		v[k][7] = v[k][6];
		v[k][6] = v[k][7] + 2;
	}
	for (k = 0; k < 6; k++)
		strbuf_addf(&sql, "INSERT INTO juror (id, name, role, voting)"
		    " VALUES ('j%d', 'J', '%s', 1);", order[k] + 1,
		    order[k] == 0 ? "chair" : "member");
	for (i = 0; i < 8; i++)
		strbuf_addf(&sql, "INSERT INTO dossier (id, category_id, title_fr)"
		    " VALUES ('%s', 'e-contenu', '%s');", d[i], d[i]);
	for (k = 0; k < 6; k++)
		for (i = 0; i < 8; i++) {
			char j[16];
			double x = v[k][i];

			if (scale_j3 && k == 2)
				x = x / 2 + 5;
			snprintf(j, sizeof j, "j%d", k + 1);
			put(&sql, j, d[i], x);
		}
	/* A scale-free cascade, so that only the method speaks. */
	strbuf_adds(&sql, "INSERT INTO setting VALUES ('tie-cascade', 'schulze');");
	exec_audited(ed, strbuf_str(&sql));
	strbuf_free(&sql);
	return ed;
}

static void
properties_of_the_methods(void **state)
{
	static const int id[6] = { 0, 1, 2, 3, 4, 5 };
	static const int perm[6] = { 4, 2, 5, 0, 3, 1 };
	struct edition *base = random_edition("base.sqlite", id, false);
	struct edition *permuted = random_edition("perm.sqlite", perm, false);
	struct edition *scaled = random_edition("scaled.sqlite", id, true);
	int m;

	(void)state;
	for (m = 0; m < METHOD_COUNT; m++) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		struct mw_error err = { 0 };
		char *r = ranks(base, (enum method)m), *x, *y;

		/* Permuting the jurors changes nothing, to the last figure. */
		assert_int_equal(ranking_method(base, NULL, "fr", (enum method)m,
		    NULL, collect_rows, &a, &err), 0);
		assert_int_equal(ranking_method(permuted, NULL, "fr",
		    (enum method)m, NULL, collect_rows, &b, &err), 0);
		assert_string_equal(strbuf_str(&a), strbuf_str(&b));
		/* Scaling one juror linearly leaves the scale-free methods'
		 * ranking as it was. */
		if (m == METHOD_ZSCORE || m == METHOD_SCHULZE ||
		    m == METHOD_COPELAND) {
			char *s = ranks(scaled, (enum method)m);

			assert_string_equal(s, r);
			free(s);
		}
		/* Everyone prefers X to Y: X ranks higher under every method. */
		x = strstr(r, "X:");
		y = strstr(r, "Y:");
		assert_non_null(x);
		assert_non_null(y);
		assert_true(atoi(x + 2) < atoi(y + 2));
		free(r);
		strbuf_free(&a);
		strbuf_free(&b);
	}
	db_close(base);
	db_close(permuted);
	db_close(scaled);
}

/*
 * The cascade's criterion steps count the jurors the totals count: P and
 * Q tie on the total; on general interest P has 60 and Q 50 from j1 and
 * j2.  j3, in conflict with Q, gave Q 20 on it: counted, Q would lead
 * with 66.67.
 */
/* The conflict as conflict_sql declares it. */
static void
conflicted_juror_left_out(const char *file, const char *conflict_sql)
{
	struct edition *ed = new_edition(file);
	struct strbuf sql = STRBUF_INIT, sb = STRBUF_INIT;
	struct mw_error err = { 0 };
	static const char *const who[] = { "j1", "j2" };
	size_t i;

	strbuf_adds(&sql, "UPDATE criterion SET weight = 1, scale_min = 0,"
	    " scale_max = 20;"
	    "INSERT INTO juror (id, name, role, voting) VALUES"
	    " ('j1', 'One', 'chair', 1), ('j2', 'Two', 'member', 1),"
	    " ('j3', 'Three', 'member', 1);"
	    "INSERT INTO dossier (id, category_id, title_fr) VALUES"
	    " ('P', 'e-contenu', 'P'), ('Q', 'e-contenu', 'Q');");
	for (i = 0; i < 2; i++)
		strbuf_addf(&sql, "INSERT INTO score (juror_id, dossier_id,"
		    " criterion_id, value, updated_at) VALUES"
		    " ('%s','P','interet-general',12,'t'), ('%s','P','qualite',8,'t'),"
		    " ('%s','P','rendement',10,'t'), ('%s','P','realisation',10,'t'),"
		    " ('%s','Q','interet-general',10,'t'), ('%s','Q','qualite',10,'t'),"
		    " ('%s','Q','rendement',10,'t'), ('%s','Q','realisation',10,'t');"
		    "INSERT INTO submission VALUES ('%s','P','t'), ('%s','Q','t');",
		    who[i], who[i], who[i], who[i], who[i], who[i], who[i], who[i],
		    who[i], who[i]);
	strbuf_adds(&sql, "INSERT INTO score (juror_id, dossier_id,"
	    " criterion_id, value, updated_at) VALUES"
	    " ('j3','Q','interet-general',20,'t'), ('j3','Q','qualite',0,'t'),"
	    " ('j3','Q','rendement',10,'t'), ('j3','Q','realisation',10,'t');"
	    "INSERT INTO submission VALUES ('j3','Q','t');");
	strbuf_adds(&sql, conflict_sql);
	exec_audited(ed, strbuf_str(&sql));
	strbuf_free(&sql);
	assert_int_equal(ranking_run(ed, "e-contenu", "fr", collect_rows, &sb,
	    &err), 0);
	assert_string_equal(strbuf_str(&sb),
	    "e-contenu,1,P,P,50.00,2,0.00,0.00,tiebreak=interet-general\n"
	    "e-contenu,2,Q,Q,50.00,2,0.00,0.00,tiebreak=interet-general\n");
	strbuf_free(&sb);
	db_close(ed);
}

static void
cascade_criteria_leave_out_conflicted_jurors(void **state)
{
	(void)state;
	conflicted_juror_left_out("cascade.sqlite", "INSERT INTO conflict"
	    " (juror_id, dossier_id, reason) VALUES ('j3', 'Q', 'family');");
}

/* Undeclared: j3 works for Q's administration. */
static void
a_juror_s_own_administration_is_a_conflict(void **state)
{
	(void)state;
	conflicted_juror_left_out("organisation.sqlite", "INSERT INTO"
	    " administration (name) VALUES ('Agence X');"
	    "UPDATE dossier SET administration = 'Agence X' WHERE id = 'Q';"
	    "UPDATE juror SET organisation = 'Agence X' WHERE id = 'j3';");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ranks_by_mean_of_weighted_totals),
		cmocka_unit_test(all_categories_in_preset_order_and_arabic_titles),
		cmocka_unit_test(unknown_category_lists_the_known),
		cmocka_unit_test(each_method_against_the_hand_computed_table),
		cmocka_unit_test(
		    compare_methods_flags_a_prize_that_depends_on_the_method),
		cmocka_unit_test(one_read_gives_each_method_as_it_ranks_alone),
		cmocka_unit_test(trimmed_ranks_what_it_can_below_five_jurors),
		cmocka_unit_test(quorum_flags_and_casting_decides_a_surviving_tie),
		cmocka_unit_test(cascade_criteria_leave_out_conflicted_jurors),
		cmocka_unit_test(a_juror_s_own_administration_is_a_conflict),
		cmocka_unit_test(properties_of_the_methods),
	};

	return cmocka_run_group_tests_name("ranking", tests, NULL, NULL);
}
