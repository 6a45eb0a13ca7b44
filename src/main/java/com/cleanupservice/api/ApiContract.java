package com.cleanupservice.api;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.ParamDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;
import org.apache.camel.model.rest.VerbDefinition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the REST DSL ({@code routes/*.camel.yaml}) declares: every endpoint's method, path template, query parameters
 * and whether it takes a body. It is the one list the HTTP edge checks requests against, so an endpoint added to a
 * YAML file is known (and guarded) without any Java change, and a parameter it does not declare is refused.
 */
public final class ApiContract {

    /**
     * One REST verb: {@code POST /api/cleanup/node/{id}} with its declared query parameters, of which {@code flags} are
     * the boolean ones ({@code dataType: boolean}: {@code force}, {@code dry_run}, ...) and {@code numbers} the whole
     * numbers ({@code dataType: integer}: {@code limit}, {@code confirm_count}, ...).
     */
    public record Endpoint(String method, String template, List<String> segments, Set<String> queryParameters, Set<String> flags,
                           Set<String> numbers, boolean takesBody) {

        boolean matches(List<String> path) {
            if (path.size() != segments.size()) {
                return false;
            }
            for (int i = 0; i < segments.size(); i++) {
                String s = segments.get(i);
                boolean variable = s.startsWith("{") && s.endsWith("}");
                if (variable ? path.get(i).isEmpty() : !s.equals(path.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /** Literal segments count more than variables: {@code /validate/deployment/{id}} wins over {@code /validate/{id}}. */
        int specificity() {
            return (int) segments.stream().filter(s -> !s.startsWith("{")).count();
        }
    }

    /** The endpoint a request addresses, or why there is none: no such path (404), or not with this method (405). */
    public record Match(Endpoint endpoint, Set<String> allowedMethods) {
        public boolean found() {
            return endpoint != null;
        }

        public boolean pathKnown() {
            return !allowedMethods.isEmpty();
        }
    }

    private final List<Endpoint> endpoints;

    ApiContract(List<Endpoint> endpoints) {
        this.endpoints = endpoints.stream().sorted(Comparator.comparingInt(Endpoint::specificity).reversed()).toList();
    }

    /** Reads the REST definitions of the context's model (loaded from the YAML routes before the context starts). */
    public static ApiContract of(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        List<Endpoint> endpoints = new ArrayList<>();
        for (RestDefinition rest : model.getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String template = join(rest.getPath(), verb.getPath());
                TreeSet<String> query = new TreeSet<>();
                TreeSet<String> flags = new TreeSet<>();
                TreeSet<String> numbers = new TreeSet<>();
                boolean body = false;
                for (ParamDefinition p : verb.getParams()) {
                    if (p.getType() == RestParamType.query) {
                        query.add(p.getName());
                        if ("boolean".equals(p.getDataType())) {
                            flags.add(p.getName());
                        } else if ("integer".equals(p.getDataType())) {
                            numbers.add(p.getName());
                        }
                    } else if (p.getType() == RestParamType.body) {
                        body = true;
                    }
                }
                endpoints.add(new Endpoint(verb.asVerb().toUpperCase(Locale.ROOT), template, segments(template),
                        Collections.unmodifiableSortedSet(query), Collections.unmodifiableSortedSet(flags),
                        Collections.unmodifiableSortedSet(numbers), body));
            }
        }
        return new ApiContract(endpoints);
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    public Match match(String method, String path) {
        List<String> requested = segments(path);
        Set<String> allowed = new TreeSet<>();
        Endpoint found = null;
        for (Endpoint e : endpoints) {
            if (e.matches(requested)) {
                allowed.add(e.method());
                if (found == null && e.method().equals(method)) {
                    found = e;
                }
            }
        }
        return new Match(found, allowed);
    }

    private static String join(String base, String path) {
        String b = base == null ? "" : base;
        String p = path == null ? "" : path;
        if (b.endsWith("/") && p.startsWith("/")) {
            return b + p.substring(1);
        }
        return p.isEmpty() || b.endsWith("/") || p.startsWith("/") ? b + p : b + "/" + p;
    }

    /** Path segments; one trailing slash is ignored, as the HTTP router does. */
    static List<String> segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return List.of(p.split("/", -1));
    }
}
