package com.cleanupservice.api;

import org.apache.camel.BeanInject;
import org.apache.camel.builder.RouteConfigurationBuilder;

/** Every API route answers JSON, even when it fails: a {@link Problem} keeps its status, anything else is a 500. */
public final class ApiErrorHandling extends RouteConfigurationBuilder {

    @BeanInject
    Api api;

    @Override
    public void configuration() {
        routeConfiguration("api")
                .onException(Problem.class).handled(true).process(api::problem).end()
                .onException(Exception.class).handled(true).process(api::unexpected).end();
    }
}
