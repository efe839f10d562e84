package ppacer.scheduler.core;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When executors were last in touch with this scheduler (a poll for attempts, a report, a heartbeat,
 * a log batch), kept in memory, overall and per executor id: a long poll in progress counts as contact
 * for its whole wait. Before any contact, the time this scheduler started counts, so that a fresh
 * scheduler is given the same grace as one whose executors just left.
 */
public final class ExecutorContact {
    /**
     * One executor as this scheduler has seen it.
     *
     * @param executorId its id
     * @param firstContact its first contact with this scheduler (this process)
     * @param lastContact its latest contact (now while it polls)
     * @param polling whether it waits in a poll for attempts now
     * @param address the remote address of its latest poll, when it polled over HTTP
     * @param version the ppacer version it sent with its latest poll, when it sent one
     */
    public record Seen(String executorId, Instant firstContact, Instant lastContact, boolean polling,
                       Optional<String> address, Optional<String> version) {
    }

    /** Contact times and open polls of one executor. */
    private static final class Presence {
        final Instant first;
        final AtomicReference<Instant> last;
        final AtomicInteger polls = new AtomicInteger();
        final AtomicReference<String> address = new AtomicReference<>();
        final AtomicReference<String> version = new AtomicReference<>();

        Presence(Instant at) {
            this.first = at;
            this.last = new AtomicReference<>(at);
        }
    }

    private final InstantSource clock;
    private final AtomicReference<Instant> last;
    private final AtomicInteger polling = new AtomicInteger();
    private final ConcurrentHashMap<String, Presence> executors = new ConcurrentHashMap<>();

    /** @param clock the scheduler's clock; its instant now is the start of the grace */
    public ExecutorContact(InstantSource clock) {
        this.clock = clock;
        this.last = new AtomicReference<>(clock.instant());
    }

    /** An executor reported, heartbeated or sent logs without saying which. */
    public void touched() {
        Instant now = clock.instant();
        last.accumulateAndGet(now, ExecutorContact::later);
    }

    /**
     * An executor reported, heartbeated or sent logs.
     *
     * @param executorId the executor
     */
    public void touched(String executorId) {
        Instant now = clock.instant();
        last.accumulateAndGet(now, ExecutorContact::later);
        presence(executorId, now).last.accumulateAndGet(now, ExecutorContact::later);
    }

    /**
     * Where an executor's poll came from and the version it runs (kept until the next poll says otherwise).
     *
     * @param executorId the executor
     * @param address the poll's remote address
     * @param version the ppacer version it sent; null when it sent none
     */
    public void identified(String executorId, String address, String version) {
        Presence p = presence(executorId, clock.instant());
        p.address.set(address);
        if (version != null) {
            p.version.set(version);
        }
    }

    /**
     * An executor's poll for attempts began; {@link #pollEnded(String)} must follow.
     *
     * @param executorId the executor
     */
    public void pollStarted(String executorId) {
        polling.incrementAndGet();
        presence(executorId, clock.instant()).polls.incrementAndGet();
        touched(executorId);
    }

    /**
     * An executor's poll for attempts ended.
     *
     * @param executorId the executor
     */
    public void pollEnded(String executorId) {
        touched(executorId);
        presence(executorId, clock.instant()).polls.decrementAndGet();
        polling.decrementAndGet();
    }

    private Presence presence(String executorId, Instant now) {
        Presence p = executors.get(executorId);
        return p != null ? p : executors.computeIfAbsent(executorId, id -> new Presence(now));
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }

    /** @return true while an executor waits in a poll */
    public boolean polling() {
        return polling.get() > 0;
    }

    /** @return the last contact, or the scheduler's start before any */
    public Instant last() {
        return last.get();
    }

    /** @return every executor that has been in touch with this scheduler, the latest contact first */
    public List<Seen> executors() {
        Instant now = clock.instant();
        List<Seen> out = new ArrayList<>();
        executors.forEach((id, p) -> {
            boolean polls = p.polls.get() > 0;
            out.add(new Seen(id, p.first, polls ? later(p.last.get(), now) : p.last.get(), polls,
                    Optional.ofNullable(p.address.get()), Optional.ofNullable(p.version.get())));
        });
        out.sort(Comparator.comparing(Seen::lastContact).reversed().thenComparing(Seen::executorId));
        return out;
    }
}
