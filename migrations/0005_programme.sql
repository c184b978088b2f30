-- From themes to a signed programme: assembly votes, shortlists, demands in versions, pledges.

-- An assembly's vote on themes is a row in `primaries` too, so cards, stewards, phones, teller,
-- projector and the count work unchanged. It may fill up to five places; a primary, three seats.
-- (SQLite cannot change a CHECK in place: new table, copy, drop, rename, with foreign keys off
-- as migrations run. Ids are kept, so candidates, voted and ballots still point at their rows.)
CREATE TABLE primaries_new (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    title TEXT NOT NULL,
    seats INTEGER NOT NULL,
    seed TEXT NOT NULL,
    opened_at TEXT,
    closed_at TEXT,
    counted_at TEXT,
    published_at TEXT,
    result TEXT,
    kind TEXT NOT NULL DEFAULT 'primary' CHECK (kind IN ('primary', 'assembly')),
    CHECK ((kind = 'primary' AND seats BETWEEN 1 AND 3)
        OR (kind = 'assembly' AND seats BETWEEN 1 AND 5))
);
INSERT INTO primaries_new (id, meeting_id, title, seats, seed, opened_at, closed_at, counted_at,
                           published_at, result)
    SELECT id, meeting_id, title, seats, seed, opened_at, closed_at, counted_at, published_at,
           result FROM primaries;
DROP TABLE primaries;
ALTER TABLE primaries_new RENAME TO primaries;
CREATE INDEX primaries_meeting ON primaries (meeting_id);

-- On a ward assembly's ballot each candidate is one of the ward's themes.
ALTER TABLE candidates ADD COLUMN theme_id INTEGER REFERENCES themes(id);

-- What an assembly decides: a ward's shortlist (ward_id set) or the area's (ward_id NULL).
CREATE TABLE assemblies (
    primary_id INTEGER PRIMARY KEY REFERENCES primaries(id),
    area_id INTEGER NOT NULL REFERENCES areas(id),
    ward_id INTEGER REFERENCES wards(id),
    created_at TEXT NOT NULL
);

-- On an area assembly's ballot each candidate is a group of similar ward demands.
CREATE TABLE area_choices (
    candidate_id INTEGER PRIMARY KEY REFERENCES candidates(id),
    demands TEXT NOT NULL  -- JSON list of demand ids, from the wards' programmes
);

-- A shortlist recorded by the organiser from a show of hands (an assembly's comes from its
-- count). The later of the two is the shortlist.
CREATE TABLE hands (
    id INTEGER PRIMARY KEY,
    area_id INTEGER NOT NULL REFERENCES areas(id),
    ward_id INTEGER REFERENCES wards(id),
    items TEXT NOT NULL CHECK (json_array_length(items) BETWEEN 1 AND 5),  -- JSON, in order
    recorded_at TEXT NOT NULL,
    actor TEXT NOT NULL
);

-- A programme (a ward's, or the area's when ward_id is NULL) in versions: a draft until frozen.
-- Freezing stores the canonical text and its SHA-256 (programme/charter.py); a frozen version
-- never changes, nor do its demands; an edit makes a new version.
CREATE TABLE versions (
    id INTEGER PRIMARY KEY,
    area_id INTEGER NOT NULL REFERENCES areas(id),
    ward_id INTEGER REFERENCES wards(id),
    number INTEGER NOT NULL CHECK (number >= 1),
    created_at TEXT NOT NULL,
    frozen_at TEXT,
    canonical TEXT,
    sha256 TEXT,
    CHECK ((frozen_at IS NULL) = (sha256 IS NULL) AND (sha256 IS NULL) = (canonical IS NULL))
);
CREATE UNIQUE INDEX versions_number ON versions (area_id, COALESCE(ward_id, 0), number);
CREATE UNIQUE INDEX versions_one_draft ON versions (area_id, COALESCE(ward_id, 0))
    WHERE frozen_at IS NULL;

CREATE TRIGGER versions_frozen_no_update BEFORE UPDATE ON versions WHEN OLD.frozen_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a frozen programme version never changes'); END;

CREATE TRIGGER versions_frozen_no_delete BEFORE DELETE ON versions WHEN OLD.frozen_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a frozen programme version never changes'); END;

-- A demand in plain words, an optional measurable target, and the evidence kept beside it.
CREATE TABLE demands (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 300),
    target TEXT NOT NULL DEFAULT '' CHECK (length(target) <= 200),
    theme_id INTEGER REFERENCES themes(id),      -- a ward demand: the theme it comes from
    doorsteps INTEGER NOT NULL DEFAULT 0,        -- residents who asked for it
    quotes TEXT NOT NULL DEFAULT '[]',           -- JSON: what they said
    wards TEXT NOT NULL DEFAULT '[]',            -- JSON: an area demand's wards
    of_wards INTEGER NOT NULL DEFAULT 0,         -- an area demand: wards in the area then
    source TEXT NOT NULL DEFAULT '',             -- the shortlist item it was written from
    UNIQUE (version_id, position)
);

-- At most five demands in a programme, whatever the form or the script says.
CREATE TRIGGER demands_at_most_five BEFORE INSERT ON demands
WHEN (SELECT COUNT(*) FROM demands WHERE version_id = NEW.version_id) >= 5
BEGIN SELECT RAISE(ABORT, 'a programme has at most five demands'); END;

CREATE TRIGGER demands_at_most_five_moved BEFORE UPDATE OF version_id ON demands
WHEN NEW.version_id <> OLD.version_id
 AND (SELECT COUNT(*) FROM demands WHERE version_id = NEW.version_id) >= 5
BEGIN SELECT RAISE(ABORT, 'a programme has at most five demands'); END;

CREATE TRIGGER demands_frozen_no_insert BEFORE INSERT ON demands
WHEN (SELECT frozen_at FROM versions WHERE id = NEW.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a frozen programme version never changes'); END;

CREATE TRIGGER demands_frozen_no_update BEFORE UPDATE ON demands
WHEN (SELECT frozen_at FROM versions WHERE id = OLD.version_id) IS NOT NULL
  OR (SELECT frozen_at FROM versions WHERE id = NEW.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a frozen programme version never changes'); END;

CREATE TRIGGER demands_frozen_no_delete BEFORE DELETE ON demands
WHEN (SELECT frozen_at FROM versions WHERE id = OLD.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a frozen programme version never changes'); END;

-- Who is asked to sign: primary winners are asked without a row here; an accepted nominee (or a
-- winner asked by name) has one.
CREATE TABLE pledgers (
    id INTEGER PRIMARY KEY,
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    name TEXT NOT NULL COLLATE NOCASE,
    why TEXT NOT NULL CHECK (why IN ('primary winner', 'accepted nominee')),
    created_at TEXT NOT NULL,
    UNIQUE (ward_id, name)
);

-- A pledge to one frozen version: a one-time signing link (only its hash is kept), the name the
-- candidate typed, the demands ticked, a short statement; a withdrawal stays on show with its date.
CREATE TABLE pledges (
    id INTEGER PRIMARY KEY,
    pledger_id INTEGER NOT NULL REFERENCES pledgers(id),
    version_id INTEGER NOT NULL REFERENCES versions(id),
    token_hash TEXT NOT NULL UNIQUE,
    invited_at TEXT NOT NULL,
    signed_at TEXT,
    signed_name TEXT,
    ticked TEXT,            -- JSON list of the demand positions ticked
    statement TEXT NOT NULL DEFAULT '',
    withdrawn_at TEXT,
    withdraw_note TEXT NOT NULL DEFAULT '',
    UNIQUE (pledger_id, version_id),
    CHECK ((signed_at IS NULL) = (signed_name IS NULL)),
    CHECK (withdrawn_at IS NULL OR signed_at IS NOT NULL)
);

-- A signature stands as signed: only a withdrawal may be added to it, once.
CREATE TRIGGER pledges_signed_stand BEFORE UPDATE ON pledges
WHEN OLD.signed_at IS NOT NULL AND (OLD.withdrawn_at IS NOT NULL
  OR NEW.signed_at IS NOT OLD.signed_at OR NEW.signed_name IS NOT OLD.signed_name
  OR NEW.ticked IS NOT OLD.ticked OR NEW.statement IS NOT OLD.statement
  OR NEW.version_id IS NOT OLD.version_id OR NEW.pledger_id IS NOT OLD.pledger_id
  OR NEW.token_hash IS NOT OLD.token_hash)
BEGIN SELECT RAISE(ABORT, 'a signed pledge stands as signed; only a withdrawal is added'); END;

CREATE TRIGGER pledges_signed_no_delete BEFORE DELETE ON pledges WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a signed pledge stands as signed; only a withdrawal is added'); END;
