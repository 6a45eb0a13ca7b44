package com.cleanupservice.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every default is written once, in {@code config/application.properties}; the README's table of settings is checked
 * against it: every setting the file holds is documented, every documented one is in the file, and every default the
 * table writes as a value ({@code `1000`}) is the file's. A default the table writes in words is derived (the file
 * leaves the key commented out, or empty: "none"); a mode's default is written {@code `1000` sandbox, `10000` ibmcloud}.
 */
class SettingsDocumentedTest {
    private static final Pattern COMMENTED = Pattern.compile("^#\\s*((?:cleanup|camel)\\.[a-z0-9.-]+)\\s*=", Pattern.MULTILINE);
    private static final Pattern VALUE = Pattern.compile("^`([^`]*)`$");
    private static final Pattern BY_MODE = Pattern.compile("`([^`]*)` (sandbox|ibmcloud)");
    /** A default that depends on the mode: the file's rule for them. */
    private static final Pattern MODE_DEPENDENT = Pattern.compile("\\{\\{(.+)\\.\\{\\{cleanup\\.mode}}}}");

    private final Properties file = new Properties();
    private final Set<String> commentedOut = new LinkedHashSet<>();
    private final Map<String, String> documented = new LinkedHashMap<>();

    SettingsDocumentedTest() throws IOException {
        Path settings = Path.of("config", "application.properties");
        try (Reader in = Files.newBufferedReader(settings)) {
            file.load(in);
        }
        Matcher commented = COMMENTED.matcher(Files.readString(settings));
        while (commented.find()) {
            commentedOut.add(commented.group(1));
        }
        readTable(Files.readString(Path.of("README.md")));
    }

    @Test
    void everySettingOfTheFileIsDocumented() {
        List<String> undocumented = new ArrayList<>();
        for (String key : keys()) {
            if (!documented.containsKey(key) && !documented.containsKey(modeParent(key)) && !camelWiring(key)) {
                undocumented.add(key);
            }
        }
        assertThat(undocumented).as("settings in config/application.properties missing from the README's table").isEmpty();
    }

    @Test
    void everyDocumentedSettingIsInTheFileWithTheDocumentedDefault() {
        assertThat(documented).hasSizeGreaterThan(40);
        List<String> wrong = new ArrayList<>();
        documented.forEach((key, written) -> {
            String value = file.getProperty(key);
            Matcher literal = VALUE.matcher(written);
            Matcher byMode = value == null ? null : MODE_DEPENDENT.matcher(value.trim());
            if (value == null && !commentedOut.contains(key) && !written.equals("—")) {
                wrong.add(key + ": documented, not in the file");
            } else if (byMode != null && byMode.matches()) {
                Matcher modes = BY_MODE.matcher(written);
                int found = 0;
                while (modes.find()) {
                    found++;
                    String modeValue = file.getProperty(byMode.group(1) + "." + modes.group(2));
                    if (!modes.group(1).equals(modeValue == null ? null : modeValue.trim())) {
                        wrong.add(key + " in " + modes.group(2) + ": README `" + modes.group(1) + "`, file " + modeValue);
                    }
                }
                if (found != 2 || !byMode.group(1).equals(key)) {
                    wrong.add(key + ": a default by mode is written `x` sandbox, `y` ibmcloud, not " + written);
                }
            } else if (literal.matches()) {
                if (!literal.group(1).equals(value == null ? null : value.trim())) {
                    wrong.add(key + ": README `" + literal.group(1) + "`, file " + (value == null ? "(commented out)" : "`" + value.trim() + "`"));
                }
            } else if (value != null && !value.isBlank()) {
                wrong.add(key + ": README says '" + written + "' in words, the file has `" + value.trim() + "`: write it as `"
                        + value.trim() + "`");
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void theReadingOfTheTableIsTheOneThisTestMeans() {
        assertThat(documented).containsEntry("cleanup.lease.ms", "`90000`").containsEntry("cleanup.lease.renew-interval-ms", "`30000`")
                .containsEntry("cleanup.db.user", "`postgres`").containsKey("cleanup.wait.poll-interval-ms");
        assertThat(file.getProperty("cleanup.lease.ms").trim()).isEqualTo("90000");
        assertThat(commentedOut).contains("cleanup.batch.parallelism");
    }

    private Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>(file.stringPropertyNames());
        keys.addAll(commentedOut);
        return keys;
    }

    /** {@code key.sandbox} and {@code key.ibmcloud} are documented in {@code key}'s row. */
    private static String modeParent(String key) {
        return key.replaceFirst("\\.(sandbox|ibmcloud)$", "");
    }

    /**
     * The {@code camel.*} lines are the service's Camel wiring (its REST component, server, management), not settings an
     * operator tunes; those that are (shutdown timeouts) have rows of their own.
     */
    private boolean camelWiring(String key) {
        return key.startsWith("camel.");
    }

    /**
     * The table under "## Configuration": a row's settings ({@code `a.b.c` / `.d`}: a key starting with a dot replaces
     * the last part of the one before) and its defaults, one for each setting (split on " / ") or one for them all.
     */
    private void readTable(String readme) {
        String section = readme.substring(readme.indexOf("\n## Configuration"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        for (String line : section.lines().toList()) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split(" \\| ");
            List<String> keys = new ArrayList<>();
            Matcher key = Pattern.compile("`([a-z0-9.-]+)`").matcher(cells[0]);
            String previous = null;
            while (key.find()) {
                String name = key.group(1);
                if (name.startsWith(".")) {
                    name = previous.substring(0, previous.lastIndexOf('.')) + name;
                }
                keys.add(name);
                previous = name;
            }
            String[] defaults = cells[1].split(" / ");
            assertThat(defaults.length == keys.size() || defaults.length == 1).as("defaults of " + line).isTrue();
            for (int i = 0; i < keys.size(); i++) {
                documented.put(keys.get(i), (defaults.length == 1 ? defaults[0] : defaults[i]).trim());
            }
        }
    }
}
