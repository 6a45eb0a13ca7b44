package com.cleanupservice.ibm;

import java.util.Locale;

/** The IBM APIs calls are made to. Concurrency is bounded per API and shared by every running cleanup. */
public enum IbmApi {
    VPC, DNS;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The API as metrics label it: {@code vpc}, {@code dns}. */
    public String label() {
        return label;
    }
}
