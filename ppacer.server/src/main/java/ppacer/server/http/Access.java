package ppacer.server.http;

/** What an endpoint needs of its caller; {@link Role} says which roles have it. */
enum Access {
    /** Health and the web UI's page and assets: no key ever. */
    PUBLIC,
    /** Reads: a key of any role but executor when reads are protected, else none. */
    READ,
    /** Operator actions: trigger, restart, clear, mark, pause, unpause, backfills. */
    OPERATE,
    /** Administration: pools, API keys, and any write not listed as an operator action. */
    ADMIN,
    /** The executor API under {@code /dag/task/}, and the bundle jars executors fetch ({@code GET /bundles/{hash}}). */
    EXECUTE
}
