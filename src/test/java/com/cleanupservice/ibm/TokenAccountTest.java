package com.cleanupservice.ibm;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TokenAccount}: the account an IAM token (a JWT) names, read from its payload; anything else names none. */
class TokenAccountTest {

    @Test
    void readsTheAccountOfAnIamJwt() {
        assertThat(TokenAccount.of(JwtIam.jwt("0123456789abcdef0123456789abcdef", 1_700_000_000L))).hasValue("0123456789abcdef0123456789abcdef");
    }

    @Test
    void readsAPayloadWrittenWithPadding() {
        String payload = Base64.getUrlEncoder().encodeToString("{\"account\":{\"bss\":\"padded\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(payload).endsWith("=");

        assertThat(TokenAccount.of("h." + payload + ".s")).hasValue("padded");
    }

    @Test
    void aTokenThatIsNoJwtOrNamesNoAccountNamesNone() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        assertThat(TokenAccount.of(null)).isEmpty();
        assertThat(TokenAccount.of("opaque-random-token")).isEmpty();
        assertThat(TokenAccount.of("a.b.c.d")).isEmpty();
        assertThat(TokenAccount.of("h.%%%.s")).isEmpty();
        assertThat(TokenAccount.of("h." + b64.encodeToString("not json".getBytes(StandardCharsets.UTF_8)) + ".s")).isEmpty();
        assertThat(TokenAccount.of("h." + b64.encodeToString("{\"iam_id\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + ".s")).isEmpty();
        assertThat(TokenAccount.of("h." + b64.encodeToString("{\"account\":\"flat\"}".getBytes(StandardCharsets.UTF_8)) + ".s")).isEmpty();
        assertThat(TokenAccount.of("h." + b64.encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8)) + ".s")).isEmpty();
    }
}
