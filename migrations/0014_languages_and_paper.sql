-- The language a voter tapped on their ballot, kept for their card; the languages a meeting
-- offers (space-separated codes; empty: every language the tool ships) and the second language
-- its cards print their short instructions in (empty: English only).
ALTER TABLE cards ADD COLUMN language TEXT;
ALTER TABLE meetings ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN card_language TEXT NOT NULL DEFAULT '';

-- A paper ballot is entered by two tellers. Each entry waits here until another teller's entry
-- for the same card agrees (then the ballot is cast and the card's entries are deleted, so no
-- ranking stays beside a card) or disagrees (then both wait, shown to the tellers and the
-- organiser, until a teller enters the paper again).
CREATE TABLE paper_entries (
    primary_id INTEGER NOT NULL REFERENCES primaries(id),
    card_id INTEGER NOT NULL REFERENCES cards(id),
    teller_link_id INTEGER NOT NULL REFERENCES links(id),
    ranking TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (primary_id, card_id, teller_link_id)
);
