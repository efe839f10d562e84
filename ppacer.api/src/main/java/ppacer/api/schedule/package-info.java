/**
 * When DAGs run: a fixed interval from a start, a cron expression in a time zone, or a schedule of
 * your own ({@link ppacer.api.schedule.CustomSchedule}).
 */
package ppacer.api.schedule;
