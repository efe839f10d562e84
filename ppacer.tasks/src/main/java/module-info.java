/**
 * Ready-made ppacer tasks: {@link ppacer.tasks.PrintTask}, {@link ppacer.tasks.NoOpTask},
 * {@link ppacer.tasks.ShellTask} (a command in its own process) and {@link ppacer.tasks.HttpTask}
 * (one HTTP request with an expected status).
 */
module ppacer.tasks {
    requires transitive ppacer.api;
    requires java.net.http;

    exports ppacer.tasks;
}
