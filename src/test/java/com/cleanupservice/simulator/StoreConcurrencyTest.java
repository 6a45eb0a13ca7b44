package com.cleanupservice.simulator;

import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The store has no global lock: what one transaction holds stops only the transactions that need the same kind.
 * Nothing here measures time: latches hold a transaction open, and a thread that should not wait is watched until it
 * either finishes or is seen waiting for a lock (which fails the test at once).
 */
class StoreConcurrencyTest {
    private static final SimKind<?> SERVERS = Kinds.ALL.byWireName("bare_metal_server");
    private static final SimKind<?> VNIS = Kinds.ALL.byWireName("virtual_network_interface");
    private static final SimKind<?> DNS_RECORDS = Kinds.ALL.byWireName("dns_record");

    /** Through the public API: a DNS write stuck in its database write holds up neither reads nor writes of VPC kinds. */
    @Test
    void aWriteWaitingForTheDatabaseHoldsUpNoOtherKind() throws InterruptedException {
        AtomicBoolean holdNext = new AtomicBoolean();
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DataSource ds = holding(TestDatabase.freshDataSource(), holdNext, writing, release);
        try (IbmCloudSimulator sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).dataSource(ds)
                .bareMetalDeleteDelay(Duration.ZERO))) {
            sim.createReservedIp("subnet-1", "ip-1", null, null, false);

            holdNext.set(true);
            AtomicReference<Throwable> writerFailed = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    sim.createDnsRecord("inst", "zone", "A:1", "host.example.com", "A", "10.0.0.1");
                } catch (Throwable e) {
                    writerFailed.set(e);
                }
            }, "dns-writer");
            writer.start();
            try {
                writing.await(); // the DNS write is in its transaction, waiting for the database

                finishesWithoutWaitingForALock(() -> assertThat(sim.find("subnet_reserved_ip", "ip-1")).isPresent());
                finishesWithoutWaitingForALock(() -> sim.createReservedIp("subnet-1", "ip-2", null, null, false));
            } finally {
                release.countDown();
                writer.join();
            }
            assertThat(writerFailed.get()).isNull();
            assertThat(sim.exists("dns_record", "A:1")).isTrue();
            assertThat(sim.exists("subnet_reserved_ip", "ip-2")).isTrue();
        }
    }

    @Test
    void readsOfAKindDoNotWaitForEachOther() throws InterruptedException {
        Store store = new Store(Kinds.ALL, StatePersistence.NONE);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread reader = new Thread(() -> store.transaction("hold", null, tx -> {
            tx.all(DNS_RECORDS);
            reading.countDown();
            awaitUninterruptibly(release);
            return null;
        }), "long-reader");
        reader.start();
        try {
            reading.await();
            finishesWithoutWaitingForALock(() -> store.transaction("read", null, tx -> tx.get(DNS_RECORDS, "A:1")));
        } finally {
            release.countDown();
            reader.join();
        }
    }

    /**
     * T1 reads VNIs, then wants servers; T2 has locked servers for writing and waits for VNIs. Waiting for servers
     * while holding VNIs would close a circle; T1 instead lets go, runs again with both locks taken in order, and
     * both finish.
     */
    @Test
    void aLockWantedOutOfOrderRestartsTheTransactionInsteadOfDeadlocking() throws InterruptedException {
        Store store = new Store(Kinds.ALL, StatePersistence.NONE);
        CountDownLatch t1HoldsVnis = new CountDownLatch(1);
        CountDownLatch t2HoldsServers = new CountDownLatch(1);
        AtomicInteger t1Runs = new AtomicInteger();
        AtomicReference<Object> t1Saw = new AtomicReference<>();
        VirtualNetworkInterfaceKind.Vni vni = new VirtualNetworkInterfaceKind.Vni("vni-1", 1, "eth0", "subnet-1",
                "ip-1", false, Instant.parse("2024-01-01T00:00:00Z"), null);

        Thread t1 = new Thread(() -> t1Saw.set(store.transaction("t1", null, tx -> {
            t1Runs.incrementAndGet();
            tx.get(VNIS, "vni-1");
            t1HoldsVnis.countDown();
            awaitUninterruptibly(t2HoldsServers);
            tx.get(SERVERS, "srv-1");
            return tx.get(VNIS, "vni-1") == null ? "no vni" : "vni";
        })), "t1");
        Thread t2 = new Thread(() -> {
            awaitUninterruptibly(t1HoldsVnis);
            store.transaction("t2", SERVERS, tx -> {
                t2HoldsServers.countDown();
                tx.put(VNIS, vni);
                return null;
            });
        }, "t2");
        t1.start();
        t2.start();
        t1.join();
        t2.join();

        assertThat(t1Runs.get()).as("T1 ran again after letting go").isEqualTo(2);
        assertThat(t1Saw.get()).as("T1's second run saw T2's committed change").isEqualTo("vni");
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Runs {@code work} on a thread of its own and watches it: it must finish without ever being seen waiting for a
     * lock of the store (a kind's read-write lock, or the monitor of a store that serialises everything).
     */
    private static void finishesWithoutWaitingForALock(Runnable work) throws InterruptedException {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "must-not-wait");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        thread.start();
        while (thread.isAlive()) {
            ThreadInfo info = threads.getThreadInfo(thread.getId());
            LockInfo lock = info == null ? null : info.getLockInfo();
            if (lock != null && isStoreLock(lock)) {
                String owner = info.getLockOwnerName();
                fail("the request waits for " + lock + (owner == null ? "" : " held by " + owner));
            }
            Thread.onSpinWait();
        }
        assertThat(failed.get()).isNull();
    }

    private static boolean isStoreLock(LockInfo lock) {
        return lock.getClassName().startsWith("java.util.concurrent.locks.ReentrantReadWriteLock")
                || lock.getClassName().equals(Store.class.getName());
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A DataSource whose next connection, once {@code holdNext} is set, waits for {@code release}. */
    private static DataSource holding(DataSource target, AtomicBoolean holdNext, CountDownLatch holding,
                                      CountDownLatch release) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && holdNext.compareAndSet(true, false)) {
                        holding.countDown();
                        release.await();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
