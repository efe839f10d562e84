package ppacer.testkit;

import java.security.SecureRandom;

/**
 * The seed of a randomized stress test: a fresh one per run, or {@code -Dppacer.stress.seed=N} to
 * replay a run; a failure names its seed. (ppacer.api's own tests keep a copy: the API module
 * cannot use this one, which depends on it.)
 */
public final class Stress {
    private Stress() {
    }

    /** A body that uses the seed. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param seed the run's seed
         * @throws Exception when the run fails
         */
        void run(long seed) throws Exception;
    }

    /**
     * @param body the stress run
     * @throws AssertionError naming the seed when the body fails
     */
    public static void run(Body body) {
        Long given = Long.getLong("ppacer.stress.seed");
        long seed = given != null ? given : new SecureRandom().nextLong();
        try {
            body.run(seed);
        } catch (AssertionError | Exception e) {
            throw new AssertionError("Stress run failed with seed " + seed + " (replay: -Dppacer.stress.seed=" + seed
                    + "): " + e.getMessage(), e);
        }
    }
}
