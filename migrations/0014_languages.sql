-- The language a voter tapped on their ballot, kept for their card; the languages a meeting
-- offers (space-separated codes; empty: every language the tool ships).
ALTER TABLE cards ADD COLUMN language TEXT;
ALTER TABLE meetings ADD COLUMN languages TEXT NOT NULL DEFAULT '';
