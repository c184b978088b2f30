-- Themes per ward: the organiser's review of the doorstep answers (see programme/theme_store.py).
--
-- A theme's id stays the same through renames, marks, moves, new answers and merges (the merged
-- theme keeps the larger one's id). A theme that disappears (merged away, split, replaced by a
-- re-cluster) is never deleted: `retired_at` is set, so a vote that refers to it still can.
-- The ward's current themes: `retired_at IS NULL`, ordered by `position`.

-- One clustering of a ward's answers ("Find themes", or a confirmed re-cluster), with what it
-- needs to be repeated: the number of themes asked for (or the bounds it was chosen in), the seed.
CREATE TABLE theme_runs (
    id INTEGER PRIMARY KEY,
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    k INTEGER,                       -- the organiser's number of themes; NULL: chosen in bounds
    min_themes INTEGER NOT NULL,
    max_themes INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    answers INTEGER NOT NULL,        -- answers clustered
    millis INTEGER NOT NULL,         -- how long the clustering took
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX theme_runs_ward ON theme_runs (ward_id, id);

CREATE TABLE themes (
    id INTEGER PRIMARY KEY,
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    run_id INTEGER NOT NULL REFERENCES theme_runs(id),
    label TEXT NOT NULL,
    renamed INTEGER NOT NULL DEFAULT 0 CHECK (renamed IN (0, 1)),         -- organiser's label
    not_a_demand INTEGER NOT NULL DEFAULT 0 CHECK (not_a_demand IN (0, 1)), -- never shortlisted
    position INTEGER NOT NULL,       -- rank in the ward, 0 first: most distinct respondents
    shortlist INTEGER CHECK (shortlist BETWEEN 1 AND 5),  -- place on the shortlist, or NULL
    respondents INTEGER NOT NULL,    -- distinct answers with a clause in the theme
    terms TEXT NOT NULL DEFAULT '[]',   -- JSON list of distinctive words
    quotes TEXT NOT NULL DEFAULT '[]',  -- JSON list of up to 3 representative answers
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    retired_at TEXT
);
CREATE INDEX themes_ward ON themes (ward_id, retired_at, position);

-- Where each answer of the ward is: each of its clauses in a theme, or waiting for the organiser
-- (near no theme), or the whole answer in the "no demand" bucket (clause ''). An answer with no
-- row here is new: not yet sorted. Rows belong to the current themes only.
CREATE TABLE theme_members (
    id INTEGER PRIMARY KEY,
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    doorstep_id INTEGER NOT NULL REFERENCES doorsteps(id),
    clause TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL CHECK (place IN ('theme', 'unsorted', 'no demand')),
    theme_id INTEGER REFERENCES themes(id),
    CHECK ((place = 'theme') = (theme_id IS NOT NULL))
);
CREATE INDEX theme_members_ward ON theme_members (ward_id, doorstep_id);
CREATE INDEX theme_members_theme ON theme_members (theme_id);
