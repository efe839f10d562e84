package ppacer.api.protocol;

import java.util.List;

/**
 * The answer of {@code POST /tokens}: the new key, with its secret, shown this once.
 *
 * @param id the key id
 * @param name its name
 * @param role its role
 * @param dags the DAG id patterns it may act on; empty for every DAG
 * @param createdAt when it was created
 * @param key the whole key to send as {@code Authorization: Bearer <key>}; not stored, not shown again
 */
public record TokenCreated(String id, String name, String role, List<String> dags, String createdAt, String key) {
    /** Copies. */
    public TokenCreated {
        dags = List.copyOf(dags);
    }

    @Override
    public String toString() {
        return "TokenCreated[id=" + id + ", name=" + name + ", role=" + role + ", dags=" + dags + "]";
    }
}
