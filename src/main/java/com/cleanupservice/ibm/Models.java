package com.cleanupservice.ibm;

import com.google.gson.annotations.SerializedName;

import java.util.List;
import java.util.Map;

/**
 * The parts of IBM Cloud's JSON the product reads. Field names are IBM's (snake_case on the wire); unknown fields are
 * ignored, so the models stay narrow.
 */
public final class Models {
    private Models() {
    }

    public record ResourceRef(String id, String name, String href,
                              @SerializedName("resource_type") String resourceType) {
    }

    public record NetworkAttachment(String id, String name,
                                    @SerializedName("virtual_network_interface") ResourceRef virtualNetworkInterface) {
    }

    public record BareMetalServer(String id, String name, String crn, String status,
                                  @SerializedName("lifecycle_state") String lifecycleState,
                                  @SerializedName("created_at") String createdAt,
                                  ResourceRef zone,
                                  @SerializedName("network_attachments") List<NetworkAttachment> networkAttachments) {
    }

    public record ReservedIpRef(String id, String address, String name) {
    }

    public record VirtualNetworkInterface(String id, String name,
                                          @SerializedName("lifecycle_state") String lifecycleState,
                                          @SerializedName("auto_delete") Boolean autoDelete,
                                          @SerializedName("primary_ip") ReservedIpRef primaryIp,
                                          ResourceRef subnet,
                                          ResourceRef target) {
    }

    public record ReservedIp(String id, String name, String address,
                             @SerializedName("lifecycle_state") String lifecycleState,
                             @SerializedName("auto_delete") Boolean autoDelete,
                             ResourceRef target) {
    }

    public record DnsRecord(String id, String name, String type, Integer ttl, Map<String, Object> rdata,
                            @SerializedName("created_on") String createdOn) {
    }

    /** One page of a collection and the cursor of the next one (null on the last page). */
    public record Page<T>(List<T> items, String next, long totalCount) {
    }
}
