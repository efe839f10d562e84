/**
 * The web UI's static files (plain HTML, JavaScript modules and CSS, no build step), read through
 * {@link ppacer.ui.UiAssets} by the server that serves them ({@code ppacer.server}). The UI talks
 * only to the scheduler's HTTP API; its browser tests are in {@code ppacer.ui.tests}.
 */
module ppacer.ui {
    exports ppacer.ui;
}
