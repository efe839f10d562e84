package ppacer.api.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The hand-off between a thread that submitted work and the thread that commits it, usually together
 * with other threads' work (a group commit, a batch of reports): the submitter waits on its ticket,
 * the committer completes it with a value or a failure. One protocol for every "submit and wait for a
 * shared commit" in ppacer.
 *
 * <p>States: WAITING (the owner has not parked), PARKED (the owner parked or is about to), DONE. The
 * owner moves WAITING to PARKED by compare-and-set before parking; the committer publishes the
 * outcome, then sets DONE with get-and-set, and unparks the owner only when it saw PARKED. So a wake-up
 * is never lost (the owner parks only after announcing it, and re-checks DONE after every return from
 * {@code park}), and an owner that never parked costs the committer no system call.
 *
 * <p>Waiting: {@link #await(long)} lets a platform thread yield in a loop for a while before parking
 * (on a virtual machine a futex wake-up costs more than a short commit; a virtual thread parks at once,
 * since spinning holds its carrier); {@link #await(java.time.Duration)} bounds the wait;
 * {@link #parkBriefly(long)} parks once, for callers that loop on a condition of their own (a flat
 * combiner that may become the committer itself).
 *
 * <p>{@link #releaseAll(List)} completes a whole batch as a binary tree: the committer unparks at most
 * the first owner, and each owner, on seeing its ticket done in {@code await}, unparks those of its two
 * children that had parked, so the wake-up system calls run on the owners' threads in parallel rather
 * than on the committer's serial path. Use it only when every owner waits without a time limit until
 * done (an owner that gave up would not pass the wake-up on).
 *
 * @param <R> the value a completed ticket carries
 */
public final class CommitTicket<R> {
    private static final int WAITING = 0;
    private static final int PARKED = 1;
    private static final int DONE = 2;
    private static final VarHandle STATE;
    private static final VarHandle CLAIMED;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CommitTicket.class, "state", int.class);
            CLAIMED = MethodHandles.lookup().findVarHandle(CommitTicket.class, "claimed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread owner;
    private R value;
    private Throwable failure;
    private CommitTicket<?> left;
    private CommitTicket<?> right;
    private boolean parkedWhenDone;
    private volatile int state;
    @SuppressWarnings("unused") // through CLAIMED
    private volatile boolean claimed;

    /** A ticket owned (waited on) by the calling thread. */
    public CommitTicket() {
        this.owner = Thread.currentThread();
    }

    /** @return the thread that waits on this ticket */
    public Thread owner() {
        return owner;
    }

    /** @return whether the ticket was completed (its outcome is then visible to the caller) */
    public boolean isDone() {
        return state == DONE;
    }

    /**
     * Completes the ticket with a value and wakes its owner if it parked; the first completion wins.
     *
     * @param result the value
     * @return false when the ticket was completed before (nothing changed)
     */
    public boolean complete(R result) {
        if (!CLAIMED.compareAndSet(this, false, true)) {
            return false;
        }
        this.value = result;
        release();
        return true;
    }

    /**
     * Completes the ticket with a failure and wakes its owner if it parked; the first completion wins.
     *
     * @param cause the failure
     * @return false when the ticket was completed before (nothing changed)
     */
    public boolean fail(Throwable cause) {
        if (!CLAIMED.compareAndSet(this, false, true)) {
            return false;
        }
        this.failure = cause;
        release();
        return true;
    }

    /**
     * Sets the value without completing the ticket: a committer that completes a batch with {@link
     * #releaseAll} sets each ticket's value or failure first.
     *
     * @param result the value
     */
    public void set(R result) {
        this.value = result;
    }

    /**
     * Sets the failure without completing the ticket (see {@link #set}).
     *
     * @param cause the failure
     */
    public void setFailure(Throwable cause) {
        this.failure = cause;
    }

    /**
     * Completes a batch whose values and failures were {@link #set}: marks the tickets done from the
     * last to the first and unparks at most the first owner; each owner passes the wake-up on to its
     * children (see the class comment). Every owner must wait in {@link #await(long)} until done.
     *
     * @param batch the tickets, not completed yet and completed by nobody else
     */
    public static void releaseAll(List<? extends CommitTicket<?>> batch) {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            CommitTicket<?> t = batch.get(i);
            if (!CLAIMED.compareAndSet(t, false, true)) {
                throw new IllegalStateException("A ticket of the batch was completed already");
            }
            t.left = 2 * i + 1 < n ? batch.get(2 * i + 1) : null;
            t.right = 2 * i + 2 < n ? batch.get(2 * i + 2) : null;
        }
        for (int i = n - 1; i > 0; i--) {
            CommitTicket<?> t = batch.get(i);
            t.parkedWhenDone = (int) STATE.getAndSet(t, DONE) == PARKED;
        }
        CommitTicket<?> root = batch.getFirst();
        root.release();
    }

    /** Wakes the owner if it is parked on this ticket, without completing it (a hint to look again). */
    public void nudge() {
        if (state == PARKED) {
            LockSupport.unpark(owner);
        }
    }

    private void release() {
        if ((int) STATE.getAndSet(this, DONE) == PARKED) {
            LockSupport.unpark(owner);
        }
    }

    /**
     * Waits until the ticket is done, without a time limit and without giving up on an interrupt (the
     * interrupt flag is restored on return): a platform thread first yields in a loop for up to
     * {@code spinNanos}, a virtual thread parks at once. Called by the owner only.
     *
     * @param spinNanos how long a platform thread yields before parking; 0 to park at once
     * @return this ticket, done
     */
    public CommitTicket<R> await(long spinNanos) {
        if (spinNanos > 0 && !owner.isVirtual()) {
            long deadline = System.nanoTime() + spinNanos;
            while (state != DONE && System.nanoTime() - deadline < 0) {
                Thread.yield();
            }
        }
        boolean interrupted = false;
        if (STATE.compareAndSet(this, WAITING, PARKED)) {
            while (state != DONE) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        passOn();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /**
     * Waits until the ticket is done or the time is up. Called by the owner only.
     *
     * @param timeout the longest wait
     * @return true when done
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean await(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state != DONE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            parkBriefly(left);
        }
        passOn();
        return true;
    }

    /**
     * Parks once, for up to {@code nanos}, unless the ticket is done: returns when completed, nudged,
     * interrupted, timed out or spuriously. Called by the owner only, in a loop on its own condition.
     *
     * @param nanos the longest park
     * @return whether the ticket is done
     */
    public boolean parkBriefly(long nanos) {
        if (STATE.compareAndSet(this, WAITING, PARKED)) {
            LockSupport.parkNanos(this, nanos);
            STATE.compareAndSet(this, PARKED, WAITING); // fails only when done meanwhile
        }
        return state == DONE;
    }

    private void passOn() {
        wake(left);
        wake(right);
    }

    private static void wake(CommitTicket<?> child) {
        if (child != null && child.parkedWhenDone) {
            LockSupport.unpark(child.owner);
        }
    }

    /**
     * @return the value; meaningful once done
     */
    public R value() {
        return value;
    }

    /**
     * @return the failure, or null; meaningful once done
     */
    public Throwable failure() {
        return failure;
    }
}
