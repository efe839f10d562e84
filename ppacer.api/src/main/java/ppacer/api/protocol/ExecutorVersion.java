package ppacer.api.protocol;

/**
 * The ppacer version an executor sends with every request ({@value #HEADER}), so that the scheduler
 * lists it with the executor ({@code GET /executors}).
 */
public final class ExecutorVersion {
    /** The request header that carries it. */
    public static final String HEADER = "X-Ppacer-Version";
    /** The longest version the scheduler keeps. */
    public static final int MAX_LENGTH = 64;

    private ExecutorVersion() {
    }

    /** @return this build's version, from the {@code ppacer.api} module descriptor; {@code dev} when it has none */
    public static String current() {
        Module m = ExecutorVersion.class.getModule();
        return m.getDescriptor() == null ? "dev"
                : m.getDescriptor().version().map(Object::toString).orElse("dev");
    }
}
