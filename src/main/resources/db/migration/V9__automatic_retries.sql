-- A node whose cleanup failed only for reasons that pass (429s, 5xx, timeouts, a slow server) is cleaned again by
-- itself, at growing intervals (cleanup.followup.auto-retry-intervals); one that needs a person is not.
ALTER TABLE nodes ADD COLUMN auto_retries INT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN next_auto_retry_at TIMESTAMPTZ;
CREATE INDEX nodes_auto_retry_idx ON nodes (next_auto_retry_at) WHERE next_auto_retry_at IS NOT NULL;
