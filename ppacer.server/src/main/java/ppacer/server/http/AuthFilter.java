package ppacer.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ppacer.api.protocol.ErrorBody;
import ppacer.api.protocol.WhoAmIView;
import ppacer.api.spi.StoreException;
import ppacer.scheduler.Scheduler;

/**
 * Authentication and authorisation of every request before its route: finds what the endpoint needs
 * ({@link #access}), checks the presented key ({@link ApiKeys}), answers 401 (no or wrong key), 403
 * (role or DAG patterns do not allow it) or 429 (too many failures from the address, {@link
 * AuthLimiter}), and registers the {@link Principal} for {@link Principals#of}.
 *
 * <p>Without a {@code --token} and before the first API key is created, no key is needed (as before
 * keys existed). Keys presented are checked on every endpoint but health and the UI's assets, even
 * where none is needed, so a wrong key is told.
 */
final class AuthFilter {
    private static final Pattern DAG_ACTION = Pattern.compile("/dags/([^/]+)/(pause|unpause|backfills|runs/batch)/?");
    private static final Pattern RUN_ACTION = Pattern.compile("/dag/run/([^/]+)/.+");
    private static final Pattern BACKFILL_ACTION = Pattern.compile("/backfills/([^/]+)/.+");
    /** Operator actions whose DAG is in the body: their routes check it ({@link Principals#requireDag}). */
    private static final Set<String> DAG_IN_BODY = Set.of("/dag/run/trigger", "/dag/run/restart");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");

    private final Scheduler scheduler;
    private final ApiKeys keys;
    private final AuthLimiter limiter;
    private final boolean protectReads;

    AuthFilter(Scheduler scheduler, ApiKeys keys, AuthLimiter limiter, boolean protectReads) {
        this.scheduler = scheduler;
        this.keys = keys;
        this.limiter = limiter;
        this.protectReads = protectReads;
    }

    /**
     * @param method a request's method
     * @param path its path
     * @return what the endpoint needs; a write not known as an operator action needs admin
     */
    static Access access(Method method, String path) {
        boolean read = method == Method.GET || method == Method.HEAD;
        if (path.startsWith("/health") || (read && WebUi.isAsset(path)) || (read && path.equals("/whoami"))) {
            return Access.PUBLIC;
        }
        if (path.equals("/dag/task") || path.startsWith("/dag/task/")) {
            return Access.EXECUTE;
        }
        if (path.equals("/tokens") || path.startsWith("/tokens/")) {
            return Access.ADMIN;
        }
        if (read && path.startsWith("/bundles/")) {
            return Access.EXECUTE; // a bundle's jar: what executors fetch (code may embed secrets: not for viewers)
        }
        if (read) {
            return Access.READ;
        }
        if (method == Method.POST && path.startsWith("/assets/")) {
            return Access.OPERATE; // external asset events: operator or admin, not an executor key
        }
        if (method == Method.POST && (path.startsWith("/dag/run/") || path.startsWith("/backfills/")
                || DAG_ACTION.matcher(path).matches())) {
            return Access.OPERATE;
        }
        return Access.ADMIN;
    }

    void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Method method = req.prologue().method();
        String path = req.path().path();
        Access access = access(method, path);
        boolean read = method == Method.GET || method == Method.HEAD;
        if (path.startsWith("/health") || (read && WebUi.isAsset(path))) {
            chain.proceed();
            return;
        }
        try {
            Optional<Principal> principal = authorise(req, res, method, path, access);
            if (principal.isPresent()) {
                Principals.register(req, principal.get());
                chain.proceed();
            }
        } catch (StoreException e) {
            JsonAnswers.json(res, 503, new ErrorBody("Cannot check the API key: the store is unavailable: "
                    + e.getMessage(), null));
        }
    }

    /** @return the principal, or empty when the answer (401, 403, 429) is sent */
    private Optional<Principal> authorise(RoutingRequest req, RoutingResponse res, Method method, String path, Access access) {
        if (!keys.required()) {
            return Optional.of(Principal.open());
        }
        String address = req.remotePeer().host();
        boolean needed = access != Access.PUBLIC && (access != Access.READ || protectReads);
        Optional<String> key = req.headers().first(HeaderNames.AUTHORIZATION).map(AuthFilter::bearer);
        String what = method.text() + " " + HttpProblem.shown(path);
        if (key.isEmpty()) {
            if (needed) {
                limiter.failed(address, "missing");
                unauthorised(res, "An API key is needed for " + what + " (Authorization: Bearer <key>)");
                return Optional.empty();
            }
            return Optional.of(Principal.reader());
        }
        Optional<Duration> wait = limiter.blocked(address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
            JsonAnswers.json(res, 429, new ErrorBody("Too many failed authentications from " + address + "; retry in "
                    + seconds + " s", "Authorization"));
            return Optional.empty();
        }
        return switch (keys.check(key.get())) {
            case ApiKeys.Check.Rejected r -> {
                limiter.failed(address, r.reason());
                unauthorised(res, (r.reason().equals("revoked") ? "Revoked API key" : "Wrong API key") + " for " + what);
                yield Optional.empty();
            }
            case ApiKeys.Check.Accepted a -> {
                Principal p = a.principal();
                if (needed && !p.role().allows(access)) {
                    forbidden(res, "Key '" + p.name() + "' (role " + p.role().id() + ") may not " + what + ": it needs "
                            + Role.holders(access), null);
                    yield Optional.empty();
                }
                if (access == Access.OPERATE && !p.dags().isEmpty() && !DAG_IN_BODY.contains(path)) {
                    Optional<String> dag = dagOf(path);
                    if (dag.isEmpty()) {
                        forbidden(res, "Key '" + p.name() + "' may act only on DAGs matching " + p.dags() + ", and "
                                + what + " names no DAG it can be checked against", null);
                        yield Optional.empty();
                    }
                    if (!dag.get().isEmpty() && !p.mayActOn(dag.get())) {
                        forbidden(res, "Key '" + p.name() + "' may act only on DAGs matching " + p.dags() + ", not on '"
                                + HttpProblem.shown(dag.get()) + "'", "dagId");
                        yield Optional.empty();
                    }
                }
                yield Optional.of(p);
            }
        };
    }

    /**
     * @return the DAG an operator action's path names, directly or by its run or backfill; "" when the
     *     run or backfill does not exist (the route answers 404); empty when the path names no DAG this
     *     way (refused to a key with DAG patterns)
     */
    private Optional<String> dagOf(String path) {
        Matcher m = DAG_ACTION.matcher(path);
        if (m.matches()) {
            return Optional.of(m.group(1));
        }
        m = RUN_ACTION.matcher(path);
        if (m.matches() && NUMBER.matcher(m.group(1)).matches()) {
            return Optional.of(scheduler.store().dagRuns().find(Long.parseLong(m.group(1))).map(r -> r.dagId()).orElse(""));
        }
        m = BACKFILL_ACTION.matcher(path);
        if (m.matches() && NUMBER.matcher(m.group(1)).matches()) {
            return Optional.of(scheduler.store().backfills().find(Long.parseLong(m.group(1))).map(b -> b.dagId()).orElse(""));
        }
        return Optional.empty();
    }

    private static String bearer(String header) {
        return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header.trim();
    }

    private static void unauthorised(RoutingResponse res, String message) {
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        JsonAnswers.json(res, 401, new ErrorBody(message, "Authorization"));
    }

    private static void forbidden(RoutingResponse res, String message, String field) {
        JsonAnswers.json(res, 403, new ErrorBody(message, field));
    }

    /**
     * @param principal the caller
     * @return the answer of {@code GET /whoami}
     */
    WhoAmIView whoami(Principal principal) {
        boolean required = keys.required();
        List<String> may = Arrays.stream(new Access[] {Access.READ, Access.OPERATE, Access.ADMIN, Access.EXECUTE})
                .filter(a -> principal.role().allows(a) || (a == Access.READ && !protectReads))
                .map(a -> a.name().toLowerCase(Locale.ROOT)).toList();
        if (!principal.authenticated() && required && protectReads) {
            may = List.of();
        }
        return new WhoAmIView(principal.name(), principal.role().id(), principal.dags(), principal.authenticated(), required,
                protectReads, may);
    }
}
