package ppacer.api;

/**
 * Sends alerts (e-mail, chat, pager...). Found through {@link java.util.ServiceLoader} or set per
 * task in {@link TaskConfig}. Calls happen off the scheduling path; a slow or failing notifier never
 * delays scheduling.
 */
public interface Notifier {
    /**
     * Sends one alert.
     *
     * @param alert what happened, with the rendered message
     * @throws Exception when sending failed; it is logged and scheduling goes on
     */
    void send(Alert alert) throws Exception;
}
