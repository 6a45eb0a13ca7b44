package com.cleanupservice.simulator;

/**
 * Where a resource lives, or where a request looks: an account (by name) and a VPC region. DNS Services is global:
 * its resources and requests have no region ({@code null}). The store keeps each resource's place beside it, so that
 * kinds know nothing about it.
 *
 * @param account the account's name, e.g. {@code sandbox-2}
 * @param region  e.g. {@code eu-de}; {@code null} for DNS Services
 */
record Place(String account, String region) {
    /** The stats' name of the place: {@code region/account}, {@code global/account} for DNS Services. */
    String key() {
        return (region == null ? "global" : region) + "/" + account;
    }

    /**
     * Whether a request made here sees a resource placed at {@code other}: the same account, and the same region
     * unless the resource is global.
     */
    boolean sees(Place other) {
        return account.equals(other.account) && (other.region == null || other.region.equals(region));
    }

    /** The place of a resource of {@code kind} created here: DNS Services' resources have no region. */
    Place of(SimKind<?> kind) {
        return kind.api() == SimKind.Api.DNS ? new Place(account, null) : this;
    }
}
