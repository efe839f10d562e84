package ppacer.exec.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import ppacer.api.TaskOutput;
import ppacer.api.protocol.DagRunRestartInput;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.DagRunTriggerInput;
import ppacer.api.protocol.DagRunTriggered;
import ppacer.api.protocol.ErrorBody;
import ppacer.api.protocol.Heartbeat;
import ppacer.api.protocol.HeartbeatAck;
import ppacer.api.protocol.OutputAnswer;
import ppacer.api.protocol.ReportVerdict;
import ppacer.api.protocol.StateView;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskStatusBatch;
import ppacer.api.protocol.TaskStatusBatchAnswer;
import ppacer.api.protocol.TaskToExec;
import ppacer.exec.wire.WireJson;

/**
 * Client of the scheduler's HTTP API on {@code java.net.http}. Thread-safe; one instance per
 * scheduler. Every failure is a {@link SchedulerClientException} whose {@link
 * SchedulerClientException#isTransient()} tells whether to retry. The bearer token is sent on every
 * call and never appears in messages.
 */
public final class SchedulerClient {
    private static final JavaType TASKS = WireJson.mapper().getTypeFactory().constructCollectionType(List.class,
            TaskToExec.class);
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** An SSL context without keys or trusted certificates, for clients of {@code http://} URLs only. */
    private static final java.util.function.Supplier<SSLContext> PLAIN_HTTP = () -> {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new KeyManager[0], new TrustManager[0], null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No TLS implementation in this runtime", e);
        }
    };

    /** This build's version, sent with every request ({@link ppacer.api.protocol.ExecutorVersion}). */
    private static final String VERSION = ppacer.api.protocol.ExecutorVersion.current();
    private final URI base;
    private final Optional<String> token;
    private final Optional<String> actor;
    private final Duration requestTimeout;
    private final HttpClient http;

    private SchedulerClient(URI base, Optional<String> token, Optional<String> actor, Duration requestTimeout) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = Objects.requireNonNull(token, "token");
        this.actor = Objects.requireNonNull(actor, "actor");
        this.requestTimeout = requestTimeout;
        // connecting never takes longer than a request may: a short request timeout means a short connect timeout
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? requestTimeout : MAX_CONNECT_TIMEOUT);
        if ("http".equalsIgnoreCase(base.getScheme())) {
            // the default SSL context loads the trusted certificates (a third of a CLI call): plain HTTP needs none
            b.sslContext(PLAIN_HTTP.get());
        }
        this.http = b.build();
    }

    /**
     * A client of the scheduler at {@code base}.
     *
     * @param base e.g. {@code http://127.0.0.1:9321}
     * @param token the bearer token, when the scheduler requires one
     * @param requestTimeout timeout of one request (long polls add their wait); connecting times out
     *        after this too, or after 5 s when it is longer
     * @return the client
     */
    public static SchedulerClient create(URI base, Optional<String> token, Duration requestTimeout) {
        return new SchedulerClient(base, token, Optional.empty(), requestTimeout);
    }

    /**
     * A client of the scheduler at {@code base} that names its user in every request
     * ({@link ppacer.api.protocol.AuditView#ACTOR_HEADER}), for the audit log.
     *
     * @param base e.g. {@code http://127.0.0.1:9321}
     * @param token the bearer token, when the scheduler requires one
     * @param requestTimeout timeout of one request
     * @param actor the user name claimed, if any
     * @return the client
     */
    public static SchedulerClient create(URI base, Optional<String> token, Duration requestTimeout, Optional<String> actor) {
        return new SchedulerClient(base, token, actor, requestTimeout);
    }

    /** @return the scheduler's base URI */
    public URI base() {
        return base;
    }

    /**
     * Takes up to {@code max} task attempts, waiting up to {@code wait} for one to become ready.
     *
     * @param executorId this executor's id
     * @param wait how long the scheduler may hold the request when nothing is ready (≤ 30 s)
     * @param max how many attempts at most
     * @return the attempts, empty when none became ready in time
     */
    public List<TaskToExec> pop(String executorId, Duration wait, int max) {
        String path = "/dag/task/pop?waitMs=" + wait.toMillis() + "&max=" + max + "&executorId=" + enc(executorId);
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET(), wait);
        return r.statusCode() == 204 ? List.of() : read(r, TASKS);
    }

    /**
     * Reports an attempt's outcome.
     *
     * @param status the report
     * @throws SchedulerClientException with status 409 when the attempt is no longer current
     */
    public void update(DagRunTaskStatus status) {
        send(post("/dag/task/update", status), Duration.ZERO);
    }

    /**
     * Reports an attempt's outcome and takes further attempts in one round trip.
     *
     * @param status the report
     * @param executorId this executor's id
     * @param wait how long to wait for a new attempt
     * @param max how many attempts at most (0 to take none)
     * @return the new attempts
     */
    public List<TaskToExec> updateAndPop(DagRunTaskStatus status, String executorId, Duration wait, int max) {
        String path = "/dag/task/update-and-pop?waitMs=" + wait.toMillis() + "&max=" + max + "&executorId="
                + enc(executorId);
        HttpResponse<String> r = send(post(path, status), wait);
        return r.statusCode() == 204 ? List.of() : read(r, TASKS);
    }

    /**
     * Sends several reports and takes up to {@code max} attempts without waiting, in one round trip
     * ({@code POST /dag/task/update-many-and-pop}). Each report is answered on its own.
     *
     * @param statuses the reports (1 to 256)
     * @param executorId the executor
     * @param max how many attempts to take (0 for none)
     * @return per report its refusal, and the attempts taken
     * @throws SchedulerClientException when the exchange as a whole failed (then whether any report
     *         applied is unknown: sending them again is safe, a repeated report is refused 409)
     */
    public ReportsAnswer updateManyAndPop(List<DagRunTaskStatus> statuses, String executorId, int max) {
        String path = "/dag/task/update-many-and-pop?max=" + max + "&executorId=" + enc(executorId);
        HttpResponse<String> r = send(post(path, new TaskStatusBatch(statuses)), Duration.ZERO);
        String what = "POST /dag/task/update-many-and-pop";
        TaskStatusBatchAnswer answer;
        try {
            answer = WireJson.mapper().readValue(r.body(), TaskStatusBatchAnswer.class);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new SchedulerClientException(what + " answered " + r.statusCode() + " with a body that is not the"
                    + " expected {results, tasks}: " + e.getMessage(), r.statusCode(), null, e);
        }
        if (answer.results().size() != statuses.size()) {
            throw new SchedulerClientException(what + " answered " + answer.results().size() + " results for "
                    + statuses.size() + " reports", r.statusCode(), null, null);
        }
        List<Optional<SchedulerClientException>> refusals = new ArrayList<>(statuses.size());
        for (ReportVerdict v : answer.results()) {
            refusals.add(v.accepted() ? Optional.empty() : Optional.of(new SchedulerClientException(what
                    + " refused a report with " + v.status() + ": " + (v.error() == null ? "" : v.error()), v.status(),
                    v.field(), null)));
        }
        return new ReportsAnswer(refusals, answer.tasks());
    }

    /**
     * Extends an attempt's lease.
     *
     * @param heartbeat the attempt and its token
     * @return the new lease end
     */
    public HeartbeatAck heartbeat(Heartbeat heartbeat) {
        return read(send(post("/dag/task/heartbeat", heartbeat), Duration.ZERO),
                WireJson.mapper().constructType(HeartbeatAck.class));
    }

    /**
     * Ships task log records.
     *
     * @param batch records of one attempt
     */
    public void sendLogs(TaskLogBatch batch) {
        send(post("/dag/task/logs", batch), Duration.ZERO);
    }

    /**
     * Starts a run of a DAG now.
     *
     * @param dagId the DAG
     * @param params run parameters (may be empty)
     * @return the new run
     */
    public DagRunTriggered trigger(String dagId, Map<String, Object> params) {
        return read(send(post("/dag/run/trigger", new DagRunTriggerInput(dagId, params)), Duration.ZERO),
                WireJson.mapper().constructType(DagRunTriggered.class));
    }

    /**
     * Restarts a FAILED run.
     *
     * @param runId the run
     */
    public void restart(long runId) {
        send(post("/dag/run/restart", new DagRunRestartInput(null, null, runId)), Duration.ZERO);
    }

    /** @return the scheduler's state */
    public StateView state() {
        return read(send(HttpRequest.newBuilder(uri("/state")).GET(), Duration.ZERO),
                WireJson.mapper().constructType(StateView.class));
    }

    /**
     * The output a task stored in the latest earlier run of its DAG that stored one.
     *
     * @param dagId the DAG
     * @param taskId the task
     * @param before only runs whose logical time is before this
     * @return the output, or empty when none
     */
    public Optional<TaskOutput> previousOutput(String dagId, String taskId, Instant before) {
        String path = "/dag/task/previous-output?dagId=" + enc(dagId) + "&taskId=" + enc(taskId) + "&before="
                + enc(before.toString());
        OutputAnswer answer = read(send(HttpRequest.newBuilder(uri(path)).GET(), Duration.ZERO),
                WireJson.mapper().constructType(OutputAnswer.class));
        return answer.output() == null ? Optional.empty() : Optional.of(answer.output().toOutput());
    }

    /**
     * The status of a DAG's run at a logical time.
     *
     * @param dagId the DAG
     * @param logicalTime the run's logical time
     * @return its status, empty when there is no such run
     */
    public Optional<ppacer.api.DagRunStatus> dagRunStatus(String dagId, Instant logicalTime) {
        String path = "/dag/task/run-status?dagId=" + enc(dagId) + "&logicalTime=" + enc(logicalTime.toString());
        ppacer.api.protocol.RunStatusAnswer answer = read(send(HttpRequest.newBuilder(uri(path)).GET(), Duration.ZERO),
                WireJson.mapper().constructType(ppacer.api.protocol.RunStatusAnswer.class));
        return answer.status() == null ? Optional.empty() : Optional.of(ppacer.api.DagRunStatus.valueOf(answer.status()));
    }

    /**
     * A GET of any API path, answered as JSON text (for the command line and tests).
     *
     * @param path e.g. {@code /ui/dagrun/latest/10}
     * @return the body
     */
    public String getJson(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), Duration.ZERO).body();
    }

    /**
     * A POST of a JSON body to any API path (for the command line and tests).
     *
     * @param path e.g. {@code /dags/etl/pause}
     * @param body the body, serialised to JSON
     * @return the answer's body
     */
    public String postJson(String path, Object body) {
        return send(post(path, body), Duration.ZERO).body();
    }

    /**
     * A PUT of a JSON body to any API path (for the command line and tests).
     *
     * @param path e.g. {@code /pools/warehouse}
     * @param body the body, serialised to JSON
     * @return the answer's body
     */
    public String putJson(String path, Object body) {
        HttpRequest.Builder b = post(path, body);
        return send(b.method("PUT", b.build().bodyPublisher().orElseThrow()), Duration.ZERO).body();
    }

    /**
     * A POST of raw bytes (a DAG bundle jar) to any API path.
     *
     * @param path e.g. {@code /bundles?name=my-dags}
     * @param body the bytes
     * @param contentType their media type, e.g. {@code application/java-archive}
     * @return the answer's body
     * @throws SchedulerClientException on a failed call or a 4xx/5xx answer, naming the scheduler's error
     */
    public String postBytes(String path, byte[] body, String contentType) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), Duration.ZERO).body();
    }

    /**
     * A DELETE of any API path (for the command line and tests).
     *
     * @param path e.g. {@code /pools/warehouse}
     * @return the answer's body
     */
    public String deleteJson(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), Duration.ZERO).body();
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder post(String path, Object body) {
        try {
            return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.mapper().writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new SchedulerClientException("Cannot serialise " + body.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), 0, null, e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, Duration extraWait) {
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        actor.ifPresent(a -> builder.header(ppacer.api.protocol.AuditView.ACTOR_HEADER, a));
        builder.header(ppacer.api.protocol.ExecutorVersion.HEADER, VERSION);
        HttpRequest request = builder.timeout(requestTimeout.plus(extraWait)).build();
        String what = request.method() + " " + request.uri().getPath();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new SchedulerClientException(what + ": scheduler at " + base + " is not reachable (connection refused)",
                    0, null, e);
        } catch (IOException e) {
            throw new SchedulerClientException(what + ": scheduler at " + base + " did not answer: " + e, 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerClientException(what + ": interrupted", 0, null, e);
        }
        int status = response.statusCode();
        if (status >= 400) {
            String error = response.body();
            String field = null;
            String leader = null;
            try {
                ErrorBody body = WireJson.mapper().readValue(response.body(), ErrorBody.class);
                if (body.error() != null) {
                    error = body.error();
                    field = body.field();
                }
                if (status == 503) { // a standby names the leader: {"error": "not the leader", "leader": url}
                    var node = WireJson.mapper().readTree(response.body()).get("leader");
                    leader = node != null && node.isTextual() ? node.textValue() : null;
                }
            } catch (IOException | RuntimeException notJson) {
                // keep the raw body as the error text
            }
            throw new SchedulerClientException(what + " answered " + status + " by " + base + ": " + error, status, field,
                    leader, null);
        }
        return response;
    }

    private static <T> T read(HttpResponse<String> response, JavaType type) {
        try {
            return WireJson.mapper().readValue(response.body(), type);
        } catch (IOException e) {
            throw new SchedulerClientException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + " with a body that is not " + type.getTypeName() + ": "
                    + e.getMessage(), response.statusCode(), null, e);
        }
    }
}
