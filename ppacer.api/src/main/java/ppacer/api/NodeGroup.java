package ppacer.api;

import java.util.List;
import java.util.Objects;

/**
 * Several nodes reached by a fan-out, so that they can be joined again.
 *
 * @param nodes the nodes of the group
 */
public record NodeGroup(List<Node> nodes) {
    /** Copies the list. */
    public NodeGroup {
        nodes = List.copyOf(nodes);
    }

    /**
     * Adds an edge from every node of the group to {@code merge} (fan-in).
     *
     * @param merge the node that waits for all nodes of the group
     * @return {@code merge}
     */
    public Node then(Node merge) {
        Objects.requireNonNull(merge, "merge");
        nodes.forEach(n -> n.then(merge));
        return merge;
    }
}
