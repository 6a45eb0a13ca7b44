package com.cleanupservice.script;

/** A generated script and the name it downloads as. */
public record CleanupScript(String fileName, String text) {
}
