package ppacer.server.http;

import io.helidon.common.socket.SocketOptions;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.NotFoundException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import ppacer.api.protocol.ErrorBody;
import ppacer.api.protocol.ExecutorsView;
import ppacer.api.protocol.NotLeaderBody;
import ppacer.api.protocol.StateView;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.StaleEpochException;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.WriteHealth;
import ppacer.scheduler.LeaderStatus;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.ExecutorPresence;
import ppacer.scheduler.SchedulerState;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.InvalidStateException;
import ppacer.scheduler.model.NotLeaderException;
import ppacer.scheduler.model.SchedulerException;
import ppacer.scheduler.model.UnknownIdException;
import ppacer.server.ServerConfig;

/**
 * Builds and runs the Helidon WebServer: routes, the API key filter ({@link AuthFilter}), JSON error mapping (a
 * client mistake is a 4xx with {@code {"error", "field"}}, never a 500 or a stack trace), health
 * (Helidon's health observer at {@code /health}, {@code /health/live}, {@code /health/ready}) and
 * Prometheus metrics at {@code /metrics}.
 *
 * <p>Limits ({@link ServerConfig.Limits}): at most so many connections open and requests handled at
 * once; a connection is closed when it sends no request within the idle timeout, or does not
 * complete a request's headers, or its body, within the read timeout ({@code ReadDeadlines}).
 * Connections that end mid-request are logged as one debug line ({@code ConnectionLog}).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ApiServer.class.getName());
    /**
     * Bodies up to this many times the configured limit are read and answered 413 in JSON; larger
     * ones are cut off by the server itself.
     */
    static final long HARD_LIMIT_FACTOR = 16;

    private final WebServer server;
    private final String host;
    private final ReadDeadlines deadlines;

    private ApiServer(WebServer server, String host, ReadDeadlines deadlines) {
        this.server = server;
        this.host = host;
        this.deadlines = deadlines;
    }

    /**
     * Starts the server.
     *
     * @param scheduler the scheduler
     * @param config the server settings
     * @return the running server
     */
    public static ApiServer start(Scheduler scheduler, ServerConfig config) {
        Times times = new Times(scheduler.config().zone());
        ApiMetrics metrics = new ApiMetrics(scheduler, config.metricsRefresh());
        BearerToken token = BearerToken.of(config.token());
        ApiKeys keys = new ApiKeys(scheduler.store().apiKeys(), token, scheduler.clock(), System::nanoTime,
                config.auth().keyRefresh());
        AuthLimiter limiter = new AuthLimiter(config.auth().failuresPerMinute(), System::nanoTime);
        AuthFilter auth = new AuthFilter(scheduler, keys, limiter, config.protectReads());
        metrics.authentication(limiter);
        AtomicLong errorIds = new AtomicLong();
        HealthObserver health = HealthObserver.builder()
                .details(true)
                .useSystemServices(false)
                .addCheck(() -> {
                    LeaderStatus l = scheduler.leaderStatus();
                    HealthCheckResponse.Builder b = HealthCheckResponse.builder()
                            .status(scheduler.state() != SchedulerState.STOPPED)
                            .detail("state", scheduler.state().name()).detail("role", l.role())
                            .detail("epoch", l.epoch()).detail("nodeId", l.nodeId());
                    l.leaderUrl().ifPresent(url -> b.detail("leaderUrl", url));
                    return b.build();
                }, HealthCheckType.LIVENESS, "scheduler")
                .addCheck(() -> readiness(scheduler), HealthCheckType.READINESS, "store")
                .build();
        ServerConfig.Limits limits = config.limits();
        ConnectionLog.install();
        ReadDeadlines deadlines = new ReadDeadlines(limits.readTimeout(), limits.idleTimeout(), System::nanoTime);
        WebServer server;
        try {
            server = WebServer.builder()
                    .host(config.host())
                    .port(config.port())
                    .maxPayloadSize(Math.max(config.maxBodyBytes() * HARD_LIMIT_FACTOR,
                            config.bundleApi().map(b -> b.maxJarBytes() * 2).orElse(0L)))
                    // connections over the bound wait in the accept backlog: memory stays bounded under a flood
                    .maxTcpConnections(limits.maxConnections())
                    .maxConcurrentRequests(limits.maxConcurrentRequests())
                    // closes connections without a request for this long (interrupting a wait for a first line)
                    .idleConnectionTimeout(limits.idleTimeout())
                    .idleConnectionPeriod(idleCheckPeriod(limits.idleTimeout()))
                    // TCP_NODELAY: Helidon writes a response's head and a body over its buffer separately, and
                    // with Nagle the body waited for the client's delayed ACK of the head (~40 ms per answer
                    // of a few tens of KB, e.g. a run's why page; small answers fit one write and never waited)
                    .connectionOptions(new AcceptedSockets(SocketOptions.builder().tcpNoDelay(true).build(),
                            deadlines::accepted))
                    .addProtocol(Http1Config.builder().addReceiveListener(deadlines).build())
                    .shutdownHook(false)
                    .addFeature(ObserveFeature.builder().endpoint("/").addObserver(health).build())
                    .routing(r -> routes(r, scheduler, config, times, metrics, keys, auth, errorIds))
                    .build()
                    .start();
        } catch (RuntimeException e) {
            deadlines.close();
            throw e;
        }
        LOG.log(Level.INFO, "ppacer API listening on http://{0}:{1,number,#} ({2}; {3})", config.host(), server.port(),
                token.required() ? "bearer token required" : keys.required() ? "API keys required" : "no key needed", limits);
        return new ApiServer(server, config.host(), deadlines);
    }

    /** A quarter of the idle timeout, at least 5 ms and at most 30 s: connections close within 1.25 x the timeout. */
    static Duration idleCheckPeriod(Duration idleTimeout) {
        return Duration.ofMillis(Math.clamp(idleTimeout.toMillis() / 4, 5, 30_000));
    }

    /**
     * The store's check, whatever this scheduler's role: UP when the scheduler leads or stands by, the
     * store answers a read and accepts writes: the latest write failing for a reason of the store (full
     * disk, I/O error, ...) makes it DOWN, with the store's error, until a write (or the store's own
     * probe write) succeeds again. A standby is healthy: its role is in the scheduler check.
     */
    private static HealthCheckResponse readiness(Scheduler scheduler) {
        boolean running = scheduler.state() == SchedulerState.RUNNING || scheduler.state() == SchedulerState.STANDBY;
        try {
            scheduler.store().dags().find("__ppacer_readiness_probe__");
            WriteHealth writes = scheduler.store().writeHealth();
            HealthCheckResponse.Builder b = HealthCheckResponse.builder().status(running && writes.accepting())
                    .detail("state", scheduler.state().name()).detail("store", scheduler.store().describe())
                    .detail("writes", writes.accepting() ? "accepting" : "failing");
            if (writes instanceof WriteHealth.Failing f) {
                b.detail("consecutiveFailures", f.consecutiveFailures()).detail("error", f.error());
            }
            return b.build();
        } catch (StoreException e) {
            return HealthCheckResponse.builder().status(false).detail("store", scheduler.store().describe())
                    .detail("error", e.getMessage()).build();
        }
    }

    private static void routes(HttpRouting.Builder r, Scheduler scheduler, ServerConfig config, Times times,
                               ApiMetrics metrics, ApiKeys keys, AuthFilter auth,
                               AtomicLong errorIds) {
        r.addFilter((chain, req, res) -> {
            boolean mutating = req.prologue().method() != Method.GET && req.prologue().method() != Method.HEAD;
            String path = req.path().path();
            boolean executor = path.startsWith("/dag/task/");
            boolean open = path.startsWith("/health") || (!mutating && WebUi.isAsset(path));
            if (!open && (mutating || executor) && scheduler.state() == SchedulerState.STANDBY) {
                // a standby hands out nothing and writes nothing: send callers to the leader
                LeaderStatus l = scheduler.leaderStatus();
                JsonAnswers.json(res, 503, NotLeaderBody.of(l.leaderUrl().orElse(null), l.leaderId().orElse(null), l.epoch()));
                return;
            }
            auth.filter(chain, req, res);
        });
        endpoints(r, scheduler, config, times, metrics, keys, auth);
        r.any((req, res) -> {
            if (req.path().path().startsWith("/health")) {
                res.next(); // served by the health observer, routed after this fallback
                return;
            }
            JsonAnswers.json(res, 404, new ErrorBody("No endpoint " + req.prologue().method().text() + " "
                    + HttpProblem.shown(req.path().path()) + "; see the API table in the README", null));
        });

        r.error(NotFoundException.class, (req, res, e) -> JsonAnswers.json(res, 404, new ErrorBody("No endpoint "
                + req.prologue().method().text() + " " + HttpProblem.shown(req.prologue().uriPath().path())
                + "; see the API table in the README", null)));
        r.error(HttpProblem.class, (req, res, e) -> JsonAnswers.json(res, e.status(), new ErrorBody(e.getMessage(), e.field())));
        r.error(UnknownIdException.class, (req, res, e) -> JsonAnswers.json(res, 404, new ErrorBody(e.getMessage(), null)));
        r.error(InvalidInputException.class, (req, res, e) -> JsonAnswers.json(res, 400, new ErrorBody(e.getMessage(),
                e.field().orElse(null))));
        r.error(NotLeaderException.class, (req, res, e) -> JsonAnswers.json(res, 503, NotLeaderBody.of(e.leaderUrl().orElse(null),
                scheduler.leaderStatus().leaderId().orElse(null), scheduler.leaderStatus().epoch())));
        r.error(StaleEpochException.class, (req, res, e) -> {
            LOG.log(Level.WARNING, "Stale write refused on " + req.prologue().method().text() + " " + req.path().path()
                    + ": " + e.getMessage());
            JsonAnswers.json(res, 503, NotLeaderBody.of(scheduler.leaderStatus().leaderUrl().orElse(null),
                    scheduler.leaderStatus().leaderId().orElse(null), e.currentEpoch()));
        });
        r.error(InvalidStateException.class, (req, res, e) -> JsonAnswers.json(res, 409, new ErrorBody(e.getMessage(), null)));
        r.error(SchedulerException.class, (req, res, e) -> JsonAnswers.json(res, 409, new ErrorBody(e.getMessage(), null)));
        r.error(DuplicateKeyException.class, (req, res, e) -> JsonAnswers.json(res, 409, new ErrorBody(e.getMessage(), null)));
        r.error(StoreException.class, (req, res, e) -> {
            LOG.log(Level.WARNING, "Store failure on " + req.prologue().method().text() + " " + req.path().path(), e);
            JsonAnswers.json(res, 503, new ErrorBody("The store is unavailable: " + e.getMessage(), null));
        });
        r.error(Exception.class, (req, res, e) -> internalError(req, res, e, errorIds.incrementAndGet()));
    }

    /**
     * Registers every endpoint (not the filter, the fallback or the error mapping): {@link AuthFilter}
     * says what each needs, and the role matrix test lists them from here.
     */
    static void endpoints(HttpRules r, Scheduler scheduler, ServerConfig config, Times times, ApiMetrics metrics,
                          ApiKeys keys, AuthFilter auth) {
        r.register("/dag/task", new TaskRoutes(scheduler, times, config.maxBodyBytes(), config.maxWait()));
        r.register("/dag/run", new RunRoutes(scheduler, times, config.maxBodyBytes()));
        RunReads reads = new RunReads(scheduler);
        BackfillRoutes backfills = new BackfillRoutes(scheduler, times, config.maxBodyBytes());
        r.register("/dags", new DagRoutes(scheduler, times, reads, backfills,
                new BatchTriggerRoute(scheduler, config.maxBodyBytes())));
        r.register("/backfills", backfills);
        r.register("/dagruns", new DagRunRoutes(scheduler, times, reads));
        r.register("/ui/dagrun", new UiRoutes(scheduler, times, reads));
        r.register(new WebUi());
        r.get("/state", (req, res) -> JsonAnswers.ok(res, state(scheduler)));
        r.get("/executors", (req, res) -> JsonAnswers.ok(res, executors(scheduler, times)));
        r.register("/pools", new PoolRoutes(scheduler, config.maxBodyBytes()));
        r.register("/assets", new AssetRoutes(scheduler, config.maxBodyBytes()));
        r.register("/audit", new AuditRoutes(scheduler, times));
        r.register("/maintenance", new MaintenanceRoutes(scheduler, config.maxBodyBytes()));
        r.register("/tokens", new TokenRoutes(keys, times, config.maxBodyBytes()));
        r.register("/bundles", new BundleRoutes(scheduler, times, config.bundleApi()));
        r.get("/whoami", (req, res) -> JsonAnswers.ok(res, auth.whoami(Principals.of(req))));
        r.get("/metrics", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            res.send(metrics.render());
        });
    }

    /** The answer of {@code GET /state}: life-cycle state, role, epoch and who leads. */
    private static StateView state(Scheduler scheduler) {
        LeaderStatus l = scheduler.leaderStatus();
        return new StateView(scheduler.state().name(), l.role(), l.epoch(), l.nodeId(), l.leaderId().orElse(null),
                l.leaderUrl().orElse(null), l.takeovers());
    }

    private static void internalError(ServerRequest req, ServerResponse res, Exception e, long id) {
        LOG.log(Level.ERROR, "Internal error #" + id + " on " + req.prologue().method().text() + " " + req.path().path(), e);
        JsonAnswers.json(res, 500, new ErrorBody("Internal error #" + id + "; see the scheduler log", null));
    }

    /** @return the bound port */
    public int port() {
        return server.port();
    }

    /** @return the base URI */
    public URI uri() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            deadlines.close();
        }
    }

    /** {@code GET /executors}: the executors the scheduler is in touch with. */
    static ExecutorsView executors(Scheduler scheduler, Times times) {
        return new ExecutorsView(scheduler.leaderStatus().leader(), ExecutorPresence.GONE_AFTER_SECONDS,
                scheduler.executors().stream().map(e -> new ExecutorsView.Executor(e.executorId(),
                        e.polling() ? "polling" : e.gone() ? "gone" : "active", times.format(e.firstContact()),
                        times.format(e.lastContact()), e.running(), e.address().orElse(null), e.version().orElse(null)))
                        .toList());
    }
}
