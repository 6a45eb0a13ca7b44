package com.cleanupservice.resources;

/**
 * What a field of a provisioner's record holds, so the hooks check it before anything is stored: ids end up in API
 * paths and generated scripts, addresses in an INET column.
 */
public enum RecordField {
    /** An IBM id: letters, digits, '.', '_', ':' or '-'. */
    ID,
    /** An IPv4 or IPv6 address. */
    IP_ADDRESS,
    /** Free text (a name, a record's data), stored as given and escaped wherever it is printed. */
    TEXT
}
