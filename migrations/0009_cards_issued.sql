-- A vote's "cards issued" is fixed when it closes, so its published figure never moves (a later
-- vote at the same meeting may still have cards switched on at the door).
ALTER TABLE primaries ADD COLUMN issued INTEGER;
UPDATE primaries SET issued = (SELECT COUNT(activated_at) FROM cards
                               WHERE cards.meeting_id = primaries.meeting_id
                                 AND activated_at <= primaries.closed_at)
 WHERE closed_at IS NOT NULL;
