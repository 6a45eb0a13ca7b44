package com.cleanupservice.resources;

import com.cleanupservice.cleanup.TrackedRows;
import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ownership.Ownership;
import com.cleanupservice.persistence.Database;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.provisioner.Provisioner;
import com.cleanupservice.support.Refusal;
import com.cleanupservice.testsupport.TestDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A new type is one class: declared here, in test code, it is registered, tracked through the provisioner's hook,
 * loaded, marked, counted in the ledger and listed in the inventory — in the shared ledger, with no migration and no
 * SQL of its own.
 */
class SharedLedgerTypeTest {

    /** A VPC VPN gateway (a type the product does not have), as a contributor would add it: its declaration, its fields, its calls. */
    static final class VpnGatewayType extends DeclaredType {
        private static final Declaration DECLARATION = Declaration.of("vpn_gateway", "vpn_gateways", "vpn_gateway_deletion", IbmApi.VPC)
                .request("DELETE /v1/vpn_gateways/{id}")
                .cli("is vpn-gateway {id}", "is vpn-gateway-delete {id} -f")
                .fields(Map.of("name", RecordField.TEXT, "vpc_id", RecordField.ID, "zone", RecordField.ID));

        private static final TrackedTable TABLE = TrackedTable.sharedLedger().parent(TrackedTable.field("vpc_id"))
                .detail(TrackedTable.field("zone")).identity("json_build_object('name', t.name)");

        VpnGatewayType() {
            super(DECLARATION, TABLE);
        }

        @Override
        public Attempt delete(IbmClients ibm, TrackedResource gateway) {
            return Attempt.deleteUnlessGone(() -> ibm.vpc().delete("/vpn_gateways/{id}", Map.of("id", gateway.ibmId()), "deleteVpnGateway"),
                    Attempt.deleted("Deleted VPN gateway " + gateway.label()), "VPN gateway " + gateway.label() + " not found");
        }

        @Override
        public Attempt probe(IbmClients ibm, TrackedResource gateway) {
            return Attempt.unlessGone(() -> {
                ibm.vpc().get("/vpn_gateways/{id}", Map.of("id", gateway.ibmId()), "getVpnGateway", Map.class);
                return Attempt.stillPresent("VPN gateway " + gateway.label() + " still exists");
            }, "VPN gateway " + gateway.label() + " not found");
        }
    }

    private static Jdbc jdbc;
    private static ResourceTypes types;
    private static Provisioner provisioner;

    @BeforeAll
    static void migrate() {
        DataSource ds = TestDatabase.freshDataSource();
        Database.migrate(ds);
        jdbc = new Jdbc(ds);
        types = ResourceTypes.discover(new DefaultCamelContext(), new Settings(new DefaultCamelContext())).with(new VpnGatewayType());
        provisioner = new Provisioner(jdbc, types, new Ownership(jdbc, types, new ObjectMapper()));
        jdbc.update("INSERT INTO deployments (deployment_id, name) VALUES ('gw-dep', 'gw'), ('gw-other', 'other')");
        jdbc.update("INSERT INTO nodes (node_name, deployment_id, deployment_status) VALUES ('gw-n1', 'gw-dep', 'cleanup_completed'),"
                + " ('gw-n2', 'gw-other', 'deployed'), ('gw-n3', 'gw-dep', 'deployed')");
    }

    @Test
    void aTypeDeclaredInTestCodeIsTrackedLoadedMarkedAndListedWithoutAMigration() {
        ResourceType gateways = types.get("vpn_gateway");
        assertThat(types.names()).contains("vpn_gateway", "floating_ip");

        var tracked = provisioner.track("gw-n1", null,
                Map.of("type", "vpn_gateway", "id", "r006-gw-1", "name", "gw-one", "vpc_id", "r006-vpc", "zone", "us-south-1"));
        assertThat(tracked.created()).isTrue();
        assertThat(tracked.deployment_id()).isEqualTo("gw-dep");
        assertThat(provisioner.track("gw-n1", null, Map.of("type", "vpn_gateway", "id", "r006-gw-1", "name", "gw-one")).created())
                .isFalse();
        assertThat(jdbc.one("SELECT deployment_status FROM nodes WHERE node_name = 'gw-n1'", rs -> rs.getString(1)))
                .as("a late record reopens its node").hasValue("cleanup_pending");
        assertThat(jdbc.one("SELECT CAST(fields AS TEXT) FROM tracked_resources WHERE ibm_id = 'r006-gw-1'", rs -> rs.getString(1)))
                .hasValue("{\"zone\": \"us-south-1\", \"vpc_id\": \"r006-vpc\"}");

        List<TrackedResource> loaded = TrackedRows.toResources(gateways,
                jdbc.rows(positional(gateways.rows().loadForNode()), "gw-n1", false));
        assertThat(loaded).singleElement().satisfies(r -> {
            assertThat(r.type()).isSameAs(gateways);
            assertThat(r.ibmId()).isEqualTo("r006-gw-1");
            assertThat(r.name()).isEqualTo("gw-one");
            assertThat(r.parentId()).isEqualTo("r006-vpc");
            assertThat(r.detail()).isEqualTo("us-south-1");
            assertThat(r.deploymentId()).isEqualTo("gw-dep");
            assertThat(r.state()).isEqualTo(LedgerState.PRESENT);
            assertThat(r.recorded()).isEqualTo(Map.of("name", "gw-one"));
            assertThat(gateways.declaration().deleteRequest(r)).isEqualTo("DELETE /v1/vpn_gateways/r006-gw-1");
        });
        long id = loaded.get(0).trackedId();

        assertThat(jdbc.update(gateways.rows().mark(), "GONE", 1, null, 404, id)).isOne();
        assertThat(jdbc.rows(positional(gateways.rows().loadForNode()), "gw-n1", false)).isEmpty();
        assertThat(jdbc.rows("SELECT resource_type, ibm_id, node_name, deployment_id, state FROM (" + types.ledgerSql()
                + ") l WHERE ibm_id = ?", "r006-gw-1"))
                .containsExactly(Map.of("resource_type", "vpn_gateway", "ibm_id", "r006-gw-1", "node_name", "gw-n1",
                        "deployment_id", "gw-dep", "state", "GONE"));
        assertThat(jdbc.rows(gateways.rows().inventory(true), "gw-n1"))
                .extracting(r -> r.get("resource_id") + " " + r.get("resource_name") + " " + r.get("state") + " " + r.get("attempts"))
                .containsExactly("r006-gw-1 gw-one GONE 1");
        // another type's mark never touches a gateway's row, though the ids are one sequence
        assertThat(jdbc.update(types.get("floating_ip").rows().mark(), "FAILED", 1, null, 500, id)).isZero();
    }

    @Test
    void aDeploymentsOwnRowIsLoadedForTheDeployment() {
        ResourceType gateways = types.get("vpn_gateway");
        provisioner.track(null, "gw-dep", Map.of("type", "vpn_gateway", "id", "r006-gw-cluster", "vpc_id", "r006-vpc"));

        assertThat(jdbc.rows(positional(gateways.rows().loadForDeployment()), "gw-dep", false))
                .extracting(r -> r.get("ibm_id") + " " + r.get("resource_name") + " " + r.get("parent_id"))
                .containsExactly("r006-gw-cluster null r006-vpc");
    }

    @Test
    void itsRecordsAreCheckedAgainstItsDeclaredFieldsBeforeAnInsert() {
        assertThatThrownBy(() -> provisioner.track("gw-n3", null, Map.of("type", "vpn_gateway", "id", "r006-gw-2", "address", "10.0.0.1")))
                .isInstanceOf(Refusal.class).hasMessageContaining("address");
        assertThatThrownBy(() -> provisioner.track("gw-n3", null, Map.of("type", "vpn_gateway", "id", "r006-gw-2", "vpc_id", "a b")))
                .isInstanceOf(Refusal.class).hasMessageContaining("vpc_id");
        // the type checks too, whoever calls it
        ResourceType gateways = types.get("vpn_gateway");
        assertThatThrownBy(() -> jdbc.inTransaction(tx -> gateways.track(tx, "gw-n3", "gw-dep", "r006-gw-2", Map.of("zone", "$(reboot)"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zone");
        assertThatThrownBy(() -> jdbc.inTransaction(tx -> gateways.track(tx, "gw-n3", "gw-dep", "r006-gw-2", Map.of("address", "10.0.0.1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no field 'address'");
        assertThat(jdbc.one("SELECT count(*) FROM tracked_resources WHERE ibm_id = 'r006-gw-2'", rs -> rs.getLong(1))).hasValue(0L);
    }

    @Test
    void anotherOwnersIdIsRefusedAsForEveryType() {
        provisioner.track("gw-n3", null, Map.of("type", "vpn_gateway", "id", "r006-gw-taken"));

        assertThatThrownBy(() -> provisioner.track("gw-n2", null, Map.of("type", "vpn_gateway", "id", "r006-gw-taken")))
                .isInstanceOf(Refusal.class).hasMessageContaining("gw-n3");
        assertThatThrownBy(() -> provisioner.track("gw-n3", null, Map.of("type", "floating_ip", "id", "r006-gw-taken")))
                .as("the same id as another type").isInstanceOf(Refusal.class);
    }

    /** camel-jdbc's named parameters of the load SQL (owner first, include_gone second) as JDBC's. */
    private static String positional(String sql) {
        return sql.replaceAll(":\\?[a-z_]+", "?");
    }
}
