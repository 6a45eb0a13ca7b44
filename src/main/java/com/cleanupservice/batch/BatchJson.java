package com.cleanupservice.batch;

import com.cleanupservice.api.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads a batch request's JSON (an HTTP body or an inbox file): 400 when it is empty, not JSON, or not an object. */
final class BatchJson {
    private final ObjectReader reader;

    BatchJson(ObjectMapper json) {
        // "{...} trailing garbage" is a damaged file, not a request
        this.reader = json.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    Map<?, ?> read(byte[] content) {
        if (content == null || new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw Problem.badRequest("No data provided");
        }
        Object parsed;
        try {
            parsed = reader.readValue(content);
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("Invalid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw Problem.badRequest("Invalid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> object)) {
            throw Problem.badRequest("A batch request must be a JSON object {\"operation\": ..., \"targets\": [...]}");
        }
        return object;
    }
}
