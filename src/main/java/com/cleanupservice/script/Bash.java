package com.cleanupservice.script;

import java.util.regex.Pattern;

/**
 * Turning values into bash text that stays data. Ids come from tracking rows nobody here validated, so every value a
 * script carries is quoted; nothing from a row is ever written where bash would parse it (comments included).
 */
final class Bash {
    private static final Pattern LINE_BREAKING = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");
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

    /** Text safe inside a {@code #} comment: a line break would end the comment and start a command. */
    static String comment(String text) {
        return LINE_BREAKING.matcher(text == null ? "" : text).replaceAll("?");
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
