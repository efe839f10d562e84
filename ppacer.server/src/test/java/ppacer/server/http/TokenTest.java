package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.testkit.Tasks;

class TokenTest {
    @TempDir
    Path dir;

    private DagRegistry registry() {
        return DagRegistry.of(Dag.builder("d").root(Node.of(new Tasks().ok("t"))).build());
    }

    @Test
    void mutating_and_executor_calls_need_the_token_reads_do_not() {
        try (ApiHarness api = new ApiHarness(dir, registry(), Optional.of("s3cret"), false)) {
            ApiHarness.Answer none = api.post("/dag/run/trigger", "{\"dagId\":\"d\"}");
            assertEquals(401, none.status());
            assertEquals("Authorization", none.field());
            assertEquals(401, api.post("/dag/run/trigger", "{\"dagId\":\"d\"}", "wrong").status());
            assertEquals(401, api.get("/dag/task/pop").status());
            assertEquals(200, api.get("/state").status());
            assertEquals(200, api.get("/health").status());
            assertEquals(200, api.post("/dag/run/trigger", "{\"dagId\":\"d\"}", "s3cret").status());
            assertEquals(200, api.get("/dag/task/pop?waitMs=5000", "s3cret").status());
        }
    }

    @Test
    void reads_can_be_protected_too() {
        try (ApiHarness api = new ApiHarness(dir, registry(), Optional.of("s3cret"), true)) {
            assertEquals(401, api.get("/dags").status());
            assertEquals(401, api.get("/metrics").status());
            assertEquals(200, api.get("/dags", "s3cret").status());
            assertEquals(200, api.get("/health").status());
        }
    }
}
