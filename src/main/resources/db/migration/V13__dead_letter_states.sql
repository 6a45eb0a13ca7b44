-- A dead letter is open until its resource is dealt with: resolved (a later run deleted it, or an operator settled an
-- ownership dispute) or superseded (a later attempt failed again and left its own letter). A retry stamps retried_at
-- and keeps the letter open, so a refused retry leaves it open rather than stuck. 'retried' was allowed and never set.
UPDATE dead_letters SET status = 'open' WHERE status = 'retried';
ALTER TABLE dead_letters DROP CONSTRAINT dead_letters_status_check;
ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_status_check CHECK (status IN ('open', 'superseded', 'resolved'));
