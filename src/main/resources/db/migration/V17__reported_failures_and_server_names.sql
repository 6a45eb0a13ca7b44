-- The provisioner's failure hook on a node that reached deployed (live) records what it was told and starts nothing:
-- the node stays deployed, so no cleanup, sweep or follow-up takes it without force. What was reported, and when, is
-- kept here (failure_reason, from V6, holds the reason); a forced hook, or a forced cleanup, acts on it.
ALTER TABLE nodes ADD COLUMN reported_failure_status TEXT;
ALTER TABLE nodes ADD COLUMN reported_failure_at TIMESTAMPTZ;

-- The bare metal server's name as the provisioner created it (the seed kept only its id): before a server is deleted
-- its live name must still be this one, so a wrong id recorded deletes nothing. NULL for rows from earlier releases:
-- then only the zone, when recorded, is compared.
ALTER TABLE nodes ADD COLUMN bare_metal_name VARCHAR(255);
