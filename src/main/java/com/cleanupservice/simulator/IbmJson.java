package com.cleanupservice.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;

import static com.cleanupservice.simulator.IbmCloudSimulator.ACCOUNT_ID;
import static com.cleanupservice.simulator.IbmCloudSimulator.REGION;
import static com.cleanupservice.simulator.IbmCloudSimulator.RESOURCE_GROUP_ID;
import static com.cleanupservice.simulator.IbmCloudSimulator.RESOURCE_GROUP_NAME;
import static com.cleanupservice.simulator.IbmCloudSimulator.VPC_ID;
import static com.cleanupservice.simulator.IbmCloudSimulator.VPC_NAME;
import static com.cleanupservice.simulator.IbmCloudSimulator.ZONE;

/**
 * The pieces of IBM's JSON that many kinds share: CRNs, references and the simulated account's resource group,
 * VPC and zone. Each is a record written by {@link HttpSupport#JSON} (snake_case, in component order).
 */
final class IbmJson {
    private final String baseUrl;

    IbmJson(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * How IBM refers to one resource from another; the fields a kind's references do not have are {@code null} and
     * left out (e.g. a reserved IP has no CRN, a security group's reference no resource type).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Reference(String address, String crn, String href, String id, String name, String resourceType) {
    }

    record ResourceGroup(String href, String id, String name) {
    }

    record Zone(String href, String name) {
    }

    /** {@code GET /v1/vpcs/{id}}: the one simulated VPC, without what kinds add to it. */
    record Vpc(String crn, String href, String id, String name, String resourceType, boolean classicAccess,
               ResourceGroup resourceGroup, String status) {
    }

    /** {@code http://host:port}: hrefs are this plus the API path. */
    String baseUrl() {
        return baseUrl;
    }

    String crn(String resourceType, String id) {
        return "crn:v1:bluemix:public:is:" + ZONE + ":a/" + ACCOUNT_ID + "::" + resourceType + ":" + id;
    }

    ResourceGroup resourceGroup() {
        return new ResourceGroup("https://resource-controller.cloud.ibm.com/v2/resource_groups/" + RESOURCE_GROUP_ID,
                RESOURCE_GROUP_ID, RESOURCE_GROUP_NAME);
    }

    Reference vpc() {
        return new Reference(null, crn("vpc", VPC_ID), baseUrl + "/v1/vpcs/" + VPC_ID, VPC_ID, VPC_NAME, "vpc");
    }

    Vpc vpcResource() {
        Reference vpc = vpc();
        return new Vpc(vpc.crn(), vpc.href(), vpc.id(), vpc.name(), vpc.resourceType(), false, resourceGroup(),
                "available");
    }

    Zone zone() {
        return new Zone(baseUrl + "/v1/regions/" + REGION + "/zones/" + ZONE, ZONE);
    }

    /** Subnets are not simulated resources: any id names one, and references to it are built from the id alone. */
    Reference subnet(String subnetId) {
        return new Reference(null, crn("subnet", subnetId), baseUrl + "/v1/subnets/" + subnetId, subnetId, null,
                "subnet");
    }
}
