package com.cleanupservice.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DnsApiTest {
    private static final String ZONE = "/instances/inst-1/dnszones/zone-1/resource_records";
    private static IbmCloudSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0));
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clean() {
        sim.reset();
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordsHaveDnsServicesShape() {
        Map<String, Object> a = sim.createDnsRecord("inst-1", "zone-1", null, "host.example.com", "A", "10.0.0.1");
        sim.createDnsRecord("inst-1", "zone-1", "PTR:1", "1.0.0.10.in-addr.arpa", "PTR", "host.example.com");
        sim.createDnsRecord("inst-1", "zone-1", "CNAME:1", "alias.example.com", "CNAME", "host.example.com");

        assertThat((String) a.get("id")).startsWith("A:");
        Map<String, Object> fetched = client.dnsGet(ZONE + "/" + a.get("id")).json();
        assertThat(fetched).containsEntry("name", "host.example.com").containsEntry("type", "A")
                .containsEntry("ttl", 900).containsKeys("created_on", "modified_on");
        assertThat(Instant.parse((String) fetched.get("created_on"))).isNotNull();
        assertThat((Map<String, Object>) fetched.get("rdata")).containsEntry("ip", "10.0.0.1");
        assertThat((Map<String, Object>) client.dnsGet(ZONE + "/PTR:1").json().get("rdata"))
                .containsEntry("ptrdname", "host.example.com");
        assertThat((Map<String, Object>) client.dnsGet(ZONE + "/CNAME:1").json().get("rdata"))
                .containsEntry("cname", "host.example.com");

        SimClient.Response otherZone = client.dnsGet("/instances/inst-1/dnszones/zone-2/resource_records/PTR:1");
        assertThat(otherZone.status()).isEqualTo(404);
        assertThat(otherZone.errorCode()).isEqualTo("not_found");
    }

    @Test
    void rejectsInvalidRecords() {
        assertThatThrownBy(() -> sim.createDnsRecord("inst-1", "zone-1", null, "x.example.com", "MX", "mail"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.createDnsRecord("inst-1", "zone-1", null, "x.example.com", "A", null))
                .isInstanceOf(IllegalArgumentException.class);
        sim.createDnsRecord("inst-1", "zone-1", "A:dup", "x.example.com", "A", "10.0.0.1");
        assertThatThrownBy(() -> sim.createDnsRecord("inst-1", "zone-1", "A:dup", "y.example.com", "A", "10.0.0.2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
    }

    @Test
    void anUnknownZonesRecordsAre404AndAZoneEmptiedStaysKnown() {
        SimClient.Response unknown = client.dnsGet("/instances/inst-1/dnszones/zone-9/resource_records");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("not_found");

        sim.createDnsRecord("inst-1", "zone-1", "A:only", "only.example.com", "A", "10.0.0.1");
        assertThat(client.dnsGet(ZONE).json()).containsEntry("total_count", 1);
        assertThat(client.dnsGet("/instances/inst-2/dnszones/zone-1/resource_records").status())
                .as("a zone is known in its instance only").isEqualTo(404);
        assertThat(client.dnsDelete(ZONE + "/A:only").status()).isEqualTo(204);
        assertThat(client.dnsGet(ZONE).json()).as("an emptied zone is still there").containsEntry("total_count", 0);

        sim.reset();
        assertThat(client.dnsGet(ZONE).status()).as("a reset forgets it").isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void listPagesByOffsetAndFilters() {
        for (int i = 1; i <= 5; i++) {
            sim.createDnsRecord("inst-1", "zone-1", null, "h" + i + ".example.com", "A", "10.0.0." + i);
        }
        sim.createDnsRecord("inst-1", "zone-1", null, "1.0.0.10.in-addr.arpa", "PTR", "h1.example.com");
        sim.createDnsRecord("inst-1", "zone-2", null, "other.example.com", "A", "10.9.9.9");

        Map<String, Object> page = client.dnsGet(ZONE + "?limit=2&offset=2").json();
        assertThat(page).containsEntry("offset", 2).containsEntry("limit", 2).containsEntry("count", 2)
                .containsEntry("total_count", 6);
        assertThat((List<Object>) page.get("resource_records")).hasSize(2);
        assertThat((String) ((Map<String, Object>) page.get("first")).get("href"))
                .isEqualTo(sim.dnsUrl() + ZONE + "?offset=0&limit=2");
        assertThat((String) ((Map<String, Object>) page.get("next")).get("href")).contains("offset=4");
        assertThat((String) ((Map<String, Object>) page.get("last")).get("href")).contains("offset=4");

        assertThat((String) ((Map<String, Object>) page.get("previous")).get("href"))
                .isEqualTo(sim.dnsUrl() + ZONE + "?offset=0&limit=2");
        assertThat(client.dnsGet(ZONE + "?limit=2").json()).as("the first page has no previous")
                .doesNotContainKey("previous");
        assertThat((String) ((Map<String, Object>) client.dnsGet(ZONE + "?limit=4&offset=2").json().get("previous"))
                .get("href")).as("a previous page never starts before the first").contains("offset=0&limit=4");

        Map<String, Object> lastPage = client.get((String) ((Map<String, Object>) page.get("last")).get("href")).json();
        assertThat(lastPage).containsEntry("count", 2).doesNotContainKey("next");
        assertThat((String) ((Map<String, Object>) lastPage.get("previous")).get("href")).contains("offset=2");

        Map<String, Object> all = client.dnsGet(ZONE).json();
        assertThat(all).containsEntry("limit", 200).containsEntry("count", 6).doesNotContainKey("next");

        Map<String, Object> ptrs = client.dnsGet(ZONE + "?type=PTR").json();
        assertThat((List<Map<String, Object>>) ptrs.get("resource_records")).extracting(r -> r.get("type"))
                .containsExactly("PTR");
        Map<String, Object> named = client.dnsGet(ZONE + "?name=h3.example.com").json();
        assertThat(named).containsEntry("total_count", 1);

        assertThat(client.dnsGet(ZONE + "?offset=-1").status()).isEqualTo(400);
        assertThat(client.dnsGet(ZONE + "?limit=abc").status()).isEqualTo(400);
    }

    @Test
    @SuppressWarnings("unchecked")
    void typeAndNameFilterTogetherCaseInsensitivelyOnEveryPage() {
        sim.createDnsRecord("inst-1", "zone-1", "A:web", "web.example.com", "A", "10.0.0.1");
        sim.createDnsRecord("inst-1", "zone-1", "CNAME:web", "www.example.com", "CNAME", "web.example.com");
        sim.createDnsRecord("inst-1", "zone-1", "PTR:web", "1.0.0.10.in-addr.arpa", "PTR", "web.example.com");
        for (int i = 1; i <= 3; i++) {
            sim.createDnsRecord("inst-1", "zone-1", "A:other-" + i, "other.example.com", "A", "10.0.1." + i);
        }

        assertThat(ids(client.dnsGet(ZONE + "?type=A&name=web.example.com"))).containsExactly("A:web");
        assertThat(ids(client.dnsGet(ZONE + "?type=cname&name=WWW.example.com"))).containsExactly("CNAME:web");
        assertThat(ids(client.dnsGet(ZONE + "?type=PTR&name=web.example.com"))).isEmpty();
        assertThat(ids(client.dnsGet(ZONE + "?type=A"))).containsExactly("A:web", "A:other-1", "A:other-2", "A:other-3");

        Map<String, Object> page = client.dnsGet(ZONE + "?type=A&name=other.example.com&limit=2").json();
        assertThat(page).containsEntry("total_count", 3);
        String next = (String) ((Map<String, Object>) page.get("next")).get("href");
        assertThat(next).contains("type=A", "name=other.example.com", "offset=2");
        assertThat(ids(client.get(next))).containsExactly("A:other-3");

        // unknown parameters filter nothing, as on the VPC lists
        assertThat(ids(client.dnsGet(ZONE + "?frobnicate=1"))).hasSize(6);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ids(SimClient.Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return ((List<Map<String, Object>>) list.json().get("resource_records")).stream().map(r -> r.get("id")).toList();
    }

    @Test
    void addressRecordCannotBeDeletedBeforeItsPtr() {
        Map<String, Object> a = sim.createDnsRecord("inst-1", "zone-1", null, "host.example.com", "A", "10.0.0.1");
        Map<String, Object> ptr = sim.createDnsRecord("inst-1", "zone-1", null, "1.0.0.10.in-addr.arpa", "PTR",
                "host.example.com.");
        // a PTR in another zone does not hold the record
        sim.createDnsRecord("inst-1", "zone-2", null, "1.0.0.10.in-addr.arpa", "PTR", "host.example.com");

        SimClient.Response inUse = client.dnsDelete(ZONE + "/" + a.get("id"));
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorCode()).isEqualTo("resource_record_in_use");

        assertThat(client.dnsDelete(ZONE + "/" + ptr.get("id")).status()).isEqualTo(204);
        assertThat(client.dnsDelete(ZONE + "/" + a.get("id")).status()).isEqualTo(204);
        assertThat(client.dnsGet(ZONE + "/" + a.get("id")).status()).isEqualTo(404);
        assertThat(client.dnsDelete(ZONE + "/" + a.get("id")).status()).isEqualTo(404);
    }

    @Test
    void dnsNeedsNoVersionParameter() {
        sim.createDnsRecord("inst-1", "zone-1", "A:1", "host.example.com", "A", "10.0.0.1");
        assertThat(client.dnsGet(ZONE + "/A:1").status()).isEqualTo(200);
        assertThat(client.dnsGet(ZONE + "/A%3A1").status()).as("encoded id").isEqualTo(200);
    }
}
