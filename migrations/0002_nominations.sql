-- Nominations: residents name someone they trust; enough distinct nominators and that person is
-- invited to stand; accepting puts them on the ward's primary ballot.

-- Per ward: distinct nominators needed to stand, and the postcode districts or sectors it covers
-- (comma-separated, e.g. 'SE24, SW2 1'); with none set, no postcode is flagged.
ALTER TABLE wards ADD COLUMN threshold INTEGER NOT NULL DEFAULT 5 CHECK (threshold BETWEEN 1 AND 99);
ALTER TABLE wards ADD COLUMN postcodes TEXT NOT NULL DEFAULT '';

-- One row per spelling a ward has used for a person; a merged spelling points at the survivor,
-- so later nominations in that spelling join it. Only a hash of the invitation token is kept.
CREATE TABLE nominees (
    id INTEGER PRIMARY KEY,
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    merged_into INTEGER REFERENCES nominees(id),
    invite_hash TEXT UNIQUE,
    invited_at TEXT,
    answer TEXT CHECK (answer IN ('accepted', 'declined', 'withdrawn')),
    answered_at TEXT,
    statement TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (ward_id, name_key)
);

-- The nominator's postcode and the nominee's contact are for organisers only.
CREATE TABLE nominations (
    id INTEGER PRIMARY KEY,
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    nominee_id INTEGER NOT NULL REFERENCES nominees(id),
    nominee_name TEXT NOT NULL,
    why TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    nominator TEXT NOT NULL,
    nominator_key TEXT NOT NULL,
    postcode TEXT NOT NULL,
    lives_or_works_here INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('poster', 'doorstep')),
    created_at TEXT NOT NULL
);

CREATE INDEX nominations_by_nominee ON nominations (nominee_id, nominator_key);
CREATE INDEX nominations_by_ward ON nominations (ward_id);

-- NULL: added by an organiser by hand; otherwise the nominee who accepted.
ALTER TABLE candidates ADD COLUMN nominee_id INTEGER REFERENCES nominees(id);
