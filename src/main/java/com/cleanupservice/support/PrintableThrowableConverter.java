package com.cleanupservice.support;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** Stack traces in the log, with control characters in exception messages escaped; their own line breaks stay. */
public final class PrintableThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        String trace = super.throwableProxyToString(tp);
        StringBuilder out = new StringBuilder(trace.length());
        for (String line : trace.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == '\t') {
                indent++;
            }
            out.append(line, 0, indent).append(Printable.escape(line.substring(indent)));
        }
        return out.toString();
    }
}
