package com.cleanupservice.simulator;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.cleanupservice.simulator.IbmCloudSimulator.ACCOUNT_ID;
import static com.cleanupservice.simulator.IbmCloudSimulator.REGION;
import static com.cleanupservice.simulator.IbmCloudSimulator.RESOURCE_GROUP_ID;
import static com.cleanupservice.simulator.IbmCloudSimulator.RESOURCE_GROUP_NAME;
import static com.cleanupservice.simulator.IbmCloudSimulator.VPC_ID;
import static com.cleanupservice.simulator.IbmCloudSimulator.VPC_NAME;
import static com.cleanupservice.simulator.IbmCloudSimulator.ZONE;

/** The pieces of IBM's JSON that many kinds share: CRNs, timestamps and references to the simulated account. */
final class IbmJson {
    private final String baseUrl;

    IbmJson(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** {@code http://host:port}: hrefs are this plus the API path. */
    String baseUrl() {
        return baseUrl;
    }

    String crn(String resourceType, String id) {
        return "crn:v1:bluemix:public:is:" + ZONE + ":a/" + ACCOUNT_ID + "::" + resourceType + ":" + id;
    }

    Map<String, Object> resourceGroup() {
        return Map.of("id", RESOURCE_GROUP_ID, "name", RESOURCE_GROUP_NAME,
                "href", "https://resource-controller.cloud.ibm.com/v2/resource_groups/" + RESOURCE_GROUP_ID);
    }

    Map<String, Object> vpc() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("crn", crn("vpc", VPC_ID));
        json.put("href", baseUrl + "/v1/vpcs/" + VPC_ID);
        json.put("id", VPC_ID);
        json.put("name", VPC_NAME);
        json.put("resource_type", "vpc");
        return json;
    }

    Map<String, Object> zone() {
        return Map.of("name", ZONE, "href", baseUrl + "/v1/regions/" + REGION + "/zones/" + ZONE);
    }

    /** Subnets are not simulated resources: any id names one, and references to it are built from the id alone. */
    Map<String, Object> subnet(String subnetId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("crn", crn("subnet", subnetId));
        json.put("href", baseUrl + "/v1/subnets/" + subnetId);
        json.put("id", subnetId);
        json.put("resource_type", "subnet");
        return json;
    }

    static String timestamp(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
