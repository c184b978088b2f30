-- The broadcast layer: highlights of assemblies, residents' responses and comments online, their
-- moderation, ward confirmations by one-time link, and "I want to help" sign-ups at meetings.

-- A short clip of an assembly, on a video host (only its link is kept), and what it asks.
CREATE TABLE highlights (
    id INTEGER PRIMARY KEY,
    topic TEXT NOT NULL CHECK (length(topic) BETWEEN 1 AND 60),
    session TEXT NOT NULL CHECK (length(session) BETWEEN 1 AND 120),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    clip_url TEXT NOT NULL CHECK (length(clip_url) BETWEEN 1 AND 500),
    poster_url TEXT NOT NULL DEFAULT '' CHECK (length(poster_url) <= 500),
    statement TEXT NOT NULL CHECK (length(statement) BETWEEN 1 AND 500),
    published_at TEXT NOT NULL
);
CREATE INDEX highlights_topic ON highlights (topic, published_at);

-- A person without an account: the hash of a random key their browser keeps in a cookie. A
-- one-time link (confirmed_at) says they live in ward_id; before that ward_id is what they said.
CREATE TABLE residents (
    id INTEGER PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    ward_id INTEGER REFERENCES wards(id),
    confirmed_at TEXT,
    created_at TEXT NOT NULL,
    CHECK (confirmed_at IS NULL OR ward_id IS NOT NULL)
);

-- One-time links an organiser hands to residents they know live in a ward (only a hash kept).
CREATE TABLE ward_links (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    created_at TEXT NOT NULL,
    used_at TEXT,
    resident_id INTEGER REFERENCES residents(id),
    CHECK ((used_at IS NULL) = (resident_id IS NULL))
);

-- Support, oppose or not sure: exactly one per resident per highlight, changeable.
CREATE TABLE responses (
    id INTEGER PRIMARY KEY,
    highlight_id INTEGER NOT NULL REFERENCES highlights(id),
    resident_id INTEGER NOT NULL REFERENCES residents(id),
    stance TEXT NOT NULL CHECK (stance IN ('support', 'oppose', 'not sure')),
    day TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (highlight_id, resident_id)
);
CREATE INDEX responses_day ON responses (day, highlight_id);

-- A resident's comment on a highlight (one each, changeable); hidden by a moderator with a reason.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    highlight_id INTEGER NOT NULL REFERENCES highlights(id),
    resident_id INTEGER NOT NULL REFERENCES residents(id),
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 280),
    at TEXT NOT NULL,
    hidden_at TEXT,
    hidden_reason TEXT NOT NULL DEFAULT '',
    UNIQUE (highlight_id, resident_id)
);

-- Agree, disagree or pass on someone else's comment: one each, changeable.
CREATE TABLE comment_votes (
    comment_id INTEGER NOT NULL REFERENCES comments(id),
    resident_id INTEGER NOT NULL REFERENCES residents(id),
    vote TEXT NOT NULL CHECK (vote IN ('agree', 'disagree', 'pass')),
    at TEXT NOT NULL,
    PRIMARY KEY (comment_id, resident_id)
);

-- "Report this comment": one report per resident per comment; the queue is the unresolved ones.
CREATE TABLE comment_reports (
    comment_id INTEGER NOT NULL REFERENCES comments(id),
    resident_id INTEGER NOT NULL REFERENCES residents(id),
    at TEXT NOT NULL,
    resolved_at TEXT,
    PRIMARY KEY (comment_id, resident_id)
);

-- "I want to help", from the QR code at a meeting: the sign-up counts, its contact is kept apart,
-- only with consent, and is deleted on request.
CREATE TABLE helpers (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    day TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE helper_contacts (
    volunteer_id INTEGER PRIMARY KEY REFERENCES helpers(id),
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    consented_at TEXT NOT NULL
);
