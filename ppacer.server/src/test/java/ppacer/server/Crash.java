package ppacer.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import ppacer.scheduler.Scheduler;

/**
 * Drops a scheduler as a crash would ({@code Scheduler.abort()}: threads end, the store handle
 * closes, nothing is written on the way out). The method is package-private, not API: tests in
 * ppacer.server reach it by reflection, which needs
 * {@code --add-opens ppacer.scheduler/ppacer.scheduler=ppacer.server}.
 */
public final class Crash {
    private Crash() {
    }

    /**
     * @param scheduler the scheduler to drop
     */
    public static void abort(Scheduler scheduler) {
        try {
            Method abort = Scheduler.class.getDeclaredMethod("abort");
            abort.setAccessible(true);
            abort.invoke(scheduler);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("abort failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Scheduler.abort() not reachable: is ppacer.scheduler opened to the tests?", e);
        }
    }
}
