package com.cleanupservice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * only javadoc uses them), and every use of another package's {@code direct:} endpoint — by its constant (an import
 * too), or by its name in a route file ({@code routes/*.camel.yaml}, see {@link #ROUTE_FILES}) or in a Java string.
 * No package may depend on itself through others, the simulator stands alone, the HTTP edge is used by route builders
 * only, and every {@code direct:} endpoint is a constant of the package whose route consumes it ({@code from}), the
 * only place its name is written in Java. The layering these allow is described in docs/ARCHITECTURE.md.
 */
class PackageDependenciesTest {
    static final Path MAIN = Path.of("src", "main", "java");
    static final Path ROUTES = Path.of("routes");
    /**
     * The package of each route file not named as its package ({@code routes/<package>.camel.yaml}): a route file
     * belongs to the package whose routes it hands its requests to, and any other package's endpoint it names is a
     * dependency of that package.
     */
    static final Map<String, String> ROUTE_FILES = Map.of(
            "api", "runs",
            "drift", "discovery",
            "orphaned", "schedule",
            "followup", "schedule",
            "inbox", "batch",
            "openapi", "api");
    private static final String ROOT = "com.cleanupservice";
    /** A qualified name: the lower-case segments are the package, the first capitalized one (or *) a type in it. */
    private static final Pattern REFERENCE = Pattern.compile("\\bcom\\.cleanupservice((?:\\.[a-z_][a-z0-9_]*)*)\\.(?=[A-Z*])");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        Graph graph = Graph.of(MAIN, ROUTES);

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

    @Test
    void everyEndpointIsAConstantOfThePackageConsumingIt() {
        Endpoints endpoints = Endpoints.read(MAIN, ROUTES);

        assertThat(endpoints.defined()).as("direct: endpoints defined in " + MAIN.toAbsolutePath()).containsKeys(
                "direct:cleanup-node", "direct:run-batch", "direct:api-cleanup-node");
        assertThat(endpoints.consumed()).as("direct: endpoints consumed (from) in Java and route files")
                .contains("direct:cleanup-node", "direct:sweep-orphans-on-schedule", "direct:process-inbox-file");
        assertThat(endpoints.violations()).as("direct: endpoints: each a constant of the package consuming it, written "
                + "nowhere else in Java, and every one a route files name defined").isEmpty();
    }

    /** The endpoint reader and the cycle finder together: a cycle made through endpoints is found and shown. */
    @Test
    void aCycleThroughEndpointsIsFoundAndShown(@TempDir Path project) throws IOException {
        Path main = project.resolve("java");
        Path routes = project.resolve("routes");
        write(main, "a/AEndpoints.java", """
                package com.cleanupservice.a;
                public final class AEndpoints {
                    /** Consumed here; "direct:in-a-comment" is no use. */
                    public static final String WORK = "direct:work";
                }
                """);
        write(main, "a/ARoutes.java", """
                package com.cleanupservice.a;
                import com.cleanupservice.b.BHelper;
                public final class ARoutes extends RouteBuilder {
                    public void configure() {
                        from(AEndpoints.WORK).process(BHelper::help);
                    }
                }
                """);
        write(main, "b/BHelper.java", """
                package com.cleanupservice.b;
                public final class BHelper {
                }
                """);
        write(main, "c/CRoutes.java", """
                package com.cleanupservice.c;
                public final class CRoutes extends RouteBuilder {
                    public void configure() {
                        from("timer:tick").to("direct:work?synchronous=true");
                    }
                }
                """);
        write(routes, "b.camel.yaml", """
                # b's schedule, handing off to direct:work (a comment: no use)
                - route:
                    from:
                      uri: timer:b
                      steps:
                        - to: direct:work
                """);

        Graph graph = Graph.of(main, routes);
        Endpoints endpoints = Endpoints.read(main, routes);

        assertThat(graph.cycles()).containsExactly(List.of(ROOT + ".a", ROOT + ".b", ROOT + ".a"));
        assertThat(graph.describeCycles()).contains("a -> b -> a", "a -> b: a/ARoutes.java", "b -> a: routes/b.camel.yaml");
        assertThat(graph.dependencies(ROOT + ".c")).containsExactly(ROOT + ".a");
        assertThat(endpoints.violations()).containsExactly(
                "c/CRoutes.java writes \"direct:work?synchronous=true\": use a's constant AEndpoints.WORK");
    }

    /** Misplaced and unknown endpoints are found: each must be a constant of the package consuming it. */
    @Test
    void anEndpointOfTheWrongPackageIsFound(@TempDir Path project) throws IOException {
        Path main = project.resolve("java");
        Path routes = project.resolve("routes");
        write(main, "a/AEndpoints.java", """
                package com.cleanupservice.a;
                public final class AEndpoints {
                    public static final String WORK = "direct:work";
                    public static final String IDLE = "direct:idle";
                }
                """);
        write(main, "b/BRoutes.java", """
                package com.cleanupservice.b;
                import com.cleanupservice.a.AEndpoints;
                public final class BRoutes extends RouteBuilder {
                    public void configure() {
                        from(AEndpoints.WORK).log("b");
                    }
                }
                """);
        write(routes, "b.camel.yaml", """
                - route:
                    from:
                      uri: direct:nowhere
                """);

        assertThat(Endpoints.read(main, routes).violations()).containsExactlyInAnyOrder(
                "b/BRoutes.java consumes direct:work, a constant of a: define it in b",
                "direct:idle (a's AEndpoints.IDLE) is consumed by no route",
                "routes/b.camel.yaml consumes direct:nowhere, no package's constant: define it in b");
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path path = root.resolve(file.endsWith(".yaml") ? file : "com/cleanupservice/" + file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
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

    /** An endpoint's constant: its package, class and field, and the file defining it. */
    record Endpoint(String uri, String pkg, String type, String constant, String file) {
        String describe() {
            return Graph.shortName(pkg) + "'s " + type + "." + constant;
        }
    }

    /** A route file's own package and the endpoints it consumes and uses. */
    record RouteFile(String name, String pkg, Set<String> consumes, Set<String> uses) {
    }

    /**
     * The {@code direct:} endpoints of the main sources and route files: defined (a {@code static final String}
     * constant), consumed ({@code from} one, in Java by its constant, in a route file by its name) and used elsewhere by
     * name (route files; in Java only by mistake), with every breach of the rule as a sentence.
     */
    record Endpoints(Map<String, Endpoint> defined, Set<String> consumed, List<RouteFile> routeFiles,
                     Map<String, Map<String, Set<String>>> namedIn, List<String> violations) {
        private static final Pattern DEFINITION = Pattern.compile(
                "static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"(direct:[^\"]*)\"\\s*;");
        private static final Pattern LITERAL = Pattern.compile("\"(direct:[^\"?]*)([^\"]*)\"");
        private static final Pattern CONSUMER = Pattern.compile("(?<![\\w.])from\\(\\s*(?:(\\w+)\\.)?(\\w+)\\s*\\)");
        private static final Pattern TYPE = Pattern.compile("\\b(?:class|interface|enum|record)\\s+(\\w+)");
        private static final Pattern NAME = Pattern.compile("direct:[A-Za-z0-9_-]+");

        static Endpoints read(Path sourceRoot, Path routes) {
            Map<String, Endpoint> defined = new TreeMap<>();
            List<String> violations = new ArrayList<>();
            List<Source> sources = Graph.sources(sourceRoot);
            Map<String, String> texts = new HashMap<>();
            for (Source s : sources) {
                String text = withoutComments(read(sourceRoot.resolve("com/cleanupservice").resolve(s.name())));
                texts.put(s.name(), text);
                Matcher type = TYPE.matcher(s.code());
                String typeName = type.find() ? type.group(1) : s.name();
                Matcher d = DEFINITION.matcher(text);
                while (d.find()) {
                    Endpoint e = new Endpoint(d.group(2), s.pkg(), typeName, d.group(1), s.name());
                    Endpoint before = defined.putIfAbsent(e.uri(), e);
                    if (e.uri().contains("?")) {
                        violations.add(s.name() + " defines " + e.uri() + " with options: a constant is the endpoint's name only");
                    }
                    if (before != null) {
                        violations.add(e.uri() + " is defined twice: " + before.describe() + " and " + e.describe());
                    }
                }
            }
            Map<String, Map<String, Set<String>>> namedIn = new TreeMap<>();
            Set<String> consumed = new TreeSet<>();
            for (Source s : sources) {
                String text = DEFINITION.matcher(texts.get(s.name())).replaceAll("");
                Matcher l = LITERAL.matcher(text);
                while (l.find()) {
                    Endpoint e = defined.get(l.group(1));
                    violations.add(s.name() + " writes " + l.group() + ": " + (e == null ? "no package's constant"
                            : "use " + Graph.shortName(e.pkg()) + "'s constant " + e.type() + "." + e.constant()));
                    if (e != null) {
                        named(namedIn, s.pkg(), e.pkg(), s.name());
                    }
                }
                Matcher c = CONSUMER.matcher(s.code());
                while (c.find()) {
                    Endpoint e = constant(defined, s, c.group(1), c.group(2));
                    if (e == null) {
                        continue;
                    }
                    consumed.add(e.uri());
                    if (!e.pkg().equals(s.pkg())) {
                        violations.add(s.name() + " consumes " + e.uri() + ", a constant of " + Graph.shortName(e.pkg())
                                + ": define it in " + Graph.shortName(s.pkg()));
                    }
                }
            }
            List<RouteFile> routeFiles = routeFiles(routes);
            Set<String> packages = sources.stream().map(Source::pkg).collect(Collectors.toSet());
            for (RouteFile f : routeFiles) {
                if (!packages.contains(f.pkg())) {
                    violations.add(f.name() + " belongs to no package: name it routes/<package>.camel.yaml or map it in ROUTE_FILES");
                }
                for (String uri : f.consumes()) {
                    Endpoint e = defined.get(uri);
                    consumed.add(uri);
                    if (e == null) {
                        violations.add(f.name() + " consumes " + uri + ", no package's constant: define it in " + Graph.shortName(f.pkg()));
                    } else if (!e.pkg().equals(f.pkg())) {
                        violations.add(f.name() + " consumes " + uri + ", a constant of " + Graph.shortName(e.pkg())
                                + ": define it in " + Graph.shortName(f.pkg()));
                    }
                }
                for (String uri : f.uses()) {
                    Endpoint e = defined.get(uri);
                    if (e == null) {
                        violations.add(f.name() + " names " + uri + ", no package's constant");
                    } else {
                        named(namedIn, f.pkg(), e.pkg(), f.name());
                    }
                }
            }
            defined.values().stream().filter(e -> !consumed.contains(e.uri()))
                    .forEach(e -> violations.add(e.uri() + " (" + e.describe() + ") is consumed by no route"));
            return new Endpoints(defined, consumed, routeFiles, namedIn, violations);
        }

        private static void named(Map<String, Map<String, Set<String>>> namedIn, String user, String owner, String file) {
            if (!user.equals(owner)) {
                namedIn.computeIfAbsent(user, p -> new TreeMap<>()).computeIfAbsent(owner, p -> new TreeSet<>()).add(file);
            }
        }

        /** The endpoint a {@code from(Type.CONSTANT)} or {@code from(CONSTANT)} names, if it names one. */
        private static Endpoint constant(Map<String, Endpoint> defined, Source s, String type, String constant) {
            List<Endpoint> matching = defined.values().stream()
                    .filter(e -> e.constant().equals(constant))
                    .filter(e -> type == null ? e.file().equals(s.name()) : e.type().equals(type))
                    .toList();
            if (matching.size() > 1) {
                // two packages with a type of that name: the one imported, or the file's own
                matching = matching.stream().filter(e -> e.pkg().equals(s.pkg()) || s.references().contains(e.pkg())).toList();
            }
            return matching.isEmpty() ? null : matching.get(0);
        }

        /**
         * Each route file's package ({@link #ROUTE_FILES}) and its {@code direct:} names: those its routes consume
         * ({@code from: direct:x}, or {@code uri: direct:x} right under {@code from:}) and the others it names.
         */
        static List<RouteFile> routeFiles(Path routes) {
            if (!Files.isDirectory(routes)) {
                return List.of();
            }
            List<RouteFile> files = new ArrayList<>();
            try (Stream<Path> all = Files.list(routes)) {
                for (Path file : all.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList()) {
                    String base = file.getFileName().toString().replace(".camel.yaml", "");
                    String pkg = ROOT + "." + ROUTE_FILES.getOrDefault(base, base);
                    Set<String> consumes = new TreeSet<>();
                    Set<String> uses = new TreeSet<>();
                    String previous = "";
                    for (String line : read(file).split("\n")) {
                        String yaml = line.replaceFirst("(^|\\s)#.*$", "");
                        if (yaml.isBlank()) {
                            continue;
                        }
                        Matcher m = NAME.matcher(yaml);
                        while (m.find()) {
                            boolean from = yaml.matches("\\s*(-\\s+)?from:\\s*\"?direct:.*")
                                    || yaml.matches("\\s*uri:\\s*\"?direct:.*") && previous.matches("\\s*(-\\s+)?from:\\s*");
                            (from ? consumes : uses).add(m.group());
                        }
                        previous = yaml;
                    }
                    files.add(new RouteFile(routes.getFileName() + "/" + file.getFileName(), pkg, consumes, uses));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return files;
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Comments blanked out, string literals kept. */
        private static String withoutComments(String text) {
            return Graph.strip(text, true);
        }
    }

    /** Package -> package it uses -> the files that use it. */
    record Graph(Map<String, Map<String, Set<String>>> edges) {

        /** The imports and qualified names of the sources, and the endpoints named in route files or Java strings. */
        static Graph of(Path sourceRoot, Path routes) {
            Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
            for (Source s : sources(sourceRoot)) {
                Map<String, Set<String>> out = edges.computeIfAbsent(s.pkg(), p -> new TreeMap<>());
                s.references().stream().filter(r -> !r.equals(s.pkg()))
                        .forEach(r -> out.computeIfAbsent(r, x -> new TreeSet<>()).add(s.name()));
            }
            Endpoints.read(sourceRoot, routes).namedIn().forEach((user, owners) -> owners.forEach((owner, files) ->
                    edges.computeIfAbsent(user, p -> new TreeMap<>()).computeIfAbsent(owner, p -> new TreeSet<>()).addAll(files)));
            return new Graph(edges);
        }

        static Graph of(Path sourceRoot) {
            return of(sourceRoot, ROUTES);
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

        static String shortName(String pkg) {
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
            return strip(text, false);
        }

        /** Comments blanked out; string and character literals and text blocks kept, or each blanked to {@code ""}. */
        static String strip(String text, boolean keepLiterals) {
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
                    int stop = end < 0 ? n : end + 3;
                    out.append(keepLiterals ? text.substring(i, stop) : "\"\"");
                    i = stop;
                } else if (c == '"' || c == '\'') {
                    int j = i + 1;
                    while (j < n && text.charAt(j) != c && text.charAt(j) != '\n') {
                        j += text.charAt(j) == '\\' ? 2 : 1;
                    }
                    out.append(keepLiterals ? text.substring(i, Math.min(j + 1, n)) : "\"\"");
                    i = j + 1;
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }
    }
}
