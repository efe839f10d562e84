/**
 * Test support shared by every module's tests (a test-scope dependency): {@link ppacer.testing.Await}
 * (wait for a condition with a hang guard) and {@link ppacer.testing.RecordingContext} (a task
 * context that records log lines).
 */
package ppacer.testing;
