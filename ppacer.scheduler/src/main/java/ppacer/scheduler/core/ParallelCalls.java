package ppacer.scheduler.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Runs one blocking store call per item on its own virtual thread and waits for all of them, so that
 * independent writes (different runs) reach the store together and share its group commits instead
 * of paying one commit latency each, one after another.
 */
final class ParallelCalls {
    /**
     * The outcome of one item: its result, or the failure it threw (a store call that failed may or
     * may not have applied, exactly as when it is called alone).
     *
     * @param applied the call's result (false when it failed)
     * @param failure what it threw, or null
     */
    record Result(boolean applied, RuntimeException failure) {
    }

    private ParallelCalls() {
    }

    /**
     * Calls {@code call} for every item concurrently, each on its own virtual thread, and waits until every call has returned.
     *
     * @param items the items
     * @param call the blocking call, e.g. a compare-and-set in the store
     * @param <T> the item type
     * @return per item, in order, its result
     */
    static <T> List<Result> callAll(List<T> items, Predicate<T> call) {
        List<Result> out = new ArrayList<>(items.size());
        if (items.size() == 1) {
            out.add(run(items.getFirst(), call));
            return out;
        }
        List<Future<Result>> futures = new ArrayList<>(items.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                futures.add(threads.submit(() -> run(item, call)));
            }
        } // close() waits for every call to return, even when interrupted
        for (Future<Result> f : futures) {
            out.add(switch (f.state()) {
                case SUCCESS -> f.resultNow();
                // not started (interrupted before it ran): nothing was written
                case CANCELLED, RUNNING -> new Result(false, null);
                case FAILED -> new Result(false, new IllegalStateException("store call failed", f.exceptionNow()));
            });
        }
        return out;
    }

    private static <T> Result run(T item, Predicate<T> call) {
        try {
            return new Result(call.test(item), null);
        } catch (RuntimeException e) {
            return new Result(false, e);
        }
    }
}
