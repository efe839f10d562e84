package ppacer.scheduler.model;

import java.util.List;
import ppacer.api.spi.AttemptKey;

/**
 * A pool as the leading scheduler counts it now ({@link ppacer.scheduler.Scheduler#poolUsage(String)}).
 *
 * @param name the pool
 * @param slots its size; 0 for a pool that tasks name but that is not defined (they wait)
 * @param used the slots held by attempts handed out and not ended (may exceed {@code slots} after a
 *     shrink: the holders finish, nothing new is handed out)
 * @param waiting queued attempts of tasks in this pool, ready to go but for a slot (or a limit)
 * @param defined whether the pool is defined (configuration or store); an undefined one has no slots
 * @param holders the attempts holding slots, in hand-out order
 */
public record PoolUsage(String name, int slots, int used, int waiting, boolean defined, List<AttemptKey> holders) {
    /** Copies the holders. */
    public PoolUsage {
        holders = List.copyOf(holders);
    }

    /** @return slots not held now (0 when full or over its size) */
    public int free() {
        return Math.max(0, slots - used);
    }

    /**
     * @param need the slots a task takes
     * @return whether an attempt taking {@code need} slots could be handed out now as far as this pool goes
     */
    public boolean fits(int need) {
        return used + need <= slots;
    }
}
