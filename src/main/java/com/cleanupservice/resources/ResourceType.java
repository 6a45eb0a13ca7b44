package com.cleanupservice.resources;

import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.persistence.Jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the product knows about one kind of IBM resource. An implementation in this package with a public
 * constructor taking {@link com.cleanupservice.config.Settings} is registered by being there (see
 * {@link ResourceTypes}); the routes are generic and never ask which type they hold.
 * <p>
 * The core every type has: its {@link Declaration} (names, API, dependencies, report order, record fields, the
 * dry-run request and {@code ibmcloud} templates), its {@link Rows} (where its rows are tracked), recording a
 * provisioner's record ({@link #track}), one delete attempt and an existence probe. Anything else is a facet, an
 * interface below that a type implements only when it needs it, and that callers ask for ({@link #facet}): a look
 * before the delete ({@link Inspect}), drift discovery ({@link Discovery}), listing by container ({@link Listed}),
 * commands and script variables of its own ({@link Commands}), an order within the type and dependency groups
 * ({@link Ordering}), values left to configuration ({@link Defaults}).
 */
public interface ResourceType {

    /** The values that place this type among the others: names, API, dependencies, report order, record fields. */
    Declaration declaration();

    /** As stored in the audit and dead-letter tables: {@code bare_metal_server}, {@code dns_record}, ... */
    default String name() {
        return declaration().name();
    }

    /** Where this type's rows are tracked and the SQL over them ({@link TrackedTable}, or the type's own). */
    Rows rows();

    /**
     * Records a resource the provisioner created (its tracked row). {@code nodeName} is null for a deployment's own
     * resource. Returns false when it was already tracked; throws {@link IllegalArgumentException} for missing or bad
     * details and {@link IllegalStateException} when it conflicts with what is tracked. A type in the shared ledger
     * gets it from {@link DeclaredType}.
     */
    boolean track(Jdbc.Tx tx, String nodeName, String deploymentId, String ibmId, Map<String, String> details) throws SQLException;

    /** One delete attempt. Throws sdk-core exceptions for failures other than 404. */
    Attempt delete(IbmClients ibm, TrackedResource resource);

    /** Whether the resource still exists: ALREADY_GONE on 404, STILL_PRESENT or DELETE_FAILED otherwise; throws on errors. */
    Attempt probe(IbmClients ibm, TrackedResource resource);

    /** This type as {@code facet} when it implements it, e.g. {@code type.facet(Inspect.class)}. */
    default <F> Optional<F> facet(Class<F> facet) {
        return facet.isInstance(this) ? Optional.of(facet.cast(this)) : Optional.empty();
    }

    // ---------------------------------------------------------------- facets

    /**
     * A look at the resource before its delete, a call of its own with its own retries. Without it a type's resources
     * are deleted without a look.
     */
    interface Inspect {
        /**
         * The look, for resources that {@link #looksFirst}: null to go on with the delete, or what settles the resource
         * without one — gone (404), not the resource recorded ({@link Identity#verify}: BLOCKED), blocked by its state,
         * already being deleted. What the live resource shows of others of the node (a server's VNIs) goes into
         * {@code seen}, so their looks need no call. Throws like {@link ResourceType#delete}.
         */
        Attempt inspect(IbmClients ibm, TrackedResource resource, Sightings seen);

        /** Whether every delete is preceded by a look, whatever was recorded (the server's state, a security group's VPC). */
        default boolean inspectsFirst() {
            return false;
        }

        /** Whether the type of {@code type} looks before every delete. */
        static boolean inspectsFirst(ResourceType type) {
            return type.facet(Inspect.class).map(Inspect::inspectsFirst).orElse(false);
        }

        /**
         * Whether this resource's delete is preceded by a look: always for a type that {@link #inspectsFirst}, and
         * whenever the provisioner recorded something the live resource must still show ({@link TrackedResource#recorded}:
         * its name, address, zone — see {@link Identity}); never for a type that cannot look.
         */
        static boolean looksFirst(TrackedResource resource) {
            return resource.type().facet(Inspect.class).map(i -> i.inspectsFirst() || !resource.recorded().isEmpty()).orElse(false);
        }
    }

    /** How drift discovery finds this type's resources in IBM Cloud; a type without it is not discovered. */
    interface Discovery {
        Discoverable discovery();
    }

    /**
     * How this type's resources are listed by container with their identities, for a run that must look at many of one
     * container before deleting them; a type without it is looked at one resource at a time.
     */
    interface Listed {
        Listing listing();

        /** The listing of {@code type}, or null. */
        static Listing of(ResourceType type) {
            return type.facet(Listed.class).map(Listed::listing).orElse(null);
        }
    }

    /**
     * {@code ibmcloud} commands of the type's own, instead of its declared templates ({@link Declaration#cliShow},
     * {@link Declaration#cliDelete}), and the script variables ({@link CliArg#var}) they use.
     */
    interface Commands {
        /** The command that shows the resource (exit status 0 while it exists). */
        List<CliArg> cliShow(TrackedResource resource);

        /** The command that deletes the resource without prompting. */
        List<CliArg> cliDelete(TrackedResource resource);

        /**
         * The script variables this type's commands use, with their configured values (null when unset); generated
         * scripts define them at the top, overridable from the environment.
         */
        default Map<String, String> scriptVariables() {
            return Map.of();
        }

        /** The show command of {@code resource}: its type's own, else the declared one. */
        static List<CliArg> show(TrackedResource resource) {
            return resource.type().facet(Commands.class).map(c -> c.cliShow(resource))
                    .orElseGet(() -> Declaration.Template.command(resource.type().declaration().cliShow(), resource));
        }

        /** The delete command of {@code resource}: its type's own, else the declared one. */
        static List<CliArg> delete(TrackedResource resource) {
            return resource.type().facet(Commands.class).map(c -> c.cliDelete(resource))
                    .orElseGet(() -> Declaration.Template.command(resource.type().declaration().cliDelete(), resource));
        }

        /** The script variables of {@code type}; none without the facet. */
        static Map<String, String> variables(ResourceType type) {
            return type.facet(Commands.class).map(Commands::scriptVariables).orElse(Map.of());
        }
    }

    /** Order among resources of this type on one node, and which of them can wait for each other. */
    interface Ordering {
        /** Lower goes first (PTR records before A records). */
        int orderWithinType(TrackedResource resource);

        /**
         * Which resources of a lane can wait for each other: resources in different groups never do, so each group runs
         * as a lane of its own. Null: unknown, the lane stays whole.
         */
        String dependencyGroup(TrackedResource resource);
    }

    /** Fills what a row may leave to configuration (default subnet, DNS zone, ...); see {@link TrackedResource#withDefaults}. */
    interface Defaults {
        TrackedResource withDefaults(TrackedResource resource);
    }
}
