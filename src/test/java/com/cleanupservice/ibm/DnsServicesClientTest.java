package com.cleanupservice.ibm;

import com.cleanupservice.resources.DnsRecordType.DnsRecord;
import com.cleanupservice.resources.DnsRecordType.ResourceRecords;
import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.simulator.FaultRule;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.simulator.SimulatorOptions;
import com.ibm.cloud.sdk.core.service.exception.ConflictException;
import com.ibm.cloud.sdk.core.service.exception.NotFoundException;
import com.ibm.cloud.sdk.core.service.exception.ServiceResponseException;
import com.ibm.cloud.sdk.core.service.exception.ServiceUnavailableException;
import com.ibm.cloud.sdk.core.service.exception.TooManyRequestsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.cleanupservice.simulator.SimulatorOperations.DELETE_DNS_RECORD;
import static com.cleanupservice.simulator.SimulatorOperations.GET_DNS_RECORD;
import static com.cleanupservice.simulator.SimulatorOperations.LIST_DNS_RECORDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@link DnsServicesClient} over HTTP against the in-process IBM Cloud simulator. */
class DnsServicesClientTest {
    private static final String INSTANCE = "dns-instance-1";
    private static final String ZONE = "zone-1";
    private static final String OTHER_ZONE = "zone-2";

    private static IbmCloudSimulator sim;
    private static DnsServicesClient client;
    private static ResourceRecords dns;

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).bareMetalDeleteDelay(Duration.ofMillis(200)));
        client = new DnsServicesClient(sim.dnsUrl(), VpcClientTest.authenticator(sim, "test-key"));
        dns = new ResourceRecords(client);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @BeforeEach
    void clean() {
        sim.reset();
    }

    /** An A record and the PTR record that names it (which IBM requires to go first). */
    private static void addressWithPtr(String aId, String ptrId, String host, String address) {
        sim.createDnsRecord(INSTANCE, ZONE, aId, host, "A", address);
        sim.createDnsRecord(INSTANCE, ZONE, ptrId, address, "PTR", host);
    }

    @Test
    void getResourceRecordReadsIbmFields() {
        sim.createDnsRecord(INSTANCE, ZONE, "A:rec-1", "node-1.example.com", "A", "10.240.0.10");

        DnsRecord record = dns.getResourceRecord(INSTANCE, ZONE, "A:rec-1");

        assertThat(record.id()).isEqualTo("A:rec-1");
        assertThat(record.name()).isEqualTo("node-1.example.com");
        assertThat(record.type()).isEqualTo("A");
        assertThat(record.ttl()).isPositive();
        assertThat(record.rdata()).containsEntry("ip", "10.240.0.10");
        assertThat(Instant.parse(record.createdOn())).isBeforeOrEqualTo(Instant.now());
        assertThat(sim.stats().count(GET_DNS_RECORD, "A:rec-1")).isEqualTo(1);
    }

    @Test
    void generatedRecordIdsCarryTheirType() {
        String id = (String) sim.createDnsRecord(INSTANCE, ZONE, null, "node-2.example.com", "PTR", "x.example.com")
                .get("id");

        DnsRecord record = dns.getResourceRecord(INSTANCE, ZONE, id);

        assertThat(record.id()).startsWith("PTR:");
        assertThat(record.type()).isEqualTo("PTR");
        assertThat(record.rdata()).containsEntry("ptrdname", "x.example.com");
    }

    @Test
    void deletePtrThenAddressRecord() {
        addressWithPtr("A:del", "PTR:del", "node-del.example.com", "10.240.0.11");

        dns.deleteResourceRecord(INSTANCE, ZONE, "PTR:del");
        dns.deleteResourceRecord(INSTANCE, ZONE, "A:del");

        assertThat(sim.stats().count(DELETE_DNS_RECORD, "PTR:del")).isEqualTo(1);
        assertThat(sim.stats().count(DELETE_DNS_RECORD, "A:del")).isEqualTo(1);
        assertThat(sim.exists("dns_record", "PTR:del")).isFalse();
        assertThat(sim.exists("dns_record", "A:del")).isFalse();
        Throwable t = catchThrowable(() -> dns.getResourceRecord(INSTANCE, ZONE, "A:del"));
        assertThat(t).isInstanceOf(NotFoundException.class);
        assertThat(IbmErrors.notFound(t)).isTrue();
    }

    @Test
    void deletingAnAddressRecordWhilePtrExistsIsAConflict() {
        addressWithPtr("A:busy", "PTR:busy", "node-busy.example.com", "10.240.0.12");

        Throwable t = catchThrowable(() -> dns.deleteResourceRecord(INSTANCE, ZONE, "A:busy"));

        assertThat(t).isInstanceOf(ConflictException.class);
        assertThat(t.getMessage()).contains("PTR:busy");
        assertThat(IbmErrors.status(t)).hasValue(409);
        assertThat(IbmErrors.traceId(t)).hasValueSatisfying(trace -> assertThat(trace).isNotBlank());
        assertThat(sim.stats().count(DELETE_DNS_RECORD, "A:busy")).isEqualTo(1);
        assertThat(sim.exists("dns_record", "A:busy")).isTrue();
        assertThat(sim.exists("dns_record", "PTR:busy")).isTrue();
    }

    @Test
    void deletingAMissingRecordIsNotFound() {
        Throwable t = catchThrowable(() -> dns.deleteResourceRecord(INSTANCE, ZONE, "A:missing"));

        assertThat(t).isInstanceOf(NotFoundException.class);
        assertThat(IbmErrors.notFound(t)).isTrue();
        assertThat(IbmErrors.retryable(t)).isFalse();
        assertThat(sim.stats().count(DELETE_DNS_RECORD, "A:missing")).isEqualTo(1);
    }

    @Test
    void aRecordIsOnlyFoundInItsOwnZone() {
        sim.createDnsRecord(INSTANCE, ZONE, "A:zoned", "zoned.example.com", "A", "10.240.0.13");

        assertThatThrownBy(() -> dns.getResourceRecord(INSTANCE, OTHER_ZONE, "A:zoned")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> dns.getResourceRecord("other-instance", ZONE, "A:zoned")).isInstanceOf(NotFoundException.class);
        assertThat(dns.getResourceRecord(INSTANCE, ZONE, "A:zoned").id()).isEqualTo("A:zoned");
    }

    @Test
    void listResourceRecordsWalksEveryPage() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add((String) sim.createDnsRecord(INSTANCE, ZONE, "A:list-" + i, "n" + i + ".example.com", "A",
                    "10.240.1." + (i + 1)).get("id"));
        }
        sim.createDnsRecord(INSTANCE, OTHER_ZONE, "A:elsewhere", "elsewhere.example.com", "A", "10.240.2.1");

        List<String> seen = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        String start = null;
        do {
            Page<DnsRecord> page = dns.listResourceRecords(INSTANCE, ZONE, start, 3);
            assertThat(page.totalCount()).isEqualTo(7);
            page.items().forEach(r -> seen.add(r.id()));
            start = page.next();
            cursors.add(start);
        } while (start != null);

        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(cursors).containsExactly("3", "6", null);
        assertThat(sim.stats().count(LIST_DNS_RECORDS)).isEqualTo(3);
    }

    @Test
    void listingAnEmptyZoneHasNoNextPage() {
        // a zone the simulator knows (an unknown one answers 404, as at IBM), emptied
        sim.createDnsRecord(INSTANCE, "empty-zone", "A:gone", "gone.example.com", "A", "10.240.3.9");
        dns.deleteResourceRecord(INSTANCE, "empty-zone", "A:gone");
        Page<DnsRecord> page = dns.listResourceRecords(INSTANCE, "empty-zone", null, 50);

        assertThat(page.items()).isEmpty();
        assertThat(page.next()).isNull();
        assertThat(page.totalCount()).isZero();
    }

    @Test
    void exactlyOneFullPageHasNoNextPage() {
        for (int i = 0; i < 4; i++) {
            sim.createDnsRecord(INSTANCE, ZONE, null, "full" + i + ".example.com", "A", "10.240.3." + (i + 1));
        }

        Page<DnsRecord> page = dns.listResourceRecords(INSTANCE, ZONE, null, 4);

        assertThat(page.items()).hasSize(4);
        assertThat(page.next()).isNull();
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() {
        sim.createDnsRecord(INSTANCE, ZONE, "A:429", "busy.example.com", "A", "10.240.0.14");
        sim.faults().add(FaultRule.status(DELETE_DNS_RECORD, 429).retryAfter(3).times(1));

        Throwable t = catchThrowable(() -> dns.deleteResourceRecord(INSTANCE, ZONE, "A:429"));

        assertThat(t).isInstanceOf(TooManyRequestsException.class);
        assertThat(IbmErrors.retryAfter(t)).hasValue(Duration.ofSeconds(3));
        assertThat(IbmErrors.retryable(t)).isTrue();
        assertThat(sim.exists("dns_record", "A:429")).isTrue();

        dns.deleteResourceRecord(INSTANCE, ZONE, "A:429");
        assertThat(sim.exists("dns_record", "A:429")).isFalse();
        assertThat(sim.stats().count(DELETE_DNS_RECORD, "A:429")).isEqualTo(2);
    }

    @Test
    void serviceUnavailableIsRetryable() {
        sim.faults().add(FaultRule.status(LIST_DNS_RECORDS, 503));

        Throwable t = catchThrowable(() -> dns.listResourceRecords(INSTANCE, ZONE, null, 10));

        assertThat(t).isInstanceOf(ServiceUnavailableException.class);
        assertThat(IbmErrors.status(t)).hasValue(503);
        assertThat(IbmErrors.retryable(t)).isTrue();
    }

    @Test
    void connectionResetHasNoStatusAndIsRetryable() {
        sim.createDnsRecord(INSTANCE, ZONE, "A:reset", "reset.example.com", "A", "10.240.0.15");
        sim.faults().add(FaultRule.reset(DELETE_DNS_RECORD).resourceId("A:reset"));

        Throwable t = catchThrowable(() -> dns.deleteResourceRecord(INSTANCE, ZONE, "A:reset"));

        assertThat(t).isNotNull().isNotInstanceOf(ServiceResponseException.class).hasRootCauseInstanceOf(IOException.class);
        assertThat(IbmErrors.status(t)).isEmpty();
        assertThat(IbmErrors.retryable(t)).isTrue();
        assertThat(sim.exists("dns_record", "A:reset")).isTrue();
    }
}
