package ppacer.store.sqlite;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.store.tck.Fixtures;

/**
 * Child process of {@link SqliteCrashTest}: moves attempts SCHEDULED → RUNNING from 4 threads
 * forever and prints {@code ACK runId taskId} after each acknowledged transition.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    /**
     * @param args the database file
     */
    public static void main(String[] args) {
        Store store = new SqliteStoreProvider().open(StoreConfig.of("jdbc:sqlite:" + args[0]));
        store.dags().sync(Fixtures.standardDags(), Fixtures.T0);
        PrintStream out = System.out;
        ReentrantLock printing = new ReentrantLock();
        int threads = 4;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int w = 0; w < threads; w++) {
                int worker = w;
                pool.submit(() -> {
                    for (int round = 0; ; round++) {
                        long run = store.dagRuns().insert(Fixtures.run(Fixtures.VOLUME, Fixtures.t(round * threads + worker)));
                        List<NewAttempt> batch = new ArrayList<>();
                        for (int i = 0; i < 100; i++) {
                            batch.add(Fixtures.attempt(run, Fixtures.volumeTask(i), 0, Fixtures.T0));
                        }
                        store.attempts().insert(batch);
                        for (NewAttempt a : batch) {
                            AttemptKey k = a.key();
                            if (store.attempts().transition(AttemptTransition.of(k, TaskStatus.SCHEDULED, TaskStatus.RUNNING,
                                    Fixtures.T0).withLease("crash", "tok", Fixtures.t(60)))) {
                                printing.lock();
                                try {
                                    out.println("ACK " + k.runId() + " " + k.taskId());
                                    out.flush();
                                } finally {
                                    printing.unlock();
                                }
                            }
                        }
                    }
                });
            }
        }
    }
}
