package com.cleanupservice.simulator;

import java.time.Instant;
import java.util.List;

/**
 * @param attachments    network attachments, the primary one first
 * @param deleteDeadline while {@code status} is {@code deleting}: when the deletion completes
 * @param deleteFails    the pending deletion ends in status {@code failed} instead of removal
 */
record BareMetalServer(String id, long seq, String name, String status, Instant createdAt,
                       List<NetworkAttachment> attachments, Instant deleteDeadline, boolean deleteFails)
        implements Resource {

    static final String DELETING = "deleting";

    BareMetalServer {
        attachments = List.copyOf(attachments);
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.BARE_METAL_SERVER;
    }

    BareMetalServer withStatus(String newStatus, Instant newDeadline, boolean newDeleteFails) {
        return new BareMetalServer(id, seq, name, newStatus, createdAt, attachments, newDeadline, newDeleteFails);
    }

    /** The attachment through which this server uses the given VNI. */
    NetworkAttachment attachmentOf(String vniId) {
        return attachments.stream().filter(a -> a.vniId().equals(vniId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("server " + id + " has no attachment for VNI " + vniId));
    }

    /** A bare metal server network attachment: how a server uses one virtual network interface. */
    record NetworkAttachment(String id, String name, String vniId) {
    }
}
