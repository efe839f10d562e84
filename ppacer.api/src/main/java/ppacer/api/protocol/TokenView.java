package ppacer.api.protocol;

import java.util.List;

/**
 * An API key as listed ({@code GET /tokens}, {@code ppacer token list}) and as revoked ({@code DELETE
 * /tokens/{name}}): never its secret, nor its hash.
 *
 * @param id the key id (the public part of the key, {@code ppk_<id>_...})
 * @param name its name
 * @param role {@code viewer}, {@code operator}, {@code admin} or {@code executor}
 * @param dags the DAG id patterns it may act on; empty for every DAG
 * @param createdAt when it was created
 * @param createdBy who created it
 * @param revokedAt when it was revoked, null while valid
 * @param lastUsedAt when it was last accepted (to the minute), null when never
 */
public record TokenView(String id, String name, String role, List<String> dags, String createdAt, String createdBy,
                        String revokedAt, String lastUsedAt) {
    /** Copies. */
    public TokenView {
        dags = List.copyOf(dags);
    }
}
