-- One scheduled sweep at a time across the cluster, guarded here and not only by Quartz: a tick runs only if no sweep
-- holds the guard (or its holder stopped renewing it) and no tick scheduled at that time or later already ran. A paused
-- instance whose Quartz fires missed ticks on resuming finds them done.
CREATE TABLE sweep_guard (
    name        VARCHAR(64) PRIMARY KEY,
    owner       VARCHAR(255),          -- who runs a sweep now (NULL: nobody)
    started_at  TIMESTAMPTZ,           -- renewed while it runs; older than the lease: its instance died
    last_tick   TIMESTAMPTZ            -- the scheduled time of the last tick that ran
);
INSERT INTO sweep_guard (name) VALUES ('orphan-sweep');
