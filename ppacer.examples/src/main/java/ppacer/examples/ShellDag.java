package ppacer.examples;

import ppacer.api.Dag;
import ppacer.api.Node;
import ppacer.tasks.ShellTask;

/**
 * {@code shell}: shell commands, run only when triggered:
 * <pre>
 * greet ─┬─ uname ──────┬─ print_params
 *        └─ ls_workdir ─┘
 * </pre>
 * {@code print_params} echoes the run's parameters from {@code PPACER_PARAMS_JSON}, which
 * {@link ShellTask} sets from the task context: trigger with {@code {"day": "2026-01-01"}} to see
 * it.
 */
final class ShellDag {
    static final String ID = "shell";

    private ShellDag() {
    }

    static Dag dag() {
        Node greet = Node.of(ShellTask.sh("greet", "echo \"$GREETING from DAG $PPACER_DAG_ID, run $PPACER_RUN_ID\"")
                .withEnv("GREETING", "Hello"));
        greet.then(
                        Node.of(ShellTask.of("uname", "uname", "-a")),
                        Node.of(ShellTask.of("ls_workdir", "ls", "-la")))
                .then(Node.of(ShellTask.sh("print_params", "echo \"run params: $PPACER_PARAMS_JSON\"")));
        return Dag.builder(ID)
                .description("Shell commands in their own processes: echo, uname -a, ls of the executor's working"
                        + " directory, and the run parameters from an environment variable (trigger only)")
                .tags(ExampleDags.TAG, "shell")
                .root(greet)
                .build();
    }
}
