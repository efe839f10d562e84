package ppacer.store.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import ppacer.api.concurrent.BackgroundLoop;
import ppacer.api.concurrent.CommitTicket;
import ppacer.api.spi.StoreException;

/**
 * The single writer of a SQLite store, with group commit. Callers on any thread {@link #submit}
 * work; one writer thread takes everything queued (up to a batch limit), runs each piece in order
 * in ONE transaction, commits once and only then completes each caller. If a piece fails, the batch
 * is rolled back and its pieces are re-run one transaction each, so that one failure (e.g. a
 * duplicate key) reaches only its own caller.
 *
 * <p>No work ever runs outside a transaction: when a rollback fails (SQLite has already ended the
 * transaction itself, after {@code SQLITE_FULL} or {@code SQLITE_IOERR}), the connection is replaced
 * through {@link WriteConnection} before the next piece runs; while the replacement fails too, the
 * pieces fail with its error, and the writer tries again with the next batch, so it recovers once
 * the cause is gone.
 *
 * <p>Waiting is adaptive, because on a virtual machine a futex wake-up of a parked platform thread
 * costs tens of microseconds (an inter-processor interrupt) while a one-row commit costs about 25:
 * <ul>
 * <li>the writer, after a batch, keeps polling the queue (yielding its core to runnable callers)
 *     for {@value #WRITER_SPIN_MICROS} µs before it parks; a caller unparks it only when it parked;
 * <li>a platform-thread caller yields in a loop until its piece is committed, for up to three
 *     times the recent batch duration (at least {@value #CALLER_SPIN_MIN_MICROS} µs, at most
 *     {@value #CALLER_SPIN_MAX_MICROS} µs), and parks only after that; a virtual-thread caller parks at
 *     once (unmounting is cheap, and spinning would hold a carrier);
 * <li>a committed batch is released as a binary tree ({@link CommitTicket#releaseAll}): the writer
 *     unparks at most the first caller, and each released caller unparks those of its two children
 *     that parked, so the wake-up system calls run on the callers' threads, not on the writer's serial path.
 * </ul>
 * So under steady load no thread sleeps and nobody pays a wake-up, and an idle store costs nothing:
 * every thread is parked. The spins are kept short because a thread yielding on a core keeps that
 * core from looking idle, so runnable threads queued on the other core are not moved to it: long
 * spins cost the scheduler's own threads CPU when the machine is busy.
 *
 * <p>Batches grow by themselves under load: while the writer commits, callers queue up. Before a
 * batch, the writer also waits (up to half a commit's duration) for the callers of its last two
 * batches to queue again, so that they share one commit instead of alternating between two.
 */
final class SqliteWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SqliteWriter.class.getName());
    private static final Pending<Void> STOP = new Pending<>(s -> null);
    private static final long WRITER_SPIN_MICROS = 50;
    private static final long CALLER_SPIN_MIN_MICROS = 50;
    private static final long CALLER_SPIN_MAX_MICROS = 2000;

    private final WriteConnection replacement;
    private final String store;
    private final int maxBatch;
    private final Queue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private final BackgroundLoop writer;
    private final Thread thread;
    /** The batch being gathered or run (writer thread only). */
    private final List<Pending<?>> batch;
    private final RecentCallers recent = new RecentCallers();
    private volatile boolean writerParked;
    /** A moving average of the COMMIT's duration (writer thread only). */
    private long commitNanos;
    /** A moving average of a batch's duration, statements and COMMIT; callers read it to size their spin. */
    private volatile long batchNanos;
    private boolean closed;
    /** The write connection (writer thread only). */
    private Session session;
    /** True when the connection's transaction state is unknown: it must be replaced before it runs work. */
    private boolean broken;

    /**
     * @param session the write connection, with auto-commit off; owned by the writer from now on
     * @param replacement how to get a working connection back when SQLite ended a transaction itself
     * @param store the store description for messages
     * @param maxBatch at most this many pieces per commit
     */
    SqliteWriter(Session session, WriteConnection replacement, String store, int maxBatch) {
        this.session = session;
        this.replacement = replacement;
        this.store = store;
        this.maxBatch = maxBatch;
        this.batch = new ArrayList<>(maxBatch);
        this.writer = BackgroundLoop.named("ppacer-sqlite-writer").logger(LOG).build(this::writeOnce);
        // its own thread (not writer.start()): callers unpark it by its Thread
        this.thread = Thread.ofPlatform().name("ppacer-sqlite-writer").daemon().unstarted(writer::run);
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
        enqueue(p);
        return p.await(Math.clamp(3 * batchNanos, TimeUnit.MICROSECONDS.toNanos(CALLER_SPIN_MIN_MICROS),
                TimeUnit.MICROSECONDS.toNanos(CALLER_SPIN_MAX_MICROS)));
    }

    private void enqueue(Pending<?> p) {
        closing.readLock().lock();
        try {
            if (closed && p != STOP) {
                throw new StoreException("Store " + store + " is closed");
            }
            queue.add(p);
        } finally {
            closing.readLock().unlock();
        }
        if (writerParked) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * One round of the writer's loop: gathers a batch and runs it; the {@code STOP} marker ends the
     * loop after what was queued before it. A failure that escapes (a bug) fails the batch's pieces
     * not yet completed, so no caller waits forever, and the loop goes on.
     */
    private void writeOnce() {
        try {
            batch.add(next());
            drain(batch);
            gather(batch, Math.min(recent.expected(), maxBatch));
            int stop = batch.indexOf(STOP);
            if (stop >= 0) {
                batch.subList(stop, batch.size()).clear();
                writer.stop();
            }
            if (!batch.isEmpty()) {
                long start = System.nanoTime();
                runBatch(batch);
                batchNanos += (System.nanoTime() - start - batchNanos) / 8;
                recent.record(batch);
            }
        } catch (RuntimeException | Error e) {
            batch.stream().filter(p -> !p.ticket.isDone()).forEach(p -> p.fail(e));
            throw e;
        } finally {
            batch.clear();
        }
    }

    /** The distinct caller threads of the last two batches: how many pieces the writer can expect back. */
    private static final class RecentCallers {
        private Set<Thread> last = Collections.newSetFromMap(new IdentityHashMap<>());
        private Set<Thread> current = Collections.newSetFromMap(new IdentityHashMap<>());
        private int expected = 1;

        void record(List<Pending<?>> batch) {
            Set<Thread> older = last;
            last = current;
            current = older;
            current.clear();
            for (Pending<?> p : batch) {
                current.add(p.ticket.owner());
            }
            expected = current.size();
            for (Thread t : last) {
                expected += current.contains(t) ? 0 : 1;
            }
        }

        int expected() {
            return expected;
        }
    }

    /**
     * Waits a little for callers expected back: those of the last two batches, which are re-queuing
     * after their release. Without this, 8 callers settle into two alternating batches of 4, each
     * paying a whole commit; waiting up to half a commit for the other half pays one commit for 8.
     */
    private void gather(List<Pending<?>> into, int expected) {
        if (into.size() >= expected) {
            return;
        }
        long deadline = System.nanoTime() + commitNanos / 2;
        while (into.size() < expected && System.nanoTime() - deadline < 0) {
            Thread.yield();
            drain(into);
        }
    }

    private void drain(List<Pending<?>> into) {
        Pending<?> p;
        while (into.size() < maxBatch && (p = queue.poll()) != null) {
            into.add(p);
        }
    }

    /** The next queued piece: polls (yielding) for a while, then parks until a caller unparks it. */
    private Pending<?> next() {
        long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(WRITER_SPIN_MICROS);
        while (true) {
            Pending<?> p = queue.poll();
            if (p != null) {
                return p;
            }
            if (System.nanoTime() - deadline < 0) {
                Thread.yield();
                continue;
            }
            writerParked = true;
            p = queue.poll();
            if (p != null) {
                writerParked = false;
                return p;
            }
            LockSupport.park(this);
            writerParked = false;
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        SQLException unusable = repair();
        if (unusable != null) {
            batch.forEach(p -> p.fail(unusable));
            return;
        }
        Throwable failure = null;
        for (int i = 0; i < batch.size() && failure == null; i++) {
            failure = batch.get(i).run(session);
        }
        if (failure == null) {
            try {
                long start = System.nanoTime();
                session.connection().commit();
                commitNanos += (System.nanoTime() - start - commitNanos) / 8;
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

    /** Completes a committed batch as a tree of wake-ups (see {@link CommitTicket#releaseAll}). */
    private static void releaseAll(List<Pending<?>> batch) {
        List<CommitTicket<?>> tickets = new ArrayList<>(batch.size());
        for (Pending<?> p : batch) {
            tickets.add(p.withResult());
        }
        CommitTicket.releaseAll(tickets);
    }

    private void runAlone(Pending<?> p) {
        SQLException unusable = repair();
        if (unusable != null) {
            p.fail(unusable);
            return;
        }
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

    /**
     * Rolls back, after forgetting the prepared statements (one may be dead); when the rollback fails,
     * SQLite has ended the transaction itself (or the connection is unusable), and the driver did not
     * begin the next one: the connection is marked for replacement.
     */
    private void rollback(Throwable cause) {
        session.discardStatements();
        try {
            session.connection().rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            broken = true;
        }
    }

    /**
     * Replaces a broken connection.
     *
     * @return null when the connection is usable, else why it is not (the pieces fail with it)
     */
    private SQLException repair() {
        if (!broken) {
            return null;
        }
        try {
            session = replacement.replace(session);
            broken = false;
            LOG.log(System.Logger.Level.INFO, "The write connection of " + store + " was replaced after a failed rollback");
            return null;
        } catch (SQLException e) {
            return new SQLException("The write connection of " + store + " cannot be restored after a failed write: "
                    + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
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
        } finally {
            closing.writeLock().unlock();
        }
        enqueue(STOP);
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

    /** One queued piece of work and its caller's ticket, completed by the writer after the commit. */
    private static final class Pending<T> {
        private final SqlWork<T> work;
        private final CommitTicket<T> ticket = new CommitTicket<>();
        private T result;

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

        /** @return the ticket, its value set to the result, for a batch release */
        CommitTicket<T> withResult() {
            ticket.set(result);
            return ticket;
        }

        /** Completes the piece with its result. */
        void release() {
            ticket.complete(result);
        }

        void fail(Throwable t) {
            ticket.fail(t);
        }

        /**
         * Waits until the piece is done: a platform thread yields in a loop for a while first (see
         * the class comment), a virtual thread parks at once.
         */
        T await(long spinNanos) throws SQLException {
            ticket.await(spinNanos);
            Throwable failure = ticket.failure();
            return switch (failure) {
                case null -> ticket.value();
                case SQLException s -> throw s;
                case RuntimeException r -> throw r;
                case Error e -> throw e;
                default -> throw new StoreException("Write failed: " + failure, failure);
            };
        }
    }
}
