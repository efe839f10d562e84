package ppacer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The e-mail notifier against GreenMail, a real SMTP server started by the test in its JVM. */
class EmailNotifierTest {
    private GreenMail mail;

    @BeforeEach
    void start() {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    private int port() {
        return mail.getSmtp().getPort();
    }

    private EmailConfig config(int port, EmailConfig.Security security, Optional<String> user,
                               Optional<String> password) {
        return new EmailConfig("127.0.0.1", port, security, user, password, "ppacer@example.com",
                List.of("oncall@example.com", "data@example.org"), AlertTemplate.SUBJECT, AlertTemplate.MAIL_BODY,
                Duration.ofSeconds(30), Optional.of(URI.create("http://ppacer.example:9321")));
    }

    @Test
    void plain_smtp_delivers_the_rendered_subject_and_body_to_every_recipient() throws Exception {
        new EmailNotifier(config(port(), EmailConfig.Security.NONE, Optional.empty(), Optional.empty()))
                .send(WebhookNotifierTest.ALERT);

        MimeMessage[] got = mail.getReceivedMessages();
        assertEquals(2, got.length, "one copy per recipient");
        MimeMessage m = got[0];
        assertEquals("[ppacer] etl: task load \"orders\" failed (run 42)", m.getSubject());
        assertEquals(List.of(new InternetAddress("ppacer@example.com")), Arrays.asList(m.getFrom()));
        assertEquals(List.of("oncall@example.com", "data@example.org"),
                Arrays.stream(m.getAllRecipients()).map(Address::toString).toList());
        String body = ((String) m.getContent()).replace("\r\n", "\n").stripTrailing();
        assertEquals(WebhookNotifierTest.ALERT.message()
                + "\n\nhttp://ppacer.example:9321/ui/#/runs/42/tasks/load%20%22orders%22/2", body);
    }

    @Test
    void logs_in_with_user_and_password() throws Exception {
        mail.setUser("alerts@example.com", "alerts", "s3cret");

        new EmailNotifier(config(port(), EmailConfig.Security.NONE, Optional.of("alerts"), Optional.of("s3cret")))
                .send(WebhookNotifierTest.ALERT);

        assertEquals(2, mail.getReceivedMessages().length);
    }

    @Test
    void a_wrong_password_fails_naming_the_server_and_the_user() {
        mail.setUser("alerts@example.com", "alerts", "s3cret");
        EmailNotifier n = new EmailNotifier(config(port(), EmailConfig.Security.NONE, Optional.of("alerts"),
                Optional.of("wrong")));

        NotificationException e = assertThrows(NotificationException.class, () -> n.send(WebhookNotifierTest.ALERT));

        assertTrue(e.getMessage().contains("via 127.0.0.1:" + port() + " (none, user alerts)"), e.getMessage());
        assertTrue(e.getMessage().contains("AuthenticationFailedException"), e.getMessage());
        assertEquals(0, mail.getReceivedMessages().length);
    }

    @Test
    void starttls_is_required_never_downgraded_to_plain_text() {
        EmailNotifier n = new EmailNotifier(config(port(), EmailConfig.Security.STARTTLS, Optional.of("alerts"),
                Optional.of("s3cret")));

        NotificationException e = assertThrows(NotificationException.class, () -> n.send(WebhookNotifierTest.ALERT));

        assertTrue(e.getMessage().contains("(starttls, user alerts)"), e.getMessage());
        assertEquals(0, mail.getReceivedMessages().length, "nothing was sent in plain text");
    }

    @Test
    void ssl_checks_the_server_certificate() {
        GreenMail smtps = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
        smtps.start();
        try {
            EmailNotifier n = new EmailNotifier(config(smtps.getSmtps().getPort(), EmailConfig.Security.SSL,
                    Optional.empty(), Optional.empty()));

            NotificationException e = assertThrows(NotificationException.class,
                    () -> n.send(WebhookNotifierTest.ALERT));

            assertTrue(e.getMessage().contains("(ssl)"), e.getMessage());
            assertTrue(e.getMessage().contains("SSLHandshakeException"), e.getMessage());
            assertEquals(0, smtps.getReceivedMessages().length, "GreenMail's self-signed certificate is not trusted");
        } finally {
            smtps.stop();
        }
    }

    @Test
    void a_server_that_never_answers_fails_after_the_timeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().read(); // holds the connection open, says nothing
                } catch (IOException e) {
                    // the socket was closed by the test
                }
            });
            EmailConfig c = new EmailConfig("127.0.0.1", silent.getLocalPort(), EmailConfig.Security.NONE,
                    Optional.empty(), Optional.empty(), "ppacer@example.com", List.of("oncall@example.com"),
                    AlertTemplate.SUBJECT, AlertTemplate.MAIL_BODY, Duration.ofMillis(500), Optional.empty());

            NotificationException e = assertThrows(NotificationException.class,
                    () -> new EmailNotifier(c).send(WebhookNotifierTest.ALERT));

            assertTrue(e.getMessage().contains("SocketTimeoutException"), e.getMessage());
            acceptor.interrupt();
        }
    }

    @Test
    void bad_settings_are_refused_naming_the_value() {
        NotificationException from = assertThrows(NotificationException.class,
                () -> EmailConfig.of("smtp.example.com", 587, EmailConfig.Security.STARTTLS, "not an address",
                        List.of("a@example.com")));
        assertTrue(from.getMessage().contains("'from'") && from.getMessage().contains("'not an address'"),
                from.getMessage());
        NotificationException port = assertThrows(NotificationException.class,
                () -> EmailConfig.of("smtp.example.com", 70000, EmailConfig.Security.STARTTLS, "a@example.com",
                        List.of("b@example.com")));
        assertTrue(port.getMessage().contains("was 70000"), port.getMessage());
        NotificationException to = assertThrows(NotificationException.class,
                () -> EmailConfig.of("smtp.example.com", 587, EmailConfig.Security.STARTTLS, "a@example.com",
                        List.of()));
        assertTrue(to.getMessage().contains("at least one recipient"), to.getMessage());
        NotificationException sec = assertThrows(NotificationException.class,
                () -> EmailConfig.Security.parse("tls"));
        assertTrue(sec.getMessage().contains("none, starttls or ssl, was 'tls'"), sec.getMessage());
    }
}
