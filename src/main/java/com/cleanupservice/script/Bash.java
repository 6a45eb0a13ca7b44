package com.cleanupservice.script;

import com.cleanupservice.support.Printable;

import java.util.regex.Pattern;

/**
 * Turning values into bash text that stays data. Ids come from tracking rows nobody here validated, so every value a
 * script carries is quoted; nothing from a row is ever written where bash would parse it (comments included), and
 * nothing from a row that the script shows (comments, printed labels) carries a control character a terminal obeys.
 */
final class Bash {
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final Pattern UNSAFE_FILE_NAME_CHARS = Pattern.compile("[^A-Za-z0-9._-]");

    private Bash() {
    }

    /** {@code 'value'}: bash expands nothing between single quotes; an embedded quote becomes {@code '\''}. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** {@code "value"} with the four characters bash still interprets inside double quotes escaped. */
    static String doubleQuote(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '$' || c == '`' || c == '"') {
                s.append('\\');
            }
            s.append(c);
        }
        return s.append('"').toString();
    }

    /**
     * Row text as it may be shown: every control character written out as an escape (newline as backslash-n, tab as
     * backslash-t, ESC as backslash-x1b, U+2028 as backslash-u2028; the scripts write what the CLI says the same way),
     * so a name can neither end a {@code #} comment and start a command nor clear, move or recolour the operator's
     * terminal when the script prints it.
     */
    static String visible(String text) {
        return Printable.escape(text == null ? "" : text);
    }

    /** Names of variables the generator defines; anything else is a programming error, not something to quote. */
    static String variable(String name) {
        if (!VARIABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a script variable name: " + name);
        }
        return "\"${" + name + "}\"";
    }

    /** {@code cleanup-<id>.sh} with anything but letters, digits, '.', '_' and '-' replaced, for Content-Disposition. */
    static String fileName(String id) {
        String safe = UNSAFE_FILE_NAME_CHARS.matcher(id).replaceAll("_");
        return "cleanup-" + (safe.length() > 200 ? safe.substring(0, 200) : safe) + ".sh";
    }
}
