package ppacer.api;

/**
 * A task whose work is a lambda ({@link Task#of(String, Task.Body)}).
 *
 * @param id the task id
 * @param body the work
 */
record FunctionTask(String id, Task.Body body) implements Task {
    @Override
    public void execute(TaskContext context) throws Exception {
        body.execute(context);
    }

    @Override
    public String toString() {
        return "Task[" + id + "]";
    }
}
