package com.cleanupservice.ibm;

import com.google.gson.annotations.SerializedName;

import java.util.List;

/**
 * The parts of IBM Cloud's JSON that more than one resource type reads: references and pages. A type's own resource
 * shape lives with the type. Field names are IBM's (snake_case on the wire); unknown fields are ignored, so the
 * models stay narrow.
 */
public final class Models {
    private Models() {
    }

    public record ResourceRef(String id, String name, String href,
                              @SerializedName("resource_type") String resourceType) {
    }

    public record ReservedIpRef(String id, String address, String name) {
    }

    /** One page of a collection and the cursor of the next one (null on the last page). */
    public record Page<T>(List<T> items, String next, long totalCount) {
    }
}
