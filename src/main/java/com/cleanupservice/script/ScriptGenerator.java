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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes the bash script an operator runs when the service cannot do a cleanup itself. The order is the
 * {@link Planner}'s (the types' declared dependencies, then their order within a type), over every resource of the
 * target at once: step after step, each resource is deleted if it still exists, then the script waits until the whole
 * step is gone. Commands are the types' own {@code cliShow}/{@code cliDelete}; every value in them is quoted, and row
 * text the script shows (names, labels, the target) has its control characters escaped ({@link Bash#visible}).
 * Before deleting anything the script checks the CLI's session and region; it trusts only what it saw. Its top lists
 * every resource it deletes (type, name, exact id, node) and says loudly when live nodes are among them; before the
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
    private final String region;
    private final String generatedBy;

    /**
     * @param variableDefaults the script variables commands may use ({@link CliArg#var}) with their configured
     *                         values (null when not configured), in the order they are declared
     * @param region           the IBM Cloud region of the resources ({@code cleanup.ibm.region}): the default of the
     *                         script's {@code REGION}, which the CLI must target
     * @param generatedBy      who made the script, for the header (the service instance)
     */
    public ScriptGenerator(ResourceTypes types, Map<String, String> variableDefaults, String region, String generatedBy) {
        if (variableDefaults.containsKey(REGION)) {
            throw new IllegalArgumentException("script variable " + REGION + " is the generator's own");
        }
        this.planner = Planner.sequential(types);
        this.variableDefaults = new LinkedHashMap<>(variableDefaults);
        this.region = region;
        this.generatedBy = generatedBy;
    }

    public CleanupScript generate(ScriptTarget target, List<TrackedResource> resources, Instant now) {
        // the planner only orders; this run is never started or recorded
        CleanupRun ordering = new CleanupRun(UUID.randomUUID(), "script", target.name(), "script", generatedBy, true, false, null, null, 0);
        NodePlan plan = planner.plan(ordering, null, target.deploymentId(), resources);
        List<Step> steps = new ArrayList<>();
        List<TrackedResource> unscriptable = new ArrayList<>();
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
                    steps.add(new Step(step.resources().stream().map(r -> r.type().name()).distinct()
                            .collect(Collectors.joining(", ")), commands));
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
        comment(s, "Deletes each resource by its exact id, step by step in dependency order, and waits until every");
        comment(s, "resource of a step is gone before the next step starts:");
        for (int i = 0; i < steps.size(); i++) {
            comment(s, "  " + (i + 1) + ". " + steps.get(i).type() + " (" + steps.get(i).commands().size() + ")");
        }
        comment(s, "Resources already gone are skipped, so running it again is safe.");
        comment(s, "Before running: ibmcloud login, ibmcloud target -r " + region + ", plugins vpc-infrastructure and dns.");
        comment(s, "Before deleting anything it runs 'ibmcloud target' and stops unless the CLI is logged in and targets");
        comment(s, "REGION (" + region + "). A resource counts as gone only when its show command says it was not found (an");
        comment(s, "error code ending in not_found, or a 404); any other failure of a show stops the script. Names are");
        comment(s, "printed with control characters escaped (\\x1b, \\n), and so is what the CLI says on errors.");
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
        comment(s, "error (a setting missing, not logged in, another region or none targeted), a usage error, or no");
        comment(s, "confirmation; 3 when every resource is gone but telling the service failed (a warning says why and how");
        comment(s, "to tell it).");
        for (TrackedResource r : unscriptable) {
            comment(s, "NOT SCRIPTED (its tracking row lacks a value the command needs): " + label(target, r));
        }
    }

    private void body(StringBuilder s, ScriptTarget target, List<Step> steps, List<TrackedResource> unscriptable) {
        s.append("set -euo pipefail\n\n");
        s.append("# ---- configuration: every setting can be overridden from the environment ----\n");
        s.append("IBMCLOUD=\"${IBMCLOUD:-").append(CLI).append("}\"\n");
        s.append(REGION).append("=\"${").append(REGION).append(":-").append(Bash.doubleQuote(region)).append("}\"\n");
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
        s.append("[[ \"$REGION\" =~ ^[a-z0-9-]+$ ]] || fail \"REGION must be a region name such as us-south, not '$(printable \"$REGION\")'\" 2\n");
        s.append("command -v \"$IBMCLOUD\" >/dev/null 2>&1 || fail \"ibmcloud CLI not found ('$(printable \"$IBMCLOUD\")'): install it or set IBMCLOUD\" 2\n");
        for (String variable : usedVariables(steps)) {
            s.append("require_setting ").append(Bash.quote(variable)).append('\n');
        }
        s.append("check_session\n");
        int total = steps.stream().mapToInt(st -> st.commands().size()).sum();
        String described = Bash.quote(Bash.visible(target.describe()));
        s.append("printf 'Cleaning up %s: %s resource(s) in %s step(s), waiting at most %ss per step\\n' ")
                .append(described).append(' ').append(total).append(' ').append(steps.size())
                .append(" \"$WAIT_TIMEOUT_SECONDS\"\n");
        s.append("printf '  %s=%s\\n' IBMCLOUD \"$IBMCLOUD\" REGION \"$REGION\"");
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

        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
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

    /** Every resource the script deletes, by node (the target's order), then the deployment's own: type, name, exact id. */
    private static List<String> inventory(ScriptTarget target, List<Step> steps) {
        List<TrackedResource> all = steps.stream().flatMap(st -> st.commands().stream()).map(Command::resource).toList();
        int typeWidth = all.stream().mapToInt(r -> r.type().name().length()).max().orElse(0);
        int nameWidth = Math.min(48, all.stream().mapToInt(r -> shownName(r).length()).max().orElse(0));
        String row = "  %-" + typeWidth + "s  %-" + Math.max(1, nameWidth) + "s  %s";
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
                rows.forEach(r -> lines.add(String.format(row, r.type().name(), shownName(r), Bash.visible(r.ibmId()))));
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

    private record Step(String type, List<Command> commands) {
    }
}
