package ppacer.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An SMTP server and the e-mail sent through it.
 *
 * @param host the SMTP server
 * @param port its port, 1 to 65535 (usually 587 with STARTTLS, 465 with SSL, 25 without)
 * @param security how the connection is protected
 * @param user the login, empty for a server without authentication
 * @param password the password, present exactly when {@code user} is
 * @param from the sender address
 * @param to the recipients, at least one
 * @param subject the subject's template
 * @param body the plain-text body's template
 * @param timeout the longest wait to connect, and for each read and write
 * @param ui the web UI's base URL for {@code {url}}, empty for none
 */
public record EmailConfig(String host, int port, Security security, Optional<String> user, Optional<String> password,
                          String from, List<String> to, AlertTemplate subject, AlertTemplate body, Duration timeout,
                          Optional<URI> ui) {
    /** The default timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** How the SMTP connection is protected. */
    public enum Security {
        /** Plain SMTP (a local relay only). */
        NONE,
        /** Plain connection upgraded with STARTTLS, which the server must offer (port 587). */
        STARTTLS,
        /** TLS from the first byte, SMTPS (port 465). */
        SSL;

        /**
         * @param value {@code none}, {@code starttls} or {@code ssl} (any case)
         * @return the choice
         * @throws NotificationException naming the value otherwise
         */
        public static Security parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new NotificationException("SMTP security must be none, starttls or ssl, was '" + value + "'");
            }
        }
    }

    /** Validates, naming the bad value. */
    public EmailConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(ui, "ui");
        to = List.copyOf(to);
        if (host.isBlank()) {
            throw new NotificationException("SMTP host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new NotificationException("SMTP port must be from 1 to 65535, was " + port);
        }
        if (user.isPresent() != password.isPresent()) {
            throw new NotificationException("SMTP user and password go together; " + (user.isPresent()
                    ? "user '" + user.get() + "' has no password" : "a password was given without a user"));
        }
        address(from, "from");
        if (to.isEmpty()) {
            throw new NotificationException("E-mail needs at least one recipient in 'to'");
        }
        to.forEach(t -> address(t, "to"));
        if (timeout.isNegative() || timeout.isZero()) {
            throw new NotificationException("SMTP timeout must be positive, was " + timeout);
        }
    }

    /**
     * @param host the SMTP server
     * @param port its port
     * @param security how the connection is protected
     * @param from the sender
     * @param to the recipients
     * @return a configuration without login, with the default subject, body and timeout
     */
    public static EmailConfig of(String host, int port, Security security, String from, List<String> to) {
        return new EmailConfig(host, port, security, Optional.empty(), Optional.empty(), from, to,
                AlertTemplate.SUBJECT, AlertTemplate.MAIL_BODY, DEFAULT_TIMEOUT, Optional.empty());
    }

    private static void address(String value, String field) {
        try {
            new InternetAddress(Objects.requireNonNull(value, field), true).validate();
        } catch (AddressException e) {
            throw new NotificationException("E-mail '" + field + "' must be an address such as alerts@example.com,"
                    + " was '" + value + "' (" + e.getMessage() + ")");
        }
    }
    /** @return the settings without the password (a record's own form would print it) */
    @Override
    public String toString() {
        return "EmailConfig[" + host + ":" + port + ", " + security + ", user " + user.orElse("none") + ", password "
                + (password.isPresent() ? "set" : "none") + ", from " + from + ", to " + to + ", timeout " + timeout + "]";
    }
}
