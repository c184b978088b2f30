-- What the clustering worked out about a theme beyond the columns of 0004 (e.g. its cohesion:
-- how tight it is), as a JSON object. Kept so that after an organiser's edit the shortlist is
-- decided on the same facts as when the themes were found; read only by programme/themes.py.
ALTER TABLE themes ADD COLUMN extra TEXT NOT NULL DEFAULT '{}';
