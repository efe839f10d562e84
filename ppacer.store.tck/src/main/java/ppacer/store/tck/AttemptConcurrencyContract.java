package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.api.TaskStatus.RUNNING;
import static ppacer.api.TaskStatus.SCHEDULED;
import static ppacer.api.TaskStatus.SUCCESS;
import static ppacer.store.tck.Fixtures.VOLUME;
import static ppacer.store.tck.Fixtures.attempt;
import static ppacer.store.tck.Fixtures.key;
import static ppacer.store.tck.Fixtures.t;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.TaskAttemptRecord;

/** Contract of concurrent compare-and-set transitions: one winner per race, no lost update. */
public interface AttemptConcurrencyContract extends StoreUnderTest {
    /** Number of threads racing. */
    int THREADS = 16;

    /**
     * Runs each task on its own thread, all released at once, and waits for the results.
     *
     * @param tasks the tasks
     * @param <T> result type
     * @return the results, in task order
     * @throws Exception when a task failed or did not finish within 60 s
     */
    private <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    assertTrue(go.await(30, TimeUnit.SECONDS), "start signal");
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    /** Sixteen executors claim one attempt at once: exactly one wins, and its lease is stored. */
    @Test
    default void racing_claims_have_exactly_one_winner() throws Exception {
        long run = newRun(VOLUME, t(0));
        AttemptKey k = key(run, Fixtures.volumeTask(0), 0);
        store().attempts().insert(List.of(attempt(run, k.taskId(), 0, t(1))));
        List<Callable<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String executor = "exec-" + i;
            claims.add(() -> store().attempts().transition(
                    AttemptTransition.of(k, SCHEDULED, RUNNING, t(2)).withLease(executor, "tok-" + executor, t(30))));
        }
        List<Boolean> won = race(claims);
        assertEquals(1, won.stream().filter(b -> b).count(), "winners: " + won);
        int winner = won.indexOf(true);
        TaskAttemptRecord r = store().attempts().find(k).orElseThrow();
        assertEquals(RUNNING, r.status());
        assertEquals("exec-" + winner, r.executorId().orElseThrow());
        assertEquals("tok-exec-" + winner, r.token().orElseThrow());
    }

    /** Sixteen threads moving distinct attempts through their life lose no update. */
    @Test
    default void concurrent_transitions_on_distinct_attempts_all_apply() throws Exception {
        long run = newRun(VOLUME, t(0));
        int perThread = 5;
        List<NewAttempt> rows = new ArrayList<>();
        for (int i = 0; i < THREADS * perThread; i++) {
            rows.add(attempt(run, Fixtures.volumeTask(i), 0, t(1)));
        }
        store().attempts().insert(rows);
        List<Callable<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
            int first = w * perThread;
            workers.add(() -> {
                int applied = 0;
                for (int i = first; i < first + perThread; i++) {
                    AttemptKey k = key(run, Fixtures.volumeTask(i), 0);
                    applied += store().attempts().transition(AttemptTransition.of(k, SCHEDULED, RUNNING, t(2))) ? 1 : 0;
                    applied += store().attempts().transitionAll(List.of(AttemptTransition.of(k, RUNNING, SUCCESS, t(3))))
                            .getFirst() ? 1 : 0;
                }
                return applied;
            });
        }
        assertEquals(List.of(2 * perThread), race(workers).stream().distinct().toList());
        assertEquals(java.util.Map.of(SUCCESS, (long) THREADS * perThread), store().attempts().countByStatus());
    }
}
