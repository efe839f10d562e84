package ppacer.otel;

import java.time.Duration;
import java.util.Map;
import ppacer.api.PpacerException;

/**
 * How ended spans are batched for export: the queue they wait in (a span ended when it is full is
 * dropped), the most spans per OTLP request, and how long a span waits at most for a batch to fill.
 * The standard {@code OTEL_BSP_MAX_QUEUE_SIZE}, {@code OTEL_BSP_MAX_EXPORT_BATCH_SIZE} and
 * {@code OTEL_BSP_SCHEDULE_DELAY} (milliseconds) environment variables override the defaults.
 *
 * @param maxQueueSize spans waiting for export at most
 * @param maxExportBatchSize spans per export request at most
 * @param scheduleDelay the longest wait before a partial batch is exported
 */
record BatchSettings(int maxQueueSize, int maxExportBatchSize, Duration scheduleDelay) {
    /**
     * The defaults. The SDK's (a queue of 2,048, batches of 512) dropped thousands of spans of the
     * 20,000-run burn-down (about 30,000 spans a second) and made an export request every 17 ms; a queue
     * of 32,768 holds a second of them, and batches of 4,096 make an eighth of the requests.
     */
    static final BatchSettings DEFAULT = new BatchSettings(32_768, 4_096, Duration.ofSeconds(1));

    /** Validates. */
    BatchSettings {
        if (maxQueueSize < 1) {
            throw new PpacerException("tracing batch queue size must be at least 1, was " + maxQueueSize);
        }
        if (maxExportBatchSize < 1 || maxExportBatchSize > maxQueueSize) {
            throw new PpacerException("tracing export batch size must be between 1 and the queue size " + maxQueueSize
                    + ", was " + maxExportBatchSize);
        }
        if (scheduleDelay.isNegative() || scheduleDelay.isZero()) {
            throw new PpacerException("tracing schedule delay must be positive, was " + scheduleDelay);
        }
    }

    /**
     * @param env the environment
     * @return the defaults with the {@code OTEL_BSP_*} variables of {@code env} applied
     * @throws PpacerException when a variable is not a positive whole number or the sizes do not fit
     */
    static BatchSettings of(Map<String, String> env) {
        int queue = number(env, "OTEL_BSP_MAX_QUEUE_SIZE", DEFAULT.maxQueueSize);
        int batch = number(env, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", Math.min(DEFAULT.maxExportBatchSize, queue));
        int delay = number(env, "OTEL_BSP_SCHEDULE_DELAY", (int) DEFAULT.scheduleDelay.toMillis());
        return new BatchSettings(queue, batch, Duration.ofMillis(delay));
    }

    private static int number(Map<String, String> env, String name, int otherwise) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new PpacerException(name + " '" + v + "' is not valid: expected a whole number of at least 1");
    }
}
