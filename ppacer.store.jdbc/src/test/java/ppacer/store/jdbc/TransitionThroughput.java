package ppacer.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;

/**
 * Acknowledged attempt transitions per second, group commit against one commit per call, on
 * PostgreSQL and MySQL/MariaDB, with 1 and 8 caller threads. Each call is one compare-and-set lease
 * extension (RUNNING to RUNNING with a new deadline) of one of the caller's 64 attempts; only calls
 * that returned {@code true} (applied and committed) are counted.
 *
 * <p>Run it on the class path with the module's test classpath (exact command in BENCHMARKS.md,
 * section "Store: PostgreSQL and MariaDB transitions"); arguments: seconds per measurement, provider.
 */
public final class TransitionThroughput {
    private TransitionThroughput() {
    }

    /**
     * @param args optional: seconds per measurement (default 5), then a provider name to measure only it
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf(Locale.ROOT, "%-11s %-7s %-20s %12s%n", "database", "threads", "mode", "acked/s");
        for (Dialect d : Dialect.values()) {
            if (args.length > 1 && !args[1].equals(d.providerName())) {
                continue;
            }
            for (int threads : new int[] {1, 8}) {
                double single = run(d, threads, false, 1, seconds);
                double group = run(d, threads, true, 1, seconds);
                double all = run(d, threads, true, 16, seconds);
                System.out.printf(Locale.ROOT, "%-11s %-7d ratio group/single = %.1fx, transitionAll(16)/single = %.1fx%n",
                        d.providerName(), threads, group / single, all / single);
            }
        }
    }

    private static double run(Dialect d, int threads, boolean groupCommit, int perCall, int seconds) throws Exception {
        String admin = TestDatabase.adminUrl(d);
        String name = "ppacer_bench_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute(d == Dialect.POSTGRESQL ? "CREATE SCHEMA " + name : "CREATE DATABASE " + name);
        }
        String url = d == Dialect.POSTGRESQL ? admin + (admin.contains("?") ? "&" : "?") + "currentSchema=" + name
                : admin.replaceFirst("(jdbc:mysql://[^/]+/)[^?]*", "$1" + name);
        try (Store store = Stores.open(StoreConfig.of(url).with("groupCommit", Boolean.toString(groupCommit))
                .with("poolSize", "12").with("writers", "2"))) {
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            long run = store.dagRuns().insert(new NewDagRun("bench", t0, DagRunStatus.RUNNING, "{}",
                    ScheduleEventType.REGULAR, 0, t0));
            int perThread = 64;
            List<NewAttempt> attempts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    attempts.add(new NewAttempt(new AttemptKey(run, "t" + t + "_" + i, 0), TaskStatus.SCHEDULED, t0));
                }
            }
            store.attempts().insert(attempts);
            store.attempts().transitionAll(attempts.stream()
                    .map(a -> AttemptTransition.of(a.key(), TaskStatus.SCHEDULED, TaskStatus.RUNNING, t0)).toList());
            LongAdder acked = new LongAdder();
            AtomicBoolean counting = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch finished = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread.ofPlatform().start(() -> {
                    try {
                        long n = 0;
                        while (!stop.get()) {
                            List<AttemptTransition> call = new ArrayList<>(perCall);
                            for (int j = 0; j < perCall; j++, n++) {
                                AttemptKey k = new AttemptKey(run, "t" + thread + "_" + (n % perThread), 0);
                                call.add(AttemptTransition.of(k, TaskStatus.RUNNING, TaskStatus.RUNNING, t0)
                                        .withLease("e", "tok", t0.plusSeconds(n)));
                            }
                            long ok = store.attempts().transitionAll(call).stream().filter(b -> b).count();
                            if (counting.get()) {
                                acked.add(ok);
                            }
                        }
                    } finally {
                        finished.countDown();
                    }
                });
            }
            Thread.sleep(1000); // warm-up (benchmark timing, not synchronisation)
            counting.set(true);
            long start = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(seconds));
            counting.set(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            finished.await();
            double rate = acked.sum() / elapsed;
            System.out.printf(Locale.ROOT, "%-11s %-7d %-20s %12.0f%n", d.providerName(), threads,
                    groupCommit ? (perCall == 1 ? "group commit" : "transitionAll(" + perCall + ")") : "commit per call", rate);
            return rate;
        } finally {
            try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
                st.execute(d == Dialect.POSTGRESQL ? "DROP SCHEMA " + name + " CASCADE" : "DROP DATABASE " + name);
            }
        }
    }
}
