-- An assembly chosen by lot (sortition/): the ward's addresses, the doors drawn, the volunteers
-- who said yes (contacts kept apart), the quotas per category, the panel drawn and who replaced
-- whom. Portable SQL: no rowid, no SQLite-only functions.

CREATE TABLE panels (
    id INTEGER PRIMARY KEY,
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    title TEXT NOT NULL,
    seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 500),
    code TEXT NOT NULL UNIQUE,  -- in the registration link on the letters
    one_per_household INTEGER NOT NULL DEFAULT 0,
    consent TEXT NOT NULL,
    languages TEXT NOT NULL DEFAULT 'English',
    created_at TEXT NOT NULL,
    doors_seed TEXT,  -- the dice thrown in public before the doors were drawn
    doors_drawn_at TEXT,
    panel_seed TEXT,  -- the dice thrown in public before the panel was drawn
    drawn_at TEXT,
    draw TEXT  -- JSON: each volunteer's chance, achieved per category, the algorithm's version
);

CREATE TABLE panel_addresses (
    id INTEGER PRIMARY KEY,
    panel_id INTEGER NOT NULL REFERENCES panels(id),
    street TEXT NOT NULL,
    address TEXT NOT NULL,
    drawn_order INTEGER,  -- set when the address is drawn: its place in the draw
    UNIQUE (panel_id, address)
);

CREATE TABLE panel_quotas (
    panel_id INTEGER NOT NULL REFERENCES panels(id),
    position INTEGER NOT NULL,
    category TEXT NOT NULL,
    value TEXT NOT NULL,
    low INTEGER NOT NULL,
    high INTEGER NOT NULL,
    PRIMARY KEY (panel_id, category, value)
);

CREATE TABLE volunteers (
    id INTEGER PRIMARY KEY,
    panel_id INTEGER NOT NULL REFERENCES panels(id),
    number INTEGER NOT NULL,  -- the anonymous number the published pool shows
    name TEXT NOT NULL,
    household TEXT NOT NULL DEFAULT '',  -- a hash of the address, for one per household
    answers TEXT NOT NULL,  -- JSON: category -> value
    own_words TEXT NOT NULL DEFAULT '',  -- JSON: category -> what they wrote
    name_public INTEGER NOT NULL DEFAULT 0,  -- consented to their name on the public page
    source TEXT NOT NULL CHECK (source IN ('phone', 'paper')),
    registered_at TEXT NOT NULL,
    uid TEXT NOT NULL UNIQUE,  -- the form's own id: a retry never registers twice
    UNIQUE (panel_id, number)
);

-- Kept apart from the answers, as doorstep contacts are: only organisers see them.
CREATE TABLE volunteer_contacts (
    volunteer_id INTEGER PRIMARY KEY REFERENCES volunteers(id),
    contact TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT ''
);

CREATE TABLE panel_members (
    panel_id INTEGER NOT NULL REFERENCES panels(id),
    volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),
    chosen_at TEXT NOT NULL,
    replaces INTEGER REFERENCES volunteers(id),  -- the member who dropped out, for a replacement
    seed TEXT NOT NULL,  -- the seed this member was drawn with
    dropped_at TEXT,
    PRIMARY KEY (panel_id, volunteer_id)
);

-- The meetings at which the assembly votes: its members get cards like any hall.
CREATE TABLE panel_meetings (
    panel_id INTEGER NOT NULL REFERENCES panels(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    PRIMARY KEY (panel_id, meeting_id)
);
