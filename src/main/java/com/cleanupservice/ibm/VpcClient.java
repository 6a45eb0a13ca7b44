package com.cleanupservice.ibm;

import com.cleanupservice.ibm.Models.Page;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import com.ibm.cloud.sdk.core.http.RequestBuilder;
import com.ibm.cloud.sdk.core.security.Authenticator;
import com.ibm.cloud.sdk.core.service.BaseService;
import com.ibm.cloud.sdk.core.util.GsonSingleton;
import com.ibm.cloud.sdk.core.util.ResponseConverterUtils;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * IBM Cloud VPC API v1 on sdk-core. Sends what the generated {@code com.ibm.cloud:vpc} SDK sends (same
 * {@code version}/{@code generation=2} query, same headers, bearer token from the authenticator) for the path and
 * operation id a resource type names; that module is not in our registry.
 */
public final class VpcClient extends BaseService implements IbmService {
    public static final String SERVICE_NAME = "vpc";

    private final String version;

    public VpcClient(String serviceUrl, String version, Authenticator authenticator) {
        super(SERVICE_NAME, authenticator);
        setServiceUrl(serviceUrl);
        this.version = version;
    }

    @Override
    public <T> T get(String path, Map<String, String> params, String operation, Class<T> type) {
        RequestBuilder builder = versioned(RequestBuilder.get(RequestBuilder.resolveRequestUrl(getServiceUrl(), path, params)), operation)
                .header("Accept", "application/json");
        return createServiceCall(builder.build(), ResponseConverterUtils.<T>getValue(type)).execute().getResult();
    }

    @Override
    public void delete(String path, Map<String, String> params, String operation) {
        RequestBuilder builder = versioned(RequestBuilder.delete(RequestBuilder.resolveRequestUrl(getServiceUrl(), path, params)), operation);
        createServiceCall(builder.build(), ResponseConverterUtils.getVoid()).execute();
    }

    @Override
    public <T> Page<T> list(String path, Map<String, String> params, Map<String, String> filters, String operation,
                            String collection, Class<T> itemType, String start, int limit) {
        RequestBuilder builder = versioned(RequestBuilder.get(RequestBuilder.resolveRequestUrl(getServiceUrl(), path, params)), operation)
                .header("Accept", "application/json")
                .query("limit", String.valueOf(limit));
        filters.forEach(builder::query);
        if (start != null) {
            builder.query("start", start);
        }
        JsonObject json = createServiceCall(builder.build(), ResponseConverterUtils.<JsonObject>getValue(JsonObject.class))
                .execute().getResult();
        Type listType = TypeToken.getParameterized(List.class, itemType).getType();
        List<T> parsed = GsonSingleton.getGson().fromJson(json.get(collection), listType);
        List<T> items = parsed == null ? List.of() : parsed;
        SdkCalls.Href next = json.has("next") ? GsonSingleton.getGson().fromJson(json.get("next"), SdkCalls.Href.class) : null;
        long total = json.has("total_count") ? json.get("total_count").getAsLong() : items.size();
        return new Page<>(items, SdkCalls.queryParam(next, "start"), total);
    }

    private RequestBuilder versioned(RequestBuilder builder, String operation) {
        return SdkCalls.sdkHeaders(builder, SERVICE_NAME, operation)
                .query("version", version)
                .query("generation", "2");
    }
}
