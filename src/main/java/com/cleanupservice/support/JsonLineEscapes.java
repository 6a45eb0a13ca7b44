package com.cleanupservice.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import net.logstash.logback.decorate.JsonFactoryDecorator;

/**
 * The JSON log's escaping ({@code logback.xml}): JSON's own escapes (every C0 control, newline included, so a line
 * stays one line and a value can never close its string to forge a field), plus DEL, the C1 controls (U+007F to
 * U+009F: ESC's 8-bit twin CSI among them) and the Unicode line and paragraph separators, all written as
 * {@code \\uXXXX}. A stored name can then neither break a line nor drive a terminal (as {@link Printable} does for the
 * text format).
 */
public final class JsonLineEscapes implements JsonFactoryDecorator {
    @Override
    public JsonFactory decorate(JsonFactory factory) {
        return factory.setCharacterEscapes(new Escapes());
    }

    private static final class Escapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        Escapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Printable.isControl(ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
