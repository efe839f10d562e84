/**
 * The {@code ppacer} command line ({@code ppacer.cli.Main}): {@code run} (scheduler, HTTP API and an
 * in-process executor), {@code scheduler}, {@code executor}, and client commands against a running
 * scheduler ({@code dags}, {@code trigger}, {@code runs}, {@code tasks}, {@code logs},
 * {@code restart}, {@code pause}, {@code unpause}), and {@code test} (a DAG run once in process on an
 * in-memory store). Exports nothing.
 *
 * <p>Stores and DAGs are not required here: the store modules ({@code ppacer.store.sqlite},
 * {@code ppacer.store.jdbc}) and DAG modules (such as {@code ppacer.examples}) are found by
 * {@link java.util.ServiceLoader} on the module path or in the runtime image.
 *
 * <p>Settings come from flags, then {@code PPACER_*} environment variables, then a YAML file
 * ({@code --config}, default {@code ./ppacer.yaml} when present), then defaults; see the README's
 * configuration table or {@code ppacer.cli.Setting}. The file's {@code notifications} section routes
 * alerts to the notifiers of {@code ppacer.notify} (webhook, e-mail, log), per DAG or by default.
 */
module ppacer.cli {
    requires ppacer.server;
    requires ppacer.exec;
    requires ppacer.notify;
    requires info.picocli;
    requires io.helidon.config;
    requires io.helidon.config.yaml;
    requires com.fasterxml.jackson.databind;
    requires java.logging;
    requires jdk.unsupported; // sun.misc.Signal: a second Ctrl-C stops at once

    opens ppacer.cli.command to info.picocli;
}
