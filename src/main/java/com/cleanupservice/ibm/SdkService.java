package com.cleanupservice.ibm;

import com.cleanupservice.metrics.IbmCallMeter;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import com.ibm.cloud.sdk.core.http.RequestBuilder;
import com.ibm.cloud.sdk.core.http.Response;
import com.ibm.cloud.sdk.core.http.ServiceCall;
import com.ibm.cloud.sdk.core.security.Authenticator;
import com.ibm.cloud.sdk.core.service.BaseService;
import com.ibm.cloud.sdk.core.util.GsonSingleton;
import com.ibm.cloud.sdk.core.util.ResponseConverterUtils;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * The calls both APIs make alike on sdk-core; an API adds what its generated SDK adds to each request and its paging.
 * Every HTTP call is sent from here ({@link #send}), and measured here: operation, status, latency of the call alone
 * (not its wait for a pool thread or a rate-limit slot).
 */
abstract class SdkService extends BaseService implements IbmService {
    private volatile IbmCallMeter meter = IbmCallMeter.none();

    SdkService(String name, String serviceUrl, Authenticator authenticator) {
        super(name, authenticator);
        setServiceUrl(serviceUrl);
    }

    /** Where this client's calls are counted and timed (none until set). */
    void meteredBy(IbmCallMeter meter) {
        this.meter = meter;
    }

    private <T> Response<T> send(ServiceCall<T> call, String operation) {
        long started = System.nanoTime();
        int status = IbmCallMeter.NO_ANSWER;
        try {
            Response<T> response = call.execute();
            status = response.getStatusCode();
            return response;
        } catch (RuntimeException e) {
            status = IbmErrors.status(e).orElse(IbmCallMeter.NO_ANSWER);
            throw e;
        } finally {
            meter.record(operation, status, System.nanoTime() - started);
        }
    }

    /** What the API's generated SDK puts on every request (headers, version query). */
    abstract RequestBuilder prepare(RequestBuilder builder, String operation);

    @Override
    public <T> T get(String path, Map<String, String> params, String operation, Class<T> type) {
        RequestBuilder builder = prepare(RequestBuilder.get(RequestBuilder.resolveRequestUrl(getServiceUrl(), path, params)), operation)
                .header("Accept", "application/json");
        return send(createServiceCall(builder.build(), ResponseConverterUtils.<T>getValue(type)), operation).getResult();
    }

    @Override
    public void delete(String path, Map<String, String> params, String operation) {
        RequestBuilder builder = prepare(RequestBuilder.delete(RequestBuilder.resolveRequestUrl(getServiceUrl(), path, params)), operation);
        send(createServiceCall(builder.build(), ResponseConverterUtils.getVoid()), operation);
    }

    /** One page of a collection as IBM sent it: {@code query} holds the filters and the API's own paging parameters. */
    JsonObject page(String path, Map<String, String> params, Map<String, String> query, String operation, int limit) {
        RequestBuilder builder = prepare(RequestBuilder.get(RequestBuilder.resolveRequestUrl(getServiceUrl(), path, params)), operation)
                .header("Accept", "application/json")
                .query("limit", String.valueOf(limit));
        query.forEach(builder::query);
        return send(createServiceCall(builder.build(), ResponseConverterUtils.<JsonObject>getValue(JsonObject.class)), operation).getResult();
    }

    static <T> List<T> items(JsonObject page, String collection, Class<T> itemType) {
        Type listType = TypeToken.getParameterized(List.class, itemType).getType();
        List<T> parsed = GsonSingleton.getGson().fromJson(page.get(collection), listType);
        return parsed == null ? List.of() : parsed;
    }
}
