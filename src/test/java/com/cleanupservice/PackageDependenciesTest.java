package com.cleanupservice;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main packages' dependencies, read from the sources: every reference to a {@code com.cleanupservice} type (an
 * import, a static import, a qualified name in code; comments and string literals do not count, imports do even when
 * only javadoc uses them). No package may depend on itself through others, the simulator stands alone, and the HTTP
 * edge is used by route builders only. The layering these allow is described in docs/ARCHITECTURE.md.
 */
class PackageDependenciesTest {
    static final Path MAIN = Path.of("src", "main", "java");
    private static final String ROOT = "com.cleanupservice";
    /** A qualified name: the lower-case segments are the package, the first capitalized one (or *) a type in it. */
    private static final Pattern REFERENCE = Pattern.compile("\\bcom\\.cleanupservice((?:\\.[a-z_][a-z0-9_]*)*)\\.(?=[A-Z*])");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        Graph graph = Graph.of(MAIN);

        assertThat(graph.packages()).as("packages read from " + MAIN.toAbsolutePath()).contains(ROOT + ".cleanup", ROOT + ".api");
        assertThat(graph.cycles()).as("package cycles (each with the files making its dependencies)%n%s", graph.describeCycles())
                .isEmpty();
    }

    @Test
    void theSimulatorUsesNothingOfTheProduct() {
        Graph graph = Graph.of(MAIN);

        assertThat(graph.dependencies(ROOT + ".simulator")).as("what the simulator uses of the product").isEmpty();
    }

    @Test
    void onlyRouteBuildersAndTheWiringUseTheHttpEdge() {
        List<String> users = Graph.sources(MAIN).stream()
                .filter(f -> !f.pkg().equals(ROOT + ".api") && !f.pkg().equals(ROOT))
                .filter(f -> f.references().contains(ROOT + ".api"))
                .filter(f -> !f.code().matches("(?s).*\\bextends\\s+(RouteBuilder|RouteConfigurationBuilder)\\b.*"))
                .map(Source::name).toList();

        assertThat(users).as("classes outside api using it that are not route builders: refusals are support.Refusal, "
                + "input checks support.Input").isEmpty();
    }

    /** The cycle finder itself: it must see a cycle, whatever packages make it. */
    @Test
    void aCycleIsFoundAndShown() {
        Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
        edges.put("a", Map.of("b", Set.of("a/A.java")));
        edges.put("b", Map.of("c", Set.of("b/B.java")));
        edges.put("c", Map.of("a", Set.of("c/C.java"), "d", Set.of("c/C.java")));
        edges.put("d", Map.of());
        Graph graph = new Graph(edges);

        assertThat(graph.cycles()).containsExactly(List.of("a", "b", "c", "a"));
        assertThat(graph.describeCycles()).contains("a -> b -> c -> a", "c -> a: c/C.java");
    }

    record Source(String name, String pkg, String code, Set<String> references) {
    }

    /** Package -> package it uses -> the files that use it. */
    record Graph(Map<String, Map<String, Set<String>>> edges) {

        static Graph of(Path sourceRoot) {
            Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
            for (Source s : sources(sourceRoot)) {
                Map<String, Set<String>> out = edges.computeIfAbsent(s.pkg(), p -> new TreeMap<>());
                s.references().stream().filter(r -> !r.equals(s.pkg()))
                        .forEach(r -> out.computeIfAbsent(r, x -> new TreeSet<>()).add(s.name()));
            }
            return new Graph(edges);
        }

        static List<Source> sources(Path sourceRoot) {
            try (Stream<Path> files = Files.walk(sourceRoot)) {
                return files.filter(f -> f.toString().endsWith(".java")).sorted().map(f -> read(sourceRoot, f)).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Source read(Path sourceRoot, Path file) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher pkg = PACKAGE.matcher(text);
            if (!pkg.find()) {
                throw new IllegalStateException(file + " has no package declaration");
            }
            String code = withoutCommentsAndLiterals(text);
            Set<String> references = new TreeSet<>();
            Matcher m = REFERENCE.matcher(code);
            while (m.find()) {
                references.add(ROOT + m.group(1));
            }
            String name = sourceRoot.relativize(file).toString().replace('\\', '/').replace("com/cleanupservice/", "");
            return new Source(name, pkg.group(1), code, references);
        }

        Set<String> packages() {
            return edges.keySet();
        }

        Set<String> dependencies(String pkg) {
            return edges.getOrDefault(pkg, Map.of()).keySet();
        }

        /** One cycle per strongly connected group of packages, as a path back to where it starts. */
        List<List<String>> cycles() {
            List<List<String>> cycles = new ArrayList<>();
            for (Set<String> group : stronglyConnected()) {
                String start = group.iterator().next();
                cycles.add(pathBack(start, group));
            }
            return cycles;
        }

        String describeCycles() {
            StringBuilder s = new StringBuilder();
            for (List<String> cycle : cycles()) {
                s.append(cycle.stream().map(Graph::shortName).collect(Collectors.joining(" -> "))).append('\n');
                for (int i = 0; i + 1 < cycle.size(); i++) {
                    s.append("    ").append(shortName(cycle.get(i))).append(" -> ").append(shortName(cycle.get(i + 1))).append(": ")
                            .append(String.join(", ", edges.get(cycle.get(i)).get(cycle.get(i + 1)))).append('\n');
                }
            }
            return s.toString();
        }

        private static String shortName(String pkg) {
            return pkg.startsWith(ROOT + ".") ? pkg.substring(ROOT.length() + 1) : pkg;
        }

        /** Tarjan's algorithm; only groups of two or more packages (a package using itself is no cycle). */
        private List<Set<String>> stronglyConnected() {
            Map<String, Integer> index = new HashMap<>();
            Map<String, Integer> low = new HashMap<>();
            Deque<String> stack = new ArrayDeque<>();
            Set<String> onStack = new java.util.HashSet<>();
            List<Set<String>> groups = new ArrayList<>();
            for (String v : edges.keySet()) {
                if (!index.containsKey(v)) {
                    connect(v, index, low, stack, onStack, groups);
                }
            }
            return groups;
        }

        private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                             Set<String> onStack, List<Set<String>> groups) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : dependencies(v)) {
                if (!index.containsKey(w)) {
                    connect(w, index, low, stack, onStack, groups);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> group = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    group.add(w);
                } while (!w.equals(v));
                if (group.size() > 1) {
                    groups.add(group);
                }
            }
        }

        /** The shortest path from {@code start} back to it inside its group (breadth first). */
        private List<String> pathBack(String start, Set<String> group) {
            Map<String, String> cameFrom = new LinkedHashMap<>();
            Deque<String> queue = new ArrayDeque<>(List.of(start));
            while (!queue.isEmpty()) {
                String v = queue.poll();
                for (String w : dependencies(v)) {
                    if (!group.contains(w)) {
                        continue;
                    }
                    if (w.equals(start)) {
                        List<String> path = new ArrayList<>(List.of(start));
                        for (String at = v; !at.equals(start); at = cameFrom.get(at)) {
                            path.add(1, at);
                        }
                        path.add(start);
                        return path;
                    }
                    if (!cameFrom.containsKey(w)) {
                        cameFrom.put(w, v);
                        queue.add(w);
                    }
                }
            }
            throw new IllegalStateException("no way back to " + start + " in " + group);
        }

        /** The code only: comments, string and character literals and text blocks blanked out. */
        static String withoutCommentsAndLiterals(String text) {
            StringBuilder out = new StringBuilder(text.length());
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (text.startsWith("//", i)) {
                    int end = text.indexOf('\n', i);
                    i = end < 0 ? n : end;
                } else if (text.startsWith("/*", i)) {
                    int end = text.indexOf("*/", i + 2);
                    i = end < 0 ? n : end + 2;
                    out.append(' ');
                } else if (text.startsWith("\"\"\"", i)) {
                    int end = text.indexOf("\"\"\"", i + 3);
                    while (end > 0 && text.charAt(end - 1) == '\\') {
                        end = text.indexOf("\"\"\"", end + 1);
                    }
                    i = end < 0 ? n : end + 3;
                    out.append("\"\"");
                } else if (c == '"' || c == '\'') {
                    int j = i + 1;
                    while (j < n && text.charAt(j) != c && text.charAt(j) != '\n') {
                        j += text.charAt(j) == '\\' ? 2 : 1;
                    }
                    i = j + 1;
                    out.append("\"\"");
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }
    }
}
