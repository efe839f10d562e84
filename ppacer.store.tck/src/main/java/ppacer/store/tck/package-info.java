/** Contract tests for {@link ppacer.api.spi.Store} implementations. */
package ppacer.store.tck;
