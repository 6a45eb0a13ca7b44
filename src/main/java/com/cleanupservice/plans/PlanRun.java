package com.cleanupservice.plans;

import com.cleanupservice.runs.store.RunRecord;

import java.util.UUID;

/** A plan's run (kind {@code plan}, target the plan's id) started here by a synchronous apply; its cleanups are its children. */
record PlanRun(UUID runId, String target, String owner, boolean force) implements RunRecord {
    static final String KIND = "plan";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String trigger() {
        return "api";
    }

    @Override
    public boolean dryRun() {
        return false;
    }

    @Override
    public long epoch() {
        return 1;
    }
}
