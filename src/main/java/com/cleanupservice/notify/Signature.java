package com.cleanupservice.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/** {@code X-Cleanup-Signature}: {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes under the secret. */
public final class Signature {
    public static final String HEADER = "X-Cleanup-Signature";

    private Signature() {
    }

    public static String of(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
