package com.cleanupservice.resources;

/** One word of a generated command: a literal (quoted when written) or a script variable set at the top. */
public record CliArg(String value, boolean variable) {

    public static CliArg of(String literal) {
        return new CliArg(literal, false);
    }

    public static CliArg var(String name) {
        return new CliArg(name, true);
    }
}
