-- An organiser can set a nomination aside (spam, a joke, a double under another postcode): it
-- stays on record, shown as set aside, and no longer counts towards the threshold to stand.
ALTER TABLE nominations ADD COLUMN set_aside_at TEXT;
