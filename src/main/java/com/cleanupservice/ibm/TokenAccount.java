package com.cleanupservice.ibm;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The IBM account an IAM access token belongs to: IAM tokens are JWTs whose payload names it as
 * {@code "account": {"bss": "<id>"}}. Read only, never verified (the token came from IAM over TLS; what is checked is
 * that the credential belongs to the account it is configured for, not the token's authenticity).
 */
public final class TokenAccount {
    private TokenAccount() {
    }

    /** The {@code account.bss} of a JWT's payload; empty when the token is no JWT or names no account. */
    public static Optional<String> of(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonElement payload = JsonParser.parseString(new String(Base64.getUrlDecoder().decode(padless(parts[1])), StandardCharsets.UTF_8));
            if (!payload.isJsonObject()) {
                return Optional.empty();
            }
            JsonElement account = payload.getAsJsonObject().get("account");
            if (account == null || !account.isJsonObject()) {
                return Optional.empty();
            }
            JsonElement bss = ((JsonObject) account).get("bss");
            return bss != null && bss.isJsonPrimitive() ? Optional.of(bss.getAsString()).filter(s -> !s.isEmpty()) : Optional.empty();
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }

    private static String padless(String part) {
        int end = part.length();
        while (end > 0 && part.charAt(end - 1) == '=') {
            end--;
        }
        return part.substring(0, end);
    }
}
