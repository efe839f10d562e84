package ppacer.scheduler.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ppacer.scheduler.model.InvalidInputException;

/**
 * Who holds an attempt handed to a scheduler's own in-process executor: the executor id stored on
 * the attempt is {@code <worker id>@<node id>#<instance>}, where the instance is drawn afresh by
 * every scheduler process (every {@code Scheduler} object); a node id longer than 64 characters is
 * stored as its digest.
 *
 * <p>At startup or takeover, an attempt held by an in-process executor of another instance is
 * certainly dead when that instance was this node (same node id: the process restarted) or when the
 * store admits one scheduler at a time (SQLite: the previous holder of the database's lock is gone),
 * and is run again at once. An attempt held by another live node's in-process executor or by a
 * remote executor is judged by its lease, as before. On a shared store (PostgreSQL, MySQL) this
 * needs a node id that stays the same across restarts of a node ({@code HaConfig.withNodeId}); the
 * default node id is new in every process, and the attempts of a killed process then end with
 * their leases.
 *
 * @param nodeId this scheduler's node id
 * @param instance this scheduler process's instance, 12 hex digits
 */
public record InProcessHolder(String nodeId, String instance) {
    private static final Pattern HOLDER = Pattern.compile(".+@.+#([0-9a-f]{12})");
    /** Longest node id stored as is (executor ids are stored in 255 characters). */
    private static final int MAX_NODE = 64;

    /** Validates. */
    public InProcessHolder {
        Objects.requireNonNull(nodeId, "nodeId");
        if (!instance.matches("[0-9a-f]{12}")) {
            throw new InvalidInputException("instance must be 12 hex digits, was '" + instance + "'");
        }
    }

    /**
     * @param nodeId this scheduler's node id
     * @return the holder of a new scheduler instance
     */
    public static InProcessHolder fresh(String nodeId) {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return new InProcessHolder(nodeId, HexFormat.of().formatHex(b));
    }

    /**
     * @param workerId the in-process executor's configured id (e.g. {@code in-process})
     * @return the executor id it takes attempts with: {@code <workerId>@<nodeId>#<instance>}
     */
    public String executorId(String workerId) {
        return workerId + "@" + node() + "#" + instance;
    }

    /** The node id as stored: a long one is replaced by a digest, so that the executor id fits its column. */
    private String node() {
        if (nodeId.length() <= MAX_NODE) {
            return nodeId;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(nodeId.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * Whether an attempt's executor id names an in-process executor that is certainly no longer
     * running: another instance of this node, or of any node when the store is used by one scheduler
     * at a time.
     *
     * @param executorId the executor id stored on a RUNNING attempt
     * @param exclusiveStore true when the store admits a single scheduler (it holds a lock for good)
     * @return true when the attempt can be run again at once
     */
    public boolean deadPredecessor(String executorId, boolean exclusiveStore) {
        Matcher m = HOLDER.matcher(executorId);
        if (!m.matches() || m.group(1).equals(instance)) {
            return false;
        }
        return exclusiveStore || executorId.endsWith("@" + node() + "#" + m.group(1));
    }
}
