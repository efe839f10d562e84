/** The Java client of the scheduler's HTTP API, used by executors, tests and the command line. */
package ppacer.exec.client;
