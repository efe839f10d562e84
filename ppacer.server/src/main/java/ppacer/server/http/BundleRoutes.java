package ppacer.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import ppacer.api.Ids;
import ppacer.api.protocol.BundlesView;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditTarget;
import ppacer.api.spi.BundleRunCount;
import ppacer.api.spi.BundleStore;
import ppacer.api.spi.BundleVersionRecord;
import ppacer.api.spi.DagRunRecord;
import ppacer.exec.bundle.BundleDeployer;
import ppacer.exec.bundle.BundleException;
import ppacer.exec.bundle.BundleHash;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.Actor;
import ppacer.server.ServerConfig;

/**
 * DAG bundles under {@code /bundles}: the versions deployed with their runs ({@code GET}, a read);
 * a deploy ({@code POST /bundles?name=NAME}, the jar as the body, admin): 201 with the new active
 * version, 200 when that content is already the bundle's active version, 422 naming the bundle and
 * the cause when it is refused (nothing stored), 413 above the jar limit; a version's jar by hash
 * ({@code GET /bundles/{hash}}, the executor API: executor and admin keys), with its SHA-256 in
 * {@value #SHA256_HEADER}; and an undeploy ({@code DELETE /bundles/{name}}, admin). Deploys and
 * undeploys that change something write one audit row ({@code bundle.deploy},
 * {@code bundle.undeploy}) in the transaction of their store change. A scheduler started without a
 * deployer lists what its store has and answers the others 404.
 */
final class BundleRoutes implements HttpService {
    /** The response header carrying a served jar's SHA-256 (lower-case hex). */
    static final String SHA256_HEADER = "X-Ppacer-Bundle-Sha256";
    /** The media type of a jar. */
    static final String JAR_TYPE = "application/java-archive";

    private final Scheduler scheduler;
    private final Times times;
    private final Optional<ServerConfig.BundleApi> api;

    BundleRoutes(Scheduler scheduler, Times times, Optional<ServerConfig.BundleApi> api) {
        this.scheduler = scheduler;
        this.times = times;
        this.api = api;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> JsonAnswers.ok(res, view()))
                .post("/", this::deploy)
                .get("/{hash}", this::jar)
                .delete("/{name}", this::undeploy);
    }

    private BundlesView view() {
        BundleStore store = scheduler.store().bundles();
        Map<String, BundleRunCount> counts = counts();
        Map<String, List<Long>> unfinished = unfinishedRuns();
        return new BundlesView(api.isPresent(), store.list().stream().map(v -> version(v, counts, unfinished)).toList());
    }

    private Map<String, BundleRunCount> counts() {
        return scheduler.store().bundles().runCounts().stream()
                .collect(Collectors.toMap(BundleRunCount::hash, Function.identity()));
    }

    /** The unfinished runs' ids by the bundle version they run on, oldest first. */
    private Map<String, List<Long>> unfinishedRuns() {
        return scheduler.store().dagRuns().unfinished().stream().filter(r -> r.bundleHash().isPresent())
                .sorted(java.util.Comparator.comparingLong(DagRunRecord::runId))
                .collect(Collectors.groupingBy(r -> r.bundleHash().get(),
                        Collectors.mapping(DagRunRecord::runId, Collectors.toList())));
    }

    private BundlesView.Version version(BundleVersionRecord v, Map<String, BundleRunCount> counts,
                                        Map<String, List<Long>> unfinished) {
        BundleRunCount c = counts.getOrDefault(v.hash(), new BundleRunCount(v.hash(), 0, 0));
        return new BundlesView.Version(v.bundle(), v.version(), v.hash(), times.format(v.deployedAt()), v.deployedBy(),
                v.dagIds(), v.active(), c.unfinished(), c.total(), unfinished.getOrDefault(v.hash(), List.of()));
    }

    private BundlesView.Version version(BundleVersionRecord v) {
        return version(v, counts(), unfinishedRuns());
    }

    private ServerConfig.BundleApi api() {
        return api.orElseThrow(() -> HttpProblem.notFound("This scheduler takes no DAG bundle deploys and serves no"
                + " bundle jars (it was started without a bundle folder)"));
    }

    private void deploy(ServerRequest req, ServerResponse res) {
        ServerConfig.BundleApi bundles = api();
        String name = RequestParams.query(req, "name").orElseThrow(() -> HttpProblem.badRequest("name",
                "Query parameter 'name' is required: the bundle's name, e.g. POST /bundles?name=my-dags"));
        if (!Ids.isValid(name)) {
            throw HttpProblem.badRequest("name", "Bundle name '" + HttpProblem.shown(name) + "' is invalid; expected "
                    + Ids.PATTERN.pattern());
        }
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("");
        if (!type.isEmpty() && !type.equals(JAR_TYPE) && !type.equals("application/octet-stream")) {
            throw new HttpProblem(415, null, "Content-Type '" + HttpProblem.shown(type) + "' is not a jar; send the jar's"
                    + " bytes as " + JAR_TYPE + " or application/octet-stream");
        }
        byte[] jar = JsonBody.readLimited(req, bundles.maxJarBytes());
        if (jar.length == 0) {
            throw HttpProblem.badRequest(null, "Bundle '" + name + "' refused: the request has no body; send the jar's bytes");
        }
        BundleDeployer deployer = bundles.deployer();
        String hash = BundleHash.of(jar).hex();
        Optional<BundleVersionRecord> same = deployer.store().active().stream()
                .filter(v -> v.bundle().equals(name) && v.hash().equals(hash)).findFirst();
        boolean served = deployer.bundles().active().stream()
                .anyMatch(b -> b.name().equals(name) && b.hash().hex().equals(hash));
        if (same.isPresent() && served) {
            JsonAnswers.ok(res, version(same.get()));
            return;
        }
        Actor actor = Actors.of(req);
        BundleDeployer.Deployed d;
        try {
            d = deployer.deploy(name, jar, actor.name(), Optional.of(entry(actor, "bundle.deploy")));
        } catch (BundleException e) {
            throw new HttpProblem(422, null, e.getMessage());
        }
        JsonAnswers.json(res, 201, version(d.row()));
    }

    private AuditEntry entry(Actor actor, String action) {
        Instant now = scheduler.clock().instant();
        return actor.entry(now, action, new AuditTarget(Optional.empty(), OptionalLong.empty(), Optional.empty(),
                OptionalInt.empty(), OptionalLong.empty(), Optional.empty()), Optional.empty(), Optional.empty());
    }

    private void jar(ServerRequest req, ServerResponse res) {
        String given = RequestParams.pathParam(req, "hash");
        BundleHash hash;
        try {
            hash = new BundleHash(given);
        } catch (BundleException e) {
            throw HttpProblem.badRequest("hash", "Bundle hash '" + HttpProblem.shown(given)
                    + "' is not a SHA-256 in lower-case hex (64 digits 0-9a-f)");
        }
        Path file = api().deployer().jar(hash).orElseThrow(() -> HttpProblem.notFound("Unknown bundle version " + hash
                + "; GET /bundles lists the versions"));
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw HttpProblem.notFound("Unknown bundle version " + hash + "; GET /bundles lists the versions");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bundle " + file + ": " + e.getMessage(), e);
        }
        // the header names the hash asked for (the jar's name in the content folder): the executor
        // checks the bytes against it, so a jar altered on disk is refused there
        res.header(HeaderNames.CONTENT_TYPE, JAR_TYPE);
        res.header(SHA256_HEADER, hash.hex());
        res.header(HeaderNames.CONTENT_LENGTH, Long.toString(size));
        try (InputStream in = Files.newInputStream(file); OutputStream out = res.outputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot send bundle " + file + ": " + e.getMessage(), e);
        }
    }

    private void undeploy(ServerRequest req, ServerResponse res) {
        ServerConfig.BundleApi bundles = api();
        String name = RequestParams.pathParam(req, "name");
        List<BundleVersionRecord> versions = Ids.isValid(name) ? bundles.deployer().store().list().stream()
                .filter(v -> v.bundle().equals(name)).toList() : List.of();
        if (versions.isEmpty()) {
            throw HttpProblem.notFound("Unknown bundle '" + HttpProblem.shown(name) + "'; known bundles: "
                    + bundles.deployer().store().list().stream().map(BundleVersionRecord::bundle).distinct().toList());
        }
        bundles.deployer().undeploy(name, Optional.of(entry(Actors.of(req), "bundle.undeploy")));
        JsonAnswers.ok(res, new BundlesView(true, bundles.deployer().store().list().stream()
                .filter(v -> v.bundle().equals(name)).map(this::version).toList()));
    }
}
