/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <stdbool.h>
#include <string.h>

#include "core/schema.h"
#include "util/strbuf.h"

/* Identifiers typed on the command line and in CSV files: short, printable,
 * no spaces, so they never need quoting. */
#define ID_CHECK(col) \
	"CHECK (length(" col ") BETWEEN 1 AND 64 AND " col \
	" NOT GLOB '*[^A-Za-z0-9._-]*')"

static const char migration_1[] =
	"CREATE TABLE edition ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  name TEXT NOT NULL CHECK (length(name) > 0),"
	"  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),"
	"  preset TEXT NOT NULL,"
	"  category_set TEXT NOT NULL DEFAULT '',"
	"  phase TEXT NOT NULL DEFAULT 'setup'"
	"    CHECK (phase IN ('setup','scoring','deliberation','locked')),"
	"  uuid TEXT NOT NULL CHECK (length(uuid) = 32),"
	"  created_at TEXT NOT NULL"
	") STRICT;"

	"CREATE TABLE category ("
	"  id TEXT PRIMARY KEY " ID_CHECK("id") ","
	"  name_ar TEXT NOT NULL, name_fr TEXT NOT NULL,"
	"  description_ar TEXT NOT NULL DEFAULT '',"
	"  description_fr TEXT NOT NULL DEFAULT '',"
	"  position INTEGER NOT NULL,"
	"  CHECK (name_ar <> '' OR name_fr <> '')"
	") STRICT;"

	"CREATE TABLE criterion ("
	"  id TEXT PRIMARY KEY " ID_CHECK("id") ","
	"  name_ar TEXT NOT NULL, name_fr TEXT NOT NULL,"
	"  description_ar TEXT NOT NULL DEFAULT '',"
	"  description_fr TEXT NOT NULL DEFAULT '',"
	"  weight REAL NOT NULL CHECK (weight > 0 AND weight <= 1000),"
	"  scale_min INTEGER NOT NULL,"
	"  scale_max INTEGER NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  CHECK (scale_max > scale_min),"
	"  CHECK (name_ar <> '' OR name_fr <> '')"
	") STRICT;"

	"CREATE TABLE prize ("
	"  id TEXT PRIMARY KEY"
	"    CHECK (id IN ('excellence','encouragement','merit')),"
	"  name_ar TEXT NOT NULL, name_fr TEXT NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  max_per_category INTEGER CHECK (max_per_category > 0)"
	") STRICT;"

	"CREATE TABLE administration ("
	"  name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 300)"
	") STRICT;"

	"CREATE TABLE dossier ("
	"  id TEXT PRIMARY KEY " ID_CHECK("id") ","
	"  category_id TEXT NOT NULL REFERENCES category(id),"
	"  title_ar TEXT NOT NULL DEFAULT '',"
	"  title_fr TEXT NOT NULL DEFAULT '',"
	"  administration TEXT REFERENCES administration(name),"
	"  url TEXT NOT NULL DEFAULT '',"
	"  summary_ar TEXT NOT NULL DEFAULT '',"
	"  summary_fr TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL DEFAULT 'admitted'"
	"    CHECK (status IN ('admitted','withdrawn','ineligible')),"
	"  CHECK (title_ar <> '' OR title_fr <> '')"
	") STRICT;"
	"CREATE INDEX dossier_by_category ON dossier(category_id, id);"
	"CREATE INDEX dossier_by_administration"
	"  ON dossier(coalesce(administration, ''), id);"
	/* The browser's sorts by title, read a page at a time. */
	"CREATE INDEX dossier_by_title_fr ON dossier("
	"  coalesce(nullif(title_fr, ''), title_ar), id);"
	"CREATE INDEX dossier_by_title_ar ON dossier("
	"  coalesce(nullif(title_ar, ''), title_fr), id);"
	/* Search: the folded text (text_fold) of titles, administration and
	 * summaries, by dossier rowid; derived data, kept by mudawala. */
	"CREATE VIRTUAL TABLE dossier_search USING fts5("
	"  folded, tokenize = 'trigram');"

	"CREATE TABLE juror ("
	"  id TEXT PRIMARY KEY " ID_CHECK("id") ","
	"  name TEXT NOT NULL CHECK (length(name) > 0),"
	"  organisation TEXT NOT NULL DEFAULT '',"
	"  role TEXT NOT NULL CHECK (role IN ('chair','member','expert')),"
	"  voting INTEGER NOT NULL CHECK (voting IN (0, 1)),"
	"  public_key TEXT NOT NULL DEFAULT '',"
	"  CHECK (role <> 'expert' OR voting = 0)"
	") STRICT;"
	"CREATE UNIQUE INDEX juror_one_chair ON juror(role) WHERE role = 'chair';"

	"CREATE TABLE conflict ("
	"  id INTEGER PRIMARY KEY,"
	"  juror_id TEXT NOT NULL REFERENCES juror(id),"
	"  dossier_id TEXT REFERENCES dossier(id),"
	"  administration TEXT REFERENCES administration(name),"
	"  reason TEXT NOT NULL DEFAULT '',"
	"  CHECK ((dossier_id IS NULL) <> (administration IS NULL)),"
	"  UNIQUE (juror_id, dossier_id),"
	"  UNIQUE (juror_id, administration)"
	") STRICT;"

	"CREATE TABLE score ("
	"  juror_id TEXT NOT NULL REFERENCES juror(id),"
	"  dossier_id TEXT NOT NULL REFERENCES dossier(id),"
	"  criterion_id TEXT NOT NULL REFERENCES criterion(id),"
	"  value REAL NOT NULL,"
	"  comment TEXT NOT NULL DEFAULT '',"
	"  updated_at TEXT NOT NULL,"
	"  PRIMARY KEY (juror_id, dossier_id, criterion_id)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX score_by_dossier"
	"  ON score(dossier_id, juror_id, criterion_id, value);"
	/* CHECK cannot look at another table: the scale is a trigger. */
	"CREATE TRIGGER score_scale_insert BEFORE INSERT ON score BEGIN"
	"  SELECT RAISE(ABORT, 'score outside the scale of its criterion')"
	"  FROM criterion c WHERE c.id = NEW.criterion_id"
	"  AND (NEW.value < c.scale_min OR NEW.value > c.scale_max);"
	"END;"
	"CREATE TRIGGER score_scale_update BEFORE UPDATE OF value ON score BEGIN"
	"  SELECT RAISE(ABORT, 'score outside the scale of its criterion')"
	"  FROM criterion c WHERE c.id = NEW.criterion_id"
	"  AND (NEW.value < c.scale_min OR NEW.value > c.scale_max);"
	"END;"

	"CREATE TABLE submission ("
	"  juror_id TEXT NOT NULL REFERENCES juror(id),"
	"  dossier_id TEXT NOT NULL REFERENCES dossier(id),"
	"  submitted_at TEXT NOT NULL,"
	"  PRIMARY KEY (juror_id, dossier_id)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX submission_by_dossier ON submission(dossier_id, juror_id);"

	"CREATE TABLE decision ("
	"  category_id TEXT NOT NULL REFERENCES category(id),"
	"  prize TEXT NOT NULL REFERENCES prize(id),"
	"  dossier_id TEXT REFERENCES dossier(id),"
	"  rationale TEXT NOT NULL CHECK (length(rationale) > 0),"
	"  decided_at TEXT NOT NULL,"
	"  decided_by TEXT NOT NULL"
	") STRICT;"
	"CREATE UNIQUE INDEX decision_one_per_dossier"
	"  ON decision(category_id, prize, coalesce(dossier_id, ''));"

	/* The running digest of each audited table, kept by mudawala at
	 * each commit from the rows the triggers journal in pending. */
	"CREATE TABLE digest ("
	"  tbl TEXT PRIMARY KEY,"
	"  value BLOB NOT NULL CHECK (length(value) = 32)"
	") STRICT;"
	/* Every row change of an audited table, as text, until the commit
	 * that records it; plain SQL, so any program's writes land here. */
	"CREATE TABLE pending ("
	"  seq INTEGER PRIMARY KEY,"
	"  tbl TEXT NOT NULL,"
	"  sign INTEGER NOT NULL CHECK (sign IN (-1, 1)),"
	"  row TEXT NOT NULL"
	") STRICT;"

	"CREATE TABLE audit ("
	"  seq INTEGER PRIMARY KEY CHECK (seq > 0),"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  detail TEXT NOT NULL,"
	"  state BLOB NOT NULL CHECK (length(state) = 32),"
	"  prev BLOB NOT NULL CHECK (length(prev) = 32),"
	"  hash BLOB NOT NULL CHECK (length(hash) = 32)"
	") STRICT;"
	/* A row joins the chain only if it continues it exactly. */
	"CREATE TRIGGER audit_append BEFORE INSERT ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'audit row out of sequence')"
	"  WHERE NEW.seq <> coalesce((SELECT max(seq) FROM audit), 0) + 1;"
	"  SELECT RAISE(ABORT, 'audit row does not continue the chain')"
	"  WHERE NEW.prev IS NOT coalesce("
	"    (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), zeroblob(32));"
	"  SELECT RAISE(ABORT, 'audit row does not state the current contents')"
	"  WHERE NEW.state IS NOT"
	"    (SELECT mudawala_dsum(mudawala_row('digest', tbl, value)) FROM digest);"
	"  SELECT RAISE(ABORT, 'audit row hash is wrong')"
	"  WHERE NEW.hash IS NOT mudawala_chain(NEW.prev, NEW.seq, NEW.at,"
	"    NEW.actor, NEW.action, NEW.detail, NEW.state);"
	"END;"
	"CREATE TRIGGER audit_complete BEFORE INSERT ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'changes not yet in the digests')"
	"  WHERE EXISTS (SELECT 1 FROM pending);"
	"END;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit log cannot be changed');"
	"END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit log cannot be changed');"
	"END;";

/* Format 2: the commission's settings, score history, casting decisions
 * on ties and quorum overrides. */
static const char migration_2[] =
	/* What the chair sets: corridor, quorum, tie cascade (core/settings.c
	 * checks the values; the keys are fixed here). */
	"CREATE TABLE setting ("
	"  key TEXT PRIMARY KEY"
	"    CHECK (key IN ('corridor','quorum','tie-cascade')),"
	"  value TEXT NOT NULL"
	") STRICT;"

	/* Every change of a score's value, whoever writes: the trigger is
	 * plain SQL.  A score's first value is the "from" of its first
	 * change (or the score itself, if it never changed). */
	"CREATE TABLE score_history ("
	"  seq INTEGER PRIMARY KEY,"
	"  juror_id TEXT NOT NULL REFERENCES juror(id),"
	"  dossier_id TEXT NOT NULL REFERENCES dossier(id),"
	"  criterion_id TEXT NOT NULL REFERENCES criterion(id),"
	"  old_value REAL NOT NULL,"
	"  old_at TEXT NOT NULL,"
	"  new_value REAL,"
	"  new_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX score_history_by_dossier"
	"  ON score_history(dossier_id, juror_id, criterion_id, seq);"
	"CREATE TRIGGER score_history_update AFTER UPDATE OF value ON score"
	"  WHEN OLD.value IS NOT NEW.value BEGIN"
	"  INSERT INTO score_history (juror_id, dossier_id, criterion_id,"
	"    old_value, old_at, new_value, new_at) VALUES (NEW.juror_id,"
	"    NEW.dossier_id, NEW.criterion_id, OLD.value, OLD.updated_at,"
	"    NEW.value, NEW.updated_at);"
	"END;"
	"CREATE TRIGGER score_history_delete AFTER DELETE ON score BEGIN"
	"  INSERT INTO score_history (juror_id, dossier_id, criterion_id,"
	"    old_value, old_at, new_value, new_at) VALUES (OLD.juror_id,"
	"    OLD.dossier_id, OLD.criterion_id, OLD.value, OLD.updated_at,"
	"    NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));"
	"END;"
	"CREATE TRIGGER score_history_no_update BEFORE UPDATE ON score_history"
	"  BEGIN SELECT RAISE(ABORT, 'score history cannot be changed'); END;"
	"CREATE TRIGGER score_history_no_delete BEFORE DELETE ON score_history"
	"  BEGIN SELECT RAISE(ABORT, 'score history cannot be changed'); END;"

	/* The chair's casting decision on a tie the cascade leaves: the
	 * order of the tied dossiers, with the reason. */
	"CREATE TABLE casting ("
	"  category_id TEXT NOT NULL REFERENCES category(id),"
	"  dossier_id TEXT NOT NULL REFERENCES dossier(id),"
	"  position INTEGER NOT NULL CHECK (position > 0),"
	"  rationale TEXT NOT NULL CHECK (length(rationale) > 0),"
	"  decided_at TEXT NOT NULL,"
	"  decided_by TEXT NOT NULL,"
	"  PRIMARY KEY (category_id, dossier_id)"
	") STRICT;"

	/* A prize to a dossier scored by fewer voting jurors than the
	 * quorum needs the chair's written reason. */
	"CREATE TABLE quorum_override ("
	"  dossier_id TEXT PRIMARY KEY REFERENCES dossier(id),"
	"  reason TEXT NOT NULL CHECK (length(reason) > 0),"
	"  decided_at TEXT NOT NULL,"
	"  decided_by TEXT NOT NULL"
	") STRICT;";

/* Format 3: frozen criteria, the lock and its seal, the origin of a
 * conflict (a juror's abstention, the chair's recusal), and one view of
 * every conflict, explicit or implied by a juror's organisation. */
#define LOCKED_GUARD(t) \
	"CREATE TRIGGER " t "_locked_insert BEFORE INSERT ON " t \
	"  WHEN (SELECT phase FROM edition WHERE id = 1) = 'locked' BEGIN" \
	"  SELECT RAISE(ABORT, 'the edition is locked'); END;" \
	"CREATE TRIGGER " t "_locked_update BEFORE UPDATE ON " t \
	"  WHEN (SELECT phase FROM edition WHERE id = 1) = 'locked' BEGIN" \
	"  SELECT RAISE(ABORT, 'the edition is locked'); END;" \
	"CREATE TRIGGER " t "_locked_delete BEFORE DELETE ON " t \
	"  WHEN (SELECT phase FROM edition WHERE id = 1) = 'locked' BEGIN" \
	"  SELECT RAISE(ABORT, 'the edition is locked'); END;"

#define FROZEN_GUARD(t) \
	"CREATE TRIGGER " t "_frozen_insert BEFORE INSERT ON " t \
	"  WHEN (SELECT phase FROM edition WHERE id = 1) <> 'setup' BEGIN" \
	"  SELECT RAISE(ABORT," \
	"  'criteria and weights are frozen once scoring opens'); END;" \
	"CREATE TRIGGER " t "_frozen_update BEFORE UPDATE ON " t \
	"  WHEN (SELECT phase FROM edition WHERE id = 1) <> 'setup' BEGIN" \
	"  SELECT RAISE(ABORT," \
	"  'criteria and weights are frozen once scoring opens'); END;" \
	"CREATE TRIGGER " t "_frozen_delete BEFORE DELETE ON " t \
	"  WHEN (SELECT phase FROM edition WHERE id = 1) <> 'setup' BEGIN" \
	"  SELECT RAISE(ABORT," \
	"  'criteria and weights are frozen once scoring opens'); END;"

static const char migration_3[] =
	FROZEN_GUARD("criterion")

	/* Who declared a conflict: the juror (abstain), the chair (recuse);
	 * none for conflicts imported at setup. */
	"CREATE TABLE conflict_origin ("
	"  conflict_id INTEGER PRIMARY KEY REFERENCES conflict(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('abstain','recusal')),"
	"  declared_by TEXT NOT NULL REFERENCES juror(id),"
	"  declared_at TEXT NOT NULL"
	") STRICT;"

	/* Every conflict of a juror with a dossier: declared for the dossier,
	 * for its administration, or implied by the juror's organisation. */
	"CREATE VIEW juror_conflict AS"
	"  SELECT c.juror_id AS juror_id, d.id AS dossier_id, c.reason AS reason"
	"  FROM conflict c JOIN dossier d ON d.id = c.dossier_id"
	"  UNION ALL"
	"  SELECT c.juror_id, d.id, c.reason FROM conflict c"
	"  JOIN dossier d ON d.administration = c.administration"
	"  UNION ALL"
	"  SELECT j.id, d.id, 'organisation: ' || j.organisation FROM juror j"
	"  JOIN dossier d ON d.administration = j.organisation"
	"  WHERE j.organisation <> '';"

	/* The lock: the digest of the deliberation rows and the chain head,
	 * signed by the chair's key; written once. */
	"CREATE TABLE seal ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  locked_at TEXT NOT NULL,"
	"  locked_by TEXT NOT NULL REFERENCES juror(id),"
	"  audit_seq INTEGER NOT NULL CHECK (audit_seq >= 0),"
	"  chain_head BLOB NOT NULL CHECK (length(chain_head) = 32),"
	"  seal BLOB NOT NULL CHECK (length(seal) = 32),"
	"  key_id BLOB NOT NULL CHECK (length(key_id) = 8),"
	"  signature BLOB NOT NULL CHECK (length(signature) = 64)"
	") STRICT;"
	"CREATE TRIGGER seal_only_when_locking BEFORE INSERT ON seal"
	"  WHEN (SELECT phase FROM edition WHERE id = 1) <> 'locked' BEGIN"
	"  SELECT RAISE(ABORT, 'a seal is written only by the lock'); END;"
	"CREATE TRIGGER seal_no_update BEFORE UPDATE ON seal BEGIN"
	"  SELECT RAISE(ABORT, 'the seal cannot be changed'); END;"
	"CREATE TRIGGER seal_no_delete BEFORE DELETE ON seal BEGIN"
	"  SELECT RAISE(ABORT, 'the seal cannot be changed'); END;"

	/* The latest score sheet imported from each juror's laptop: a sheet
	 * with a sequence number not above it is old or replayed. */
	"CREATE TABLE sheet_import ("
	"  juror_id TEXT PRIMARY KEY REFERENCES juror(id),"
	"  seq INTEGER NOT NULL CHECK (seq >= 0),"
	"  digest TEXT NOT NULL,"
	"  imported_at TEXT NOT NULL,"
	"  imported_by TEXT NOT NULL"
	") STRICT;"

	/* Once locked, no program changes the deliberation data. */
	"CREATE TRIGGER edition_locked_update BEFORE UPDATE ON edition"
	"  WHEN OLD.phase = 'locked' BEGIN"
	"  SELECT RAISE(ABORT, 'the edition is locked'); END;"
	"CREATE TRIGGER edition_locked_delete BEFORE DELETE ON edition"
	"  WHEN OLD.phase = 'locked' BEGIN"
	"  SELECT RAISE(ABORT, 'the edition is locked'); END;"
	LOCKED_GUARD("category") LOCKED_GUARD("criterion") LOCKED_GUARD("prize")
	LOCKED_GUARD("administration") LOCKED_GUARD("dossier")
	LOCKED_GUARD("juror") LOCKED_GUARD("conflict")
	LOCKED_GUARD("conflict_origin") LOCKED_GUARD("score")
	LOCKED_GUARD("submission") LOCKED_GUARD("decision")
	LOCKED_GUARD("setting") LOCKED_GUARD("score_history")
	LOCKED_GUARD("casting") LOCKED_GUARD("quorum_override")
	LOCKED_GUARD("sheet_import");

/*
 * Format 4: the search index keeps no positions (detail=none) and no
 * sizes (columnsize=0, for ranking by relevance, which we do not).
 * Search is by substring (GLOB on trigrams), which needs to know only
 * which rows hold a trigram; the index is half the size and twice as
 * fast to build.
 * It is derived data: rebuilt here from the dossiers.
 */
static const char migration_4[] =
	"DROP TABLE dossier_search;"
	"CREATE VIRTUAL TABLE dossier_search USING fts5("
	"  folded, tokenize = 'trigram', detail = 'none', columnsize = 0);"
	/* An import indexes its dossiers in one statement: let it build one
	 * segment in memory (up to 64 MiB) rather than merge many small. */
	"INSERT INTO dossier_search (dossier_search, rank)"
	"  VALUES ('hashsize', 67108864);"
	"INSERT INTO dossier_search (rowid, folded)"
	" SELECT rowid, mudawala_fold(title_ar || ' ' || title_fr || ' '"
	"  || coalesce(administration, '') || ' ' || id || ' ' || summary_ar"
	"  || ' ' || summary_fr) FROM dossier;";

/*
 * Format 5: every act signed by its author.  An audit row now carries the
 * commission's keys when it changes them (a snapshot of every member's
 * id, role, voting right and public key, so that a verifier rebuilds the
 * registry from the chain alone) and the Ed25519 signature of its hash by
 * the member who acted (NULL for the rows a program writes alone: the
 * creation, the set-up before the chair has a key, migrations).  Rows
 * written before this format keep v = 1 and their old hash.
 */
static const char migration_5[] =
	"ALTER TABLE audit ADD COLUMN v INTEGER NOT NULL DEFAULT 1"
	"  CHECK (v IN (1, 2));"
	"ALTER TABLE audit ADD COLUMN keys TEXT;"
	"ALTER TABLE audit ADD COLUMN signature BLOB"
	"  CHECK (signature IS NULL OR length(signature) = 64);"
	"CREATE INDEX audit_signed ON audit(seq) WHERE signature IS NOT NULL;"
	"DROP TRIGGER audit_append;"
	"CREATE TRIGGER audit_append BEFORE INSERT ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'audit row out of sequence')"
	"  WHERE NEW.seq <> coalesce((SELECT max(seq) FROM audit), 0) + 1;"
	"  SELECT RAISE(ABORT, 'audit row does not continue the chain')"
	"  WHERE NEW.prev IS NOT coalesce("
	"    (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), zeroblob(32));"
	"  SELECT RAISE(ABORT, 'audit row does not state the current contents')"
	"  WHERE NEW.state IS NOT"
	"    (SELECT mudawala_dsum(mudawala_row('digest', tbl, value)) FROM digest);"
	"  SELECT RAISE(ABORT, 'audit rows are now written in format 2')"
	"  WHERE NEW.v IS NOT 2;"
	"  SELECT RAISE(ABORT, 'audit row hash is wrong')"
	"  WHERE NEW.hash IS NOT mudawala_chain2(NEW.prev, NEW.seq, NEW.at,"
	"    NEW.actor, NEW.action, NEW.detail, NEW.state, NEW.keys);"
	"END;";

/*
 * Format 6: juror packs.  A pack is an edition made by the chair for one
 * juror's laptop (pack.c); its one pack row says for whom, and where the
 * master's audit log stood, so that the pack's score sheets number on
 * from there.  A master holds no pack row.
 */
static const char migration_6[] =
	"CREATE TABLE pack ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  juror_id TEXT NOT NULL REFERENCES juror(id),"
	"  master_seq INTEGER NOT NULL CHECK (master_seq >= 0),"
	"  master_head BLOB NOT NULL CHECK (length(master_head) = 32),"
	"  made_at TEXT NOT NULL,"
	"  made_by TEXT NOT NULL"
	") STRICT;"
	LOCKED_GUARD("pack");

/*
 * Format 7: administrations as entities.  An administration keeps its
 * name (what dossiers and conflicts refer to), and may have an id, a name
 * in Arabic and in French, and the other names it is known by; imports
 * match any of them (by text_name_key), so that a conflict never depends
 * on which name was typed.
 */
static const char migration_7[] =
	"CREATE TABLE administration_info ("
	"  name TEXT PRIMARY KEY REFERENCES administration(name),"
	"  id TEXT NOT NULL UNIQUE " ID_CHECK("id") ","
	"  name_ar TEXT NOT NULL DEFAULT '',"
	"  name_fr TEXT NOT NULL DEFAULT '',"
	"  CHECK (name_ar <> '' OR name_fr <> '')"
	") STRICT;"
	"CREATE TABLE administration_alias ("
	"  alias TEXT PRIMARY KEY CHECK (length(alias) BETWEEN 1 AND 300),"
	"  administration TEXT NOT NULL REFERENCES administration(name)"
	") STRICT;"
	LOCKED_GUARD("administration_info") LOCKED_GUARD("administration_alias");

/*
 * Format 8: one prize per dossier per category (the chair cannot give a
 * dossier both prizes of its category, nor a prize and a certificate);
 * and consensus rounds: after the discussion the chair reopens a
 * dossier's scoring for the members whose totals lay outside the
 * corridor.  A round's row keeps the member's total before it; the round
 * is open while the member has not submitted the dossier again.
 */
static const char migration_8[] =
	"CREATE TRIGGER decision_one_prize_insert BEFORE INSERT ON decision"
	"  WHEN NEW.dossier_id IS NOT NULL AND EXISTS (SELECT 1 FROM decision"
	"  WHERE category_id = NEW.category_id AND dossier_id = NEW.dossier_id"
	"  AND prize <> NEW.prize) BEGIN"
	"  SELECT RAISE(ABORT, 'one prize per dossier per category'); END;"
	"CREATE TRIGGER decision_one_prize_update BEFORE UPDATE ON decision"
	"  WHEN NEW.dossier_id IS NOT NULL AND EXISTS (SELECT 1 FROM decision"
	"  WHERE category_id = NEW.category_id AND dossier_id = NEW.dossier_id"
	"  AND prize <> NEW.prize AND rowid <> OLD.rowid) BEGIN"
	"  SELECT RAISE(ABORT, 'one prize per dossier per category'); END;"
	"CREATE TABLE consensus_round ("
	"  dossier_id TEXT NOT NULL REFERENCES dossier(id),"
	"  juror_id TEXT NOT NULL REFERENCES juror(id),"
	"  reason TEXT NOT NULL CHECK (length(reason) > 0),"
	"  total_before REAL NOT NULL,"
	"  opened_at TEXT NOT NULL,"
	"  opened_by TEXT NOT NULL REFERENCES juror(id),"
	"  PRIMARY KEY (dossier_id, juror_id)"
	") STRICT, WITHOUT ROWID;"
	LOCKED_GUARD("consensus_round");

/*
 * Format 9: candidacy dossiers as the commission receives them.  The
 * edition's application form (fields with bilingual labels, grouped in
 * sections, a section optionally tied to a criterion), frozen with the
 * criteria once scoring opens; each dossier's answers, in both languages;
 * and the documents that come with it, stored once by their BLAKE2b hash.
 * An attachment's row is audited by its hash, size and type: audit
 * --verify hashes the content again, so a byte changed outside mudawala
 * is found.
 */
#define FORM_FROZEN(t, op) \
	"CREATE TRIGGER " t "_frozen_" op " BEFORE " op " ON " t \
	"  WHEN (SELECT phase FROM edition WHERE id = 1) <> 'setup' BEGIN" \
	"  SELECT RAISE(ABORT," \
	"  'the application form is frozen once scoring opens'); END;"

static const char migration_9[] =
	"CREATE TABLE form_field ("
	"  id TEXT PRIMARY KEY " ID_CHECK("id") ","
	"  section_ar TEXT NOT NULL DEFAULT '',"
	"  section_fr TEXT NOT NULL DEFAULT '',"
	"  criterion_id TEXT REFERENCES criterion(id),"
	"  label_ar TEXT NOT NULL, label_fr TEXT NOT NULL,"
	"  type TEXT NOT NULL"
	"    CHECK (type IN ('text','number','date','url','choice')),"
	"  choices TEXT NOT NULL DEFAULT ''"
	"    CHECK ((type = 'choice') = (choices <> '')),"
	"  required INTEGER NOT NULL CHECK (required IN (0, 1)),"
	"  position INTEGER NOT NULL,"
	"  CHECK (label_ar <> '' OR label_fr <> '')"
	") STRICT;"
	FORM_FROZEN("form_field", "INSERT") FORM_FROZEN("form_field", "UPDATE")
	FORM_FROZEN("form_field", "DELETE")
	"CREATE TABLE answer ("
	"  dossier_id TEXT NOT NULL REFERENCES dossier(id),"
	"  field_id TEXT NOT NULL REFERENCES form_field(id),"
	"  value_ar TEXT NOT NULL DEFAULT '',"
	"  value_fr TEXT NOT NULL DEFAULT '',"
	"  PRIMARY KEY (dossier_id, field_id),"
	"  CHECK (value_ar <> '' OR value_fr <> '')"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE attachment ("
	"  hash BLOB PRIMARY KEY CHECK (length(hash) = 32),"
	"  size INTEGER NOT NULL CHECK (size >= 0),"
	"  type TEXT NOT NULL,"
	"  content BLOB NOT NULL CHECK (length(content) = size)"
	") STRICT;"
	"CREATE TABLE dossier_attachment ("
	"  dossier_id TEXT NOT NULL REFERENCES dossier(id),"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255"
	"    AND name NOT GLOB '*/*' AND name NOT GLOB '.*'),"
	"  hash BLOB NOT NULL REFERENCES attachment(hash),"
	"  position INTEGER NOT NULL,"
	"  PRIMARY KEY (dossier_id, name)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX dossier_attachment_by_hash ON dossier_attachment(hash);"
	LOCKED_GUARD("form_field") LOCKED_GUARD("answer")
	LOCKED_GUARD("attachment") LOCKED_GUARD("dossier_attachment");

/*
 * Format 10: the limits on documents (per file, per edition) join the
 * settings.  SQLite cannot change a CHECK in place: the table is made
 * again with the same rows; its guard comes back here and its journal
 * triggers from db.c (schema_rebuilt).
 * And the text of each document, page by page, folded (text_fold): derived
 * from the content when it is stored, outside the audit chain like the
 * search index it feeds, and where a search says it found a word.
 */
static const char migration_10[] =
	"CREATE TABLE setting_10 ("
	"  key TEXT PRIMARY KEY"
	"    CHECK (key IN ('corridor','quorum','tie-cascade',"
	"      'attachment-file-limit','attachment-edition-limit')),"
	"  value TEXT NOT NULL"
	") STRICT;"
	"INSERT INTO setting_10 (key, value) SELECT key, value FROM setting;"
	"DROP TABLE setting;"
	"ALTER TABLE setting_10 RENAME TO setting;"
	LOCKED_GUARD("setting")
	"CREATE TABLE attachment_page ("
	"  hash BLOB NOT NULL REFERENCES attachment(hash) ON DELETE CASCADE,"
	"  page INTEGER NOT NULL CHECK (page >= 1),"
	"  folded TEXT NOT NULL,"
	"  PRIMARY KEY (hash, page)"
	") STRICT, WITHOUT ROWID;";

/*
 * Format 11: a save writes its row and its audit row, and little else.
 * The journal of row changes is the connection's own (temp.pending, made
 * by db.c), so the file's journal triggers only make sure the writer
 * journals; the digests leave their table for the audit rows, which carry
 * those their transaction changed (core/digests.c); and a score keeps the
 * last changes of its value in its own row, moved to score_history (its
 * earlier changes, then this one) at the ninth and when the score is
 * deleted (then with a last entry whose new value is NULL).
 */
#define HISTORY_ENTRIES(h) \
	"(length(" h ") - length(replace(" h ", ';', '')))"
#define HISTORY_KEPT "8"
/* juror_tally from the rows. */
#define TALLY_MADE \
	"INSERT INTO juror_tally SELECT juror_id, category_id, sum(scored)," \
	"  sum(submitted) FROM (" \
	"  SELECT s.juror_id, d.category_id, 1 AS scored, 0 AS submitted" \
	"  FROM score s JOIN dossier d ON d.id = s.dossier_id" \
	"  WHERE d.status = 'admitted' GROUP BY s.juror_id, s.dossier_id" \
	"  HAVING count(*) = (SELECT count(*) FROM criterion)" \
	"  UNION ALL SELECT b.juror_id, d.category_id, 0, 1 FROM submission b" \
	"  JOIN dossier d ON d.id = b.dossier_id WHERE d.status = 'admitted')" \
	"  GROUP BY 1, 2;"
/* One change: the audit row that records it (the next), the value and
 * time before, the value and time after (NULL: deleted). */
#define HISTORY_ENTRY(value, at) \
	"printf('%d %s %s %s %s;', coalesce((SELECT max(seq) FROM audit), 0)" \
	" + 1, quote(OLD.value), OLD.updated_at, quote(" value "), " at ")"

static const char migration_11[] =
	"DROP TRIGGER audit_complete;"
	"DROP TRIGGER audit_append;"
	"DROP TABLE pending;"
	"DROP TABLE digest;"
	"ALTER TABLE audit ADD COLUMN digests BLOB;"
	"CREATE TRIGGER audit_append BEFORE INSERT ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'audit row out of sequence')"
	"  WHERE NEW.seq <> coalesce((SELECT max(seq) FROM audit), 0) + 1;"
	"  SELECT RAISE(ABORT, 'audit row does not continue the chain')"
	"  WHERE NEW.prev IS NOT coalesce("
	"    (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), zeroblob(32));"
	"  SELECT RAISE(ABORT, 'audit row does not state the current contents')"
	"  WHERE NEW.state IS NOT mudawala_state() OR NEW.digests IS NULL;"
	"  SELECT RAISE(ABORT, 'audit rows are now written in format 2')"
	"  WHERE NEW.v IS NOT 2;"
	"  SELECT RAISE(ABORT, 'audit row hash is wrong')"
	"  WHERE NEW.hash IS NOT mudawala_chain3(NEW.prev, NEW.seq, NEW.at,"
	"    NEW.actor, NEW.action, NEW.detail, NEW.state, NEW.keys,"
	"    NEW.digests);"
	"END;"

	"ALTER TABLE score ADD COLUMN history TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE score_history ADD COLUMN earlier TEXT NOT NULL DEFAULT '';"
	"DROP TRIGGER score_history_update;"
	"DROP TRIGGER score_history_delete;"
	"CREATE TRIGGER score_history_update AFTER UPDATE OF value ON score"
	"  WHEN OLD.value IS NOT NEW.value"
	"  AND " HISTORY_ENTRIES("OLD.history") " < " HISTORY_KEPT " BEGIN"
	"  UPDATE score SET history = history || "
	HISTORY_ENTRY("NEW.value", "NEW.updated_at")
	"  WHERE juror_id = NEW.juror_id AND dossier_id = NEW.dossier_id"
	"  AND criterion_id = NEW.criterion_id;"
	"END;"
	"CREATE TRIGGER score_history_spill AFTER UPDATE OF value ON score"
	"  WHEN OLD.value IS NOT NEW.value"
	"  AND " HISTORY_ENTRIES("OLD.history") " >= " HISTORY_KEPT " BEGIN"
	"  INSERT INTO score_history (juror_id, dossier_id, criterion_id,"
	"    old_value, old_at, new_value, new_at, earlier) VALUES (NEW.juror_id,"
	"    NEW.dossier_id, NEW.criterion_id, OLD.value, OLD.updated_at,"
	"    NEW.value, NEW.updated_at, OLD.history || " HISTORY_ENTRY("NEW.value",
	    "NEW.updated_at") ");"
	"  UPDATE score SET history = ''"
	"  WHERE juror_id = NEW.juror_id AND dossier_id = NEW.dossier_id"
	"  AND criterion_id = NEW.criterion_id;"
	"END;"
	"CREATE TRIGGER score_history_delete AFTER DELETE ON score BEGIN"
	"  INSERT INTO score_history (juror_id, dossier_id, criterion_id,"
	"    old_value, old_at, new_value, new_at, earlier) VALUES (OLD.juror_id,"
	"    OLD.dossier_id, OLD.criterion_id, OLD.value, OLD.updated_at,"
	"    NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), OLD.history || "
	HISTORY_ENTRY("NULL", "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')") ");"
	"END;"

	/* The counts the progress shows, kept by triggers so that it reads
	 * a row per juror and category, never the scores: derived data,
	 * outside the audit chain, made here from the rows.
	 * dossier_count: the admitted dossiers of each administration ('':
	 * none) in each category. */
	"CREATE TABLE dossier_count ("
	"  administration TEXT NOT NULL,"
	"  category_id TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (administration, category_id)"
	") STRICT, WITHOUT ROWID;"
	"INSERT INTO dossier_count SELECT coalesce(administration, ''),"
	"  category_id, count(*) FROM dossier WHERE status = 'admitted'"
	"  GROUP BY 1, 2;"
	/* category_count: the admitted dossiers of each category. */
	"CREATE TABLE category_count ("
	"  category_id TEXT PRIMARY KEY,"
	"  n INTEGER NOT NULL"
	") STRICT, WITHOUT ROWID;"
	"INSERT INTO category_count SELECT category_id, count(*) FROM dossier"
	"  WHERE status = 'admitted' GROUP BY 1;"
	"CREATE TRIGGER dossier_count_insert AFTER INSERT ON dossier"
	"  WHEN NEW.status = 'admitted' BEGIN"
	"  INSERT INTO dossier_count VALUES (coalesce(NEW.administration, ''),"
	"    NEW.category_id, 1) ON CONFLICT DO UPDATE SET n = n + 1;"
	"  INSERT INTO category_count VALUES (NEW.category_id, 1)"
	"    ON CONFLICT DO UPDATE SET n = n + 1;"
	"END;"
	"CREATE TRIGGER dossier_count_delete AFTER DELETE ON dossier"
	"  WHEN OLD.status = 'admitted' BEGIN"
	"  UPDATE dossier_count SET n = n - 1"
	"  WHERE administration = coalesce(OLD.administration, '')"
	"  AND category_id = OLD.category_id;"
	"  UPDATE category_count SET n = n - 1 WHERE category_id = OLD.category_id;"
	"END;"
	/* A dossier that changes status, category or administration moves
	 * its counts, and its members' (their scores and submission). */
	"CREATE TRIGGER dossier_count_update AFTER UPDATE ON dossier"
	"  WHEN OLD.status IS NOT NEW.status"
	"  OR OLD.category_id IS NOT NEW.category_id"
	"  OR OLD.administration IS NOT NEW.administration BEGIN"
	"  UPDATE dossier_count SET n = n - 1 WHERE OLD.status = 'admitted'"
	"  AND administration = coalesce(OLD.administration, '')"
	"  AND category_id = OLD.category_id;"
	"  INSERT INTO dossier_count SELECT coalesce(NEW.administration, ''),"
	"    NEW.category_id, 1 WHERE NEW.status = 'admitted'"
	"    ON CONFLICT DO UPDATE SET n = n + 1;"
	"  UPDATE category_count SET n = n - 1 WHERE OLD.status = 'admitted'"
	"  AND category_id = OLD.category_id;"
	"  INSERT INTO category_count SELECT NEW.category_id, 1"
	"    WHERE NEW.status = 'admitted' ON CONFLICT DO UPDATE SET n = n + 1;"
	"  UPDATE juror_tally SET scored = scored - 1"
	"  WHERE OLD.status = 'admitted' AND category_id = OLD.category_id"
	"  AND juror_id IN (SELECT juror_id FROM score WHERE dossier_id = OLD.id"
	"    GROUP BY juror_id HAVING count(*) = (SELECT count(*) FROM criterion));"
	"  UPDATE juror_tally SET submitted = submitted - 1"
	"  WHERE OLD.status = 'admitted' AND category_id = OLD.category_id"
	"  AND juror_id IN (SELECT juror_id FROM submission"
	"    WHERE dossier_id = OLD.id);"
	"  INSERT INTO juror_tally SELECT juror_id, NEW.category_id, 1, 0"
	"    FROM score WHERE NEW.status = 'admitted' AND dossier_id = NEW.id"
	"    GROUP BY juror_id HAVING count(*) = (SELECT count(*) FROM criterion)"
	"    ON CONFLICT DO UPDATE SET scored = scored + 1;"
	"  INSERT INTO juror_tally SELECT juror_id, NEW.category_id, 0, 1"
	"    FROM submission WHERE NEW.status = 'admitted'"
	"    AND dossier_id = NEW.id"
	"    ON CONFLICT DO UPDATE SET submitted = submitted + 1;"
	"END;"

	/* juror_tally: the admitted dossiers of each category a juror has
	 * scored on every criterion, and submitted. */
	"CREATE TABLE juror_tally ("
	"  juror_id TEXT NOT NULL,"
	"  category_id TEXT NOT NULL,"
	"  scored INTEGER NOT NULL,"
	"  submitted INTEGER NOT NULL,"
	"  PRIMARY KEY (juror_id, category_id)"
	") STRICT, WITHOUT ROWID;"
	TALLY_MADE
	"CREATE TRIGGER score_tally_insert AFTER INSERT ON score"
	"  WHEN (SELECT count(*) FROM score WHERE juror_id = NEW.juror_id"
	"    AND dossier_id = NEW.dossier_id) = (SELECT count(*) FROM criterion)"
	"  BEGIN"
	"  INSERT INTO juror_tally SELECT NEW.juror_id, category_id, 1, 0"
	"    FROM dossier WHERE id = NEW.dossier_id AND status = 'admitted'"
	"    ON CONFLICT DO UPDATE SET scored = scored + 1;"
	"END;"
	"CREATE TRIGGER score_tally_delete AFTER DELETE ON score"
	"  WHEN (SELECT count(*) FROM score WHERE juror_id = OLD.juror_id"
	"    AND dossier_id = OLD.dossier_id) = (SELECT count(*) FROM criterion)"
	"    - 1 BEGIN"
	"  UPDATE juror_tally SET scored = scored - 1"
	"  WHERE juror_id = OLD.juror_id AND category_id = (SELECT category_id"
	"    FROM dossier WHERE id = OLD.dossier_id AND status = 'admitted');"
	"END;"
	"CREATE TRIGGER submission_tally_insert AFTER INSERT ON submission BEGIN"
	"  INSERT INTO juror_tally SELECT NEW.juror_id, category_id, 0, 1"
	"    FROM dossier WHERE id = NEW.dossier_id AND status = 'admitted'"
	"    ON CONFLICT DO UPDATE SET submitted = submitted + 1;"
	"END;"
	"CREATE TRIGGER submission_tally_delete AFTER DELETE ON submission BEGIN"
	"  UPDATE juror_tally SET submitted = submitted - 1"
	"  WHERE juror_id = OLD.juror_id AND category_id = (SELECT category_id"
	"    FROM dossier WHERE id = OLD.dossier_id AND status = 'admitted');"
	"END;"
	/* What "scored on every criterion" means changes with the criteria
	 * (in setup only): counted again. */
	"CREATE TRIGGER criterion_tally_insert AFTER INSERT ON criterion BEGIN"
	"  DELETE FROM juror_tally;" TALLY_MADE
	"END;"
	"CREATE TRIGGER criterion_tally_delete AFTER DELETE ON criterion BEGIN"
	"  DELETE FROM juror_tally;" TALLY_MADE
	"END;";

const char *const schema_migrations[] = {
	migration_1,
	migration_2,
	migration_3,
	migration_4,
	migration_5,
	migration_6,
	migration_7,
	migration_8,
	migration_9,
	migration_10,
	migration_11,
};
const size_t schema_nmigrations =
	sizeof schema_migrations / sizeof schema_migrations[0];

/* In the order of their creation, never another: an audit row's digests
 * name each table by its index here (core/digests.c). */
const struct audited_table schema_audited[] = {
	{ 0, "edition", "id,name,year,preset,category_set,phase,uuid,created_at" },
	{ 0, "category", "id,name_ar,name_fr,description_ar,description_fr,position" },
	{ 0, "criterion", "id,name_ar,name_fr,description_ar,description_fr,"
	    "weight,scale_min,scale_max,position" },
	{ 0, "prize", "id,name_ar,name_fr,position,max_per_category" },
	{ 0, "administration", "name" },
	{ 0, "dossier", "id,category_id,title_ar,title_fr,administration,url,"
	    "summary_ar,summary_fr,status" },
	{ 0, "juror", "id,name,organisation,role,voting,public_key" },
	{ 0, "conflict", "id,juror_id,dossier_id,administration,reason" },
	{ 0, "score", "juror_id,dossier_id,criterion_id,value,comment,updated_at,"
	    "?history" },
	{ 0, "submission", "juror_id,dossier_id,submitted_at" },
	{ 0, "decision", "category_id,prize,dossier_id,rationale,decided_at,"
	    "decided_by" },
	{ 1, "setting", "key,value" },
	{ 1, "score_history", "seq,juror_id,dossier_id,criterion_id,old_value,"
	    "old_at,new_value,new_at,?earlier" },
	{ 1, "casting", "category_id,dossier_id,position,rationale,decided_at,"
	    "decided_by" },
	{ 1, "quorum_override", "dossier_id,reason,decided_at,decided_by" },
	{ 2, "conflict_origin", "conflict_id,kind,declared_by,declared_at" },
	{ 2, "seal", "id,locked_at,locked_by,audit_seq,chain_head,seal,key_id,"
	    "signature" },
	{ 2, "sheet_import", "juror_id,seq,digest,imported_at,imported_by" },
	{ 5, "pack", "id,juror_id,master_seq,master_head,made_at,made_by" },
	{ 6, "administration_info", "name,id,name_ar,name_fr" },
	{ 6, "administration_alias", "alias,administration" },
	{ 7, "consensus_round", "dossier_id,juror_id,reason,total_before,"
	    "opened_at,opened_by" },
	{ 8, "form_field", "id,section_ar,section_fr,criterion_id,label_ar,"
	    "label_fr,type,choices,required,position" },
	{ 8, "answer", "dossier_id,field_id,value_ar,value_fr" },
	/* The content is checked against its hash by audit --verify. */
	{ 8, "attachment", "hash,size,type" },
	{ 8, "dossier_attachment", "dossier_id,name,hash,position" },
};
const size_t schema_naudited = sizeof schema_audited / sizeof schema_audited[0];

const struct rebuilt_table schema_rebuilt[] = {
	{ 9, "setting" },
};
const size_t schema_nrebuilt = sizeof schema_rebuilt / sizeof schema_rebuilt[0];

static void
row_expr(struct strbuf *sb, const struct audited_table *t,
    const char *prefix, bool optional)
{
	const char *c = t->columns;
	bool first = true;

	while (*c != '\0') {
		size_t n = strcspn(c, ",");

		if (*c == '?' && !optional)
			;
		else if (*c == '?')     /* in the text only when not empty */
			strbuf_addf(sb, " || CASE WHEN %s%.*s = '' THEN '' ELSE"
			    " ',' || quote(%s%.*s) END", prefix, (int)n - 1, c + 1,
			    prefix, (int)n - 1, c + 1);
		else
			strbuf_addf(sb, "%squote(%s%.*s)",
			    first ? "" : " || ',' || ", prefix, (int)n, c);
		first = false;
		c += n + (c[n] == ',');
	}
}

void
schema_row_expr(struct strbuf *sb, const struct audited_table *t,
    const char *prefix)
{
	row_expr(sb, t, prefix, true);
}

void
schema_row_expr_before_11(struct strbuf *sb, const struct audited_table *t,
    const char *prefix)
{
	row_expr(sb, t, prefix, false);
}

int
schema_index(const char *name)
{
	const struct audited_table *t = schema_table(name);

	return t != NULL ? (int)(t - schema_audited) : -1;
}

const struct audited_table *
schema_table(const char *name)
{
	size_t i;

	for (i = 0; i < schema_naudited; i++)
		if (strcmp(schema_audited[i].name, name) == 0)
			return &schema_audited[i];
	return NULL;
}
