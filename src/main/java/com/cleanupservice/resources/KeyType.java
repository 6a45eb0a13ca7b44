package com.cleanupservice.resources;

import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.IbmService;

import java.util.Map;

/**
 * A VPC SSH key, normally a deployment's own. Nothing depends on a key (IBM keeps the servers created with it), so it
 * waits for nothing and nothing waits for it; DELETE answers 204. Before the delete, the live key must still show what
 * was recorded with it: its name, and its {@code fingerprint} ({@code SHA256:...}) when the provisioner recorded one.
 */
public final class KeyType extends DeclaredType
        implements ResourceType.Inspect {

    /** IBM's {@code fingerprint}, compared exactly. */
    static final String FINGERPRINT = "fingerprint";

    private static final Declaration DECLARATION = Declaration.of("key", "keys", "key_deletion", IbmApi.VPC)
            .label("SSH keys")
            .request("DELETE /v1/keys/{id}")
            .cli("is key {id}", "is key-delete {id} -f")
            .fields(Map.of("name", RecordField.TEXT, FINGERPRINT, RecordField.TEXT));

    private static final TrackedTable TABLE = TrackedTable.sharedLedger().detail(TrackedTable.field(FINGERPRINT))
            .identity("json_build_object('name', t.name, 'fingerprint', " + TrackedTable.field(FINGERPRINT) + ")");

    /** IBM's key, the fields this type reads. */
    public record Key(String id, String name, String fingerprint, String type) {
    }

    /** The VPC calls this type makes. */
    public record Keys(IbmService vpc) {
        public Key getKey(String id) {
            return vpc.get("/keys/{id}", Map.of("id", id), "getKey", Key.class);
        }

        /** 204. */
        public void deleteKey(String id) {
            vpc.delete("/keys/{id}", Map.of("id", id), "deleteKey");
        }
    }

    private static Keys calls(IbmClients ibm) {
        return new Keys(ibm.vpc());
    }

    public KeyType(Settings settings) {
        super(DECLARATION, TABLE); // the constructor taking Settings is the registration contract
    }

    /** Gone, or not the key recorded (its name, its fingerprint): settled without a delete. */
    @Override
    public Attempt inspect(IbmClients ibm, TrackedResource key, Sightings seen) {
        return Look.at(key, () -> calls(ibm).getKey(key.ibmId()),
                "SSH key " + key.label() + " not found (already deleted)", KeyType::identity).settled();
    }

    @Override
    public Attempt delete(IbmClients ibm, TrackedResource key) {
        return Attempt.deleteUnlessGone(() -> calls(ibm).deleteKey(key.ibmId()),
                Attempt.deleted("Deleted SSH key " + key.label() + " (" + key.ibmId() + ")"),
                "SSH key " + key.label() + " not found (already deleted)");
    }

    @Override
    public Attempt probe(IbmClients ibm, TrackedResource key) {
        return Attempt.unlessGone(() -> {
            Key current = calls(ibm).getKey(key.ibmId());
            return Attempt.stillPresent("SSH key " + key.label() + " (" + key.ibmId() + ") still exists"
                    + Identity.note(key, identity(current)));
        }, "SSH key " + key.label() + " not found (successfully deleted)");
    }

    private static Map<String, String> identity(Key key) {
        return Identity.live(Identity.NAME, key.name(), FINGERPRINT, key.fingerprint());
    }
}
