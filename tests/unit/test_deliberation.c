/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deliberation in core: what each person may see of the ranking, the
 * comparison, and the chair's decisions. */
#include <config.h>

#include <math.h>

#include "helpers.h"
#include "core/compare.h"
#include "core/conflicts.h"
#include "core/consensus.h"
#include "core/decision.h"
#include "core/draft.h"
#include "core/jury.h"
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

static void
one_prize_per_dossier_per_category(void **state)
{
	struct edition *ed = demo("oneprize.sqlite");
	struct mw_error err = { 0 };
	bool changed;

	(void)state;
	edition_set_phase(ed, "deliberation", "chair", NULL, &changed, &err);
	assert_int_equal(decision_set(ed, "chair", "e-contenu", "excellence",
	    "D21", "Le meilleur", NULL, &err), 0);
	assert_int_equal(decision_set(ed, "chair", "e-contenu", "encouragement",
	    "D21", "Encore", NULL, &err), -1);
	assert_string_equal(err.msg, "dossier 'D21' already has the excellence "
	    "prize of this category: one prize per dossier per category (change "
	    "that decision first)");
	assert_int_equal(decision_set(ed, "chair", "e-contenu", "merit", "D21",
	    "Et un certificat", NULL, &err), -1);
	/* The same prize again replaces itself. */
	assert_int_equal(decision_set(ed, "chair", "e-contenu", "excellence",
	    "D21", "Toujours le meilleur", NULL, &err), 0);
	/* The database keeps the rule whatever program writes. */
	assert_int_not_equal(sqlite3_exec(db_handle(ed), "INSERT INTO decision"
	    " (category_id, prize, dossier_id, rationale, decided_at, decided_by)"
	    " VALUES ('e-contenu', 'merit', 'D21', 'x', 't', 'chair')", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db_handle(ed)),
	    "one prize per dossier per category"));
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM decision"
	    " WHERE dossier_id = 'D21'"), 1);
	db_close(ed);
}

static void
what_the_jury_said_follows_the_blind_rule(void **state)
{
	const char *path = scratch_path("said.sqlite");
	struct edition *ed = demo("said.sqlite");
	struct mw_error err = { 0 };
	enum jury_access access;
	struct jury_view v;
	bool changed, expert_seen = false;
	size_t i, k;

	(void)state;
	/* During scoring, nobody. */
	assert_int_equal(jury_access(ed, "chair", "D01", &access, &err), 0);
	assert_int_equal(access, JURY_BEFORE_DELIBERATION);
	assert_int_equal(jury_view_load(ed, "hg", "D01", &v, &err), -1);
	assert_string_equal(err.msg, "what the jury said opens with the "
	    "deliberation");
	sign_as(ed, path, "hg");
	assert_int_equal(conflict_declare(ed, "hg", "hg", "D02", "ancien poste",
	    false, &err), 0);
	sign_as(ed, path, "chair");
	edition_set_phase(ed, "deliberation", "chair", NULL, &changed, &err);
	/* The chair sees every mark; a member who submitted, too. */
	assert_int_equal(jury_view_load(ed, "chair", "D01", &v, &err), 0);
	assert_int_equal((int)v.n, 4);
	for (i = 0; i < v.n; i++)
		for (k = 0; k < v.criteria[i].n; k++)
			if (!v.criteria[i].marks[k].voting) {
				expert_seen = true;
				/* Voting members come first. */
				assert_true(k > 0 && !v.criteria[i].marks[k].voting);
			}
	assert_true(expert_seen);
	jury_view_free(&v);
	assert_int_equal(jury_access(ed, "hg", "D01", &access, &err), 0);
	assert_int_equal(access, JURY_SHOWN);
	/* misoc has not submitted D10: not before her own submission. */
	assert_int_equal(jury_access(ed, "misoc", "D10", &access, &err), 0);
	assert_int_equal(access, JURY_NOT_SUBMITTED);
	/* A member in conflict never. */
	assert_int_equal(jury_access(ed, "hg", "D02", &access, &err), 0);
	assert_int_equal(access, JURY_CONFLICT);
	db_close(ed);
}

static void
a_consensus_round_reopens_the_members_outside(void **state)
{
	const char *path = scratch_path("consensus.sqlite");
	struct edition *ed = demo("consensus.sqlite");
	struct strbuf who = STRBUF_INIT;
	struct mw_error err = { 0 };
	struct consensus_row *r;
	bool changed, open;
	size_t n;

	(void)state;
	assert_int_equal(consensus_open(ed, "chair", "D03", "Écarts", &who,
	    &err), -1);
	assert_non_null(strstr(err.msg, "during the deliberation"));
	exec_audited(ed, "UPDATE setting SET value = '10' WHERE key = 'corridor';"
	    "INSERT OR IGNORE INTO setting VALUES ('corridor', '10')");
	edition_set_phase(ed, "deliberation", "chair", NULL, &changed, &err);
	assert_int_equal(consensus_open(ed, "chair", "D03", "  ", &who, &err),
	    -1);
	assert_string_equal(err.msg, "a consensus round needs a written reason");
	/* D01: every total within 10 points of the mean. */
	assert_int_equal(consensus_open(ed, "chair", "D02", "Écarts", &who,
	    &err), -1);
	assert_non_null(strstr(err.msg, "there is nobody to ask again"));
	sign_as(ed, path, "hg");
	assert_int_equal(consensus_open(ed, "hg", "D03", "Écarts", &who, &err),
	    -1);
	assert_non_null(strstr(err.msg, "only the chair"));
	sign_as(ed, path, "chair");
	assert_int_equal(consensus_open(ed, "chair", "D03", "Écarts", &who,
	    &err), 0);
	assert_string_equal(strbuf_str(&who), "Karima Tazi, Youssef El Amrani");
	/* hg may score D03 again in deliberation; apebi (inside) may not. */
	assert_int_equal(consensus_open_for(ed, "hg", "D03", &open, &err), 0);
	assert_true(open);
	sign_as(ed, path, "apebi");
	assert_int_equal(score_set(ed, "apebi", "D03", "qualite", 12, NULL,
	    &err), -1);
	sign_as(ed, path, "hg");
	assert_int_equal(score_set(ed, "hg", "D03", "qualite", 14, NULL, &err),
	    0);
	assert_int_equal(score_set(ed, "hg", "D02", "qualite", 14, NULL, &err),
	    -1);
	assert_int_equal(score_submit(ed, "hg", "D03", &changed, &err), 0);
	assert_int_equal(score_set(ed, "hg", "D03", "qualite", 15, NULL, &err),
	    -1);
	/* The first score stays in the history. */
	assert_int_equal(count_rows(ed, "SELECT (SELECT count(*)"
	    " FROM score_history WHERE juror_id = 'hg' AND dossier_id = 'D03')"
	    " + (SELECT total(length(history) - length(replace(history, ';',"
	    " ''))) FROM score WHERE juror_id = 'hg' AND dossier_id = 'D03')"),
	    1);
	assert_int_equal(consensus_load(ed, NULL, "fr", &r, &n, &err), 0);
	assert_int_equal((int)n, 2);
	assert_string_equal(r[0].name, "Karima Tazi");
	assert_true(isnan(r[0].after));
	assert_string_equal(r[1].name, "Youssef El Amrani");
	assert_true(!isnan(r[1].after) && r[1].after > r[1].before);
	consensus_free(r, n);
	strbuf_free(&who);
	db_close(ed);
}

static void
a_draft_survives_and_a_hostile_one_is_ignored(void **state)
{
	const char *ed = scratch_path("draft.sqlite");
	struct mw_error err = { 0 };
	struct draft d;
	char path[700];
	FILE *f;

	(void)state;
	draft_clear(ed, "hg");
	assert_int_equal(draft_load(ed, "hg", &d), 0);
	assert_int_equal(draft_save(ed, "hg", "D03", "qualite",
	    "Très clair \xD9\x88\xD8\xA7\xD8\xB6\xD8\xAD", &err), 0);
	assert_int_equal(draft_load(ed, "hg", &d), 1);
	assert_string_equal(d.dossier, "D03");
	assert_string_equal(d.criterion, "qualite");
	assert_string_equal(d.text, "Très clair \xD9\x88\xD8\xA7\xD8\xB6"
	    "\xD8\xAD");
	draft_free(&d);
	snprintf(path, sizeof path, "%s.drafts/hg", ed);
	/* Hostile contents: no magic, truncated, invalid UTF-8. */
	f = fopen(path, "wb");
	fputs("D03\nqualite\ntext\n", f);
	fclose(f);
	assert_int_equal(draft_load(ed, "hg", &d), 0);
	f = fopen(path, "wb");
	fputs("mudawala-draft 1\nD03\nqualite", f);
	fclose(f);
	assert_int_equal(draft_load(ed, "hg", &d), 0);
	f = fopen(path, "wb");
	fputs("mudawala-draft 1\nD03\nqualite\n\xFF\xFE bad\n", f);
	fclose(f);
	assert_int_equal(draft_load(ed, "hg", &d), 0);
	draft_clear(ed, "hg");
	assert_int_equal(draft_load(ed, "hg", &d), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_phase_decides_who_sees_what),
		cmocka_unit_test(compare_shows_the_jury_from_deliberation_on),
		cmocka_unit_test(best_of_a_row),
		cmocka_unit_test(only_the_chair_decides_during_deliberation),
		cmocka_unit_test(one_prize_per_dossier_per_category),
		cmocka_unit_test(what_the_jury_said_follows_the_blind_rule),
		cmocka_unit_test(a_consensus_round_reopens_the_members_outside),
		cmocka_unit_test(a_draft_survives_and_a_hostile_one_is_ignored),
	};

	return cmocka_run_group_tests_name("deliberation", tests, NULL, NULL);
}
