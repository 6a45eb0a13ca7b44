package com.cleanupservice.cleanup;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The default for every route that names no configuration: no error handler, so an exception travels back to the
 * route that called it (the API answers it as JSON, the node route records it). Only IBM calls are redelivered
 * ({@link IbmCallErrorHandling}) and only API routes answer errors ({@code api}).
 */
public final class PropagateErrors extends RouteConfigurationBuilder {
    @Override
    public void configuration() {
        routeConfiguration().errorHandler(noErrorHandler());
    }
}
