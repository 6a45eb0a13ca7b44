package com.cleanupservice.ibm;

import com.ibm.cloud.sdk.core.http.RequestBuilder;
import okhttp3.HttpUrl;


/** What every generated IBM SDK call does to a request before sending it; shared by our two service clients. */
final class SdkCalls {
    static final String USER_AGENT = "cleanup-service/0.1 (ibm-cloud-sdk-core 9.26.0; java " + System.getProperty("java.version") + ")";

    private SdkCalls() {
    }

    /** The generated SDKs tag each request with these two headers (service, version, operation). */
    static RequestBuilder sdkHeaders(RequestBuilder builder, String service, String operation) {
        return builder
                .header("User-Agent", USER_AGENT)
                .header("X-IBMCloud-SDK-Analytics", "service_name=" + service + ";service_version=v1;operation_id=" + operation);
    }

    /** The cursor the SDK pagers take from a collection's {@code next.href}. */
    static String queryParam(Href href, String name) {
        if (href == null || href.href() == null) {
            return null;
        }
        HttpUrl url = HttpUrl.parse(href.href());
        return url == null ? null : url.queryParameter(name);
    }

    record Href(String href) {
    }
}
