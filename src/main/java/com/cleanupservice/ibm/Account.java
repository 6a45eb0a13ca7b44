package com.cleanupservice.ibm;

import java.util.List;
import java.util.Map;

/**
 * One IBM Cloud account the service cleans in, as configured ({@code cleanup.ibm.account.<name>.*}, see
 * {@link Accounts}): its IBM account id (null: not checked), how it authenticates, the regions it may be cleaned in and
 * its own bounds on concurrent calls per API. The API key is a secret: {@link #toString()} never shows it.
 */
public record Account(String name, String id, String auth, String apiKey, String trustedProfileId, String trustedProfileCrn,
                      List<String> regions, Map<IbmApi, Integer> concurrency) {

    public static final String APIKEY = "apikey";
    public static final String TRUSTED_PROFILE = "trusted-profile";

    public Account {
        regions = List.copyOf(regions);
        concurrency = Map.copyOf(concurrency);
    }

    /** Whether rows of {@code region} may be cleaned with this account. */
    public boolean allows(String region) {
        return regions.contains(region);
    }

    /** Concurrent calls to {@code api} this account's pool allows. */
    public int concurrency(IbmApi api) {
        return concurrency.get(api);
    }

    @Override
    public String toString() {
        return "Account[" + name + ", id=" + (id == null ? "unchecked" : id) + ", auth=" + auth + ", regions=" + regions
                + ", concurrency=" + concurrency + "]";
    }
}
