/**
 * Ready-made ppacer tasks: {@link ppacer.tasks.PrintTask}, {@link ppacer.tasks.NoOpTask},
 * {@link ppacer.tasks.ShellTask} (a command in its own process) and {@link ppacer.tasks.HttpTask}
 * (one HTTP request with an expected status), and {@link ppacer.tasks.Sensor} (waits for a condition
 * without holding a slot: {@link ppacer.tasks.FileExists}, {@link ppacer.tasks.HttpAnswers},
 * {@link ppacer.tasks.SqlReturnsRow}).
 */
module ppacer.tasks {
    requires transitive ppacer.api;
    requires java.net.http;
    requires java.sql;

    exports ppacer.tasks;
}
