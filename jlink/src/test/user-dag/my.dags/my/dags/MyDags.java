package my.dags;

import java.util.List;
import ppacer.api.Dag;
import ppacer.api.DagSource;
import ppacer.api.Node;
import ppacer.tasks.PrintTask;

/** One manual DAG: {@code my_report}, extract >> report. */
public final class MyDags implements DagSource {
    /** Found by ServiceLoader. */
    public MyDags() {
    }

    @Override
    public List<Dag> dags() {
        Node extract = Node.of(PrintTask.of("extract", "Extracting the numbers"));
        extract.then(Node.of(PrintTask.of("report", "My report is ready")));
        return List.of(Dag.builder("my_report")
                .description("A user DAG linked into its own image")
                .root(extract)
                .build());
    }
}
