/**
 * Define DAGs of tasks in plain Java.
 *
 * <pre>{@code
 * Node start = Node.of(new PrintTask("start"));
 * Node t21 = Node.of(new PrintTask("t21"));
 * Node t22 = Node.of(new PrintTask("t22"));
 * start.then(t21, t22);                       // fan-out, like start >> [t21, t22]
 * t22.then(Node.of(new PrintTask("finish")));
 * Dag dag = Dag.builder("hello_world")
 *         .schedule(Schedule.every(Duration.ofSeconds(10), startAt))
 *         .root(start)
 *         .build();                           // validates: acyclic, unique ids, ...
 * }</pre>
 */
package ppacer.api;
