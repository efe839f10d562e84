package ppacer.scheduler.model;

import java.util.List;

/**
 * A snapshot of durations counted into fixed buckets, as a Prometheus histogram shows them.
 *
 * @param bounds the buckets' upper bounds in seconds, ascending
 * @param counts per bucket, not cumulative: {@code counts.get(i)} durations were at most
 *        {@code bounds.get(i)} and above the bound before; one more entry at the end for the
 *        durations above the last bound
 * @param sumSeconds the sum of all durations counted, in seconds
 */
public record DurationHistogram(List<Double> bounds, List<Long> counts, double sumSeconds) {
    /** Copies the lists; checks that there is one count per bucket plus one above the last bound. */
    public DurationHistogram {
        bounds = List.copyOf(bounds);
        counts = List.copyOf(counts);
        if (counts.size() != bounds.size() + 1) {
            throw new IllegalArgumentException("expected " + (bounds.size() + 1) + " counts for " + bounds.size()
                    + " bounds, got " + counts.size());
        }
    }

    /** @return how many durations were counted */
    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }
}
