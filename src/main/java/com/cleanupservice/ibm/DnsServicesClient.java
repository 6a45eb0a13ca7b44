package com.cleanupservice.ibm;

import com.cleanupservice.ibm.Models.Page;
import com.google.gson.JsonObject;
import com.ibm.cloud.sdk.core.http.RequestBuilder;
import com.ibm.cloud.sdk.core.security.Authenticator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * IBM Cloud DNS Services API v1 on sdk-core, sending what the generated {@code dns-svcs} SDK sends for the path and
 * operation id a resource type names. No version parameter; each call carries an {@code X-Correlation-ID} so a failing
 * call can be found in IBM's logs.
 */
public final class DnsServicesClient extends SdkService {
    public static final String SERVICE_NAME = "dns_svcs";

    public DnsServicesClient(String serviceUrl, Authenticator authenticator) {
        super(SERVICE_NAME, serviceUrl, authenticator);
    }

    /** DNS Services pages by offset: {@code start} is the offset as a string. */
    @Override
    public <T> Page<T> list(String path, Map<String, String> params, Map<String, String> filters, String operation,
                            String collection, Class<T> itemType, String start, int limit) {
        long offset = start == null ? 0 : Long.parseLong(start);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("offset", String.valueOf(offset));
        query.putAll(filters);
        JsonObject json = page(path, params, query, operation, limit);
        List<T> items = items(json, collection, itemType);
        long total = json.has("total_count") ? json.get("total_count").getAsLong() : 0;
        String next = offset + items.size() < total && !items.isEmpty() ? String.valueOf(offset + items.size()) : null;
        return new Page<>(items, next, total);
    }

    @Override
    RequestBuilder prepare(RequestBuilder builder, String operation) {
        return SdkCalls.sdkHeaders(builder, "dns_svcs", operation)
                .header("X-Correlation-ID", UUID.randomUUID().toString());
    }
}
