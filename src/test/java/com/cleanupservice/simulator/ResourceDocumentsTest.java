package com.cleanupservice.simulator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documents in {@code ibmsim.resource} keep the shape the simulator wrote when each kind wrote its own by hand:
 * a document written then reads back, and is written again unchanged (so a restarted simulator keeps its state and
 * a downgraded one reads what this one wrote). Boots nothing.
 */
class ResourceDocumentsTest {

    /** One document per kind as {@code toDocument} wrote it by hand (keys in its order; nulls left out). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "floating_ip|{'name':'public','address':'52.118.0.1','created_at':'2026-12-07T18:51:33.120Z','target_vni_id':'vni-1'}",
            "floating_ip|{'name':'spare','address':'52.118.0.2','created_at':'2026-12-07T18:51:33Z'}",
            "security_group|{'name':'web','created_at':'2026-12-07T18:51:33.120Z','target_vni_ids':['vni-1','vni-2'],'default':false}",
            "security_group|{'name':'sandbox-vpc-default-security-group','created_at':'2026-12-07T18:51:33.001Z','target_vni_ids':[],'default':true}",
            "virtual_network_interface|{'name':'eth0','subnet_id':'subnet-1','primary_ip_id':'ip-1','auto_delete':true,'created_at':'2026-12-07T18:51:33.120Z','target_server_id':'srv-1'}",
            "virtual_network_interface|{'name':'eth1','subnet_id':'subnet-1','primary_ip_id':'ip-2','auto_delete':false,'created_at':'2026-12-07T18:51:33.120Z'}",
            "subnet_reserved_ip|{'subnet_id':'subnet-1','name':'ip-one','address':'10.240.0.4','auto_delete':false,'created_at':'2026-12-07T18:51:33.120Z','target_vni_id':'vni-1'}",
            "dns_record|{'instance_id':'inst-1','zone_id':'zone-1','name':'node-1.example.com','type':'A','ttl':900,'rdata':'10.240.0.4','created_on':'2026-12-07T18:51:33.120Z','modified_on':'2026-12-07T18:51:34Z'}",
            "bare_metal_server|{'name':'node-1','status':'deleting','created_at':'2026-12-07T18:51:33.120Z','delete_deadline':'2026-12-07T18:52:33.120Z','delete_fails':true,'network_attachments':[{'id':'att-1','name':'eth0','virtual_network_interface_id':'vni-1'},{'id':'att-2','name':'eth1','virtual_network_interface_id':'vni-2'}]}",
            "bare_metal_server|{'name':'node-2','status':'running','created_at':'2026-12-07T18:51:33.120Z','delete_fails':false,'network_attachments':[]}",
            "subnet|{'name':'mgmt','zone':'us-south-1','ipv4_cidr_block':'10.240.0.0/24','public_gateway_id':'pgw-1','created_at':'2026-12-07T18:51:33.120Z','status':'deleting','delete_deadline':'2026-12-07T18:52:33.120Z','implicit':false}",
            "subnet|{'name':'subnet-s','zone':'us-south-1','ipv4_cidr_block':'10.240.0.0/16','created_at':'2026-12-07T18:51:33.120Z','status':'available','implicit':true}",
            "public_gateway|{'name':'egress','zone':'us-south-1','address':'169.63.0.1','created_at':'2026-12-07T18:51:33.120Z'}",
            "key|{'name':'deploy','type':'ed25519','public_key':'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl','length':256,'created_at':'2026-12-07T18:51:33.120Z'}",
            "load_balancer|{'name':'prism','subnet_ids':['mgmt','work'],'is_public':true,'created_at':'2026-12-07T18:51:33.120Z','provisioning_status':'delete_pending','delete_deadline':'2026-12-07T18:52:33.120Z','bounce_once':true}",
            "endpoint_gateway|{'name':'cos','subnet_id':'work','reserved_ip_id':'ip-9','target_crn':'crn:v1:bluemix:public:cloud-object-storage:global:::endpoint:s3.direct.us-south.cloud-object-storage.appdomain.cloud','created_at':'2026-12-07T18:51:33.120Z','lifecycle_state':'stable'}",
    })
    void aDocumentOfTheLastReleaseReadsAndIsWrittenAgainUnchanged(String kindName, String document) throws Exception {
        Map<String, Object> written = HttpSupport.JSON.readValue(document.replace('\'', '"'), HttpSupport.OBJECT);
        SimKind<?> kind = Kinds.ALL.byWireName(kindName);

        assertThat(roundTrip(kind, written)).isEqualTo(written);
    }

    private static <R extends Resource> Map<String, Object> roundTrip(SimKind<R> kind, Map<String, Object> document) {
        R read = kind.fromDocument("the-id", 42, document);
        assertThat(read.id()).isEqualTo("the-id");
        assertThat(read.seq()).isEqualTo(42);
        return kind.toDocument(read);
    }

    @Test
    void fieldsAreReadIntoTheRecord() {
        BareMetalServerKind.Server server = Kinds.ALL.of(BareMetalServerKind.Server.class).fromDocument("srv-1", 7,
                Map.of("name", "node-1", "status", "deleting", "created_at", "2026-12-07T18:51:33.120Z",
                        "delete_deadline", "2026-12-07T18:52:33Z", "delete_fails", true, "network_attachments",
                        List.of(Map.of("id", "att-1", "name", "eth0", "virtual_network_interface_id", "vni-1")),
                        "written_by_a_newer_simulator", "ignored"));

        assertThat(server).isEqualTo(new BareMetalServerKind.Server("srv-1", 7, "node-1", "deleting",
                Instant.parse("2026-12-07T18:51:33.120Z"), List.of(new BareMetalServerKind.Attachment("att-1", "eth0",
                "vni-1")), Instant.parse("2026-12-07T18:52:33Z"), true));
        SubnetReservedIpKind.ReservedIp ip = Kinds.ALL.of(SubnetReservedIpKind.ReservedIp.class).fromDocument("ip-1", 1,
                Map.of("subnet_id", "subnet-1", "name", "ip-one", "address", "10.240.0.4", "created_at",
                        "2026-12-07T18:51:33Z"));
        assertThat(ip.provider()).as("never stored: provider IPs are derived").isFalse();
        assertThat(ip.autoDelete()).as("absent: false").isFalse();
        assertThat(ip.targetVniId()).isNull();
    }
}
