-- What an assembly's options stand for is the programme's own record: the vote package keeps the
-- options (rows in `candidates`), the programme which theme or which ward demands each one is.
-- (candidates.theme_id, from 0005, is no longer written or read; SQLite cannot drop a column
-- that a foreign key names.)
CREATE TABLE assembly_options (
    option_id INTEGER PRIMARY KEY REFERENCES candidates(id),
    theme_id INTEGER REFERENCES themes(id),  -- a ward assembly's option: its theme
    demands TEXT NOT NULL DEFAULT '[]'       -- an area assembly's option: JSON, ward demand ids
);
INSERT INTO assembly_options (option_id, theme_id, demands)
    SELECT candidates.id, candidates.theme_id, COALESCE(area_choices.demands, '[]')
    FROM candidates JOIN assemblies ON assemblies.primary_id = candidates.primary_id
    LEFT JOIN area_choices ON area_choices.candidate_id = candidates.id;
DROP TABLE area_choices;
