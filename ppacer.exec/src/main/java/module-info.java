/** The ppacer executor: takes tasks from a scheduler over HTTP, runs them and reports their status. */
module ppacer.exec {
    requires transitive ppacer.api;

}
