package ppacer.notify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ppacer.api.Alert;
import ppacer.api.Notifier;

/**
 * Sends an alert to the notifiers of its DAG, or to the default ones when its DAG has none of its
 * own: the {@code notifications} section of {@code ppacer.yaml}. Given to the scheduler as its one
 * notifier; a task's own {@link ppacer.api.TaskConfig#notifier()} still takes precedence.
 *
 * <p>Failure handling: every target is tried, in order, even when one before it failed; then, if any
 * failed, a {@link NotificationException} names each failure (the others are its suppressed
 * exceptions), and the scheduler's dispatcher logs it at WARNING. Scheduling is never affected.
 *
 * @param defaults the notifiers of DAGs without their own (may be empty: no alert)
 * @param byDag each DAG's own notifiers, replacing the defaults for that DAG
 */
public record AlertRoutes(List<Notifier> defaults, Map<String, List<Notifier>> byDag) implements Notifier {
    /** Copies the lists. */
    public AlertRoutes {
        defaults = List.copyOf(defaults);
        Map<String, List<Notifier>> copy = new LinkedHashMap<>();
        byDag.forEach((dag, list) -> copy.put(Objects.requireNonNull(dag, "dag"), List.copyOf(list)));
        byDag = Collections.unmodifiableMap(copy);
    }

    /**
     * @param dagId a DAG
     * @return the notifiers its alerts go to
     */
    public List<Notifier> targets(String dagId) {
        return byDag.getOrDefault(dagId, defaults);
    }

    @Override
    public void send(Alert alert) {
        List<Notifier> targets = targets(alert.dagId());
        List<String> failures = new ArrayList<>();
        List<Exception> causes = new ArrayList<>();
        for (Notifier n : targets) {
            try {
                n.send(alert);
            } catch (Exception e) {
                // a NotificationException names its target already; anything else gets the notifier's name
                failures.add(e instanceof NotificationException ? e.getMessage() : n + ": " + e);
                causes.add(e);
            }
        }
        if (!failures.isEmpty()) {
            NotificationException e = new NotificationException(failures.size() + " of " + targets.size()
                    + " notifiers failed for " + AlertTemplate.describe(alert) + ": " + String.join("; ", failures));
            causes.forEach(e::addSuppressed);
            throw e;
        }
    }
}
