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
import java.util.UUID;

/**
 * IBM Cloud DNS Services API v1 on sdk-core, sending what the generated {@code dns-svcs} SDK sends for the path and
 * operation id a resource type names. No version parameter; each call carries an {@code X-Correlation-ID} so a failing
 * call can be found in IBM's logs.
 */
public final class DnsServicesClient extends BaseService implements IbmService {
    public static final String SERVICE_NAME = "dns_svcs";

    public DnsServicesClient(String serviceUrl, Authenticator authenticator) {
        super(SERVICE_NAME, authenticator);
        setServiceUrl(serviceUrl);
    }

    @Override
    public <T> T get(String path, Map<String, String> params, String operation, Class<T> type) {
        RequestBuilder builder = request(RequestBuilder.get(RequestBuilder.resolveRequestUrl(getServiceUrl(), path, params)), operation)
                .header("Accept", "application/json");
        return createServiceCall(builder.build(), ResponseConverterUtils.<T>getValue(type)).execute().getResult();
    }

    @Override
    public void delete(String path, Map<String, String> params, String operation) {
        RequestBuilder builder = request(RequestBuilder.delete(RequestBuilder.resolveRequestUrl(getServiceUrl(), path, params)), operation);
        createServiceCall(builder.build(), ResponseConverterUtils.getVoid()).execute();
    }

    /** DNS Services pages by offset: {@code start} is the offset as a string. */
    @Override
    public <T> Page<T> list(String path, Map<String, String> params, Map<String, String> filters, String operation,
                            String collection, Class<T> itemType, String start, int limit) {
        RequestBuilder builder = request(RequestBuilder.get(RequestBuilder.resolveRequestUrl(getServiceUrl(), path, params)), operation)
                .header("Accept", "application/json")
                .query("limit", String.valueOf(limit));
        long offset = start == null ? 0 : Long.parseLong(start);
        builder.query("offset", String.valueOf(offset));
        filters.forEach(builder::query);
        JsonObject json = createServiceCall(builder.build(), ResponseConverterUtils.<JsonObject>getValue(JsonObject.class))
                .execute().getResult();
        Type listType = TypeToken.getParameterized(List.class, itemType).getType();
        List<T> items = GsonSingleton.getGson().fromJson(json.get(collection), listType);
        long total = json.has("total_count") ? json.get("total_count").getAsLong() : 0;
        int count = items == null ? 0 : items.size();
        String next = offset + count < total && count > 0 ? String.valueOf(offset + count) : null;
        return new Page<>(items == null ? List.of() : items, next, total);
    }

    private static RequestBuilder request(RequestBuilder builder, String operation) {
        return SdkCalls.sdkHeaders(builder, "dns_svcs", operation)
                .header("X-Correlation-ID", UUID.randomUUID().toString());
    }
}
