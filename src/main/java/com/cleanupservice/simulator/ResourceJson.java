package com.cleanupservice.simulator;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.cleanupservice.simulator.IbmCloudSimulator.ACCOUNT_ID;
import static com.cleanupservice.simulator.IbmCloudSimulator.REGION;
import static com.cleanupservice.simulator.IbmCloudSimulator.RESOURCE_GROUP_ID;
import static com.cleanupservice.simulator.IbmCloudSimulator.RESOURCE_GROUP_NAME;
import static com.cleanupservice.simulator.IbmCloudSimulator.VPC_ID;
import static com.cleanupservice.simulator.IbmCloudSimulator.VPC_NAME;
import static com.cleanupservice.simulator.IbmCloudSimulator.ZONE;

/**
 * Renders resources as the IBM APIs return them. Works inside a transaction because a resource's JSON embeds
 * references to related resources (a VNI shows its primary IP's address, a server its VNIs' names).
 */
final class ResourceJson {
    private final String baseUrl;
    private final Store.Tx tx;

    ResourceJson(String baseUrl, Store.Tx tx) {
        this.baseUrl = baseUrl;
        this.tx = tx;
    }

    Map<String, Object> render(Resource resource) {
        if (resource instanceof BareMetalServer s) {
            return server(s);
        } else if (resource instanceof VirtualNetworkInterface v) {
            return vni(v);
        } else if (resource instanceof ReservedIp ip) {
            return reservedIp(ip);
        } else if (resource instanceof DnsRecord r) {
            return dnsRecord(r);
        }
        throw new IllegalArgumentException("unknown resource " + resource);
    }

    Map<String, Object> server(BareMetalServer s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created_at", timestamp(s.createdAt()));
        json.put("crn", crn("bare-metal-server", s.id()));
        json.put("href", serverHref(s.id()));
        json.put("id", s.id());
        json.put("lifecycle_reasons", List.of());
        json.put("lifecycle_state", lifecycleState(s.status()));
        json.put("name", s.name());
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (BareMetalServer.NetworkAttachment a : s.attachments()) {
            attachments.add(attachment(s, a));
        }
        json.put("network_attachments", attachments);
        if (!attachments.isEmpty()) {
            json.put("primary_network_attachment", attachments.get(0));
        }
        json.put("profile", Map.of("name", "bx2d-metal-96x384", "resource_type", "bare_metal_server_profile",
                "href", baseUrl + "/v1/bare_metal_server/profiles/bx2d-metal-96x384"));
        json.put("resource_group", resourceGroup());
        json.put("resource_type", "bare_metal_server");
        json.put("status", s.status());
        json.put("status_reasons", List.of());
        json.put("vpc", vpc());
        json.put("zone", zone());
        return json;
    }

    /** IBM's lifecycle_state for a server status: the transitional and broken states mirror it, the rest are stable. */
    private static String lifecycleState(String status) {
        return switch (status) {
            case "pending", "deleting", "failed", "suspended" -> status;
            default -> "stable";
        };
    }

    private Map<String, Object> attachment(BareMetalServer s, BareMetalServer.NetworkAttachment a) {
        VirtualNetworkInterface vni = tx.vni(a.vniId());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("href", attachmentHref(s.id(), a.id()));
        json.put("id", a.id());
        json.put("name", a.name());
        json.put("primary_ip", reservedIpReference(tx.reservedIp(vni.primaryIpId())));
        json.put("resource_type", "bare_metal_server_network_attachment");
        json.put("subnet", subnetReference(vni.subnetId()));
        json.put("virtual_network_interface", vniReference(vni));
        return json;
    }

    Map<String, Object> vni(VirtualNetworkInterface v) {
        Map<String, Object> primaryIp = reservedIpReference(tx.reservedIp(v.primaryIpId()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("allow_ip_spoofing", false);
        json.put("auto_delete", v.autoDelete());
        json.put("created_at", timestamp(v.createdAt()));
        json.put("crn", crn("virtual-network-interface", v.id()));
        json.put("enable_infrastructure_nat", true);
        json.put("href", vniHref(v.id()));
        json.put("id", v.id());
        json.put("ips", List.of(primaryIp));
        json.put("lifecycle_state", "stable");
        json.put("name", v.name());
        json.put("primary_ip", primaryIp);
        json.put("resource_group", resourceGroup());
        json.put("resource_type", "virtual_network_interface");
        json.put("security_groups", List.of());
        json.put("subnet", subnetReference(v.subnetId()));
        if (v.targetServerId() != null) {
            BareMetalServer server = tx.server(v.targetServerId());
            BareMetalServer.NetworkAttachment a = server.attachmentOf(v.id());
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("href", attachmentHref(server.id(), a.id()));
            target.put("id", a.id());
            target.put("name", a.name());
            target.put("resource_type", "bare_metal_server_network_attachment");
            json.put("target", target);
        }
        json.put("vpc", vpc());
        json.put("zone", zone());
        return json;
    }

    Map<String, Object> reservedIp(ReservedIp ip) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("address", ip.address());
        json.put("auto_delete", ip.autoDelete());
        json.put("created_at", timestamp(ip.createdAt()));
        json.put("href", reservedIpHref(ip));
        json.put("id", ip.id());
        json.put("lifecycle_state", "stable");
        json.put("name", ip.name());
        json.put("owner", "user");
        json.put("resource_type", "subnet_reserved_ip");
        if (ip.targetVniId() != null) {
            json.put("target", vniReference(tx.vni(ip.targetVniId())));
        }
        return json;
    }

    Map<String, Object> dnsRecord(DnsRecord r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id());
        json.put("created_on", timestamp(r.createdOn()));
        json.put("modified_on", timestamp(r.modifiedOn()));
        json.put("name", r.name());
        json.put("type", r.type());
        json.put("ttl", r.ttl());
        String rdataField = switch (r.type()) {
            case "PTR" -> "ptrdname";
            case "CNAME" -> "cname";
            default -> "ip";
        };
        json.put("rdata", Map.of(rdataField, r.rdata()));
        return json;
    }

    private Map<String, Object> reservedIpReference(ReservedIp ip) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("address", ip.address());
        json.put("href", reservedIpHref(ip));
        json.put("id", ip.id());
        json.put("name", ip.name());
        json.put("resource_type", "subnet_reserved_ip");
        return json;
    }

    private Map<String, Object> vniReference(VirtualNetworkInterface v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("crn", crn("virtual-network-interface", v.id()));
        json.put("href", vniHref(v.id()));
        json.put("id", v.id());
        json.put("name", v.name());
        json.put("resource_type", "virtual_network_interface");
        return json;
    }

    private Map<String, Object> subnetReference(String subnetId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("crn", crn("subnet", subnetId));
        json.put("href", baseUrl + "/v1/subnets/" + subnetId);
        json.put("id", subnetId);
        json.put("resource_type", "subnet");
        return json;
    }

    private Map<String, Object> resourceGroup() {
        return Map.of("id", RESOURCE_GROUP_ID, "name", RESOURCE_GROUP_NAME,
                "href", "https://resource-controller.cloud.ibm.com/v2/resource_groups/" + RESOURCE_GROUP_ID);
    }

    private Map<String, Object> vpc() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("crn", crn("vpc", VPC_ID));
        json.put("href", baseUrl + "/v1/vpcs/" + VPC_ID);
        json.put("id", VPC_ID);
        json.put("name", VPC_NAME);
        json.put("resource_type", "vpc");
        return json;
    }

    private Map<String, Object> zone() {
        return Map.of("name", ZONE, "href", baseUrl + "/v1/regions/" + REGION + "/zones/" + ZONE);
    }

    private String serverHref(String id) {
        return baseUrl + "/v1/bare_metal_servers/" + id;
    }

    private String attachmentHref(String serverId, String attachmentId) {
        return serverHref(serverId) + "/network_attachments/" + attachmentId;
    }

    private String vniHref(String id) {
        return baseUrl + "/v1/virtual_network_interfaces/" + id;
    }

    private String reservedIpHref(ReservedIp ip) {
        return baseUrl + "/v1/subnets/" + ip.subnetId() + "/reserved_ips/" + ip.id();
    }

    private static String crn(String resourceType, String id) {
        return "crn:v1:bluemix:public:is:" + ZONE + ":a/" + ACCOUNT_ID + "::" + resourceType + ":" + id;
    }

    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
