package ppacer.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import ppacer.api.Alert;
import ppacer.api.Notifier;

/**
 * Sends each alert as a plain-text e-mail over SMTP (Jakarta Mail, implemented by Eclipse Angus
 * Mail).
 *
 * <p>Failure handling: the connection, each read and each write wait at most
 * {@link EmailConfig#timeout()}; a failure throws a {@link NotificationException} naming the server,
 * the recipients and the server's answer, which the scheduler's dispatcher logs. It is not retried
 * here: an SMTP server queues and retries delivery itself, and a refused login will not get better.
 *
 * <p>Concurrency: the {@link Session} is built once and shared; each send opens its own connection.
 */
public final class EmailNotifier implements Notifier {
    private final EmailConfig config;
    private final Session session;
    private final String protocol;
    private final InternetAddress from;
    private final InternetAddress[] to;

    /** @param config the SMTP server and the e-mail */
    public EmailNotifier(EmailConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.protocol = config.security() == EmailConfig.Security.SSL ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty(p + "host", config.host());
        props.setProperty(p + "port", Integer.toString(config.port()));
        String millis = Long.toString(config.timeout().toMillis());
        props.setProperty(p + "connectiontimeout", millis);
        props.setProperty(p + "timeout", millis);
        props.setProperty(p + "writetimeout", millis);
        props.setProperty(p + "auth", Boolean.toString(config.user().isPresent()));
        if (config.security() == EmailConfig.Security.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (config.security() != EmailConfig.Security.NONE) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
        }
        try {
            this.session = Session.getInstance(props);
        } catch (IllegalStateException | ServiceConfigurationError e) {
            // the API jar without its implementation: a build or image without Angus Mail
            throw new NotificationException("E-mail alerts need Eclipse Angus Mail (module org.eclipse.angus.mail)"
                    + " beside the Jakarta Mail API: " + e.getMessage(), e);
        }
        try {
            this.from = new InternetAddress(config.from(), true);
            this.to = new InternetAddress[config.to().size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = new InternetAddress(config.to().get(i), true);
            }
        } catch (AddressException e) {
            throw new NotificationException("Bad e-mail address in " + config.from() + " / " + config.to() + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return the SMTP server and the e-mail */
    public EmailConfig config() {
        return config;
    }

    @Override
    public void send(Alert alert) {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(from);
            m.setRecipients(Message.RecipientType.TO, to);
            m.setSubject(oneLine(config.subject().render(alert, config.ui(), false)), StandardCharsets.UTF_8.name());
            m.setText(config.body().render(alert, config.ui(), false), StandardCharsets.UTF_8.name());
            m.setSentDate(Date.from(Instant.now()));
            m.saveChanges();
            // the transport named, not Transport.send: that one picks "smtp" for any address and so
            // would ignore the smtps settings
            try (Transport t = session.getTransport(protocol)) {
                t.connect(config.host(), config.port(), config.user().orElse(null), config.password().orElse(null));
                t.sendMessage(m, to);
            }
        } catch (MessagingException e) {
            throw new NotificationException("E-mail to " + config.to() + " via " + this.target() + " failed for "
                    + AlertTemplate.describe(alert) + ": " + reason(e), e);
        }
    }

    private String target() {
        return config.host() + ":" + config.port() + " (" + config.security().name().toLowerCase(Locale.ROOT)
                + (config.user().map(u -> ", user " + u).orElse("")) + ")";
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").strip();
    }

    private static String reason(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 500; t = t.getCause()) {
            if (!b.isEmpty()) {
                b.append(" <- ");
            }
            b.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                b.append(": ").append(t.getMessage().strip());
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "e-mail via " + target() + " to " + config.to();
    }
}
