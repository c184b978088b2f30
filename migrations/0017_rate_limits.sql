-- Rate-limit counters live in the database, so every worker and host counts the same attempts.
-- `bucket` is a hash of what is limited (an address, a phone): no address is kept in the clear.
CREATE TABLE rate_hits (
    bucket TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX rate_hits_bucket ON rate_hits (bucket, at);
CREATE INDEX rate_hits_at ON rate_hits (at);
