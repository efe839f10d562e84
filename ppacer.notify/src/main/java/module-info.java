/**
 * Ready-made notifiers beside the scheduler's logging one: {@link ppacer.notify.WebhookNotifier} (a
 * JSON POST with a timeout and bounded retries, for Slack, Teams and Mattermost incoming webhooks or
 * any JSON endpoint) and {@link ppacer.notify.EmailNotifier} (e-mail over SMTP with Jakarta Mail and
 * Eclipse Angus Mail); {@link ppacer.notify.AlertRoutes} sends an alert to the notifiers of its DAG,
 * else to the default ones. The command line builds them from the {@code notifications} section of
 * {@code ppacer.yaml}.
 */
module ppacer.notify {
    requires transitive ppacer.api;
    requires java.net.http;
    requires jakarta.mail;

    exports ppacer.notify;
}
