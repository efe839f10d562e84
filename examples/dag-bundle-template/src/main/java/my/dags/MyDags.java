package my.dags;

import java.util.List;
import ppacer.api.Dag;
import ppacer.api.DagSource;
import ppacer.api.Node;
import ppacer.tasks.PrintTask;

/** The DAGs of this bundle; found by ServiceLoader in the bundle's own module layer. */
public final class MyDags implements DagSource {
    /** Found by ServiceLoader. */
    public MyDags() {
    }

    @Override
    public List<Dag> dags() {
        Node extract = Node.of(PrintTask.of("extract", "Extracting the numbers"));
        extract.then(Node.of(PrintTask.of("report", "My report is ready")));
        return List.of(Dag.builder("my_bundled_report").root(extract).build());
    }
}
