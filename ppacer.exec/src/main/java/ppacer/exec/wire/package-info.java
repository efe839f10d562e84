/** The wire format's one JSON mapper ({@link ppacer.exec.wire.WireJson}), for ppacer's own modules. */
package ppacer.exec.wire;
