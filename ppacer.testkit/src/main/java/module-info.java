/**
 * Test support shared by the modules' tests, never part of an image: {@link ppacer.testkit.Await}
 * (wait for an event with a generous timeout, never a wall-clock bound), a
 * {@link ppacer.testkit.RecordingContext} for running a task by hand, store doubles
 * ({@link ppacer.testkit.StoreProxy}, {@link ppacer.testkit.FailingStore},
 * {@link ppacer.testkit.StallingStore}, {@link ppacer.testkit.CountingStore}), a finished run with a branch written to a store
 * ({@link ppacer.testkit.BranchedRun}), a
 * {@link ppacer.testkit.MutableClock}, recording tasks ({@link ppacer.testkit.Tasks}) and a
 * {@link ppacer.testkit.ThrowawayPostgres} for tests that must stop or break their database.
 */
module ppacer.testkit {
    requires transitive ppacer.api;
    requires com.fasterxml.jackson.databind;
    requires java.compiler;

    exports ppacer.testkit;
}
