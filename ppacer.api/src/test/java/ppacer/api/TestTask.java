package ppacer.api;

/** A task that does nothing, for building test DAGs. */
record TestTask(String id) implements Task {
    @Override
    public void execute(TaskContext context) {
    }

    static Node node(String id) {
        return Node.of(new TestTask(id));
    }
}
