/** The scheduler. */
package ppacer.scheduler;
