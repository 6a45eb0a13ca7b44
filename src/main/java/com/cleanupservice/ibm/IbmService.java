package com.cleanupservice.ibm;

import com.cleanupservice.ibm.Models.Page;

import java.util.Map;

/**
 * One IBM API as resource types use it: the three shapes of call every type makes, on a path template the type
 * declares. Failures are sdk-core's typed exceptions (404 {@code NotFoundException}, 409 {@code ConflictException},
 * ...); what they mean for a resource is the type's business.
 */
public interface IbmService {

    /** GET {@code path} (a template: {@code /floating_ips/{id}}) with its parameters, read as {@code type}. */
    <T> T get(String path, Map<String, String> pathParams, String operation, Class<T> type);

    /** DELETE {@code path}; a 202 or 204 returns, anything else throws. */
    void delete(String path, Map<String, String> pathParams, String operation);

    /**
     * One page of a collection: the items under {@code collection} and the cursor of the next page (null on the last
     * one). {@code start} is the previous page's cursor, null for the first; {@code filters} are sent as query
     * parameters in the API's own syntax ({@code resource_group.id}, {@code name}, ...).
     */
    <T> Page<T> list(String path, Map<String, String> pathParams, Map<String, String> filters, String operation,
                     String collection, Class<T> itemType, String start, int limit);
}
