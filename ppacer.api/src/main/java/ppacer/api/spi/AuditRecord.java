package ppacer.api.spi;

/**
 * A stored row of the audit log.
 *
 * @param id its id, increasing in insertion order
 * @param entry the action
 */
public record AuditRecord(long id, AuditEntry entry) {
}
