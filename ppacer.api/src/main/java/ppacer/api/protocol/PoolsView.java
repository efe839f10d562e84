package ppacer.api.protocol;

import java.util.List;

/**
 * The pools ({@code GET /pools}, {@code ppacer pools}); one pool is the answer of
 * {@code GET /pools/{name}}, {@code PUT /pools/{name}} and {@code ppacer pool set}.
 *
 * @param leader whether the answering scheduler leads (a standby counts from the store: holders are
 *     the RUNNING attempts, waiting the SCHEDULED ones)
 * @param pools every pool defined or declared by a task, by name
 */
public record PoolsView(boolean leader, List<Pool> pools) {
    /** Copies. */
    public PoolsView {
        pools = List.copyOf(pools);
    }

    /**
     * One pool.
     *
     * @param name the pool
     * @param slots its size (0 when not defined)
     * @param used slots held by attempts handed out and not ended (above {@code slots} after a shrink)
     * @param free slots not held
     * @param waiting attempts of tasks in this pool queued and ready but for a slot
     * @param defined whether the pool is defined (configuration or store); tasks of an undefined pool wait
     * @param holders the attempts holding slots, in hand-out order
     */
    public record Pool(String name, int slots, int used, int free, int waiting, boolean defined, List<Holder> holders) {
        /** Copies. */
        public Pool {
            holders = List.copyOf(holders);
        }
    }

    /**
     * An attempt holding slots.
     *
     * @param runId its run
     * @param taskId its task
     * @param attempt its attempt number
     */
    public record Holder(long runId, String taskId, int attempt) {
    }
}
