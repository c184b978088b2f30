-- A flagged nomination counts only once an organiser has judged it: `counted_at` is when they
-- looked at its flag and counted it (setting it aside clears it; set aside never counts).
ALTER TABLE nominations ADD COLUMN counted_at TEXT;

-- Invitation links a newer link replaced (only their hashes), so an old link says so.
CREATE TABLE replaced_invites (
    token_hash TEXT PRIMARY KEY,
    nominee_id INTEGER NOT NULL REFERENCES nominees(id),
    replaced_at TEXT NOT NULL
);
