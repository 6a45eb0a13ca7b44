package com.cleanupservice.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The console's encoder in the format {@code cleanup.log.format} names ({@link LogFormat}): {@code text}, the
 * {@code <text>} encoder {@code logback.xml} configures (the pattern); {@code json}, its {@code <json>} one
 * (logstash-logback-encoder's composite encoder). One appender whose encoder is chosen at start, so logback has no
 * appender it does not use (it would report that on every start, before the first line).
 */
public final class LogEncoder extends EncoderBase<ILoggingEvent> {
    private String format = LogFormat.TEXT;
    private Encoder<ILoggingEvent> text;
    private Encoder<ILoggingEvent> json;
    private Encoder<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format;
    }

    public void setText(Encoder<ILoggingEvent> text) {
        this.text = text;
    }

    public void setJson(Encoder<ILoggingEvent> json) {
        this.json = json;
    }

    @Override
    public void start() {
        boolean inJson = LogFormat.JSON.equalsIgnoreCase(format.trim());
        if (!inJson && !LogFormat.TEXT.equalsIgnoreCase(format.trim())) {
            addWarn(LogFormat.KEY + " '" + Printable.escape(format) + "' is not 'text' or 'json': text it is");
        }
        delegate = inJson ? json : text;
        if (delegate == null) {
            addError("no <" + (inJson ? LogFormat.JSON : LogFormat.TEXT) + "> encoder configured");
            return;
        }
        if (!delegate.isStarted()) {
            delegate.setContext(getContext());
            delegate.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        if (text != null) {
            text.stop();
        }
        if (json != null) {
            json.stop();
        }
        super.stop();
    }

    /** The format being written: {@code text} or {@code json}. */
    public String format() {
        return delegate != null && delegate == json ? LogFormat.JSON : LogFormat.TEXT;
    }

    /** The encoder in use. */
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
