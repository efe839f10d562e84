/** PostgreSQL and MySQL/MariaDB store implementation. */
package ppacer.store.jdbc;
