package com.cleanupservice.support;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * The service's heap gives back what it does not use. With the JVM's defaults G1 keeps up to 70% of its heap free and
 * committed, so a long sweep leaves the process holding several times its live data; a service that runs next to a
 * database on a small machine should not. At start, unless the command line set them, the free-heap ratios become
 * 10-30% (both are manageable flags: G1 applies them when a marking cycle or full collection ends) and G1 collects
 * after a minute without any collection, so an idle service shrinks too. Nothing here changes the maximum heap.
 */
public final class HeapFootprint {
    private static final Logger LOG = LoggerFactory.getLogger(HeapFootprint.class);
    private static final Map<String, String> DEFAULTS = Map.of(
            "MinHeapFreeRatio", "10",
            "MaxHeapFreeRatio", "30",
            "G1PeriodicGCInterval", "60000");

    private HeapFootprint() {
    }

    /**
     * Between two chunks of a long sweep: when the heap holds more than {@code budgetMb} committed, a full collection
     * gives the free part back (the free-heap ratios above decide how much stays). G1 grows its heap whenever it
     * spends a little more time collecting, and only gives it back after a marking cycle; a sweep of a hundred
     * thousand nodes would otherwise keep growing its footprint with nothing live to show for it. One pause of a
     * fraction of a second per chunk of a thousand nodes; 0 turns it off.
     */
    public static boolean trim(int budgetMb) {
        if (budgetMb <= 0) {
            return false;
        }
        long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        if (committed <= budgetMb * 1024L * 1024L) {
            return false;
        }
        System.gc(); // NOPMD: the one deliberate collection, see above
        LOG.debug("Heap footprint: {} MB committed over the budget of {} MB, now {} MB", committed >> 20, budgetMb,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20);
        return true;
    }

    public static void applyDefaults() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotspot == null || !"true".equals(hotspot.getVMOption("UseG1GC").getValue())) {
                return;
            }
            // the ratios in an order the JVM accepts at every step (min <= max)
            for (String name : new String[] {"MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval"}) {
                VMOption current = hotspot.getVMOption(name);
                if (current.getOrigin() == VMOption.Origin.DEFAULT && current.isWriteable()) {
                    hotspot.setVMOption(name, DEFAULTS.get(name));
                }
            }
            LOG.debug("Heap footprint: free ratios {}-{}%, periodic collection every {} ms",
                    hotspot.getVMOption("MinHeapFreeRatio").getValue(), hotspot.getVMOption("MaxHeapFreeRatio").getValue(),
                    hotspot.getVMOption("G1PeriodicGCInterval").getValue());
        } catch (RuntimeException e) {
            LOG.debug("Heap footprint left to the JVM's defaults: {}", e.toString());
        }
    }
}
