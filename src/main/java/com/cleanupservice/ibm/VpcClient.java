package com.cleanupservice.ibm;

import com.cleanupservice.ibm.Models.BareMetalServer;
import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.ibm.Models.ReservedIp;
import com.cleanupservice.ibm.Models.VirtualNetworkInterface;
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
 * IBM Cloud VPC API v1 on sdk-core. Sends what the generated {@code com.ibm.cloud:vpc} SDK sends (same paths, same
 * {@code version}/{@code generation=2} query, same headers, bearer token from the authenticator); that module is not
 * in our registry. Replacing this class with an adapter over the generated {@code Vpc} class is the only change
 * needed to switch.
 */
public final class VpcClient extends BaseService implements BareMetalServers, VirtualNetworkInterfaces, SubnetReservedIps {
    public static final String SERVICE_NAME = "vpc";

    private final String version;

    public VpcClient(String serviceUrl, String version, Authenticator authenticator) {
        super(SERVICE_NAME, authenticator);
        setServiceUrl(serviceUrl);
        this.version = version;
    }

    @Override
    public BareMetalServer getBareMetalServer(String id) {
        return get("/bare_metal_servers/{id}", Map.of("id", id), "getBareMetalServer", BareMetalServer.class);
    }

    @Override
    public void deleteBareMetalServer(String id) {
        delete("/bare_metal_servers/{id}", Map.of("id", id), "deleteBareMetalServer");
    }

    @Override
    public Page<BareMetalServer> listBareMetalServers(String start, int limit) {
        return list("/bare_metal_servers", Map.of(), start, limit, "listBareMetalServers", "bare_metal_servers", BareMetalServer.class);
    }

    @Override
    public VirtualNetworkInterface getVirtualNetworkInterface(String id) {
        return get("/virtual_network_interfaces/{id}", Map.of("id", id), "getVirtualNetworkInterface", VirtualNetworkInterface.class);
    }

    @Override
    public void deleteVirtualNetworkInterface(String id) {
        delete("/virtual_network_interfaces/{id}", Map.of("id", id), "deleteVirtualNetworkInterfaces");
    }

    @Override
    public Page<VirtualNetworkInterface> listVirtualNetworkInterfaces(String start, int limit) {
        return list("/virtual_network_interfaces", Map.of(), start, limit, "listVirtualNetworkInterfaces",
                "virtual_network_interfaces", VirtualNetworkInterface.class);
    }

    @Override
    public ReservedIp getSubnetReservedIp(String subnetId, String id) {
        return get("/subnets/{subnet_id}/reserved_ips/{id}", Map.of("subnet_id", subnetId, "id", id),
                "getSubnetReservedIp", ReservedIp.class);
    }

    @Override
    public void deleteSubnetReservedIp(String subnetId, String id) {
        delete("/subnets/{subnet_id}/reserved_ips/{id}", Map.of("subnet_id", subnetId, "id", id), "deleteSubnetReservedIp");
    }

    @Override
    public Page<ReservedIp> listSubnetReservedIps(String subnetId, String start, int limit) {
        return list("/subnets/{subnet_id}/reserved_ips", Map.of("subnet_id", subnetId), start, limit,
                "listSubnetReservedIps", "reserved_ips", ReservedIp.class);
    }

    private <T> T get(String path, Map<String, String> params, String operation, Class<T> type) {
        RequestBuilder builder = versioned(RequestBuilder.get(RequestBuilder.resolveRequestUrl(getServiceUrl(), path, params)), operation)
                .header("Accept", "application/json");
        return createServiceCall(builder.build(), ResponseConverterUtils.<T>getValue(type)).execute().getResult();
    }

    private void delete(String path, Map<String, String> params, String operation) {
        RequestBuilder builder = versioned(RequestBuilder.delete(RequestBuilder.resolveRequestUrl(getServiceUrl(), path, params)), operation);
        createServiceCall(builder.build(), ResponseConverterUtils.getVoid()).execute();
    }

    private <T> Page<T> list(String path, Map<String, String> params, String start, int limit, String operation,
                             String collection, Class<T> itemType) {
        RequestBuilder builder = versioned(RequestBuilder.get(RequestBuilder.resolveRequestUrl(getServiceUrl(), path, params)), operation)
                .header("Accept", "application/json")
                .query("limit", String.valueOf(limit));
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
