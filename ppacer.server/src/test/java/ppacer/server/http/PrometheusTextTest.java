package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ppacer.scheduler.model.DurationHistogram;
import org.junit.jupiter.api.Test;

/** The hand-written writer's output against the rules of the Prometheus text exposition format. */
class PrometheusTextTest {
    private static final String NASTY = "back\\slash \"quoted\"\nnext line";

    @Test
    void every_meter_kind_renders_valid_exposition_text() {
        PrometheusText registry = new PrometheusText();
        registry.gauge("t_queue", "A gauge with a help text holding a \\ and a\nline feed", () -> 3.5);
        Map<String, Long> byStatus = new LinkedHashMap<>();
        byStatus.put("SUCCESS", 2L);
        byStatus.put(NASTY, 1L);
        registry.gauge("t_by_status", "A labelled gauge", "status", () -> byStatus);
        registry.counter("t_read_total", "A counter read at scrape time", () -> 7);
        PrometheusText.Counter c = registry.counter("t_events_total", "A counter");
        c.increment();
        c.increment();
        registry.counter("t_labelled_total", "A labelled counter", "to", () -> byStatus);
        // durations 0.05, 0.1, 0.5, 2, 20, 20 counted into buckets of at most 0.1, 1, 10 s and above
        registry.histogram("t_seconds", "A histogram", () -> new DurationHistogram(List.of(0.1, 1.0, 10.0),
                List.of(2L, 1L, 1L, 2L), 42.65));

        String text = registry.render();
        Map<String, ExpositionFormat.Family> families = ExpositionFormat.parse(text);

        assertEquals(List.of("t_queue", "t_by_status", "t_read_total", "t_events_total", "t_labelled_total", "t_seconds"),
                List.copyOf(families.keySet()), text);
        assertEquals("A gauge with a help text holding a \\\\ and a\\nline feed", families.get("t_queue").help());
        assertEquals(NASTY, families.get("t_by_status").samples().get(1).labels().get("status"), text);
        assertEquals(NASTY, families.get("t_labelled_total").samples().get(1).labels().get("to"), text);
        assertEquals("counter", families.get("t_labelled_total").type());
        assertEquals(2, families.get("t_events_total").samples().getFirst().value());
        List<ExpositionFormat.Sample> hs = families.get("t_seconds").samples();
        assertEquals(List.of(2.0, 3.0, 4.0, 6.0), hs.subList(0, 4).stream().map(ExpositionFormat.Sample::value).toList(), text);
        assertEquals("+Inf", hs.get(3).labels().get("le"));
        assertEquals(6.0, hs.get(5).value(), text);
    }

    @Test
    void a_counter_not_named_total_is_refused() {
        PrometheusText registry = new PrometheusText();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.counter("t_events", "x"));
        assertTrue(e.getMessage().contains("t_events"), e.getMessage());
    }

    @Test
    void the_checker_catches_each_broken_rule() {
        List<String> broken = List.of(
                "x 1\n",                                                              // no HELP/TYPE
                "# TYPE x gauge\nx 1\n",                                              // no HELP
                "# HELP x h\n# TYPE x gauge\n# HELP x h\nx 1\n",                      // two HELPs
                "# HELP x h\n# TYPE x counter\nx 1\n",                                // counter without _total
                "# HELP x h\n# TYPE x gauge\nx{a=\"q\"q\"} 1\n",                     // unescaped quote
                "# HELP x h\n# TYPE x gauge\nx 1\nx 2\n",                             // duplicate series
                "# HELP x h\n# TYPE x gauge\nx one\n",                                // not a number
                "# HELP x h\n# TYPE x gauge\n# HELP y h\n# TYPE y gauge\nx{a=\"1\"} 1\ny 1\nx{a=\"2\"} 1\n", // interleaved
                "# HELP h h\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
                "# HELP h h\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",
                "# HELP h h\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n");
        for (String text : broken) {
            assertThrows(AssertionError.class, () -> ExpositionFormat.parse(text), text);
        }
        ExpositionFormat.parse("# HELP h h\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n");
    }
}
