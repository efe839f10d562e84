package ppacer.api;

/** A second task class, to show that the fingerprint covers task classes. */
record OtherTask(String id) implements Task {
    @Override
    public void execute(TaskContext context) {
    }
}
