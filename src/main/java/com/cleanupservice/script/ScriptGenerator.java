package com.cleanupservice.script;

import com.cleanupservice.cleanup.CleanupRun;
import com.cleanupservice.cleanup.LaneRun;
import com.cleanupservice.cleanup.NodePlan;
import com.cleanupservice.cleanup.Planner;
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
 * Before deleting anything the script checks the CLI's session and region; it trusts only what it saw.
 */
public final class ScriptGenerator {
    private static final String CLI = "ibmcloud";
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
        comment(s, "Exit status: 0 when every resource was seen deleted or not found; 1 when a delete fails, a show");
        comment(s, "fails for another reason than not found, a step does not finish within WAIT_TIMEOUT_SECONDS or a");
        comment(s, "resource could not be scripted; 2 for a configuration or session error (a setting missing, not");
        comment(s, "logged in, another region or none targeted).");
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
        }
    }

    /** The show and delete words after {@code ibmcloud}; null when a word is missing (e.g. no subnet known). */
    private Command command(ScriptTarget target, TrackedResource r) {
        List<CliArg> show = r.type().cliShow(r);
        List<CliArg> delete = r.type().cliDelete(r);
        if (show.stream().anyMatch(a -> a.value() == null) || delete.stream().anyMatch(a -> a.value() == null)) {
            return null;
        }
        return new Command(label(target, r), afterCli(r, show), afterCli(r, delete));
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

    private static void comment(StringBuilder s, String text) {
        s.append(text.isEmpty() ? "#" : "# " + Bash.visible(text)).append('\n');
    }

    private record Command(String label, List<CliArg> show, List<CliArg> delete) {
    }

    private record Step(String type, List<Command> commands) {
    }
}
