-- Organisers, areas, wards, meetings, primaries, cards, links, ballots and the audit log.

CREATE TABLE organisers (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
);

-- One-time login links: only a hash of the token is kept.
CREATE TABLE login_tokens (
    token_hash TEXT PRIMARY KEY,
    organiser_id INTEGER NOT NULL REFERENCES organisers(id),
    expires_at TEXT NOT NULL,
    used_at TEXT
);

CREATE TABLE areas (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
);

CREATE TABLE wards (
    id INTEGER PRIMARY KEY,
    area_id INTEGER NOT NULL REFERENCES areas(id),
    name TEXT NOT NULL COLLATE NOCASE,
    seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 3),
    UNIQUE (area_id, name)
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    venue TEXT NOT NULL,
    starts_at TEXT NOT NULL
);

-- Lifecycle as timestamps: a phase is open when its timestamp is set (see primary/phases.py).
CREATE TABLE primaries (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    title TEXT NOT NULL,
    seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 3),
    seed TEXT NOT NULL,
    opened_at TEXT,
    closed_at TEXT,
    counted_at TEXT,
    published_at TEXT,
    result TEXT
);

CREATE TABLE candidates (
    id INTEGER PRIMARY KEY,
    primary_id INTEGER NOT NULL REFERENCES primaries(id),
    name TEXT NOT NULL COLLATE NOCASE,
    statement TEXT NOT NULL DEFAULT '',
    UNIQUE (primary_id, name)
);

-- Card codes are derived from the batch key (so the print page can show them) and the key is
-- forgotten when voting opens or closes at the meeting: after that only the paper holds the codes.
CREATE TABLE card_batches (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    card_key BLOB,
    created_at TEXT NOT NULL
);

CREATE TABLE cards (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES card_batches(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    serial INTEGER NOT NULL,
    code_hash TEXT NOT NULL UNIQUE,
    activated_at TEXT,
    UNIQUE (meeting_id, serial)
);

-- Steward and teller links; the token is an HMAC of the id, so nothing secret is stored.
CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    role TEXT NOT NULL CHECK (role IN ('steward', 'teller')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);

-- One card, one vote per primary: the primary key is the rule, checked inside the cast transaction.
CREATE TABLE voted (
    primary_id INTEGER NOT NULL REFERENCES primaries(id),
    card_id INTEGER NOT NULL REFERENCES cards(id),
    PRIMARY KEY (primary_id, card_id)
) WITHOUT ROWID;

-- A ballot has no timestamp, no sequential id and no card: rows are ordered by the random receipt.
CREATE TABLE ballots (
    primary_id INTEGER NOT NULL REFERENCES primaries(id),
    receipt TEXT NOT NULL,
    ranking TEXT NOT NULL,
    PRIMARY KEY (primary_id, receipt)
) WITHOUT ROWID;

-- Append-only audit log.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
