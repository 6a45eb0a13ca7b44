package com.cleanupservice.simulator;

/** The kinds of resource the simulator keeps, by the names the Java and admin APIs use. */
enum ResourceKind {
    BARE_METAL_SERVER("bare_metal_server", "bare_metal_servers"),
    VIRTUAL_NETWORK_INTERFACE("virtual_network_interface", "virtual_network_interfaces"),
    SUBNET_RESERVED_IP("subnet_reserved_ip", "subnet_reserved_ips"),
    DNS_RECORD("dns_record", "dns_records");

    private final String wireName;
    private final String collectionName;

    ResourceKind(String wireName, String collectionName) {
        this.wireName = wireName;
        this.collectionName = collectionName;
    }

    String wireName() {
        return wireName;
    }

    String collectionName() {
        return collectionName;
    }

    static ResourceKind fromWireName(String name) {
        for (ResourceKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown resource kind '" + name
                + "' (expected bare_metal_server, virtual_network_interface, subnet_reserved_ip or dns_record)");
    }
}
