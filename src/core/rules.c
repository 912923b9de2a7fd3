/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <string.h>

#include "core/rules.h"

enum { SETUP = 1, SCORING = 2, DELIBERATION = 4, LOCKED = 8 };

static const unsigned allowed[ACT_COUNT] = {
	[ACT_IMPORT] = SETUP | SCORING | DELIBERATION,
	[ACT_TIE_CASCADE] = SETUP,
	[ACT_SETTINGS] = SETUP | SCORING | DELIBERATION,
	[ACT_PHASE] = SETUP | SCORING | DELIBERATION,
	[ACT_SCORE] = SCORING,
	[ACT_CONFLICT] = SETUP | SCORING | DELIBERATION,
	[ACT_DECIDE] = DELIBERATION,
	[ACT_LOCK] = DELIBERATION,
};

static unsigned
phase_bit(const char *phase)
{
	static const char *const names[] = { "setup", "scoring",
	    "deliberation", "locked" };
	unsigned i;

	for (i = 0; i < 4; i++)
		if (strcmp(names[i], phase) == 0)
			return 1u << i;
	return 0;
}

bool
rules_allow(enum action action, const char *phase)
{
	return action < ACT_COUNT && (allowed[action] & phase_bit(phase)) != 0;
}
