package ppacer.api.concurrent;

import java.security.SecureRandom;

/**
 * The seed of a randomized stress test: {@code -Dppacer.stress.seed=N} replays a run; a failure
 * names its seed.
 */
final class Stress {
    private Stress() {
    }

    /** A body that uses the seed. */
    @FunctionalInterface
    interface Body {
        void run(long seed) throws Exception;
    }

    static void run(Body body) throws Exception {
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
