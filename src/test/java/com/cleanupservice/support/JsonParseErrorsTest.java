package com.cleanupservice.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Why a body or batch file is not JSON: the kind of problem and where the parser gave up, never the text found there
 * (the message is answered, logged and written to inbox error files, and what failed to parse may be anything, a
 * secret included).
 */
class JsonParseErrorsTest {
    private static final String SECRET = "hunter2_SECRET_Zq81";
    private final Input input = new Input(new ObjectMapper());

    @Test
    void anUnrecognizedTokenIsReportedByPositionOnly() {
        assertThat(error("{\"operation\": \"cleanup_nodes\", \"targets\": [" + SECRET + "]}"))
                .isEqualTo("Invalid JSON: unexpected character (line 1, column 64)");
    }

    @Test
    void contentThatIsNotJsonAtAllIsNotQuoted() {
        assertThat(error(SECRET + "=1\n")).isEqualTo("Invalid JSON: unexpected character (line 1, column 21)");
    }

    @Test
    void aTruncatedBodyIsAnUnexpectedEnd() {
        assertThat(error("{\"operation\": \"cleanup_nodes\",\n \"targets\": [\"" + SECRET + "\""))
                .isEqualTo("Invalid JSON: unexpected end of input (line 2, column 35)");
    }

    @Test
    void aSecondValueAfterTheObjectIsTrailingContent() {
        assertThat(error("{\"operation\": \"cleanup_nodes\"}\n{\"" + SECRET + "\": 1}"))
                .isEqualTo("Invalid JSON: trailing content after the JSON value (line 2, column 1)");
    }

    @Test
    void theLineAndColumnPointAtTheProblem() {
        assertThat(error("{\n  \"operation\": \"cleanup_nodes\",\n  \"targets\": [\"a\"],\n  " + SECRET + "\n}"))
                .isEqualTo("Invalid JSON: unexpected character (line 4, column 3)");
    }

    private String error(String content) {
        Refusal p = catchThrowableOfType(Refusal.class,
                () -> input.jsonObject(content.getBytes(StandardCharsets.UTF_8), "missing", "not an object"));
        assertThat(p).as("refused: " + content).isNotNull();
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.getMessage()).doesNotContain(SECRET).doesNotContain("hunter2");
        return p.getMessage();
    }
}
