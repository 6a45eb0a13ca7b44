package com.cleanupservice.simulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IAM access tokens issued so far, with their expiry and account, kept in memory only. An access token is shaped
 * like IBM's: a JWT whose payload names the account ({@code account.bss}), the API key's identity ({@code iam_id},
 * {@code sub}) and the times ({@code iat}, {@code exp}), so that a client can learn its account from it as from
 * IBM's. Its signature is random bytes: nobody verifies it, the simulator knows its tokens by heart.
 */
final class TokenStore {
    record Token(String accessToken, String refreshToken, long expiresIn, long expiration) {
    }

    /** A JWT's header, as IBM's IAM writes it (the key id is the simulator's). */
    record Header(String kid, String alg) {
    }

    /** IBM's IAM access token payload, the fields a client reads; snake_case like IBM's. */
    record Payload(String iamId, String id, String realmid, String sub, String subType, Account account, long iat,
                   long exp, String iss, String grantType, String scope, String clientId) {
        record Account(boolean valid, String bss) {
        }
    }

    private record Issued(Instant expiry, String account) {
    }

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = encode(new Header("20260101sandbox", "RS256"));

    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final long lifetimeSeconds;

    TokenStore(Clock clock, long lifetimeSeconds) {
        this.clock = clock;
        this.lifetimeSeconds = lifetimeSeconds;
    }

    /** A token of {@code account}, for an API key of it. */
    Token issue(SimulatorAccount account) {
        Instant now = clock.instant();
        issued.values().removeIf(token -> !token.expiry().isAfter(now)); // forget what can no longer be used
        Instant expiry = now.plusSeconds(lifetimeSeconds);
        String serviceId = "ServiceId-" + UUID.nameUUIDFromBytes(account.id().getBytes(StandardCharsets.UTF_8));
        Payload payload = new Payload("iam-" + serviceId, "iam-" + serviceId, "iam", serviceId, "ServiceId",
                new Payload.Account(true, account.id()), now.getEpochSecond(), expiry.getEpochSecond(),
                "https://iam.cloud.ibm.com/identity", "urn:ibm:params:oauth:grant-type:apikey", "ibm openid",
                "default");
        String accessToken = HEADER + "." + encode(payload) + "." + randomToken();
        issued.put(accessToken, new Issued(expiry, account.name()));
        return new Token(accessToken, randomToken(), lifetimeSeconds, expiry.getEpochSecond());
    }

    boolean isValid(String accessToken) {
        return account(accessToken) != null;
    }

    /** The name of the account a valid token was issued for; {@code null} for an unknown or expired token. */
    String account(String accessToken) {
        Issued token = accessToken == null ? null : issued.get(accessToken);
        return token != null && token.expiry().isAfter(clock.instant()) ? token.account() : null;
    }

    private static String encode(Object json) {
        return BASE64URL.encodeToString(HttpSupport.toJson(json).getBytes(StandardCharsets.UTF_8));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }
}
