-- The default place the NULLs of V22's columns mean (issue 24): the account and region that were configured
-- (cleanup.ibm.default-account, cleanup.ibm.region) when the service last started. One row, written at start by
-- resources.DefaultPlace: the first start records the configured default; a start configured with another one first
-- writes the recorded default into every NULL account and region (so those rows stay where they were recorded) and
-- then records the new one. A migration cannot read settings, so the table starts empty.
CREATE TABLE default_place (
    only_row    BOOLEAN     PRIMARY KEY DEFAULT TRUE,
    account     TEXT        NOT NULL,
    region      TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT default_place_one_row CHECK (only_row)
);
