package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.testkit.Tasks;

/**
 * The web UI's files (read from the module's {@code ppacer-ui/} resources on the module path) and the
 * read-only endpoints only the UI uses: the runs grid and the executors seen.
 */
class WebUiTest {
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private ApiHarness api;

    private void start(Optional<String> token, boolean protectReads) {
        Node a = Node.of(tasks.ok("a"));
        a.then(Node.of(tasks.ok("b")));
        api = new ApiHarness(dir, DagRegistry.of(Dag.builder("chain").root(a).build()), token, protectReads);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String contentType(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(api.uri(path)).build(), HttpResponse.BodyHandlers.discarding())
                    .headers().firstValue("Content-Type").orElse("");
        }
    }

    @Test
    void index_and_assets_are_served_from_the_module_resources() throws Exception {
        start(Optional.empty(), false);
        ApiHarness.Answer index = api.get("/");
        assertEquals(200, index.status(), index.body());
        assertTrue(index.body().contains("<title>ppacer</title>"), index.body());
        assertTrue(index.body().contains("/ui/assets/js/app.js"), "index loads the app module");
        assertEquals(index.body(), api.get("/ui/").body());
        assertEquals(index.body(), api.get("/ui").body());

        ApiHarness.Answer js = api.get("/ui/assets/js/app.js");
        assertEquals(200, js.status());
        assertTrue(js.body().contains("import"), "an ES module");
        assertEquals("text/javascript; charset=utf-8", contentType("/ui/assets/js/app.js"));
        assertEquals("text/html; charset=utf-8", contentType("/"));
        assertEquals(200, api.get("/ui/assets/css/app.css").status());
    }

    @Test
    void unknown_and_hostile_asset_paths_get_404_in_json() {
        start(Optional.empty(), false);
        for (String p : new String[] {"/ui/assets/js/nope.js", "/ui/assets/../ppacer-ui/index.html",
                "/ui/assets/%2e%2e/module-info.class", "/ui/assets/js/app.exe", "/ui/assets/.hidden.js",
                "/ui/assets/"}) {
            ApiHarness.Answer r = api.get(p);
            assertEquals(404, r.status(), p + ": " + r.body());
            assertTrue(r.body().contains("\"error\""), p + ": " + r.body());
        }
    }

    @Test
    void ui_files_need_no_token_while_protected_reads_do() {
        start(Optional.of("s3cret"), true);
        assertEquals(200, api.get("/").status());
        assertEquals(200, api.get("/ui/assets/js/api.js").status());
        assertEquals(401, api.get("/dags").status());
        assertEquals(401, api.post("/", "{}").status(), "only reads of the UI files are open");
        assertEquals(200, api.get("/dags", "s3cret").status());
    }

    @Test
    void runs_grid_lists_each_tasks_latest_attempt_and_stats_list_the_executors_seen() {
        start(Optional.empty(), false);
        long first = api.post("/dag/run/trigger", "{\"dagId\":\"chain\"}").json().get("runId").asLong();
        long second = api.post("/dag/run/trigger", "{\"dagId\":\"chain\"}").json().get("runId").asLong();
        ApiHarness.Answer pop = api.get("/dag/task/pop?waitMs=5000&executorId=grid-exec");
        assertEquals(200, pop.status(), pop.body());
        long popped = pop.json().get("runId").asLong();

        ApiHarness.Answer grid = api.get("/dags/chain/runs?limit=5");
        assertEquals(200, grid.status(), grid.body());
        assertEquals(2, grid.json().size());
        assertEquals(second, grid.json().get(0).get("runId").asLong(), "newest first");
        JsonNode run = grid.json().get(popped == second ? 0 : 1);
        assertEquals("RUNNING", run.get("tasks").get("a").get("status").asText(), run.toString());
        assertEquals(0, run.get("tasks").get("a").get("retry").asInt());
        assertTrue(run.get("execTs").has("timezone"));

        ApiHarness.Answer page = api.get("/dags/chain/runs?limit=5&before=" + second);
        assertEquals(1, page.json().size());
        assertEquals(first, page.json().get(0).get("runId").asLong());
        assertEquals(400, api.get("/dags/chain/runs?limit=0").status());
        assertEquals(400, api.get("/dags/chain/runs?before=x").status());
        assertEquals(404, api.get("/dags/nope/runs").status());

        JsonNode executors = api.get("/ui/dagrun/stats").json().get("executors");
        assertEquals(1, executors.size(), executors.toString());
        assertEquals("grid-exec", executors.get(0).get("executorId").asText());
        assertEquals(1, executors.get(0).get("runningAttempts").asInt());
        assertTrue(executors.get(0).get("lastSeen").has("toDisplay"));
    }
}
