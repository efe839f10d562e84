package ppacer.store.jdbc;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import ppacer.api.concurrent.Backoff;
import ppacer.api.concurrent.BackgroundLoop;
import ppacer.api.concurrent.CommitTicket;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.RunTransition;
import ppacer.api.spi.StaleEpochException;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.TaskExpansion;
import ppacer.api.spi.WriteHealthMonitor;

/**
 * Group commit for attempt and run transitions. Callers enqueue their transitions and wait; a few writer
 * threads each take every request waiting, apply them all in ONE transaction and complete the
 * callers only after COMMIT. With N concurrent callers, one commit acknowledges about N/writers calls.
 *
 * <p>This hot path uses plain JDBC batching ({@code addBatch}/{@code executeBatch}) on connections of
 * the same Hikari pool instead of Helidon DB Client: Helidon prepares a new statement per call and has
 * no batch API, and per-statement round trips are exactly what group commit is here to remove.
 *
 * <p>Within a batch, run transitions are applied first, ordered by run id, then attempt transitions,
 * ordered by attempt key (both sorts stable, so one caller's changes of one row keep their order):
 * every writer locks rows in the same order, so writers cannot deadlock each other. If a batch fails for a reason other than connectivity, each request is retried
 * alone, so one bad request cannot fail the others; a request alone that the database rolls back as a
 * deadlock or serialization failure is tried up to three times, after short jittered pauses
 * ({@link DeadlockRetry}). A connectivity failure fails the batch and every
 * request waiting, so callers learn of an outage within the timeout instead of queueing behind it.
 */
final class TransitionWriter {
    private static final System.Logger LOG = System.getLogger(TransitionWriter.class.getName());
    private static final int MAX_REQUESTS_PER_BATCH = 256;
    private static final Comparator<AttemptKey> KEY_ORDER = Comparator.comparingLong(AttemptKey::runId)
            .thenComparing(AttemptKey::taskId).thenComparingInt(AttemptKey::attempt);

    /** One caller's transitions: attempt transitions or run transitions (one of the lists is empty). */
    private record Request(List<AttemptTransition> transitions, List<RunTransition> runs, long epoch,
                           CommitTicket<List<Boolean>> done, Optional<AuditEntry> audit) {
        Request(List<AttemptTransition> transitions, List<RunTransition> runs, long epoch, CommitTicket<List<Boolean>> done) {
            this(transitions, runs, epoch, done, Optional.empty());
        }

        int size() {
            return transitions.size() + runs.size();
        }

        String describe() {
            return transitions.isEmpty()
                    ? runs.size() + " run transition(s) starting with run " + runs.getFirst().runId()
                    : transitions.size() + " transition(s) starting with " + transitions.getFirst().key();
        }
    }

    /** What became of one request: applied (per transition) or refused for a stale epoch. */
    private record Outcome(List<Boolean> applied, StaleEpochException refused) {
        void complete(Request r) {
            if (refused != null) {
                r.done().fail(refused);
            } else {
                r.done().complete(applied);
            }
        }
    }

    /** A failed COMMIT (whether it was executed may be unknown); same state and code as its cause. */
    private static final class CommitFailure extends SQLException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        CommitFailure(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }

    private record Item(int request, int index, AttemptTransition transition) {
    }

    private record RunItem(int request, int index, RunTransition transition) {
    }

    /** Queued once per writer by {@link #close}: the writer that takes it stops, after what was queued before. */
    private static final Request STOP = new Request(List.of(), List.of(), 0, new CommitTicket<>());

    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final HikariPool pool;
    private final Dialect dialect;
    private final Failures failures;
    private final Duration waitBound;
    private final WriteHealthMonitor health;
    private final List<BackgroundLoop> writers = new ArrayList<>();
    private volatile boolean closed;

    TransitionWriter(HikariPool pool, Dialect dialect, Failures failures, WriteHealthMonitor health, int writerCount,
                      Duration timeout) {
        this.pool = pool;
        this.health = health;
        this.dialect = dialect;
        this.failures = failures;
        // a batch takes at most a pool checkout plus a few round trips, each bounded by the timeout
        this.waitBound = timeout.multipliedBy(3).plusSeconds(1);
        for (int i = 0; i < writerCount; i++) {
            writers.add(new Writer(i).loop.start());
        }
    }

    /**
     * Applies transitions, each compare-and-set, and returns after they are committed.
     *
     * @param transitions the transitions
     * @param epoch the leader epoch the batch's transaction must find (one check per batch), 0 for none
     * @return per transition, whether it applied
     * @throws StaleEpochException when the epoch is stale (nothing applied)
     */
    List<Boolean> submit(List<AttemptTransition> transitions, long epoch) {
        return transitions.isEmpty() ? List.of() : submit(new Request(List.copyOf(transitions), List.of(), epoch,
                new CommitTicket<>()));
    }

    /**
     * Applies run transitions, each compare-and-set, and returns after they are committed; they share
     * commits with concurrent callers' run and attempt transitions.
     *
     * @param transitions the transitions
     * @param epoch the leader epoch the batch's transaction must find (one check per batch), 0 for none
     * @return per transition, whether it applied
     * @throws StaleEpochException when the epoch is stale (nothing applied)
     */
    List<Boolean> submitRuns(List<RunTransition> transitions, long epoch) {
        return transitions.isEmpty() ? List.of() : submit(new Request(List.of(), List.copyOf(transitions), epoch,
                new CommitTicket<>()));
    }

    private List<Boolean> submit(Request r) {
        ensureOpen();
        queue.add(r);
        if (closed && queue.remove(r)) {
            ensureOpen();
        }
        return await(r);
    }

    /**
     * Applies transitions in the caller's thread, one transaction per call (no grouping): the
     * baseline that group commit is measured against ({@code groupCommit=false}).
     *
     * @param transitions the transitions
     * @param epoch the leader epoch the transaction must find, 0 for none
     * @return per transition, whether it applied
     */
    List<Boolean> applyNow(List<AttemptTransition> transitions, long epoch) {
        return applyNow(transitions, epoch, Optional.empty());
    }

    /**
     * Applies one transition in the caller's thread, alone in its transaction, with the audit row of the
     * operator action it is, written in that transaction when the transition applies.
     *
     * @param transitions the transition (one)
     * @param epoch the leader epoch the transaction must find, 0 for none
     * @param audit the operator action
     * @return whether it applied
     */
    List<Boolean> applyNow(List<AttemptTransition> transitions, long epoch, Optional<AuditEntry> audit) {
        return transitions.isEmpty() ? List.of() : applyNow(new Request(List.copyOf(transitions), List.of(), epoch,
                new CommitTicket<>(), audit));
    }

    /**
     * Applies run transitions in the caller's thread, one transaction per call (no grouping).
     *
     * @param transitions the transitions
     * @param epoch the leader epoch the transaction must find, 0 for none
     * @return per transition, whether it applied
     */
    List<Boolean> applyRunsNow(List<RunTransition> transitions, long epoch) {
        return transitions.isEmpty() ? List.of() : applyNow(new Request(List.of(), List.copyOf(transitions), epoch,
                new CommitTicket<>()));
    }

    private List<Boolean> applyNow(Request r) {
        ensureOpen();
        processAlone(r);
        return await(r);
    }

    private List<Boolean> await(Request r) {
        boolean done;
        try {
            done = r.done().await(waitBound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for " + failures.store() + " to commit transitions");
        }
        if (!done) {
            StoreException failure = new StoreException(r.describe() + " were not acknowledged by " + failures.store()
                    + " within " + waitBound + "; whether they applied is unknown");
            health.failed(failure.getMessage());
            throw failure;
        }
        Throwable failure = r.done().failure();
        if (failure != null) {
            throw failure instanceof StoreException se ? se : failures.wrap("Transitions", failure);
        }
        return r.done().value();
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("The " + failures.store() + " is closed");
        }
    }

    /**
     * One round of a writer's loop: takes every request waiting (up to a batch) and applies them in one
     * transaction; a stop marker ends the loop after the rest of its batch. A failure that escapes
     * {@link #process} fails the batch's requests here, so none waits for its timeout, and is not
     * thrown: the loop goes on at once with the next batch.
     */
    private final class Writer {
        private final List<Request> batch = new ArrayList<>();
        private final BackgroundLoop loop;

        Writer(int i) {
            loop = BackgroundLoop.named("ppacer-jdbc-writer-" + i).logger(LOG).build(this::writeOnce);
        }

        private void writeOnce() throws InterruptedException {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_REQUESTS_PER_BATCH - 1);
                if (takeStops(batch)) {
                    loop.stop();
                }
                if (!batch.isEmpty()) {
                    process(batch);
                }
            } catch (RuntimeException | Error e) {
                StoreException failure = failures.wrap("Transitions", e);
                if (failures.isStoreFault(e)) {
                    health.failed(failure.getMessage());
                }
                batch.forEach(r -> r.done().fail(failure));
                LOG.log(Level.ERROR, "Group-commit writer of " + failures.store() + " failed: "
                        + failures.sanitize(String.valueOf(e.getMessage())));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Takes the stop markers out of a batch, putting back all but one for the other writers.
     *
     * @return whether this writer is to stop (after the rest of the batch)
     */
    private boolean takeStops(List<Request> batch) {
        int stops = 0;
        for (Iterator<Request> it = batch.iterator(); it.hasNext(); ) {
            if (it.next() == STOP) {
                it.remove();
                stops++;
            }
        }
        for (int i = 1; i < stops; i++) {
            queue.add(STOP);
        }
        return stops > 0;
    }

    private void process(List<Request> batch) {
        try {
            List<Outcome> results = apply(batch);
            health.succeeded();
            for (int i = 0; i < batch.size(); i++) {
                results.get(i).complete(batch.get(i));
            }
        } catch (SQLException e) {
            boolean connectivity = isConnectivity(e instanceof CommitFailure f ? (SQLException) f.getCause() : e);
            if (failures.rolledBackWithSession(e, e instanceof CommitFailure)) {
                failEnded(batch, e);
                if (connectivity) {
                    failWaiting(failures.wrap("Applying " + count(batch) + " transition(s)", e));
                }
                return;
            }
            if (connectivity || batch.size() == 1 && !failures.isTransient(e)) {
                StoreException failure = failures.wrap("Applying " + count(batch) + " transition(s)", e);
                if (failures.isStoreFault(e)) {
                    health.failed(failure.getMessage());
                }
                batch.forEach(r -> r.done().fail(failure));
                if (connectivity) {
                    failWaiting(failure);
                }
                return;
            }
            for (Request r : batch) {
                processAlone(r);
            }
        }
    }

    private void processAlone(Request r) {
        Backoff retries = null; // made on the first transient failure only
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome outcome = apply(List.of(r)).getFirst();
                health.succeeded();
                outcome.complete(r);
                return;
            } catch (SQLException e) {
                if (attempt < 3 && failures.isTransient(e)) {
                    retries = retries == null ? DeadlockRetry.backoff() : retries;
                    if (DeadlockRetry.pause(retries)) {
                        continue;
                    }
                }
                if (failures.rolledBackWithSession(e, e instanceof CommitFailure)) {
                    failEnded(List.of(r), e);
                } else {
                    StoreException failure = failures.wrap("Applying " + r.describe(), e);
                    if (failures.isStoreFault(e)) {
                        health.failed(failure.getMessage());
                    }
                    r.done().fail(failure);
                }
                return;
            }
        }
    }

    /**
     * Fails requests rolled back with their session: a fenced request whose epoch the lease has
     * moved past since is stale (a takeover ended the session).
     */
    private void failEnded(List<Request> batch, SQLException e) {
        Optional<Long> current = Optional.empty();
        try (Connection c = pool.rawConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT epoch FROM leader_lease WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                current = Optional.of(rs.getLong(1));
            }
        } catch (SQLException | RuntimeException x) {
            e.addSuppressed(x);
        }
        for (Request r : batch) {
            String what = "Applying " + r.describe();
            StoreException failure = r.epoch() > 0 ? failures.endedFencedWrite(what, e, r.epoch(), current)
                    : failures.wrap(what, e);
            if (!(failure instanceof StaleEpochException) && failures.isStoreFault(e)) {
                health.failed(failure.getMessage());
            }
            r.done().fail(failure);
        }
    }

    private void failWaiting(StoreException failure) {
        List<Request> waiting = new ArrayList<>();
        queue.drainTo(waiting);
        for (Request r : waiting) {
            if (r == STOP) {
                queue.add(r);
            } else {
                r.done().fail(failure);
            }
        }
    }

    private List<Outcome> apply(List<Request> batch) throws SQLException {
        try (Connection c = pool.rawConnection()) {
            c.setAutoCommit(false);
            try {
                List<Outcome> out = applyIn(c, batch);
                try {
                    c.commit();
                } catch (SQLException e) {
                    throw new CommitFailure(e);
                }
                return out;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        }
    }

    private List<Outcome> applyIn(Connection c, List<Request> batch) throws SQLException {
        // one epoch check per batch; its shared lock on the lease row lasts until COMMIT
        long current = batch.stream().anyMatch(r -> r.epoch() > 0) ? currentEpoch(c) : 0;
        List<Item> items = new ArrayList<>();
        List<RunItem> runItems = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Request r = batch.get(i);
            if (r.epoch() > 0 && r.epoch() != current) {
                continue;
            }
            List<AttemptTransition> ts = r.transitions();
            for (int j = 0; j < ts.size(); j++) {
                items.add(new Item(i, j, ts.get(j)));
            }
            List<RunTransition> rts = r.runs();
            for (int j = 0; j < rts.size(); j++) {
                runItems.add(new RunItem(i, j, rts.get(j)));
            }
        }
        // List.sort is stable: one caller's changes of one row keep their order
        runItems.sort(Comparator.comparingLong(it -> it.transition().runId()));
        items.sort(Comparator.comparing(it -> it.transition().key(), KEY_ORDER));
        int[] runCounts = runItems.isEmpty() ? new int[0]
                : RunTransitionSql.execute(c, dialect, runItems.stream().map(RunItem::transition).toList());
        int[] counts = items.isEmpty() ? new int[0] : execute(c, items);
        insertOutputs(c, items, counts);
        insertExpansions(c, items, counts);
        insertAudits(c, batch, items, counts);
        List<Boolean[]> applied = new ArrayList<>();
        for (Request r : batch) {
            applied.add(new Boolean[r.size()]);
        }
        for (int k = 0; k < runItems.size(); k++) {
            RunItem it = runItems.get(k);
            applied.get(it.request())[it.index()] = applied(runCounts[k]);
        }
        for (int k = 0; k < items.size(); k++) {
            Item it = items.get(k);
            applied.get(it.request())[it.index()] = applied(counts[k]);
        }
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Request r = batch.get(i);
            out.add(r.epoch() > 0 && r.epoch() != current
                    ? new Outcome(null, JdbcGateway.stale(failures, r.epoch(), current))
                    : new Outcome(List.copyOf(Arrays.asList(applied.get(i))), null));
        }
        return out;
    }

    /** Stores the outputs of the transitions that applied, in their transaction (so with their SUCCESS). */
    private static void insertOutputs(Connection c, List<Item> items, int[] counts) throws SQLException {
        PreparedStatement ps = null;
        try {
            int rows = 0;
            for (int k = 0; k < items.size(); k++) {
                AttemptTransition t = items.get(k).transition();
                if (t.output().isEmpty() || !applied(counts[k])) {
                    continue;
                }
                if (ps == null) {
                    ps = c.prepareStatement(TransitionSql.INSERT_OUTPUT);
                }
                TransitionSql.bindOutput(ps, t);
                ps.addBatch();
                rows++;
            }
            if (rows > 0) {
                ps.executeBatch();
            }
        } finally {
            if (ps != null) {
                ps.close();
            }
        }
    }

    /**
     * Stores the expansions carried by the transitions that applied, in their transaction (so with
     * the parent's SUCCESS), each replacing a stored one of the same mapped task of the run.
     */
    private static void insertExpansions(Connection c, List<Item> items, int[] counts) throws SQLException {
        // per (run, mapped task) the last applied one: items are in key order, so a later attempt's wins
        java.util.Map<String, Object[]> rows = new java.util.LinkedHashMap<>();
        for (int k = 0; k < items.size(); k++) {
            AttemptTransition t = items.get(k).transition();
            if (t.expansions().isEmpty() || !applied(counts[k])) {
                continue;
            }
            for (TaskExpansion e : t.expansions()) {
                rows.put(t.key().runId() + "/" + e.taskId(),
                        new Object[] {t.key().runId(), e.taskId(), e.count(), Micros.of(t.at())});
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement del = c.prepareStatement(TransitionSql.DELETE_EXPANSION);
             PreparedStatement ins = c.prepareStatement(TransitionSql.INSERT_EXPANSION)) {
            for (Object[] r : rows.values()) {
                del.setLong(1, (Long) r[0]);
                del.setString(2, (String) r[1]);
                del.addBatch();
                ins.setLong(1, (Long) r[0]);
                ins.setString(2, (String) r[1]);
                ins.setInt(3, (Integer) r[2]);
                ins.setLong(4, (Long) r[3]);
                ins.addBatch();
            }
            del.executeBatch();
            ins.executeBatch();
        }
    }

    /** Stores the audit rows of the requests whose transitions all applied, in their transaction. */
    private static void insertAudits(Connection c, List<Request> batch, List<Item> items, int[] counts) throws SQLException {
        boolean[] failed = new boolean[batch.size()];
        for (int k = 0; k < items.size(); k++) {
            if (!applied(counts[k])) {
                failed[items.get(k).request()] = true;
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Request r = batch.get(i);
            if (r.audit().isPresent() && !failed[i] && !r.transitions().isEmpty()) {
                JdbcAuditStore.insert(c, r.audit().get());
            }
        }
    }

    private static boolean applied(int count) {
        return count > 0 || count == java.sql.Statement.SUCCESS_NO_INFO;
    }

    private long currentEpoch(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM leader_lease WHERE id = 1 " + dialect.shareLock());
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException("The leader_lease row is missing in " + failures.store());
            }
            return rs.getLong(1);
        }
    }

    private int[] execute(Connection c, List<Item> items) throws SQLException {
        List<AttemptTransition> ts = items.stream().map(Item::transition).toList();
        if (dialect == Dialect.POSTGRESQL && items.size() > 1 && PgSetTransitions.distinct(ts)) {
            return PgSetTransitions.execute(c, ts);
        }
        try (PreparedStatement ps = c.prepareStatement(TransitionSql.UPDATE)) {
            if (items.size() == 1) {
                TransitionSql.bind(ps, items.getFirst().transition());
                return new int[] {ps.executeUpdate()};
            }
            for (Item it : items) {
                TransitionSql.bind(ps, it.transition());
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException r) {
            failure.addSuppressed(r);
        }
    }

    static boolean isConnectivity(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08") || e instanceof java.sql.SQLTransientConnectionException
                || e instanceof java.sql.SQLNonTransientConnectionException || e instanceof java.sql.SQLRecoverableException;
    }

    private static int count(List<Request> batch) {
        return batch.stream().mapToInt(Request::size).sum();
    }

    /** Stops accepting work; waiting requests are finished or failed, then the writers stop. */
    void close() {
        closed = true;
        for (int i = 0; i < writers.size(); i++) {
            queue.add(STOP);
        }
        for (BackgroundLoop w : writers) {
            if (!w.join(waitBound) && Thread.currentThread().isInterrupted()) {
                return;
            }
        }
        Request r;
        while ((r = queue.poll()) != null) {
            if (r != STOP) {
                r.done().fail(new StoreException("The " + failures.store() + " is closed"));
            }
        }
    }
}
