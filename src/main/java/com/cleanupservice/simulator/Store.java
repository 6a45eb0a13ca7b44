package com.cleanupservice.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The resources, in memory and (write-through) in a {@link StatePersistence}. All access goes through
 * {@link #transaction}: the work runs against a {@link Tx} that stages its changes; they are written to the
 * persistence first and only applied in memory once that succeeded, so the two never diverge.
 *
 * <p>There is no global lock. Each kind has a read-write lock; a transaction takes a kind's read lock when it first
 * reads that kind and its write lock when it first stages a change to it, and holds them until it ends (the database
 * write included), so transactions on different kinds run in parallel and reads never block each other. Locks are
 * only ever waited for in one order (the registry's); a transaction that needs a lock out of that order (or a write
 * lock on a kind it only read) takes it only if it is free, otherwise it lets go of everything and runs again with
 * that lock taken up front. The locks a named operation needed are remembered, so that the next run of it takes them
 * in order from the start and does not have to run twice. The work must therefore be free of effects outside the
 * {@code Tx} (it may draw seqs and random ids: gaps do not matter).
 *
 * <p>Each kind keeps indexes (its {@link SimKind#indexes}) over its resources, so that finding the resources under
 * a parent or those referring to another resource does not scan the kind; and the store keeps the resources that
 * have a transition due ({@link SimKind#dueAt}) ordered by time.
 *
 * <p>Every resource has a {@link Place} beside it (its account and region; none for built-in resources, which every
 * place sees), kept here and in the persistence, not in the kind's record. A transaction looks from a place
 * ({@code null}: from everywhere, for the admin surface and time-based transitions): it sees only the resources
 * there, and what it creates lives there; references between resources therefore stay within one place.
 */
final class Store {
    private static final byte NONE = 0;
    private static final byte READ = 1;
    private static final byte WRITE = 2;

    /** A resource's time-based transition: due at {@code at}. Stale entries are checked against the resource. */
    record Due(Instant at, int kindOrder, String id) {
        static final Comparator<Due> ORDER = Comparator.comparing(Due::at).thenComparingInt(Due::kindOrder)
                .thenComparing(Due::id);
    }

    /** One kind's resources and indexes, guarded by its lock: changed only under the write lock. */
    private static final class Shard {
        final SimKind<?> kind;
        final int order;
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        /** By id, in creation (seq) order: new ids get higher seqs and updates keep their map position. */
        final LinkedHashMap<String, Resource> byId = new LinkedHashMap<>();
        /** By id: where the resource lives; absent for built-in resources, which every place sees. */
        final Map<String, Place> places = new HashMap<>();
        /** Index name → key → seq → id; a bucket is in creation order. */
        final Map<String, Map<String, TreeMap<Long, String>>> indexes = new LinkedHashMap<>();

        Shard(SimKind<?> kind, int order) {
            this.kind = kind;
            this.order = order;
            kind.indexNames().forEach(name -> indexes.put(name, new HashMap<>()));
        }

        void put(Resource resource, Place place) {
            if (place == null) {
                places.remove(resource.id());
            } else {
                places.put(resource.id(), place);
            }
            Resource old = byId.put(resource.id(), resource);
            if (old != null) {
                unindex(old);
            }
            kind.indexKeys(resource).forEach((name, keys) -> {
                for (String key : keys) {
                    indexes.get(name).computeIfAbsent(key, k -> new TreeMap<>()).put(resource.seq(), resource.id());
                }
            });
        }

        void remove(String id) {
            places.remove(id);
            Resource old = byId.remove(id);
            if (old != null) {
                unindex(old);
            }
        }

        private void unindex(Resource old) {
            kind.indexKeys(old).forEach((name, keys) -> {
                Map<String, TreeMap<Long, String>> index = indexes.get(name);
                for (String key : keys) {
                    TreeMap<Long, String> bucket = index.get(key);
                    if (bucket != null) {
                        bucket.remove(old.seq());
                        if (bucket.isEmpty()) {
                            index.remove(key);
                        }
                    }
                }
            });
        }

        void clear() {
            byId.clear();
            places.clear();
            indexes.values().forEach(Map::clear);
        }
    }

    /** Thrown inside a transaction that has to let go of its locks and run again; never escapes the store. */
    private static final class Restart extends RuntimeException {
        Restart() {
            super(null, null, false, false);
        }
    }

    private final StatePersistence persistence;
    private final Map<SimKind<?>, Shard> shards = new IdentityHashMap<>();
    private final Shard[] ordered;
    private final AtomicLong nextSeq;
    /** Per operation name: the lock mode per kind (by order) it needed so far; only ever grows. */
    private final Map<String, byte[]> plans = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Due> due = new ConcurrentSkipListSet<>(Due.ORDER);

    Store(Kinds kinds, StatePersistence persistence) {
        this.persistence = persistence;
        List<SimKind<?>> all = kinds.all();
        ordered = new Shard[all.size()];
        for (int i = 0; i < all.size(); i++) {
            ordered[i] = new Shard(all.get(i), i);
            shards.put(all.get(i), ordered[i]);
        }
        long maxSeq = 0;
        for (StatePersistence.Stored stored : persistence.loadAll()) {
            Resource resource = stored.resource();
            Shard shard = shards.get(kinds.of(resource));
            shard.put(resource, stored.place() == null || builtIn(shard.kind, resource)
                    ? null : stored.place().of(shard.kind));
            scheduleIfDue(shard, resource);
            maxSeq = Math.max(maxSeq, resource.seq());
        }
        nextSeq = new AtomicLong(maxSeq + 1);
    }

    /**
     * Runs {@code work} as one transaction, again if it has to restart (see the class comment).
     *
     * @param operation names the work for remembering the locks it takes; the same name must mean the same kind of
     *                  work
     * @param writes    a kind the work is known to change ({@code null}: none known), locked for writing up front
     */
    <T> T transaction(String operation, SimKind<?> writes, Function<Tx, T> work) {
        return transaction(operation, writes, null, work);
    }

    /**
     * As {@link #transaction(String, SimKind, Function)}, looking from {@code view}: the work sees only the resources
     * there (and the built-in ones), and what it creates lives there. {@code null} sees everything and creates
     * built-in resources.
     */
    <T> T transaction(String operation, SimKind<?> writes, Place view, Function<Tx, T> work) {
        byte[] plan = plans.computeIfAbsent(operation, k -> new byte[ordered.length]).clone();
        if (writes != null) {
            plan[shards.get(writes).order] = WRITE;
        }
        while (true) {
            Tx tx = new Tx(plan, view);
            try {
                tx.lockPlanned();
                T result = work.apply(tx);
                tx.commit();
                return result;
            } catch (Restart restart) {
                plan = tx.wanted;
                plans.merge(operation, plan.clone(), Store::union);
            } finally {
                tx.releaseAll();
            }
        }
    }

    /** Removes every resource: waits for every kind's write lock, in order. */
    void clear() {
        for (Shard shard : ordered) {
            shard.lock.writeLock().lock();
        }
        try {
            persistence.clear();
            for (Shard shard : ordered) {
                shard.clear();
            }
            due.clear();
        } finally {
            for (int i = ordered.length - 1; i >= 0; i--) {
                ordered[i].lock.writeLock().unlock();
            }
        }
    }

    /** The earliest transition due, or {@code null}; may be stale (the resource changed since). */
    Due firstDue() {
        return due.isEmpty() ? null : firstOrNull();
    }

    private Due firstOrNull() {
        try {
            return due.first();
        } catch (java.util.NoSuchElementException e) { // emptied meanwhile
            return null;
        }
    }

    /** Takes the transition for the caller to carry out; {@code false} when another thread took it first. */
    boolean claim(Due transition) {
        return due.remove(transition);
    }

    /** Puts back a claimed transition whose transaction failed, for the next request to try again. */
    void unclaim(Due transition) {
        due.add(transition);
    }

    SimKind<?> kindOf(Due transition) {
        return ordered[transition.kindOrder()].kind;
    }

    private void scheduleIfDue(Shard shard, Resource resource) {
        Instant at = dueAt(shard.kind, resource);
        if (at != null) {
            due.add(new Due(at, shard.order, resource.id()));
        }
    }

    private static <R extends Resource> boolean builtIn(SimKind<R> kind, Resource resource) {
        return kind.builtIn(kind.type().cast(resource));
    }

    private static <R extends Resource> Instant dueAt(SimKind<R> kind, Resource resource) {
        return kind.dueAt(kind.type().cast(resource));
    }

    private static byte[] union(byte[] a, byte[] b) {
        byte[] u = a.clone();
        for (int i = 0; i < u.length; i++) {
            u[i] = (byte) Math.max(u[i], b[i]);
        }
        return u;
    }

    /** A view of the store with staged changes; only valid inside {@link #transaction}. */
    final class Tx {
        private record Key(SimKind<?> kind, String id) {
        }

        private final Map<Key, StatePersistence.Change> changes = new LinkedHashMap<>();
        private final byte[] held = new byte[ordered.length];
        /** What a restart takes up front: the plan plus what this run found it needs. */
        private final byte[] wanted;
        private int highest = -1;
        private final Place view;

        private Tx(byte[] plan, Place view) {
            this.wanted = plan.clone();
            this.view = view;
        }

        private void lockPlanned() {
            for (int i = 0; i < wanted.length; i++) {
                if (wanted[i] != NONE) {
                    lock(ordered[i], wanted[i]);
                }
            }
        }

        private void lock(Shard shard, byte mode) {
            int i = shard.order;
            if (held[i] >= mode) {
                return;
            }
            if (held[i] == READ) { // a read lock cannot become a write lock: take the write lock up front instead
                wanted[i] = WRITE;
                throw new Restart();
            }
            ReentrantReadWriteLock.ReadLock read = shard.lock.readLock();
            ReentrantReadWriteLock.WriteLock write = shard.lock.writeLock();
            if (i > highest) {
                // waiting only for locks above every lock held keeps transactions from waiting for each other in
                // a circle
                if (mode == WRITE) {
                    write.lock();
                } else {
                    read.lock();
                }
            } else if (!(mode == WRITE ? write.tryLock() : read.tryLock())) {
                wanted[i] = mode;
                throw new Restart();
            }
            held[i] = mode;
            wanted[i] = (byte) Math.max(wanted[i], mode);
            highest = Math.max(highest, i);
        }

        private void releaseAll() {
            for (int i = held.length - 1; i >= 0; i--) {
                if (held[i] == WRITE) {
                    ordered[i].lock.writeLock().unlock();
                } else if (held[i] == READ) {
                    ordered[i].lock.readLock().unlock();
                }
                held[i] = NONE;
            }
        }

        /** Writes the changes through, then applies them in memory; the write locks of their kinds are held. */
        private void commit() {
            if (changes.isEmpty()) {
                return;
            }
            persistence.apply(changes.values());
            for (StatePersistence.Change change : changes.values()) {
                Shard shard = shards.get(change.kind());
                if (change.resource() == null) {
                    shard.remove(change.id());
                } else {
                    shard.put(change.resource(), change.place());
                    scheduleIfDue(shard, change.resource());
                }
            }
        }

        private Shard read(SimKind<?> kind) {
            Shard shard = shards.get(kind);
            lock(shard, READ);
            return shard;
        }

        long nextSeq() {
            return nextSeq.getAndIncrement();
        }

        /** The resource of that kind and id, or {@code null}; also {@code null} when it lives elsewhere. */
        Resource get(SimKind<?> kind, String id) {
            Resource resource = anywhere(kind, id);
            return resource == null || visible(placeOf(kind, id)) ? resource : null;
        }

        /** The resource of that kind and id wherever it lives, or {@code null}: ids are unique across places. */
        Resource anywhere(SimKind<?> kind, String id) {
            Shard shard = read(kind);
            StatePersistence.Change staged = changes.get(new Key(kind, id));
            return staged != null ? staged.resource() : shard.byId.get(id);
        }

        /** Where the resource of that kind and id lives; {@code null} when built in or absent. */
        Place placeOf(SimKind<?> kind, String id) {
            Shard shard = read(kind);
            StatePersistence.Change staged = changes.get(new Key(kind, id));
            return staged != null ? staged.place() : shard.places.get(id);
        }

        private boolean visible(Place place) {
            return view == null || place == null || view.sees(place);
        }

        /** All resources of a kind, in creation order. */
        List<Resource> all(SimKind<?> kind) {
            Shard shard = read(kind);
            List<Resource> result = new ArrayList<>();
            for (Resource committed : shard.byId.values()) {
                Resource current = get(kind, committed.id());
                if (current != null) {
                    result.add(current);
                }
            }
            for (StatePersistence.Change change : changes.values()) {
                if (change.kind() == kind && change.resource() != null && !shard.byId.containsKey(change.id())
                        && visible(change.place())) {
                    result.add(change.resource());
                }
            }
            return result;
        }

        /**
         * The resources of a kind under key {@code key} of its index {@code index} ({@link SimKind#indexes}), in
         * creation order: the committed ones from the index, corrected by what this transaction staged.
         */
        List<Resource> indexed(SimKind<?> kind, String index, String key) {
            Shard shard = read(kind);
            if (!shard.indexes.containsKey(index)) {
                throw new IllegalArgumentException(kind + " has no index " + index);
            }
            TreeMap<Long, Resource> result = new TreeMap<>();
            TreeMap<Long, String> bucket = shard.indexes.get(index).get(key);
            if (bucket != null) {
                for (String id : bucket.values()) {
                    Resource current = get(kind, id);
                    if (current != null && kind.indexKeys(current).get(index).contains(key)) {
                        result.put(current.seq(), current);
                    }
                }
            }
            for (StatePersistence.Change change : changes.values()) {
                if (change.kind() == kind && change.resource() != null
                        && kind.indexKeys(change.resource()).get(index).contains(key) && visible(change.place())) {
                    result.put(change.resource().seq(), change.resource());
                }
            }
            return new ArrayList<>(result.values());
        }

        /** Stages a new or changed resource: a changed one stays where it lives, a new one lives at the view. */
        void put(SimKind<?> kind, Resource resource) {
            lock(shards.get(kind), WRITE);
            Place place = anywhere(kind, resource.id()) != null ? placeOf(kind, resource.id())
                    : view == null ? null : view.of(kind);
            changes.put(new Key(kind, resource.id()),
                    new StatePersistence.Change(kind, resource.id(), resource, place));
        }

        void remove(SimKind<?> kind, Resource resource) {
            lock(shards.get(kind), WRITE);
            changes.put(new Key(kind, resource.id()), new StatePersistence.Change(kind, resource.id(), null, null));
        }
    }
}
