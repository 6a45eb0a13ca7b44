package com.cleanupservice.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The order of a VPC list, from its {@code sort} parameter, and the page tokens ({@code start}) that point into it.
 * Without {@code sort} a list is in creation order, which is also what {@code created_at} sorts by; other fields
 * come from {@link SimKind#sortKeys()}. Ties keep creation order, so every order is total and a token stays valid
 * while resources come and go.
 */
final class ListOrder<R extends Resource> {
    private static final String CREATED_AT = "created_at";

    /** Where a page starts: the sort key and seq of its first resource. */
    record Position(String key, long seq) {
        /**
         * Opaque to clients. In creation order just the seq in base 36; a sorted list's token also carries the key,
         * so that it still points to the right place when that resource is gone by the time the page is asked for.
         */
        String token() {
            String seq36 = Long.toString(seq, 36);
            return key.isEmpty() ? seq36
                    : seq36 + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
        }

        static Position parse(String token) {
            try {
                int dot = token.indexOf('.');
                if (dot < 0) {
                    return new Position("", Long.parseLong(token, 36));
                }
                return new Position(new String(Base64.getUrlDecoder().decode(token.substring(dot + 1)),
                        StandardCharsets.UTF_8), Long.parseLong(token.substring(0, dot), 36));
            } catch (IllegalArgumentException e) { // NumberFormatException is one
                throw ApiException.badRequest("The query parameter 'start' is not a valid page token: '" + token + "'.");
            }
        }
    }

    private final Function<R, String> key;
    private final boolean descending;

    private ListOrder(Function<R, String> key, boolean descending) {
        this.key = key;
        this.descending = descending;
    }

    static <R extends Resource> ListOrder<R> creation() {
        return new ListOrder<>(r -> "", false);
    }

    /**
     * The order a {@code sort} value asks for: a field name, ascending, or {@code -} and the name, descending.
     *
     * @throws ApiException 400 for a field the kind cannot be sorted by
     */
    static <R extends Resource> ListOrder<R> parse(SimKind<R> kind, String sort) {
        if (sort == null) {
            return creation();
        }
        boolean descending = sort.startsWith("-");
        String field = descending ? sort.substring(1) : sort;
        Map<String, Function<R, String>> keys = kind.sortKeys();
        if (field.equals(CREATED_AT)) {
            return new ListOrder<>(r -> "", descending);
        }
        if (!keys.containsKey(field)) {
            TreeSet<String> fields = new TreeSet<>(keys.keySet());
            fields.add(CREATED_AT);
            List<String> accepted = new ArrayList<>();
            fields.forEach(f -> {
                accepted.add(f);
                accepted.add("-" + f);
            });
            throw ApiException.badRequest("The query parameter 'sort' must be one of " + String.join(", ", accepted)
                    + ", was '" + sort + "'.");
        }
        return new ListOrder<>(keys.get(field), descending);
    }

    Position position(R r) {
        return new Position(key.apply(r), r.seq());
    }

    List<R> sort(List<R> resources) {
        return resources.stream().sorted(Comparator.comparing(this::position, this::compare)).toList();
    }

    /** Whether {@code r} comes at or after {@code start} in this order. */
    boolean atOrAfter(R r, Position start) {
        return compare(position(r), start) >= 0;
    }

    private int compare(Position a, Position b) {
        int byKey = a.key().compareTo(b.key());
        int order = byKey != 0 ? byKey : Long.compare(a.seq(), b.seq());
        return descending ? -order : order;
    }
}
