package com.cleanupservice.testsupport;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The application booted once per test JVM with {@link SandboxApp#start()}'s default test settings, handed to any
 * test or lifecycle method that declares a {@link SandboxApp} parameter (typically {@code @BeforeAll static void
 * start(SandboxApp shared)}). It is started by the first class that asks and stopped when the JVM exits, before the
 * embedded PostgreSQL ({@link TestDatabase#closeBeforeServer}): not by JUnit's root store, which surefire renews for
 * every class when it runs more than one fork. Every class sharing it keeps its data apart by names of its own (node
 * names and ids below {@link SandboxApp#SHARED_NODE_ID_FLOOR}, deployment ids) and asserts nothing global: not
 * status totals, not {@code /sim/stats} totals, not metrics; it never changes the demo deployment, and what it
 * changes in the app (simulator faults) it resets. A class that needs other settings, stops the app or breaks its
 * database keeps a {@link SandboxApp#start(java.util.Map)} of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SharedSandbox.Resolver.class)
public @interface SharedSandbox {

    /** Resolves {@link SandboxApp} parameters to the one shared instance. */
    final class Resolver implements ParameterResolver {
        private static SandboxApp shared;

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SandboxApp.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return shared();
        }

        private static synchronized SandboxApp shared() {
            if (shared == null) {
                shared = SandboxApp.startShared();
                TestDatabase.closeBeforeServer(shared::stop);
            }
            return shared;
        }
    }
}
