package com.cleanupservice.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One configured webhook: where to POST ({@link #url}, without the fragment) and which events it wants. The fragment
 * of the configured URL is the filter, since HTTP never sends it: {@code https://hooks.example/x#events=a+b}; without
 * one, every event.
 */
public record Webhook(String url, Set<EventType> events) {

    public boolean wants(EventType type) {
        return events.contains(type);
    }

    /**
     * The URL as it may be shown (API, logs): no user information, no query string (either may carry a token) and no
     * fragment.
     */
    public static String shown(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        String shown = url.substring(0, cut);
        String user = userInfo(shown);
        return user == null ? shown : shown.replace(user + "@", "");
    }

    /** The {@code user:password} part of a URL, or null. */
    static String userInfo(String url) {
        int authority = url.indexOf("://");
        if (authority < 0) {
            return null;
        }
        int end = url.indexOf('/', authority + 3);
        int at = url.lastIndexOf('@', end < 0 ? url.length() : end);
        return at > authority + 3 ? url.substring(authority + 3, at) : null;
    }

    /**
     * {@code cleanup.notify.webhook-url}: URLs separated by commas, each http or https with a host; a fragment must be
     * {@code events=} and known event names joined by {@code +}. Anything else stops the service at start, naming it
     * (the URL shown without its query string).
     */
    public static List<Webhook> parse(String setting) {
        List<Webhook> hooks = new ArrayList<>();
        if (setting == null || setting.isBlank()) {
            return hooks;
        }
        for (String raw : setting.split(",")) {
            String configured = raw.trim();
            if (configured.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(configured);
            } catch (URISyntaxException e) {
                throw refused(configured, "is not a URL");
            }
            if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))
                    || uri.getHost() == null) {
                throw refused(configured, "must be an http or https URL with a host");
            }
            String fragment = uri.getRawFragment();
            Set<EventType> events = EnumSet.allOf(EventType.class);
            if (fragment != null) {
                if (!fragment.startsWith("events=") || fragment.length() == "events=".length()) {
                    throw refused(configured, "has a fragment other than #events=<event>+<event>...");
                }
                events = EnumSet.noneOf(EventType.class);
                for (String name : fragment.substring("events=".length()).split("\\+")) {
                    events.add(EventType.of(name).orElseThrow(() -> refused(configured, "names an unknown event '" + name
                            + "' (known: " + String.join(", ", Arrays.stream(EventType.values()).map(EventType::wire).toList()) + ")")));
                }
            }
            String url = configured.substring(0, fragment == null ? configured.length() : configured.indexOf('#'));
            if (hooks.stream().anyMatch(h -> h.url().equals(url))) {
                throw refused(configured, "is configured twice");
            }
            hooks.add(new Webhook(url, Set.copyOf(events)));
        }
        return List.copyOf(hooks);
    }

    private static IllegalStateException refused(String configured, String why) {
        return new IllegalStateException("setting cleanup.notify.webhook-url: " + shown(configured) + " " + why);
    }
}
