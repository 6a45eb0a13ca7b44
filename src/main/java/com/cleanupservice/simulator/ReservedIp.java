package com.cleanupservice.simulator;

import java.time.Instant;

/** @param targetVniId the virtual network interface this IP is bound to, {@code null} when unbound */
record ReservedIp(String id, long seq, String subnetId, String name, String address, boolean autoDelete,
                  Instant createdAt, String targetVniId) implements Resource {

    @Override
    public ResourceKind kind() {
        return ResourceKind.SUBNET_RESERVED_IP;
    }

    ReservedIp withTarget(String vniId) {
        return new ReservedIp(id, seq, subnetId, name, address, autoDelete, createdAt, vniId);
    }
}
