package com.cleanupservice.script;

import com.cleanupservice.cleanup.NodeRef;
import com.cleanupservice.config.Settings;
import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generator without the service: quoting, configuration defaults, and what it cannot script. */
class ScriptGeneratorTest {
    /** No defaults configured: the types leave a missing subnet missing, and a missing DNS zone to a variable. */
    private static final ResourceTypes TYPES = ResourceTypes.discover(new DefaultCamelContext(), new Settings(new DefaultCamelContext()));
    private static final ScriptTarget NODE = new ScriptTarget(ScriptTarget.NODE, "n1", "d1",
            List.of(new NodeRef(7, "n1", "d1", "failed")), null);
    private static final Instant NOW = Instant.parse("2025-08-02T10:30:00Z");
    private static final String NASTY = "a'b \"c\" $(touch x) `touch y` ${HOME} \\ ! * ~ } \n; rm -rf /tmp/nothing #";

    @Test
    void aQuotedValueReachesBashUnchanged() {
        for (String value : List.of(NASTY, "'", "''", "", "\\'", "$'x'", "-n")) {
            assertThat(bash("printf '%s' " + Bash.quote(value))).isEqualTo(value);
        }
    }

    @Test
    void aConfiguredDefaultIsQuotedAndTheEnvironmentOverridesIt() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("DNS_INSTANCE_ID", NASTY);
        variables.put("DNS_ZONE_ID", null);
        String script = new ScriptGenerator(TYPES, variables, "us-south", "test")
                .generate(NODE, List.of(dns("A:1", "A", null, null)), NOW).text();
        String configuration = script.substring(0, script.indexOf("# ---- helpers"));

        assertThat(configuration).contains("DNS_ZONE_ID=\"${DNS_ZONE_ID:-}\"");
        assertThat(bash(configuration + "printf '%s' \"$DNS_INSTANCE_ID\"")).isEqualTo(NASTY);
        assertThat(bash("DNS_INSTANCE_ID=other\n" + configuration + "printf '%s' \"$DNS_INSTANCE_ID\"")).isEqualTo("other");
        // the record's command uses both variables, so the script insists on them
        assertThat(script).contains("require_setting 'DNS_ZONE_ID'", "require_setting 'DNS_INSTANCE_ID'",
                "'dns' 'resource-record-delete' \"${DNS_ZONE_ID}\" 'A:1' '-i' \"${DNS_INSTANCE_ID}\" '--force'");
    }

    @Test
    void aMissingVariableStopsTheScriptBeforeAnyCall(@TempDir Path dir) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("DNS_INSTANCE_ID", "inst-1");
        variables.put("DNS_ZONE_ID", null);
        String script = new ScriptGenerator(TYPES, variables, "us-south", "test").generate(NODE, List.of(dns("A:1", "A", null, null)), NOW).text();
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir);
        List<String> record = List.of("dns-resource-record", "inst-1", "zone-9", "A:1");
        ibmcloud.exists(record);

        FakeIbmcloud.Run unset = ibmcloud.run(script, Map.of(), "--yes");
        assertThat(unset.exitCode()).isEqualTo(2);
        assertThat(unset.stderr()).contains("DNS_ZONE_ID is not set");
        assertThat(ibmcloud.calls()).isEmpty();

        FakeIbmcloud.Run set = ibmcloud.run(script, Map.of("DNS_ZONE_ID", "zone-9", "POLL_SECONDS", "0"), "--yes");
        assertThat(set.exitCode()).as(set.stderr()).isZero();
        assertThat(ibmcloud.deletes()).containsExactly(List.of("dns", "resource-record-delete", "zone-9", "A:1", "-i", "inst-1", "--force"));
    }

    @Test
    void aResourceWithoutTheValuesItsCommandNeedsIsListedAndTheScriptEndsInFailure(@TempDir Path dir) {
        TrackedResource noSubnet = resource("subnet_reserved_ip", "ip-1", "10.0.0.1 (cvm)", null, null, "cvm");
        TrackedResource server = resource("bare_metal_server", "bms-1", "n1", null, null, null);
        String script = generator().generate(NODE, List.of(noSubnet, server), NOW).text();
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir);
        ibmcloud.exists(FakeIbmcloud.server("bms-1"));

        FakeIbmcloud.Run run = ibmcloud.run(script, Map.of("POLL_SECONDS", "0"), "--yes");

        assertThat(script).contains("# NOT SCRIPTED (its tracking row lacks a value the command needs): subnet_reserved_ip 10.0.0.1 (cvm) [ip-1]");
        assertThat(ScriptChecks.bashSyntaxErrors(script)).isEmpty();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("1 resource(s) could not be scripted");
        assertThat(ibmcloud.deletes()).containsExactly(List.of("is", "bare-metal-server-delete", "bms-1", "--force"));
    }

    @Test
    void nothingLeftIsAValidScriptThatSaysSo() {
        CleanupScript script = generator().generate(NODE, List.of(), NOW);

        assertThat(script.fileName()).isEqualTo("cleanup-n1.sh");
        assertThat(script.text()).startsWith("#!/usr/bin/env bash\n").contains("set -euo pipefail")
                .contains("Generated 2025-08-02T10:30:00Z");
        assertThat(ScriptChecks.bashSyntaxErrors(script.text())).isEmpty();
        assertThat(bash(script.text())).isEqualTo("Nothing to clean up for node n1 (id 7, deployment d1): every tracked resource is already gone.\n");
    }

    @Test
    void rowTextCannotLeaveAComment(@TempDir Path dir) {
        Path pwned = dir.resolve("pwned");
        String name = "n1\ntouch " + pwned + "\n";
        ScriptTarget target = new ScriptTarget(ScriptTarget.NODE, name, "d1", List.of(new NodeRef(7, name, "d1", "failed")),
                "r\rtouch " + pwned);

        String script = generator().generate(target, List.of(), NOW).text();

        assertThat(script).contains("# Cleanup script for node n1\\ntouch " + pwned + "\\n (id 7")
                .contains("# Last cleanup run of this target: r\\x0dtouch " + pwned + ".").doesNotContain("\r");
        bash(script);
        assertThat(pwned).doesNotExist();
        assertThat(Bash.fileName("a/b:c d\n..")).isEqualTo("cleanup-a_b_c_d_...sh");
    }

    @Test
    void controlCharactersAreWrittenVisiblyAndNothingElseChanges() {
        assertThat(Bash.visible("a\u001b[2Jb")).isEqualTo("a\\x1b[2Jb");
        assertThat(Bash.visible("\0\u0007\t\n\r\u007f\u0080\u009b\u0085\u2028\u2029"))
                .isEqualTo("\\x00\\x07\\t\\n\\x0d\\x7f\\x80\\x9b\\x85\\u2028\\u2029");
        String harmless = "nutanix-poc-bm-node-01 10.240.1.10 (management) é ✓ \\x1b ' \" $ ` \u00a0\u00ff";
        assertThat(Bash.visible(harmless)).isSameAs(harmless);
        assertThat(Bash.visible(null)).isEmpty();
    }

    @Test
    void theScriptTargetsTheConfiguredRegionItselfAndRefusesARegionOverride(@TempDir Path dir) {
        String script = new ScriptGenerator(TYPES, Map.of(), "jp-tok", "test")
                .generate(NODE, List.of(resource("bare_metal_server", "bms-1", "n1", null, null, null)), NOW).text();
        FakeIbmcloud ibmcloud = new FakeIbmcloud(dir, "us-south");
        ibmcloud.exists(FakeIbmcloud.server("bms-1"));

        // one account whose IBM account id is not configured: the region is switched to, the account not checked
        assertThat(script).contains("\ntarget_place 'default' '' 'jp-tok'\n", "# ==== account default (IBM account id not configured), region jp-tok ====",
                        "the account is not switched to nor checked, only the region")
                .doesNotContain("REGION=\"${REGION", "counts as \"gone\"", "fails for any reason");
        FakeIbmcloud.Run bad = ibmcloud.run(script, Map.of("REGION", "jp-tok\u001b[2J"), "--yes");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("REGION is set ('jp-tok\\x1b[2J'), but this script targets each block's own region");
        assertThat(ibmcloud.calls()).isEmpty();

        FakeIbmcloud.Run run = ibmcloud.run(script, Map.of("POLL_SECONDS", "0"), "--yes");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("✓ the CLI targets account default, region jp-tok", "✓ Deleted bare_metal_server n1 [bms-1]", "✓ Done");
        assertThat(run.stderr()).contains("the IBM account id of account default is not configured: the account was not checked");
        assertThat(ibmcloud.calls()).first().isEqualTo(List.of("target"));
        assertThat(ibmcloud.switches()).containsExactly(List.of("target", "-r", "jp-tok"));
    }

    @Test
    void aGeneratorVariableCannotBeTakenByAType() {
        Map<String, String> variables = Map.of("REGION", "x");
        assertThatThrownBy(() -> new ScriptGenerator(TYPES, variables, "us-south", "test"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ScriptGenerator generator() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("DNS_INSTANCE_ID", null);
        variables.put("DNS_ZONE_ID", null);
        return new ScriptGenerator(TYPES, variables, "us-south", "test");
    }

    private static TrackedResource dns(String id, String kind, String zone, String instance) {
        return resource("dns_record", id, "host.example.", zone, instance, kind);
    }

    private static TrackedResource resource(String type, String id, String name, String parent, String scope, String kind) {
        return new TrackedResource(TYPES.get(type), 1, id, name, "n1", "d1", parent, scope, kind,
                null, LedgerState.PRESENT, 0).withDefaults();
    }

    /** Runs text with bash and returns its standard output; fails on a non-zero exit. */
    private static String bash(String script) {
        try {
            Process p = new ProcessBuilder("bash", "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("bash exit status for: " + script).isZero();
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
