package ppacer.api.spi;

/** What a backfill does at a logical time that already has a finished run. */
public enum BackfillReprocess {
    /** Skip it. */
    NONE,
    /** Restart it when it FAILED, skip it when it succeeded. */
    FAILED,
    /** Run it again, FAILED or SUCCESS. */
    ALL
}
