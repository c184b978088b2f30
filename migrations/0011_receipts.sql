-- Whether voters get a receipt for this vote (the organiser chooses; see docs/SECURITY.md).
ALTER TABLE primaries ADD COLUMN receipts INTEGER NOT NULL DEFAULT 1;
