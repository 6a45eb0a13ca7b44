package com.cleanupservice.bench;

/** Status latency at scale, as one line of the performance table (filled in by StatusBenchmark). */
final class StatusFigures {
    private StatusFigures() {
    }

    static String line(int nodes) {
        return "Status at " + nodes + " nodes: not measured yet";
    }
}
