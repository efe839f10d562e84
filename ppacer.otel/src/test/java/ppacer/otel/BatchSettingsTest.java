package ppacer.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ppacer.api.PpacerException;

class BatchSettingsTest {
    @Test
    void without_the_variables_the_defaults_hold_a_second_of_the_burn_down_in_batches_of_4096() {
        assertEquals(new BatchSettings(32_768, 4_096, Duration.ofSeconds(1)), BatchSettings.of(Map.of()));
    }

    @Test
    void the_standard_variables_override_them() {
        assertEquals(new BatchSettings(2_048, 512, Duration.ofMillis(5_000)), BatchSettings.of(Map.of(
                "OTEL_BSP_MAX_QUEUE_SIZE", "2048", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", " 512 ", "OTEL_BSP_SCHEDULE_DELAY", "5000")));
        assertEquals(new BatchSettings(100, 100, Duration.ofSeconds(1)), BatchSettings.of(Map.of("OTEL_BSP_MAX_QUEUE_SIZE", "100")),
                "a smaller queue caps the default batch");
    }

    @Test
    void a_bad_value_is_refused_naming_it() {
        PpacerException e = assertThrows(PpacerException.class, () -> BatchSettings.of(Map.of("OTEL_BSP_SCHEDULE_DELAY", "1s")));
        assertTrue(e.getMessage().contains("OTEL_BSP_SCHEDULE_DELAY '1s'"), e.getMessage());
        e = assertThrows(PpacerException.class, () -> BatchSettings.of(Map.of("OTEL_BSP_MAX_QUEUE_SIZE", "0")));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        e = assertThrows(PpacerException.class, () -> BatchSettings.of(Map.of("OTEL_BSP_MAX_QUEUE_SIZE", "10",
                "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "20")));
        assertTrue(e.getMessage().contains("queue size 10, was 20"), e.getMessage());
    }
}
