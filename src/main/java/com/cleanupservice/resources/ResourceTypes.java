package com.cleanupservice.resources;

import com.cleanupservice.config.Settings;
import org.apache.camel.CamelContext;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of resource types: every concrete {@link ResourceType} in this package. Adding a type is adding its
 * class and its tests (its rows go to the shared ledger, {@link TrackedTable#sharedLedger()}: no migration); a
 * duplicate name or a dependency on an unknown type fails at startup.
 */
public final class ResourceTypes {
    private final Map<String, ResourceType> byName;

    public ResourceTypes(Collection<? extends ResourceType> types) {
        Map<String, ResourceType> map = new LinkedHashMap<>();
        types.stream().sorted(Comparator.comparing(ResourceType::name)).forEach(t -> {
            if (!t.name().matches("[a-z][a-z0-9_]{0,63}")) {
                // names are stored, reported and written into the ledger's SQL as literals
                throw new IllegalStateException("resource type name '" + t.name() + "' must be lower case letters, digits and '_'");
            }
            ResourceType previous = map.put(t.name(), t);
            if (previous != null) {
                throw new IllegalStateException("resource type '" + t.name() + "' is registered twice: "
                        + previous.getClass().getName() + " and " + t.getClass().getName());
            }
        });
        for (ResourceType t : map.values()) {
            for (String dependency : t.declaration().deleteAfter()) {
                if (!map.containsKey(dependency)) {
                    throw new IllegalStateException("resource type '" + t.name() + "' must be deleted after unknown type '" + dependency + "'");
                }
            }
        }
        this.byName = Map.copyOf(map);
        new DependencyGraph(this).lanes(); // fails fast on a dependency cycle
    }

    /** Finds the implementations in this package with Camel's class resolver and builds each with the settings. */
    public static ResourceTypes discover(CamelContext context, Settings settings) {
        Set<Class<?>> classes = org.apache.camel.support.PluginHelper.getPackageScanClassResolver(context)
                .findImplementations(ResourceType.class, ResourceTypes.class.getPackageName());
        List<ResourceType> types = new ArrayList<>();
        for (Class<?> c : classes) {
            // top-level classes of this very package only: nested, local and anonymous classes are never types
            if (c.isInterface() || Modifier.isAbstract(c.getModifiers()) || c.getEnclosingClass() != null
                    || !c.getPackageName().equals(ResourceTypes.class.getPackageName())) {
                continue;
            }
            try {
                types.add((ResourceType) c.getConstructor(Settings.class).newInstance(settings));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("resource type " + c.getName() + " needs a public constructor taking Settings", e);
            }
        }
        return new ResourceTypes(types);
    }

    /**
     * This registry with more types: a type declared outside this package (a test's), checked as discovered ones are.
     * A type in the shared ledger ({@link TrackedTable#sharedLedger()}) needs nothing else: no table, no migration.
     */
    public ResourceTypes with(ResourceType... extra) {
        List<ResourceType> types = new ArrayList<>(byName.values());
        types.addAll(List.of(extra));
        return new ResourceTypes(types);
    }

    /**
     * One ledger over every type's tracked rows: {@code resource_type, tracked_id, ibm_id, node_name, deployment_id,
     * state}. Callers filter it (PostgreSQL pushes the filter into each branch, so the tables' indexes serve it).
     */
    public String ledgerSql() {
        return all().stream()
                .map(t -> "SELECT '" + t.name() + "' AS resource_type, l.* FROM (" + t.rows().ledger().strip() + ") l")
                .collect(java.util.stream.Collectors.joining("\nUNION ALL\n"));
    }

    /**
     * Where the tracked row named by {@code alias}'s {@code resource_type} and {@code tracked_id} (an audit row, a dead
     * letter) lives: a lateral join, as {@code p}, of its {@code account}, {@code region} and {@code regional} as the
     * ledger reads them (NULL for the default account or region); all NULL when no such row is tracked. The row is
     * read by its type's id, one index lookup. {@code alias} is the caller's own table alias, never input.
     */
    public String placeJoin(String alias) {
        return "LEFT JOIN LATERAL (SELECT l.account, l.region, l.regional FROM (" + ledgerSql() + ") l WHERE l.resource_type = "
                + alias + ".resource_type AND l.tracked_id = " + alias + ".tracked_id LIMIT 1) p ON true";
    }

    /**
     * The ledger's rows a cleanup would still act on (not GONE, not RELEASED) of the nodes a selection names: {@code
     * nodeNames} is a SELECT of a {@code node_name} column, each node's rows read through their node-name index (a
     * lateral per node). Its columns are the ledger's ({@link #ledgerSql}).
     */
    public String openRowsOfNodes(String nodeNames) {
        return "SELECT tracked.* FROM (" + nodeNames + ") selected CROSS JOIN LATERAL (SELECT * FROM (" + ledgerSql()
                + ") l WHERE l.node_name = selected.node_name AND l." + OPEN + ") tracked";
    }

    /** As {@link #openRowsOfNodes}, of a deployment: its nodes' rows, then its own (parameters: its id, twice). */
    public String openRowsOfDeployment() {
        return openRowsOfNodes("SELECT node_name FROM nodes WHERE deployment_id = ?")
                + "\nUNION ALL\nSELECT * FROM (" + ledgerSql() + ") own WHERE own.node_name IS NULL AND own.deployment_id = ? AND own." + OPEN;
    }

    /** A ledger row a cleanup would still act on: neither gone nor released to another owner. */
    public static final String OPEN = "state NOT IN ('GONE', 'RELEASED')";

    public ResourceType get(String name) {
        ResourceType type = byName.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown resource type '" + name + "'; known: " + names());
        }
        return type;
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public Collection<ResourceType> all() {
        return byName.values().stream().sorted(Comparator.comparing(ResourceType::name)).toList();
    }

    public List<String> names() {
        return all().stream().map(ResourceType::name).toList();
    }
}
