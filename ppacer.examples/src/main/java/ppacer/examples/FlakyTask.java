package ppacer.examples;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ppacer.api.PpacerException;
import ppacer.api.Task;
import ppacer.api.TaskContext;

/**
 * Fails its first attempts and succeeds on every later one: a deterministic stand-in for a flaky
 * dependency, to watch retries happen. How many attempts fail is the run parameter {@code failures}
 * (default 1): with {@code {"failures":3}} and the {@link FlakyDag flaky} DAG's 2 retries, attempts 0,
 * 1 and 2 fail and the run ends FAILED; {@code ppacer restart RUN} then gives the task attempt 3, which
 * succeeds.
 *
 * @param id the task id
 */
record FlakyTask(String id) implements Task {
    /** The run parameter naming how many attempts fail. */
    static final String FAILURES = "failures";
    private static final Pattern PARAM = Pattern.compile("\"" + FAILURES + "\"\\s*:\\s*([^,}\\s]*)");

    @Override
    public void execute(TaskContext context) {
        int failures = failures(context.paramsJson());
        if (context.attempt() < failures) {
            throw new PpacerException("Task '" + id + "' of run " + context.runId() + " fails on purpose on attempt "
                    + context.attempt() + " (" + FAILURES + "=" + failures + "); attempt " + failures + " will succeed");
        }
        context.logger().info("Succeeded on attempt " + context.attempt());
    }

    /**
     * @param paramsJson the run parameters
     * @return the {@code failures} parameter, 1 when absent
     * @throws PpacerException when it is not a whole number from 0 to 100
     */
    static int failures(String paramsJson) {
        Matcher m = PARAM.matcher(paramsJson);
        if (!m.find()) {
            return 1;
        }
        String value = m.group(1);
        if (!value.matches("\\d{1,3}") || Integer.parseInt(value) > 100) {
            throw new PpacerException("Run parameter '" + FAILURES + "' must be a whole number from 0 to 100 (how many"
                    + " attempts fail), was " + value);
        }
        return Integer.parseInt(value);
    }
}
