package ppacer.cli.command;

import java.util.Map;
import picocli.CommandLine.Option;
import ppacer.cli.settings.Setting;

/** The DAG folder option of the commands that load DAGs. */
final class DagsOption {
    @Option(names = "--dags", paramLabel = "DIR",
            description = "Folder of DAG bundles: modular jars providing ppacer.api.DagSource, or folders of them"
                    + " (env PPACER_DAGS; default ./dags when present).")
    String dags;

    void addTo(Map<Setting, String> flags) {
        Flags.put(flags, Setting.DAGS, dags);
    }
}
