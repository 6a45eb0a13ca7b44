package com.cleanupservice.api;

import com.cleanupservice.support.Refusal;
import org.apache.camel.BeanInject;
import org.apache.camel.builder.RouteConfigurationBuilder;

/** Every API route answers JSON, even when it fails: a {@link Refusal} is answered with its reason's status, anything else is a 500. */
public final class ApiErrorHandling extends RouteConfigurationBuilder {

    @BeanInject
    Api api;

    @Override
    public void configuration() {
        routeConfiguration("api")
                .onException(Refusal.class).handled(true).process(api::refused).end()
                .onException(Exception.class).handled(true).process(api::unexpected).end();
    }
}
