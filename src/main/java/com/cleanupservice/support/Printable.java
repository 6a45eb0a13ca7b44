package com.cleanupservice.support;

/**
 * Control characters — C0 (newline included), DEL, C1 (so ESC and CSI), and the Unicode line and paragraph separators —
 * written as visible escapes ({@code \x1b}, {@code \n}, {@code \u2028}), so a name or an id that holds them can
 * neither move the cursor of whoever reads it, clear a screen, end a script comment, nor start a forged log line. The
 * hooks refuse such values; this is for values stored before they did, and for anything quoted back. Used by the API's
 * messages, the log, and generated scripts alike.
 */
public final class Printable {
    private Printable() {
    }

    public static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }

    public static boolean hasControl(CharSequence s) {
        return s != null && s.chars().anyMatch(Printable::isControl);
    }

    /** {@code s} with each control character as {@code \xNN}; null stays null. */
    public static String escape(String s) {
        if (s == null || !hasControl(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isControl(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(c > 0xff ? String.format("\\u%04x", (int) c) : String.format("\\x%02x", (int) c));
            }
        }
        return out.toString();
    }
}
