package com.cleanupservice.resources;

/** One word of a generated command: a literal (quoted when written) or a script variable set at the top. */
public record CliArg(String value, boolean variable) {

    public static CliArg of(String literal) {
        return new CliArg(literal, false);
    }

    public static CliArg var(String name) {
        return new CliArg(name, true);
    }

    /** An {@code ibmcloud} command: each word a literal, unless it already is a {@link CliArg} (a variable). */
    public static java.util.List<CliArg> ibmcloud(Object... words) {
        java.util.List<CliArg> command = new java.util.ArrayList<>();
        command.add(of("ibmcloud"));
        for (Object word : words) {
            command.add(word instanceof CliArg arg ? arg : of(word == null ? null : word.toString()));
        }
        return java.util.Collections.unmodifiableList(command); // a missing value stays null: the script says what is missing
    }
}
