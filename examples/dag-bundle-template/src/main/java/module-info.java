/** My DAGs, deployed as a bundle: it may require ppacer.api, ppacer.tasks, the JDK and its own libraries. */
module my.dags {
    requires ppacer.api;
    requires ppacer.tasks;

    provides ppacer.api.DagSource with my.dags.MyDags;
}
