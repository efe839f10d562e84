package ppacer.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line-by-line checker of the Prometheus text exposition format (0.0.4), as the scheduler writes
 * it: each metric family has exactly one {@code # HELP} and one {@code # TYPE} line before its
 * samples, and its samples together; counters end in {@code _total}; label values are escaped; no
 * series appears twice; a histogram's buckets are cumulative and end with {@code le="+Inf"} equal to
 * its {@code _count}. Parses the output into samples so that tests can read values.
 */
final class ExpositionFormat {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") ((?:[^\\\\\\n]|\\\\[\\\\n])*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? (\\S+)");
    private static final String LABEL = "([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"";
    private static final Pattern LABELS = Pattern.compile("(?:" + LABEL + "(?:," + LABEL + ")*)?,?");
    private static final Pattern ONE_LABEL = Pattern.compile(LABEL);
    private static final Pattern VALUE = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]Inf|NaN");

    /** One sample line: the metric name, its labels (unescaped) and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A metric family: its type and samples in output order. */
    record Family(String name, String type, String help, List<Sample> samples) {
    }

    private ExpositionFormat() {
    }

    /**
     * Checks the whole text and returns its families.
     *
     * @param text the exposition
     * @return the families by name, in output order
     * @throws AssertionError naming the line and the rule broken
     */
    static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the output does not end with a line feed");
        }
        Map<String, String> helps = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        Map<String, Family> families = new LinkedHashMap<>();
        Set<String> series = new HashSet<>();
        String current = null;
        Set<String> closed = new HashSet<>();
        String[] lines = text.isEmpty() ? new String[0] : text.substring(0, text.length() - 1).split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String where = "line " + (n + 1) + " '" + line + "': ";
            if (line.startsWith("# HELP ")) {
                Matcher m = HELP.matcher(line);
                require(m.matches(), where + "malformed HELP (name, space, text with \\\\ and \\n escaped)");
                require(helps.put(m.group(1), m.group(2)) == null, where + "second HELP for " + m.group(1));
                require(!families.containsKey(m.group(1)), where + "HELP after the samples of " + m.group(1));
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                Matcher m = TYPE.matcher(line);
                require(m.matches(), where + "malformed TYPE");
                require(types.put(m.group(1), m.group(2)) == null, where + "second TYPE for " + m.group(1));
                require(!families.containsKey(m.group(1)), where + "TYPE after the samples of " + m.group(1));
                require(!m.group(2).equals("counter") || m.group(1).endsWith("_total"),
                        where + "counter " + m.group(1) + " does not end in _total");
                continue;
            }
            require(!line.startsWith("#"), where + "a comment other than HELP or TYPE");
            Matcher m = SAMPLE.matcher(line);
            require(m.matches(), where + "not a sample line (name, optional {labels}, space, value)");
            String labelText = m.group(2) == null ? "" : m.group(2);
            require(LABELS.matcher(labelText).matches(), where + "labels not of the form name=\"escaped value\",...");
            Map<String, String> labels = new TreeMap<>();
            Matcher l = ONE_LABEL.matcher(labelText);
            while (l.find()) {
                require(labels.put(l.group(1), unescape(l.group(2))) == null, where + "label " + l.group(1) + " twice");
            }
            require(VALUE.matcher(m.group(3)).matches(), where + "value is not a float");
            String family = family(m.group(1), types);
            require(types.containsKey(family), where + "no TYPE line before the samples of " + family);
            require(helps.containsKey(family), where + "no HELP line before the samples of " + family);
            if (!family.equals(current)) {
                require(!closed.contains(family), where + "samples of " + family + " are not together");
                if (current != null) {
                    closed.add(current);
                }
                current = family;
            }
            require(series.add(m.group(1) + labels), where + "duplicate series " + m.group(1) + labels);
            families.computeIfAbsent(family, f -> new Family(f, types.get(f), helps.get(f), new ArrayList<>()))
                    .samples().add(new Sample(m.group(1), labels, parseValue(m.group(3))));
        }
        for (String t : types.keySet()) {
            require(helps.containsKey(t), "TYPE without HELP for " + t);
        }
        for (String h : helps.keySet()) {
            require(types.containsKey(h), "HELP without TYPE for " + h);
        }
        families.values().stream().filter(f -> f.type().equals("histogram")).forEach(ExpositionFormat::checkHistogram);
        return families;
    }

    private static String family(String sample, Map<String, String> types) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new HashMap<>();
        Set<Map<String, String>> sums = new HashSet<>();
        for (Sample s : f.samples()) {
            Map<String, String> rest = new TreeMap<>(s.labels());
            if (s.name().equals(f.name() + "_bucket")) {
                require(rest.remove("le") != null, f.name() + ": a bucket without le");
                buckets.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
            } else if (s.name().equals(f.name() + "_count")) {
                counts.put(rest, s.value());
            } else if (s.name().equals(f.name() + "_sum")) {
                sums.add(rest);
            } else {
                throw new AssertionError(f.name() + ": sample " + s.name() + " in a histogram");
            }
        }
        require(!buckets.isEmpty(), f.name() + ": a histogram without buckets");
        buckets.forEach((labels, bs) -> {
            double lastBound = Double.NEGATIVE_INFINITY;
            double lastCount = 0;
            for (Sample b : bs) {
                double bound = parseValue(b.labels().get("le"));
                require(bound > lastBound, f.name() + ": bucket bounds not increasing at le=" + b.labels().get("le"));
                require(b.value() >= lastCount, f.name() + ": buckets not cumulative at le=" + b.labels().get("le"));
                lastBound = bound;
                lastCount = b.value();
            }
            require(bs.getLast().labels().get("le").equals("+Inf"), f.name() + ": the last bucket is not le=\"+Inf\"");
            require(counts.containsKey(labels), f.name() + ": no _count");
            require(sums.contains(labels), f.name() + ": no _sum");
            require(counts.get(labels) == lastCount, f.name() + ": le=\"+Inf\" is " + lastCount + ", _count is "
                    + counts.get(labels));
        });
    }

    private static double parseValue(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    private static String unescape(String v) {
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                char e = v.charAt(++i);
                out.append(e == 'n' ? '\n' : e);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
