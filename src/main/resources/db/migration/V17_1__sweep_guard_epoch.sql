-- The sweep guard is a lease like the others (lease.LeaseStore): its holder's writes are fenced by an epoch, raised by
-- every take and every hand back, instead of by the holder's token alone.
ALTER TABLE sweep_guard ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
