package ppacer.store.tck;

/**
 * How the database would run one hot query, as its {@code EXPLAIN} says, for {@link VolumeContract}.
 *
 * @param text the plan as the database printed it (for the failure message)
 * @param fullScans the tables the plan reads in full (a sequential scan, or a scan of a whole index),
 *     empty when every table is reached through an index lookup or range
 */
public record QueryPlan(String text, java.util.List<String> fullScans) {
    /** Copies the list. */
    public QueryPlan {
        fullScans = java.util.List.copyOf(fullScans);
    }
}
