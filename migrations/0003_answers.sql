-- Doorstep answers: canvasser links per ward, street lists, doors knocked, contacts kept apart,
-- doorstep nominations, and CSV imports.

-- Links gain a third role: a canvasser's link opens a ward's doorstep form, not a meeting.
-- (SQLite cannot change a CHECK in place: new table, copy, drop, rename. Ids are kept, so every
-- link's token, an HMAC of its id, still works.)
CREATE TABLE links_new (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER REFERENCES meetings(id),
    ward_id INTEGER REFERENCES wards(id),
    role TEXT NOT NULL CHECK (role IN ('steward', 'teller', 'canvasser')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    CHECK ((role = 'canvasser' AND ward_id IS NOT NULL AND meeting_id IS NULL)
        OR (role <> 'canvasser' AND meeting_id IS NOT NULL AND ward_id IS NULL))
);
INSERT INTO links_new (id, meeting_id, role, created_at, expires_at, revoked_at)
    SELECT id, meeting_id, role, created_at, expires_at, revoked_at FROM links;
DROP TABLE links;
ALTER TABLE links_new RENAME TO links;
CREATE INDEX links_meeting ON links (meeting_id);
CREATE INDEX links_ward ON links (ward_id);

-- The streets an organiser listed for a ward; the form offers them, the import checks them.
CREATE TABLE streets (
    id INTEGER PRIMARY KEY,
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    name TEXT NOT NULL COLLATE NOCASE,
    UNIQUE (ward_id, name)
);

CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    file_name TEXT NOT NULL,
    doors INTEGER NOT NULL,
    skipped TEXT NOT NULL DEFAULT ''
);

-- One row per door knocked. `uid` is made by the canvasser's phone (or the import), so a retry
-- of the same answer is accepted once. `fingerprint` finds the same words, street and day.
CREATE TABLE doorsteps (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    street TEXT NOT NULL,
    day TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('talked', 'no answer', 'declined')),
    good TEXT NOT NULL DEFAULT '',
    improve TEXT NOT NULL DEFAULT '',
    invited INTEGER NOT NULL DEFAULT 0 CHECK (invited IN (0, 1)),
    fingerprint TEXT,
    link_id INTEGER REFERENCES links(id),
    import_id INTEGER REFERENCES imports(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX doorsteps_ward_day ON doorsteps (ward_id, day);
CREATE INDEX doorsteps_fingerprint ON doorsteps (fingerprint);

-- Contact details, only with the resident's consent: apart from the answers, shown only to
-- organisers, deleted on request (secure_delete zeroes them), never exported with the answers.
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    doorstep_id INTEGER NOT NULL UNIQUE REFERENCES doorsteps(id),
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    consented_at TEXT NOT NULL
);

-- "Who do you trust around here?": a nomination taken at this door (see nominating.py).
CREATE TABLE doorstep_nominations (
    doorstep_id INTEGER PRIMARY KEY REFERENCES doorsteps(id),
    nomination_id INTEGER NOT NULL REFERENCES nominations(id)
);
