package ppacer.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.Store;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskAttemptStore;

/**
 * Wraps a store so that attempts read back carry the reasons and branch decisions written through
 * it ({@link NewAttempt#reason()}, {@link AttemptTransition#reason()}, {@link AttemptTransition#branch()}),
 * for tests of the readers (HTTP API, UI, command line) while a store does not persist them yet. A
 * record that already has a reason or a branch from the store keeps it: on a store that persists
 * them, the wrapper changes nothing. Remembered only for this wrapper's lifetime.
 */
public final class RecallingStore {
    private RecallingStore() {
    }

    /**
     * @param delegate the real store
     * @return the wrapping store
     */
    public static Store wrap(Store delegate) {
        Map<AttemptKey, String> reasons = new ConcurrentHashMap<>();
        Map<AttemptKey, List<String>> branches = new ConcurrentHashMap<>();
        return StoreProxy.wrap(delegate, (type, method, args, call) -> {
            Object out = call.proceed();
            if (type != TaskAttemptStore.class) {
                return out;
            }
            switch (method.getName()) {
                case "insert" -> {
                    for (Object o : (List<?>) args[0]) {
                        NewAttempt a = (NewAttempt) o;
                        a.reason().ifPresent(r -> reasons.put(a.key(), r));
                    }
                    return out;
                }
                case "transition" -> {
                    if ((Boolean) out) {
                        remember((AttemptTransition) args[0], reasons, branches);
                    }
                    return out;
                }
                case "transitionAll" -> {
                    List<?> ts = (List<?>) args[0];
                    List<?> applied = (List<?>) out;
                    for (int i = 0; i < ts.size(); i++) {
                        if ((Boolean) applied.get(i)) {
                            remember((AttemptTransition) ts.get(i), reasons, branches);
                        }
                    }
                    return out;
                }
                default -> {
                    return fill(out, reasons, branches);
                }
            }
        });
    }

    private static void remember(AttemptTransition t, Map<AttemptKey, String> reasons,
                                 Map<AttemptKey, List<String>> branches) {
        t.reason().ifPresent(r -> reasons.put(t.key(), r));
        t.branch().ifPresent(b -> branches.put(t.key(), b));
    }

    private static Object fill(Object out, Map<AttemptKey, String> reasons, Map<AttemptKey, List<String>> branches) {
        if (out instanceof TaskAttemptRecord r) {
            return filled(r, reasons, branches);
        }
        if (out instanceof Optional<?> o && o.isPresent() && o.get() instanceof TaskAttemptRecord r) {
            return Optional.of(filled(r, reasons, branches));
        }
        if (out instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof TaskAttemptRecord) {
            List<TaskAttemptRecord> copy = new ArrayList<>(l.size());
            l.forEach(x -> copy.add(filled((TaskAttemptRecord) x, reasons, branches)));
            return List.copyOf(copy);
        }
        return out;
    }

    private static TaskAttemptRecord filled(TaskAttemptRecord r, Map<AttemptKey, String> reasons,
                                            Map<AttemptKey, List<String>> branches) {
        Optional<String> reason = r.reason().or(() -> Optional.ofNullable(reasons.get(r.key())));
        Optional<List<String>> branch = r.branch().or(() -> Optional.ofNullable(branches.get(r.key())));
        return new TaskAttemptRecord(r.key(), r.status(), r.scheduledAt(), r.startedAt(), r.finishedAt(), r.updatedAt(),
                r.executorId(), r.token(), r.leaseDeadline(), r.error(), branch, reason);
    }
}
