package ppacer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A notifier's settings print without their secrets: the SMTP password, a webhook's path and header values. */
class ConfigSecretsTest {
    @Test
    void the_printed_settings_hold_no_secret() {
        EmailConfig mail = new EmailConfig("smtp.example.com", 587, EmailConfig.Security.STARTTLS, Optional.of("ppacer"),
                Optional.of("s3cret-pass"), "ppacer@example.com", List.of("oncall@example.com"), AlertTemplate.SUBJECT,
                AlertTemplate.MAIL_BODY, Duration.ofSeconds(30), Optional.empty());
        assertFalse(mail.toString().contains("s3cret-pass"), mail.toString());
        assertEquals("EmailConfig[smtp.example.com:587, STARTTLS, user ppacer, password set, from ppacer@example.com,"
                + " to [oncall@example.com], timeout PT30S]", mail.toString());

        WebhookConfig hook = new WebhookConfig(URI.create("https://hooks.slack.com/services/T000/B000/s3cretToken"),
                AlertTemplate.SLACK, Map.of("Authorization", "Bearer s3cret"), Duration.ofSeconds(10), 3,
                Duration.ofSeconds(1), Optional.empty());
        assertFalse(hook.toString().contains("s3cret"), hook.toString());
        assertEquals("WebhookConfig[https://hooks.slack.com, headers [Authorization], timeout PT10S, retries 3]",
                hook.toString());
    }
}
