/** The executor. */
package ppacer.exec;
