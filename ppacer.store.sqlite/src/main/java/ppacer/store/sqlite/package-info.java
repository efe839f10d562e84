/** SQLite store implementation: WAL, a single writer with group commit, forward migrations. */
package ppacer.store.sqlite;
