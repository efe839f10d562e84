package ppacer.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.DagTask;
import ppacer.api.TaskOutput;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.TaskExpansion;
import ppacer.scheduler.model.MapItem;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.ReportResult.Status;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;

/**
 * Hand-outs and success reports of one run, applied in batches (flat combining): a caller queues
 * its operation on the run and waits ({@link RunCoordinator#submit}); whoever holds the run lock
 * applies every operation queued at that moment together: each is checked in memory, all
 * their compare-and-set transitions go to the store in ONE {@code transitionAll}, the children that
 * became ready are inserted in one call, and the run is finished at most once. A caller whose
 * operation another thread applied finds it done when it gets the lock and returns its result.
 *
 * <p>Why: the run lock is held while the store commits, so one run with many tasks in flight (a
 * wide DAG) would otherwise pay one commit per hand-out and per report, one after another.
 * Correctness is unchanged: every transition is compare-and-set, checked and applied under the
 * run lock, and a caller learns its result only after the commit that carried it.
 */
final class AttemptBatcher {
    /** One queued operation; its fields are written and read under the run lock. */
    abstract static sealed class Op permits HandOut, Report {
        /** The waiting caller, woken when another thread applied the operation. */
        final Thread owner = Thread.currentThread();
        /** Written last by the thread that applied the operation: publishes the result fields. */
        volatile boolean done;
        RuntimeException failure;
    }

    /** SCHEDULED → RUNNING with a lease. */
    static final class HandOut extends Op {
        final QueuedTask entry;
        final String executorId;
        final String token;
        /** The outputs of the task's parents, read before its hand-out is written. */
        Map<String, TaskOutput> inputs = Map.of();
        /** An instance's item, read before its hand-out is written. */
        Optional<MapItem> item = Optional.empty();
        /** The asset events that started the run, read before its hand-out is written. */
        List<ppacer.api.AssetEvent> triggering = List.of();
        Optional<TaskLease> lease = Optional.empty();

        HandOut(QueuedTask entry, String executorId, String token) {
            this.entry = entry;
            this.executorId = executorId;
            this.token = token;
        }
    }

    /**
     * RUNNING → SUCCESS. A null result after done means: the run is not active, ask the store. A
     * copy of a report already in the same batch (an executor resending after its request timed out)
     * is one of its {@link #copies}: it is answered with the first one's result or failure.
     */
    static final class Report extends Op {
        final AttemptKey key;
        final String token;
        /** The children a branch task chose (ids, checked to be its children), or null when it did not branch. */
        final List<String> branch;
        /** The task's output, or null. */
        final TaskOutput output;
        /** The expansions of the tasks mapped over the output (usually none), stored with the success. */
        final List<TaskExpansion> expansions;
        final List<Report> copies = new ArrayList<>(0);
        Report copyOf;
        ReportResult result;

        Report(AttemptKey key, String token, List<String> branch, TaskOutput output, List<TaskExpansion> expansions) {
            this.key = key;
            this.token = token;
            this.branch = branch;
            this.output = output;
            this.expansions = expansions;
        }
    }

    /** How long a task whose hand-out could not be written waits before it is handed out again. */
    static final Duration HAND_OUT_RETRY = Duration.ofMillis(500);
    private final RunCoordinator runs;
    private final Duration leaseDuration;

    AttemptBatcher(RunCoordinator runs, Duration leaseDuration) {
        this.runs = runs;
        this.leaseDuration = leaseDuration;
    }

    /**
     * Applies operations taken from the run's queue, called by {@link RunCoordinator#await} with the
     * run lock held; on return each is done or registered as a copy of one that is.
     *
     * @param rs the run
     * @param ops the operations
     * @param fx effects
     */
    void applyAll(RunState rs, List<Op> ops, RunCoordinator.Effects fx) {
        try {
            apply(rs, ops, fx);
        } catch (RuntimeException e) {
            fail(ops, e, runs.clock().instant(), fx);
        }
        for (Op op : ops) {
            if (op instanceof Report r) {
                for (Report copy : r.copies) {
                    copy.result = r.result;
                    copy.failure = r.failure;
                    copy.done = true;
                }
            }
        }
    }

    /**
     * Fails the operations not done yet. A hand-out that failed goes back to the queue (after
     * {@link #HAND_OUT_RETRY}): its entry was taken from the queue and nothing else would queue it again.
     */
    private void fail(List<Op> ops, RuntimeException e, Instant now, RunCoordinator.Effects fx) {
        for (Op op : ops) {
            if (op.done) {
                continue;
            }
            if (op instanceof HandOut h) {
                QueuedTask q = h.entry;
                runs.queue().release(q);
                fx.toQueue.add(q.withDueAt(now.plus(HAND_OUT_RETRY)));
            }
            op.failure = e;
            op.done = true;
        }
    }

    private void apply(RunState rs, List<Op> ops, RunCoordinator.Effects fx) {
        Instant now = runs.clock().instant();
        runs.settleIfUnsettled(rs, now, fx); // throws while the store still fails: every op fails (retried)
        List<Op> writing = new ArrayList<>(ops.size());
        List<AttemptTransition> transitions = new ArrayList<>(ops.size());
        Map<Integer, Report> reported = new HashMap<>();
        for (Op op : ops) {
            AttemptTransition t = switch (op) {
                case HandOut h -> handOutTransition(rs, h, now);
                case Report r -> reportTransition(rs, r, reported, now);
            };
            if (t == null) {
                if (op instanceof Report r && r.copyOf != null) {
                    continue; // answered with the first copy, after it
                }
                op.done = true;
            } else {
                writing.add(op);
                transitions.add(t);
            }
        }
        if (writing.isEmpty()) {
            return;
        }
        List<Boolean> applied;
        Instant started = runs.tracer().writeStart();
        try {
            applied = runs.store().attempts().transitionAll(transitions);
        } catch (RuntimeException e) {
            fail(writing, e, now, fx);
            return;
        }
        runs.tracer().storeWrite("attempts.transitionAll", started);
        RuleDecisions decisions = new RuleDecisions();
        List<Report> succeeded = new ArrayList<>();
        for (int k = 0; k < writing.size(); k++) {
            Op op = writing.get(k);
            boolean ok = applied.get(k);
            switch (op) {
                case HandOut h -> handedOut(rs, h, transitions.get(k), ok, now);
                case Report r -> {
                    if (ok) {
                        runs.counters().succeeded();
                        int i = rs.index(r.key.taskId());
                        runs.endAttemptLease(rs, i, r.key, ppacer.api.TaskStatus.SUCCESS, null, now);
                        for (int x = 0; x < r.expansions.size(); x++) { // before its children are decided
                            TaskExpansion e = r.expansions.get(x);
                            rs.expand(rs.index(e.taskId()), e.count());
                        }
                        rs.succeed(i, r.branch == null ? null : rs.chosen(i, r.branch));
                        if (r.output != null) {
                            rs.storedOutput(i);
                        }
                        rs.decideBelow(i, decisions);
                        succeeded.add(r);
                    } else {
                        r.result = RepeatedReports.judge(runs.store(), r.key, r.token, TaskOutcome.success(),
                                ReportResult.refused(Status.NOT_RUNNING, r.key + " is no longer RUNNING in the store"));
                        r.done = true;
                    }
                }
            }
        }
        try {
            for (Report r : succeeded) { // before the run can finish: its events precede its SUCCESS
                runs.produced(rs, rs.index(r.key.taskId()), r.key.attempt(), now);
            }
            runs.commit(rs, decisions, now, fx);
            runs.finishIfComplete(rs, now, fx);
        } catch (RuntimeException e) {
            // the reports are committed; what follows them is not: settled on the next operation of the run
            // (the executor's retry of one of these reports at the latest), then the retry is acknowledged
            rs.unsettled(true);
            succeeded.forEach(r -> r.failure = e);
        }
        for (Report r : succeeded) {
            r.result = ReportResult.accepted(r.key + " recorded as SUCCESS");
            r.done = true;
        }
    }

    private AttemptTransition handOutTransition(RunState rs, HandOut h, Instant now) {
        QueuedTask e = h.entry;
        int i = rs.index(e.taskId());
        if (rs.finished() || i < 0 || rs.attempt(i) != e.attempt() || rs.status(i) != TaskStatus.SCHEDULED || runs.closed()) {
            runs.queue().release(e);
            return null;
        }
        Instant deadline = now.plus(leaseDuration); // heartbeats extend it, up to the task timeout
        List<String> parents = rs.parentsWithOutput(i);
        if (rs.isInstance(i) && !parents.isEmpty()) {
            // an instance gets its item, not the whole list of the parent it is mapped over (10,000 instances
            // would each read and carry the full list)
            int over = rs.mappedOver(rs.mappedTaskOf(i));
            if (over >= 0 && parents.contains(rs.task(over).id())) {
                parents = new ArrayList<>(parents);
                parents.remove(rs.task(over).id());
            }
        }
        if (!parents.isEmpty()) { // read before the hand-out is written: a failed read leaves the attempt SCHEDULED
            h.inputs = inputs(rs, parents);
        }
        if (rs.isInstance(i)) {
            h.item = Optional.of(new MapItem(rs.itemIndex(i), item(rs, i)));
        }
        if (rs.dag().assetCondition().isPresent()) { // read once per run, then kept with it
            List<ppacer.api.AssetEvent> triggering = rs.triggeringEvents();
            if (triggering == null) {
                triggering = runs.store().assets().consumedBy(rs.runId());
                rs.triggeringEvents(triggering);
            }
            h.triggering = triggering;
        }

        return AttemptTransition.of(e.key(), TaskStatus.SCHEDULED, TaskStatus.RUNNING, now)
                .withLease(h.executorId, h.token, deadline);
    }

    /**
     * The outputs of parents for a hand-out: a mapped parent's is the list of its instances' outputs
     * in index order (JSON; an instance without a JSON output is null in it).
     */
    private Map<String, TaskOutput> inputs(RunState rs, List<String> parents) {
        List<String> plain = parents;
        Map<String, TaskOutput> inputs = new HashMap<>();
        for (String p : parents) {
            int pi = rs.index(p);
            if (!rs.isMapped(pi)) {
                continue;
            }
            if (plain == parents) {
                plain = new ArrayList<>(parents);
            }
            plain.remove(p);
            inputs.put(p, TaskOutput.json(instanceOutputs(rs, pi)));
        }
        runs.store().attempts().outputs(rs.runId(), plain).forEach((id, o) -> inputs.put(id, o.output()));
        return inputs;
    }

    /** The outputs of a mapped task's instances as one JSON list, in index order. */
    private String instanceOutputs(RunState rs, int m) {
        int[] ks = rs.instances(m);
        List<String> ids = new ArrayList<>(ks.length);
        for (int k : ks) {
            ids.add(rs.task(k).id());
        }
        Map<String, ppacer.api.spi.StoredOutput> found = runs.store().attempts().outputs(rs.runId(), ids);
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < ids.size(); k++) {
            ppacer.api.spi.StoredOutput o = found.get(ids.get(k));
            b.append(k == 0 ? "" : ",").append(o != null && o.output().isJson() ? o.output().text().strip() : "null");
        }
        return b.append(']').toString();
    }

    /**
     * The item of an instance: from its mapped task's literal list, from the STORED output of the
     * parent it is mapped over (read once per expansion), or the stored output of the instance with
     * the same index of the mapped parent it is mapped over.
     */
    private String item(RunState rs, int i) {
        int m = rs.mappedTaskOf(i);
        int k = rs.itemIndex(i);
        String[] items = rs.items(m);
        if (items != null) {
            return items[k];
        }
        int p = rs.mappedOver(m);
        String parentId = rs.task(p).id();
        if (rs.isMapped(p)) {
            String id = rs.task(rs.instances(p)[k]).id();
            Optional<TaskOutput> o = Optional.ofNullable(runs.store().attempts().outputs(rs.runId(), List.of(id)).get(id))
                    .map(ppacer.api.spi.StoredOutput::output);
            return o.filter(TaskOutput::isJson).map(x -> x.text().strip()).orElse("null");
        }
        Optional<TaskOutput> out = Optional.ofNullable(runs.store().attempts().outputs(rs.runId(), List.of(parentId))
                .get(parentId)).map(ppacer.api.spi.StoredOutput::output);
        items = Expansions.items(parentId, rs.task(m).id(), out).toArray(new String[0]);
        rs.items(m, items);
        return items[k];
    }

    private void handedOut(RunState rs, HandOut h, AttemptTransition t, boolean ok, Instant now) {
        QueuedTask e = h.entry;
        if (!ok) {
            runs.queue().release(e);
            h.done = true;
            return;
        }
        runs.counters().handedOut();
        int i = rs.index(e.taskId());
        DagTask task = rs.task(i);
        Instant deadline = t.leaseDeadline().orElseThrow();
        rs.running(i, h.token, now, deadline);
        rs.holder(i, h.token, h.executorId);
        runs.attemptLeases().schedule(new AttemptLease(e.key(), h.token, deadline));
        if (task.config().deadline().isPresent()) {
            runs.taskStarted(rs, i, now);
        }
        h.lease = Optional.of(new TaskLease(rs.dag().id(), rs.runId(), task.id(), e.attempt(), rs.logicalTime(),
                rs.paramsJson(), h.token, deadline, task.config().timeout(),
                e.dueAt().equals(Instant.MIN) || e.dueAt().isAfter(now) ? now : e.dueAt(), now, h.inputs, h.item,
                runs.tracer().attemptStarted(rs, e.key(), now), rs.bundleHash(), h.triggering));
        h.done = true;
    }

    /**
     * The transition of a report, or null when it writes nothing: refused (its result set), a copy of
     * a report earlier in the batch (registered as its copy, answered after it), or its run is not
     * active (result null). A refusal because the attempt is no longer running is checked against
     * the store: a repeated report of the outcome already recorded is acknowledged.
     */
    private AttemptTransition reportTransition(RunState rs, Report r, Map<Integer, Report> reported, Instant now) {
        if (rs.finished()) {
            return null; // result null: the caller asks the store
        }
        int i = rs.index(r.key.taskId());
        ReportResult refused = AttemptLifecycle.check(rs, i, r.key, r.token);
        if (refused != null) {
            r.result = RepeatedReports.judge(runs.store(), r.key, r.token, TaskOutcome.success(), refused);
            return null;
        }
        Report first = reported.putIfAbsent(i, r);
        if (first != null) {
            // the same attempt with the same token: a resend while the first copy is pending
            first.copies.add(r);
            r.copyOf = first;
            return null;
        }
        AttemptTransition t = AttemptTransition.of(r.key, TaskStatus.RUNNING, TaskStatus.SUCCESS, now);
        t = r.branch == null ? t : t.withBranch(r.branch);
        t = r.expansions.isEmpty() ? t : t.withExpansions(r.expansions);
        return r.output == null ? t : t.withOutput(r.output);
    }
}
