-- Each edit of a ward's themes raises the version of its newest run, and a new run starts one
-- above: an edit made from an older version is refused (programme/theme_store.save), so two
-- organisers on two workers never overwrite each other's work.
ALTER TABLE theme_runs ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
