package com.cleanupservice.script;

import com.cleanupservice.cleanup.CleanupRun;
import com.cleanupservice.cleanup.LaneRun;
import com.cleanupservice.cleanup.NodePlan;
import com.cleanupservice.cleanup.NodeRef;
import com.cleanupservice.cleanup.Planner;
import com.cleanupservice.nodes.NodeStatus;
import com.cleanupservice.resources.CliArg;
import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes the bash script an operator runs when the service cannot do a cleanup itself. The resources are grouped by
 * where they live, one block per account and region ({@link Place}; the default place first, then by account and
 * region; a DNS record, global, in the first block of its account), and inside a block the order is the
 * {@link Planner}'s (the types' declared dependencies, then their order within a type): step after step, each resource
 * is deleted if it still exists, then the script waits until the whole step is gone. Commands are the types' own
 * {@code cliShow}/{@code cliDelete}; every value in them is quoted, and row text the script shows (names, labels, the
 * target) has its control characters escaped ({@link Bash#visible}). Before asking anything the script checks the
 * CLI's session; each block begins with {@code ibmcloud target -c ACCOUNT_ID -r REGION} and deletes nothing unless
 * {@code ibmcloud target} then shows that account id and region: it trusts only what it saw. Its top lists every
 * resource it deletes (type, name, exact id, account/region, node) and says loudly when live nodes are among them; before the
 * first delete it prints that list and, on a terminal, wants the target's name typed ({@code --yes} for unattended
 * runs). Once everything was seen gone it reports the ids back to the service's reconcile endpoint when
 * {@code CLEANUP_URL} is set, or prints the command that does.
 */
public final class ScriptGenerator {
    private static final String CLI = "ibmcloud";
    private static final com.fasterxml.jackson.databind.ObjectWriter ASCII_JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII);
    private static final String REGION = "REGION";

    private final Planner planner;
    private final Map<String, String> variableDefaults;
    private final Places places;
    private final String generatedBy;

    /**
     * Where rows that name no account or region live, and the IBM account id of each configured account (null when
     * not configured: the script then cannot switch to that account nor check it).
     *
     * @param defaultAccount the name of the account of rows that name none
     * @param defaultRegion  the region of VPC rows that name none ({@code cleanup.ibm.region})
     * @param accountIds     account name to its IBM account id ({@code cleanup.ibm.account.<name>.id}), null values allowed
     */
    public record Places(String defaultAccount, String defaultRegion, Map<String, String> accountIds) {
        public Places {
            accountIds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accountIds));
        }

        /** One account, {@code default}, whose IBM account id is not known, in {@code region}. */
        public static Places single(String region) {
            return new Places(com.cleanupservice.ibm.Accounts.DEFAULT, region, Map.of());
        }

        String accountId(String account) {
            return accountIds.get(account);
        }
    }

    /**
     * @param variableDefaults the script variables commands may use ({@link CliArg#var}) with their configured
     *                         values (null when not configured), in the order they are declared
     * @param region           the IBM Cloud region of rows that name none ({@code cleanup.ibm.region}), of one account
     *                         whose id is not known
     * @param generatedBy      who made the script, for the header (the service instance)
     */
    public ScriptGenerator(ResourceTypes types, Map<String, String> variableDefaults, String region, String generatedBy) {
        this(types, variableDefaults, Places.single(region), generatedBy);
    }

    /** As above, for the configured accounts and their ids ({@link Places}). */
    public ScriptGenerator(ResourceTypes types, Map<String, String> variableDefaults, Places places, String generatedBy) {
        if (variableDefaults.containsKey(REGION)) {
            throw new IllegalArgumentException("script variable " + REGION + " is the generator's own");
        }
        this.planner = Planner.sequential(types);
        this.variableDefaults = new LinkedHashMap<>(variableDefaults);
        this.places = places;
        this.generatedBy = generatedBy;
    }

    public CleanupScript generate(ScriptTarget target, List<TrackedResource> resources, Instant now) {
        // the planner only orders; this run is never started or recorded
        CleanupRun ordering = new CleanupRun(UUID.randomUUID(), "script", target.name(), "script", generatedBy, true, false, null, null, 0);
        List<Step> steps = new ArrayList<>();
        List<TrackedResource> unscriptable = new ArrayList<>();
        // one block per place, every row of a place in it: the Planner's order holds inside each block, and no
        // dependency crosses places (a server and its interfaces live in one account and region)
        for (Map.Entry<Place, List<TrackedResource>> block : blocks(resources).entrySet()) {
            NodePlan plan = planner.plan(ordering, null, target.deploymentId(), block.getValue());
            for (LaneRun lane : plan.lanes()) {
                for (LaneRun.StepRun step : lane.steps()) {
                    List<Command> commands = new ArrayList<>();
                    for (TrackedResource r : step.resources()) {
                        Command c = command(target, r);
                        if (c == null) {
                            unscriptable.add(r);
                        } else {
                            commands.add(c);
                        }
                    }
                    if (!commands.isEmpty()) {
                        steps.add(new Step(block.getKey(), step.resources().stream().map(r -> r.type().name()).distinct()
                                .collect(Collectors.joining(", ")), commands));
                    }
                }
            }
        }
        StringBuilder s = new StringBuilder();
        header(s, target, resources, steps, unscriptable, now);
        if (steps.isEmpty() && unscriptable.isEmpty()) {
            s.append("set -euo pipefail\n\n");
            // the same arguments as a script with work to do, so an unattended caller's --yes is no error
            s.append("for arg in \"$@\"; do\n");
            s.append("  [[ $arg =~ ^(--yes|-y|--help|-h)$ ]] || { printf '✗ unknown argument (usage: %s [--yes])\\n' \"${0##*/}\" >&2; exit 2; }\n");
            s.append("done\n");
            s.append("printf '%s\\n' ").append(Bash.quote("Nothing to clean up for " + Bash.visible(target.describe())
                    + ": every tracked resource is already gone.")).append('\n');
            s.append("exit 0\n");
        } else {
            body(s, target, steps, unscriptable);
        }
        return new CleanupScript(Bash.fileName(target.name()), s.toString());
    }

    private void header(StringBuilder s, ScriptTarget target, List<TrackedResource> resources, List<Step> steps,
                        List<TrackedResource> unscriptable, Instant now) {
        s.append("#!/usr/bin/env bash\n");
        comment(s, "Cleanup script for " + target.describe());
        comment(s, "Generated " + now.truncatedTo(ChronoUnit.SECONDS) + " by cleanup-service (" + generatedBy
                + ") from its tracking tables: the " + resources.size() + " tracked resource(s) not yet marked GONE"
                + states(resources) + ".");
        comment(s, target.lastRun() == null ? "No cleanup run of this target is recorded."
                : "Last cleanup run of this target: " + target.lastRun() + ".");
        if (steps.isEmpty() && unscriptable.isEmpty()) {
            return;
        }
        Report report = report(target, steps);
        List<String> live = liveWarning(target, resources);
        if (!live.isEmpty()) {
            comment(s, "");
            live.forEach(line -> comment(s, line));
        }
        comment(s, "");
        comment(s, "What it deletes (each only if it still exists):");
        inventory(target, steps).forEach(line -> comment(s, "  " + line));
        comment(s, "");
        List<Place> blocks = steps.stream().map(Step::place).distinct().toList();
        comment(s, "It works in " + blocks.size() + " place(s), one block each: every resource of an account and region in its");
        comment(s, "block (DNS records, which are global, in the first block of their account). Each block begins with");
        comment(s, "'ibmcloud target -c ACCOUNT_ID -r REGION' and then reads 'ibmcloud target': unless its Account: line shows");
        comment(s, "that account id and its Region: line that region, the script stops (exit 2) before deleting anything");
        comment(s, "there. (An account whose IBM account id is not configured is not switched to nor checked: only its");
        comment(s, "region is.) Inside a block it deletes each resource by its exact id, step by step in dependency order,");
        comment(s, "and waits until every resource of a step is gone before the next step starts:");
        int number = 0;
        for (Place place : blocks) {
            comment(s, "  " + place.describe(places));
            for (Step step : steps) {
                if (step.place().equals(place)) {
                    number++;
                    comment(s, "    " + number + ". " + step.type() + " (" + step.commands().size() + ")");
                }
            }
        }
        comment(s, "Resources already gone are skipped, so running it again is safe.");
        comment(s, "Before running: ibmcloud login (with a user or API key that may work in every account above), plugins");
        comment(s, "vpc-infrastructure and dns. The script targets each account and region itself; REGION is not read (set");
        comment(s, "to anything but the one region of every block, it stops the script: the regions are where the rows live,");
        comment(s, "as listed above). A resource counts as gone");
        comment(s, "only when its show command says it was not found (an error code ending in not_found, or a 404); any");
        comment(s, "other failure of a show stops the script. Names are printed with control characters escaped (\\x1b,");
        comment(s, "\\n), and so is what the CLI says on errors.");
        comment(s, "");
        comment(s, "Usage: " + Bash.fileName(target.name()) + " [--yes]");
        comment(s, "It prints the list above before the first delete. On a terminal it then asks you to");
        comment(s, "  type '" + report.expected() + "' (" + report.expectedIs() + ")");
        comment(s, "and deletes nothing unless you do. --yes (-y) skips the question, for unattended runs. Without a");
        comment(s, "terminal and without --yes it deletes nothing (exit 2): it never takes an answer from a pipe (piped");
        comment(s, "into bash, it would read its own next line as the answer). --help prints how to run it; any other");
        comment(s, "argument: exit 2.");
        comment(s, "");
        comment(s, "Afterwards the service's ledger still says PRESENT for what this script deleted, until it is told. With");
        comment(s, "CLEANUP_URL set (the service, e.g. http://localhost:8080; and CLEANUP_API_TOKEN when it needs one, read");
        comment(s, "from the environment and never written here), once everything was seen gone the script posts the ids to");
        comment(s, "  $CLEANUP_URL" + report.path());
        comment(s, "and the service marks GONE exactly those of them IBM Cloud answers 404 for. Without CLEANUP_URL it");
        comment(s, "prints the command that does it:");
        comment(s, "  " + report.helperCommand());
        comment(s, "");
        comment(s, "Exit status: 0 when every resource was seen deleted or not found (and, with CLEANUP_URL, the service");
        comment(s, "recorded it); 1 when a delete fails, a show fails for another reason than not found, a step does not");
        comment(s, "finish within WAIT_TIMEOUT_SECONDS or a resource could not be scripted; 2 for a configuration or session");
        comment(s, "error (a setting missing, REGION set, not logged in, a block's account or region not targeted: the blocks");
        comment(s, "before it are done, the rest untouched), a usage error, or no confirmation; 3 when every resource is gone");
        comment(s, "but telling the service failed (a warning says why and how to tell it).");
        for (TrackedResource r : unscriptable) {
            comment(s, "NOT SCRIPTED (its tracking row lacks a value the command needs): " + label(target, r));
        }
    }

    private void body(StringBuilder s, ScriptTarget target, List<Step> steps, List<TrackedResource> unscriptable) {
        s.append("set -euo pipefail\n\n");
        s.append("# ---- configuration: every setting can be overridden from the environment ----\n");
        s.append("IBMCLOUD=\"${IBMCLOUD:-").append(CLI).append("}\"\n");
        variableDefaults.forEach((name, value) -> s.append(name).append("=\"${").append(name).append(":-")
                .append(value == null ? "" : Bash.doubleQuote(value)).append("}\"\n"));
        s.append("WAIT_TIMEOUT_SECONDS=\"${WAIT_TIMEOUT_SECONDS:-1800}\"\n");
        s.append("POLL_SECONDS=\"${POLL_SECONDS:-10}\"\n\n");
        s.append(ScriptHelpers.FUNCTIONS);

        s.append("\n# ---- arguments: --yes (-y), nothing else ----\n");
        s.append("parse_args \"$@\"\n");
        s.append("\n# ---- checks ----\n");
        s.append("for setting in WAIT_TIMEOUT_SECONDS POLL_SECONDS; do\n");
        s.append("  [[ \"${!setting}\" =~ ^[0-9]+$ ]] || fail \"$setting must be a whole number of seconds, not '$(printable \"${!setting}\")'\" 2\n");
        s.append("done\n");
        // each block targets the region its rows live in: an override would send a block's lookups elsewhere, where
        // everything is "not found". REGION equal to the one region every block is in (what older scripts took) is
        // harmless and accepted; any other value stops the script
        List<String> regions = steps.stream().map(step -> step.place().region()).filter(java.util.Objects::nonNull)
                .distinct().toList();
        String accepted = regions.size() == 1 ? regions.get(0) : "";
        s.append("if [[ -n \"${").append(REGION).append(":-}\" && \"$").append(REGION).append("\" != ")
                .append(Bash.quote(accepted)).append(" ]]; then\n");
        s.append("  fail \"REGION is set ('$(printable \"$REGION\")'), but this script targets each block's own region, where its rows live (listed at the top): unset REGION\" 2\n");
        s.append("fi\n");
        s.append("command -v \"$IBMCLOUD\" >/dev/null 2>&1 || fail \"ibmcloud CLI not found ('$(printable \"$IBMCLOUD\")'): install it or set IBMCLOUD\" 2\n");
        for (String variable : usedVariables(steps)) {
            s.append("require_setting ").append(Bash.quote(variable)).append('\n');
        }
        s.append("check_session\n");
        int total = steps.stream().mapToInt(st -> st.commands().size()).sum();
        String described = Bash.quote(Bash.visible(target.describe()));
        long blockCount = steps.stream().map(Step::place).distinct().count();
        s.append("printf 'Cleaning up %s: %s resource(s) in %s step(s) in %s place(s), waiting at most %ss per step\\n' ")
                .append(described).append(' ').append(total).append(' ').append(steps.size()).append(' ').append(blockCount)
                .append(" \"$WAIT_TIMEOUT_SECONDS\"\n");
        s.append("printf '  %s=%s\\n' IBMCLOUD \"$IBMCLOUD\"");
        variableDefaults.keySet().forEach(name -> s.append(' ').append(name).append(" \"${").append(name).append(":-(unset)}\""));
        s.append('\n');
        for (TrackedResource r : unscriptable) {
            s.append("printf '! not scripted, delete it by hand: %s\\n' ").append(Bash.quote(label(target, r))).append(" >&2\n");
        }

        Report report = report(target, steps);
        s.append("\n# ---- what it deletes, and the operator's go-ahead ----\n");
        List<String> shown = new ArrayList<>(liveWarning(target, steps.stream().flatMap(st -> st.commands().stream())
                .map(Command::resource).toList()));
        shown.add("It deletes these " + total + " resource(s), each only if it still exists:");
        inventory(target, steps).forEach(line -> shown.add("  " + line));
        s.append("printf '%s\\n'");
        shown.forEach(line -> s.append(" \\\n  ").append(Bash.quote(Bash.visible(line))));
        s.append('\n');
        s.append("confirm ").append(Bash.quote(report.expected())).append(' ').append(Bash.quote(report.expectedIs())).append('\n');
        s.append("RECONCILE_HINT=").append(Bash.quote(report.helperCommand())).append('\n');

        Place current = null;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (!step.place().equals(current)) {
                current = step.place();
                s.append("\n# ==== ").append(Bash.visible(current.describe(places))).append(" ====\n");
                if (current.accountId(places) == null) {
                    s.append("# its IBM account id is not configured (").append(com.cleanupservice.ibm.Accounts.PREFIX)
                            .append(Bash.visible(current.account())).append(".id): the account is not switched to nor checked, only the region\n");
                }
                s.append("target_place ").append(Bash.quote(Bash.visible(current.account()))).append(' ')
                        .append(Bash.quote(current.accountId(places) == null ? "" : current.accountId(places))).append(' ')
                        .append(Bash.quote(current.region() == null ? "" : current.region())).append('\n');
            }
            String title = "step " + (i + 1) + " of " + steps.size() + ": " + step.type() + " (" + step.commands().size() + ")";
            s.append("\n# ---- ").append(title).append(" ----\n");
            s.append("begin_step ").append(Bash.quote(title)).append('\n');
            for (Command c : step.commands()) {
                s.append("delete_if_present ").append(Bash.quote(c.label())).append(' ').append(c.show().size());
                c.show().forEach(a -> s.append(' ').append(word(a)));
                c.delete().forEach(a -> s.append(' ').append(word(a)));
                s.append('\n');
            }
            s.append("wait_until_gone\n");
        }
        s.append('\n');
        if (!unscriptable.isEmpty()) {
            s.append("fail ").append(Bash.quote(unscriptable.size() + " resource(s) could not be scripted (listed at the top); delete them by hand")).append('\n');
        } else {
            s.append("finish ").append(total).append(' ').append(described).append('\n');
            s.append("report_back ").append(Bash.quote(report.path())).append(' ').append(Bash.quote(report.body())).append('\n');
        }
    }

    /** The show and delete words after {@code ibmcloud}; null when a word is missing (e.g. no subnet known). */
    private Command command(ScriptTarget target, TrackedResource r) {
        List<CliArg> show = com.cleanupservice.resources.ResourceType.Commands.show(r);
        List<CliArg> delete = com.cleanupservice.resources.ResourceType.Commands.delete(r);
        if (show.stream().anyMatch(a -> a.value() == null) || delete.stream().anyMatch(a -> a.value() == null)) {
            return null;
        }
        return new Command(r, label(target, r), afterCli(r, show), afterCli(r, delete));
    }

    private static List<CliArg> afterCli(TrackedResource r, List<CliArg> command) {
        if (command.isEmpty() || command.get(0).variable() || !CLI.equals(command.get(0).value())) {
            throw new IllegalStateException("resource type " + r.type().name() + " gave a command that is not an " + CLI + " command");
        }
        return command.subList(1, command.size());
    }

    private String word(CliArg arg) {
        if (arg.variable()) {
            if (!variableDefaults.containsKey(arg.value())) {
                throw new IllegalStateException("a command uses script variable " + arg.value()
                        + " but scripts only define " + variableDefaults.keySet());
            }
            return Bash.variable(arg.value());
        }
        return Bash.quote(arg.value());
    }

    private static Set<String> usedVariables(List<Step> steps) {
        Set<String> used = new LinkedHashSet<>();
        steps.forEach(st -> st.commands().forEach(c -> {
            c.show().stream().filter(CliArg::variable).forEach(a -> used.add(a.value()));
            c.delete().stream().filter(CliArg::variable).forEach(a -> used.add(a.value()));
        }));
        return used;
    }

    /** E.g. {@code subnet_reserved_ip 10.240.1.10 (management) of nutanix-poc-bm-node-01 [0717-...]}, escaped. */
    private static String label(ScriptTarget target, TrackedResource r) {
        String name = String.valueOf(r.label());
        String label = r.type().name() + " " + name;
        if (r.nodeName() != null && ScriptTarget.DEPLOYMENT.equals(target.kind()) && !name.contains(r.nodeName())) {
            label += " of " + r.nodeName();
        }
        return Bash.visible(name.equals(r.ibmId()) ? label : label + " [" + r.ibmId() + "]");
    }

    private static String states(List<TrackedResource> resources) {
        if (resources.isEmpty()) {
            return "";
        }
        Map<LedgerState, Long> counts = new EnumMap<>(LedgerState.class);
        resources.forEach(r -> counts.merge(r.state(), 1L, Long::sum));
        return " (" + counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")";
    }

    private static Report report(ScriptTarget target, List<Step> steps) {
        List<String> ids = steps.stream().flatMap(st -> st.commands().stream()).map(c -> c.resource().ibmId()).distinct().toList();
        boolean node = ScriptTarget.NODE.equals(target.kind());
        String path = node ? "/api/cleanup/reconcile/node/" + target.nodes().get(0).id()
                // a deployment id is a path id the API checked (letters, digits, '.', '_', ':', '-'): nothing to encode
                : "/api/cleanup/reconcile/deployment/" + target.name();
        String helper = node ? "cleanup-helper.sh reconcile " + target.nodes().get(0).id()
                : "cleanup-helper.sh reconcile --deployment " + Bash.visible(target.name());
        return new Report(path, jsonIds(ids), helper, Bash.visible(target.name()), node ? "the node name" : "the deployment id");
    }

    /**
     * The loud part of the header, when the script deletes anything of a live node (only with force=true): which
     * nodes, their status and how many of their resources.
     */
    private static List<String> liveWarning(ScriptTarget target, List<TrackedResource> resources) {
        Map<String, Long> left = LiveGuard.left(resources);
        List<NodeRef> live = LiveGuard.live(target).stream().filter(n -> left.containsKey(n.name())).toList();
        if (live.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("!!! LIVE NODES: this script deletes resources of " + live.size() + " live node(s) (deployed or provisioning),");
        lines.add("!!! asked for with force=true. A live node is in use: deleting its resources takes it down.");
        live.forEach(n -> lines.add("!!!   " + n.name() + " (id " + n.id() + ", " + n.status() + "): " + left.get(n.name())
                + " resource(s)"));
        return lines;
    }

    /**
     * Every resource the script deletes, by node (the target's order), then the deployment's own: type, name, exact id,
     * and where it lives (account/region, a DNS record's region {@code global}).
     */
    private List<String> inventory(ScriptTarget target, List<Step> steps) {
        List<TrackedResource> all = steps.stream().flatMap(st -> st.commands().stream()).map(Command::resource).toList();
        int typeWidth = all.stream().mapToInt(r -> r.type().name().length()).max().orElse(0);
        int nameWidth = Math.min(48, all.stream().mapToInt(r -> shownName(r).length()).max().orElse(0));
        int idWidth = Math.min(64, all.stream().mapToInt(r -> Bash.visible(r.ibmId()).length()).max().orElse(0));
        String row = "  %-" + typeWidth + "s  %-" + Math.max(1, nameWidth) + "s  %-" + Math.max(1, idWidth) + "s  %s";
        Map<String, List<TrackedResource>> groups = new LinkedHashMap<>();
        Map<String, String> headings = new LinkedHashMap<>();
        for (NodeRef n : target.nodes()) {
            groups.put(n.name(), new ArrayList<>());
            headings.put(n.name(), "node " + n.name() + " (id " + n.id() + ", " + n.status()
                    + (NodeStatus.in(NodeStatus.LIVE, n.status()) ? ", LIVE" : "") + ")");
        }
        for (TrackedResource r : all) {
            String key = r.nodeName() == null ? "" : r.nodeName();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            headings.putIfAbsent(key, r.nodeName() == null ? "deployment " + target.deploymentId() + " (its own, no node)"
                    : "node " + r.nodeName());
        }
        List<String> lines = new ArrayList<>();
        groups.forEach((key, rows) -> {
            if (!rows.isEmpty()) {
                lines.add(Bash.visible(headings.get(key)) + ": " + rows.size() + " resource(s)");
                rows.forEach(r -> lines.add(String.format(row, r.type().name(), shownName(r), Bash.visible(r.ibmId()),
                        Bash.visible(placeOf(r).shortName()))));
            }
        });
        return lines;
    }

    private static String shownName(TrackedResource r) {
        return r.name() == null || r.name().isBlank() ? "-" : Bash.visible(r.name());
    }

    /** {@code {"ids":[...]}} in ASCII: every character outside it escaped by Jackson, so the body is safe in a bash word. */
    static String jsonIds(List<String> ids) {
        try {
            return ASCII_JSON.writeValueAsString(Map.of("ids", ids));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("ids not writable as JSON", e);
        }
    }

    private static void comment(StringBuilder s, String text) {
        s.append(text.isEmpty() ? "#" : "# " + Bash.visible(text)).append('\n');
    }

    private record Command(TrackedResource resource, String label, List<CliArg> show, List<CliArg> delete) {
    }

    /**
     * How the script reports back, and the confirmation it asks for: the reconcile path, its body (the ids scripted),
     * the helper command that does the same, and what the operator types.
     */
    private record Report(String path, String body, String helperCommand, String expected, String expectedIs) {
    }

    private record Step(Place place, String type, List<Command> commands) {
    }

    /**
     * Where a block of the script deletes: a region of an account, or (region null) an account's global DNS records
     * when it has nothing regional in the script.
     */
    record Place(String account, String region) {
        String accountId(Places places) {
            return places.accountId(account);
        }

        /** E.g. {@code account sandbox-2 (IBM account id 0123...), region eu-de}. */
        String describe(Places places) {
            String id = accountId(places);
            return "account " + account + (id == null ? " (IBM account id not configured)" : " (IBM account id " + id + ")")
                    + (region == null ? ", DNS only (global, no region)" : ", region " + region);
        }

        /** For the list of resources: {@code sandbox-2/eu-de}, or {@code sandbox-2/global}. */
        String shortName() {
            return account + "/" + (region == null ? "global" : region);
        }
    }

    /**
     * The rows by place, in the order the script visits them: the default place first, then by account and region
     * (an account's DNS-only block after its regions). A row naming no account is the default account's, a VPC row
     * naming no region the default region's; a DNS row (global) joins the first block of its account.
     */
    private Map<Place, List<TrackedResource>> blocks(List<TrackedResource> resources) {
        Place home = new Place(places.defaultAccount(), places.defaultRegion());
        Comparator<Place> order = Comparator.comparing((Place p) -> !p.equals(home)).thenComparing(Place::account)
                .thenComparing(p -> p.region() == null ? 1 : 0).thenComparing(p -> p.region() == null ? "" : p.region());
        Map<Place, List<TrackedResource>> blocks = new TreeMap<>(order);
        List<TrackedResource> global = new ArrayList<>();
        for (TrackedResource r : resources) {
            if (r.region() == null && !r.type().rows().regional()) {
                global.add(r);
            } else {
                blocks.computeIfAbsent(placeOf(r), k -> new ArrayList<>()).add(r);
            }
        }
        for (TrackedResource r : global) {
            String account = placeOf(r).account();
            Place first = blocks.keySet().stream().filter(p -> p.account().equals(account) && p.region() != null).findFirst()
                    .orElse(new Place(account, null));
            blocks.computeIfAbsent(first, k -> new ArrayList<>()).add(r);
        }
        return blocks;
    }

    /** Where the row lives (a global row: region null). */
    private Place placeOf(TrackedResource r) {
        String account = r.account() == null ? places.defaultAccount() : r.account();
        if (r.region() == null && !r.type().rows().regional()) {
            return new Place(account, null);
        }
        return new Place(account, r.region() == null ? places.defaultRegion() : r.region());
    }
}
