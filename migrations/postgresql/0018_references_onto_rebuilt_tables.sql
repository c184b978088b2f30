-- The foreign keys onto `primaries` that 0005's rebuild dropped (DROP TABLE primaries CASCADE),
-- as SQLite has them; tests/test_foreign_keys.py compares both databases' keys. (0003's rebuild
-- of `links` lost none: every reference to links was made after it.) Each is checked against
-- the rows already there.
ALTER TABLE candidates ADD FOREIGN KEY (primary_id) REFERENCES primaries(id);
ALTER TABLE voted ADD FOREIGN KEY (primary_id) REFERENCES primaries(id);
ALTER TABLE ballots ADD FOREIGN KEY (primary_id) REFERENCES primaries(id);
