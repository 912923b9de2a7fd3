/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the lock tests: the demo edition in deliberation with every
 * category decided (no award), and the chair's key unlocked. */
#ifndef MUDAWALA_TEST_DECIDED_H
#define MUDAWALA_TEST_DECIDED_H

#include "helpers.h"
#include "core/decision.h"
#include "core/demo.h"
#include "core/keys.h"
#include "core/memberkey.h"
#include "core/scoring.h"

static inline struct edition *
decided_demo_at(const char *path, struct secret_key **chair_key)
{
	static const char *const cats[] = { "e-demarche", "smart-apps",
	    "e-contenu", "e-participation" };
	struct mw_error err = { 0 };
	struct edition *ed;
	char key[600];
	bool changed;
	size_t i;

	remove_edition(path);
	if (demo_write(path, &err) != 0 || db_open(path, DB_WRITE, &ed,
	    &err) != 0)
		fail_msg("demo: %s", err.msg);
	sign_as(ed, path, "chair");
	assert_int_equal(edition_set_phase(ed, "deliberation", "chair", NULL,
	    &changed, &err), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(decision_set(ed, "chair", cats[i], "excellence",
		    NULL, "Aucun", NULL, &err), 0);
		assert_int_equal(decision_set(ed, "chair", cats[i],
		    "encouragement", NULL, "Aucun", NULL, &err), 0);
	}
	snprintf(key, sizeof key, "%s.keys/chair.key", path);
	if (key_unlock_identity(ed, "chair", key, "demo", chair_key, &err) != 0)
		fail_msg("key: %s", err.msg);
	return ed;
}

#endif
