package com.cleanupservice.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The IAM access tokens issued so far, with their expiry. Opaque random strings, kept in memory only. */
final class TokenStore {
    record Token(String accessToken, String refreshToken, long expiresIn, long expiration) {
    }

    private final Map<String, Instant> expiryByToken = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final long lifetimeSeconds;

    TokenStore(Clock clock, long lifetimeSeconds) {
        this.clock = clock;
        this.lifetimeSeconds = lifetimeSeconds;
    }

    Token issue() {
        Instant now = clock.instant();
        expiryByToken.values().removeIf(expiry -> !expiry.isAfter(now)); // forget what can no longer be used
        Instant expiry = now.plusSeconds(lifetimeSeconds);
        String accessToken = randomToken();
        expiryByToken.put(accessToken, expiry);
        return new Token(accessToken, randomToken(), lifetimeSeconds, expiry.getEpochSecond());
    }

    boolean isValid(String accessToken) {
        Instant expiry = expiryByToken.get(accessToken);
        return expiry != null && expiry.isAfter(clock.instant());
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
