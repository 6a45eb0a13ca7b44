package com.cleanupservice.simulator;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An IBM Cloud account the simulator knows: its name (what {@code POST /sim/resources}, the stats and the rate limit
 * call it), its IBM account id (the {@code account.bss} of its IAM tokens and the {@code a/<id>} of its CRNs) and the
 * API keys IAM mints its tokens for. The default account (the first of {@link SimulatorOptions#accounts()}) may have
 * no key: it then takes every key no other account has.
 *
 * @param name    e.g. {@code sandbox}
 * @param id      e.g. {@code sandbox0account0000000000000000}
 * @param apiKeys the keys that belong to it; empty: any key no other account has (the default account only)
 */
public record SimulatorAccount(String name, String id, List<String> apiKeys) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]+");

    /** Today's demo account: the default; it takes any API key no other account has. */
    public static final SimulatorAccount SANDBOX = new SimulatorAccount("sandbox", IbmCloudSimulator.ACCOUNT_ID,
            List.of());
    /** The second sandbox account, with an API key of its own. */
    public static final SimulatorAccount SANDBOX_2 = new SimulatorAccount("sandbox-2",
            "sandbox2account0000000000000000", List.of("sandbox-2-api-key"));

    public SimulatorAccount {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an account name must be letters, digits, '.', '_' or '-', was '"
                    + name + "'");
        }
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("account " + name + ": its IBM account id must be letters and digits,"
                    + " was '" + id + "'");
        }
        apiKeys = List.copyOf(apiKeys);
        if (apiKeys.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("account " + name + ": an API key must not be empty");
        }
    }

    /** The same account with {@code key} as its only API key ({@code null}: any key no other account has). */
    public SimulatorAccount withApiKey(String key) {
        return new SimulatorAccount(name, id, key == null ? List.of() : List.of(key));
    }

    /**
     * Parses the command line's {@code NAME=ID:APIKEY} (the key may be left out with its colon: any key, for the
     * default account only).
     */
    public static SimulatorAccount parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("an account must be given as NAME=ID:APIKEY, was '" + spec + "'");
        }
        String rest = spec.substring(eq + 1);
        int colon = rest.indexOf(':');
        String id = colon < 0 ? rest : rest.substring(0, colon);
        String key = colon < 0 ? null : rest.substring(colon + 1);
        return new SimulatorAccount(spec.substring(0, eq), id, key == null || key.isEmpty() ? List.of() : List.of(key));
    }

    @Override
    public String toString() {
        return name + "=" + id + (apiKeys.isEmpty() ? "" : ":(" + apiKeys.size() + " key" + (apiKeys.size() == 1 ? ")" : "s)"));
    }
}
