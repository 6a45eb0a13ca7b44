package com.cleanupservice.support;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The console's encoder in the format {@code cleanup.log.format} names ({@link LogFormat}): {@code text}, the
 * {@code pattern}; {@code json}, {@link JsonLogEncoder}. One appender whose encoder is chosen at start, so logback
 * has no appender it does not use (it would report that on every start, before the first line).
 */
public final class LogEncoder extends EncoderBase<ILoggingEvent> {
    private String format = LogFormat.TEXT;
    private String pattern;
    private Encoder<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        if (LogFormat.JSON.equalsIgnoreCase(format.trim())) {
            delegate = new JsonLogEncoder();
        } else {
            if (!LogFormat.TEXT.equalsIgnoreCase(format.trim())) {
                addWarn(LogFormat.KEY + " '" + Printable.escape(format) + "' is not 'text' or 'json': text it is");
            }
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    /** The encoder in use: a {@link JsonLogEncoder} or the pattern's. */
    public Encoder<ILoggingEvent> delegate() {
        return delegate;
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
