package ppacer.scheduler.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import ppacer.scheduler.model.DurationHistogram;

/**
 * Counts durations into fixed buckets. Recording allocates nothing and takes no lock (one
 * {@link LongAdder} per bucket), so hand-out and report paths record on every attempt.
 */
public final class DurationRecorder {
    private final double[] bounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    /**
     * @param bounds the buckets' upper bounds in seconds, ascending
     */
    public DurationRecorder(double... bounds) {
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must ascend, got " + java.util.Arrays.toString(bounds));
            }
        }
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** @param d a duration; a negative one (clocks stepping back) counts as zero */
    public void record(Duration d) {
        double seconds = d.isNegative() ? 0 : d.getSeconds() + d.getNano() / 1e9;
        int i = 0;
        while (i < bounds.length && seconds > bounds[i]) {
            i++;
        }
        counts[i].increment();
        sum.add(seconds);
    }

    /** @return the counts so far (each bucket read once; concurrent records may land in the next snapshot) */
    public DurationHistogram snapshot() {
        List<Double> b = new ArrayList<>(bounds.length);
        for (double x : bounds) {
            b.add(x);
        }
        List<Long> c = new ArrayList<>(counts.length);
        for (LongAdder a : counts) {
            c.add(a.sum());
        }
        return new DurationHistogram(b, c, sum.sum());
    }
}
