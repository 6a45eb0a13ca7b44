package com.cleanupservice.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

/**
 * {@code <inbox>/.error/<name>.error.json}: why a file of the watched directory was not processed (never what it
 * held); the batch's answer as {@code result} when it ran but its result file could not be written, and
 * {@code moved_to} when the file was archived under another name.
 */
public record InboxError(String file, String error, @JsonInclude(NON_NULL) Object result, int status,
                         @JsonInclude(NON_NULL) String moved_to, String timestamp) {
}
