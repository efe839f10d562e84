package ppacer.api;

import java.util.Objects;

/**
 * Marks a task as the teardown of a setup task (release a cluster, drop a temporary table): it runs
 * once every parent is done, whatever happened between the setup and it, provided the setup
 * succeeded. When the setup did not succeed there is nothing to tear down: the teardown is SKIPPED
 * (setup skipped) or UPSTREAM_FAILED (setup failed). Its {@link TaskConfig#triggerRule()} is not
 * used.
 *
 * <p>A failed teardown does not fail the run unless {@code failsRun} is set. Clearing a task between
 * a setup and its teardown, or restarting a failed run, clears the setup and the teardown too, so
 * the resource is made again and released again.
 *
 * @param setupId the setup task's id; the builder adds the edge setup → teardown when it is missing
 * @param failsRun whether a failure of the teardown fails the run (default false)
 */
public record Teardown(String setupId, boolean failsRun) {
    /** Validates. */
    public Teardown {
        Objects.requireNonNull(setupId, "setupId");
    }
}
