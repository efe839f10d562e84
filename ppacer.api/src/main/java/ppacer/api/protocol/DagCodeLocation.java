package ppacer.api.protocol;

/**
 * Where a DAG's code comes from, in {@link DagDetails#source()}: the {@link ppacer.api.DagSource} that
 * contributed it, its module and the jar (or directory, or run-time image module) it was loaded from.
 *
 * @param sourceClass the {@code DagSource} class, e.g. {@code my.dags.MyDags}
 * @param module its module as {@code name@version} (or {@code name}), or null on the class path
 * @param location the jar, directory or {@code jrt:/module} it was loaded from, or null when unknown
 */
public record DagCodeLocation(String sourceClass, String module, String location) {
    /** Validates. */
    public DagCodeLocation {
        java.util.Objects.requireNonNull(sourceClass, "sourceClass");
    }

    /**
     * @param source a DagSource class
     * @return where it was loaded from
     */
    public static DagCodeLocation of(Class<?> source) {
        Module m = source.getModule();
        String module = !m.isNamed() ? null : m.getDescriptor() == null ? m.getName()
                : m.getDescriptor().toNameAndVersion();
        java.security.CodeSource cs = source.getProtectionDomain().getCodeSource();
        String location = cs == null || cs.getLocation() == null ? null : cs.getLocation().toString();
        return new DagCodeLocation(source.getName(), module, location);
    }
}
