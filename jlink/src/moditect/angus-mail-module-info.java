// Replaces the descriptor of org.eclipse.angus:angus-mail (src/main/build/patch-angus-mail.sh; moditect
// refuses a jar that is modular already): the same, less the GraalVM hint, but java.desktop is
// optional. Only the image/gif and image/jpeg content handlers use it (java.awt.Image), and ppacer
// sends plain text only, so java.desktop (about 15 MB of the image) stays out, as for PostgreSQL.
module org.eclipse.angus.mail {
    requires transitive jakarta.activation;
    requires transitive jakarta.mail;
    requires transitive java.logging;
    requires java.xml;
    requires static java.desktop;
    requires static java.security.sasl;

    exports org.eclipse.angus.mail.auth;
    exports org.eclipse.angus.mail.handlers;
    exports org.eclipse.angus.mail.iap;
    exports org.eclipse.angus.mail.imap;
    exports org.eclipse.angus.mail.imap.protocol;
    exports org.eclipse.angus.mail.pop3;
    exports org.eclipse.angus.mail.smtp;
    exports org.eclipse.angus.mail.util;
    exports org.eclipse.angus.mail.util.logging;

    uses jakarta.mail.Provider;

    provides jakarta.mail.Provider with org.eclipse.angus.mail.imap.IMAPProvider,
            org.eclipse.angus.mail.imap.IMAPSSLProvider, org.eclipse.angus.mail.pop3.POP3Provider,
            org.eclipse.angus.mail.pop3.POP3SSLProvider, org.eclipse.angus.mail.smtp.SMTPProvider,
            org.eclipse.angus.mail.smtp.SMTPSSLProvider;
    provides jakarta.mail.util.StreamProvider with org.eclipse.angus.mail.util.MailStreamProvider;
}
