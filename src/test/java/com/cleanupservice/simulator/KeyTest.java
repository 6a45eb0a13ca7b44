package com.cleanupservice.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SSH keys over HTTP: IBM's JSON, a real fingerprint, deleted at once. */
class KeyTest {
    /** An OpenSSH ed25519 public key. */
    private static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
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
    void jsonHasIbmShape() {
        sim.create("key", Map.of("id", "key-1", "name", "deploy", "public_key", ED25519));

        Map<String, Object> key = client.vpcGet("/keys/key-1").json();
        assertThat(key.keySet()).containsExactly("created_at", "crn", "fingerprint", "href", "id", "length", "name",
                "public_key", "resource_group", "type");
        assertThat(key).containsEntry("type", "ed25519").containsEntry("length", 256)
                .containsEntry("public_key", ED25519).containsEntry("href", sim.vpcUrl() + "/keys/key-1")
                .containsEntry("fingerprint", sha256Fingerprint(ED25519));
        assertThat((String) key.get("fingerprint")).startsWith("SHA256:").doesNotEndWith("=");
        assertThat((String) key.get("crn")).contains(":is:us-south:a/").endsWith("::key:key-1");
    }

    /** What {@code ssh-keygen -l} shows: SHA-256 of the decoded key, unpadded base64. */
    private static String sha256Fingerprint(String publicKey) {
        try {
            byte[] blob = java.util.Base64.getDecoder().decode(publicKey.split(" ")[1]);
            return "SHA256:" + java.util.Base64.getEncoder().withoutPadding()
                    .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void madeUpKeysAreWellFormed() {
        Map<String, Object> rsa = sim.create("key", Map.of("id", "key-rsa"));
        assertThat(rsa).containsEntry("type", "rsa");
        assertThat(((Number) rsa.get("length")).intValue()).isEqualTo(2048);
        assertThat((String) rsa.get("public_key")).startsWith("ssh-rsa AAAAB3NzaC1yc2E");
        Map<String, Object> ed = sim.create("key", Map.of("id", "key-ed", "type", "ed25519"));
        assertThat(ed).containsEntry("type", "ed25519");
        assertThat(((Number) ed.get("length")).intValue()).isEqualTo(256);
        assertThat(ed.get("fingerprint")).isNotEqualTo(rsa.get("fingerprint"));

        assertThatThrownBy(() -> sim.create("key", Map.of("type", "dsa")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rsa or ed25519");
        assertThatThrownBy(() -> sim.create("key", Map.of("type", "rsa", "public_key", ED25519)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not rsa");
        assertThatThrownBy(() -> sim.create("key", Map.of("public_key", "ssh-rsa !!")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteRemovesItAtOnce() {
        sim.create("key", Map.of("id", "key-1"));
        assertThat(client.vpcGet("/keys").json().get("keys")).asList().hasSize(1);

        assertThat(client.vpcDelete("/keys/key-1").status()).isEqualTo(204);
        assertThat(client.vpcGet("/keys/key-1").status()).isEqualTo(404);
        assertThat(client.vpcGet("/keys/key-1").errorCode()).isEqualTo("key_not_found");
        assertThat(client.vpcDelete("/keys/key-1").status()).isEqualTo(404);
    }
}
