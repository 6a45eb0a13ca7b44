package com.cleanupservice.ibm;

import com.cleanupservice.ibm.Models.DnsRecord;
import com.cleanupservice.ibm.Models.Page;

/** DNS Services resource record calls the product makes. */
public interface DnsResourceRecords {
    DnsRecord getResourceRecord(String instanceId, String zoneId, String recordId);

    void deleteResourceRecord(String instanceId, String zoneId, String recordId);

    /** {@code start} is the offset as a string (null for the first page). */
    Page<DnsRecord> listResourceRecords(String instanceId, String zoneId, String start, int limit);
}
