-- The notification outbox (package notify): an event is written in the transaction of what caused it (a dead letter,
-- a run's end, ...), with one delivery row per webhook that wants it, and delivered afterwards by whichever instance
-- claims it. Nothing here is ever deleted by the service: a delivery that keeps failing stays 'failing' and retried.
CREATE TABLE notification_events (
    event_id    UUID PRIMARY KEY,
    type        TEXT NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- the exact bytes sent and signed (json, not jsonb: kept as written, key order included)
    body        JSON NOT NULL,
    -- an event that must be raised once whoever notices it (a dispute found at startup by several instances)
    dedupe_key  TEXT UNIQUE
);

CREATE TABLE notification_deliveries (
    id              BIGSERIAL PRIMARY KEY,
    event_id        UUID NOT NULL REFERENCES notification_events (event_id),
    -- the webhook's URL without its fragment (the events filter); it may carry a token in its query string
    webhook         TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failing')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- when it may be tried next; a claim pushes it forward (a lease), so two instances never send it at once
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_status     INTEGER,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ,
    UNIQUE (event_id, webhook)
);

-- the delivery poll: due deliveries not yet delivered, soonest first
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE state <> 'delivered';
-- GET /api/notifications: newest first, by state or not
CREATE INDEX notification_deliveries_state_idx ON notification_deliveries (state, id);
