/** A user's DAGs, linked into a ppacer image next to the example DAGs (see the README's recipe). */
module my.dags {
    requires ppacer.tasks;

    provides ppacer.api.DagSource with my.dags.MyDags;
}
