-- The provisioner records resources through the API; an IBM id is tracked once, so a repeated call is harmless.
CREATE UNIQUE INDEX vnic_info_vnic_id_key ON vnic_info (vnic_id);
CREATE UNIQUE INDEX ip_reservations_reservation_id_key ON ip_reservations (reservation_id);
CREATE UNIQUE INDEX dns_records_record_id_key ON dns_records (record_id);
-- why provisioning failed, as the provisioner said it
ALTER TABLE nodes ADD COLUMN failure_reason TEXT;
