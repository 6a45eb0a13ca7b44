-- Where each tracked resource lives (issue 24): the name of a configured account (cleanup.ibm.accounts) and the VPC
-- region. NULL means "the default": the configured default account (cleanup.ibm.default-account, or the single
-- account of the settings of before) and region (cleanup.ibm.region), resolved by ibm.Accounts when the row is used.
-- A migration cannot read settings, and a NULL keeps meaning the default when the default is changed later, so rows
-- recorded before this migration need no update. DNS Services is global: dns_records has an account, no region.
ALTER TABLE nodes ADD COLUMN account TEXT;
ALTER TABLE nodes ADD COLUMN region TEXT;
ALTER TABLE vnic_info ADD COLUMN account TEXT;
ALTER TABLE vnic_info ADD COLUMN region TEXT;
ALTER TABLE ip_reservations ADD COLUMN account TEXT;
ALTER TABLE ip_reservations ADD COLUMN region TEXT;
ALTER TABLE dns_records ADD COLUMN account TEXT;
ALTER TABLE tracked_resources ADD COLUMN account TEXT;
ALTER TABLE tracked_resources ADD COLUMN region TEXT;
