package ppacer.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import ppacer.scheduler.model.DurationHistogram;

/**
 * A small registry rendering the Prometheus text exposition format (version 0.0.4): gauges read at
 * scrape time, labelled gauges and counters, counters and histograms. Each family is written as one
 * {@code # HELP} line (backslash and line feed escaped), one {@code # TYPE} line and its samples;
 * label values are escaped (backslash, double quote, line feed); counter names must end in
 * {@code _total}; histogram buckets are cumulative and end with {@code le="+Inf"}, equal to
 * {@code _count}.
 *
 * <p>Why not Helidon metrics: {@code helidon-webserver-observe-metrics} brings Micrometer, the
 * Prometheus client and protobuf-java (an automatic module that cannot be linked by jlink) into the
 * runtime image; the handful of meters the scheduler exposes does not justify that weight.
 */
final class PrometheusText {
    private final List<Meter> meters = new ArrayList<>();

    private sealed interface Meter permits Gauge, Labelled, TwoLabels, Counter, ReadCounter, Histogram {
        void render(StringBuilder out);
    }

    private record Gauge(String name, String help, DoubleSupplier value) implements Meter {
        @Override
        public void render(StringBuilder out) {
            header(out, name, help, "gauge");
            out.append(name).append(' ').append(num(value.getAsDouble())).append('\n');
        }
    }

    /** A gauge or counter with one label, one sample per label value, read at scrape time. */
    private record Labelled(String name, String help, String type, String label,
                            Supplier<Map<String, ? extends Number>> values) implements Meter {
        @Override
        public void render(StringBuilder out) {
            header(out, name, help, type);
            values.get().forEach((k, v) -> out.append(name).append('{').append(label).append("=\"").append(escape(k))
                    .append("\"} ").append(num(v.doubleValue())).append('\n'));
        }
    }

    /** A gauge with two labels, one sample per pair of values, read at scrape time. */
    private record TwoLabels(String name, String help, String label1, String label2,
                             Supplier<Map<String, Map<String, Number>>> values) implements Meter {
        @Override
        public void render(StringBuilder out) {
            header(out, name, help, "gauge");
            values.get().forEach((a, byB) -> byB.forEach((b, v) -> out.append(name).append('{').append(label1)
                    .append("=\"").append(escape(a)).append("\",").append(label2).append("=\"").append(escape(b))
                    .append("\"} ").append(num(v.doubleValue())).append('\n')));
        }
    }

    /** A counter kept elsewhere, read at scrape time. */
    private record ReadCounter(String name, String help, LongSupplier value) implements Meter {
        @Override
        public void render(StringBuilder out) {
            header(out, name, help, "counter");
            out.append(name).append(' ').append(value.getAsLong()).append('\n');
        }
    }

    /** A monotonically increasing counter. */
    static final class Counter implements Meter {
        private final String name;
        private final String help;
        private final LongAdder value = new LongAdder();

        private Counter(String name, String help) {
            this.name = name;
            this.help = help;
        }

        void increment() {
            value.increment();
        }

        @Override
        public void render(StringBuilder out) {
            header(out, name, help, "counter");
            out.append(name).append(' ').append(value.sum()).append('\n');
        }
    }

    /** A histogram of seconds with fixed upper bounds, read at scrape time. */
    record Histogram(String name, String help, Supplier<DurationHistogram> read) implements Meter {
        @Override
        public void render(StringBuilder out) {
            DurationHistogram h = read.get();
            header(out, name, help, "histogram");
            long cumulative = 0;
            for (int i = 0; i < h.bounds().size(); i++) {
                cumulative += h.counts().get(i);
                out.append(name).append("_bucket{le=\"").append(num(h.bounds().get(i))).append("\"} ").append(cumulative)
                        .append('\n');
            }
            cumulative += h.counts().getLast();
            out.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
            out.append(name).append("_sum ").append(num(h.sumSeconds())).append('\n');
            out.append(name).append("_count ").append(cumulative).append('\n');
        }
    }

    void gauge(String name, String help, DoubleSupplier value) {
        meters.add(new Gauge(name, help, value));
    }

    void gauge(String name, String help, String label, Supplier<Map<String, ? extends Number>> values) {
        meters.add(new Labelled(name, help, "gauge", label, values));
    }

    void gauge(String name, String help, String label1, String label2, Supplier<Map<String, Map<String, Number>>> values) {
        meters.add(new TwoLabels(name, help, label1, label2, values));
    }

    /** A counter kept elsewhere, read at scrape time; its name must end in {@code _total}. */
    void counter(String name, String help, LongSupplier value) {
        meters.add(new ReadCounter(counterName(name), help, value));
    }

    /** Counters kept elsewhere, one per label value, read at scrape time; the name must end in {@code _total}. */
    void counter(String name, String help, String label, Supplier<Map<String, ? extends Number>> values) {
        meters.add(new Labelled(counterName(name), help, "counter", label, values));
    }

    /** A counter kept here; its name must end in {@code _total}. */
    Counter counter(String name, String help) {
        Counter c = new Counter(counterName(name), help);
        meters.add(c);
        return c;
    }

    void histogram(String name, String help, Supplier<DurationHistogram> read) {
        meters.add(new Histogram(name, help, read));
    }

    String render() {
        StringBuilder out = new StringBuilder(4096);
        for (Meter m : meters) {
            m.render(out);
        }
        return out.toString();
    }

    private static String counterName(String name) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("Counter '" + name + "' must be named with the suffix _total");
        }
        return name;
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String num(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%s", d);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
