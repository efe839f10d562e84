package ppacer.api.protocol;

import java.util.List;

/**
 * The executors the scheduler is in touch with ({@code GET /executors}, {@code ppacer executors}).
 *
 * @param leader whether the answering scheduler leads (only the leader is in touch with executors:
 *     a standby lists none)
 * @param goneAfterSeconds how long without contact makes an executor gone
 * @param executors the executors, the latest contact first
 */
public record ExecutorsView(boolean leader, int goneAfterSeconds, List<Executor> executors) {
    /** Copies. */
    public ExecutorsView {
        executors = List.copyOf(executors);
    }

    /**
     * One executor.
     *
     * @param executorId its id
     * @param state {@code polling} (waiting for attempts now), {@code active} (in touch lately) or
     *     {@code gone}
     * @param firstContact its first contact with this scheduler process
     * @param lastContact its latest poll, report, heartbeat or log batch
     * @param running how many attempts it holds
     * @param address the remote address of its latest poll; null for an in-process executor
     * @param version the ppacer version it sent ({@link ExecutorVersion#HEADER}); null when it sent none
     */
    public record Executor(String executorId, String state, String firstContact, String lastContact, int running,
                           String address, String version) {
    }
}
