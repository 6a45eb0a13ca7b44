package com.cleanupservice.simulator;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A kind's admin fields are its admin input record's components, read strictly ({@link Fields#as}). Boots nothing. */
class AdminFieldsTest {

    @Test
    void aKindAcceptsTheFieldsItsRecordDeclares() {
        assertThat(Kinds.ALL.byWireName("floating_ip").adminFields())
                .containsExactly("id", "name", "address", "target_id");
        assertThat(Kinds.ALL.byWireName("subnet_reserved_ip").adminFields())
                .containsExactly("subnet_id", "id", "name", "address", "auto_delete");
        assertThat(Kinds.ALL.byWireName("bare_metal_server").patchFields()).containsExactly("status");
    }

    @Test
    void fieldsAreReadByTypeWithTheRecordsDefaults() {
        BareMetalServerKind.Create server = new Fields(Map.of("vni_ids", List.of("vni-1"))).as(BareMetalServerKind.Create.class);
        assertThat(server).isEqualTo(new BareMetalServerKind.Create(null, null, "running", List.of("vni-1")));

        SubnetReservedIpKind.Create ip = new Fields(Map.of("subnet_id", "s", "auto_delete", true))
                .as(SubnetReservedIpKind.Create.class);
        assertThat(ip.autoDelete()).isTrue();
        assertThat(new Fields(Map.of()).as(SecurityGroupKind.Create.class).targetIds()).isEmpty();
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new Fields(Map.of("oops", 1)).as(FloatingIpKind.Create.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field 'oops'")
                .hasMessageContaining("target_id");
        assertThatThrownBy(() -> new Fields(Map.of("name", 7)).as(FloatingIpKind.Create.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("field 'name' must be a string");
        assertThatThrownBy(() -> new Fields(Map.of("subnet_id", "s", "auto_delete", "yes"))
                .as(SubnetReservedIpKind.Create.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("field 'auto_delete' must be true or false");
        assertThatThrownBy(() -> new Fields(Map.of("subnet_id", " ")).as(SubnetReservedIpKind.Create.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("field 'subnet_id' is required");
        assertThatThrownBy(() -> new Fields(Map.of("target_ids", List.of("a", 1))).as(SecurityGroupKind.Create.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("field 'target_ids' must be an array of strings");
        assertThatThrownBy(() -> new Fields(Map.of("target_ids", List.of("a", "a"))).as(SecurityGroupKind.Create.class))
                .as("the record's own check").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only be named once");
        assertThatThrownBy(() -> new Fields(Map.of("status", "gone")).as(BareMetalServerKind.Patch.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown bare metal server status");
    }
}
