/**
 * Ready-made notifiers: {@link ppacer.notify.WebhookNotifier}, {@link ppacer.notify.EmailNotifier},
 * {@link ppacer.notify.LogNotifier}, and {@link ppacer.notify.AlertRoutes}, which picks them per DAG.
 * Their texts are {@link ppacer.notify.AlertTemplate}s.
 */
package ppacer.notify;
