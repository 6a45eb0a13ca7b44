package com.cleanupservice.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableTest {

    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertThat(Printable.escape("node\u001b[2J-01")).isEqualTo("node\\x1b[2J-01");
        assertThat(Printable.escape("a\nb\tc\rd\u007fe\u009bf\u2028g\u0000")).isEqualTo("a\\nb\\tc\\x0dd\\x7fe\\x9bf\\u2028g\\x00");
        assertThat(Printable.escape("plain ünïcode ✓")).isEqualTo("plain ünïcode ✓");
        assertThat(Printable.escape(null)).isNull();
        assertThat(Printable.hasControl("ok")).isFalse();
        assertThat(Printable.hasControl("\u0085")).isTrue();
    }

    @Test
    void logMessagesAndStackTracesAreEscapedButKeepTheirLines() {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.WARN,
                "Cleanup of node {} failed", null, new Object[] {"evil\u001b[2J\nFAKE 2026 INFO all good"});

        String message = new PrintableMessageConverter().convert(event);
        PrintableThrowableConverter throwable = new PrintableThrowableConverter();
        throwable.setContext(context);
        throwable.start();
        String trace = throwable.convert(new LoggingEvent("test", context.getLogger("test"), Level.WARN, "x",
                new IllegalStateException("bad \u001b]0;owned\u0007 name"), null));

        assertThat(message).isEqualTo("Cleanup of node evil\\x1b[2J\\nFAKE 2026 INFO all good failed");
        assertThat(trace).contains("bad \\x1b]0;owned\\x07 name").doesNotContain("\u001b").contains("\n\tat ");
    }
}
