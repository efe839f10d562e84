/**
 * The scheduler's HTTP API on Helidon SE WebServer: thin handlers over the scheduler core, JSON
 * errors, bearer-token protection and Prometheus metrics. Not exported.
 */
package ppacer.server.http;
