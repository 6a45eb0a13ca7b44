package com.cleanupservice.ibm;

import com.cleanupservice.config.Settings;
import com.cleanupservice.support.Refusal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The IBM Cloud accounts this service cleans in, by name, and the regions each may be cleaned in. Accounts are
 * configuration ({@code cleanup.ibm.accounts} and {@code cleanup.ibm.account.<name>.*}), their credentials secrets
 * (from the environment or a file). With no account listed, the single-account settings of before
 * ({@code cleanup.ibm.api-key}, {@code .auth}, {@code .trusted-profile-*}, {@code cleanup.ibm.region},
 * {@code cleanup.concurrency.*}) are the one account, named {@code default}; the default account always falls back
 * to them for what it does not set itself, so a deployment upgraded without touching its settings behaves as before.
 * A row naming an unknown account, or a region its account does not allow, is refused ({@link #check}); nothing is ever
 * sent to the default instead.
 */
public final class Accounts {
    public static final String PREFIX = "cleanup.ibm.account.";
    /** The name of the one account made of the single-account settings when no account is listed. */
    public static final String DEFAULT = "default";
    /** Names map to environment variables ({@code sandbox-2} to {@code CLEANUP_IBM_ACCOUNT_SANDBOX_2_API_KEY}): plain ones. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private final Map<String, Account> byName;
    private final String defaultName;
    private final String defaultRegion;
    private final Set<String> protectedAccounts;
    private final Set<String> protectedRegions;

    Accounts(List<Account> accounts, String defaultName, String defaultRegion, Set<String> protectedAccounts, Set<String> protectedRegions) {
        Map<String, Account> map = new LinkedHashMap<>();
        for (Account account : accounts) {
            if (map.put(account.name(), account) != null) {
                throw new IllegalStateException("cleanup.ibm.accounts names account '" + account.name() + "' twice");
            }
        }
        if (!map.containsKey(defaultName)) {
            throw new IllegalStateException("cleanup.ibm.default-account '" + defaultName + "' is not one of cleanup.ibm.accounts " + map.keySet());
        }
        for (String name : protectedAccounts) {
            if (!map.containsKey(name)) {
                // a misspelt protection would protect nothing, silently
                throw new IllegalStateException("cleanup.ibm.protected-accounts names '" + name + "', not one of the accounts " + map.keySet());
            }
        }
        this.byName = map;
        this.defaultName = defaultName;
        this.defaultRegion = defaultRegion;
        this.protectedAccounts = Set.copyOf(protectedAccounts);
        this.protectedRegions = Set.copyOf(protectedRegions);
    }

    /**
     * The configured accounts. {@code defaultAuth}: the default account's authentication unless it sets its own
     * ({@code cleanup.ibm.auth}); {@code fallbackKey}: an account's API key when none is configured (the sandbox's,
     * whose simulator knows its keys), null in ibmcloud mode, where a key must be configured.
     */
    public static Accounts from(Settings settings, String defaultAuth, Function<String, String> fallbackKey) {
        String defaultRegion = settings.string("cleanup.ibm.region");
        List<String> names = settings.listByMode("cleanup.ibm.accounts");
        boolean single = names.isEmpty();
        String defaultName = settings.optional("cleanup.ibm.default-account").orElse(single ? DEFAULT : names.get(0));
        if (single) {
            names = List.of(defaultName);
        }
        List<Account> accounts = new ArrayList<>();
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException("account name '" + name + "' in cleanup.ibm.accounts: use lower-case letters, digits "
                        + "and dashes (it names settings and environment variables)");
            }
            accounts.add(account(settings, name, name.equals(defaultName), defaultAuth, defaultRegion, fallbackKey));
        }
        return new Accounts(accounts, defaultName, defaultRegion,
                new LinkedHashSet<>(settings.list("cleanup.ibm.protected-accounts")),
                new LinkedHashSet<>(settings.list("cleanup.ibm.protected-regions")));
    }

    private static Account account(Settings settings, String name, boolean isDefault, String defaultAuth, String defaultRegion,
                                   Function<String, String> fallbackKey) {
        String prefix = PREFIX + name + ".";
        String auth = settings.optional(prefix + "auth").orElse(isDefault ? defaultAuth : Account.APIKEY);
        if (!Account.APIKEY.equals(auth) && !Account.TRUSTED_PROFILE.equals(auth)) {
            throw new IllegalStateException((isDefault ? "cleanup.ibm.auth" : prefix + "auth") + " must be 'apikey' or 'trusted-profile', not '" + auth + "'");
        }
        String key = Account.APIKEY.equals(auth) ? apiKey(settings, name, isDefault, fallbackKey) : null;
        List<String> regions = settings.list(prefix + "regions");
        Map<IbmApi, Integer> concurrency = new EnumMap<>(IbmApi.class);
        for (IbmApi api : IbmApi.values()) {
            String own = prefix + "concurrency." + api.label();
            int calls = settings.optional(own).isPresent() ? settings.integer(own) : settings.integer("cleanup.concurrency." + api.label());
            if (calls < 1) {
                throw new IllegalStateException("account " + name + ": concurrency for " + api + " must be at least 1, not " + calls);
            }
            concurrency.put(api, calls);
        }
        return new Account(name, settings.optional(prefix + "id").orElse(null), auth, key,
                own(settings, prefix + "trusted-profile-id", isDefault, "cleanup.ibm.trusted-profile-id"),
                own(settings, prefix + "trusted-profile-crn", isDefault, "cleanup.ibm.trusted-profile-crn"),
                regions.isEmpty() ? List.of(defaultRegion) : regions, concurrency);
    }

    private static String own(Settings settings, String key, boolean isDefault, String single) {
        return settings.optional(key).or(() -> isDefault ? settings.optional(single) : Optional.empty()).orElse(null);
    }

    /** {@code .api-key} (from the environment), else the file {@code .api-key-file} names, else (the default account) {@code cleanup.ibm.api-key}. */
    private static String apiKey(Settings settings, String name, boolean isDefault, Function<String, String> fallbackKey) {
        String prefix = PREFIX + name + ".";
        Optional<String> key = settings.optional(prefix + "api-key");
        if (key.isEmpty()) {
            key = settings.optional(prefix + "api-key-file").map(file -> readKey(name, file));
        }
        if (key.isEmpty() && isDefault) {
            key = settings.optional("cleanup.ibm.api-key");
        }
        if (key.isEmpty() && fallbackKey != null) {
            key = Optional.ofNullable(fallbackKey.apply(name));
        }
        return key.orElseThrow(() -> new IllegalStateException("account " + name + " has no API key: set environment variable "
                + Settings.envName(prefix + "api-key") + " or " + prefix + "api-key-file (a file holding it)"
                + (isDefault ? ", or cleanup.ibm.api-key (environment variable " + Settings.envName("cleanup.ibm.api-key") + ")" : "")));
    }

    private static String readKey(String name, String file) {
        try {
            String key = Files.readString(Path.of(file)).trim();
            if (key.isEmpty()) {
                throw new IllegalStateException("account " + name + ": its API key file " + file + " is empty");
            }
            return key;
        } catch (IOException e) {
            // the path and why, never the content
            throw new IllegalStateException("account " + name + ": cannot read its API key file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    public List<Account> all() {
        return List.copyOf(byName.values());
    }

    public Account defaultAccount() {
        return byName.get(defaultName);
    }

    /** The region of rows that name none: {@code cleanup.ibm.region}. */
    public String defaultRegion() {
        return defaultRegion;
    }

    /** The account named so (null: the default one); an unknown name is an {@link IllegalArgumentException}. */
    public Account account(String name) {
        return allowed(name, null);
    }

    /**
     * The account a call to {@code region} (null: a global API's, DNS) of account {@code name} (null: the default)
     * goes out with; an unknown account or a region it does not allow is an {@link IllegalArgumentException}.
     */
    public Account allowed(String name, String region) {
        Optional<String> problem = problem(name, region);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return byName.get(name == null ? defaultName : name);
    }

    /** Where a row is recorded: refused (400) when its account is unknown or its account may not be cleaned in its region. */
    public void check(String name, String region) {
        problem(name, region).ifPresent(message -> {
            throw Refusal.badRequest(message);
        });
    }

    private Optional<String> problem(String name, String region) {
        Account account = byName.get(name == null ? defaultName : name);
        if (account == null) {
            return Optional.of("unknown account '" + name + "': the configured accounts are " + byName.keySet());
        }
        if (region != null && !account.allows(region)) {
            return Optional.of("account '" + account.name() + "' may not be cleaned in region '" + region + "': its regions are "
                    + account.regions() + " (" + PREFIX + account.name() + ".regions)");
        }
        return Optional.empty();
    }

    /** Every region some account may be cleaned in, in the order the accounts list them. */
    public List<String> regions() {
        Set<String> regions = new LinkedHashSet<>();
        byName.values().forEach(a -> regions.addAll(a.regions()));
        return List.copyOf(regions);
    }

    /** Whether nothing is ever deleted in this account ({@code cleanup.ibm.protected-accounts}). */
    public boolean isProtected(String account) {
        return protectedAccounts.contains(account);
    }

    /** Whether nothing is ever deleted in this region ({@code cleanup.ibm.protected-regions}). */
    public boolean isProtectedRegion(String region) {
        return protectedRegions.contains(region);
    }

    /**
     * Why nothing may be deleted in {@code region} of {@code account} (either null: the default), empty when deletion is
     * allowed: the account is in {@code cleanup.ibm.protected-accounts} or the region in {@code cleanup.ibm.protected-regions}.
     */
    public Optional<String> protectedReason(String account, String region) {
        String name = account == null ? defaultName : account;
        if (protectedAccounts.contains(name)) {
            return Optional.of("account '" + name + "' is protected (cleanup.ibm.protected-accounts): nothing is deleted there");
        }
        if (region != null && protectedRegions.contains(region)) {
            return Optional.of("region '" + region + "' is protected (cleanup.ibm.protected-regions): nothing is deleted there");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Accounts" + byName.values() + ", default " + defaultName + " in " + defaultRegion;
    }
}
