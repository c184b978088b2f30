-- Organiser sessions, kept so that logging out ends a session for good (a copied cookie of it
-- no longer works); only a hash of the session's id is stored.
CREATE TABLE organiser_sessions (
    id_hash TEXT PRIMARY KEY,
    organiser_id INTEGER NOT NULL REFERENCES organisers(id),
    started_at TEXT NOT NULL,
    ended_at TEXT
);

-- What an organiser was given: an area, or one ward of it. An organiser with no row here
-- organises everything (the first organiser, who creates the areas).
CREATE TABLE organiser_scopes (
    organiser_id INTEGER NOT NULL REFERENCES organisers(id),
    area_id INTEGER NOT NULL REFERENCES areas(id),
    ward_id INTEGER REFERENCES wards(id),
    UNIQUE (organiser_id, area_id, ward_id)
);
