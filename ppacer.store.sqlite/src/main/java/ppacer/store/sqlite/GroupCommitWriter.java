package ppacer.store.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import ppacer.api.spi.StoreException;

/**
 * The single writer of a SQLite store, with group commit. Callers on any thread {@link #submit}
 * work; one writer thread takes everything queued (up to a batch limit), runs each piece in order
 * in ONE transaction, commits once and only then completes each caller. If a piece fails, the batch
 * is rolled back and its pieces are re-run one transaction each, so that one failure (e.g. a
 * duplicate key) reaches only its own caller.
 *
 * <p>A caller waits parked; the writer releases a committed batch as a tree of wake-ups (see
 * {@link #releaseAll}). Batches grow by themselves under load: while the writer commits, callers queue up. When a
 * batch came out smaller than the previous one, the writer yields a few times first, so that callers
 * it has just released can queue their next write into the same commit.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
    private static final Pending<Void> STOP = new Pending<>(s -> null);
    private static final int GATHER_YIELDS = 4;

    private final Session session;
    private final String store;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private final Thread thread;
    private boolean closed;

    /**
     * @param session the write connection, with auto-commit off; owned by the writer from now on
     * @param store the store description for messages
     * @param maxBatch at most this many pieces per commit
     */
    GroupCommitWriter(Session session, String store, int maxBatch) {
        this.session = session;
        this.store = store;
        this.maxBatch = maxBatch;
        this.thread = Thread.ofPlatform().name("ppacer-sqlite-writer").daemon().unstarted(this::loop);
        thread.start();
    }

    /**
     * Queues work and waits until the transaction that ran it has committed.
     *
     * @param work the work
     * @param <T> its result
     * @return its result, durable
     * @throws SQLException the work's or the commit's failure
     * @throws StoreException when the store is closed
     */
    <T> T submit(SqlWork<T> work) throws SQLException {
        Pending<T> p = new Pending<>(work);
        closing.readLock().lock();
        try {
            if (closed) {
                throw new StoreException("Store " + store + " is closed");
            }
            queue.add(p);
        } finally {
            closing.readLock().unlock();
        }
        return p.await();
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        int previous = 1;
        boolean running = true;
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(batch, maxBatch - batch.size());
            for (int i = 0; i < GATHER_YIELDS && batch.size() < Math.min(previous, maxBatch); i++) {
                Thread.yield();
                queue.drainTo(batch, maxBatch - batch.size());
            }
            int stop = batch.indexOf(STOP);
            if (stop >= 0) {
                batch.subList(stop, batch.size()).clear();
                running = false;
            }
            if (!batch.isEmpty()) {
                runBatch(batch);
                previous = batch.size();
            }
            batch.clear();
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        Throwable failure = null;
        for (int i = 0; i < batch.size() && failure == null; i++) {
            failure = batch.get(i).run(session);
        }
        if (failure == null) {
            try {
                session.connection().commit();
            } catch (SQLException e) {
                rollback(e);
                batch.forEach(p -> p.fail(e));
                return;
            }
            releaseAll(batch);
            return;
        }
        rollback(failure);
        if (batch.size() == 1) {
            batch.getFirst().fail(failure);
            return;
        }
        for (Pending<?> p : batch) {
            runAlone(p);
        }
    }

    /**
     * Releases a committed batch as a binary tree: the writer unparks only the first caller, and
     * each released caller unparks two more, so the writer pays one wake-up per batch instead of
     * one per caller.
     */
    private static void releaseAll(List<Pending<?>> batch) {
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            Pending<?> p = batch.get(i);
            p.left = 2 * i + 1 < n ? batch.get(2 * i + 1) : null;
            p.right = 2 * i + 2 < n ? batch.get(2 * i + 2) : null;
        }
        for (Pending<?> p : batch) {
            p.done = true;
        }
        LockSupport.unpark(batch.getFirst().caller);
    }

    private void runAlone(Pending<?> p) {
        Throwable failure = p.run(session);
        if (failure == null) {
            try {
                session.connection().commit();
                p.release();
                return;
            } catch (SQLException e) {
                failure = e;
            }
        }
        rollback(failure);
        p.fail(failure);
    }

    private void rollback(Throwable cause) {
        try {
            session.connection().rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Runs what was queued before, stops the writer thread and closes the connection. */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        } finally {
            closing.writeLock().unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            session.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the write connection of " + store + " failed", e);
        }
    }

    /**
     * One queued piece of work and its waiting caller. The writer sets the outcome, then publishes
     * it with the volatile {@code done} write and unparks the caller.
     */
    private static final class Pending<T> {
        private final SqlWork<T> work;
        private final Thread caller = Thread.currentThread();
        private T result;
        private Throwable failure;
        private Pending<?> left;
        private Pending<?> right;
        private volatile boolean done;

        Pending(SqlWork<T> work) {
            this.work = work;
        }

        /** Runs the work; returns its failure, or null. */
        Throwable run(Session session) {
            try {
                result = work.run(session);
                return null;
            } catch (SQLException | RuntimeException | Error e) {
                result = null;
                return e;
            }
        }

        void release() {
            done = true;
            LockSupport.unpark(caller);
        }

        void fail(Throwable t) {
            failure = t;
            release();
        }

        T await() throws SQLException {
            boolean interrupted = false;
            while (!done) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (left != null) {
                LockSupport.unpark(left.caller);
            }
            if (right != null) {
                LockSupport.unpark(right.caller);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return switch (failure) {
                case null -> result;
                case SQLException s -> throw s;
                case RuntimeException r -> throw r;
                case Error e -> throw e;
                default -> throw new StoreException("Write failed: " + failure, failure);
            };
        }
    }
}
