package com.cleanupservice.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The accounts and regions a simulator serves ({@link SimulatorOptions#accounts()}, {@link SimulatorOptions#regions()}). */
final class Accounts {
    private final List<SimulatorAccount> all;
    private final Map<String, SimulatorAccount> byName = new LinkedHashMap<>();
    private final Map<String, SimulatorAccount> byKey = new LinkedHashMap<>();
    private final SimulatorAccount defaultAccount;
    private final List<String> regions;

    Accounts(List<SimulatorAccount> accounts, List<String> regions) {
        accounts.forEach(a -> {
            byName.put(a.name(), a);
            a.apiKeys().forEach(key -> byKey.put(key, a));
        });
        this.all = List.copyOf(accounts);
        this.defaultAccount = accounts.get(0);
        this.regions = List.copyOf(regions);
    }

    static Accounts of(SimulatorOptions options) {
        return new Accounts(options.accounts(), options.regions());
    }

    List<SimulatorAccount> all() {
        return all;
    }

    /** Where a resource created without {@code account} and {@code region} lives; old documents too. */
    Place defaultPlace() {
        return new Place(defaultAccount.name(), defaultRegion());
    }

    String defaultRegion() {
        return regions.get(0);
    }

    List<String> regions() {
        return regions;
    }

    boolean servesRegion(String region) {
        return regions.contains(region);
    }

    /** The account an API key belongs to, {@code null} for none. */
    SimulatorAccount forKey(String key) {
        SimulatorAccount account = byKey.get(key);
        if (account == null && defaultAccount.apiKeys().isEmpty()) {
            return defaultAccount;
        }
        return account;
    }

    /** @throws IllegalArgumentException for a name no account has */
    SimulatorAccount named(String name) {
        SimulatorAccount account = byName.get(name);
        if (account == null) {
            throw new IllegalArgumentException("unknown account '" + name + "' (expected one of " + byName.keySet()
                    + ")");
        }
        return account;
    }

    /**
     * The place named by admin input: an account name and a region, each {@code null} for the default.
     *
     * @throws IllegalArgumentException for an unknown account or region
     */
    Place place(String account, String region) {
        String name = account == null ? defaultAccount.name() : named(account).name();
        String where = region == null ? defaultRegion() : region;
        if (!servesRegion(where)) {
            throw new IllegalArgumentException("unknown region '" + region + "' (expected one of " + regions + ")");
        }
        return new Place(name, where);
    }

    /**
     * The IBM JSON pieces of resources at {@code place} ({@code null}: the default place). A stored resource of an
     * account no longer configured (the simulator restarted with other accounts) is shown with its account's name
     * for an id: no token reaches it, but the admin surface still lists it.
     */
    IbmJson json(String baseUrl, Place place) {
        Place at = place == null ? defaultPlace() : place;
        String region = at.region() == null ? defaultRegion() : at.region();
        String regional = region.equals(defaultRegion()) ? baseUrl : baseUrl + "/regions/" + region;
        SimulatorAccount account = byName.get(at.account());
        return new IbmJson(regional, account == null ? at.account() : account.id(), region);
    }
}
