package com.cleanupservice.support;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log's {@code %msg}: the message with control characters escaped ({@link Printable}). A node or resource name
 * stored before the hooks refused control characters can then neither drive the terminal of whoever tails the log nor
 * start a forged log line.
 */
public final class PrintableMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Printable.escape(super.convert(event));
    }
}
