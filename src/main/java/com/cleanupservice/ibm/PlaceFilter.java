package com.cleanupservice.ibm;

import com.cleanupservice.support.Refusal;

/**
 * A listing's {@code ?account=} and {@code ?region=} filters (issue 24): exact names, each checked against the
 * configured accounts and their regions (an unknown one is refused, 400, naming the configured ones), either absent
 * (null: no filter). A row recorded with no account or region lives in the default one and matches it; a row of a
 * global API (DNS Services) has no region and matches no region filter.
 */
public record PlaceFilter(String account, String region, String defaultAccount, String defaultRegion) {

    /**
     * The condition a listing adds for a row whose place is joined as {@code p} (columns account, region, regional, as
     * the ledger reads them: NULL for the default; all NULL when no tracked row was found, which no filter matches).
     * Positional parameters: {@link #parameters()}.
     */
    public static final String SQL = """
            (CAST(? AS TEXT) IS NULL OR (p.regional IS NOT NULL AND COALESCE(p.account, ?) = ?))
            AND (CAST(? AS TEXT) IS NULL OR (p.regional AND COALESCE(p.region, ?) = ?))""";

    /** No filter: every row. */
    public static PlaceFilter none(Accounts accounts) {
        return new PlaceFilter(null, null, accounts.defaultAccount().name(), accounts.defaultRegion());
    }

    /** The filters given (either null: none); an account or region not configured is refused (400), naming the configured ones. */
    public static PlaceFilter of(Accounts accounts, String account, String region) {
        if (account != null && accounts.all().stream().noneMatch(a -> a.name().equals(account))) {
            throw Refusal.badRequest("unknown account '" + printable(account) + "': the configured accounts are "
                    + accounts.all().stream().map(Account::name).toList());
        }
        if (region != null && !accounts.regions().contains(region)) {
            throw Refusal.badRequest("unknown region '" + printable(region) + "': the configured regions are " + accounts.regions());
        }
        return new PlaceFilter(account, region, accounts.defaultAccount().name(), accounts.defaultRegion());
    }

    /** Whether a row of this place (its account and region as listed: the default's names for NULL) is kept. */
    public boolean matches(String rowAccount, String rowRegion) {
        return (account == null || account.equals(rowAccount)) && (region == null || region.equals(rowRegion));
    }

    /** The account a row is listed with: its own, or the default's when it names none. */
    public String accountOf(String recorded) {
        return recorded != null ? recorded : defaultAccount;
    }

    /**
     * The account of a joined place ({@code regional} null: no tracked row was found, and no place is known): its own,
     * the default's when it names none, null when unknown.
     */
    public String accountOf(String recorded, Boolean regional) {
        return regional == null ? null : accountOf(recorded);
    }

    /** The region a row is listed with: its own, the default's when it names none, none for a global API's row. */
    public String regionOf(String recorded, Boolean regional) {
        if (!Boolean.TRUE.equals(regional)) {
            return null;
        }
        return recorded != null ? recorded : defaultRegion;
    }

    /** {@link #SQL}'s parameters, in order. */
    public Object[] parameters() {
        return new Object[] {account, defaultAccount, account, region, defaultRegion, region};
    }

    private static String printable(String value) {
        return com.cleanupservice.support.Printable.escape(value.length() > 60 ? value.substring(0, 60) + "..." : value);
    }
}
