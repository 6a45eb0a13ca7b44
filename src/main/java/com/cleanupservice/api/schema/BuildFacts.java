package com.cleanupservice.api.schema;

/** {@code GET /observe/info}: build and version facts, nothing about the machine, its users or its directories. */
public record BuildFacts(String name, String version, String built, String camel_version, int java_version, String mode) {
}
