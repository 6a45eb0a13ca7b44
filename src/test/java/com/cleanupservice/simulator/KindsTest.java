package com.cleanupservice.simulator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KindsTest {

    @Test
    void operationNamesFollowTheKindsNames() {
        SimKind<?> servers = Kinds.ALL.byWireName("bare_metal_server");
        assertThat(servers.operations()).containsExactly(SimulatorOperations.GET_BARE_METAL_SERVER,
                SimulatorOperations.DELETE_BARE_METAL_SERVER, SimulatorOperations.LIST_BARE_METAL_SERVERS);
        assertThat(SimulatorOperations.ALL).contains(SimulatorOperations.CREATE_IAM_TOKEN,
                SimulatorOperations.GET_VIRTUAL_NETWORK_INTERFACE, SimulatorOperations.DELETE_VIRTUAL_NETWORK_INTERFACE,
                SimulatorOperations.LIST_VIRTUAL_NETWORK_INTERFACES, SimulatorOperations.GET_SUBNET_RESERVED_IP,
                SimulatorOperations.DELETE_SUBNET_RESERVED_IP, SimulatorOperations.LIST_SUBNET_RESERVED_IPS,
                SimulatorOperations.GET_DNS_RECORD, SimulatorOperations.DELETE_DNS_RECORD,
                SimulatorOperations.LIST_DNS_RECORDS);
        assertThat(SimulatorOperations.ALL).hasSize(1 + Kinds.ALL.all().stream()
                .mapToInt(kind -> 3 + kind.actions().size()).sum());
        assertThat(Kinds.ALL.byWireName("subnet").operations()).containsExactly("get_subnet", "delete_subnet",
                "list_subnets", "get_subnet_public_gateway", "set_subnet_public_gateway",
                "unset_subnet_public_gateway");
        assertThat(SimulatorOperations.DELETE_FAILS).containsExactly(SimulatorOperations.DELETE_BARE_METAL_SERVER);
    }

    @Test
    void aNameTwoKindsWouldShareFailsAtRegistration() {
        List<SimKind<?>> twice = new ArrayList<>(Kinds.ALL.all());
        twice.add(new DnsRecordKind());

        assertThatThrownBy(() -> new Kinds(twice)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("get_dns_record");
    }

    @Test
    void unknownKindNamesTheKnownOnes() {
        assertThatThrownBy(() -> Kinds.ALL.byWireName("vpc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vpc").hasMessageContaining("dns_record");
    }

    @Test
    void collectionPathFillsInTheParent() {
        SimKind<?> records = Kinds.ALL.byWireName("dns_record");
        assertThat(records.collectionPath(Map.of("instance_id", "i", "dnszone_id", "z")))
                .isEqualTo("/v1/instances/i/dnszones/z/resource_records");
        assertThat(Set.copyOf(Kinds.ALL.all().stream().map(SimKind::collectionName).toList()))
                .contains("bare_metal_servers", "virtual_network_interfaces", "subnet_reserved_ips", "dns_records");
    }
}
