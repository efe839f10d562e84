package ppacer.store.tck;

import java.util.function.Consumer;

/**
 * A fault that makes every write of the store under test fail for a reason of the store (not of
 * the caller), injected from outside the store, e.g. by renaming the tables the writes and the
 * store's write probe need through a separate connection; {@link #clear()} undoes it.
 */
public interface WriteFault {
    /** Makes the store's writes fail. */
    void inject();

    /** Undoes {@link #inject()}: writes can succeed again. */
    void clear();

    /**
     * The fault every SQL store can take: {@code schedule_events} (which the contract writes) and
     * {@code schema_version} (which write probes use) are renamed away, and back.
     *
     * @param sql runs one statement on the store's database through a connection of the test's own
     * @return the fault
     */
    static WriteFault renamingTables(Consumer<String> sql) {
        return new WriteFault() {
            @Override
            public void inject() {
                sql.accept("ALTER TABLE schedule_events RENAME TO schedule_events_away");
                sql.accept("ALTER TABLE schema_version RENAME TO schema_version_away");
            }

            @Override
            public void clear() {
                sql.accept("ALTER TABLE schedule_events_away RENAME TO schedule_events");
                sql.accept("ALTER TABLE schema_version_away RENAME TO schema_version");
            }
        };
    }
}
