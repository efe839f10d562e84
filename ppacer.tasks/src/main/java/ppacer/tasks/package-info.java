/**
 * Ready-made tasks to build DAGs from.
 *
 * <pre>{@code
 * Node extract = Node.of(ShellTask.of("extract", "python3", "extract.py").withWorkingDir(Path.of("/srv/etl")));
 * extract.then(Node.of(HttpTask.builder("notify", URI.create("http://hooks.local/done"))
 *         .method("POST").body("{}").expectStatus(202).build()));
 * }</pre>
 *
 * <ul>
 *   <li>{@link ppacer.tasks.PrintTask}: logs a message;</li>
 *   <li>{@link ppacer.tasks.NoOpTask}: does nothing (joins, load tests);</li>
 *   <li>{@link ppacer.tasks.ShellTask}: runs a command in its own process, its output in the task
 *       log, the process tree killed on timeout;</li>
 *   <li>{@link ppacer.tasks.HttpTask}: sends one HTTP request and checks the status.</li>
 * </ul>
 */
package ppacer.tasks;
