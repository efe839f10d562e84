package ppacer.server.http;

import io.helidon.webserver.http.ServerRequest;

/**
 * The principal of a request, registered in its context by the authentication filter of {@link
 * ApiServer} before any route runs.
 */
public final class Principals {
    private Principals() {
    }

    /**
     * @param req a request that went through the filter
     * @return its principal: the key's name and role, or {@link Principal#ANONYMOUS_NAME} when none was needed
     */
    public static Principal of(ServerRequest req) {
        return req.context().get(Principal.class, Principal.class).orElseGet(Principal::reader);
    }

    /**
     * @param req a request
     * @return the name of its principal, for the audit log
     */
    public static String name(ServerRequest req) {
        return of(req).name();
    }

    static void register(ServerRequest req, Principal principal) {
        req.context().register(Principal.class, principal);
    }

    /**
     * Refuses (403) an action on a DAG outside the principal's patterns.
     *
     * @param req the request
     * @param dagId the DAG the action is on
     */
    static void requireDag(ServerRequest req, String dagId) {
        Principal p = of(req);
        if (!p.mayActOn(dagId)) {
            throw new HttpProblem(403, "dagId", "Key '" + p.name() + "' may act only on DAGs matching " + p.dags()
                    + ", not on '" + HttpProblem.shown(dagId) + "'");
        }
    }
}
