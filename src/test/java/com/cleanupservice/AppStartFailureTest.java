package com.cleanupservice;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;

import static org.assertj.core.api.Assertions.assertThat;

/** A start the service refuses is told in one line with the refusal itself, not the wiring's wrappers. */
class AppStartFailureTest {

    @Test
    void theReasonIsTheRefusalInsideTheWiringsWrappers() {
        IllegalStateException refusal = new IllegalStateException("ibmcloud mode needs an external PostgreSQL");
        Throwable wrapped = new RuntimeCamelException(new InvocationTargetException(refusal));

        assertThat(App.reason(wrapped)).isEqualTo("ibmcloud mode needs an external PostgreSQL");
        assertThat(App.reason(new IllegalStateException("port in use"))).isEqualTo("port in use");
    }
}
