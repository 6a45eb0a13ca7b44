package com.cleanupservice.ibm;

import com.cleanupservice.ibm.Models.DnsRecord;
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
 * IBM Cloud DNS Services API v1 (resource records) on sdk-core, sending what the generated {@code dns-svcs} SDK's
 * {@code ResourceRecordsV1} sends. No version parameter; each call carries an {@code X-Correlation-ID} so a failing
 * call can be found in IBM's logs.
 */
public final class DnsServicesClient extends BaseService implements DnsResourceRecords {
    public static final String SERVICE_NAME = "dns_svcs";
    private static final String RECORD = "/instances/{instance_id}/dnszones/{dnszone_id}/resource_records/{record_id}";
    private static final String RECORDS = "/instances/{instance_id}/dnszones/{dnszone_id}/resource_records";

    public DnsServicesClient(String serviceUrl, Authenticator authenticator) {
        super(SERVICE_NAME, authenticator);
        setServiceUrl(serviceUrl);
    }

    @Override
    public DnsRecord getResourceRecord(String instanceId, String zoneId, String recordId) {
        RequestBuilder builder = request(RequestBuilder.get(RequestBuilder.resolveRequestUrl(getServiceUrl(), RECORD,
                recordPath(instanceId, zoneId, recordId))), "getResourceRecord").header("Accept", "application/json");
        return createServiceCall(builder.build(), ResponseConverterUtils.<DnsRecord>getValue(DnsRecord.class)).execute().getResult();
    }

    @Override
    public void deleteResourceRecord(String instanceId, String zoneId, String recordId) {
        RequestBuilder builder = request(RequestBuilder.delete(RequestBuilder.resolveRequestUrl(getServiceUrl(), RECORD,
                recordPath(instanceId, zoneId, recordId))), "deleteResourceRecord");
        createServiceCall(builder.build(), ResponseConverterUtils.getVoid()).execute();
    }

    @Override
    public Page<DnsRecord> listResourceRecords(String instanceId, String zoneId, String start, int limit) {
        RequestBuilder builder = request(RequestBuilder.get(RequestBuilder.resolveRequestUrl(getServiceUrl(), RECORDS,
                Map.of("instance_id", instanceId, "dnszone_id", zoneId))), "listResourceRecords")
                .header("Accept", "application/json")
                .query("limit", String.valueOf(limit));
        long offset = start == null ? 0 : Long.parseLong(start);
        builder.query("offset", String.valueOf(offset));
        JsonObject json = createServiceCall(builder.build(), ResponseConverterUtils.<JsonObject>getValue(JsonObject.class))
                .execute().getResult();
        Type listType = TypeToken.getParameterized(List.class, DnsRecord.class).getType();
        List<DnsRecord> items = GsonSingleton.getGson().fromJson(json.get("resource_records"), listType);
        long total = json.has("total_count") ? json.get("total_count").getAsLong() : 0;
        int count = items == null ? 0 : items.size();
        String next = offset + count < total && count > 0 ? String.valueOf(offset + count) : null;
        return new Page<>(items == null ? List.of() : items, next, total);
    }

    private static Map<String, String> recordPath(String instanceId, String zoneId, String recordId) {
        return Map.of("instance_id", instanceId, "dnszone_id", zoneId, "record_id", recordId);
    }

    private static RequestBuilder request(RequestBuilder builder, String operation) {
        return SdkCalls.sdkHeaders(builder, "dns_svcs", operation)
                .header("X-Correlation-ID", UUID.randomUUID().toString());
    }
}
