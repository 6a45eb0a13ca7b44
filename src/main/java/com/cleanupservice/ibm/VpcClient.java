package com.cleanupservice.ibm;

import com.cleanupservice.ibm.Models.Page;
import com.google.gson.JsonObject;
import com.ibm.cloud.sdk.core.http.RequestBuilder;
import com.ibm.cloud.sdk.core.security.Authenticator;
import com.ibm.cloud.sdk.core.util.GsonSingleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IBM Cloud VPC API v1 on sdk-core. Sends what the generated {@code com.ibm.cloud:vpc} SDK sends (same
 * {@code version}/{@code generation=2} query, same headers, bearer token from the authenticator) for the path and
 * operation id a resource type names; that module is not in our registry.
 */
public final class VpcClient extends SdkService {
    public static final String SERVICE_NAME = "vpc";

    private final String version;

    public VpcClient(String serviceUrl, String version, Authenticator authenticator) {
        super(SERVICE_NAME, serviceUrl, authenticator);
        this.version = version;
    }

    @Override
    public <T> Page<T> list(String path, Map<String, String> params, Map<String, String> filters, String operation,
                            String collection, Class<T> itemType, String start, int limit) {
        Map<String, String> query = new LinkedHashMap<>(filters);
        if (start != null) {
            query.put("start", start);
        }
        JsonObject json = page(path, params, query, operation, limit);
        List<T> items = items(json, collection, itemType);
        SdkCalls.Href next = json.has("next") ? GsonSingleton.getGson().fromJson(json.get("next"), SdkCalls.Href.class) : null;
        long total = json.has("total_count") ? json.get("total_count").getAsLong() : items.size();
        return new Page<>(items, SdkCalls.queryParam(next, "start"), total);
    }

    @Override
    RequestBuilder prepare(RequestBuilder builder, String operation) {
        return SdkCalls.sdkHeaders(builder, SERVICE_NAME, operation)
                .query("version", version)
                .query("generation", "2");
    }
}
