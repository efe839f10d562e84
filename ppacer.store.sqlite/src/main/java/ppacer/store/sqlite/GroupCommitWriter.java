package ppacer.store.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import ppacer.api.spi.StoreException;

/**
 * The single writer of a SQLite store, with group commit. Callers on any thread {@link #submit}
 * work; one writer thread takes everything queued (up to a batch limit), runs each piece in order
 * in ONE transaction, commits once and only then completes each caller's future. If a piece fails,
 * the batch is rolled back and its pieces are re-run one transaction each, so that one failure
 * (e.g. a duplicate key) reaches only its own caller.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
    private static final Pending<Void> STOP = new Pending<>(s -> null);

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
        try {
            return p.future.join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case SQLException s -> throw s;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                case Throwable t -> throw new StoreException("Write failed in " + store + ": " + t, t);
            }
        }
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        boolean running = true;
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(batch, maxBatch - 1);
            int stop = batch.indexOf(STOP);
            if (stop >= 0) {
                batch.subList(stop, batch.size()).clear();
                running = false;
            }
            if (!batch.isEmpty()) {
                runBatch(batch);
            }
            batch.clear();
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        Object[] results = new Object[batch.size()];
        Throwable failure = null;
        for (int i = 0; i < batch.size() && failure == null; i++) {
            try {
                results[i] = batch.get(i).work.run(session);
            } catch (SQLException | RuntimeException | Error e) {
                failure = e;
            }
        }
        if (failure == null) {
            try {
                session.connection().commit();
            } catch (SQLException e) {
                rollback(e);
                batch.forEach(p -> p.future.completeExceptionally(e));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(results[i]);
            }
            return;
        }
        rollback(failure);
        if (batch.size() == 1) {
            batch.getFirst().future.completeExceptionally(failure);
            return;
        }
        for (Pending<?> p : batch) {
            runAlone(p);
        }
    }

    private void runAlone(Pending<?> p) {
        try {
            Object result = p.work.run(session);
            session.connection().commit();
            p.complete(result);
        } catch (SQLException | RuntimeException | Error e) {
            rollback(e);
            p.future.completeExceptionally(e);
        }
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

    /** One queued piece of work and its caller's future. */
    private static final class Pending<T> {
        final SqlWork<T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Pending(SqlWork<T> work) {
            this.work = work;
        }

        @SuppressWarnings("unchecked")
        void complete(Object result) {
            future.complete((T) result);
        }
    }
}
