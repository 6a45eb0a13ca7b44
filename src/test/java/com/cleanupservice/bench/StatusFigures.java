package com.cleanupservice.bench;

import java.util.Locale;

/** Status latency at scale, as one line of the performance table ({@link StatusBenchmark}'s figures). */
final class StatusFigures {
    private StatusFigures() {
    }

    static String line(int nodes) {
        StatusBenchmark.Figures f = StatusBenchmark.run(nodes, 2000);
        return String.format(Locale.ROOT, "Status at %,d tracked nodes, 2,000 sequential requests over HTTP, p50 / p99: overall **%.1f / %.1f ms**, "
                        + "one node %.1f / %.1f ms, one deployment %.1f / %.1f ms (the overall counts by GROUP BY over every node, as before: "
                        + "%.0f / %.0f ms).",
                f.nodes(), f.overall().p50(), f.overall().p99(), f.nodeView().p50(), f.nodeView().p99(), f.deploymentView().p50(),
                f.deploymentView().p99(), f.groupBySql().p50(), f.groupBySql().p99());
    }
}
