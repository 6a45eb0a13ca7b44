package com.cleanupservice.simulator;

import com.cleanupservice.simulator.IbmJson.ResourceGroup;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * VPC SSH keys, under {@code /v1/keys}. A DELETE removes one at once (204): nothing in the simulated cloud depends
 * on a key (IBM keeps the instances that were created with it). Its {@code fingerprint} is IBM's: {@code SHA256:}
 * and the unpadded base64 of the SHA-256 of the key's wire-format blob.
 */
final class KeyKind extends SimKind<KeyKind.Key> {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** @param type {@code rsa} or {@code ed25519} */
    record Key(String id, long seq, String name, String type, String publicKey, int length, Instant createdAt)
            implements Resource {
    }

    /** As IBM's GET answers it ({@code Key}). */
    record Json(Instant createdAt, String crn, String fingerprint, String href, String id, int length, String name,
                String publicKey, ResourceGroup resourceGroup, String type) {
    }

    /**
     * {@code POST /sim/resources}: {@code public_key} in OpenSSH form ({@code ssh-rsa AAAA…} or
     * {@code ssh-ed25519 AAAA…}), whose algorithm is the key's {@code type}; without one, a key of {@code type}
     * ({@code rsa}, the default, 2048 bits; or {@code ed25519}) is made up.
     */
    record Create(String id, String name, String type, String publicKey) {
        Create {
            if (type != null && !type.equals("rsa") && !type.equals("ed25519")) {
                throw new IllegalArgumentException("key type must be rsa or ed25519, was '" + type + "'");
            }
        }
    }

    KeyKind() {
        super(Key.class, Create.class, Declaration.of("key", "keys", Api.VPC, "/v1/keys", "Key"));
    }

    @Override
    Map<String, BiPredicate<Key, String>> filters() {
        return Map.of("resource_group.id", sharedBy(IbmCloudSimulator.RESOURCE_GROUP_ID));
    }

    @Override
    Key create(CloudTx tx, Fields fields) {
        Create in = fields.as(Create.class);
        String publicKey = in.publicKey() == null ? madeUp(in.type() == null ? "rsa" : in.type()) : in.publicKey();
        Blob blob = Blob.of(publicKey);
        if (in.type() != null && !in.type().equals(blob.type())) {
            throw new IllegalArgumentException("public_key is an " + blob.type() + " key, not " + in.type());
        }
        String id = tx.newId(Key.class, in.id(), "r006-" + UUID.randomUUID());
        return tx.put(new Key(id, tx.nextSeq(), nameOr(in.name(), "key"), blob.type(), publicKey, blob.length(),
                tx.now()));
    }

    @Override
    Json render(CloudTx tx, Key key) {
        return new Json(key.createdAt(), tx.json().regionalCrn("key", key.id()), fingerprint(key.publicKey()),
                href(tx, key), key.id(), key.length(), key.name(), key.publicKey(), tx.json().resourceGroup(),
                key.type());
    }

    /** {@code SHA256:} and the unpadded base64 of the digest of the key's blob, as {@code ssh-keygen -l} shows it. */
    static String fingerprint(String publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Blob.of(publicKey).bytes());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A public key of {@code type} in OpenSSH form, random but well formed. */
    private static String madeUp(String type) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        if (type.equals("ed25519")) {
            write(blob, "ssh-ed25519".getBytes(StandardCharsets.US_ASCII));
            write(blob, random(32));
            return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.toByteArray());
        }
        byte[] modulus = random(257);
        modulus[0] = 0; // positive, as an mpint
        modulus[1] |= (byte) 0x80; // 2048 bits exactly
        write(blob, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        write(blob, BigInteger.valueOf(65537).toByteArray());
        write(blob, modulus);
        return "ssh-rsa " + Base64.getEncoder().encodeToString(blob.toByteArray());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void write(ByteArrayOutputStream out, byte[] field) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(field.length).array());
        out.writeBytes(field);
    }

    /** An OpenSSH public key's decoded blob: its algorithm and size. */
    private record Blob(String type, int length, byte[] bytes) {
        static Blob of(String publicKey) {
            String[] parts = publicKey.trim().split("\\s+");
            if (parts.length < 2) {
                throw new IllegalArgumentException("public_key must be an OpenSSH public key ('ssh-rsa AAAA…')");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("public_key's key is not base64");
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            try {
                String algorithm = new String(field(in), StandardCharsets.US_ASCII);
                if (!algorithm.equals(parts[0])) {
                    throw new IllegalArgumentException("public_key says " + parts[0] + " but holds " + algorithm);
                }
                return switch (algorithm) {
                    case "ssh-ed25519" -> new Blob("ed25519", 256, bytes);
                    case "ssh-rsa" -> {
                        field(in); // the exponent
                        yield new Blob("rsa", new BigInteger(field(in)).bitLength(), bytes);
                    }
                    default -> throw new IllegalArgumentException("public_key must be an rsa or ed25519 key, was "
                            + algorithm);
                };
            } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
                throw new IllegalArgumentException("public_key's key is truncated");
            }
        }

        private static byte[] field(ByteBuffer in) {
            byte[] field = new byte[in.getInt()];
            in.get(field);
            return field;
        }
    }
}
