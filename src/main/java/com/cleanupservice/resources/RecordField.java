package com.cleanupservice.resources;

import com.cleanupservice.support.Input;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * What a field of a provisioner's record holds, so the hooks check it before anything is stored: ids end up in API
 * paths and generated scripts, addresses are compared as addresses.
 */
public enum RecordField {
    /** An IBM id: letters, digits, '.', '_', ':' or '-'. */
    ID,
    /** An IPv4 or IPv6 address. */
    IP_ADDRESS,
    /** Free text (a name, a record's data), stored as given and escaped wherever it is printed. */
    TEXT;

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final int MAX_TEXT = 4096;

    /** Refuses ({@link IllegalArgumentException}) a value this field cannot hold; null (not given) always passes. */
    public void check(String key, String value) {
        if (value == null) {
            return;
        }
        boolean valid = switch (this) {
            case ID -> Input.ID.matcher(value).matches();
            case IP_ADDRESS -> isAddress(value);
            case TEXT -> value.length() <= MAX_TEXT;
        };
        if (!valid) {
            throw new IllegalArgumentException(key + " must be " + switch (this) {
                case ID -> Input.ID_RULE;
                case IP_ADDRESS -> "an IPv4 or IPv6 address";
                case TEXT -> "at most " + MAX_TEXT + " characters";
            });
        }
    }

    private static boolean isAddress(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (!s.contains(":") || !s.matches("[0-9A-Fa-f:.]{2,45}")) {
            return false;
        }
        try {
            return InetAddress.getByName(s) != null; // with a colon Java parses an IPv6 literal and never looks it up
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
