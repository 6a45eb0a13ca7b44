package com.cleanupservice.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;

import static com.cleanupservice.simulator.IbmCloudSimulator.REGION;
import static com.cleanupservice.simulator.IbmCloudSimulator.RESOURCE_GROUP_ID;
import static com.cleanupservice.simulator.IbmCloudSimulator.RESOURCE_GROUP_NAME;
import static com.cleanupservice.simulator.IbmCloudSimulator.VPC_ID;
import static com.cleanupservice.simulator.IbmCloudSimulator.VPC_NAME;
import static com.cleanupservice.simulator.IbmCloudSimulator.ZONE;

/**
 * The pieces of IBM's JSON that many kinds share: CRNs, references and the simulated account's resource group,
 * VPC and zone, of one account and region ({@link Accounts#json}). Each is a record written by
 * {@link HttpSupport#JSON} (snake_case, in component order).
 */
final class IbmJson {
    private final String baseUrl;
    private final String accountId;
    private final String region;
    private final String zone;

    /**
     * @param baseUrl   where the region's VPC API is: the root for the default region, else
     *                  {@code root/regions/<region>}
     * @param accountId the IBM account id CRNs name
     * @param region    the VPC region; its zone is {@code <region>-1}
     */
    IbmJson(String baseUrl, String accountId, String region) {
        this.baseUrl = baseUrl;
        this.accountId = accountId;
        this.region = region;
        this.zone = region.equals(REGION) ? ZONE : region + "-1";
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

    /** {@code GET /v1/regions/{name}}. */
    record Region(String endpoint, String href, String name, String status) {
    }

    /** {@code GET /v1/regions/{region}/zones/{name}}. */
    record ZoneDetail(String href, String name, Zone region, String status) {
    }

    /** {@code GET /v1/vpcs/{id}}: the one simulated VPC, without what kinds add to it. */
    record Vpc(String crn, String href, String id, String name, String resourceType, boolean classicAccess,
               ResourceGroup resourceGroup, String status) {
    }

    /**
     * Where the resource's API is: {@code http://host:port} for DNS Services and the default region's VPC, else
     * {@code http://host:port/regions/<region>}; hrefs are this plus the API path.
     */
    String baseUrl() {
        return baseUrl;
    }

    String crn(String resourceType, String id) {
        return "crn:v1:bluemix:public:is:" + zone + ":a/" + accountId + "::" + resourceType + ":" + id;
    }

    /** The CRN of a regional resource (a key, a load balancer, an endpoint gateway): the region where a zone stands. */
    String regionalCrn(String resourceType, String id) {
        return "crn:v1:bluemix:public:is:" + region + ":a/" + accountId + "::" + resourceType + ":" + id;
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
        return new Zone(regionHref() + "/zones/" + zone, zone);
    }

    /** The region itself: its endpoint is where its VPC API is. */
    Region region() {
        return new Region(baseUrl, regionHref(), region, "available");
    }

    /** The region's one zone, as its own GET answers it; a zone's JSON in a resource is {@link #zone()}. */
    ZoneDetail zoneDetail() {
        Zone zone = zone();
        return new ZoneDetail(zone.href(), zone.name(), new Zone(regionHref(), region), "available");
    }

    private String regionHref() {
        return baseUrl + "/v1/regions/" + region;
    }

    /** Subnets are not simulated resources: any id names one, and references to it are built from the id alone. */
    Reference subnet(String subnetId) {
        return new Reference(null, crn("subnet", subnetId), baseUrl + "/v1/subnets/" + subnetId, subnetId, null,
                "subnet");
    }
}
